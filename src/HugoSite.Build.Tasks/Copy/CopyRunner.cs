using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// The whole copy: plan (walk sources), scan (walk the destination once), then folders, files and, for a
    /// mirror, removals. Writes start only after both walks, and removals only after every copy succeeded.
    /// A file the destination scan did not see is created under its final name, exclusively; anything else (and a
    /// new file whose name was taken meanwhile) is written under a temporary name in its folder and renamed into
    /// place, so a link or hard link at the destination is replaced, never written through. Either way a file under
    /// its final name is complete once the copy returned, failed or was cancelled.
    /// </summary>
    internal sealed class CopyRunner
    {
        private static long s_temporaryCounter;

        private readonly ICopyFileSystem _fs;
        private readonly ICopyLog _log;
        private readonly CopyOptions _options;
        private readonly Action<TimeSpan, CancellationToken> _sleep;
        private readonly bool _logFiles;
        private int _failures;

        public CopyRunner(ICopyFileSystem fs, ICopyLog log, CopyOptions options, Action<TimeSpan, CancellationToken>? sleep = null)
        {
            _fs = fs;
            _log = log;
            _options = options;
            _sleep = sleep ?? DefaultSleep;
            _logFiles = log.LogsLowImportance;
        }

        public CopyResult Run(IReadOnlyList<CopySource> sources, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var result = new CopyResult { DryRun = _options.DryRun, Jobs = Math.Max(1, _options.Parallelism) };
            try
            {
                RunCore(sources, result, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                result.Cancelled = true;
            }

            result.Cancelled |= cancellationToken.IsCancellationRequested;
            result.HadErrors |= _failures > 0 || result.Cancelled;
            result.ElapsedMilliseconds = watch.Elapsed.TotalMilliseconds;
            return result;
        }

        private void RunCore(IReadOnlyList<CopySource> sources, CopyResult result, CancellationToken cancellationToken)
        {
            var planner = new CopyPlanner(_fs, _log, _options);
            if (!planner.Validate(sources))
            {
                result.HadErrors = true;
                return;
            }

            var phases = new Cache.PhaseClock("0");
            var plan = planner.Build(sources, cancellationToken);
            result.Files = plan.Files;
            result.ExternalLinks = plan.ExternalLinks;
            phases.Lap("plan");
            cancellationToken.ThrowIfCancellationRequested();

            var scan = new DestinationScan(_fs, _log, _options, plan);
            scan.Run(cancellationToken);
            phases.Lap("scan");
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                RunPlan(plan, scan, result, phases, cancellationToken);
            }
            finally
            {
                _log.Message(MessageImportance.Normal, $"ParallelCopy timings: {phases} ({plan.Files.Count} files and {plan.Directories.Count} folders planned).");
            }
        }

        private void RunPlan(CopyPlan plan, DestinationScan scan, CopyResult result, Cache.PhaseClock phases, CancellationToken cancellationToken)
        {
            bool removalsAllowed = _options.Mirror && plan.Complete && scan.Complete;
            int removals = scan.Obstacles.Count + (removalsAllowed ? scan.Stale.Count : 0);
            if (_options.Mirror && _options.MaxDeletions >= 0 && removals > _options.MaxDeletions)
            {
                string root = plan.ScanRoots.Count > 0 ? plan.ScanRoots[0] : string.Empty;
                _log.Error(CopyCodes.TooManyDeletions, root, $"The mirror would remove {removals} entries from '{string.Join("', '", plan.ScanRoots)}', more than MaxDeletions={_options.MaxDeletions}; nothing was copied or removed. Check MirrorRoot and the sources, or raise MaxDeletions.");
                result.HadErrors = true;
                return;
            }

            if (_options.DryRun)
            {
                ReportDryRun(plan, scan, removalsAllowed, result);
                return;
            }

            // A folder or file in the way of the plan: a mirror owns the destination, so it clears them first.
            if (scan.Obstacles.Count > 0)
            {
                Remove(scan.Obstacles, result, cancellationToken);
            }

            CreateDirectories(plan, scan, result, cancellationToken);
            phases.Lap("folders");
            CopyFiles(plan, result, cancellationToken);
            phases.Lap("files");

            if (!_options.Mirror)
            {
                return;
            }

            if (!removalsAllowed || _failures > 0 || cancellationToken.IsCancellationRequested)
            {
                if (scan.Stale.Count > 0)
                {
                    _log.Message(MessageImportance.Normal, $"Stale entries are not removed from '{string.Join("', '", plan.ScanRoots)}' because this copy had errors.");
                }

                return;
            }

            if (scan.Stale.Count > 0)
            {
                Remove(scan.Stale, result, cancellationToken);
                phases.Lap("remove");
            }
        }

        private void CreateDirectories(CopyPlan plan, DestinationScan scan, CopyResult result, CancellationToken cancellationToken)
        {
            var missing = new List<string>();
            foreach (string dir in plan.Directories)
            {
                if (!scan.ExistingDirectories.Contains(dir) && !scan.IsBlocked(dir))
                {
                    missing.Add(dir);
                }
            }

            if (missing.Count == 0)
            {
                return;
            }

            // Deepest first: creating a leaf creates its parents, so most parents cost nothing more.
            missing.Sort((a, b) => b.Length.CompareTo(a.Length));
            int created = 0;
            var failed = new bool[missing.Count];
            WorkerPool.Run(missing.Count, _options.Parallelism, i =>
            {
                string dir = missing[i];
                if (Attempt(() => _fs.CreateDirectory(dir), dir, CopyCodes.CopyFailed, ex => $"Cannot create the folder '{dir}': {ex.Message}", cancellationToken))
                {
                    Interlocked.Increment(ref created);
                }
                else
                {
                    failed[i] = true;
                }
            }, cancellationToken);

            result.DirectoriesCreated = created;
            cancellationToken.ThrowIfCancellationRequested();

            for (int i = 0; i < missing.Count; i++)
            {
                if (failed[i])
                {
                    FailFilesUnder(plan, missing[i]);
                }
            }
        }

        private static void FailFilesUnder(CopyPlan plan, string dir)
        {
            foreach (var file in plan.Files)
            {
                if (file.Action == FileAction.Copy && plan.IsSameOrInside(file.DestinationPath, dir))
                {
                    file.Action = FileAction.Failed;
                }
            }
        }

        private void CopyFiles(CopyPlan plan, CopyResult result, CancellationToken cancellationToken)
        {
            var work = FilesToCopy(plan, result);
            if (work.Count == 0)
            {
                return;
            }

            // The per-file code, the same whether it runs on one thread or many.
            long bytes = 0;
            int copied = 0;
            WorkerPool.Run(work.Count, _options.Parallelism, i =>
            {
                var file = work[i];
                if (Attempt(() => Write(file, cancellationToken), file.DestinationPath, CopyCodes.CopyFailed,
                    ex => $"Cannot copy '{file.SourcePath}' to '{file.DestinationPath}': {ex.Message}", cancellationToken))
                {
                    if (_logFiles)
                    {
                        _log.Message(MessageImportance.Low, $"Copied '{file.SourcePath}' to '{file.DestinationPath}'.");
                    }

                    file.Succeeded = true;
                    Interlocked.Increment(ref copied);
                    Interlocked.Add(ref bytes, Math.Max(0, file.Length));
                }
                else if (!cancellationToken.IsCancellationRequested)
                {
                    file.Action = FileAction.Failed;
                }
            }, cancellationToken);

            result.CopiedCount = copied;
            result.CopiedBytes = bytes;
        }

        /// <summary>
        /// Runs one file operation, retrying failures that may pass (a locked or busy file, a scanner holding it) with
        /// a coded warning per retry. False when it failed for good (a coded error is logged, and the failure counts
        /// against the copy) or was cancelled. Missing files and bad or over-long paths are never retried.
        /// </summary>
        private bool Attempt(Action operation, string path, string failureCode, Func<Exception, string> describe, CancellationToken cancellationToken)
        {
            int retries = _options.Retries;
            try
            {
                for (int attempt = 0; ; attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        operation();
                        return true;
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) && IsExpected(ex))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (!IsTransient(ex))
                        {
                            bool badPath = ex is PathTooLongException || ex is ArgumentException || ex is NotSupportedException;
                            _log.Error(badPath ? CopyCodes.InvalidPath : failureCode, path, describe(ex) + (badPath ? " The path is invalid or too long for this file system; shorten or rename it." : string.Empty));
                        }
                        else if (attempt < retries)
                        {
                            var delay = TimeSpan.FromMilliseconds(_options.RetryDelayMilliseconds);
                            _log.Warning(CopyCodes.Retrying, path, $"{describe(ex)} Retrying in {delay.TotalMilliseconds:0} ms (retry {attempt + 1} of {retries}).");
                            _sleep(delay, cancellationToken);
                            continue;
                        }
                        else
                        {
                            string tries = retries == 0 ? "Retries is 0" : $"gave up after {retries} {(retries == 1 ? "retry" : "retries")}";
                            _log.Error(failureCode, path, $"{describe(ex)} ({tries}.) Close whatever holds the file, or raise Retries/RetryDelayMilliseconds.");
                        }

                        Interlocked.Increment(ref _failures);
                        return false;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private static bool IsExpected(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException;

        /// <summary>Worth another try: I/O trouble that may pass, not a missing file, not a bad path.</summary>
        private static bool IsTransient(Exception ex) =>
            (ex is IOException && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException) && !(ex is EndOfStreamException))
            || ex is UnauthorizedAccessException;

        private static void DefaultSleep(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                cancellationToken.WaitHandle.WaitOne(delay);
            }
        }

        private void Write(PlannedFile file, CancellationToken cancellationToken)
        {
            // Nothing was there when the destination was scanned: create the final name directly, which saves the
            // rename and its directory update. The file system removes the file again when the copy fails or is
            // cancelled. Only a hard kill mid-copy can leave a partial file under its final name; it does not carry
            // the source's last-write time (that is set last), so the next build sees it differ and copies it again.
            if (file.Existing == EntryKind.Missing
                && _fs.TryCopyToNewFile(file.SourcePath, file.DestinationPath, file.Length, file.LastWriteTimeUtc, cancellationToken))
            {
                return;
            }

            WriteThroughTemporary(file, cancellationToken);
        }

        private void WriteThroughTemporary(PlannedFile file, CancellationToken cancellationToken)
        {
            string temporary = TemporaryNameFor(file.DestinationPath);
            bool renamed = false;
            try
            {
                _fs.CopyFile(file.SourcePath, temporary, file.Length, file.LastWriteTimeUtc, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                _fs.Replace(temporary, file.DestinationPath);
                renamed = true;
            }
            finally
            {
                if (!renamed)
                {
                    TryDelete(temporary);
                }
            }
        }

        /// <summary>A short, unique name in the destination's folder (same file system, so the rename is atomic).</summary>
        internal static string TemporaryNameFor(string destination)
        {
            string dir = Path.GetDirectoryName(destination) ?? string.Empty;
            long n = Interlocked.Increment(ref s_temporaryCounter);
            return Path.Combine(dir, ".hsb" + PhysicalCopyFileSystem.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)
                + "-" + n.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + ".tmp");
        }

        private void TryDelete(string path)
        {
            try
            {
                _fs.DeleteFile(path);
            }
            catch (Exception ex) when (IsExpected(ex))
            {
                // Nothing was there (the copy failed before creating it) or it cannot go: a mirror removes it later.
            }
        }

        /// <summary>Removes entries listed children-first: files and links in parallel, then folders deepest first.</summary>
        private void Remove(List<Removal> removals, CopyResult result, CancellationToken cancellationToken)
        {
            var files = new List<Removal>();
            var folders = new List<Removal>();
            foreach (var removal in removals)
            {
                (removal.Kind == EntryKind.Directory ? folders : files).Add(removal);
            }

            var done = new bool[files.Count];
            WorkerPool.Run(files.Count, _options.Parallelism, i =>
            {
                var removal = files[i];
                done[i] = Attempt(
                    () =>
                    {
                        if (removal.Kind == EntryKind.Link && removal.LinkToDirectory)
                        {
                            _fs.DeleteDirectory(removal.Path, isLink: true);
                        }
                        else
                        {
                            _fs.DeleteFile(removal.Path);
                        }
                    },
                    removal.Path,
                    CopyCodes.RemoveFailed,
                    ex => $"Cannot remove the stale entry '{removal.Path}': {ex.Message}",
                    cancellationToken);
            }, cancellationToken);

            for (int i = 0; i < files.Count; i++)
            {
                if (done[i])
                {
                    result.Removed.Add(files[i].Path);
                    if (_logFiles)
                    {
                        _log.Message(MessageImportance.Low, $"Removed '{files[i].Path}'.");
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            folders.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
            foreach (var folder in folders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Attempt(() => _fs.DeleteDirectory(folder.Path, isLink: false), folder.Path, CopyCodes.RemoveFailed, ex => $"Cannot remove the stale folder '{folder.Path}': {ex.Message}", cancellationToken))
                {
                    result.Removed.Add(folder.Path);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>The files to copy now; the others count as skipped, or as failures of the copy.</summary>
        private List<PlannedFile> FilesToCopy(CopyPlan plan, CopyResult result)
        {
            var work = new List<PlannedFile>();
            foreach (var file in plan.Files)
            {
                if (file.Action == FileAction.Copy)
                {
                    work.Add(file);
                }
                else if (file.Action == FileAction.Failed)
                {
                    _failures++;
                }
                else
                {
                    result.SkippedCount++;
                }
            }

            return work;
        }

        private void ReportDryRun(CopyPlan plan, DestinationScan scan, bool removalsAllowed, CopyResult result)
        {
            foreach (var file in FilesToCopy(plan, result))
            {
                result.CopiedCount++;
                result.CopiedBytes += Math.Max(0, file.Length);
                file.Succeeded = true;
                _log.Message(MessageImportance.Normal, $"Would copy '{file.SourcePath}' to '{file.DestinationPath}'.");
            }

            foreach (var removal in scan.Obstacles)
            {
                result.Removed.Add(removal.Path);
            }

            if (removalsAllowed)
            {
                foreach (var removal in scan.Stale)
                {
                    result.Removed.Add(removal.Path);
                }
            }

            foreach (string path in result.Removed)
            {
                _log.Message(MessageImportance.Normal, $"Would remove '{path}'.");
            }
        }
    }
}
