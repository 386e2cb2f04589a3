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

                BuildRecord? record = ReadObject(ref reader, new BuildRecord(), ReadRecordField);

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

        /// <summary>Writes the fields of one object, between the braces its caller writes.</summary>
        private delegate void FieldWriter<T>(Utf8JsonWriter w, T value);

        private static void WriteRecord(Utf8JsonWriter w, BuildRecord r)
        {
            w.WriteStartObject();
            w.WriteNumber("schema", r.Schema);
            WriteString(w, "session_id", r.SessionId);
            WriteString(w, "timestamp", r.Timestamp);
            WriteString(w, "template", r.Template);
            WriteString(w, "project", r.Project);
            WriteBoolean(w, "success", r.Success);
            WriteObject(w, "cache", r.Cache, WriteCache);
            w.WriteNumber("total_ms", Finite(r.TotalMs));
            WriteObject(w, "phases", r.Phases, WriteDoubleEntries);
            WriteObject(w, "metrics", r.Metrics, WriteMetrics);
            WriteString(w, "theme", r.Theme);
            WriteList(w, "components", r.Components, WriteComponent);
            WriteObject(w, "parallel", r.Parallel, WriteParallel);
            WriteObject(w, "hugo", r.Hugo, WriteHugo);
            WriteObject(w, "copy", r.Copy, WriteCopy);
            WriteObject(w, "machine", r.Machine, WriteMachine);
            WriteString(w, "package_version", r.PackageVersion);
            WriteString(w, "error", r.Error);
            WriteObject(w, "analysis", r.Analysis, WriteAnalysis);
            WriteList(w, "templates", r.Templates, WriteTemplate);
            WriteObject(w, "inputs", r.Inputs, WriteInputs);
            WriteExtra(w, r.Extra);
            w.WriteEndObject();
        }

        private static void WriteCache(Utf8JsonWriter w, CacheInfo c)
        {
            w.WriteBoolean("hit", c.Hit);
            WriteBoolean(w, "enabled", c.Enabled);
            WriteString(w, "fingerprint", c.Fingerprint);
            WriteString(w, "miss_reason", c.MissReason);
            WriteDouble(w, "saved_ms", c.SavedMs);
            WriteBoolean(w, "remote", c.Remote);
            WriteInt64(w, "remote_bytes", c.RemoteBytes);
            WriteDouble(w, "remote_ms", c.RemoteMs);
            WriteInt64(w, "upload_bytes", c.UploadBytes);
            WriteDouble(w, "upload_ms", c.UploadMs);
            WriteExtra(w, c.Extra);
        }

        private static void WriteMetrics(Utf8JsonWriter w, BuildMetrics m)
        {
            w.WriteNumber("memory_mb", Finite(m.MemoryMb));
            w.WriteNumber("file_count", m.FileCount);
            w.WriteNumber("output_size_kb", m.OutputSizeKb);
            WriteExtra(w, m.Extra);
        }

        private static void WriteComponent(Utf8JsonWriter w, ComponentTiming c)
        {
            WriteString(w, "name", c.Name);
            w.WriteNumber("duration_ms", Finite(c.DurationMs));
            WriteInt64(w, "exit_code", c.ExitCode);
            WriteString(w, "result", c.Result);
            WriteDouble(w, "start_offset_ms", c.StartOffsetMs);
        }

        private static void WriteParallel(Utf8JsonWriter w, ParallelInfo p)
        {
            w.WriteBoolean("enabled", p.Enabled);
            w.WriteNumber("max_jobs", p.MaxJobs);
        }

        private static void WriteHugo(Utf8JsonWriter w, HugoInfo h)
        {
            WriteString(w, "version", h.Version);
            WriteString(w, "edition", h.Edition);
            WriteString(w, "source", h.Source);
            WriteString(w, "source_url", h.SourceUrl);
            WriteDouble(w, "total_ms", h.TotalMs);
            WriteObject(w, "stats", h.Stats, WriteInt64Entries);
            WriteInt64(w, "exit_code", h.ExitCode);
        }

        private static void WriteCopy(Utf8JsonWriter w, CopyInfo c)
        {
            w.WriteNumber("copied", c.Copied);
            w.WriteNumber("skipped", c.Skipped);
            w.WriteNumber("removed", c.Removed);
            w.WriteNumber("bytes", c.Bytes);
            w.WriteNumber("jobs", c.Jobs);
        }

        private static void WriteMachine(Utf8JsonWriter w, MachineInfo m)
        {
            WriteString(w, "host", m.Host);
            w.WriteNumber("cores", m.Cores);
            WriteString(w, "os", m.Os);
            WriteString(w, "runtime", m.Runtime);
        }

        private static void WriteAnalysis(Utf8JsonWriter w, AnalysisInfo a)
        {
            WriteString(w, "status", a.Status);
            WriteDouble(w, "baseline_median_ms", a.BaselineMedianMs);
            WriteDouble(w, "baseline_mad_ms", a.BaselineMadMs);
            WriteInt64(w, "baseline_count", a.BaselineCount);
            WriteDouble(w, "change_pct", a.ChangePercent);
            WriteString(w, "verdict", a.Verdict);
            WriteString(w, "dominant_phase", a.DominantPhase);
        }

        private static void WriteTemplate(Utf8JsonWriter w, TemplateMetric t)
        {
            WriteString(w, "name", t.Name);
            w.WriteNumber("count", t.Count);
            w.WriteNumber("cumulative_ms", Finite(t.CumulativeMs));
            w.WriteNumber("mean_ms", Finite(t.MeanMs));
            w.WriteNumber("max_ms", Finite(t.MaxMs));
            WriteInt64(w, "cache_potential", t.CachePotential);
        }

        private static void WriteInputs(Utf8JsonWriter w, InputChanges inputs)
        {
            WriteBoolean(w, "first", inputs.First);
            w.WriteNumber("changed", inputs.Changed);
            w.WriteNumber("added", inputs.Added);
            w.WriteNumber("removed", inputs.Removed);
            WriteList(w, "files", inputs.Files, WriteInputFile);
            WriteList(w, "properties", inputs.Properties, WritePropertyChange);
            WriteString(w, "hugo_before", inputs.HugoBefore);
        }

        private static void WriteInputFile(Utf8JsonWriter w, InputChange f)
        {
            WriteString(w, "source", f.Source);
            WriteString(w, "path", f.Path);
            WriteString(w, "change", f.Change);
        }

        private static void WritePropertyChange(Utf8JsonWriter w, PropertyChange p)
        {
            WriteString(w, "name", p.Name);
            WriteString(w, "before", p.Before);
            WriteString(w, "after", p.After);
        }

        private static void WriteDoubleEntries(Utf8JsonWriter w, Dictionary<string, double> map)
        {
            foreach (KeyValuePair<string, double> entry in map)
            {
                w.WriteNumber(entry.Key, Finite(entry.Value));
            }
        }

        private static void WriteInt64Entries(Utf8JsonWriter w, Dictionary<string, long> map)
        {
            foreach (KeyValuePair<string, long> entry in map)
            {
                w.WriteNumber(entry.Key, entry.Value);
            }
        }

        /// <summary>A named object, left out when null.</summary>
        private static void WriteObject<T>(Utf8JsonWriter w, string name, T? value, FieldWriter<T> writeFields)
            where T : class
        {
            if (value == null)
            {
                return;
            }

            w.WriteStartObject(name);
            writeFields(w, value);
            w.WriteEndObject();
        }

        /// <summary>A named array of objects, left out when null; a null item is written as null.</summary>
        private static void WriteList<T>(Utf8JsonWriter w, string name, List<T>? list, FieldWriter<T> writeFields)
            where T : class
        {
            if (list == null)
            {
                return;
            }

            w.WriteStartArray(name);
            foreach (T? item in list)
            {
                if (item == null)
                {
                    w.WriteNullValue();
                    continue;
                }

                w.WriteStartObject();
                writeFields(w, item);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteString(Utf8JsonWriter w, string name, string? value)
        {
            if (value != null)
            {
                w.WriteString(name, value);
            }
        }

        private static void WriteBoolean(Utf8JsonWriter w, string name, bool? value)
        {
            if (value.HasValue)
            {
                w.WriteBoolean(name, value.Value);
            }
        }

        private static void WriteDouble(Utf8JsonWriter w, string name, double? value)
        {
            if (value.HasValue)
            {
                w.WriteNumber(name, Finite(value.Value));
            }
        }

        /// <summary>Also for int fields: the writer writes an int as the long of the same value.</summary>
        private static void WriteInt64(Utf8JsonWriter w, string name, long? value)
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

        /// <summary>
        /// Reads the value of the property the reader is at into <paramref name="target"/>: one of its fields (see
        /// <see cref="Field"/>), or an entry of a map. False when the name is not a field of it, and the value is still unread.
        /// </summary>
        private delegate bool FieldReader<T>(ref Utf8JsonReader reader, T target);

        /// <summary>Reads one object or null.</summary>
        private delegate T? ObjectReader<T>(ref Utf8JsonReader reader)
            where T : class;

        /// <summary>
        /// Reads an object (a part of the record, or a map) into <paramref name="target"/>, or null. The caller passes the
        /// new object rather than this method creating one (new T()), which shared generic code does through reflection.
        /// </summary>
        private static T? ReadObject<T>(ref Utf8JsonReader reader, T target, FieldReader<T> readField)
            where T : class
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Unexpected(ref reader);
            }

            while (NextProperty(ref reader))
            {
                if (!readField(ref reader, target))
                {
                    // A field this type does not keep.
                    reader.Read();
                    reader.Skip();
                }
            }

            return target;
        }

        /// <summary>An array of objects, or null; a null item stays null.</summary>
        private static List<T>? ReadList<T>(ref Utf8JsonReader reader, ObjectReader<T> readItem)
            where T : class
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Unexpected(ref reader);
            }

            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(readItem(ref reader)!);
            }

            return list;
        }

        /// <summary>Whether the property the reader is at has this name; when it has, the reader moves on to its value.</summary>
        private static bool Field(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            if (!reader.ValueTextEquals(name))
            {
                return false;
            }

            reader.Read();
            return true;
        }

        private static bool ReadRecordField(ref Utf8JsonReader reader, BuildRecord r)
        {
            // The order writers use, so a line of this package's meets each name on the first test.
            if (Field(ref reader, "schema"u8)) { r.Schema = ReadInt32(ref reader); }
            else if (Field(ref reader, "session_id"u8)) { r.SessionId = ReadString(ref reader); }
            else if (Field(ref reader, "timestamp"u8)) { r.Timestamp = ReadString(ref reader); }
            else if (Field(ref reader, "template"u8)) { r.Template = ReadString(ref reader); }
            else if (Field(ref reader, "project"u8)) { r.Project = ReadString(ref reader); }
            else if (Field(ref reader, "success"u8)) { r.Success = ReadNullableBoolean(ref reader); }
            else if (Field(ref reader, "cache"u8)) { r.Cache = ReadObject(ref reader, new CacheInfo(), ReadCacheField); }
            else if (Field(ref reader, "total_ms"u8)) { r.TotalMs = ReadDouble(ref reader); }
            else if (Field(ref reader, "phases"u8)) { r.Phases = ReadObject(ref reader, new Dictionary<string, double>(), ReadDoubleEntry); }
            else if (Field(ref reader, "metrics"u8)) { r.Metrics = ReadObject(ref reader, new BuildMetrics(), ReadMetricsField); }
            else if (Field(ref reader, "theme"u8)) { r.Theme = ReadString(ref reader); }
            else if (Field(ref reader, "components"u8)) { r.Components = ReadList<ComponentTiming>(ref reader, ReadComponent); }
            else if (Field(ref reader, "parallel"u8)) { r.Parallel = ReadObject(ref reader, new ParallelInfo(), ReadParallelField); }
            else if (Field(ref reader, "hugo"u8)) { r.Hugo = ReadObject(ref reader, new HugoInfo(), ReadHugoField); }
            else if (Field(ref reader, "copy"u8)) { r.Copy = ReadObject(ref reader, new CopyInfo(), ReadCopyField); }
            else if (Field(ref reader, "machine"u8)) { r.Machine = ReadObject(ref reader, new MachineInfo(), ReadMachineField); }
            else if (Field(ref reader, "package_version"u8)) { r.PackageVersion = ReadString(ref reader); }
            else if (Field(ref reader, "error"u8)) { r.Error = ReadString(ref reader); }
            else if (Field(ref reader, "analysis"u8)) { r.Analysis = ReadObject(ref reader, new AnalysisInfo(), ReadAnalysisField); }
            else if (Field(ref reader, "templates"u8)) { r.Templates = ReadList<TemplateMetric>(ref reader, ReadTemplate); }
            else if (Field(ref reader, "inputs"u8)) { r.Inputs = ReadObject(ref reader, new InputChanges(), ReadInputsField); }
            else { r.Extra = ReadExtra(ref reader, r.Extra); }
            return true;
        }

        private static bool ReadCacheField(ref Utf8JsonReader reader, CacheInfo c)
        {
            if (Field(ref reader, "hit"u8)) { c.Hit = ReadBoolean(ref reader); }
            else if (Field(ref reader, "enabled"u8)) { c.Enabled = ReadNullableBoolean(ref reader); }
            else if (Field(ref reader, "fingerprint"u8)) { c.Fingerprint = ReadString(ref reader); }
            else if (Field(ref reader, "miss_reason"u8)) { c.MissReason = ReadString(ref reader); }
            else if (Field(ref reader, "saved_ms"u8)) { c.SavedMs = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "remote"u8)) { c.Remote = ReadNullableBoolean(ref reader); }
            else if (Field(ref reader, "remote_bytes"u8)) { c.RemoteBytes = ReadNullableInt64(ref reader); }
            else if (Field(ref reader, "remote_ms"u8)) { c.RemoteMs = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "upload_bytes"u8)) { c.UploadBytes = ReadNullableInt64(ref reader); }
            else if (Field(ref reader, "upload_ms"u8)) { c.UploadMs = ReadNullableDouble(ref reader); }
            else { c.Extra = ReadExtra(ref reader, c.Extra); }
            return true;
        }

        private static bool ReadMetricsField(ref Utf8JsonReader reader, BuildMetrics m)
        {
            if (Field(ref reader, "memory_mb"u8)) { m.MemoryMb = ReadDouble(ref reader); }
            else if (Field(ref reader, "file_count"u8)) { m.FileCount = ReadInt64(ref reader); }
            else if (Field(ref reader, "output_size_kb"u8)) { m.OutputSizeKb = ReadInt64(ref reader); }
            else { m.Extra = ReadExtra(ref reader, m.Extra); }
            return true;
        }

        private static ComponentTiming? ReadComponent(ref Utf8JsonReader reader) => ReadObject(ref reader, new ComponentTiming(), ReadComponentField);

        private static bool ReadComponentField(ref Utf8JsonReader reader, ComponentTiming c)
        {
            if (Field(ref reader, "name"u8)) { c.Name = ReadString(ref reader); }
            else if (Field(ref reader, "duration_ms"u8)) { c.DurationMs = ReadDouble(ref reader); }
            else if (Field(ref reader, "exit_code"u8)) { c.ExitCode = ReadNullableInt32(ref reader); }
            else if (Field(ref reader, "result"u8)) { c.Result = ReadString(ref reader); }
            else if (Field(ref reader, "start_offset_ms"u8)) { c.StartOffsetMs = ReadNullableDouble(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadParallelField(ref Utf8JsonReader reader, ParallelInfo p)
        {
            if (Field(ref reader, "enabled"u8)) { p.Enabled = ReadBoolean(ref reader); }
            else if (Field(ref reader, "max_jobs"u8)) { p.MaxJobs = ReadInt32(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadHugoField(ref Utf8JsonReader reader, HugoInfo h)
        {
            if (Field(ref reader, "version"u8)) { h.Version = ReadString(ref reader); }
            else if (Field(ref reader, "edition"u8)) { h.Edition = ReadString(ref reader); }
            else if (Field(ref reader, "source"u8)) { h.Source = ReadString(ref reader); }
            else if (Field(ref reader, "source_url"u8)) { h.SourceUrl = ReadString(ref reader); }
            else if (Field(ref reader, "total_ms"u8)) { h.TotalMs = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "stats"u8)) { h.Stats = ReadObject(ref reader, new Dictionary<string, long>(), ReadInt64Entry); }
            else if (Field(ref reader, "exit_code"u8)) { h.ExitCode = ReadNullableInt32(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadCopyField(ref Utf8JsonReader reader, CopyInfo c)
        {
            if (Field(ref reader, "copied"u8)) { c.Copied = ReadInt64(ref reader); }
            else if (Field(ref reader, "skipped"u8)) { c.Skipped = ReadInt64(ref reader); }
            else if (Field(ref reader, "removed"u8)) { c.Removed = ReadInt64(ref reader); }
            else if (Field(ref reader, "bytes"u8)) { c.Bytes = ReadInt64(ref reader); }
            else if (Field(ref reader, "jobs"u8)) { c.Jobs = ReadInt32(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadMachineField(ref Utf8JsonReader reader, MachineInfo m)
        {
            if (Field(ref reader, "host"u8)) { m.Host = ReadString(ref reader); }
            else if (Field(ref reader, "cores"u8)) { m.Cores = ReadInt32(ref reader); }
            else if (Field(ref reader, "os"u8)) { m.Os = ReadString(ref reader); }
            else if (Field(ref reader, "runtime"u8)) { m.Runtime = ReadString(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadAnalysisField(ref Utf8JsonReader reader, AnalysisInfo a)
        {
            if (Field(ref reader, "status"u8)) { a.Status = ReadString(ref reader); }
            else if (Field(ref reader, "baseline_median_ms"u8)) { a.BaselineMedianMs = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "baseline_mad_ms"u8)) { a.BaselineMadMs = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "baseline_count"u8)) { a.BaselineCount = ReadNullableInt32(ref reader); }
            else if (Field(ref reader, "change_pct"u8)) { a.ChangePercent = ReadNullableDouble(ref reader); }
            else if (Field(ref reader, "verdict"u8)) { a.Verdict = ReadString(ref reader); }
            else if (Field(ref reader, "dominant_phase"u8)) { a.DominantPhase = ReadString(ref reader); }
            else { return false; }
            return true;
        }

        private static TemplateMetric? ReadTemplate(ref Utf8JsonReader reader) => ReadObject(ref reader, new TemplateMetric(), ReadTemplateField);

        private static bool ReadTemplateField(ref Utf8JsonReader reader, TemplateMetric t)
        {
            if (Field(ref reader, "name"u8)) { t.Name = ReadString(ref reader); }
            else if (Field(ref reader, "count"u8)) { t.Count = ReadInt64(ref reader); }
            else if (Field(ref reader, "cumulative_ms"u8)) { t.CumulativeMs = ReadDouble(ref reader); }
            else if (Field(ref reader, "mean_ms"u8)) { t.MeanMs = ReadDouble(ref reader); }
            else if (Field(ref reader, "max_ms"u8)) { t.MaxMs = ReadDouble(ref reader); }
            else if (Field(ref reader, "cache_potential"u8)) { t.CachePotential = ReadNullableInt32(ref reader); }
            else { return false; }
            return true;
        }

        private static bool ReadInputsField(ref Utf8JsonReader reader, InputChanges inputs)
        {
            if (Field(ref reader, "first"u8)) { inputs.First = ReadNullableBoolean(ref reader); }
            else if (Field(ref reader, "changed"u8)) { inputs.Changed = ReadInt32(ref reader); }
            else if (Field(ref reader, "added"u8)) { inputs.Added = ReadInt32(ref reader); }
            else if (Field(ref reader, "removed"u8)) { inputs.Removed = ReadInt32(ref reader); }
            else if (Field(ref reader, "files"u8)) { inputs.Files = ReadList<InputChange>(ref reader, ReadInputFile); }
            else if (Field(ref reader, "properties"u8)) { inputs.Properties = ReadList<PropertyChange>(ref reader, ReadPropertyChange); }
            else if (Field(ref reader, "hugo_before"u8)) { inputs.HugoBefore = ReadString(ref reader); }
            else { return false; }
            return true;
        }

        private static InputChange? ReadInputFile(ref Utf8JsonReader reader) => ReadObject(ref reader, new InputChange(), ReadInputFileField);

        private static bool ReadInputFileField(ref Utf8JsonReader reader, InputChange f)
        {
            if (Field(ref reader, "source"u8)) { f.Source = ReadString(ref reader); }
            else if (Field(ref reader, "path"u8)) { f.Path = ReadString(ref reader); }
            else if (Field(ref reader, "change"u8)) { f.Change = ReadString(ref reader); }
            else { return false; }
            return true;
        }

        private static PropertyChange? ReadPropertyChange(ref Utf8JsonReader reader) => ReadObject(ref reader, new PropertyChange(), ReadPropertyChangeField);

        private static bool ReadPropertyChangeField(ref Utf8JsonReader reader, PropertyChange p)
        {
            if (Field(ref reader, "name"u8)) { p.Name = ReadString(ref reader); }
            else if (Field(ref reader, "before"u8)) { p.Before = ReadString(ref reader); }
            else if (Field(ref reader, "after"u8)) { p.After = ReadString(ref reader); }
            else { return false; }
            return true;
        }

        /// <summary>One entry of a map of names to numbers (the phases).</summary>
        private static bool ReadDoubleEntry(ref Utf8JsonReader reader, Dictionary<string, double> map)
        {
            string key = reader.GetString()!;
            reader.Read();
            map[key] = ReadDouble(ref reader);
            return true;
        }

        /// <summary>One entry of a map of names to whole numbers (Hugo's statistics).</summary>
        private static bool ReadInt64Entry(ref Utf8JsonReader reader, Dictionary<string, long> map)
        {
            string key = reader.GetString()!;
            reader.Read();
            map[key] = ReadInt64(ref reader);
            return true;
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

        private static long? ReadNullableInt64(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Null ? (long?)null : ReadInt64(ref reader);

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


        private static bool? ReadNullableBoolean(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBoolean(ref reader);
    }
}
