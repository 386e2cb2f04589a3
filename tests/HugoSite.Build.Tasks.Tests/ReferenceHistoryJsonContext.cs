using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The serializer set up exactly as the history used it before it was read and written by hand (HistoryJson): the
    /// reference HistoryJson is tested against, byte for byte and record for record.
    /// </summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        Converters = new[]
        {
            typeof(ReferenceLenientConverters.DoubleConverter),
            typeof(ReferenceLenientConverters.Int64Converter),
            typeof(ReferenceLenientConverters.Int32Converter),
            typeof(ReferenceLenientConverters.BooleanConverter),
        })]
    [JsonSerializable(typeof(BuildRecord))]
    [JsonSerializable(typeof(string))]
    internal sealed partial class ReferenceHistoryJsonContext : JsonSerializerContext
    {
        /// <summary>The options the history store used: the generated metadata, the lenient converters, relaxed escaping.</summary>
        public static JsonSerializerOptions HistoryOptions { get; } = CreateOptions();

        /// <summary>The default options AnalysisDetail used (reflection, default escaping).</summary>
        public static JsonSerializerOptions DetailOptions { get; } = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        public static byte[] Serialize(BuildRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, HistoryOptions);

        public static BuildRecord? Parse(byte[] line)
        {
            try
            {
                return JsonSerializer.Deserialize<BuildRecord>(line, HistoryOptions);
            }
            catch (Exception e) when (e is JsonException || e is NotSupportedException || e is InvalidOperationException)
            {
                return null;
            }
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                AllowTrailingCommas = true,
                ReadCommentHandling = JsonCommentHandling.Skip,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                TypeInfoResolver = Default,
            };
            foreach (JsonConverter converter in ReferenceLenientConverters.All)
            {
                options.Converters.Add(converter);
            }

            return options;
        }
    }
}
