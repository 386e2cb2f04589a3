using System;
using System.IO;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Names of the restore's folders beside the output folder: ".public.cache-restore-x", ".public.cache-old-x".</summary>
    internal static class OutputSibling
    {
        private const string RestoreMark = ".cache-restore-";
        private const string OldMark = ".cache-old-";

        private static string Normalize(string output) =>
            Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

        /// <summary>A new, unique folder name to assemble a restore in (the parent is created).</summary>
        public static string Restore(string output) => Named(output, RestoreMark + FileTree.UniqueSuffix(), create: true);

        /// <summary>A new, unique name for the previous output while it is swapped out.</summary>
        public static string Old(string output) => Named(output, OldMark + FileTree.UniqueSuffix(), create: false);

        /// <summary>Leftovers of earlier restores beside the output: every old output, and assembly folders older than an hour.</summary>
        public static string[] Leftovers(string output, DateTime utcNow)
        {
            string full = Normalize(output);
            string? parent = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(parent) || !Directory.Exists(parent))
            {
                return Array.Empty<string>();
            }

            string prefix = "." + Path.GetFileName(full);
            var found = new System.Collections.Generic.List<string>(Directory.GetDirectories(parent!, prefix + OldMark + "*"));
            foreach (string dir in Directory.GetDirectories(parent!, prefix + RestoreMark + "*"))
            {
                // A younger one may belong to a build restoring right now.
                if (utcNow - Directory.GetLastWriteTimeUtc(dir) > TimeSpan.FromHours(1))
                {
                    found.Add(dir);
                }
            }

            return found.ToArray();
        }

        private static string Named(string output, string suffix, bool create)
        {
            string full = Normalize(output);
            string parent = Path.GetDirectoryName(full) ?? throw new IOException("The output folder has no parent: " + full);
            if (create)
            {
                Directory.CreateDirectory(parent);
            }

            return Path.Combine(parent, "." + Path.GetFileName(full) + suffix);
        }
    }
}
