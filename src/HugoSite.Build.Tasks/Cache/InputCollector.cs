using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;
using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>A folder whose files are inputs of one role ("template", "theme", "content", "component/search").</summary>
    internal sealed class InputRoot
    {
        public InputRoot(string role, string folder, IReadOnlyList<PathPattern>? exclude = null)
        {
            Role = role;
            Folder = PathCompat.AppendSeparator(Path.GetFullPath(folder));
            Exclude = exclude ?? Array.Empty<PathPattern>();
        }

        public string Role { get; }
        /// <summary>Full path with a trailing separator.</summary>
        public string Folder { get; }
        /// <summary>The copy source's Exclude globs (the copy's rule: no '/' matches at any depth).</summary>
        public IReadOnlyList<PathPattern> Exclude { get; }
    }

    /// <summary>An input file and its key: the role plus the path within the role's folder.</summary>
    internal sealed record InputFile(string Key, string FullPath);

    /// <summary>
    /// Names every input file by its role and its path within the role, never by its absolute path: two clones
    /// of one site in different folders get the same keys, hence the same fingerprint and the same cache entries.
    /// </summary>
    internal static class InputCollector
    {
        private static readonly StringComparison PathComparison =
            PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        /// <summary>The role of a copy source from where it lands in the work folder.</summary>
        public static string RoleForDestination(string workDirectory, string destinationFolder)
        {
            string rel = string.IsNullOrEmpty(workDirectory)
                ? destinationFolder
                : PathCompat.GetRelativePath(workDirectory, destinationFolder);
            rel = rel.Replace('\\', '/').Trim('/');
            if (rel.Length == 0 || rel == ".")
            {
                return "template";
            }

            if (rel.StartsWith("themes/", StringComparison.Ordinal) || rel == "themes")
            {
                return "theme";
            }

            return rel;
        }

        /// <summary>Keys for given files: each belongs to the innermost root that holds it, else to the project.</summary>
        public static List<InputFile> FromFiles(IEnumerable<string> fullPaths, IReadOnlyList<InputRoot> roots, string projectDirectory)
        {
            string project = string.IsNullOrEmpty(projectDirectory) ? string.Empty : PathCompat.AppendSeparator(Path.GetFullPath(projectDirectory));

            var result = new List<InputFile>();
            var seenPaths = new HashSet<string>(PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            var seenKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string path in fullPaths)
            {
                string full = Path.GetFullPath(path);
                if (!seenPaths.Add(full))
                {
                    continue;
                }

                string key = KeyFor(full, roots, project);
                result.Add(new InputFile(Unique(key, seenKeys), full));
            }

            return result;
        }

        /// <summary>
        /// Keys for every file under the roots, when the targets give no file list: what each root's Exclude globs
        /// match is skipped, as the copy skips it (with no globs, ".git" folders are skipped).
        /// </summary>
        public static List<InputFile> FromRoots(IReadOnlyList<InputRoot> roots)
        {
            var result = new List<InputFile>();
            var seenKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (InputRoot root in roots)
            {
                if (!Directory.Exists(root.Folder))
                {
                    continue;
                }

                var pending = new Stack<string>();
                pending.Push(root.Folder);
                while (pending.Count > 0)
                {
                    string dir = pending.Pop();
                    foreach (string sub in Directory.EnumerateDirectories(dir))
                    {
                        if (!IsExcluded(root, sub))
                        {
                            pending.Push(sub);
                        }
                    }

                    foreach (string file in Directory.EnumerateFiles(dir))
                    {
                        if (IsExcluded(root, file))
                        {
                            continue;
                        }

                        string key = root.Role + "/" + FileTree.Relative(root.Folder, file);
                        result.Add(new InputFile(Unique(key, seenKeys), file));
                    }
                }
            }

            return result;
        }

        private static bool IsExcluded(InputRoot root, string path)
        {
            if (root.Exclude.Count == 0)
            {
                return string.Equals(Path.GetFileName(path), ".git", StringComparison.Ordinal);
            }

            return PathPattern.AnyMatches(root.Exclude, FileTree.Relative(root.Folder, path).Split('/'));
        }

        private static string KeyFor(string full, IReadOnlyList<InputRoot> roots, string project)
        {
            InputRoot? innermost = null;
            for (int i = 0; i < roots.Count; i++)
            {
                InputRoot root = roots[i];
                if ((innermost == null || root.Folder.Length > innermost.Folder.Length) && full.StartsWith(root.Folder, PathComparison))
                {
                    innermost = root;
                }
            }

            if (innermost != null)
            {
                return innermost.Role + "/" + ToSlashes(full.Substring(innermost.Folder.Length));
            }

            if (project.Length > 0 && full.StartsWith(project, PathComparison))
            {
                return "project/" + ToSlashes(full.Substring(project.Length));
            }

            return "external/" + ToSlashes(full);
        }

        private static string Unique(string key, HashSet<string> seen)
        {
            string candidate = key;
            for (int n = 2; !seen.Add(candidate); n++)
            {
                candidate = key + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static string ToSlashes(string path) => Path.DirectorySeparatorChar == '/' ? path : path.Replace('\\', '/');
    }
}
