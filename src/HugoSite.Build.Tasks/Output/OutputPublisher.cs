using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Cache;

namespace HugoSite.Build.Tasks.Output
{
    /// <summary>What a publish did besides replacing the build's own files.</summary>
    internal sealed class PublishResult
    {
        public PublishResult(string output)
        {
            Output = output;
        }

        /// <summary>The output folder written, links followed.</summary>
        public string Output { get; }

        /// <summary>The user's own files and folders in the output folder, carried over into the new site.</summary>
        public List<string> Kept { get; } = new List<string>();

        /// <summary>The user's files at a path the new site also has: the site's version was published, the user's saved in <see cref="SavedFolder"/>.</summary>
        public List<string> Replaced { get; } = new List<string>();

        public string? SavedFolder { get; set; }

        /// <summary>The previous output when it could not be removed after the swap (the new site is in place).</summary>
        public string? LeftOver { get; set; }

        public string? LeftOverReason { get; set; }
    }

    /// <summary>
    /// Puts a complete new site in place of the output folder so that a reader sees the old site or the new one,
    /// and nothing the user put in the output folder is lost: files and folders no build of this project published
    /// (obj/hugo/published.txt) are moved into the new tree before the swap (renames within the output folder's
    /// volume), a user's file at a path the new site also has is saved under obj/hugo-replaced/ first, and `.git`
    /// is always the user's. Every step is written to obj/hugo/publish.journal before it is taken, so a failure
    /// here, or a build killed halfway, is undone (or finished) by <see cref="Recover"/> before the next build
    /// touches anything.
    /// </summary>
    internal static class OutputPublisher
    {
        public const string JournalName = "publish.journal";
        private const string NewListSuffix = ".new";

        /// <summary>Tests only: runs just before the new site is renamed into place, to fail the swap there.</summary>
        internal static Action? FaultBeforeFinalMove;

        /// <summary>
        /// Publishes <paramref name="incoming"/> (a complete site, on the output's volume) as
        /// <paramref name="output"/>. <paramref name="disposeOld"/> takes the previous output, which then holds
        /// only the build's own files; when it throws, the new site stays and <see cref="PublishResult.LeftOver"/>
        /// says where the old one is.
        /// </summary>
        public static PublishResult Publish(string incoming, string output, string intermediateDirectory, Action<string> disposeOld)
        {
            string real = OutputPaths.Resolve(output);
            if (File.Exists(real))
            {
                throw new OutputIsFileException(real);
            }

            incoming = Path.GetFullPath(incoming);
            var result = new PublishResult(real);
            PublishedList next = PublishedList.Of(incoming, real);
            string listPath = PublishedList.PathIn(intermediateDirectory);
            var journal = new Journal(real, incoming, Directory.Exists(real) ? Sibling(real, ".old-") : null);

            if (journal.Aside != null)
            {
                PublishedList? previous = PublishedList.Load(listPath);
                if (previous != null && !OutputPaths.SamePath(previous.Output, real))
                {
                    previous = null;
                }

                PlanCarry(real, incoming, previous, intermediateDirectory, journal, result);
            }

            string journalPath = Path.Combine(intermediateDirectory, JournalName);
            journal.Save(journalPath);
            try
            {
                next.Save(listPath + NewListSuffix);
                journal.Carry();
                if (journal.Aside != null)
                {
                    Directory.Move(real, journal.Aside);
                }
                else
                {
                    CreateParent(real);
                }

                try
                {
                    FaultBeforeFinalMove?.Invoke();
                    Directory.Move(incoming, real);
                }
                catch
                {
                    if (journal.Aside != null && !Directory.Exists(real))
                    {
                        Directory.Move(journal.Aside, real);
                    }

                    throw;
                }
            }
            catch
            {
                journal.Uncarry();
                TryDeleteFile(listPath + NewListSuffix);
                TryDeleteFile(journalPath);
                throw;
            }

            // The new site is in place: from here on nothing is undone, only finished.
            Commit(listPath);
            TryDeleteFile(journalPath);
            if (journal.Aside != null)
            {
                try
                {
                    disposeOld(journal.Aside);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    result.LeftOver = journal.Aside;
                    result.LeftOverReason = ex.Message;
                }
            }

            return result;
        }

        /// <summary>
        /// Publishes Hugo's staging folder. It may be on another volume than the output (obj/ on tmpfs): a rename cannot
        /// cross it, so then the site is copied beside the output first and published from there.
        /// </summary>
        public static PublishResult PublishStaged(string staging, string output, string intermediateDirectory)
        {
            try
            {
                return Publish(staging, output, intermediateDirectory, FileTree.Delete);
            }
            catch (IOException e) when (!(e is OutputIsFileException) && Directory.Exists(staging))
            {
            }

            string copy = Sibling(OutputPaths.Resolve(output), ".new-");
            try
            {
                CopyTree(staging, copy);
                return Publish(copy, output, intermediateDirectory, FileTree.Delete);
            }
            catch
            {
                FileTree.TryDelete(copy);
                throw;
            }
        }

        /// <summary>
        /// Undoes or finishes what a publish that never ended (a killed build) left: the old output put back (the user's
        /// files with it) when the swap had not happened, or the new one kept and its file list committed when it had.
        /// Returns a sentence saying which, or null when there was nothing to do.
        /// </summary>
        public static string? Recover(string intermediateDirectory)
        {
            string journalPath = Path.Combine(intermediateDirectory, JournalName);
            Journal? journal = Journal.Load(journalPath);
            string listPath = PublishedList.PathIn(intermediateDirectory);
            if (journal == null)
            {
                TryDeleteFile(journalPath);
                TryDeleteFile(listPath + NewListSuffix);
                return null;
            }

            string message;
            bool swapped = !Directory.Exists(journal.Incoming) && Directory.Exists(journal.Output);
            if (swapped)
            {
                Commit(listPath);
                if (journal.Aside != null && Directory.Exists(journal.Aside))
                {
                    FileTree.TryDelete(journal.Aside);
                }

                message = "the new site it had put in place was kept";
            }
            else
            {
                if (journal.Aside != null && Directory.Exists(journal.Aside) && !Directory.Exists(journal.Output))
                {
                    Directory.Move(journal.Aside, journal.Output);
                }

                journal.Uncarry();
                TryDeleteFile(listPath + NewListSuffix);
                message = "the previous site was put back";
            }

            TryDeleteFile(journalPath);
            return message;
        }

        /// <summary>A fresh hidden name beside <paramref name="folder"/>: ".public.old-1a2b…".</summary>
        public static string Sibling(string folder, string mark)
        {
            string parent = Path.GetDirectoryName(folder) ?? throw new IOException("The output folder has no parent: " + folder);
            return Path.Combine(parent, "." + Path.GetFileName(folder) + mark + FileTree.UniqueSuffix());
        }

        private static void CopyTree(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (string dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(destination, dir.Substring(source.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
            }

            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(destination, file.Substring(source.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)), true);
            }
        }

        private static void Commit(string listPath)
        {
            string pending = listPath + NewListSuffix;
            if (!File.Exists(pending))
            {
                return;
            }

#if NETFRAMEWORK
            if (File.Exists(listPath))
            {
                File.Delete(listPath);
            }

            File.Move(pending, listPath);
#else
            File.Move(pending, listPath, true);
#endif
        }

        /// <summary>Decides what of the current output is the user's and where each piece goes.</summary>
        private static void PlanCarry(string output, string incoming, PublishedList? previous, string intermediateDirectory, Journal journal, PublishResult result)
        {
            Dictionary<string, PublishedFile> owned = previous?.FilesByPath() ?? new Dictionary<string, PublishedFile>();
            HashSet<string> ownedFolders = previous?.OwnedFolders() ?? new HashSet<string>();
            string? saved = null;
            Walk(new DirectoryInfo(output), string.Empty);

            void Walk(DirectoryInfo dir, string rel)
            {
                foreach (FileSystemInfo child in dir.EnumerateFileSystemInfos())
                {
                    string childRel = rel.Length == 0 ? child.Name : rel + "/" + child.Name;
                    bool isLink = (child.Attributes & FileAttributes.ReparsePoint) != 0;
                    bool isGit = string.Equals(child.Name, ".git", StringComparison.OrdinalIgnoreCase);
                    // A folder the build's files live in, or one the new site also has: the user's files inside are
                    // carried one by one (the rest of it is the build's and goes with the old site).
                    if (child is DirectoryInfo sub && !isLink && !isGit
                        && (ownedFolders.Contains(childRel) || (Directory.Exists(FileTree.Under(incoming, childRel)) && !IsLink(FileTree.Under(incoming, childRel)))))
                    {
                        Walk(sub, childRel);
                        continue;
                    }

                    if (!isLink && !isGit && child is FileInfo && owned.ContainsKey(childRel))
                    {
                        continue;
                    }

                    // The user's: into the new tree at the same place, unless the new site has something there.
                    string target = FileTree.Under(incoming, childRel);
                    if (!File.Exists(target) && !Directory.Exists(target) && !IsLink(target))
                    {
                        journal.Moves.Add(new Move(child.FullName, target));
                        result.Kept.Add(childRel);
                        continue;
                    }

                    if (!isLink && child is FileInfo file && File.Exists(target) && SameContent(file, new FileInfo(target)))
                    {
                        // The site publishes exactly this file: it becomes the build's own, nothing is lost.
                        continue;
                    }

                    saved ??= Path.Combine(SavedRoot(intermediateDirectory), DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + FileTree.UniqueSuffix().Substring(0, 6));
                    journal.Moves.Add(new Move(child.FullName, FileTree.Under(saved, childRel)));
                    result.Replaced.Add(childRel);
                }
            }

            result.SavedFolder = saved;
        }

        /// <summary>obj/hugo-replaced: beside obj/hugo, so that a clean (which removes obj/hugo) never takes it.</summary>
        public static string SavedRoot(string intermediateDirectory) =>
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(intermediateDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))!, "hugo-replaced");

        private static bool IsLink(string path)
        {
            try
            {
                // A missing path reports every attribute bit (-1).
                FileAttributes attributes = new FileInfo(path).Attributes;
                return (int)attributes != -1 && (attributes & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static bool SameContent(FileInfo a, FileInfo b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            using FileStream x = a.OpenRead();
            using FileStream y = b.OpenRead();
            var bx = new byte[65536];
            var by = new byte[65536];
            while (true)
            {
                int nx = ReadFull(x, bx);
                int ny = ReadFull(y, by);
                if (nx != ny)
                {
                    return false;
                }

                if (nx == 0)
                {
                    return true;
                }

                for (int i = 0; i < nx; i++)
                {
                    if (bx[i] != by[i])
                    {
                        return false;
                    }
                }
            }
        }

        private static int ReadFull(Stream stream, byte[] buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        /// <summary>Deletes a file when it can; a missing file is fine, one that cannot be deleted stays.</summary>
        internal static void TryDeleteFile(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }

        private static void CreateParent(string path)
        {
            string? parent = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(parent))
            {
                Directory.CreateDirectory(parent);
            }
        }

        private static void MoveEntry(string from, string to)
        {
            CreateParent(to);

            if (Directory.Exists(from) && (new DirectoryInfo(from).Attributes & FileAttributes.ReparsePoint) == 0)
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to);
            }
        }

        private static bool EntryExists(string path) => File.Exists(path) || Directory.Exists(path) || IsLink(path);

        private sealed record Move(string From, string To);

        /// <summary>obj/hugo/publish.journal: the swap's folders and every move of the user's entries, written before any is made.</summary>
        private sealed record Journal(string Output, string Incoming, string? Aside)
        {
            private const string Header = "hugosite-build publish 1";

            public List<Move> Moves { get; } = new List<Move>();

            public static Journal? Load(string path)
            {
                string[]? lines = PublishedList.ReadLines(path);
                if (lines == null || lines.Length < 4 || lines[0] != Header)
                {
                    return null;
                }

                var journal = new Journal(lines[1], lines[2], lines[3].Length == 0 ? null : lines[3]);
                for (int i = 4; i < lines.Length; i++)
                {
                    string[] parts = lines[i].Split('\t');
                    if (parts.Length == 2)
                    {
                        journal.Moves.Add(new Move(parts[0], parts[1]));
                    }
                }

                return journal;
            }

            public void Save(string path)
            {
                var text = new StringBuilder();
                text.Append(Header).Append('\n').Append(Output).Append('\n').Append(Incoming).Append('\n').Append(Aside ?? string.Empty).Append('\n');
                foreach (Move move in Moves)
                {
                    text.Append(move.From).Append('\t').Append(move.To).Append('\n');
                }

                FileTree.WriteAtomically(path, text.ToString());
            }

            public void Carry()
            {
                foreach (Move move in Moves)
                {
                    MoveEntry(move.From, move.To);
                }
            }

            /// <summary>Every entry that was moved goes back where it was; entries already back, or never moved, are left alone.</summary>
            public void Uncarry()
            {
                for (int i = Moves.Count - 1; i >= 0; i--)
                {
                    Move move = Moves[i];
                    string from = move.From;
                    if (Aside != null && !Directory.Exists(Output) && Directory.Exists(Aside) && OutputPaths.IsUnder(from, Output))
                    {
                        from = Aside + from.Substring(Output.Length);
                    }

                    if (EntryExists(move.To) && !EntryExists(from))
                    {
                        MoveEntry(move.To, from);
                    }
                }
            }
        }
    }

    /// <summary>The output folder is a file: nothing can be published there.</summary>
    internal sealed class OutputIsFileException : IOException
    {
        public OutputIsFileException(string path)
            : base("'" + path + "' is a file, not a folder")
        {
            Path = path;
        }

        public string Path { get; }
    }
}
