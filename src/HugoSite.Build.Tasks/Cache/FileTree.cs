using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>File-system steps the cache repeats: atomic replace, tree removal, tree listing.</summary>
    internal static class FileTree
    {
        /// <summary>Writes text to a temporary name beside <paramref name="path"/>, then replaces it in one rename.</summary>
        public static void WriteAtomically(string path, string text)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            string tmp = path + "." + UniqueSuffix() + ".tmp";
            File.WriteAllText(tmp, text);
#if NETFRAMEWORK
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            File.Move(tmp, path);
#else
            File.Move(tmp, path, true);
#endif
        }

        /// <summary>Removes a folder and everything in it, read-only files included. Missing is fine.</summary>
        public static void Delete(string path)
        {
            if (!Directory.Exists(path))
            {
                return;
            }

            try
            {
                Directory.Delete(path, true);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                // Windows refuses to delete read-only files; Unix does not care about the file's own mode.
                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(path, true);
            }
        }

        /// <summary>Removes a folder, swallowing failures: used for leftovers that a later run retries.</summary>
        public static bool TryDelete(string path)
        {
            try
            {
                Delete(path);
                return true;
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                return false;
            }
        }

        /// <summary>
        /// Every folder and file under <paramref name="root"/>, as paths relative to it with '/' separators,
        /// folders before their contents, in ordinal order so the result never depends on the file system.
        /// </summary>
        public static void List(string root, List<string> directories, List<FileInfo> files, List<string> fileRelatives) =>
            ListInto(new DirectoryInfo(root), string.Empty, directories, files, fileRelatives);

        private static void ListInto(DirectoryInfo dir, string rel, List<string> directories, List<FileInfo> files, List<string> fileRelatives)
        {
            var children = new List<FileSystemInfo>(dir.EnumerateFileSystemInfos());
            children.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (FileSystemInfo child in children)
            {
                RefuseLink(child);
                if (child is FileInfo file)
                {
                    files.Add(file);
                    fileRelatives.Add(rel.Length == 0 ? child.Name : rel + "/" + child.Name);
                }
            }

            foreach (FileSystemInfo child in children)
            {
                if (child is DirectoryInfo sub)
                {
                    string childRel = rel.Length == 0 ? child.Name : rel + "/" + child.Name;
                    directories.Add(childRel);
                    ListInto(sub, childRel, directories, files, fileRelatives);
                }
            }
        }

        /// <summary>Throws at a symbolic link or junction: the build cache stores plain files and folders only.</summary>
        public static void RefuseLink(FileSystemInfo info)
        {
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new IOException(info.FullName + " is a symbolic link or junction; the build cache stores plain files and folders only");
            }
        }

        /// <summary>
        /// Removes from the tree under <paramref name="root"/> every file and folder that is not wanted (relative
        /// paths with '/' separators); unwanted folders go to <paramref name="discardFolder"/> whole. What stays is
        /// added to <paramref name="kept"/>. Returns false, having stopped, at a symbolic link or junction: such a
        /// tree is not reused, its links are not followed.
        /// </summary>
        public static bool Prune(string root, HashSet<string> wantedDirectories, HashSet<string> wantedFiles, Action<string> discardFolder, HashSet<string> kept) =>
            PruneUnder(new DirectoryInfo(root), string.Empty, wantedDirectories, wantedFiles, discardFolder, kept);

        /// <summary>Deletes a file, read-only or not; a missing file is fine.</summary>
        public static void DeleteFile(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (UnauthorizedAccessException) when (File.Exists(path))
            {
                File.SetAttributes(path, FileAttributes.Normal);
                File.Delete(path);
            }
        }

        private static bool PruneUnder(DirectoryInfo dir, string rel, HashSet<string> wantedDirectories, HashSet<string> wantedFiles, Action<string> discardFolder, HashSet<string> kept)
        {
            // Listed first, then changed: the folder is not modified while it is being read.
            var children = new List<FileSystemInfo>(dir.EnumerateFileSystemInfos());
            foreach (FileSystemInfo child in children)
            {
                if ((child.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    return false;
                }

                string childRel = rel.Length == 0 ? child.Name : rel + "/" + child.Name;
                if (child is DirectoryInfo sub)
                {
                    if (!wantedDirectories.Contains(childRel))
                    {
                        discardFolder(sub.FullName);
                    }
                    else if (!PruneUnder(sub, childRel, wantedDirectories, wantedFiles, discardFolder, kept))
                    {
                        return false;
                    }
                    else
                    {
                        kept.Add(childRel);
                    }
                }
                else if (!wantedFiles.Contains(childRel))
                {
                    DeleteFile(child.FullName);
                }
                else
                {
                    kept.Add(childRel);
                }
            }

            return true;
        }

        /// <summary>Whether a relative path stays below its root: not rooted, no empty, "." or ".." segment.</summary>
        public static bool IsSafeRelative(string relative)
        {
            if (relative.Length == 0 || relative.IndexOf('\0') >= 0 || Path.IsPathRooted(relative) || (PathCompat.IsWindows && relative.IndexOf(':') >= 0))
            {
                return false;
            }

            int start = 0;
            for (int i = 0; i <= relative.Length; i++)
            {
                if (i < relative.Length && relative[i] != '/' && relative[i] != '\\')
                {
                    continue;
                }

                int length = i - start;
                if (length == 0 || (relative[start] == '.' && (length == 1 || (length == 2 && relative[start + 1] == '.'))))
                {
                    return false;
                }

                start = i + 1;
            }

            return true;
        }

        /// <summary>A relative path with '/' separators turned into this platform's path under <paramref name="root"/>.</summary>
        public static string Under(string root, string relative) =>
            Path.Combine(root, Path.DirectorySeparatorChar == '/' ? relative : relative.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>A relative path of <paramref name="full"/> under <paramref name="root"/>, with '/' separators.</summary>
        public static string Relative(string root, string full)
        {
            string rel = PathCompat.GetRelativePath(root, full);
            return Path.DirectorySeparatorChar == '/' ? rel : rel.Replace(Path.DirectorySeparatorChar, '/');
        }

        public static string UniqueSuffix() => Guid.NewGuid().ToString("N").Substring(0, 12);
    }
}
