using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>Where the copy reports what it does; the task forwards to MSBuild's log.</summary>
    internal interface ICopyLog
    {
        void Error(string code, string? file, string message);

        void Warning(string code, string? file, string message);

        void Message(MessageImportance importance, string message);

        /// <summary>False when nobody listens to low-importance messages, so per-file lines can be skipped.</summary>
        bool LogsLowImportance { get; }
    }

    /// <summary>One source tree and where it goes (full paths, no trailing separator).</summary>
    internal sealed record CopySource(string SourceFolder, string DestinationFolder, IReadOnlyList<PathPattern> Include, IReadOnlyList<PathPattern> Exclude);

    /// <summary>How the plan is run. Validated by the task before any I/O.</summary>
    internal sealed class CopyOptions
    {
        /// <summary>Concurrent file operations; 1 runs everything on the calling thread.</summary>
        public int Parallelism { get; set; } = 1;
        public int Retries { get; set; }
        public int RetryDelayMilliseconds { get; set; }
        public bool Mirror { get; set; }
        /// <summary>Full path of the single mirror root, or null for "each destination folder"; only set with <see cref="Mirror"/>.</summary>
        public string? MirrorRoot { get; set; }
        public IReadOnlyList<PathPattern> Preserve { get; set; } = Array.Empty<PathPattern>();
        /// <summary>-1: no limit. Otherwise the most entries a mirror may remove.</summary>
        public int MaxDeletions { get; set; } = -1;
        public bool DryRun { get; set; }
        public bool OverwriteReadOnlyFiles { get; set; }
        /// <summary>Whether two names that differ only in case are different files (Linux: yes).</summary>
        public bool CaseSensitive { get; set; } = PathPattern.PlatformCaseSensitive;
        /// <summary>
        /// Folders (full paths) besides the sources that links may point into without a warning (the project, the
        /// source root). Null: links are not checked at all (the task used on its own, without the site's targets).
        /// </summary>
        public IReadOnlyList<string>? LinkRoots { get; set; }
        /// <summary>False: links that point outside every source and <see cref="LinkRoots"/> are not copied.</summary>
        public bool FollowExternalLinks { get; set; } = true;
    }

    /// <summary>What will happen to one planned file, decided before any write.</summary>
    internal enum FileAction
    {
        Copy,
        SkipUnchanged,
        SelfCopy,
        Failed,
    }

    /// <summary>One destination file and the source that wins it.</summary>
    internal sealed class PlannedFile
    {
        public PlannedFile(string sourcePath, string destinationPath, long length, DateTime lastWriteTimeUtc)
        {
            SourcePath = sourcePath;
            DestinationPath = destinationPath;
            Length = length;
            LastWriteTimeUtc = lastWriteTimeUtc;
        }

        public string SourcePath { get; set; }
        public string DestinationPath { get; }
        /// <summary>Source size in bytes; -1 when unknown (then the file is always copied).</summary>
        public long Length { get; set; }
        public DateTime LastWriteTimeUtc { get; set; }
        public FileAction Action { get; set; } = FileAction.Copy;
        /// <summary>What the destination held before the copy (Missing when nothing).</summary>
        public EntryKind Existing { get; set; } = EntryKind.Missing;
        /// <summary>Set by the run: the file is now in place with the source's content.</summary>
        public bool Succeeded { get; set; }
    }

    /// <summary>One path a mirror removes (a file, a link, or a folder emptied just before).</summary>
    internal readonly record struct Removal(string Path, EntryKind Kind, bool LinkToDirectory);

    /// <summary>What a run did; the task turns it into outputs and the summary line.</summary>
    internal sealed class CopyResult
    {
        public IReadOnlyList<PlannedFile> Files { get; set; } = Array.Empty<PlannedFile>();
        /// <summary>Links followed that point outside the sources: link path and the target it resolves to.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> ExternalLinks { get; set; } = Array.Empty<KeyValuePair<string, string>>();
        public List<string> Removed { get; } = new List<string>();
        public int CopiedCount { get; set; }
        public int SkippedCount { get; set; }
        public long CopiedBytes { get; set; }
        public int DirectoriesCreated { get; set; }
        /// <summary>The parallelism of the run: threads that walk, copy and remove (1: all on the caller's thread).</summary>
        public int Jobs { get; set; } = 1;
        public bool Cancelled { get; set; }
        public bool HadErrors { get; set; }
        public bool DryRun { get; set; }
        public bool WroteFiles => !DryRun && (CopiedCount > 0 || Removed.Count > 0 || DirectoriesCreated > 0);
        public double ElapsedMilliseconds { get; set; }

        /// <summary>The task's one line about the run.</summary>
        public string Summary() => string.Format(
            CultureInfo.InvariantCulture,
            "ParallelCopy: {0} {1} ({2}), skipped {3}, {4} {5}, in {6:0} ms with {7} {8}",
            DryRun ? "would copy" : "copied", CopiedCount, Analysis.Format.Size(CopiedBytes), SkippedCount, DryRun ? "would remove" : "removed", Removed.Count,
            ElapsedMilliseconds, Jobs, Jobs == 1 ? "job" : "jobs");
    }
}
