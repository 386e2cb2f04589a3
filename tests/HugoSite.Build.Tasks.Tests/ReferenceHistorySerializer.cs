using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The history's serializer options with metadata taken by reflection instead of the generated context: the
    /// reference the generated metadata is tested against, byte for byte and record for record.
    /// </summary>
    internal static class ReferenceHistorySerializer
    {
        /// <summary>The options of the history lines: the lenient converters, relaxed escaping.</summary>
        public static JsonSerializerOptions HistoryOptions { get; } = CreateOptions();

        /// <summary>The serializer's defaults, as the analysis detail is written (default escaping).</summary>
        public static JsonSerializerOptions DetailOptions { get; } = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };

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
                TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            };
            foreach (JsonConverter converter in LenientConverters.All)
            {
                options.Converters.Add(converter);
            }

            return options;
        }
    }
}
