using System;
using System.Threading;
using HugoSite.Build.Tasks.Copy;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Mirrors source folders into destination folders: walks the sources itself (no item globbing), makes a
    /// plan in which every destination file has one winning source (later sources win), skips unchanged
    /// files, copies the rest with bounded parallelism, and for a mirror removes what no source produced.
    /// </summary>
    public sealed class ParallelCopy : Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private CopyResult? _result;

        /// <summary>Source folders. Metadata: DestinationFolder (required), Include and Exclude (';'-separated globs).</summary>
        [Required]
        public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Remove files and folders under the mirror root that no source produced.</summary>
        public bool Mirror { get; set; }

        /// <summary>Root of the mirror; empty means each DestinationFolder.</summary>
        public string? MirrorRoot { get; set; }

        /// <summary>Globs relative to the mirror root that a mirror never removes.</summary>
        public string[] Preserve { get; set; } = Array.Empty<string>();

        /// <summary>Concurrent file operations; 0 picks a default from the processor count; 1 is sequential.</summary>
        public int MaxParallelism { get; set; }

        /// <summary>False runs the same per-file code on one thread.</summary>
        public bool Parallel { get; set; } = true;

        /// <summary>Retries of a failed file operation that may pass (locked or busy file).</summary>
        public int Retries { get; set; } = 3;

        public int RetryDelayMilliseconds { get; set; } = 100;

        /// <summary>The most entries a mirror may remove in one run; -1 means no limit.</summary>
        public int MaxDeletions { get; set; } = -1;

        /// <summary>Report what would be copied and removed, and write nothing.</summary>
        public bool DryRun { get; set; }

        /// <summary>Replace destination files that are read-only (else such a file that differs is an error).</summary>
        public bool OverwriteReadOnlyFiles { get; set; }

        /// <summary>
        /// Folders besides the sources that links may point into without warning HSB1201 (the project folder, the source
        /// root). Unset: links are not checked.
        /// </summary>
        public string[]? LinkRoots { get; set; }

        /// <summary>False: links that point outside every source and LinkRoots are not copied (a message says so).</summary>
        public bool FollowExternalLinks { get; set; } = true;

        /// <summary>Links followed outside the sources, with metadata LinkTarget (where the link finally points).</summary>
        [Output]
        public ITaskItem[] ExternalLinks => CopyTaskItems.ExternalLinks(_result);

        /// <summary>Destination files copied (in plan order), with metadata SourceFile.</summary>
        [Output]
        public ITaskItem[] CopiedFiles => CopyTaskItems.CopiedFiles(_result);

        /// <summary>Files, links and folders the mirror removed.</summary>
        [Output]
        public ITaskItem[] RemovedFiles => CopyTaskItems.RemovedFiles(_result);

        [Output]
        public int CopiedCount => _result?.CopiedCount ?? 0;

        [Output]
        public int SkippedCount => _result?.SkippedCount ?? 0;

        [Output]
        public int RemovedCount => _result?.Removed.Count ?? 0;

        [Output]
        public long CopiedBytes => _result?.CopiedBytes ?? 0;

        /// <summary>Whether anything in the destination changed (a file copied, a folder made, an entry removed).</summary>
        [Output]
        public bool WroteFiles => _result?.WroteFiles ?? false;

        /// <summary>The parallelism used: threads that walked, copied and removed (1 when sequential).</summary>
        [Output]
        public int Jobs => _result?.Jobs ?? 0;

        /// <summary>Tests replace the file system and the retry sleep.</summary>
        internal ICopyFileSystem FileSystem { get; set; } = PhysicalCopyFileSystem.Instance;

        internal Action<TimeSpan, CancellationToken>? Sleep { get; set; }

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            var log = new TaskCopyLog(Log);
            var arguments = new CopyArguments(log);
            var options = arguments.Options(this);
            var sources = arguments.Sources(Sources);
            if (Log.HasLoggedErrors)
            {
                return false;
            }

            try
            {
                _result = new CopyRunner(FileSystem, log, options, Sleep).Run(sources, _cancel.Token);
            }
            catch (AggregateException ex)
            {
                // Expected failures are logged per file; this is a defect, reported with what is needed to fix it.
                log.Error(CopyCodes.Unexpected, null, $"ParallelCopy failed unexpectedly; the destination may be incomplete. Build again, and report this with the details: {ex.InnerException ?? ex}");
                return false;
            }

            if (_result.Cancelled)
            {
                log.Error(CopyCodes.Cancelled, null, $"The copy was cancelled after {_result.CopiedCount} files; every file under its final name is complete, the rest were not written, and stale files may remain.");
            }

            Log.LogMessage(MessageImportance.High, _result.Summary());
            return !Log.HasLoggedErrors;
        }
    }
}
