using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HugoSite.Build.Tasks.Analysis;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// The history's JSON, by the serializer with metadata generated at compile time: snake_case fields in declaration
    /// order, nulls left out, unknown fields kept (<see cref="JsonExtensionDataAttribute"/>) and written back last,
    /// non-ASCII text unescaped. Reading is lenient as the predecessor's history needs (<see cref="LenientConverters"/>);
    /// anything else that does not fit the record rejects the whole line.
    /// </summary>
    internal static class HistoryJson
    {
        private static readonly JsonSerializerOptions LineOptions = CreateOptions(JavaScriptEncoder.UnsafeRelaxedJsonEscaping, LenientConverters.All);

        /// <summary>The analysis detail is an extension field, written with the serializer's defaults (default escaping, strict reading).</summary>
        private static readonly JsonSerializerOptions DetailOptions = CreateOptions(null, new JsonConverter[0]);

        private static readonly JsonTypeInfo<BuildRecord> Record = (JsonTypeInfo<BuildRecord>)LineOptions.GetTypeInfo(typeof(BuildRecord));
        private static readonly JsonTypeInfo<string> Text = (JsonTypeInfo<string>)LineOptions.GetTypeInfo(typeof(string));
        private static readonly JsonTypeInfo<AnalysisDetail> Detail = (JsonTypeInfo<AnalysisDetail>)DetailOptions.GetTypeInfo(typeof(AnalysisDetail));

        /// <summary>One record as one line of UTF-8 JSON, without the newline.</summary>
        public static byte[] Serialize(BuildRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Record);

        /// <summary>A string as a JSON string value, quotes included, escaped as the history writes it.</summary>
        public static byte[] SerializeString(string value) => JsonSerializer.SerializeToUtf8Bytes(value, Text);

        /// <summary>Parses one line; null when it is not a record.</summary>
        public static BuildRecord? Parse(ReadOnlySpan<byte> line)
        {
            try
            {
                return JsonSerializer.Deserialize(line, Record);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is NotSupportedException)
            {
                return null;
            }
        }

        public static JsonElement ToElement(AnalysisDetail detail) => JsonSerializer.SerializeToElement(detail, Detail);

        /// <summary>A field of the wrong kind is a <see cref="JsonException"/>.</summary>
        public static AnalysisDetail? ToDetail(JsonElement element) => element.Deserialize(Detail);

        private static JsonSerializerOptions CreateOptions(JavaScriptEncoder? encoder, JsonConverter[] converters)
        {
            var options = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                AllowTrailingCommas = true,
                ReadCommentHandling = JsonCommentHandling.Skip,
                Encoder = encoder,
                TypeInfoResolver = HistoryJsonContext.Default,
            };
            foreach (JsonConverter converter in converters)
            {
                options.Converters.Add(converter);
            }

            return options;
        }
    }

    /// <summary>
    /// Metadata only: the serializer's generated fast path does not apply with the converters above, and leaving it out
    /// keeps a fresh build process from compiling it.
    /// </summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(BuildRecord))]
    [JsonSerializable(typeof(AnalysisDetail))]
    [JsonSerializable(typeof(string))]
    internal sealed partial class HistoryJsonContext : JsonSerializerContext
    {
    }

    /// <summary>
    /// Number and boolean converters that read what hand-written or older history lines hold: numbers written as
    /// strings, whole numbers written with a fraction (rounded) or beyond their range (clamped), and null for "not
    /// measured" (0 / false). A value JSON cannot hold (NaN, infinity) is written as 0 rather than failing the build.
    /// </summary>
    internal static class LenientConverters
    {
        public static readonly JsonConverter[] All =
        {
            new DoubleConverter(),
            new Int64Converter(),
            new Int32Converter(),
            new BooleanConverter(),
        };

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

        private static double Finite(double value) => double.IsNaN(value) || double.IsInfinity(value) ? 0 : value;

        internal sealed class DoubleConverter : JsonConverter<double>
        {
            public override bool HandleNull => true;

            public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Finite(ReadNumber(ref reader));

            public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(Finite(value));
        }

        internal sealed class Int64Converter : JsonConverter<long>
        {
            public override bool HandleNull => true;

            public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                ReadWhole(ref reader, long.MinValue, long.MaxValue);

            public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
        }

        internal sealed class Int32Converter : JsonConverter<int>
        {
            public override bool HandleNull => true;

            public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                (int)ReadWhole(ref reader, int.MinValue, int.MaxValue);

            public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
        }

        internal sealed class BooleanConverter : JsonConverter<bool>
        {
            public override bool HandleNull => true;

            public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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

            public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
        }
    }
}
