using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
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
        public ITaskItem[] ExternalLinks => BuildExternalLinks();

        /// <summary>Destination files copied (in plan order), with metadata SourceFile.</summary>
        [Output]
        public ITaskItem[] CopiedFiles => BuildCopiedFiles();

        /// <summary>Files, links and folders the mirror removed.</summary>
        [Output]
        public ITaskItem[] RemovedFiles => BuildRemovedFiles();

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

        /// <summary>The default parallelism: file creation waits on the disk as much as on the processor.</summary>
        internal static int DefaultParallelism => Math.Min(16, Math.Max(4, Environment.ProcessorCount * 2));

        /// <summary>Tests replace the file system and the retry sleep.</summary>
        internal ICopyFileSystem FileSystem { get; set; } = PhysicalCopyFileSystem.Instance;

        internal Action<TimeSpan, CancellationToken>? Sleep { get; set; }

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            var log = new TaskLog(Log);
            var options = ReadOptions();
            var sources = ReadSources(options);
            if (options == null || sources == null || Log.HasLoggedErrors)
            {
                return false;
            }

            var runner = new CopyRunner(FileSystem, log, options, Sleep);
            try
            {
                _result = runner.Run(sources, _cancel.Token);
            }
            catch (AggregateException ex)
            {
                // Expected failures are logged per file; this is a defect, reported with what is needed to fix it.
                LogError(CopyCodes.Unexpected, null, $"ParallelCopy failed unexpectedly; the destination may be incomplete. Build again, and report this with the details: {ex.InnerException ?? ex}");
                return false;
            }

            if (_result.Cancelled)
            {
                LogError(CopyCodes.Cancelled, null, $"The copy was cancelled after {_result.CopiedCount} files; every file under its final name is complete, the rest were not written, and stale files may remain.");
            }

            Log.LogMessage(MessageImportance.High, Summary(_result, options.DryRun));
            return !Log.HasLoggedErrors;
        }

        private ITaskItem[] BuildExternalLinks()
        {
            var links = _result?.ExternalLinks ?? Array.Empty<KeyValuePair<string, string>>();
            var items = new ITaskItem[links.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = new TaskItem(links[i].Key);
                items[i].SetMetadata("LinkTarget", links[i].Value);
            }

            return items;
        }

        internal static string Summary(CopyResult result, bool dryRun)
        {
            string verb = dryRun ? "would copy" : "copied";
            string removed = dryRun ? "would remove" : "removed";
            return string.Format(
                CultureInfo.InvariantCulture,
                "ParallelCopy: {0} {1} ({2}), skipped {3}, {4} {5}, in {6:0} ms with {7} {8}",
                verb, result.CopiedCount, Analysis.Format.Size(result.CopiedBytes), result.SkippedCount, removed, result.Removed.Count,
                result.ElapsedMilliseconds, result.Jobs, result.Jobs == 1 ? "job" : "jobs");
        }

        private CopyOptions? ReadOptions()
        {
            bool ok = true;
            ok &= CheckAtLeast(nameof(MaxParallelism), MaxParallelism, 0, "0 (default) or more; 1 copies sequentially");
            ok &= CheckAtLeast(nameof(Retries), Retries, 0, "0 or more");
            ok &= CheckAtLeast(nameof(RetryDelayMilliseconds), RetryDelayMilliseconds, 0, "0 or more");
            ok &= CheckAtLeast(nameof(MaxDeletions), MaxDeletions, -1, "-1 (no limit) or 0 and more");

            var problems = new List<string>();
            bool caseSensitive = PathPattern.PlatformCaseSensitive;
            var preserve = new List<PathPattern>();
            foreach (string text in Preserve ?? Array.Empty<string>())
            {
                preserve.AddRange(PathPattern.ParseList(text, caseSensitive, problems));
            }

            foreach (string problem in problems)
            {
                LogError(CopyCodes.InvalidPattern, null, $"The Preserve pattern {problem}.");
                ok = false;
            }

            string? mirrorRoot = null;
            if (Mirror && !string.IsNullOrWhiteSpace(MirrorRoot))
            {
                mirrorRoot = FullFolderPath(MirrorRoot!, "MirrorRoot");
                ok &= mirrorRoot != null;
            }

            if (!ok)
            {
                return null;
            }

            int parallelism = !Parallel ? 1 : MaxParallelism == 0 ? DefaultParallelism : MaxParallelism;
            return new CopyOptions
            {
                Parallelism = parallelism,
                Retries = Retries,
                RetryDelayMilliseconds = RetryDelayMilliseconds,
                Mirror = Mirror,
                MirrorRoot = mirrorRoot,
                Preserve = preserve,
                MaxDeletions = MaxDeletions,
                DryRun = DryRun,
                OverwriteReadOnlyFiles = OverwriteReadOnlyFiles,
                CaseSensitive = caseSensitive,
                LinkRoots = LinkRoots,
                FollowExternalLinks = FollowExternalLinks,
            };
        }

        private List<CopySource>? ReadSources(CopyOptions? options)
        {
            bool caseSensitive = options?.CaseSensitive ?? PathPattern.PlatformCaseSensitive;
            var sources = new List<CopySource>();
            bool ok = true;
            foreach (var item in Sources ?? Array.Empty<ITaskItem>())
            {
                string spec = item.ItemSpec;
                string destination = item.GetMetadata("DestinationFolder");
                if (string.IsNullOrWhiteSpace(spec))
                {
                    LogError(CopyCodes.InvalidParameter, null, "A Sources item has an empty path. Give each item the path of a source folder.");
                    ok = false;
                    continue;
                }

                if (string.IsNullOrWhiteSpace(destination))
                {
                    LogError(CopyCodes.MissingDestination, spec, $"The source folder '{spec}' has no DestinationFolder metadata. Add DestinationFolder=\"...\" to the item.");
                    ok = false;
                    continue;
                }

                string? source = FullFolderPath(spec, "source folder");
                string? dest = FullFolderPath(destination, "DestinationFolder");
                var problems = new List<string>();
                var include = PathPattern.ParseList(item.GetMetadata("Include"), caseSensitive, problems);
                int includeProblems = problems.Count;
                var exclude = PathPattern.ParseList(item.GetMetadata("Exclude"), caseSensitive, problems);
                for (int i = 0; i < problems.Count; i++)
                {
                    string which = i < includeProblems ? "Include" : "Exclude";
                    LogError(CopyCodes.InvalidPattern, spec, $"The {which} pattern {problems[i]} (source folder '{spec}').");
                }

                if (source == null || dest == null || problems.Count > 0)
                {
                    ok = false;
                    continue;
                }

                sources.Add(new CopySource(source, dest, include, exclude));
            }

            return ok ? sources : null;
        }

        private bool CheckAtLeast(string name, int value, int minimum, string allowed)
        {
            if (value >= minimum)
            {
                return true;
            }

            LogError(CopyCodes.InvalidParameter, null, $"{name}={value} is not valid: use {allowed}.");
            return false;
        }

        /// <summary>The absolute path without a trailing separator, or null (error logged) when the path is malformed.</summary>
        private string? FullFolderPath(string path, string what)
        {
            try
            {
                string full = Path.GetFullPath(path);
                string trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                return trimmed.Length == 0 || trimmed.EndsWith(":", StringComparison.Ordinal) ? full : trimmed;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException || ex is System.Security.SecurityException)
            {
                LogError(CopyCodes.InvalidPath, null, $"The {what} '{Printable(path)}' is not a valid path ({ex.Message}). Remove invalid characters or shorten it.");
                return null;
            }
        }

        private static string Printable(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(char.IsControl(c) ? '?' : c);
            }

            return builder.ToString();
        }

        private void LogError(string code, string? file, string message)
        {
            Log.LogError(null, code, null, file, 0, 0, 0, 0, message);
        }

        private ITaskItem[] BuildCopiedFiles()
        {
            var items = new List<ITaskItem>(CopiedCount);
            foreach (var file in _result?.Files ?? Array.Empty<PlannedFile>())
            {
                if (file.Succeeded)
                {
                    var item = new TaskItem(EscapeItemSpec(file.DestinationPath));
                    item.SetMetadata("SourceFile", EscapeItemSpec(file.SourcePath));
                    items.Add(item);
                }
            }

            return items.ToArray();
        }

        private ITaskItem[] BuildRemovedFiles()
        {
            var removed = _result?.Removed ?? new List<string>();
            var items = new ITaskItem[removed.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = new TaskItem(EscapeItemSpec(removed[i]));
            }

            return items;
        }

        /// <summary>TaskItem takes escaped text; a path with '%', ';', '*' and the like must reach MSBuild literally.</summary>
        internal static string EscapeItemSpec(string path)
        {
            int i = path.IndexOfAny(MsBuildSpecial);
            if (i < 0)
            {
                return path;
            }

            var builder = new StringBuilder(path.Length + 8);
            foreach (char c in path)
            {
                if (Array.IndexOf(MsBuildSpecial, c) >= 0)
                {
                    builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static readonly char[] MsBuildSpecial = { '%', '*', '?', '@', '$', '(', ')', ';', '\'' };

        /// <summary>Forwards the copy's reports to MSBuild's log, one at a time.</summary>
        private sealed class TaskLog : ICopyLog
        {
            private readonly TaskLoggingHelper _log;
            private readonly object _gate = new object();

            public TaskLog(TaskLoggingHelper log)
            {
                _log = log;
                LogsLowImportance = log.LogsMessagesOfImportance(MessageImportance.Low);
            }

            public bool LogsLowImportance { get; }

            public void Error(string code, string? file, string message)
            {
                lock (_gate)
                {
                    _log.LogError(null, code, null, file, 0, 0, 0, 0, message);
                }
            }

            public void Warning(string code, string? file, string message)
            {
                lock (_gate)
                {
                    _log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
                }
            }

            public void Message(MessageImportance importance, string message)
            {
                lock (_gate)
                {
                    _log.LogMessage(importance, message);
                }
            }
        }
    }
}
