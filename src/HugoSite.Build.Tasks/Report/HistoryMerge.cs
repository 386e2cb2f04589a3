using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        /// <summary>A line of a history; <paramref name="Key"/> is the time stamp it sorts by: its own, or the one of the record before it.</summary>
        private sealed record Line(string Text, string Key);

        public static MergeResult Merge(string target, IReadOnlyList<string> others, TimeSpan lockTimeout)
        {
            string full = Path.GetFullPath(target);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (LockedFile.Open(full + HistoryStore.LockSuffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, lockTimeout))
            {
                var result = new MergeResult();
                var lines = new List<Line>();
                var sessions = new HashSet<string>(StringComparer.Ordinal);
                var texts = new HashSet<string>(StringComparer.Ordinal);
                if (File.Exists(full))
                {
                    result.Kept += Read(full, lines, sessions, texts, result);
                }

                foreach (string other in others)
                {
                    result.Added += Read(Path.GetFullPath(other), lines, sessions, texts, result);
                }

                // OrderBy is stable: lines with the same time stamp keep the order they were read in.
                ReplaceFile(full, string.Concat(lines.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Text + "\n")));
                return result;
            }
        }

        /// <summary>The text as UTF-8 without a byte order mark, written as <see cref="ReplaceFile(string, byte[])"/> writes.</summary>
        internal static void ReplaceFile(string full, string text) => ReplaceFile(full, new UTF8Encoding(false).GetBytes(text));

        /// <summary>
        /// Writes <paramref name="content"/> beside <paramref name="full"/> and moves it over the old file in one step
        /// (File.Replace, atomic on .NET Framework too), so a reader sees the old file or the new one, never a part.
        /// </summary>
        internal static void ReplaceFile(string full, byte[] content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            string tmp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            File.WriteAllBytes(tmp, content);
            if (File.Exists(full))
            {
                File.Replace(tmp, full, null);
            }
            else
            {
                File.Move(tmp, full);
            }
        }

        /// <summary>Adds the new lines of one file; returns how many.</summary>
        private static int Read(string path, List<Line> lines, HashSet<string> sessions, HashSet<string> texts, MergeResult result)
        {
            int added = 0;
            string lastKey = string.Empty;
            foreach (string raw in File.ReadAllLines(path, Encoding.UTF8))
            {
                string line = raw.TrimEnd('\r').Trim('\uFEFF');
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                BuildRecord? record = HistoryStore.Parse(line);
                lastKey = record?.Timestamp ?? lastKey;
                bool fresh = record?.SessionId != null ? sessions.Add(record.SessionId) : texts.Add(line);
                if (!fresh)
                {
                    result.Duplicates++;
                    continue;
                }

                if (record == null)
                {
                    result.Unreadable++;
                }

                lines.Add(new Line(line, lastKey));
                added++;
            }

            return added;
        }
    }
}
