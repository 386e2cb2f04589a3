using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>One output file of a cache entry.</summary>
    internal sealed class ManifestFile
    {
        public ManifestFile(string relative, long size, long lastWriteTicks, string hash)
        {
            Relative = relative;
            Size = size;
            LastWriteTicks = lastWriteTicks;
            Hash = hash;
        }

        /// <summary>Path under the output folder, '/' separators.</summary>
        public string Relative { get; }

        public long Size { get; }

        public long LastWriteTicks { get; }

        /// <summary>SHA-256, lower-case hex.</summary>
        public string Hash { get; }
    }

    /// <summary>
    /// manifest.tsv of a cache entry: what built it and every folder and file of the output with its hash.
    /// It is the last file written into an entry, and an entry without one is not an entry. A cache folder may
    /// come from elsewhere (a CI cache), so a manifest naming a path outside its entry is not an entry either.
    /// </summary>
    internal sealed class CacheManifest
    {
        public const string FileName = "manifest.tsv";
        private const string Header = "hsb-cache-manifest\t1";

        public string Fingerprint { get; set; } = string.Empty;

        public long CreatedTicks { get; set; }

        /// <summary>What the build that made the entry spent in the phases a hit skips (copy, components, hugo).</summary>
        public double BuildMilliseconds { get; set; }

        public string Project { get; set; } = string.Empty;

        public string HugoVersion { get; set; } = string.Empty;

        public long TotalBytes { get; set; }

        public int FileCount { get; set; }

        public List<string> Directories { get; } = new List<string>();

        public List<ManifestFile> Files { get; } = new List<ManifestFile>();

        public void Save(string path)
        {
            var sb = new StringBuilder(256 + (Files.Count * 120));
            sb.Append(Header).Append('\n');
            sb.Append("fingerprint\t").Append(Fingerprint).Append('\n');
            sb.Append("created\t").Append(Tsv.Number(CreatedTicks)).Append('\n');
            sb.Append("build_ms\t").Append(Tsv.Number(BuildMilliseconds)).Append('\n');
            sb.Append("project\t").Append(Tsv.Escape(Project)).Append('\n');
            sb.Append("hugo\t").Append(Tsv.Escape(HugoVersion)).Append('\n');
            sb.Append("bytes\t").Append(Tsv.Number(TotalBytes)).Append('\n');
            sb.Append("files\t").Append(Tsv.Number(Files.Count)).Append('\n');
            foreach (string dir in Directories)
            {
                sb.Append("dir\t").Append(Tsv.Escape(dir)).Append('\n');
            }

            foreach (ManifestFile f in Files)
            {
                sb.Append("file\t").Append(f.Hash).Append('\t').Append(Tsv.Number(f.Size)).Append('\t')
                  .Append(Tsv.Number(f.LastWriteTicks)).Append('\t').Append(Tsv.Escape(f.Relative)).Append('\n');
            }

            File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        }

        /// <summary>Reads a manifest; with <paramref name="headerOnly"/> stops before the file list. Null when unreadable.</summary>
        public static CacheManifest? Load(string path, bool headerOnly)
        {
            try
            {
                using var reader = new StreamReader(path, new UTF8Encoding(false));
                if (reader.ReadLine() != Header)
                {
                    return null;
                }

                var m = new CacheManifest();
                int declaredFiles = -1;
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    string[] f = line.Split('\t');
                    switch (f[0])
                    {
                        case "fingerprint" when f.Length == 2:
                            m.Fingerprint = f[1];
                            break;
                        case "created" when f.Length == 2 && Tsv.TryLong(f[1], out long created):
                            m.CreatedTicks = created;
                            break;
                        case "build_ms" when f.Length == 2 && Tsv.TryDouble(f[1], out double ms):
                            m.BuildMilliseconds = ms;
                            break;
                        case "project" when f.Length == 2:
                            m.Project = Tsv.Unescape(f[1]);
                            break;
                        case "hugo" when f.Length == 2:
                            m.HugoVersion = Tsv.Unescape(f[1]);
                            break;
                        case "bytes" when f.Length == 2 && Tsv.TryLong(f[1], out long bytes):
                            m.TotalBytes = bytes;
                            break;
                        case "files" when f.Length == 2 && Tsv.TryLong(f[1], out long count):
                            declaredFiles = (int)count;
                            m.FileCount = declaredFiles;
                            if (headerOnly)
                            {
                                return m;
                            }

                            break;
                        case "dir" when f.Length == 2 && FileTree.IsSafeRelative(Tsv.Unescape(f[1])):
                            m.Directories.Add(Tsv.Unescape(f[1]));
                            break;
                        case "file" when f.Length == 5 && Tsv.TryLong(f[2], out long size) && Tsv.TryLong(f[3], out long ticks)
                                        && FileTree.IsSafeRelative(Tsv.Unescape(f[4])):
                            m.Files.Add(new ManifestFile(Tsv.Unescape(f[4]), size, ticks, f[1]));
                            break;
                        default:
                            return null;
                    }
                }

                // A manifest cut short (a full disk) must not pass for a smaller site.
                return declaredFiles == m.Files.Count ? m : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
