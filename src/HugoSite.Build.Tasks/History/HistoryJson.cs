using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using HugoSite.Build.Generators;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Reads and writes history lines with <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/> directly. The code for
    /// each type's fields (WriteBuildRecord, ReadBuildRecordField, …) is generated at compile time from the record's
    /// <c>[JsonPropertyName]</c> declarations (src/HugoSite.Build.Generators, RecordJsonGenerator), so a field added to
    /// <see cref="BuildRecord"/> or a class it holds is written and read with no change here; this file holds the helpers
    /// that code calls, one per kind of field.
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
    [RecordJson(typeof(BuildRecord))]
    internal static partial class HistoryJson
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
                w.WriteStartObject();
                WriteBuildRecord(w, record);
                w.WriteEndObject();
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

                BuildRecord? record = ReadObject(ref reader, new BuildRecord(), ReadBuildRecordField);

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
