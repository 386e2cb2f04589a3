using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The serializer-based reading and writing the history had before it was written by hand (HistoryJson), kept as the
    /// reference the hand-written code is tested against.
    /// Number and boolean converters that read what hand-written or older history lines hold: numbers written as
    /// strings, whole numbers written with a fraction, and null for "not measured" (read as 0 / false).
    /// Writing is plain JSON; a value JSON cannot hold (NaN, infinity) is written as 0 rather than failing the build.
    /// </summary>
    internal static class ReferenceLenientConverters
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
