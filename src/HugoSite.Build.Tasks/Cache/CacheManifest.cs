using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>One output file of a cache entry.</summary>
    /// <param name="Relative">Path under the output folder, '/' separators.</param>
    /// <param name="Hash">SHA-256, lower-case hex.</param>
    internal sealed record ManifestFile(string Relative, long Size, long LastWriteTicks, string Hash);

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

        /// <summary>Sets one header field from its line; false for an unknown name or a bad value.</summary>
        private bool TrySetHeader(string name, string value)
        {
            switch (name)
            {
                case "fingerprint":
                    Fingerprint = value;
                    return true;
                case "project":
                    Project = Tsv.Unescape(value);
                    return true;
                case "hugo":
                    HugoVersion = Tsv.Unescape(value);
                    return true;
                case "build_ms" when Tsv.TryDouble(value, out double ms):
                    BuildMilliseconds = ms;
                    return true;
                case "created" when Tsv.TryLong(value, out long created):
                    CreatedTicks = created;
                    return true;
                case "bytes" when Tsv.TryLong(value, out long bytes):
                    TotalBytes = bytes;
                    return true;
                case "files" when Tsv.TryLong(value, out long files) && files >= 0 && files <= int.MaxValue:
                    FileCount = (int)files;
                    return true;
                default:
                    return false;
            }
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
                    if (f[0] == "file" && f.Length == 5)
                    {
                        string relative = Tsv.Unescape(f[4]);
                        if (!Tsv.TryLong(f[2], out long size) || !Tsv.TryLong(f[3], out long ticks) || !FileTree.IsSafeRelative(relative))
                        {
                            return null;
                        }

                        m.Files.Add(new ManifestFile(relative, size, ticks, f[1]));
                    }
                    else if (f[0] == "dir" && f.Length == 2)
                    {
                        string relative = Tsv.Unescape(f[1]);
                        if (!FileTree.IsSafeRelative(relative))
                        {
                            return null;
                        }

                        m.Directories.Add(relative);
                    }
                    else if (f.Length != 2 || !m.TrySetHeader(f[0], f[1]))
                    {
                        return null;
                    }
                    else if (f[0] == "files")
                    {
                        declaredFiles = m.FileCount;
                        if (headerOnly)
                        {
                            return m;
                        }
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
