using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// ParallelCopy's parameters turned into <see cref="CopyOptions"/> and <see cref="CopySource"/>s. Every problem is
    /// a coded error, and each is reported before the copy gives up, so one build names them all.
    /// </summary>
    internal sealed class CopyArguments
    {
        private readonly ICopyLog _log;

        public CopyArguments(ICopyLog log)
        {
            _log = log;
        }

        /// <summary>The default parallelism: file creation waits on the disk as much as on the processor.</summary>
        internal static int DefaultParallelism => Math.Min(16, Math.Max(4, Environment.ProcessorCount * 2));

        public CopyOptions Options(ParallelCopy task)
        {
            CheckAtLeast(nameof(task.MaxParallelism), task.MaxParallelism, 0, "0 (default) or more; 1 copies sequentially");
            CheckAtLeast(nameof(task.Retries), task.Retries, 0, "0 or more");
            CheckAtLeast(nameof(task.RetryDelayMilliseconds), task.RetryDelayMilliseconds, 0, "0 or more");
            CheckAtLeast(nameof(task.MaxDeletions), task.MaxDeletions, -1, "-1 (no limit) or 0 and more");

            var problems = new List<string>();
            var preserve = new List<PathPattern>();
            foreach (string text in task.Preserve ?? Array.Empty<string>())
            {
                preserve.AddRange(PathPattern.ParseList(text, PathPattern.PlatformCaseSensitive, problems));
            }

            foreach (string problem in problems)
            {
                _log.Error(CopyCodes.InvalidPattern, null, $"The Preserve pattern {problem}.");
            }

            string? mirrorRoot = null;
            if (task.Mirror && !string.IsNullOrWhiteSpace(task.MirrorRoot))
            {
                mirrorRoot = FullFolderPath(task.MirrorRoot!, "MirrorRoot");
            }

            return new CopyOptions
            {
                Parallelism = !task.Parallel ? 1 : task.MaxParallelism == 0 ? DefaultParallelism : task.MaxParallelism,
                Retries = task.Retries,
                RetryDelayMilliseconds = task.RetryDelayMilliseconds,
                Mirror = task.Mirror,
                MirrorRoot = mirrorRoot,
                Preserve = preserve,
                MaxDeletions = task.MaxDeletions,
                DryRun = task.DryRun,
                OverwriteReadOnlyFiles = task.OverwriteReadOnlyFiles,
                CaseSensitive = PathPattern.PlatformCaseSensitive,
                LinkRoots = task.LinkRoots,
                FollowExternalLinks = task.FollowExternalLinks,
            };
        }

        /// <summary>The source folders: each item's path with metadata DestinationFolder, Include and Exclude.</summary>
        public List<CopySource> Sources(ITaskItem[]? items)
        {
            var sources = new List<CopySource>();
            foreach (var item in items ?? Array.Empty<ITaskItem>())
            {
                string spec = item.ItemSpec;
                string destination = item.GetMetadata("DestinationFolder");
                if (string.IsNullOrWhiteSpace(spec))
                {
                    _log.Error(CopyCodes.InvalidParameter, null, "A Sources item has an empty path. Give each item the path of a source folder.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(destination))
                {
                    _log.Error(CopyCodes.MissingDestination, spec, $"The source folder '{spec}' has no DestinationFolder metadata. Add DestinationFolder=\"...\" to the item.");
                    continue;
                }

                string? source = FullFolderPath(spec, "source folder");
                string? dest = FullFolderPath(destination, "DestinationFolder");
                var problems = new List<string>();
                var include = PathPattern.ParseList(item.GetMetadata("Include"), PathPattern.PlatformCaseSensitive, problems);
                int includeProblems = problems.Count;
                var exclude = PathPattern.ParseList(item.GetMetadata("Exclude"), PathPattern.PlatformCaseSensitive, problems);
                for (int i = 0; i < problems.Count; i++)
                {
                    string which = i < includeProblems ? "Include" : "Exclude";
                    _log.Error(CopyCodes.InvalidPattern, spec, $"The {which} pattern {problems[i]} (source folder '{spec}').");
                }

                if (source != null && dest != null && problems.Count == 0)
                {
                    sources.Add(new CopySource(source, dest, include, exclude));
                }
            }

            return sources;
        }

        private void CheckAtLeast(string name, int value, int minimum, string allowed)
        {
            if (value < minimum)
            {
                _log.Error(CopyCodes.InvalidParameter, null, $"{name}={value} is not valid: use {allowed}.");
            }
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
                _log.Error(CopyCodes.InvalidPath, null, $"The {what} '{Printable(path)}' is not a valid path ({ex.Message}). Remove invalid characters or shorten it.");
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
    }
}
