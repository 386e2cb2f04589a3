using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Cache;

namespace HugoSite.Build.Tasks.Output
{
    /// <summary>One file the build published into the output folder, as it was when published.</summary>
    /// <param name="Relative">Relative to the output folder, '/' separators.</param>
    internal sealed record PublishedFile(string Relative, long Size, long LastWriteTicks)
    {
        /// <summary>Whether the file at <paramref name="path"/> is still the one published (size and time).</summary>
        public bool Matches(FileInfo info) => info.Exists && info.Length == Size && info.LastWriteTimeUtc.Ticks == LastWriteTicks;
    }

    /// <summary>
    /// obj/hugo/published.txt: which output folder the build published into, and every folder and file it put there.
    /// It is how a build proves a file in the output folder is its own: anything not listed is the user's and is
    /// never replaced, moved away for good or deleted.
    /// </summary>
    internal sealed class PublishedList
    {
        public const string FileName = "published.txt";
        private const string Header = "hugosite-build published 1";

        public PublishedList(string output)
        {
            Output = output;
        }

        /// <summary>The output folder, resolved (links followed).</summary>
        public string Output { get; }

        public List<string> Directories { get; } = new List<string>();

        public List<PublishedFile> Files { get; } = new List<PublishedFile>();

        public static string PathIn(string intermediateDirectory) => System.IO.Path.Combine(intermediateDirectory, FileName);

        /// <summary>Every folder and file under <paramref name="root"/> as published into <paramref name="output"/>.</summary>
        public static PublishedList Of(string root, string output)
        {
            var list = new PublishedList(output);
            Walk(new DirectoryInfo(root), string.Empty, list);
            return list;
        }

        private static void Walk(DirectoryInfo dir, string rel, PublishedList list)
        {
            var children = new List<FileSystemInfo>(dir.EnumerateFileSystemInfos());
            children.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (FileSystemInfo child in children)
            {
                string childRel = rel.Length == 0 ? child.Name : rel + "/" + child.Name;
                if (child is DirectoryInfo sub && (child.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    list.Directories.Add(childRel);
                    Walk(sub, childRel, list);
                }
                else
                {
                    var info = new FileInfo(child.FullName);
                    list.Files.Add(new PublishedFile(childRel, info.Exists ? info.Length : 0, info.Exists ? info.LastWriteTimeUtc.Ticks : 0));
                }
            }
        }

        /// <summary>The list, or null when there is none or it is not in this format (then nothing counts as published).</summary>
        public static PublishedList? Load(string path)
        {
            string[]? lines = ReadLines(path);
            if (lines == null || lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("output\t", StringComparison.Ordinal))
            {
                return null;
            }

            var list = new PublishedList(lines[1].Substring("output\t".Length));
            for (int i = 2; i < lines.Length; i++)
            {
                string[] parts = lines[i].Split('\t');
                if (parts.Length == 2 && parts[0] == "d" && FileTree.IsSafeRelative(parts[1]))
                {
                    list.Directories.Add(parts[1]);
                }
                else if (parts.Length == 4 && parts[0] == "f" && FileTree.IsSafeRelative(parts[1])
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
                {
                    list.Files.Add(new PublishedFile(parts[1], size, ticks));
                }
                else if (lines[i].Length > 0)
                {
                    return null;
                }
            }

            return list;
        }

        /// <summary>The lines of a file the build keeps in obj/hugo (UTF-8); null when there is none or it cannot be read.</summary>
        internal static string[]? ReadLines(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllLines(path, Encoding.UTF8) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        public void Save(string path)
        {
            var text = new StringBuilder();
            text.Append(Header).Append('\n');
            text.Append("output\t").Append(Output).Append('\n');
            foreach (string dir in Directories)
            {
                text.Append("d\t").Append(dir).Append('\n');
            }

            foreach (PublishedFile file in Files)
            {
                text.Append("f\t").Append(file.Relative).Append('\t')
                    .Append(file.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(file.LastWriteTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            FileTree.WriteAtomically(path, text.ToString());
        }

        /// <summary>The files by relative path, compared as the platform compares names.</summary>
        public Dictionary<string, PublishedFile> FilesByPath()
        {
            var map = new Dictionary<string, PublishedFile>(OutputPaths.NameComparer);
            foreach (PublishedFile file in Files)
            {
                map[file.Relative] = file;
            }

            return map;
        }

        /// <summary>Every listed folder and every folder above a listed file: where the build's own files live.</summary>
        public HashSet<string> OwnedFolders()
        {
            var set = new HashSet<string>(OutputPaths.NameComparer);
            foreach (string dir in Directories)
            {
                set.Add(dir);
            }

            foreach (PublishedFile file in Files)
            {
                string rel = file.Relative;
                for (int slash = rel.LastIndexOf('/'); slash > 0; slash = rel.LastIndexOf('/', slash - 1))
                {
                    if (!set.Add(rel.Substring(0, slash)))
                    {
                        break;
                    }
                }
            }

            return set;
        }
    }
}
