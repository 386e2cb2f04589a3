using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.IO.Compression;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>
    /// A cache entry as one artifact: a zip archive whose first member is the entry's <c>manifest.tsv</c>, followed by
    /// <c>files/&lt;path&gt;</c> for every file the manifest lists (deflate-compressed; folders come from the manifest).
    /// Zip rather than tar.gz because both target frameworks read and write it without extra packages.
    /// Unpacking trusts nothing: a member the manifest does not list, a path outside the entry, a file whose size or
    /// SHA-256 differs from the manifest, a missing file or a manifest of another fingerprint makes the archive invalid.
    /// </summary>
    internal static class EntryArchive
    {
        private const string FilesPrefix = "files/";

        /// <summary>The most a manifest member may hold: about 20 million files' worth of lines.</summary>
        private const long MaxManifestBytes = 2L * 1024 * 1024 * 1024;

        /// <summary>Writes the entry folder <paramref name="entry"/> (manifest.tsv and files/) to <paramref name="archive"/>.</summary>
        public static void Pack(string entry, Stream archive)
        {
            string manifestPath = Path.Combine(entry, CacheManifest.FileName);
            CacheManifest manifest = CacheManifest.Load(manifestPath, headerOnly: false)
                ?? throw new InvalidDataException("the cache entry " + entry + " has no readable manifest");
            using var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true);
            Add(zip, CacheManifest.FileName, manifestPath);
            foreach (ManifestFile file in manifest.Files)
            {
                Add(zip, FilesPrefix + file.Relative, FileTree.Under(Path.Combine(entry, "files"), file.Relative));
            }
        }

        /// <summary>
        /// Unpacks <paramref name="archive"/> into the new folder <paramref name="target"/> as an entry for
        /// <paramref name="fingerprint"/>, its files read-only with the manifest's times. Throws InvalidDataException
        /// when the archive is not a complete, matching entry (the caller removes <paramref name="target"/>).
        /// </summary>
        public static CacheManifest Unpack(Stream archive, string target, string fingerprint)
        {
            ZipArchive zip;
            try
            {
                zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException("not a zip archive: " + ex.Message, ex);
            }

            using (zip)
            {
                ReadOnlyCollection<ZipArchiveEntry> members = zip.Entries;
                if (members.Count == 0 || members[0].FullName != CacheManifest.FileName)
                {
                    throw new InvalidDataException("the archive does not start with " + CacheManifest.FileName);
                }

                Directory.CreateDirectory(target);
                string manifestPath = Path.Combine(target, CacheManifest.FileName);
                Extract(members[0], manifestPath, MaxManifestBytes);
                CacheManifest manifest = CacheManifest.Load(manifestPath, headerOnly: false)
                    ?? throw new InvalidDataException("its manifest is unreadable or incomplete");
                if (!string.Equals(manifest.Fingerprint, fingerprint, StringComparison.Ordinal))
                {
                    throw new InvalidDataException("its manifest is for fingerprint " + manifest.Fingerprint);
                }

                var expected = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
                foreach (ManifestFile file in manifest.Files)
                {
                    if (!expected.ContainsKey(file.Relative))
                    {
                        expected.Add(file.Relative, file);
                    }
                }

                string files = Path.Combine(target, "files");
                Directory.CreateDirectory(files);
                foreach (string dir in manifest.Directories)
                {
                    Directory.CreateDirectory(FileTree.Under(files, dir));
                }

                using var hasher = new ContentHash();
                for (int i = 1; i < members.Count; i++)
                {
                    ZipArchiveEntry member = members[i];
                    string name = member.FullName;
                    string relative = name.StartsWith(FilesPrefix, StringComparison.Ordinal) ? name.Substring(FilesPrefix.Length) : string.Empty;
                    if (!expected.TryGetValue(relative, out ManifestFile? file))
                    {
                        throw new InvalidDataException("it holds " + name + ", which its manifest does not list (or lists once)");
                    }

                    // Off the list once met: a second member of the same name is not listed.
                    expected.Remove(relative);

                    string path = FileTree.Under(files, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    Extract(member, path, file.Size);
                    string? problem = EntryVerifier.Verify(path, file, hasher);
                    if (problem != null)
                    {
                        throw new InvalidDataException(problem + " (compared with its manifest)");
                    }

                    File.SetLastWriteTimeUtc(path, new DateTime(file.LastWriteTicks, DateTimeKind.Utc));
                    File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
                }

                // Whatever is still listed never came; the first of them is named.
                foreach (string missing in expected.Keys)
                {
                    throw new InvalidDataException(missing + " is missing from the archive");
                }

                return manifest;
            }
        }

        private static void Add(ZipArchive zip, string name, string path)
        {
            ZipArchiveEntry member = zip.CreateEntry(name, CompressionLevel.Fastest);
            using Stream source = ContentHash.OpenRead(path);
            using Stream target = member.Open();
            source.CopyTo(target);
        }

        /// <summary>Writes a member to a new file, never more than one byte past <paramref name="limit"/> (a size mismatch shows in the check).</summary>
        private static void Extract(ZipArchiveEntry member, string path, long limit)
        {
            using Stream source = member.Open();
            using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920);
            var buffer = new byte[81920];
            long written = 0;
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                target.Write(buffer, 0, read);
                written += read;
                if (written > limit)
                {
                    throw new InvalidDataException(member.FullName + " is larger than its manifest says");
                }
            }
        }
    }
}
