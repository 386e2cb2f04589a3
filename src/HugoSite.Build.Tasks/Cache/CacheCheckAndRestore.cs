using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Everything a cache check needs, gathered by the task from MSBuild.</summary>
    internal sealed class CacheCheckRequest
    {
        public string IntermediateDirectory { get; set; } = string.Empty;

        public string OutputDirectory { get; set; } = string.Empty;

        public string CacheRoot { get; set; } = string.Empty;

        public string HugoVersion { get; set; } = string.Empty;

        /// <summary>Output-affecting properties by MSBuild name (HugoBaseUrl, …) and component metadata.</summary>
        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public List<InputFile> Files { get; } = new List<InputFile>();

        /// <summary>Names of components that always run.</summary>
        public List<string> AlwaysRun { get; } = new List<string>();

        public bool IgnoreAlwaysRun { get; set; }

        /// <summary>False: compute the fingerprint only (for a CI cache key), never touch the output.</summary>
        public bool Restore { get; set; } = true;

        public bool UseLinks { get; set; } = true;

        public VerifyMode Verify { get; set; } = VerifyMode.Content;

        /// <summary>The remote tier, asked on a local miss; null when none is configured.</summary>
        public Remote.RemoteCache? Remote { get; set; }
    }

    internal sealed class CacheCheckResult
    {
        public string Fingerprint { get; set; } = string.Empty;

        public bool Hit { get; set; }

        /// <summary>Why there was no hit; empty on a hit.</summary>
        public string MissReason { get; set; } = string.Empty;

        public RestoreResult? Restore { get; set; }

        /// <summary>Why the previous state was ignored, when it was.</summary>
        public string? StateProblem { get; set; }

        public int InputCount { get; set; }

        public int HashedCount { get; set; }

        public double FingerprintMilliseconds { get; set; }

        public double RestoreMilliseconds { get; set; }

        /// <summary>Where the check spent its time, for a diagnostic line.</summary>
        public string Timings { get; set; } = string.Empty;

        /// <summary>A state saved off the critical path, for tests that must see it written.</summary>
        public Task? StateSave { get; set; }

        /// <summary>The removal of earlier outputs, when there were any, for tests that must see them gone.</summary>
        public Task? TrashTask { get; set; }

        /// <summary>On a hit: the entry's build time minus this check's time.</summary>
        public double SavedMilliseconds { get; set; }

        /// <summary>What asking the remote cache came to, when it was asked.</summary>
        public Remote.RemoteFetchResult? Remote { get; set; }
    }

    /// <summary>
    /// The cache-check phase: fingerprint the inputs (re-reading only files whose size or time moved), name what
    /// changed, and on a matching verified entry restore the site into the output folder.
    /// </summary>
    internal sealed class CacheCheckAndRestore
    {
        /// <summary>The last state saved off the critical path: a later check in this process waits for it first.</summary>
        private static Task? _pendingSave;
        private readonly IFileLinker? _linker;
        private readonly Func<DateTime>? _utcNow;

        public CacheCheckAndRestore(IFileLinker? linker = null, Func<DateTime>? utcNow = null)
        {
            _linker = linker;
            _utcNow = utcNow;
        }

        /// <summary>Runs the check. Throws IOException/UnauthorizedAccessException when an input cannot be read.</summary>
        public CacheCheckResult Run(CacheCheckRequest request, CancellationToken cancellation)
        {
            long started = Stopwatch.GetTimestamp();
            var clock = new PhaseClock();
            var result = new CacheCheckResult { InputCount = request.Files.Count };

            WaitQuietly(Volatile.Read(ref _pendingSave), cancellation);
            string statePath = FingerprintState.PathIn(request.IntermediateDirectory);
            FingerprintState? previous = FingerprintState.Load(statePath, out string? problem);
            result.StateProblem = problem;
            clock.Lap("state");

            FingerprintResult fp = new Fingerprinter(_utcNow).Compute(request.HugoVersion, request.Properties, request.Files, previous, cancellation);
            clock.Lap("inputs");
            fp.State.AlwaysRun.AddRange(request.AlwaysRun);
            result.Fingerprint = fp.Fingerprint;
            result.HashedCount = fp.HashedCount;

            // The new state is written beside the restore. A build that goes on to build the site waits for it (its
            // store reads it); a hit does not, since a state that is not written costs the next check some reading,
            // nothing more. When only files in the racy window were read again, and matched, the saved state still
            // describes every input; the newer one only lets the next check trust those files.
            bool stateMoved = previous == null || !fp.Unchanged || fp.TimesMoved || previous.AlwaysRun.Count != fp.State.AlwaysRun.Count;
            Task? save = null;
            if (stateMoved || fp.HashedCount > 0)
            {
                FingerprintState newer = fp.State;
                newer.Freeze();
                save = Task.Run(() => newer.Save(statePath));
                result.StateSave = save;
                Volatile.Write(ref _pendingSave, save);
            }

            result.FingerprintMilliseconds = PhaseClock.Since(started);
            result.Timings = clock.ToString();
            if (request.AlwaysRun.Count > 0 && !request.IgnoreAlwaysRun)
            {
                result.MissReason = "always-run component " + string.Join(", ", request.AlwaysRun);
                WaitForSave(save, stateMoved);
                return result;
            }

            if (!request.Restore)
            {
                result.MissReason = SinceLast(fp, previous);
                WaitForSave(save, stateMoved);
                return result;
            }

            long restoreStarted = Stopwatch.GetTimestamp();
            var cache = new BuildCache(request.CacheRoot, _linker, _utcNow);
            Trash trash = Trash.In(request.IntermediateDirectory, request.OutputDirectory);
            RestoreResult restore = cache.Restore(fp.Fingerprint, request.OutputDirectory, request.UseLinks, request.Verify, trash, cancellation);
            if (restore.Outcome == RestoreOutcome.NoEntry && request.Remote != null)
            {
                // A remote hit becomes a local entry first (checked file by file), then is restored as any local hit.
                result.Remote = request.Remote.Fetch(cache, fp.Fingerprint, cancellation);
                if (result.Remote.Hit)
                {
                    restore = cache.Restore(fp.Fingerprint, request.OutputDirectory, request.UseLinks, request.Verify, trash, cancellation);
                }
            }

            result.Restore = restore;
            // The previous output (and anything an ended process left) goes away off the critical path.
            long trashStarted = Stopwatch.GetTimestamp();
            result.TrashTask = trash.EmptyInBackground();
            result.RestoreMilliseconds = PhaseClock.Since(restoreStarted);
            result.Timings += (restore.Timings.Length > 0 ? ", " + restore.Timings : string.Empty)
                + ", trash " + PhaseClock.Since(trashStarted).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
            switch (restore.Outcome)
            {
                case RestoreOutcome.Restored:
                    result.Hit = true;
                    double build = restore.Manifest?.BuildMilliseconds ?? 0;
                    result.SavedMilliseconds = build > 0 ? Math.Max(0, build - PhaseClock.Since(started)) : 0;
                    break;
                case RestoreOutcome.Corrupt:
                    result.MissReason = "cache entry failed verification: " + restore.Detail;
                    break;
                case RestoreOutcome.Failed:
                    result.MissReason = "cache restore failed: " + restore.Detail;
                    break;
                default:
                    result.MissReason = SinceLast(fp, previous);
                    break;
            }

            if (!result.Hit)
            {
                WaitForSave(save, stateMoved);
            }

            return result;
        }

        /// <summary>
        /// Waits for the state save when the store will read it; a save that failed throws here as it would have
        /// in place (an IOException or UnauthorizedAccessException), unless the saved state was still right.
        /// </summary>
        private static void WaitForSave(Task? save, bool stateMoved)
        {
            if (save == null)
            {
                return;
            }

            if (stateMoved)
            {
                save.GetAwaiter().GetResult();
            }
            else
            {
                WaitQuietly(save, CancellationToken.None);
            }
        }

        private static void WaitQuietly(Task? task, CancellationToken cancellation)
        {
            if (task == null || task.IsCompleted)
            {
                return;
            }

            try
            {
                task.Wait(cancellation);
            }
            catch (AggregateException)
            {
                // A save that failed leaves the state as it was: the next check reads those inputs again.
            }
        }

        /// <summary>A miss's reason: what changed since this project's last fingerprint.</summary>
        private static string SinceLast(FingerprintResult fp, FingerprintState? previous) =>
            previous == null ? "first build of this project" : fp.DescribeChanges() ?? "same inputs as the last build, but no cache entry for them";
    }
}
