using System;
using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>What the cache tasks share about the remote tier: reading its properties and logging its outcomes.</summary>
    internal static class RemoteCacheTask
    {
        /// <summary>
        /// The remote cache the properties describe, or null when HugoRemoteCacheUrl is empty. The token and the team
        /// fall back to TURBO_TOKEN and TURBO_TEAM, read here so that no MSBuild property ever holds them. False (with an
        /// error logged) when a value is malformed.
        /// </summary>
        public static bool TryCreate(TaskLoggingHelper log, string? url, string? token, string? team, string? readOnly, string? signatureKey, string? timeoutSeconds, out RemoteCache? remote)
        {
            remote = null;
            if (!RemoteCacheSettings.TryParseUrl(url, out Uri? baseUrl))
            {
                log.LogError(null, "HSB5300", null, null, 0, 0, 0, 0, RemoteCacheSettings.BadUrlMessage, url);
                return false;
            }

            if (!RemoteCacheSettings.TryParseTimeout(timeoutSeconds, out TimeSpan timeout))
            {
                log.LogError(null, "HSB5301", null, null, 0, 0, 0, 0, RemoteCacheSettings.BadTimeoutMessage, timeoutSeconds, RemoteCacheSettings.DefaultTimeoutSeconds);
                return false;
            }

            string flag = (readOnly ?? string.Empty).Trim();
            bool isReadOnly = string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
            if (!isReadOnly && flag.Length > 0 && !string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
            {
                log.LogError(null, "HSB5311", null, null, 0, 0, 0, 0, RemoteCacheSettings.BadReadOnlyMessage, readOnly);
                return false;
            }

            if (baseUrl == null)
            {
                return true;
            }

            remote = new RemoteCache(new RemoteCacheSettings
            {
                BaseUrl = baseUrl,
                Token = First(token, Environment.GetEnvironmentVariable("TURBO_TOKEN")),
                Team = First(team, Environment.GetEnvironmentVariable("TURBO_TEAM")),
                ReadOnly = isReadOnly,
                SignatureKey = string.IsNullOrEmpty(signatureKey) ? null : signatureKey,
                Timeout = timeout,
            });
            return true;
        }

        public static void Warn(TaskLoggingHelper log, RemoteProblem? problem)
        {
            if (problem != null)
            {
                log.LogWarning(null, problem.Code, null, null, 0, 0, 0, 0, "{0}", problem.Message);
            }
        }

        public static void Report(TaskLoggingHelper log, RemoteFetchResult? fetch, string fingerprint)
        {
            if (fetch == null)
            {
                return;
            }

            Warn(log, fetch.Problem);
            if (fetch.Hit)
            {
                log.LogMessage(MessageImportance.High, "Remote build cache hit {0}: downloaded {1} in {2} ms.",
                    fingerprint, Analysis.Format.Size(fetch.Bytes), fetch.Milliseconds.ToString("0", CultureInfo.InvariantCulture));
            }
            else if (fetch.Problem == null)
            {
                log.LogMessage(MessageImportance.Normal, "Remote build cache: no entry {0} ({1} ms).", fingerprint, fetch.Milliseconds.ToString("0", CultureInfo.InvariantCulture));
            }
        }

        public static void Report(TaskLoggingHelper log, RemoteUploadResult? upload, string fingerprint)
        {
            if (upload == null)
            {
                return;
            }

            Warn(log, upload.Problem);
            if (upload.Uploaded)
            {
                log.LogMessage(MessageImportance.Normal, "Remote build cache: uploaded entry {0} ({1}) in {2} ms.",
                    fingerprint, Analysis.Format.Size(upload.Bytes), upload.Milliseconds.ToString("0", CultureInfo.InvariantCulture));
            }
            else if (upload.Skipped != null)
            {
                log.LogMessage(MessageImportance.Normal, "Remote build cache: entry {0} not uploaded ({1}).", fingerprint, upload.Skipped);
            }
        }

        private static string First(string? value, string? fallback) =>
            !string.IsNullOrWhiteSpace(value) ? value!.Trim() : (fallback ?? string.Empty).Trim();
    }
}
