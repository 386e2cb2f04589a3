using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Reads history files from the end: newest lines first, stopping as soon as the query has what it needs.
    /// Tolerant by design: a byte order mark, CRLF endings, blank lines, unknown or missing fields are fine;
    /// a line that cannot be parsed is skipped and counted. An unterminated last line that does not parse is a
    /// record still being written (or torn by a writer that died; the next append closes it off), so it is
    /// ignored without being counted.
    /// </summary>
    internal static class HistoryReader
    {
        private const int FirstChunk = 64 * 1024;
        private const int MaxChunk = 1024 * 1024;

        private static readonly byte[] ProjectName = { (byte)'p', (byte)'r', (byte)'o', (byte)'j', (byte)'e', (byte)'c', (byte)'t' };
        private static readonly byte[] TemplateName = { (byte)'t', (byte)'e', (byte)'m', (byte)'p', (byte)'l', (byte)'a', (byte)'t', (byte)'e' };
        private static readonly byte[] SuccessName = { (byte)'s', (byte)'u', (byte)'c', (byte)'c', (byte)'e', (byte)'s', (byte)'s' };
        private static readonly byte[] CacheName = { (byte)'c', (byte)'a', (byte)'c', (byte)'h', (byte)'e' };
        private static readonly byte[] HitName = { (byte)'h', (byte)'i', (byte)'t' };

        private static readonly JsonReaderOptions ScanOptions = new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        internal delegate bool LineHandler(ReadOnlySpan<byte> line, bool terminated);

        /// <summary>The newest records matching <paramref name="query"/>, oldest first, from the file and (if needed) its newest archive.</summary>
        public static List<BuildRecord> Read(string path, HistoryQuery query, out int skipped)
        {
            var found = new List<BuildRecord>();
            int bad = 0;
            if (query.MaxRecords <= 0)
            {
                skipped = 0;
                return found;
            }

            var matcher = new Matcher(query);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool inArchive = false;

            bool OnLine(ReadOnlySpan<byte> raw, bool terminated)
            {
                ReadOnlySpan<byte> line = Trim(raw);
                if (line.Length == 0)
                {
                    return true;
                }

                if (matcher.NeedsScan)
                {
                    if (!matcher.TryScan(line, out bool matches))
                    {
                        if (terminated)
                        {
                            bad++;
                        }

                        return true;
                    }

                    if (!matches)
                    {
                        return true;
                    }
                }

                BuildRecord? record = HistoryStore.Parse(line);
                if (record == null)
                {
                    if (terminated)
                    {
                        bad++;
                    }

                    return true;
                }

                if (query.Filter != null && !query.Filter(record))
                {
                    return true;
                }

                // A rotation between reading the file and its archive could show a record twice.
                if (record.SessionId != null && !seen.Add(record.SessionId) && inArchive)
                {
                    return true;
                }

                found.Add(record);
                return found.Count < query.MaxRecords;
            }

            bool more = ForEachLineBackward(path, OnLine);
            if (more && query.IncludeArchive && found.Count < query.MaxRecords)
            {
                string? archive = HistoryStore.NewestArchive(path);
                if (archive != null)
                {
                    inArchive = true;
                    ForEachLineBackward(archive, OnLine);
                }
            }

            found.Reverse();
            skipped = bad;
            return found;
        }

        /// <summary>
        /// Calls <paramref name="handler"/> for every line of the file, last line first, until it returns false.
        /// Returns false when the handler stopped the walk. A missing file has no lines.
        /// </summary>
        public static bool ForEachLineBackward(string path, LineHandler handler)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            }
            catch (FileNotFoundException)
            {
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }

            using (stream)
            {
                long position = stream.Length;
                int chunk = FirstChunk;
                byte[] work = new byte[chunk];
                byte[] carry = new byte[256];
                int carryLength = 0;
                bool atEnd = true;

                while (position > 0)
                {
                    int count = (int)Math.Min(chunk, position);
                    position -= count;
                    int total = count + carryLength;
                    if (work.Length < total)
                    {
                        work = new byte[Math.Max(total, work.Length * 2)];
                    }

                    stream.Position = position;
                    ReadExactly(stream, work, count);
                    Buffer.BlockCopy(carry, 0, work, count, carryLength);

                    int end = total;
                    for (int i = total - 1; i >= 0; i--)
                    {
                        if (work[i] != (byte)'\n')
                        {
                            continue;
                        }

                        bool terminated = !atEnd;
                        atEnd = false;
                        if (!handler(new ReadOnlySpan<byte>(work, i + 1, end - i - 1), terminated))
                        {
                            return false;
                        }

                        end = i;
                    }

                    if (position == 0)
                    {
                        // The first line of the file.
                        return handler(new ReadOnlySpan<byte>(work, 0, end), !atEnd);
                    }

                    if (carry.Length < end)
                    {
                        carry = new byte[Math.Max(end, carry.Length * 2)];
                    }

                    Buffer.BlockCopy(work, 0, carry, 0, end);
                    carryLength = end;
                    chunk = Math.Min(chunk * 2, MaxChunk);
                }
            }

            return true;
        }

        /// <summary>Strips a byte order mark, surrounding white space and a CR before the LF.</summary>
        internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
        {
            if (line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF)
            {
                line = line.Slice(3);
            }

            int start = 0;
            while (start < line.Length && IsSpace(line[start]))
            {
                start++;
            }

            int end = line.Length;
            while (end > start && IsSpace(line[end - 1]))
            {
                end--;
            }

            return line.Slice(start, end - start);
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n' || b == 0;

        private static void ReadExactly(Stream stream, byte[] buffer, int count)
        {
            int read = 0;
            while (read < count)
            {
                int n = stream.Read(buffer, read, count - read);
                if (n <= 0)
                {
                    // The file shrank under us (rotated by a writer): what is missing reads as blank.
                    Array.Clear(buffer, read, count - read);
                    return;
                }

                read += n;
            }
        }

        /// <summary>Checks the query's fields on a light scan of the line's top level (and cache.hit).</summary>
        private sealed class Matcher
        {
            private readonly HistoryQuery _query;
            private readonly string? _project;

            public Matcher(HistoryQuery query)
            {
                _query = query;
                _project = query.Project == null ? null : NormalizeProject(query.Project);
                NeedsScan = query.NeedsScan;
            }

            public bool NeedsScan { get; }

            /// <summary>False when the line is not a JSON object; otherwise whether it matches.</summary>
            public bool TryScan(ReadOnlySpan<byte> line, out bool matches)
            {
                matches = false;
                string? project = null;
                string? template = null;
                bool success = true;
                bool hit = false;
                try
                {
                    var reader = new Utf8JsonReader(line, ScanOptions);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals(ProjectName))
                        {
                            reader.Read();
                            project = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }
                        else if (reader.ValueTextEquals(TemplateName))
                        {
                            reader.Read();
                            template = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }
                        else if (reader.ValueTextEquals(SuccessName))
                        {
                            reader.Read();
                            success = reader.TokenType != JsonTokenType.False;
                        }
                        else if (reader.ValueTextEquals(CacheName))
                        {
                            reader.Read();
                            if (reader.TokenType == JsonTokenType.StartObject)
                            {
                                hit = ScanHit(ref reader);
                            }
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    if (reader.TokenType != JsonTokenType.EndObject)
                    {
                        return false;
                    }
                }
                catch (JsonException)
                {
                    return false;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }

                matches = (_query.Template == null || string.Equals(template, _query.Template, StringComparison.OrdinalIgnoreCase))
                    && (!_query.Success.HasValue || success == _query.Success.Value)
                    && (!_query.CacheHit.HasValue || hit == _query.CacheHit.Value)
                    && (_project == null || (project == null ? _query.IncludeUnattributed : SameProject(project)));
                return true;
            }

            private static bool ScanHit(ref Utf8JsonReader reader)
            {
                bool hit = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isHit = reader.ValueTextEquals(HitName);
                    reader.Read();
                    if (isHit)
                    {
                        hit = reader.TokenType == JsonTokenType.True ||
                              (reader.TokenType == JsonTokenType.String && string.Equals(reader.GetString(), "true", StringComparison.OrdinalIgnoreCase));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return hit;
            }

            private bool SameProject(string project)
            {
                var comparison = PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                return string.Equals(project, _query.Project, comparison) || string.Equals(NormalizeProject(project), _project, comparison);
            }
        }

        /// <summary>One spelling per project path: full, with one kind of separator and no trailing separator.</summary>
        internal static string NormalizeProject(string project)
        {
            string p = project.Replace('\\', '/').TrimEnd('/');
            return p;
        }
    }
}
