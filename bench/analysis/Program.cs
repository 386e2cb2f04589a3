using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

// Usage: dotnet run -c Release --project bench/analysis -- [lines=100000] [runs=7] [folder=/dev/shm]
// Writes a history of `lines` records (20 sites x 3 templates x 2 hosts, 10% cache hits, 3% failures), then times,
// `runs` times each, and prints the median and the spread:
//   read   JsonlHistorySource.ReadRecent(2000), what the task does to find baselines
//   read   the same over a file of only 2000 lines: what reading just the window costs (a reader that seeks from the end)
//   analyze PerformanceAnalyzer.Analyze over those 2000 records (baseline selection, noise, phases, recommendations)
//   execute the AnalyzePerformance task end to end on the 2000-line file (reads, analyses, appends, writes the trace)
//   export ChromeTrace.Create + StepSummary.Markdown for one build
int lines = args.Length > 0 ? int.Parse(args[0]) : 100_000;
int runs = args.Length > 1 ? int.Parse(args[1]) : 7;
string folder = args.Length > 2 ? args[2] : (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
string file = Path.Combine(folder, "hsb-analysis-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".jsonl");

var random = new Random(42);
string[] templates = { "minimal", "default", "enterprise" };
BuildRecord Make(int i)
{
    double total = 2000 + random.NextDouble() * 400;
    return new BuildRecord
    {
        Schema = BuildRecord.CurrentSchema,
        SessionId = Guid.NewGuid().ToString("N"),
        Timestamp = "2025-01-01T00:00:00.000Z",
        Template = templates[i % 3],
        TotalMs = total,
        Phases = new Dictionary<string, double> { ["setup"] = 100, ["copy"] = 300, ["components"] = 400, ["hugo"] = total - 900, ["cleanup"] = 100 },
        Metrics = new BuildMetrics { MemoryMb = 120, FileCount = 300, OutputSizeKb = 2048 },
        Cache = new CacheInfo { Hit = i % 10 == 0, Enabled = true },
        Success = i % 33 != 0,
        Project = "/sites/site" + (i % 20) + "/site.proj",
        Theme = "compose",
        Components = new List<ComponentTiming> { new ComponentTiming { Name = "search", DurationMs = 300, Result = "Succeeded" } },
        Parallel = new ParallelInfo { Enabled = true, MaxJobs = 4 },
        Hugo = new HugoInfo { Version = "0.111.3", TotalMs = total - 1000, Stats = new Dictionary<string, long> { ["pages"] = 300 } },
        Copy = new CopyInfo { Copied = 3, Skipped = 297, Jobs = 3 },
        Machine = new MachineInfo { Host = i % 2 == 0 ? "host-a" : "host-b", Cores = 2, Os = "Linux", Runtime = ".NET 8" },
        PackageVersion = "1.0.0",
        Analysis = new AnalysisInfo { Status = "EXCELLENT", Verdict = "within-noise" },
    };
}

void WriteHistory(string path, int count)
{
    using var stream = new FileStream(path, FileMode.Create);
    for (int i = 0; i < count; i++)
    {
        byte[] json = HistoryStore.Serialize(Make(i));
        stream.Write(json, 0, json.Length);
        stream.WriteByte((byte)'\n');
    }
}

WriteHistory(file, lines);
string window2000 = file + ".2000";
WriteHistory(window2000, 2000);

Console.WriteLine($"history: {lines:N0} lines, {new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MiB in {folder}; {runs} runs each; {Environment.ProcessorCount} cores");

BuildRecord current = Make(0);
current.Success = true;
current.Cache = new CacheInfo { Hit = false, Enabled = true };
var source = new JsonlHistorySource(file);
var analyzer = new PerformanceAnalyzer(new NoiseOptions());
HistoryWindow window = source.ReadRecent(2000);

Time("read (ReadRecent 2000 of the file)", () => source.ReadRecent(2000).Records.Count);
Time("read (a 2000-line file: the window alone)", () => new JsonlHistorySource(window2000).ReadRecent(2000).Records.Count);
Time("analyze (2000 records in memory)", () => analyzer.Analyze(current, StatusThresholds.ForBuiltIn("default"), window, null).Comparison.Count);
PhaseTimeline timeline = PhaseTimeline.From(new HugoSite.Build.Tasks.Phases.PhaseStore
{
    DurationsMs = new Dictionary<string, double>(current.Phases!) { ["total"] = current.TotalMs },
    Order = current.Phases!.Keys.ToList(),
});
AnalysisOutcome outcome = analyzer.Analyze(current, StatusThresholds.ForBuiltIn("default"), window, null);
Time("export (trace + step summary)", () => ChromeTrace.Create(current, timeline).Length + StepSummary.Markdown(current, outcome).Length);

string state = Path.Combine(folder, "hsb-analysis-bench-phases.json");
new HugoSite.Build.Tasks.Phases.PhaseStore { DurationsMs = timeline.Durations(), Order = timeline.Phases.Select(p => p.Name).ToList() }.Save(state);
string trace = Path.Combine(folder, "hsb-analysis-bench-trace.json");
Time("execute (the whole task, 2000-line history)", () =>
{
    var task = new HugoSite.Build.Tasks.AnalyzePerformance
    {
        BuildEngine = new QuietEngine(),
        StateFile = state,
        HistoryFile = window2000,
        ProjectPath = current.Project,
        Template = current.Template,
        TraceFile = trace,
    };
    return task.Execute() ? 1 : 0;
});

File.Delete(file);
File.Delete(window2000);
File.Delete(state);
File.Delete(trace);

void Time(string what, Func<int> action)
{
    action(); // warm up: JIT and file cache
    var samples = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var watch = Stopwatch.StartNew();
        action();
        samples.Add(watch.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    Console.WriteLine($"{what,-40} median {samples[samples.Count / 2],9:0.000} ms   min {samples[0],9:0.000}   max {samples[^1],9:0.000}");
}

/// <summary>A build engine that drops every event, so the task can run outside MSBuild.</summary>
internal sealed class QuietEngine : Microsoft.Build.Framework.IBuildEngine
{
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "bench.proj";
    public bool BuildProjectFile(string projectFileName, string[] targetNames, System.Collections.IDictionary globalProperties, System.Collections.IDictionary targetOutputs) => true;
    public void LogCustomEvent(Microsoft.Build.Framework.CustomBuildEventArgs e) { }
    public void LogErrorEvent(Microsoft.Build.Framework.BuildErrorEventArgs e) { }
    public void LogMessageEvent(Microsoft.Build.Framework.BuildMessageEventArgs e) { }
    public void LogWarningEvent(Microsoft.Build.Framework.BuildWarningEventArgs e) { }
}
