using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>One row of Hugo's --templateMetrics table.</summary>
    public sealed class TemplateMetric
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("count")] public long Count { get; set; }
        [JsonPropertyName("cumulative_ms")] public double CumulativeMs { get; set; }
        [JsonPropertyName("mean_ms")] public double MeanMs { get; set; }
        [JsonPropertyName("max_ms")] public double MaxMs { get; set; }
        /// <summary>Hugo's "cache potential" (--templateMetricsHints): the percentage of calls that returned the same output.</summary>
        [JsonPropertyName("cache_potential")] public int? CachePotential { get; set; }
    }

    /// <summary>
    /// The inputs of this build against the previous build of the same site (its fingerprint state in obj/hugo):
    /// counts of changed, added and removed files, the first few paths of each source, the properties that changed
    /// and Hugo's previous version when it changed.
    /// </summary>
    public sealed class InputChanges
    {
        /// <summary>True when there was no earlier state to compare with (first build, cleaned obj/, fresh CI runner).</summary>
        [JsonPropertyName("first")] public bool? First { get; set; }
        [JsonPropertyName("changed")] public int Changed { get; set; }
        [JsonPropertyName("added")] public int Added { get; set; }
        [JsonPropertyName("removed")] public int Removed { get; set; }
        /// <summary>The first few paths per source (template, theme, content, component/…), not every one.</summary>
        [JsonPropertyName("files")] public List<InputChange>? Files { get; set; }
        [JsonPropertyName("properties")] public List<PropertyChange>? Properties { get; set; }
        /// <summary>The Hugo version of the previous build, when it differs from this one's.</summary>
        [JsonPropertyName("hugo_before")] public string? HugoBefore { get; set; }
    }

    /// <summary>One changed input file.</summary>
    public sealed class InputChange
    {
        /// <summary>template, theme, content, component/&lt;name&gt;, … (the first part of the fingerprint key).</summary>
        [JsonPropertyName("source")] public string? Source { get; set; }
        /// <summary>The path within its source.</summary>
        [JsonPropertyName("path")] public string? Path { get; set; }
        /// <summary>changed, added or removed.</summary>
        [JsonPropertyName("change")] public string? Change { get; set; }
    }

    /// <summary>One fingerprinted property (HugoEnvironment, HugoBaseUrl, …) whose value changed.</summary>
    public sealed class PropertyChange
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("before")] public string? Before { get; set; }
        [JsonPropertyName("after")] public string? After { get; set; }
    }
}
