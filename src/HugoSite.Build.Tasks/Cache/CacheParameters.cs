using System;
using System.Globalization;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Cache.Remote;
using HugoSite.Build.Tasks.Compat;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// The parameters HugoCacheCheck and HugoCacheStore share, declared once (each task's parameters derive from this
    /// class), their task plumbing, and the reading of the cache's properties that every cache task does alike: a
    /// malformed value is a coded error before any work.
    /// </summary>
    public abstract class CacheParameters : ITask, ICancelableTask
    {
        public const long DefaultMaxSizeMb = 1024;

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        public IBuildEngine? BuildEngine { get; set; }

        public ITaskHost? HostObject { get; set; }

        /// <summary>obj/hugo/: holds the fingerprint state and the restore's scratch folders.</summary>
        [Required] public string IntermediateDirectory { get; set; } = string.Empty;
        /// <summary>public/: what a hit replaces and a store keeps.</summary>
        [Required] public string OutputDirectory { get; set; } = string.Empty;
        /// <summary>HugoCacheDir; empty = ~/.hugo-template-perf/cache.</summary>
        public string? CacheDirectory { get; set; }
        public bool IgnoreAlwaysRun { get; set; }
        /// <summary>auto | link | copy.</summary>
        public string? RestoreMode { get; set; }
        /// <summary>HugoRemoteCacheUrl: a Turborepo remote cache, asked on a local miss and sent each stored entry; empty = none.</summary>
        public string? RemoteUrl { get; set; }
        /// <summary>HugoRemoteCacheToken; empty = TURBO_TOKEN.</summary>
        public string? RemoteToken { get; set; }
        /// <summary>HugoRemoteCacheTeam; empty = TURBO_TEAM.</summary>
        public string? RemoteTeam { get; set; }
        /// <summary>HugoRemoteCacheReadOnly: never upload (pull-request builds); the check validates it too, so that a bad value fails before Hugo runs.</summary>
        public string? RemoteReadOnly { get; set; }
        public string? RemoteSignatureKey { get; set; }
        public string? RemoteTimeoutSeconds { get; set; }

        /// <summary>Cancelled when MSBuild cancels the task.</summary>
        private protected CancellationToken Cancellation => _cancel.Token;

        public void Cancel() => _cancel.Cancel();

        public abstract bool Execute();

        /// <summary>HugoCacheDir, or ~/.hugo-template-perf/cache when empty.</summary>
        internal static string ResolveRoot(string? configured) =>
            string.IsNullOrWhiteSpace(configured) ? BuildCache.DefaultRoot() : Path.GetFullPath(configured!.Trim());

        /// <summary>HugoCacheMaxSizeMb: a positive whole number of MiB, empty for the default; false with HSB5007 logged.</summary>
        internal static bool TryReadMaxBytes(TaskLoggingHelper log, string? value, out long bytes)
        {
            string text = (value ?? string.Empty).Trim();
            long mb = DefaultMaxSizeMb;
            bytes = 0;
            if (text.Length > 0 && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mb) || mb <= 0 || mb > long.MaxValue / (1024 * 1024)))
            {
                log.LogError(null, CacheCodes.InvalidMaxSize, null, null, 0, 0, 0, 0,
                    "HugoCacheMaxSizeMb is '{0}'; it must be a whole number of megabytes greater than 0. Fix the property or remove it (default {1}).", value, DefaultMaxSizeMb);
                return false;
            }

            bytes = mb * 1024 * 1024;
            return true;
        }

        /// <summary>
        /// HugoCacheRestoreMode: "link" (hard links, copy where impossible), "copy", or "auto"/empty: link on Linux and
        /// macOS, copy on Windows, where a read-only attribute is shared by every link and blocks deletes. False with
        /// HSB5008 logged for anything else.
        /// </summary>
        internal bool TryReadRestoreMode(TaskLoggingHelper log, out bool useLinks)
        {
            string mode = (RestoreMode ?? string.Empty).Trim();
            bool auto = mode.Length == 0 || mode.Equals("auto", StringComparison.OrdinalIgnoreCase);
            useLinks = auto ? !PathCompat.IsWindows : mode.Equals("link", StringComparison.OrdinalIgnoreCase);
            if (auto || useLinks || mode.Equals("copy", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            log.LogError(null, CacheCodes.InvalidRestoreMode, null, null, 0, 0, 0, 0, "HugoCacheRestoreMode is '{0}'; it must be auto, link or copy. Fix the property or remove it.", RestoreMode);
            return false;
        }

        /// <summary>
        /// The remote cache the properties describe, or null when HugoRemoteCacheUrl is empty. The token and the team
        /// fall back to TURBO_TOKEN and TURBO_TEAM, read here so that no MSBuild property ever holds them. False (with an
        /// error logged) when a value is malformed.
        /// </summary>
        internal bool TryCreateRemote(TaskLoggingHelper log, out RemoteCache? remote)
        {
            remote = null;
            if (!RemoteCacheSettings.TryParseUrl(RemoteUrl, out Uri? baseUrl))
            {
                log.LogError(null, RemoteCacheCodes.InvalidUrl, null, null, 0, 0, 0, 0,
                    "HugoRemoteCacheUrl '{0}' is not an absolute http or https URL. Set it to the server's base URL (for example https://vercel.com/api or http://cache.example:3000), or leave it empty to use no remote cache.",
                    RemoteUrl);
                return false;
            }

            if (!RemoteCacheSettings.TryParseTimeout(RemoteTimeoutSeconds, out TimeSpan timeout))
            {
                log.LogError(null, RemoteCacheCodes.InvalidTimeout, null, null, 0, 0, 0, 0,
                    "HugoRemoteCacheTimeoutSeconds '{0}' is not a whole number of seconds from 1 to 3600. Leave it empty for the default ({1}).",
                    RemoteTimeoutSeconds, RemoteCacheSettings.DefaultTimeoutSeconds);
                return false;
            }

            string flag = (RemoteReadOnly ?? string.Empty).Trim();
            bool readOnly = string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
            if (!readOnly && flag.Length > 0 && !string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
            {
                log.LogError(null, RemoteCacheCodes.InvalidReadOnly, null, null, 0, 0, 0, 0,
                    "HugoRemoteCacheReadOnly is '{0}'; it must be true or false. Fix the property or remove it (default false).", RemoteReadOnly);
                return false;
            }

            if (baseUrl != null)
            {
                remote = new RemoteCache(new RemoteCacheSettings
                {
                    BaseUrl = baseUrl,
                    Token = First(RemoteToken, Environment.GetEnvironmentVariable("TURBO_TOKEN")),
                    Team = First(RemoteTeam, Environment.GetEnvironmentVariable("TURBO_TEAM")),
                    ReadOnly = readOnly,
                    SignatureKey = string.IsNullOrEmpty(RemoteSignatureKey) ? null : RemoteSignatureKey,
                    Timeout = timeout,
                });
            }

            return true;
        }

        /// <summary>A remote problem as its coded warning.</summary>
        internal static void Warn(TaskLoggingHelper log, RemoteProblem? problem)
        {
            if (problem is not null)
            {
                log.LogWarning(null, problem.Code, null, null, 0, 0, 0, 0, "{0}", problem.Message);
            }
        }

        internal static string Ms(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

        private static string First(string? value, string? fallback) =>
            !string.IsNullOrWhiteSpace(value) ? value!.Trim() : (fallback ?? string.Empty).Trim();
    }
}
