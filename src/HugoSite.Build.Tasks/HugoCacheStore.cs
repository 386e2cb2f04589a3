using System;
using System.Globalization;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a successful Hugo run: stores the output folder in the build cache under the fingerprint the
    /// cache check computed, then keeps the cache under its size cap. Never fails a build: a cache that cannot
    /// be written costs a warning.
    /// </summary>
    public sealed class HugoCacheStore : Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        [Required] public string IntermediateDirectory { get; set; } = string.Empty;

        /// <summary>public/: the site just built.</summary>
        [Required] public string OutputDirectory { get; set; } = string.Empty;

        public string? CacheDirectory { get; set; }

        /// <summary>HugoCacheCheck's Fingerprint; when it differs from the state, nothing is stored.</summary>
        public string? Fingerprint { get; set; }

        /// <summary>phases.json: the copy, components and hugo times become the entry's cost.</summary>
        public string? PhaseFile { get; set; }

        public string? ProjectPath { get; set; }

        /// <summary>HugoCacheMaxSizeMb (default 1024).</summary>
        public string? MaxSizeMb { get; set; }

        public bool IgnoreAlwaysRun { get; set; }

        /// <summary>auto | link | copy.</summary>
        public string? RestoreMode { get; set; }

        /// <summary>HugoRemoteCacheUrl: the stored entry is uploaded there; empty = no remote cache.</summary>
        public string? RemoteUrl { get; set; }

        public string? RemoteToken { get; set; }

        public string? RemoteTeam { get; set; }

        /// <summary>HugoRemoteCacheReadOnly: never upload (pull-request builds).</summary>
        public string? RemoteReadOnly { get; set; }

        public string? RemoteSignatureKey { get; set; }

        public string? RemoteTimeoutSeconds { get; set; }

        [Output] public bool Stored { get; private set; }

        [Output] public long UploadedBytes { get; private set; }

        [Output] public double UploadMilliseconds { get; private set; }

        [Output] public long EntryBytes { get; private set; }

        [Output] public int EvictedCount { get; private set; }

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            if (!CacheOptions.TryParseRestoreMode(RestoreMode, out bool useLinks))
            {
                Log.LogError(null, "HSB5008", null, null, 0, 0, 0, 0, CacheOptions.BadRestoreModeMessage, RestoreMode);
                return false;
            }

            if (!CacheOptions.TryParseMaxBytes(MaxSizeMb, out long maxBytes))
            {
                Log.LogError(null, "HSB5007", null, null, 0, 0, 0, 0, CacheOptions.BadMaxSizeMessage, MaxSizeMb, CacheOptions.DefaultMaxSizeMb);
                return false;
            }

            if (!Cache.Remote.RemoteCacheTask.TryCreate(Log, RemoteUrl, RemoteToken, RemoteTeam, RemoteReadOnly, RemoteSignatureKey, RemoteTimeoutSeconds, out Cache.Remote.RemoteCache? remote))
            {
                return false;
            }

            var request = new CacheStoreRequest
            {
                Remote = remote,
                IntermediateDirectory = Path.GetFullPath(IntermediateDirectory),
                OutputDirectory = Path.GetFullPath(OutputDirectory),
                CacheRoot = CacheOptions.ResolveRoot(CacheDirectory),
                Fingerprint = Fingerprint,
                PhaseFile = PhaseFile,
                Project = ProjectPath ?? string.Empty,
                IgnoreAlwaysRun = IgnoreAlwaysRun,
                UseLinks = useLinks,
                MaxBytes = maxBytes,
            };

            CacheStoreResult result;
            try
            {
                result = new CacheStorer().Run(request, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Log.LogMessage(MessageImportance.High, "Build cache store cancelled; nothing was stored.");
                return true;
            }
#pragma warning disable CA1031 // A cache that cannot store must never fail a build whose site is already in place.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LogWarning(null, "HSB5003", null, null, 0, 0, 0, 0,
                    "The build output could not be stored in the build cache at {0} ({1}: {2}); the site is fine, the next build of these inputs will not be a hit. Check free space and write access, or set HugoCacheDir.",
                    request.CacheRoot, ex.GetType().Name, ex.Message);
                return !Log.HasLoggedErrors;
            }

            Report(result, request);
            Cache.Remote.RemoteCacheTask.Report(Log, result.Upload, result.Fingerprint);
            UploadedBytes = result.Upload?.Uploaded == true ? result.Upload.Bytes : 0;
            UploadMilliseconds = result.Upload?.Uploaded == true ? Math.Round(result.Upload.Milliseconds, 1) : 0;
            return !Log.HasLoggedErrors;
        }

        private void Report(CacheStoreResult result, CacheStoreRequest request)
        {
            switch (result.Decision)
            {
                case StoreDecision.Stored:
                    Stored = true;
                    EntryBytes = result.Store!.Bytes;
                    Log.LogMessage(MessageImportance.Normal, "Build cache: stored {0} files ({1}) as entry {2}{3}.",
                        result.Store.FileCount, Analysis.Format.Size(result.Store.Bytes), result.Fingerprint, result.Store.Linked ? " (hard links)" : string.Empty);
                    break;
                case StoreDecision.AlreadyCached:
                    Log.LogMessage(MessageImportance.Normal, "Build cache: entry {0} already stored.", result.Fingerprint);
                    break;
                case StoreDecision.TooLarge:
                    Log.LogWarning(null, "HSB5004", null, null, 0, 0, 0, 0,
                        "The site ({0}) is larger than HugoCacheMaxSizeMb ({1}) and was not cached. Raise HugoCacheMaxSizeMb, or set HugoCache=false for this site.",
                        Analysis.Format.Size(result.Store!.Bytes), Analysis.Format.Size(request.MaxBytes));
                    break;
                default:
                    Log.LogMessage(MessageImportance.Normal, "Build cache: output not stored ({0}).", result.Detail);
                    break;
            }

            EvictedCount = result.Evicted.Count;
            foreach (EntryInfo e in result.Evicted)
            {
                Log.LogMessage(MessageImportance.Normal, "Build cache: evicted entry {0} ({1}, last used {2:u}) to stay under {3}.",
                    e.Fingerprint, Analysis.Format.Size(e.Bytes), e.LastUsedUtc, Analysis.Format.Size(request.MaxBytes));
            }
        }
    }
}
