using System.Collections.Generic;
using System.IO;
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
                ChangeMs = AnalysisOutcome.Round(outcome.Comparison.ChangeMs, 3),
                NoiseBandMs = AnalysisOutcome.Round(outcome.Comparison.NoiseBandMs, 3),
                ChangePhase = outcome.ChangePhase?.Phase,
                ChangePhaseMs = AnalysisOutcome.Round(outcome.ChangePhase?.Ms, 3),
                Thresholds = outcome.Thresholds.Source,
                Recommendations = Ids(outcome.Recommendations),
            };
        }

        /// <summary>Stores this detail in the record's extension fields.</summary>
        public void WriteTo(BuildRecord record)
        {
            record.Extra ??= new Dictionary<string, JsonElement>();
            record.Extra[FieldName] = ToElement();
        }

        /// <summary>The detail of a record written by this analysis, or null.</summary>
        public static AnalysisDetail? ReadFrom(BuildRecord record)
        {
            return record.Extra != null && record.Extra.TryGetValue(FieldName, out JsonElement element) && element.ValueKind == JsonValueKind.Object
                ? FromElement(element)
                : null;
        }

        /// <summary>
        /// The detail as a JSON object, written by hand for the reason and the measured cost given on
        /// <see cref="HistoryJson"/>: the fields in declaration order, nulls left out, default escaping.
        /// </summary>
        private JsonElement ToElement()
        {
            using var buffer = new MemoryStream(256);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                WriteNumber(w, "change_ms", ChangeMs);
                WriteNumber(w, "noise_band_ms", NoiseBandMs);
                if (ChangePhase != null)
                {
                    w.WriteString("change_phase", ChangePhase);
                }

                WriteNumber(w, "change_phase_ms", ChangePhaseMs);
                if (Thresholds != null)
                {
                    w.WriteString("thresholds", Thresholds);
                }

                if (Recommendations != null)
                {
                    w.WriteStartArray("recommendations");
                    foreach (string? id in Recommendations)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            var reader = new Utf8JsonReader(buffer.ToArray());
            reader.Read();
            return JsonElement.ParseValue(ref reader);
        }

        private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
        {
            if (value.HasValue)
            {
                w.WriteNumber(name, value.Value);
            }
        }

        /// <summary>Reads what <see cref="ToElement"/> writes; a field of the wrong kind is a <see cref="JsonException"/>.</summary>
        private static AnalysisDetail FromElement(JsonElement element)
        {
            var detail = new AnalysisDetail();
            foreach (JsonProperty p in element.EnumerateObject())
            {
                JsonElement v = p.Value;
                switch (p.Name)
                {
                    case "change_ms": detail.ChangeMs = Number(v); break;
                    case "noise_band_ms": detail.NoiseBandMs = Number(v); break;
                    case "change_phase": detail.ChangePhase = Text(v); break;
                    case "change_phase_ms": detail.ChangePhaseMs = Number(v); break;
                    case "thresholds": detail.Thresholds = Text(v); break;
                    case "recommendations": detail.Recommendations = Ids(v); break;
                }
            }

            return detail;
        }

        private static double? Number(JsonElement v) =>
            v.ValueKind == JsonValueKind.Null ? (double?)null :
            v.ValueKind == JsonValueKind.Number ? v.GetDouble() :
            throw new JsonException("Expected a number, found " + v.ValueKind + ".");

        private static string? Text(JsonElement v) =>
            v.ValueKind == JsonValueKind.Null ? null :
            v.ValueKind == JsonValueKind.String ? v.GetString() :
            throw new JsonException("Expected a string, found " + v.ValueKind + ".");

        private static List<string>? Ids(JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("'recommendations' must be an array of strings.");
            }

            var ids = new List<string>();
            foreach (JsonElement id in v.EnumerateArray())
            {
                ids.Add(Text(id)!);
            }

            return ids;
        }

        private static List<string>? Ids(List<Recommendation> tips)
        {
            if (tips.Count == 0)
            {
                return null;
            }

            var ids = new List<string>(tips.Count);
            foreach (Recommendation tip in tips)
            {
                ids.Add(tip.Id);
            }

            return ids;
        }
    }
}
