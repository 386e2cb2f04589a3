using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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

        private static ReadOnlySpan<byte> ProjectName => "project"u8;
        private static ReadOnlySpan<byte> ProjectKey => "\"project\":"u8;
        private static ReadOnlySpan<byte> TemplateName => "template"u8;
        private static ReadOnlySpan<byte> SuccessName => "success"u8;
        private static ReadOnlySpan<byte> CacheName => "cache"u8;
        private static ReadOnlySpan<byte> FalseText => "false"u8;
        private static ReadOnlySpan<byte> HitName => "hit"u8;

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
            bool scan = query.NeedsScan;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool inArchive = false;

            bool OnLine(ReadOnlySpan<byte> raw, bool terminated)
            {
                ReadOnlySpan<byte> line = Trim(raw);
                if (line.Length == 0)
                {
                    return true;
                }

                // A line the scan finds no JSON object in, or that does not parse, is not a record.
                bool matches = true;
                BuildRecord? record = null;
                if (!scan || matcher.TryScan(line, out matches))
                {
                    if (!matches)
                    {
                        return true;
                    }

                    record = HistoryStore.Parse(line);
                }

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
            if (more && found.Count < query.MaxRecords)
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
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
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
                    while (true)
                    {
                        int i = new ReadOnlySpan<byte>(work, 0, end).LastIndexOf((byte)'\n');
                        if (i < 0)
                        {
                            break;
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

        /// <summary>
        /// Checks the query's fields (top-level project, template, success and cache.hit) on a light scan that stops
        /// at the first field that rules the line out, or once every wanted field is seen. Writers put these fields
        /// first, so a line of another site costs a few dozen bytes of scanning and no allocation. Measured on a
        /// 100,000-line history (bench/history, docs/benchmarks.md "Phase timing and history"): 26 ms for the worst
        /// case (every line looked at) against 2,081 ms for parsing every line, and 0.6 ms for a busy site's baseline.
        /// </summary>
        private sealed class Matcher
        {
            private readonly HistoryQuery _query;
            private readonly string? _project;
            private readonly byte[]? _projectUtf8;
            private readonly byte[]? _projectJson;
            private readonly byte[]? _projectNormalUtf8;
            private readonly byte[]? _templateUtf8;
            private readonly int _wanted;

            public Matcher(HistoryQuery query)
            {
                _query = query;
                if (query.Project != null)
                {
                    _project = NormalizeProject(query.Project);
                    _projectUtf8 = Encoding.UTF8.GetBytes(query.Project);
                    _projectJson = JsonEncoded(query.Project);
                }

                // Looking for the path's bytes is exact only where paths compare ordinally.
                _projectNormalUtf8 = PathCompat.IsCaseSensitive && _project != null ? Encoding.UTF8.GetBytes(_project) : null;
                _templateUtf8 = query.Template == null ? null : Encoding.UTF8.GetBytes(query.Template);
                _wanted = (query.Project != null ? 1 : 0) + (query.Template != null ? 1 : 0) + (query.Success.HasValue ? 1 : 0) + (query.CacheHit.HasValue ? 1 : 0);
            }

            /// <summary>False when the line is not a JSON object; otherwise whether it matches.</summary>
            public bool TryScan(ReadOnlySpan<byte> line, out bool matches)
            {
                matches = false;
                if (_projectNormalUtf8 != null)
                {
                    int quick = QuickProject(line);
                    if (quick == 0)
                    {
                        return true;
                    }

                    if (quick == 1 && _wanted == 1)
                    {
                        matches = true;
                        return true;
                    }
                }

                return ScanFields(line, out matches);
            }

            /// <summary>The careful scan with a JSON reader, for lines the raw bytes do not decide.</summary>
            private bool ScanFields(ReadOnlySpan<byte> line, out bool matches)
            {
                matches = false;
                bool sawProject = false, sawTemplate = false, sawSuccess = false, sawCache = false;
                int seen = 0;
                try
                {
                    var reader = new Utf8JsonReader(line, ScanOptions);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    while (seen < _wanted && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (_projectUtf8 != null && !sawProject && reader.ValueTextEquals(ProjectName))
                        {
                            sawProject = true;
                            seen++;
                            reader.Read();
                            if (reader.TokenType == JsonTokenType.String ? !ProjectMatches(ref reader) : !_query.IncludeUnattributed)
                            {
                                return true;
                            }
                        }
                        else if (_templateUtf8 != null && !sawTemplate && reader.ValueTextEquals(TemplateName))
                        {
                            sawTemplate = true;
                            seen++;
                            reader.Read();
                            if (reader.TokenType != JsonTokenType.String || !TemplateMatches(ref reader))
                            {
                                return true;
                            }
                        }
                        else if (_query.Success.HasValue && !sawSuccess && reader.ValueTextEquals(SuccessName))
                        {
                            sawSuccess = true;
                            seen++;
                            reader.Read();
                            bool failed = reader.TokenType == JsonTokenType.False ||
                                          (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(FalseText));
                            if (!failed != _query.Success.Value)
                            {
                                return true;
                            }
                        }
                        else if (_query.CacheHit.HasValue && !sawCache && reader.ValueTextEquals(CacheName))
                        {
                            sawCache = true;
                            seen++;
                            reader.Read();
                            bool hit = reader.TokenType == JsonTokenType.StartObject ? ScanHit(ref reader) : false;
                            if (hit != _query.CacheHit.Value)
                            {
                                return true;
                            }
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    if (seen < _wanted && reader.TokenType != JsonTokenType.EndObject)
                    {
                        return false;
                    }
                }
                catch (Exception e) when (e is JsonException || e is InvalidOperationException)
                {
                    return false;
                }

                // Fields the line lacks take the values old records imply: no project, successful, not a cache hit.
                matches = (_projectUtf8 == null || sawProject || _query.IncludeUnattributed)
                    && (_templateUtf8 == null || sawTemplate)
                    && (!_query.Success.HasValue || sawSuccess || _query.Success.Value)
                    && (!_query.CacheHit.HasValue || sawCache || !_query.CacheHit.Value);
                return true;
            }

            /// <summary>
            /// Decides the project test from the raw bytes where that is certain: 1 = this project, 0 = not, -1 = scan.
            /// Certain means: no backslash in the line (so every string is written literally and no quote hides inside
            /// one), and nothing nested before the first <c>"project":</c> (so it is the top-level field). Lines this
            /// package writes always qualify on Linux and macOS; anything else takes the careful scan.
            /// </summary>
            private int QuickProject(ReadOnlySpan<byte> line)
            {
                if (line.Length < 2 || line[0] != (byte)'{' || line.IndexOf((byte)'\\') >= 0)
                {
                    return -1;
                }

                int key = line.IndexOf(ProjectKey);
                if (key < 0)
                {
                    // No "project": at all, and no other spelling of it: an unattributed record.
                    return line.IndexOf(ProjectName) >= 0 ? -1 : _query.IncludeUnattributed ? 1 : 0;
                }

                if (line.Slice(1, key - 1).IndexOfAny((byte)'{', (byte)'[') >= 0)
                {
                    return -1;
                }

                ReadOnlySpan<byte> rest = line.Slice(key + ProjectKey.Length);
                if (rest.Length == 0 || rest[0] != (byte)'"')
                {
                    return -1;
                }

                int close = rest.Slice(1).IndexOf((byte)'"');
                if (close < 0)
                {
                    return -1;
                }

                ReadOnlySpan<byte> value = rest.Slice(1, close);
                while (value.Length > 0 && value[value.Length - 1] == (byte)'/')
                {
                    value = value.Slice(0, value.Length - 1);
                }

                return value.SequenceEqual(_projectNormalUtf8) ? 1 : 0;
            }

            private bool ProjectMatches(ref Utf8JsonReader reader)
            {
                ReadOnlySpan<byte> raw = reader.ValueSpan; // a reader over one span has no value sequences
                if (raw.SequenceEqual(reader.ValueIsEscaped ? _projectJson : _projectUtf8))
                {
                    return true;
                }

                // On a case-sensitive file system an unescaped value without a trailing separator is already in
                // normal form: different bytes, different project. Anything else is compared the careful way.
                if (PathCompat.IsCaseSensitive && !reader.ValueIsEscaped && raw.Length > 0 && raw[raw.Length - 1] != (byte)'/')
                {
                    return false;
                }

                string? value = reader.GetString();
                var comparison = PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                return value != null && string.Equals(NormalizeProject(value), _project, comparison);
            }

            private bool TemplateMatches(ref Utf8JsonReader reader)
            {
                if (reader.ValueTextEquals(_templateUtf8))
                {
                    return true;
                }

                ReadOnlySpan<byte> raw = reader.ValueSpan; // a reader over one span has no value sequences
                if (!reader.ValueIsEscaped && raw.Length != _templateUtf8!.Length)
                {
                    return false;
                }

                return string.Equals(reader.GetString(), _query.Template, StringComparison.OrdinalIgnoreCase);
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

            /// <summary>The string's characters as this package's writer escapes them inside a JSON string.</summary>
            private static byte[] JsonEncoded(string value)
            {
                byte[] quoted = HistoryJson.SerializeString(value);
                return quoted.Length >= 2 ? quoted.AsSpan(1, quoted.Length - 2).ToArray() : quoted;
            }
        }

        /// <summary>One spelling per project path: full, with one kind of separator and no trailing separator.</summary>
        internal static string NormalizeProject(string project) => project.Replace('\\', '/').TrimEnd('/');
    }
}
