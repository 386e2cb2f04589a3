using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>What a merge did.</summary>
    public sealed class MergeResult
    {
        public int Kept { get; set; }

        public int Added { get; set; }

        public int Duplicates { get; set; }

        /// <summary>Lines that are not records, kept as they were (never dropped).</summary>
        public int Unreadable { get; set; }
    }

    /// <summary>
    /// Merges history files (two CI caches of the same history, restored from two branches): every line is kept once:
    /// lines of the others are added unless a record with the same session id is already there
    /// (lines without one: unless the same text is; a duplicate within one file goes too, the first one stays), and the result is ordered by time stamp. Lines that are not
    /// records are kept next to the line they followed. Written to a temporary file and moved over the target under
    /// the lock the history's writers take, so a build appending meanwhile waits and is not lost.
    /// </summary>
    public static class HistoryMerge
    {
        private sealed class Line
        {
            public Line(string text, string key, int order)
            {
                Text = text;
                Key = key;
                Order = order;
            }

            public string Text { get; }

            /// <summary>The time stamp it sorts by: its own, or the one of the record before it.</summary>
            public string Key { get; }

            public int Order { get; }
        }

        public static MergeResult Merge(string target, IReadOnlyList<string> others, TimeSpan lockTimeout)
        {
            string full = Path.GetFullPath(target);
            string? dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            using (LockedFile.Open(full + HistoryStore.LockSuffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, lockTimeout))
            {
                var result = new MergeResult();
                var lines = new List<Line>();
                var sessions = new HashSet<string>(StringComparer.Ordinal);
                var texts = new HashSet<string>(StringComparer.Ordinal);
                int order = 0;
                if (File.Exists(full))
                {
                    Read(full, lines, sessions, texts, ref order, result, isTarget: true);
                }

                foreach (string other in others)
                {
                    Read(Path.GetFullPath(other), lines, sessions, texts, ref order, result, isTarget: false);
                }

                lines.Sort((a, b) =>
                {
                    int byTime = string.CompareOrdinal(a.Key, b.Key);
                    return byTime != 0 ? byTime : a.Order.CompareTo(b.Order);
                });

                var text = new StringBuilder();
                foreach (Line l in lines)
                {
                    text.Append(l.Text).Append('\n');
                }

                string tmp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
                File.WriteAllText(tmp, text.ToString(), new UTF8Encoding(false));
                if (File.Exists(full))
                {
                    File.Replace(tmp, full, null);
                }
                else
                {
                    File.Move(tmp, full);
                }

                return result;
            }
        }

        private static void Read(string path, List<Line> lines, HashSet<string> sessions, HashSet<string> texts, ref int order, MergeResult result, bool isTarget)
        {
            string lastKey = string.Empty;
            foreach (string raw in File.ReadAllLines(path, Encoding.UTF8))
            {
                string line = raw.TrimEnd('\r').Trim('\uFEFF');
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                BuildRecord? record = HistoryStore.Parse(line);
                if (record == null)
                {
                    if (!texts.Add(line))
                    {
                        result.Duplicates++;
                        continue;
                    }

                    result.Unreadable++;
                    lines.Add(new Line(line, lastKey, order++));
                    Count(result, isTarget);
                    continue;
                }

                lastKey = record.Timestamp ?? lastKey;
                bool fresh = record.SessionId != null ? sessions.Add(record.SessionId) : texts.Add(line);
                if (!fresh)
                {
                    result.Duplicates++;
                    continue;
                }

                lines.Add(new Line(line, lastKey, order++));
                Count(result, isTarget);
            }
        }

        private static void Count(MergeResult result, bool isTarget)
        {
            if (isTarget)
            {
                result.Kept++;
            }
            else
            {
                result.Added++;
            }
        }
    }
}
