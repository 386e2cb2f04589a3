using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache
{
    internal enum RestoreOutcome
    {
        /// <summary>The output folder now holds the entry's site.</summary>
        Restored,

        /// <summary>No entry for this fingerprint.</summary>
        NoEntry,

        /// <summary>The entry failed verification and was removed; the output folder is untouched.</summary>
        Corrupt,

        /// <summary>The restore could not finish (I/O); the output folder is untouched.</summary>
        Failed,
    }

    internal sealed record RestoreResult(RestoreOutcome Outcome, string? Detail = null, CacheManifest? Manifest = null, int LinkedCount = 0, int CopiedCount = 0)
    {
        /// <summary>Where a restore spent its time, e.g. "manifest 0.4 ms, verify 2.1 ms, ...".</summary>
        public string Timings { get; init; } = string.Empty;

        /// <summary>What the restore's swap kept of the user's files in the output folder.</summary>
        public Output.PublishResult? Published { get; init; }
    }

    /// <summary>How a restore checks the entry's files before trusting them.</summary>
    internal enum VerifyMode
    {
        /// <summary>Size and SHA-256 of every file: catches any change.</summary>
        Content,

        /// <summary>Size, last-write time and read-only mode of every file: catches writes, not a deliberate reset of the time or bit rot.</summary>
        Metadata,
    }

    internal enum StoreOutcome
    {
        Stored,
        AlreadyCached,
        TooLarge,
    }

    internal sealed record StoreResult(StoreOutcome Outcome, long Bytes, int FileCount, bool Linked);

    /// <summary>An entry as listed for eviction and statistics; its manifest header is null for a broken entry.</summary>
    internal sealed record EntryInfo(string Fingerprint, CacheManifest? Manifest, DateTime LastUsedUtc)
    {
        public long Bytes => Manifest?.TotalBytes ?? 0;
    }

    /// <summary>
    /// The content-addressed cache folder. Layout:
    /// <code>
    ///   entries/&lt;fingerprint&gt;/manifest.tsv   files with hashes; written last, so an entry without it does not exist
    ///   entries/&lt;fingerprint&gt;/files/...      the site, read-only
    ///   tmp/&lt;fingerprint&gt;.&lt;random&gt;/          an entry being written, published by one rename
    ///   trash/                                  entries being removed (renamed away first, then deleted)
    /// </code>
    /// The entry folder's last-write time is its last use, for least-recently-used eviction.
    /// Every restore verifies every file against the manifest, so a damaged entry can cost a miss, never a broken site.
    /// </summary>
    internal sealed class BuildCache
    {
        private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);
        private readonly IFileLinker _linker;
        private readonly Func<DateTime> _utcNow;

        public BuildCache(string root, IFileLinker? linker = null, Func<DateTime>? utcNow = null)
        {
            Root = Path.GetFullPath(root);
            _linker = linker ?? NativeFileLinker.Instance;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        public string Root { get; }

        public string EntriesDirectory => Path.Combine(Root, "entries");

        internal string TmpDirectory => Path.Combine(Root, "tmp");

        private string TrashDirectory => Path.Combine(Root, "trash");

        /// <summary>The default folder: "cache" beside the default history, ~/.hugo-template-perf/cache.</summary>
        public static string DefaultRoot() =>
            Path.Combine(Path.GetDirectoryName(History.HistoryStore.DefaultPath())!, "cache");

        /// <summary>Creates the folders; throws when the cache folder cannot be used.</summary>
        public void EnsureUsable()
        {
            Directory.CreateDirectory(EntriesDirectory);
            Directory.CreateDirectory(TmpDirectory);
        }

        public string EntryPath(string fingerprint)
        {
            if (!IsFingerprint(fingerprint))
            {
                throw new ArgumentException("Not a fingerprint: " + fingerprint, nameof(fingerprint));
            }

            return Path.Combine(EntriesDirectory, fingerprint);
        }

        public static bool IsFingerprint(string value)
        {
            if (string.IsNullOrEmpty(value) || value.Length > 64)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        public bool HasEntry(string fingerprint) => File.Exists(Path.Combine(EntryPath(fingerprint), CacheManifest.FileName));

        /// <summary>Marks an entry as just used.</summary>
        public void Touch(string fingerprint)
        {
            try
            {
                Directory.SetLastWriteTimeUtc(EntryPath(fingerprint), _utcNow());
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A read-only cache (a CI cache restored without write access) still serves hits.
            }
        }

        /// <summary>
        /// Restores an entry into <paramref name="outputDirectory"/>: verifies and links (or copies) every file into
        /// a fresh folder beside the output, then swaps it in by renames. On any failure the
        /// previous output folder is left as it was.
        /// </summary>
        public RestoreResult Restore(string fingerprint, string outputDirectory, string scratchDirectory, bool useLinks, CancellationToken cancellation) =>
            Restore(fingerprint, outputDirectory, useLinks, VerifyMode.Content, new ReplacedOutputs(scratchDirectory, outputDirectory), cancellation);

        /// <summary>As above; the previous output goes into <paramref name="replaced"/>, kept as the spare or removed later.</summary>
        public RestoreResult Restore(string fingerprint, string outputDirectory, bool useLinks, VerifyMode verify, ReplacedOutputs replaced, CancellationToken cancellation)
        {
            string entry = EntryPath(fingerprint);
            string manifestPath = Path.Combine(entry, CacheManifest.FileName);
            if (!File.Exists(manifestPath))
            {
                return new RestoreResult(RestoreOutcome.NoEntry);
            }

            // Assembled beside the folder the output really is (a link is followed), so that the swap is one rename.
            outputDirectory = Output.OutputPaths.Resolve(outputDirectory);

            var clock = new PhaseClock();
            CacheManifest? manifest = CacheManifest.Load(manifestPath, headerOnly: false);
            if (manifest == null || !string.Equals(manifest.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                return Corrupted(fingerprint, "its manifest cannot be read");
            }

            clock.Lap("manifest");
            string files = Path.Combine(entry, "files");

            // Checked while the new tree is assembled: the tree is private until the swap, which waits for the verdict.
            var verifier = new EntryVerifier(manifest.Files, files, verify, cancellation);
            verifier.Start();

            // Assembled beside the output, so that the swap is a rename on one volume wherever obj/ lives; in the
            // output that the previous restore replaced when there is one, since reusing its folders costs a read
            // of each folder where creating them costs a journaled write each.
            string? staging = null;
            int copied = 0;
            string? failure = null;
            try
            {
                staging = OutputSibling.Restore(outputDirectory);
                copied = Assemble(manifest, files, staging, useLinks, replaced, clock, cancellation);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A file that left the entry shows up as such in the verdict, which goes first.
                failure = ex.Message;
            }
            catch (OperationCanceledException)
            {
                Discard(staging, replaced);
                throw;
            }

            string? problem;
            try
            {
                problem = verifier.Finish();
            }
            catch
            {
                Discard(staging, replaced);
                throw;
            }

            clock.Lap("verify");
            if (problem != null || failure != null)
            {
                Discard(staging, replaced);
                return problem == null ? new RestoreResult(RestoreOutcome.Failed, failure)
                    : Directory.Exists(entry) ? Corrupted(fingerprint, problem)
                    : new RestoreResult(RestoreOutcome.NoEntry, "the entry was removed while it was being restored");
            }

            Output.PublishResult published;
            try
            {
                published = Output.OutputPublisher.Publish(staging!, outputDirectory, replaced.IntermediateDirectory, replaced.KeepAsSpare);
                clock.Lap("swap");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Discard(staging, replaced);
                return new RestoreResult(RestoreOutcome.Failed, ex.Message);
            }

            Touch(fingerprint);
            clock.Lap("touch");
            return new RestoreResult(RestoreOutcome.Restored, null, manifest, manifest.Files.Count - copied, copied) { Timings = clock.ToString(), Published = published };
        }

        /// <summary>
        /// Stores the output folder as the entry for <paramref name="fingerprint"/>. Files are linked when
        /// <paramref name="useLinks"/> and the volume allows (the output's files then become read-only too),
        /// else copied; either way the entry's files are read-only. Concurrent stores of one fingerprint are
        /// safe: each writes its own temporary folder and the first rename wins.
        /// </summary>
        public StoreResult Store(string fingerprint, string outputDirectory, CacheManifest about, bool useLinks, long maxBytes, CancellationToken cancellation, Output.PublishedList? only = null, bool ownerOnly = false)
        {
            string entry = EntryPath(fingerprint);
            if (HasEntry(fingerprint))
            {
                Touch(fingerprint);
                return new StoreResult(StoreOutcome.AlreadyCached, 0, 0, false);
            }

            var dirs = new List<string>();
            var infos = new List<FileInfo>();
            var rels = new List<string>();
            if (only == null)
            {
                FileTree.List(outputDirectory, dirs, infos, rels);
            }
            else
            {
                // The published files only: the output folder may also hold the user's own.
                dirs.AddRange(only.Directories);
                foreach (Output.PublishedFile file in only.Files)
                {
                    var info = new FileInfo(FileTree.Under(outputDirectory, file.Relative));
                    FileTree.RefuseLink(info);
                    infos.Add(info);
                    rels.Add(file.Relative);
                }
            }

            long total = 0;
            foreach (FileInfo info in infos)
            {
                total += info.Length;
            }

            if (total > maxBytes)
            {
                return new StoreResult(StoreOutcome.TooLarge, total, infos.Count, false);
            }

            EnsureUsable();
            string tmp = Path.Combine(TmpDirectory, fingerprint + "." + FileTree.UniqueSuffix());
            string tmpFiles = Path.Combine(tmp, "files");
            bool link = useLinks;
            bool anyLinked = false;
            try
            {
                Directory.CreateDirectory(tmpFiles);
#if !NETFRAMEWORK
                if (ownerOnly && !OperatingSystem.IsWindows())
                {
                    // rwx------, moved into place with the rest: nobody but this user can reach the files inside the
                    // entry. Windows keeps per-user profile permissions as they are.
                    File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
#endif

                foreach (string dir in dirs)
                {
                    Directory.CreateDirectory(FileTree.Under(tmpFiles, dir));
                }

                var manifest = new CacheManifest
                {
                    Fingerprint = fingerprint,
                    CreatedTicks = _utcNow().Ticks,
                    BuildMilliseconds = about.BuildMilliseconds,
                    Project = about.Project,
                    HugoVersion = about.HugoVersion,
                    TotalBytes = total,
                };
                manifest.Directories.AddRange(dirs);
                using var hasher = new ContentHash();
                for (int i = 0; i < infos.Count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    string target = FileTree.Under(tmpFiles, rels[i]);
                    if (link && _linker.TryLink(infos[i].FullName, target))
                    {
                        anyLinked = true;
                    }
                    else
                    {
                        link = false;
                        File.Copy(infos[i].FullName, target);
                        File.SetLastWriteTimeUtc(target, infos[i].LastWriteTimeUtc);
                    }

                    var stored = new FileInfo(target);
                    manifest.Files.Add(new ManifestFile(rels[i], stored.Length, stored.LastWriteTimeUtc.Ticks, hasher.OfFile(target)));
                    if ((stored.Attributes & FileAttributes.ReadOnly) == 0)
                    {
                        File.SetAttributes(target, stored.Attributes | FileAttributes.ReadOnly);
                    }
                }

                manifest.Save(Path.Combine(tmp, CacheManifest.FileName));
                try
                {
                    Directory.Move(tmp, entry);
                }
                catch (IOException) when (HasEntry(fingerprint))
                {
                    // Another build published the same fingerprint first; its entry is as good as ours.
                    FileTree.TryDelete(tmp);
                    return new StoreResult(StoreOutcome.AlreadyCached, total, infos.Count, anyLinked);
                }
            }
            catch
            {
                FileTree.TryDelete(tmp);
                throw;
            }

            Touch(fingerprint);
            return new StoreResult(StoreOutcome.Stored, total, infos.Count, anyLinked);
        }

        /// <summary>Every entry folder, with its manifest header (null when broken).</summary>
        public List<EntryInfo> List()
        {
            var result = new List<EntryInfo>();
            if (!Directory.Exists(EntriesDirectory))
            {
                return result;
            }

            foreach (string dir in Directory.EnumerateDirectories(EntriesDirectory))
            {
                string name = Path.GetFileName(dir);
                if (!IsFingerprint(name))
                {
                    continue;
                }

                CacheManifest? header = CacheManifest.Load(Path.Combine(dir, CacheManifest.FileName), headerOnly: true);
                result.Add(new EntryInfo(name, header, Directory.GetLastWriteTimeUtc(dir)));
            }

            return result;
        }

        /// <summary>
        /// Removes least recently used entries until the total is at most <paramref name="maxBytes"/>, never
        /// <paramref name="keep"/>; removes broken entries and stale temporary folders. Returns what it removed.
        /// </summary>
        public List<EntryInfo> Evict(long maxBytes, string? keep)
        {
            var removed = new List<EntryInfo>();
            List<EntryInfo> entries = List();
            long total = 0;
            foreach (EntryInfo e in entries)
            {
                total += e.Bytes;
            }

            entries.Sort((a, b) =>
            {
                int byTime = a.LastUsedUtc.CompareTo(b.LastUsedUtc);
                return byTime != 0 ? byTime : string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
            });
            foreach (EntryInfo e in entries)
            {
                bool broken = e.Manifest == null && _utcNow() - e.LastUsedUtc > LeftoverAge;
                if ((total <= maxBytes && !broken) || string.Equals(e.Fingerprint, keep, StringComparison.Ordinal))
                {
                    continue;
                }

                if (Remove(e.Fingerprint))
                {
                    total -= e.Bytes;
                    removed.Add(e);
                }
            }

            RemoveLeftovers();
            return removed;
        }

        /// <summary>Removes an entry: renamed away first so no reader ever sees half of it. False if it was not there.</summary>
        public bool Remove(string fingerprint)
        {
            string entry = EntryPath(fingerprint);
            if (!Directory.Exists(entry))
            {
                return false;
            }

            Directory.CreateDirectory(TrashDirectory);
            string trash = Path.Combine(TrashDirectory, fingerprint + "." + FileTree.UniqueSuffix());
            try
            {
                Directory.Move(entry, trash);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }

            FileTree.TryDelete(trash);
            return true;
        }

        private void RemoveLeftovers()
        {
            DateTime now = _utcNow();
            foreach (string parent in new[] { TmpDirectory, TrashDirectory })
            {
                if (!Directory.Exists(parent))
                {
                    continue;
                }

                foreach (string dir in Directory.EnumerateDirectories(parent))
                {
                    // A temporary folder may belong to a build storing right now; only old ones are abandoned.
                    if (parent == TrashDirectory || now - Directory.GetLastWriteTimeUtc(dir) > LeftoverAge)
                    {
                        FileTree.TryDelete(dir);
                    }
                }
            }
        }

        private RestoreResult Corrupted(string fingerprint, string problem)
        {
            try
            {
                Remove(fingerprint);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A read-only cache keeps the bad entry; every restore of it fails verification the same way.
                return new RestoreResult(RestoreOutcome.Corrupt, problem + "; it could not be removed: " + ex.Message);
            }

            return new RestoreResult(RestoreOutcome.Corrupt, problem);
        }

        /// <summary>
        /// Builds the entry's tree at <paramref name="staging"/>: from the spare output when there is one (pruned to
        /// the manifest), every file a fresh link to the entry (or a copy where links are impossible). Returns how
        /// many files were copied; the rest are links.
        /// </summary>
        private int Assemble(CacheManifest manifest, string files, string staging, bool useLinks, ReplacedOutputs replaced, PhaseClock clock, CancellationToken cancellation)
        {
            // What the reused tree already has: those folders need no creating, only those files removing.
            var kept = new HashSet<string>(StringComparer.Ordinal);
            if (replaced.TakeSpare(staging))
            {
                var wantedDirs = new HashSet<string>(manifest.Directories, StringComparer.Ordinal);
                var wantedFiles = new HashSet<string>(StringComparer.Ordinal);
                foreach (ManifestFile file in manifest.Files)
                {
                    wantedFiles.Add(file.Relative);
                }

                if (!FileTree.Prune(staging, wantedDirs, wantedFiles, replaced.Take, kept))
                {
                    replaced.Take(staging);
                    kept.Clear();
                }

                clock.Lap("prune");
            }

            Directory.CreateDirectory(staging);
            foreach (string dir in manifest.Directories)
            {
                if (!kept.Contains(dir))
                {
                    Directory.CreateDirectory(FileTree.Under(staging, dir));
                }
            }

            clock.Lap("folders");
            int copied = 0;
            bool link = useLinks;
            foreach (ManifestFile file in manifest.Files)
            {
                cancellation.ThrowIfCancellationRequested();
                string source = FileTree.Under(files, file.Relative);
                string target = FileTree.Under(staging, file.Relative);
                if (kept.Contains(file.Relative))
                {
                    FileTree.DeleteFile(target);
                }

                if (link && _linker.TryLink(source, target))
                {
                    continue;
                }

                // The first refused link (another volume, no support) settles it for the rest.
                link = false;
                if (!File.Exists(source))
                {
                    throw new IOException(file.Relative + " left the cache entry during the restore");
                }

                CopyWritable(source, target, file.LastWriteTicks);
                copied++;
            }

            clock.Lap(copied == 0 ? "links" : "files");
            return copied;
        }

        private static void Discard(string? staging, ReplacedOutputs replaced)
        {
            if (staging != null && Directory.Exists(staging))
            {
                replaced.Take(staging);
            }
        }

        private static void CopyWritable(string source, string target, long lastWriteTicks)
        {
            File.Copy(source, target);
            File.SetAttributes(target, FileAttributes.Normal);
            File.SetLastWriteTimeUtc(target, new DateTime(lastWriteTicks, DateTimeKind.Utc));
        }
    }
}
