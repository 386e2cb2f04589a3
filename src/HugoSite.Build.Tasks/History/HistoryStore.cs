using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>How an append behaves.</summary>
    public sealed class HistoryWriteOptions
    {
        /// <summary>Past this size the file is moved aside (under the lock) and a fresh one started. 0 or less: never.</summary>
        public long MaxBytes { get; set; } = HistoryStore.DefaultMaxBytes;

        /// <summary>How long to wait for other writers before giving up.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Flush the line to the disk itself before releasing the lock, so a power cut cannot lose it.</summary>
        public bool FlushToDisk { get; set; } = true;

        /// <summary>The clock that names archives; tests replace it.</summary>
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;
    }

    /// <summary>What an append did.</summary>
    public sealed class AppendResult
    {
        /// <summary>The file did not end in a newline (a writer died mid-line), so one was added before the record.</summary>
        public bool RepairedTornLine { get; set; }

        /// <summary>Where the previous file went when this append rotated it; null when it did not.</summary>
        public string? ArchivePath { get; set; }

        /// <summary>Bytes written, newline included.</summary>
        public int Bytes { get; set; }
    }

    /// <summary>
    /// The JSONL performance history: one UTF-8 line per build, shared by every build on the machine.
    /// Appends serialize the record into one buffer and write it with one write while holding an exclusive lock
    /// on <c>history.jsonl.lock</c> (FileMode.Append alone is not atomic across processes), so concurrent builds
    /// never interleave or overwrite lines. Reads go from the end and take no lock.
    /// </summary>
    public static class HistoryStore
    {
        public const long DefaultMaxBytes = 5L * 1024 * 1024;

        /// <summary>The warning a caller logs, once, when a read skipped lines.</summary>
        public const string SkippedLinesCode = HistoryCodes.LinesSkipped;

        internal const string LockSuffix = ".lock";

        /// <summary>The default history file: ~/.hugo-template-perf/history.jsonl (the user profile on Windows).</summary>
        public static string DefaultPath()
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath();
            }

            return Path.Combine(home, ".hugo-template-perf", "history.jsonl");
        }

        /// <summary>The history file to use: the given one, or the default when it is empty.</summary>
        public static string ResolvePath(string? historyFile) =>
            string.IsNullOrWhiteSpace(historyFile) ? DefaultPath() : Path.GetFullPath(historyFile!.Trim());

        /// <summary>Serializes a record to one line of UTF-8 JSON, without the newline.</summary>
        public static byte[] Serialize(BuildRecord record) => HistoryJson.Serialize(record);

        /// <summary>Parses one line; null when it is not a record.</summary>
        public static BuildRecord? Parse(ReadOnlySpan<byte> line) => HistoryJson.Parse(line);

        /// <summary>Parses one line of text; null when it is not a record.</summary>
        public static BuildRecord? Parse(string line) => Parse(System.Text.Encoding.UTF8.GetBytes(line));

        /// <summary>Appends one record as one line, under an exclusive lock, with one write. Throws on failure.</summary>
        public static void Append(string path, BuildRecord record) => Append(path, record, new HistoryWriteOptions());

        /// <summary>Appends one record as one line, under an exclusive lock, with one write. Throws on failure.</summary>
        public static AppendResult Append(string path, BuildRecord record, HistoryWriteOptions options)
        {
            byte[] json = Serialize(record ?? throw new ArgumentNullException(nameof(record)));
            string full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var result = new AppendResult();
            using (LockedFile.Open(full + LockSuffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, options.LockTimeout))
            {
                result.ArchivePath = RotateIfFull(full, json.Length + 1, options);

                // Readers and the rotation (rename) may work on the file while it is open; the lock file orders writers.
                using var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                long length = stream.Length;
                bool repair = false;
                if (length > 0)
                {
                    stream.Position = length - 1;
                    repair = stream.ReadByte() != '\n';
                }

                int prefix = repair ? 1 : 0;
                byte[] line = new byte[prefix + json.Length + 1];
                if (repair)
                {
                    line[0] = (byte)'\n';
                }

                Buffer.BlockCopy(json, 0, line, prefix, json.Length);
                line[line.Length - 1] = (byte)'\n';

                stream.Position = length;
                stream.Write(line, 0, line.Length);
                stream.Flush(options.FlushToDisk);

                result.RepairedTornLine = repair;
                result.Bytes = line.Length;
            }

            return result;
        }

        /// <summary>
        /// Appends without throwing: false and a message that says what to do when the history cannot be written.
        /// Callers log the message as warning <see cref="HistoryCodes.NotWritten"/>; history never fails a build.
        /// </summary>
        public static bool TryAppend(string path, BuildRecord record, HistoryWriteOptions? options, out AppendResult? result, out string? problem)
        {
            result = null;
            problem = null;
            try
            {
                result = Append(path, record, options ?? new HistoryWriteOptions());
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException ||
                                       ex is ArgumentException || ex is System.Security.SecurityException)
            {
                problem = string.Format(CultureInfo.InvariantCulture,
                    "Could not write the performance history '{0}': {1} This build is not recorded; the build itself is unaffected. Make sure the file and its folder are writable, or set HugoPerformanceHistoryFile to another path (HugoPerformanceTracking=false turns recording off).",
                    path, ex.Message);
                return false;
            }
        }

        /// <summary>Reads every record of the newest archive and the file, oldest first; <paramref name="skipped"/> counts lines that could not be parsed.</summary>
        public static List<BuildRecord> ReadAll(string path, out int skipped) => ReadRecent(path, new HistoryQuery(), out skipped);

        /// <summary>
        /// The newest <paramref name="maxRecords"/> records that pass <paramref name="filter"/>, oldest first, read from the
        /// end of the file (and its newest archive when the file holds too few). Lines older than the last one needed are
        /// never read.
        /// </summary>
        public static List<BuildRecord> ReadRecent(string path, int maxRecords, Func<BuildRecord, bool>? filter, out int skipped) =>
            ReadRecent(path, new HistoryQuery { MaxRecords = maxRecords, Filter = filter }, out skipped);

        /// <summary>The newest records matching <paramref name="query"/>, oldest first. Lines the query rules out on a light scan are not parsed.</summary>
        public static List<BuildRecord> ReadRecent(string path, HistoryQuery query, out int skipped) =>
            HistoryReader.Read(path, query ?? throw new ArgumentNullException(nameof(query)), out skipped);

        /// <summary>The archives of a history file (<c>history.20250928T033600123Z.jsonl</c>), oldest first.</summary>
        public static IReadOnlyList<string> Archives(string path)
        {
            string full = Path.GetFullPath(path);
            string? dir = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
            {
                return Array.Empty<string>();
            }

            string stem = Path.GetFileNameWithoutExtension(full);
            string ext = Path.GetExtension(full);
            var stamps = new List<string>();
            var archives = new List<string>();
            foreach (string candidate in Directory.EnumerateFiles(dir, stem + ".*" + ext))
            {
                string name = Path.GetFileName(candidate);
                if (name.Length <= stem.Length + 1 + ext.Length)
                {
                    continue;
                }

                string stamp = name.Substring(stem.Length + 1, name.Length - stem.Length - 1 - ext.Length);
                if (IsArchiveStamp(stamp))
                {
                    // Oldest first: by the time (the first 19 characters), then the shorter (no "-n" suffix), then ordinal.
                    int at = stamps.Count;
                    while (at > 0 && CompareStamps(stamps[at - 1], stamp) > 0)
                    {
                        at--;
                    }

                    stamps.Insert(at, stamp);
                    archives.Insert(at, candidate);
                }
            }

            return archives;
        }

        /// <summary>
        /// "20250928T033600123Z", optionally followed by "-n": 8 digits, T, 9 digits, Z, then a dash and digits (and, as
        /// a regular expression's <c>$</c> allows, one final line feed). Digits are any Unicode decimal digit.
        /// </summary>
        internal static bool IsArchiveStamp(string stamp)
        {
            int end = stamp.Length > 0 && stamp[stamp.Length - 1] == '\n' ? stamp.Length - 1 : stamp.Length;
            if (end < 19 || !Digits(stamp, 0, 8) || stamp[8] != 'T' || !Digits(stamp, 9, 9) || stamp[18] != 'Z')
            {
                return false;
            }

            return end == 19 || (end > 20 && stamp[19] == '-' && Digits(stamp, 20, end - 20));
        }

        private static bool Digits(string text, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (!char.IsDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static int CompareStamps(string a, string b)
        {
            int byTime = string.CompareOrdinal(a.Length > 19 ? a.Substring(0, 19) : a, b.Length > 19 ? b.Substring(0, 19) : b);
            if (byTime != 0)
            {
                return byTime;
            }

            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        }

        /// <summary>The newest archive of a history file, or null.</summary>
        public static string? NewestArchive(string path)
        {
            IReadOnlyList<string> archives = Archives(path);
            return archives.Count == 0 ? null : archives[archives.Count - 1];
        }

        /// <summary>Moves the file aside when the next line would take it past the limit. Runs under the lock.</summary>
        private static string? RotateIfFull(string full, int incoming, HistoryWriteOptions options)
        {
            if (options.MaxBytes <= 0)
            {
                return null;
            }

            var info = new FileInfo(full);
            if (!info.Exists || info.Length == 0 || info.Length + incoming <= options.MaxBytes)
            {
                return null;
            }

            string stem = Path.Combine(Path.GetDirectoryName(full) ?? string.Empty, Path.GetFileNameWithoutExtension(full));
            string ext = Path.GetExtension(full);
            string stamp = options.UtcNow().ToUniversalTime().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
            for (int attempt = 0; attempt < 100; attempt++)
            {
                string archive = stem + "." + stamp + (attempt == 0 ? string.Empty : "-" + attempt.ToString(CultureInfo.InvariantCulture)) + ext;
                if (File.Exists(archive))
                {
                    continue;
                }

                try
                {
                    File.Move(full, archive);
                    return archive;
                }
                catch (IOException) when (File.Exists(archive))
                {
                    // Lost a race for the name with a writer that ignores the lock; try the next one.
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Someone holds the file without sharing delete (an editor on Windows): append now, rotate next time.
                    return null;
                }
            }

            return null;
        }
    }
}
