using System.Text.Json.Serialization;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Serializer metadata for the history record generated at compile time, so a freshly started MSBuild node reads
    /// and writes history without building it by reflection first.
    /// </summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        Converters = new[]
        {
            typeof(LenientConverters.DoubleConverter),
            typeof(LenientConverters.Int64Converter),
            typeof(LenientConverters.Int32Converter),
            typeof(LenientConverters.BooleanConverter),
        })]
    [JsonSerializable(typeof(BuildRecord))]
    [JsonSerializable(typeof(string))]
    internal sealed partial class HistoryJsonContext : JsonSerializerContext
    {
    }
}
