using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// What the analysis concluded beyond <see cref="AnalysisInfo"/>, written to the record as "analysis_detail" (a field
    /// readers that do not know it keep untouched): the change in milliseconds, the noise band it was judged against,
    /// the phase that explains it, where the thresholds came from, and which recommendations fired.
    /// </summary>
    public sealed class AnalysisDetail
    {
        public const string FieldName = "analysis_detail";

        [JsonPropertyName("change_ms")] public double? ChangeMs { get; set; }
        [JsonPropertyName("noise_band_ms")] public double? NoiseBandMs { get; set; }
        [JsonPropertyName("change_phase")] public string? ChangePhase { get; set; }
        [JsonPropertyName("change_phase_ms")] public double? ChangePhaseMs { get; set; }
        [JsonPropertyName("thresholds")] public string? Thresholds { get; set; }
        [JsonPropertyName("recommendations")] public List<string>? Recommendations { get; set; }

        public static AnalysisDetail From(AnalysisOutcome outcome)
        {
            return new AnalysisDetail
            {
                ChangeMs = Round(outcome.Comparison.ChangeMs),
                NoiseBandMs = Round(outcome.Comparison.NoiseBandMs),
                ChangePhase = outcome.ChangePhase?.Phase,
                ChangePhaseMs = Round(outcome.ChangePhase?.Ms),
                Thresholds = outcome.Thresholds.Source,
                Recommendations = Ids(outcome.Recommendations),
            };
        }

        /// <summary>Stores this detail in the record's extension fields.</summary>
        public void WriteTo(BuildRecord record)
        {
            record.Extra ??= new Dictionary<string, JsonElement>();
            record.Extra[FieldName] = HistoryJson.ToElement(this);
        }

        /// <summary>The detail of a record written by this analysis, or null.</summary>
        public static AnalysisDetail? ReadFrom(BuildRecord record)
        {
            return record.Extra != null && record.Extra.TryGetValue(FieldName, out JsonElement element) && element.ValueKind == JsonValueKind.Object
                ? HistoryJson.ToDetail(element)
                : null;
        }

        private static List<string>? Ids(List<Recommendation> tips) => tips.Count == 0 ? null : tips.Select(tip => tip.Id).ToList();

        private static double? Round(double? value) => AnalysisOutcome.Round(value, 3);
    }
}
