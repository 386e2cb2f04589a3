using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Output
{
    /// <summary>How two folders relate once links and <c>..</c> are resolved.</summary>
    internal enum Overlap
    {
        None,
        Same,
        /// <summary>The first folder lies inside the second.</summary>
        Inside,
        /// <summary>The first folder contains the second.</summary>
        Contains,
    }

    /// <summary>
    /// Real paths and how folders overlap: <c>..</c> is resolved first (as MSBuild and the build's own file operations
    /// read a path), then every symbolic link along the path, the way the operating system follows it, and names are
    /// compared without case where the platform's file systems ignore it (Windows, macOS).
    /// </summary>
    internal static class OutputPaths
    {
        private const int MaxLinks = 40;

        private static StringComparison Comparison => PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        /// <summary>
        /// The path with <c>..</c> and every symbolic link resolved, without a trailing separator. Parts that do not
        /// exist yet are kept as written.
        /// </summary>
        public static string Resolve(string path)
        {
            string full = Trim(Path.GetFullPath(path));
#if NETFRAMEWORK
            // .NET Framework has no API for link targets; Windows junctions are compared as written.
            return full;
#else
            int links = 0;
            return ResolveLinks(full, ref links);
#endif
        }

#if !NETFRAMEWORK
        private static string ResolveLinks(string full, ref int links)
        {
            string root = Path.GetPathRoot(full) ?? string.Empty;
            string[] parts = full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            string current = root;
            for (int i = 0; i < parts.Length; i++)
            {
                string next = Path.Combine(current, parts[i]);
                string? target = LinkTarget(next);
                if (target == null)
                {
                    current = next;
                    continue;
                }

                if (++links > MaxLinks)
                {
                    throw new IOException("Too many levels of symbolic links in " + full);
                }

                string rest = string.Join(Path.DirectorySeparatorChar.ToString(), parts, i + 1, parts.Length - i - 1);
                string joined = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
                return ResolveLinks(Trim(rest.Length == 0 ? joined : Path.Combine(joined, rest)), ref links);
            }

            return Trim(current);
        }

        private static string? LinkTarget(string path)
        {
            try
            {
                return new FileInfo(path).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
#endif

        /// <summary>How <paramref name="a"/> relates to <paramref name="b"/>, both already resolved.</summary>
        public static Overlap Compare(string a, string b)
        {
            a = Trim(a);
            b = Trim(b);
            if (string.Equals(a, b, Comparison))
            {
                return Overlap.Same;
            }

            if (IsUnder(a, b))
            {
                return Overlap.Inside;
            }

            return IsUnder(b, a) ? Overlap.Contains : Overlap.None;
        }

        /// <summary>Whether <paramref name="path"/> lies strictly inside <paramref name="folder"/>.</summary>
        public static bool IsUnder(string path, string folder)
        {
            string prefix = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
            return path.Length > prefix.Length && path.StartsWith(prefix, Comparison);
        }

        public static bool SamePath(string a, string b) => string.Equals(Trim(a), Trim(b), Comparison);

        public static IEqualityComparer<string> NameComparer => PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

        private static string Trim(string path)
        {
            string root = Path.GetPathRoot(path) ?? string.Empty;
            string trimmed = path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return trimmed.Length < root.Length ? root : trimmed;
        }
    }

    /// <summary>A folder the output may not overlap, and how: sources may not overlap at all; the project folder only may not lie inside it.</summary>
    /// <param name="Role">What the folder is, in words: "the content folder", "the project folder".</param>
    internal sealed record GuardedFolder(string Role, string Path, bool OutputMayLieInside);

    /// <summary>The output folder checked against every folder a build reads or owns, before anything is moved.</summary>
    internal static class OutputGuard
    {
        /// <summary>
        /// The first folder the output overlaps, with words for the error, or null when the output is safe. The
        /// output may not be, contain or lie inside a source or the build's own folders; it may lie inside the project
        /// folder (public/) but may not be it or contain it.
        /// </summary>
        public static string? FindOverlap(string output, IEnumerable<GuardedFolder> folders)
        {
            string realOutput = OutputPaths.Resolve(output);
            foreach (GuardedFolder folder in folders)
            {
                if (string.IsNullOrWhiteSpace(folder.Path))
                {
                    continue;
                }

                string real = OutputPaths.Resolve(folder.Path);
                Overlap overlap = OutputPaths.Compare(realOutput, real);
                switch (overlap)
                {
                    case Overlap.Same:
                        return "is " + folder.Role + " ('" + real + "')";
                    case Overlap.Contains:
                        return "contains " + folder.Role + " ('" + real + "')";
                    case Overlap.Inside when !folder.OutputMayLieInside:
                        return "lies inside " + folder.Role + " ('" + real + "')";
                }
            }

            return null;
        }
    }
}
