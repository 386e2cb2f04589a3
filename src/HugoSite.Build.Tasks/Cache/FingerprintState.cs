using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>One input file as the last fingerprint saw it.</summary>
    /// <param name="Key">The path within its role, e.g. "content/posts/a.md" or "component/search/files/x.js".</param>
    /// <param name="LastWriteTicks">Last write time, UTC ticks.</param>
    internal sealed record InputRecord(string Key, string FullPath, long Size, long LastWriteTicks, string Hash)
    {
        public static int ByKey(InputRecord a, InputRecord b) => string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>
    /// The project's last fingerprint (obj/hugo/cache-state.tsv): every input with its size, time and hash, the
    /// Hugo version and the properties. It lets the next check skip hashing unchanged files and name what changed.
    /// Losing it costs one full hashing pass, nothing more.
    /// </summary>
    internal sealed class FingerprintState
    {
        public const string FileName = "cache-state.tsv";
        private const string Header = "hsb-cache-state\t1\t" + Fingerprinter.Layout;

        /// <summary>When the state was computed (UTC ticks): files written at or after that cannot be trusted by time.</summary>
        public long ComputedTicks { get; set; }
        public string Fingerprint { get; set; } = string.Empty;
        public string HugoVersion { get; set; } = string.Empty;

        /// <summary>By name; unordered (a dictionary of strings costs a fresh build process no compilation, a sorted one does).</summary>
        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Filled by one thread (a fingerprint pass, a load); once <see cref="Freeze"/> has run, only read, by any
        /// number of threads (the save on a pool thread beside the miss reason on the build's thread).
        /// </summary>
        public List<InputRecord> Files { get; } = new List<InputRecord>();

        /// <summary>Whether the files are sorted and no longer change.</summary>
        public bool IsFrozen { get; private set; }

        /// <summary>Components that always run; a store is pointless while any is set.</summary>
        public List<string> AlwaysRun { get; } = new List<string>();

        public static string PathIn(string intermediateDirectory) => Path.Combine(intermediateDirectory, FileName);

        /// <summary>Reads the state; null when there is none or it cannot be read (then <paramref name="problem"/> says why).</summary>
        public static FingerprintState? Load(string path, out string? problem)
        {
            problem = null;
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                using var reader = new StreamReader(path, new UTF8Encoding(false));
                if (reader.ReadLine() != Header)
                {
                    problem = "unknown layout";
                    return null;
                }

                var state = new FingerprintState();
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    string[] f = line.Split('\t');
                    switch (f[0])
                    {
                        case "computed" when f.Length == 2 && Tsv.TryLong(f[1], out long computed):
                            state.ComputedTicks = computed;
                            break;
                        case "fingerprint" when f.Length == 2:
                            state.Fingerprint = f[1];
                            break;
                        case "hugo" when f.Length == 2:
                            state.HugoVersion = Tsv.Unescape(f[1]);
                            break;
                        case "prop" when f.Length == 3:
                            state.Properties[Tsv.Unescape(f[1])] = Tsv.Unescape(f[2]);
                            break;
                        case "always-run" when f.Length == 2:
                            state.AlwaysRun.Add(Tsv.Unescape(f[1]));
                            break;
                        case "file" when f.Length == 6 && Tsv.TryLong(f[2], out long size) && Tsv.TryLong(f[3], out long ticks):
                            state.Files.Add(new InputRecord(Tsv.Unescape(f[1]), Tsv.Unescape(f[5]), size, ticks, f[4]));
                            break;
                        default:
                            problem = "unreadable line";
                            return null;
                    }
                }

                return state;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                problem = ex.Message;
                return null;
            }
        }

        public void Save(string path)
        {
            var sb = new StringBuilder(128 + (Files.Count * 160));
            sb.Append(Header).Append('\n');
            sb.Append("computed\t").Append(Tsv.Number(ComputedTicks)).Append('\n');
            sb.Append("fingerprint\t").Append(Fingerprint).Append('\n');
            AppendSettings(sb);
            foreach (string name in AlwaysRun)
            {
                sb.Append("always-run\t").Append(Tsv.Escape(name)).Append('\n');
            }

            // Never reorders Files: another thread may be reading them.
            foreach (InputRecord file in IsFrozen ? Files : SortedCopy())
            {
                sb.Append("file\t").Append(Tsv.Escape(file.Key)).Append('\t').Append(Tsv.Number(file.Size)).Append('\t')
                  .Append(Tsv.Number(file.LastWriteTicks)).Append('\t').Append(file.Hash).Append('\t')
                  .Append(Tsv.Escape(file.FullPath)).Append('\n');
            }

            FileTree.WriteAtomically(path, sb.ToString());
        }

        /// <summary>The Hugo version and the properties (in ordinal order of their names), as the digest and the state file write them.</summary>
        public void AppendSettings(StringBuilder sb)
        {
            sb.Append("hugo\t").Append(Tsv.Escape(HugoVersion)).Append('\n');
            var names = new string[Properties.Count];
            Properties.Keys.CopyTo(names, 0);
            Array.Sort(names, StringComparer.Ordinal);
            foreach (string name in names)
            {
                sb.Append("prop\t").Append(Tsv.Escape(name)).Append('\t').Append(Tsv.Escape(Properties[name])).Append('\n');
            }
        }

        /// <summary>
        /// Puts the files in ordinal order of their keys, the order of the digest and of the state file. Only while the
        /// state is still being filled, on the thread that fills it; a frozen state is sorted already.
        /// </summary>
        public void SortFiles()
        {
            if (!IsFrozen)
            {
                Files.Sort(InputRecord.ByKey);
            }
        }

        /// <summary>Sorts the files once and ends every change to them: from here on the state may be shared between threads.</summary>
        public void Freeze()
        {
            SortFiles();
            IsFrozen = true;
        }

        private List<InputRecord> SortedCopy()
        {
            var copy = new List<InputRecord>(Files);
            copy.Sort(InputRecord.ByKey);
            return copy;
        }
    }
}
