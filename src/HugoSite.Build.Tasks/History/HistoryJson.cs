using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Reads and writes history lines with <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/> directly.
    /// Every build runs this in a freshly started MSBuild process. Measured in content-change builds of the bench site
    /// (bench/overhead, docs/benchmarks.md "History JSON: serializer or hand-written"): the serializer with metadata
    /// generated at compile time made the build compile about 520 more methods with the precompiled image (370 of them
    /// System.Text.Json generic instantiations over the record's types, which the image cannot hold) and about 670 more
    /// with the portable assembly, and AnalyzePerformance took 4 to 6 times as long: past the package's budget of 80 ms
    /// (precompiled) and 150 ms (portable) for its targets. This costs a few dozen methods.
    /// <para>
    /// The format is the serializer's, byte for byte: snake_case fields in declaration order, nulls left out, unknown
    /// fields kept (top level, metrics and cache) and written back last, non-ASCII text unescaped. Reading is lenient
    /// as the predecessor's history needs: numbers may be strings ("12.5"), whole numbers may carry a fraction (rounded)
    /// or exceed their range (clamped), null reads as 0 or false where the field is not optional, and a value JSON
    /// cannot hold (NaN, infinity) is written as 0. Anything else that does not fit the record rejects the whole line.
    /// </para>
    /// </summary>
    internal static class HistoryJson
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        /// <summary>One record as one line of UTF-8 JSON, without the newline.</summary>
        public static byte[] Serialize(BuildRecord record)
        {
            using var buffer = new MemoryStream(1024);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteRecord(w, record);
            }

            return buffer.ToArray();
        }

        /// <summary>A string as a JSON string value, quotes included, escaped as the history writes it.</summary>
        public static byte[] SerializeString(string value)
        {
            using var buffer = new MemoryStream(value.Length + 16);
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                w.WriteStringValue(value);
            }

            return buffer.ToArray();
        }

        /// <summary>Parses one line; null when it is not a record.</summary>
        public static BuildRecord? Parse(ReadOnlySpan<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(line, ReaderOptions);
                if (!reader.Read())
                {
                    return null;
                }

                BuildRecord? record = ReadRecord(ref reader);

                // Only white space and comments may follow the record; the reader throws on anything else.
                reader.Read();
                return record;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is NotSupportedException)
            {
                return null;
            }
        }

        // ---- writing ----

        private static void WriteRecord(Utf8JsonWriter w, BuildRecord r)
        {
            w.WriteStartObject();
            w.WriteNumber("schema", r.Schema);
            WriteString(w, "session_id", r.SessionId);
            WriteString(w, "timestamp", r.Timestamp);
            WriteString(w, "template", r.Template);
            WriteString(w, "project", r.Project);
            if (r.Success.HasValue)
            {
                w.WriteBoolean("success", r.Success.Value);
            }

            if (r.Cache != null)
            {
                CacheInfo c = r.Cache;
                w.WriteStartObject("cache");
                w.WriteBoolean("hit", c.Hit);
                if (c.Enabled.HasValue)
                {
                    w.WriteBoolean("enabled", c.Enabled.Value);
                }

                WriteString(w, "fingerprint", c.Fingerprint);
                WriteString(w, "miss_reason", c.MissReason);
                WriteDouble(w, "saved_ms", c.SavedMs);
                if (c.Remote.HasValue)
                {
                    w.WriteBoolean("remote", c.Remote.Value);
                }

                WriteInt64(w, "remote_bytes", c.RemoteBytes);
                WriteDouble(w, "remote_ms", c.RemoteMs);
                WriteInt64(w, "upload_bytes", c.UploadBytes);
                WriteDouble(w, "upload_ms", c.UploadMs);
                WriteExtra(w, c.Extra);
                w.WriteEndObject();
            }

            w.WriteNumber("total_ms", Finite(r.TotalMs));
            if (r.Phases != null)
            {
                w.WriteStartObject("phases");
                foreach (KeyValuePair<string, double> phase in r.Phases)
                {
                    w.WriteNumber(phase.Key, Finite(phase.Value));
                }

                w.WriteEndObject();
            }

            if (r.Metrics != null)
            {
                BuildMetrics m = r.Metrics;
                w.WriteStartObject("metrics");
                w.WriteNumber("memory_mb", Finite(m.MemoryMb));
                w.WriteNumber("file_count", m.FileCount);
                w.WriteNumber("output_size_kb", m.OutputSizeKb);
                WriteExtra(w, m.Extra);
                w.WriteEndObject();
            }

            WriteString(w, "theme", r.Theme);
            if (r.Components != null)
            {
                w.WriteStartArray("components");
                foreach (ComponentTiming? c in r.Components)
                {
                    if (c == null)
                    {
                        w.WriteNullValue();
                        continue;
                    }

                    w.WriteStartObject();
                    WriteString(w, "name", c.Name);
                    w.WriteNumber("duration_ms", Finite(c.DurationMs));
                    WriteInt32(w, "exit_code", c.ExitCode);
                    WriteString(w, "result", c.Result);
                    WriteDouble(w, "start_offset_ms", c.StartOffsetMs);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (r.Parallel != null)
            {
                w.WriteStartObject("parallel");
                w.WriteBoolean("enabled", r.Parallel.Enabled);
                w.WriteNumber("max_jobs", r.Parallel.MaxJobs);
                w.WriteEndObject();
            }

            if (r.Hugo != null)
            {
                HugoInfo h = r.Hugo;
                w.WriteStartObject("hugo");
                WriteString(w, "version", h.Version);
                WriteString(w, "edition", h.Edition);
                WriteString(w, "source", h.Source);
                WriteString(w, "source_url", h.SourceUrl);
                WriteDouble(w, "total_ms", h.TotalMs);
                if (h.Stats != null)
                {
                    w.WriteStartObject("stats");
                    foreach (KeyValuePair<string, long> stat in h.Stats)
                    {
                        w.WriteNumber(stat.Key, stat.Value);
                    }

                    w.WriteEndObject();
                }

                WriteInt32(w, "exit_code", h.ExitCode);
                w.WriteEndObject();
            }

            if (r.Copy != null)
            {
                CopyInfo c = r.Copy;
                w.WriteStartObject("copy");
                w.WriteNumber("copied", c.Copied);
                w.WriteNumber("skipped", c.Skipped);
                w.WriteNumber("removed", c.Removed);
                w.WriteNumber("bytes", c.Bytes);
                w.WriteNumber("jobs", c.Jobs);
                w.WriteEndObject();
            }

            if (r.Machine != null)
            {
                MachineInfo m = r.Machine;
                w.WriteStartObject("machine");
                WriteString(w, "host", m.Host);
                w.WriteNumber("cores", m.Cores);
                WriteString(w, "os", m.Os);
                WriteString(w, "runtime", m.Runtime);
                w.WriteEndObject();
            }

            WriteString(w, "package_version", r.PackageVersion);
            WriteString(w, "error", r.Error);
            if (r.Analysis != null)
            {
                AnalysisInfo a = r.Analysis;
                w.WriteStartObject("analysis");
                WriteString(w, "status", a.Status);
                WriteDouble(w, "baseline_median_ms", a.BaselineMedianMs);
                WriteDouble(w, "baseline_mad_ms", a.BaselineMadMs);
                WriteInt32(w, "baseline_count", a.BaselineCount);
                WriteDouble(w, "change_pct", a.ChangePercent);
                WriteString(w, "verdict", a.Verdict);
                WriteString(w, "dominant_phase", a.DominantPhase);
                w.WriteEndObject();
            }

            WriteTemplates(w, r.Templates);
            WriteInputs(w, r.Inputs);
            WriteExtra(w, r.Extra);
            w.WriteEndObject();
        }

        private static void WriteString(Utf8JsonWriter w, string name, string? value)
        {
            if (value != null)
            {
                w.WriteString(name, value);
            }
        }

        private static void WriteDouble(Utf8JsonWriter w, string name, double? value)
        {
            if (value.HasValue)
            {
                w.WriteNumber(name, Finite(value.Value));
            }
        }

        private static void WriteInt64(Utf8JsonWriter w, string name, long? value)
        {
            if (value.HasValue)
            {
                w.WriteNumber(name, value.Value);
            }
        }

        private static void WriteInt32(Utf8JsonWriter w, string name, int? value)
        {
            if (value.HasValue)
            {
                w.WriteNumber(name, value.Value);
            }
        }

        private static void WriteExtra(Utf8JsonWriter w, Dictionary<string, JsonElement>? extra)
        {
            if (extra == null)
            {
                return;
            }

            foreach (KeyValuePair<string, JsonElement> field in extra)
            {
                w.WritePropertyName(field.Key);
                field.Value.WriteTo(w);
            }
        }

        private static double Finite(double value) => double.IsNaN(value) || double.IsInfinity(value) ? 0 : value;

        // ---- reading ----

        private static BuildRecord? ReadRecord(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var r = new BuildRecord();
            while (NextProperty(ref reader))
            {
                // The order writers use, so a line of this package's meets each name on the first test.
                if (reader.ValueTextEquals("schema"u8)) { reader.Read(); r.Schema = ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("session_id"u8)) { reader.Read(); r.SessionId = ReadString(ref reader); }
                else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); r.Timestamp = ReadString(ref reader); }
                else if (reader.ValueTextEquals("template"u8)) { reader.Read(); r.Template = ReadString(ref reader); }
                else if (reader.ValueTextEquals("project"u8)) { reader.Read(); r.Project = ReadString(ref reader); }
                else if (reader.ValueTextEquals("success"u8)) { reader.Read(); r.Success = reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("cache"u8)) { reader.Read(); r.Cache = ReadCache(ref reader); }
                else if (reader.ValueTextEquals("total_ms"u8)) { reader.Read(); r.TotalMs = ReadDouble(ref reader); }
                else if (reader.ValueTextEquals("phases"u8)) { reader.Read(); r.Phases = ReadDoubleMap(ref reader); }
                else if (reader.ValueTextEquals("metrics"u8)) { reader.Read(); r.Metrics = ReadMetrics(ref reader); }
                else if (reader.ValueTextEquals("theme"u8)) { reader.Read(); r.Theme = ReadString(ref reader); }
                else if (reader.ValueTextEquals("components"u8)) { reader.Read(); r.Components = ReadComponents(ref reader); }
                else if (reader.ValueTextEquals("parallel"u8)) { reader.Read(); r.Parallel = ReadParallel(ref reader); }
                else if (reader.ValueTextEquals("hugo"u8)) { reader.Read(); r.Hugo = ReadHugo(ref reader); }
                else if (reader.ValueTextEquals("copy"u8)) { reader.Read(); r.Copy = ReadCopy(ref reader); }
                else if (reader.ValueTextEquals("machine"u8)) { reader.Read(); r.Machine = ReadMachine(ref reader); }
                else if (reader.ValueTextEquals("package_version"u8)) { reader.Read(); r.PackageVersion = ReadString(ref reader); }
                else if (reader.ValueTextEquals("error"u8)) { reader.Read(); r.Error = ReadString(ref reader); }
                else if (reader.ValueTextEquals("analysis"u8)) { reader.Read(); r.Analysis = ReadAnalysis(ref reader); }
                else if (reader.ValueTextEquals("templates"u8)) { reader.Read(); r.Templates = ReadTemplates(ref reader); }
                else if (reader.ValueTextEquals("inputs"u8)) { reader.Read(); r.Inputs = ReadInputs(ref reader); }
                else { r.Extra = ReadExtra(ref reader, r.Extra); }
            }

            return r;
        }

        private static CacheInfo? ReadCache(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var c = new CacheInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("hit"u8)) { reader.Read(); c.Hit = ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("enabled"u8)) { reader.Read(); c.Enabled = reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("fingerprint"u8)) { reader.Read(); c.Fingerprint = ReadString(ref reader); }
                else if (reader.ValueTextEquals("miss_reason"u8)) { reader.Read(); c.MissReason = ReadString(ref reader); }
                else if (reader.ValueTextEquals("saved_ms"u8)) { reader.Read(); c.SavedMs = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("remote"u8)) { reader.Read(); c.Remote = reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("remote_bytes"u8)) { reader.Read(); c.RemoteBytes = reader.TokenType == JsonTokenType.Null ? (long?)null : ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("remote_ms"u8)) { reader.Read(); c.RemoteMs = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("upload_bytes"u8)) { reader.Read(); c.UploadBytes = reader.TokenType == JsonTokenType.Null ? (long?)null : ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("upload_ms"u8)) { reader.Read(); c.UploadMs = ReadNullableDouble(ref reader); }
                else { c.Extra = ReadExtra(ref reader, c.Extra); }
            }

            return c;
        }

        private static BuildMetrics? ReadMetrics(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var m = new BuildMetrics();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("memory_mb"u8)) { reader.Read(); m.MemoryMb = ReadDouble(ref reader); }
                else if (reader.ValueTextEquals("file_count"u8)) { reader.Read(); m.FileCount = ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("output_size_kb"u8)) { reader.Read(); m.OutputSizeKb = ReadInt64(ref reader); }
                else { m.Extra = ReadExtra(ref reader, m.Extra); }
            }

            return m;
        }

        private static List<ComponentTiming>? ReadComponents(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Unexpected(ref reader);
            }

            var list = new List<ComponentTiming>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    list.Add(null!);
                    continue;
                }

                StartObject(ref reader);
                var c = new ComponentTiming();
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("name"u8)) { reader.Read(); c.Name = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("duration_ms"u8)) { reader.Read(); c.DurationMs = ReadDouble(ref reader); }
                    else if (reader.ValueTextEquals("exit_code"u8)) { reader.Read(); c.ExitCode = ReadNullableInt32(ref reader); }
                    else if (reader.ValueTextEquals("result"u8)) { reader.Read(); c.Result = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("start_offset_ms"u8)) { reader.Read(); c.StartOffsetMs = ReadNullableDouble(ref reader); }
                    else { SkipValue(ref reader); }
                }

                list.Add(c);
            }

            return list;
        }

        private static ParallelInfo? ReadParallel(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var p = new ParallelInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("enabled"u8)) { reader.Read(); p.Enabled = ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("max_jobs"u8)) { reader.Read(); p.MaxJobs = ReadInt32(ref reader); }
                else { SkipValue(ref reader); }
            }

            return p;
        }

        private static HugoInfo? ReadHugo(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var h = new HugoInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("version"u8)) { reader.Read(); h.Version = ReadString(ref reader); }
                else if (reader.ValueTextEquals("edition"u8)) { reader.Read(); h.Edition = ReadString(ref reader); }
                else if (reader.ValueTextEquals("source"u8)) { reader.Read(); h.Source = ReadString(ref reader); }
                else if (reader.ValueTextEquals("source_url"u8)) { reader.Read(); h.SourceUrl = ReadString(ref reader); }
                else if (reader.ValueTextEquals("total_ms"u8)) { reader.Read(); h.TotalMs = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("stats"u8)) { reader.Read(); h.Stats = ReadInt64Map(ref reader); }
                else if (reader.ValueTextEquals("exit_code"u8)) { reader.Read(); h.ExitCode = ReadNullableInt32(ref reader); }
                else { SkipValue(ref reader); }
            }

            return h;
        }

        private static CopyInfo? ReadCopy(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var c = new CopyInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("copied"u8)) { reader.Read(); c.Copied = ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("skipped"u8)) { reader.Read(); c.Skipped = ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("removed"u8)) { reader.Read(); c.Removed = ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("bytes"u8)) { reader.Read(); c.Bytes = ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("jobs"u8)) { reader.Read(); c.Jobs = ReadInt32(ref reader); }
                else { SkipValue(ref reader); }
            }

            return c;
        }

        private static MachineInfo? ReadMachine(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var m = new MachineInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("host"u8)) { reader.Read(); m.Host = ReadString(ref reader); }
                else if (reader.ValueTextEquals("cores"u8)) { reader.Read(); m.Cores = ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("os"u8)) { reader.Read(); m.Os = ReadString(ref reader); }
                else if (reader.ValueTextEquals("runtime"u8)) { reader.Read(); m.Runtime = ReadString(ref reader); }
                else { SkipValue(ref reader); }
            }

            return m;
        }

        private static AnalysisInfo? ReadAnalysis(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var a = new AnalysisInfo();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("status"u8)) { reader.Read(); a.Status = ReadString(ref reader); }
                else if (reader.ValueTextEquals("baseline_median_ms"u8)) { reader.Read(); a.BaselineMedianMs = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("baseline_mad_ms"u8)) { reader.Read(); a.BaselineMadMs = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("baseline_count"u8)) { reader.Read(); a.BaselineCount = ReadNullableInt32(ref reader); }
                else if (reader.ValueTextEquals("change_pct"u8)) { reader.Read(); a.ChangePercent = ReadNullableDouble(ref reader); }
                else if (reader.ValueTextEquals("verdict"u8)) { reader.Read(); a.Verdict = ReadString(ref reader); }
                else if (reader.ValueTextEquals("dominant_phase"u8)) { reader.Read(); a.DominantPhase = ReadString(ref reader); }
                else { SkipValue(ref reader); }
            }

            return a;
        }

        private static Dictionary<string, double>? ReadDoubleMap(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var map = new Dictionary<string, double>();
            while (NextProperty(ref reader))
            {
                string key = reader.GetString()!;
                reader.Read();
                map[key] = ReadDouble(ref reader);
            }

            return map;
        }

        private static Dictionary<string, long>? ReadInt64Map(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var map = new Dictionary<string, long>();
            while (NextProperty(ref reader))
            {
                string key = reader.GetString()!;
                reader.Read();
                map[key] = ReadInt64(ref reader);
            }

            return map;
        }

        /// <summary>A field this version does not know, kept with its value as written.</summary>
        private static Dictionary<string, JsonElement> ReadExtra(ref Utf8JsonReader reader, Dictionary<string, JsonElement>? extra)
        {
            string name = reader.GetString()!;
            reader.Read();
            extra ??= new Dictionary<string, JsonElement>();
            extra[name] = JsonElement.ParseValue(ref reader);
            return extra;
        }

        private static void SkipValue(ref Utf8JsonReader reader)
        {
            reader.Read();
            reader.Skip();
        }

        private static void StartObject(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Unexpected(ref reader);
            }
        }

        /// <summary>Moves to the next property name of the object being read; false at its end.</summary>
        private static bool NextProperty(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw Unexpected(ref reader);
            }

            return true;
        }

        private static JsonException Unexpected(ref Utf8JsonReader reader) =>
            new JsonException("Unexpected " + reader.TokenType + " at byte " + reader.TokenStartIndex.ToString(CultureInfo.InvariantCulture) + ".");

        private static string? ReadString(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.String:
                    return reader.GetString();
                default:
                    throw Unexpected(ref reader);
            }
        }

        /// <summary>A number, a number written as a string (blank: 0), or null (0).</summary>
        private static double ReadNumber(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.GetDouble();
                case JsonTokenType.Null:
                    return 0;
                case JsonTokenType.String:
                    string text = reader.GetString() ?? string.Empty;
                    if (text.Trim().Length == 0)
                    {
                        return 0;
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                    {
                        return parsed;
                    }

                    throw new JsonException("'" + text + "' is not a number.");
                default:
                    throw new JsonException("Expected a number, found " + reader.TokenType + ".");
            }
        }

        private static double ReadDouble(ref Utf8JsonReader reader) => Finite(ReadNumber(ref reader));

        private static double? ReadNullableDouble(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Null ? (double?)null : ReadDouble(ref reader);

        /// <summary>A whole number within [min, max]; fractions round, values beyond the range clamp.</summary>
        private static long ReadWhole(ref Utf8JsonReader reader, long min, long max)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long exact))
            {
                return Math.Min(Math.Max(exact, min), max);
            }

            double value = Finite(ReadNumber(ref reader));
            return value >= max ? max : value <= min ? min : (long)Math.Round(value);
        }

        private static long ReadInt64(ref Utf8JsonReader reader) => ReadWhole(ref reader, long.MinValue, long.MaxValue);

        private static int ReadInt32(ref Utf8JsonReader reader) => (int)ReadWhole(ref reader, int.MinValue, int.MaxValue);

        private static int? ReadNullableInt32(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Null ? (int?)null : ReadInt32(ref reader);

        /// <summary>true/false, a number (non-zero is true), "true"/"false"/"1"/"0"/blank, or null (false).</summary>
        private static bool ReadBoolean(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                case JsonTokenType.Null:
                    return false;
                case JsonTokenType.Number:
                    return reader.GetDouble() != 0;
                case JsonTokenType.String:
                    string text = (reader.GetString() ?? string.Empty).Trim();
                    if (text.Length == 0 || text == "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }

                    if (text == "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }

                    throw new JsonException("'" + text + "' is not true or false.");
                default:
                    throw new JsonException("Expected true or false, found " + reader.TokenType + ".");
            }
        }

        // ---- report fields: template metrics and input changes ----

        private static void WriteTemplates(Utf8JsonWriter w, List<TemplateMetric>? templates)
        {
            if (templates == null)
            {
                return;
            }

            w.WriteStartArray("templates");
            foreach (TemplateMetric? t in templates)
            {
                if (t == null)
                {
                    w.WriteNullValue();
                    continue;
                }

                w.WriteStartObject();
                WriteString(w, "name", t.Name);
                w.WriteNumber("count", t.Count);
                w.WriteNumber("cumulative_ms", Finite(t.CumulativeMs));
                w.WriteNumber("mean_ms", Finite(t.MeanMs));
                w.WriteNumber("max_ms", Finite(t.MaxMs));
                WriteInt32(w, "cache_potential", t.CachePotential);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteInputs(Utf8JsonWriter w, InputChanges? inputs)
        {
            if (inputs == null)
            {
                return;
            }

            w.WriteStartObject("inputs");
            if (inputs.First.HasValue)
            {
                w.WriteBoolean("first", inputs.First.Value);
            }

            w.WriteNumber("changed", inputs.Changed);
            w.WriteNumber("added", inputs.Added);
            w.WriteNumber("removed", inputs.Removed);
            if (inputs.Files != null)
            {
                w.WriteStartArray("files");
                foreach (InputChange? f in inputs.Files)
                {
                    if (f == null)
                    {
                        w.WriteNullValue();
                        continue;
                    }

                    w.WriteStartObject();
                    WriteString(w, "source", f.Source);
                    WriteString(w, "path", f.Path);
                    WriteString(w, "change", f.Change);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (inputs.Properties != null)
            {
                w.WriteStartArray("properties");
                foreach (PropertyChange? p in inputs.Properties)
                {
                    if (p == null)
                    {
                        w.WriteNullValue();
                        continue;
                    }

                    w.WriteStartObject();
                    WriteString(w, "name", p.Name);
                    WriteString(w, "before", p.Before);
                    WriteString(w, "after", p.After);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            WriteString(w, "hugo_before", inputs.HugoBefore);
            w.WriteEndObject();
        }

        private static List<TemplateMetric>? ReadTemplates(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartArray(ref reader);
            var list = new List<TemplateMetric>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    list.Add(null!);
                    continue;
                }

                StartObject(ref reader);
                var t = new TemplateMetric();
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("name"u8)) { reader.Read(); t.Name = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("count"u8)) { reader.Read(); t.Count = ReadInt64(ref reader); }
                    else if (reader.ValueTextEquals("cumulative_ms"u8)) { reader.Read(); t.CumulativeMs = ReadDouble(ref reader); }
                    else if (reader.ValueTextEquals("mean_ms"u8)) { reader.Read(); t.MeanMs = ReadDouble(ref reader); }
                    else if (reader.ValueTextEquals("max_ms"u8)) { reader.Read(); t.MaxMs = ReadDouble(ref reader); }
                    else if (reader.ValueTextEquals("cache_potential"u8)) { reader.Read(); t.CachePotential = ReadNullableInt32(ref reader); }
                    else { SkipValue(ref reader); }
                }

                list.Add(t);
            }

            return list;
        }

        private static InputChanges? ReadInputs(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartObject(ref reader);
            var inputs = new InputChanges();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("first"u8)) { reader.Read(); inputs.First = reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("changed"u8)) { reader.Read(); inputs.Changed = ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("added"u8)) { reader.Read(); inputs.Added = ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("removed"u8)) { reader.Read(); inputs.Removed = ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("files"u8)) { reader.Read(); inputs.Files = ReadInputFiles(ref reader); }
                else if (reader.ValueTextEquals("properties"u8)) { reader.Read(); inputs.Properties = ReadPropertyChanges(ref reader); }
                else if (reader.ValueTextEquals("hugo_before"u8)) { reader.Read(); inputs.HugoBefore = ReadString(ref reader); }
                else { SkipValue(ref reader); }
            }

            return inputs;
        }

        private static List<InputChange>? ReadInputFiles(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartArray(ref reader);
            var list = new List<InputChange>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    list.Add(null!);
                    continue;
                }

                StartObject(ref reader);
                var f = new InputChange();
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("source"u8)) { reader.Read(); f.Source = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("path"u8)) { reader.Read(); f.Path = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("change"u8)) { reader.Read(); f.Change = ReadString(ref reader); }
                    else { SkipValue(ref reader); }
                }

                list.Add(f);
            }

            return list;
        }

        private static List<PropertyChange>? ReadPropertyChanges(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            StartArray(ref reader);
            var list = new List<PropertyChange>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    list.Add(null!);
                    continue;
                }

                StartObject(ref reader);
                var p = new PropertyChange();
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("name"u8)) { reader.Read(); p.Name = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("before"u8)) { reader.Read(); p.Before = ReadString(ref reader); }
                    else if (reader.ValueTextEquals("after"u8)) { reader.Read(); p.After = ReadString(ref reader); }
                    else { SkipValue(ref reader); }
                }

                list.Add(p);
            }

            return list;
        }

        private static void StartArray(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Unexpected(ref reader);
            }
        }
    }
}
