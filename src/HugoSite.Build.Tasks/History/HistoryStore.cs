using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// The JSONL performance history: appends one record per build and reads recent records back.
    /// </summary>
    public static class HistoryStore
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };

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

        /// <summary>Serializes a record to one line of UTF-8 JSON, without the newline.</summary>
        public static byte[] Serialize(BuildRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Options);

        /// <summary>Appends one record as one line, under an exclusive lock, with one write.</summary>
        public static void Append(string path, BuildRecord record)
        {
            byte[] json = Serialize(record);
            byte[] line = new byte[json.Length + 1];
            Buffer.BlockCopy(json, 0, line, 0, json.Length);
            line[json.Length] = (byte)'\n';

            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Write(line, 0, line.Length);
        }

        /// <summary>Reads every record it can parse; <paramref name="skipped"/> counts the lines it could not.</summary>
        public static List<BuildRecord> ReadAll(string path, out int skipped)
        {
            skipped = 0;
            var records = new List<BuildRecord>();
            if (!File.Exists(path))
            {
                return records;
            }

            foreach (string raw in File.ReadAllLines(path, new UTF8Encoding(false)))
            {
                string line = raw.Trim().TrimStart('\uFEFF');
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    BuildRecord? record = JsonSerializer.Deserialize<BuildRecord>(line, Options);
                    if (record != null)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        skipped++;
                    }
                }
                catch (JsonException)
                {
                    skipped++;
                }
            }

            return records;
        }
    }
}
