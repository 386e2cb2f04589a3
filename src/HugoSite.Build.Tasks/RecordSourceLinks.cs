using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Compat;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a successful build, records every folder link the site's input files are reached through, with the
    /// link's own time, in obj/hugo/links.txt ("ticks|path" per line). MSBuild's up-to-date check compares file
    /// times, and a link pointed at another folder whose files have the same names and older times changes no
    /// file time at all; the link's own time does change, so the next build (with built-in functions only) reads
    /// this file and builds again when a recorded link's time moved.
    /// </summary>
    public sealed class RecordSourceLinks : Task
    {
        /// <summary>The site's input files, as MSBuild's globs found them (through links).</summary>
        public ITaskItem[]? Files { get; set; }

        /// <summary>The folders the inputs come from: links above them are the user's business, not the site's.</summary>
        public ITaskItem[]? Roots { get; set; }

        [Required]
        public string StateFile { get; set; } = string.Empty;

        /// <summary>How many folder links were recorded.</summary>
        [Output]
        public int LinkCount { get; private set; }

        public override bool Execute()
        {
            var roots = new List<string>();
            foreach (ITaskItem root in Roots ?? Array.Empty<ITaskItem>())
            {
                if (root.ItemSpec.Trim().Length > 0)
                {
                    roots.Add(PathCompat.AppendSeparator(Path.GetFullPath(root.ItemSpec)));
                }
            }

            List<string> links = FolderLinks(Files ?? Array.Empty<ITaskItem>(), roots);
            var text = new StringBuilder();
            foreach (string link in links)
            {
                text.Append(File.GetLastWriteTime(link).Ticks.ToString(CultureInfo.InvariantCulture)).Append('|').Append(link).Append('\n');
            }

            LinkCount = links.Count;
            try
            {
                if (links.Count == 0)
                {
                    // No file, nothing for the next build to read: a site without links pays nothing.
                    File.Delete(StateFile);
                }
                else
                {
                    Cache.FileTree.WriteAtomically(StateFile, text.ToString());
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Without the record a changed link goes unnoticed until a file changes: worth a line, not a failure.
                Log.LogMessage(MessageImportance.Normal, "Could not record the site's folder links in {0} ({1}).", StateFile, ex.Message);
            }

            return !Log.HasLoggedErrors;
        }

        /// <summary>Every folder between a root and an input file that is a link (or junction), each once, in ordinal order.</summary>
        internal static List<string> FolderLinks(IEnumerable<ITaskItem> files, IReadOnlyList<string> roots)
        {
            StringComparison comparison = PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var seen = new HashSet<string>(PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            var links = new List<string>();
            foreach (ITaskItem item in files)
            {
                string file = Path.GetFullPath(item.ItemSpec);
                string? root = null;
                foreach (string candidate in roots)
                {
                    if (file.StartsWith(candidate, comparison) && (root == null || candidate.Length > root.Length))
                    {
                        root = candidate;
                    }
                }

                if (root == null)
                {
                    continue;
                }

                // Up from the file's folder to (not including) the root; a folder seen before ends the climb.
                for (string? dir = Path.GetDirectoryName(file); dir != null && dir.Length >= root.Length && seen.Add(dir); dir = Path.GetDirectoryName(dir))
                {
                    try
                    {
                        if ((File.GetAttributes(dir) & FileAttributes.ReparsePoint) != 0)
                        {
                            links.Add(dir);
                        }
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // Gone since the glob: the next build sees the file list change anyway.
                    }
                }
            }

            links.Sort(comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            return links;
        }
    }
}
