using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// One line of the performance history: one build. Field names are snake_case and keep every field the
    /// bash predecessor wrote (session_id, timestamp, template, total_ms, phases, metrics, cache), so its
    /// history reads as-is. Everything added is optional on read: old lines simply leave it null.
    /// </summary>
    public sealed class BuildRecord
    {
        /// <summary>The record layout this package writes. Lines without it are the predecessor's (schema 0).</summary>
        public const int CurrentSchema = 1;

        [JsonPropertyName("schema")] public int Schema { get; set; }
        [JsonPropertyName("session_id")] public string? SessionId { get; set; }
        /// <summary>UTC, ISO 8601 with a Z suffix, as the predecessor wrote it.</summary>
        [JsonPropertyName("timestamp")] public string? Timestamp { get; set; }
        [JsonPropertyName("template")] public string? Template { get; set; }

        // Written early on purpose: readers pick comparable builds by these four fields and stop scanning a line
        // as soon as one rules it out, so they come before the larger objects.
        [JsonPropertyName("project")] public string? Project { get; set; }
        [JsonPropertyName("success")] public bool? Success { get; set; }
        [JsonPropertyName("cache")] public CacheInfo? Cache { get; set; }
        [JsonPropertyName("total_ms")] public double TotalMs { get; set; }
        /// <summary>Phase name to duration in milliseconds (setup, cache-check, copy, components, hugo, cleanup).</summary>
        [JsonPropertyName("phases")] public Dictionary<string, double>? Phases { get; set; }
        [JsonPropertyName("metrics")] public BuildMetrics? Metrics { get; set; }

        [JsonPropertyName("theme")] public string? Theme { get; set; }
        [JsonPropertyName("components")] public List<ComponentTiming>? Components { get; set; }
        [JsonPropertyName("parallel")] public ParallelInfo? Parallel { get; set; }
        [JsonPropertyName("hugo")] public HugoInfo? Hugo { get; set; }
        [JsonPropertyName("copy")] public CopyInfo? Copy { get; set; }
        [JsonPropertyName("machine")] public MachineInfo? Machine { get; set; }
        [JsonPropertyName("package_version")] public string? PackageVersion { get; set; }
        [JsonPropertyName("error")] public string? Error { get; set; }
        /// <summary>The verdict written by AnalyzePerformance: status, baseline and change.</summary>
        [JsonPropertyName("analysis")] public AnalysisInfo? Analysis { get; set; }
        /// <summary>Hugo's slowest templates by cumulative time, from --templateMetrics (HugoTemplateMetrics=true).</summary>
        [JsonPropertyName("templates")] public List<TemplateMetric>? Templates { get; set; }
        /// <summary>What changed in the inputs since the previous build of this site, from the cache's fingerprint state.</summary>
        [JsonPropertyName("inputs")] public InputChanges? Inputs { get; set; }

        /// <summary>Fields this version does not know (written by a newer one); kept so nothing is lost.</summary>
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    public sealed class BuildMetrics
    {
        /// <summary>Peak resident memory of the Hugo process, in MiB.</summary>
        [JsonPropertyName("memory_mb")] public double MemoryMb { get; set; }
        [JsonPropertyName("file_count")] public long FileCount { get; set; }
        [JsonPropertyName("output_size_kb")] public long OutputSizeKb { get; set; }
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    public sealed class CacheInfo
    {
        [JsonPropertyName("hit")] public bool Hit { get; set; }
        [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
        [JsonPropertyName("fingerprint")] public string? Fingerprint { get; set; }
        /// <summary>Why the cache missed: the first changed paths, or "Hugo version", etc.</summary>
        [JsonPropertyName("miss_reason")] public string? MissReason { get; set; }
        /// <summary>On a hit: milliseconds saved compared with the last comparable miss.</summary>
        [JsonPropertyName("saved_ms")] public double? SavedMs { get; set; }
        /// <summary>True when the hit came from the remote cache.</summary>
        [JsonPropertyName("remote")] public bool? Remote { get; set; }
        /// <summary>Bytes downloaded from the remote cache.</summary>
        [JsonPropertyName("remote_bytes")] public long? RemoteBytes { get; set; }
        /// <summary>Milliseconds spent asking the remote cache and downloading.</summary>
        [JsonPropertyName("remote_ms")] public double? RemoteMs { get; set; }
        /// <summary>Bytes uploaded to the remote cache after the build.</summary>
        [JsonPropertyName("upload_bytes")] public long? UploadBytes { get; set; }
        [JsonPropertyName("upload_ms")] public double? UploadMs { get; set; }
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    public sealed class ComponentTiming
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("duration_ms")] public double DurationMs { get; set; }
        [JsonPropertyName("exit_code")] public int? ExitCode { get; set; }
        [JsonPropertyName("result")] public string? Result { get; set; }
        /// <summary>Start offset from the start of the components phase, for the trace.</summary>
        [JsonPropertyName("start_offset_ms")] public double? StartOffsetMs { get; set; }
    }

    public sealed class ParallelInfo
    {
        [JsonPropertyName("enabled")] public bool Enabled { get; set; }
        [JsonPropertyName("max_jobs")] public int MaxJobs { get; set; }
    }

    public sealed class HugoInfo
    {
        [JsonPropertyName("version")] public string? Version { get; set; }
        /// <summary>standard, extended or withdeploy, as Hugo reported it.</summary>
        [JsonPropertyName("edition")] public string? Edition { get; set; }
        /// <summary>Where the executable came from: "executable" (HugoExecutable), "path" (PATH) or "download" (HugoVersion).</summary>
        [JsonPropertyName("source")] public string? Source { get; set; }
        /// <summary>For a pinned Hugo, the release archive it was installed from.</summary>
        [JsonPropertyName("source_url")] public string? SourceUrl { get; set; }
        /// <summary>Hugo's own "Total in N ms".</summary>
        [JsonPropertyName("total_ms")] public double? TotalMs { get; set; }
        /// <summary>Hugo's statistics table by row name ("pages", "static_files", "aliases", …), first language column.</summary>
        [JsonPropertyName("stats")] public Dictionary<string, long>? Stats { get; set; }
        [JsonPropertyName("exit_code")] public int? ExitCode { get; set; }
    }

    public sealed class CopyInfo
    {
        [JsonPropertyName("copied")] public long Copied { get; set; }
        [JsonPropertyName("skipped")] public long Skipped { get; set; }
        [JsonPropertyName("removed")] public long Removed { get; set; }
        [JsonPropertyName("bytes")] public long Bytes { get; set; }
        [JsonPropertyName("jobs")] public int Jobs { get; set; }
    }

    public sealed class MachineInfo
    {
        [JsonPropertyName("host")] public string? Host { get; set; }
        [JsonPropertyName("cores")] public int Cores { get; set; }
        [JsonPropertyName("os")] public string? Os { get; set; }
        [JsonPropertyName("runtime")] public string? Runtime { get; set; }
    }

    public sealed class AnalysisInfo
    {
        /// <summary>EXCELLENT, GOOD, ACCEPTABLE, SLOW, CACHE-HIT or FAILED.</summary>
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("baseline_median_ms")] public double? BaselineMedianMs { get; set; }
        [JsonPropertyName("baseline_mad_ms")] public double? BaselineMadMs { get; set; }
        [JsonPropertyName("baseline_count")] public int? BaselineCount { get; set; }
        /// <summary>Signed change against the baseline median: negative is faster.</summary>
        [JsonPropertyName("change_pct")] public double? ChangePercent { get; set; }
        /// <summary>faster, slower, within-noise or no-baseline.</summary>
        [JsonPropertyName("verdict")] public string? Verdict { get; set; }
        [JsonPropertyName("dominant_phase")] public string? DominantPhase { get; set; }
    }
}
