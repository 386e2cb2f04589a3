using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;

// Usage: dotnet run -c Release --project bench/report -- [lines=100000] [runs=9] [folder=/dev/shm]
// Writes a history of `lines` records (20 sites x 3 templates x 2 hosts, 10% cache hits, 3% failures, every record with
// its input changes and every fifth with Hugo's template metrics), then runs the WritePerformanceReport task (what
// `dotnet build -t:HugoReport` runs) `runs` times after one warm-up, for one site (the default) and for all sites
// (HugoPerformanceHistoryAllProjects=true), and prints the median, min and max time and the page size.
int lines = args.Length > 0 ? int.Parse(args[0]) : 100_000;
int runs = args.Length > 1 ? int.Parse(args[1]) : 9;
string folder = args.Length > 2 ? args[2] : (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
string stem = Path.Combine(folder, "hsb-report-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
string history = stem + ".jsonl";

var random = new Random(42);
string[] templates = { "minimal", "default", "enterprise" };
BuildRecord Make(int i)
{
    double total = 2000 + random.NextDouble() * 400;
    var r = new BuildRecord
    {
        Schema = BuildRecord.CurrentSchema,
        SessionId = (1700000000 + i).ToString() + "-" + (i % 9000) + "-" + i.ToString("x6"),
        Timestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 30).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        Template = templates[i % 3],
        TotalMs = total,
        Phases = new Dictionary<string, double> { ["setup"] = 100, ["cache-check"] = 40, ["copy"] = 300, ["components"] = 400, ["hugo"] = total - 940, ["cleanup"] = 100 },
        Metrics = new BuildMetrics { MemoryMb = 120, FileCount = 300, OutputSizeKb = 2048 },
        Cache = new CacheInfo { Hit = i % 10 == 0, Enabled = true, SavedMs = i % 10 == 0 ? 1900 : null },
        Success = i % 33 != 0,
        Project = "/sites/site" + (i % 20) + "/site.proj",
        Theme = "compose",
        Components = new List<ComponentTiming>
        {
            new ComponentTiming { Name = "search", DurationMs = 300, Result = "Succeeded", StartOffsetMs = 0 },
            new ComponentTiming { Name = "analytics", DurationMs = 120, Result = "Succeeded", StartOffsetMs = 5 },
        },
        Parallel = new ParallelInfo { Enabled = true, MaxJobs = 4 },
        Hugo = new HugoInfo { Version = "0.111.3", TotalMs = total - 1000, Stats = new Dictionary<string, long> { ["pages"] = 300, ["aliases"] = 30, ["static_files"] = 12 } },
        Copy = new CopyInfo { Copied = 3, Skipped = 297, Jobs = 3 },
        Machine = new MachineInfo { Host = (i / 20) % 2 == 0 ? "host-a" : "host-b", Cores = 2, Os = "Linux", Runtime = ".NET 10" },
        PackageVersion = "1.0.0",
        Analysis = new AnalysisInfo { Status = "EXCELLENT", Verdict = "within-noise" },
        Inputs = new InputChanges { Changed = 2, Files = new List<InputChange> { new InputChange { Source = "content", Path = "posts/p" + i + ".md", Change = "changed" }, new InputChange { Source = "theme", Path = "layouts/_default/single.html", Change = "changed" } } },
    };
    if (i % 5 == 0)
    {
        r.Templates = Enumerable.Range(0, 10).Select(k => new TemplateMetric { Name = "partials/part" + k + ".html", Count = 300, CumulativeMs = 100 - k, MeanMs = 0.3, MaxMs = 2, CachePotential = k * 10 }).ToList();
    }

    return r;
}

using (var stream = new FileStream(history, FileMode.Create))
{
    for (int i = 0; i < lines; i++)
    {
        byte[] json = HistoryStore.Serialize(Make(i));
        stream.Write(json, 0, json.Length);
        stream.WriteByte((byte)'\n');
    }
}

Console.WriteLine($"history: {lines:N0} lines, {new FileInfo(history).Length / 1048576.0:0.0} MiB in {history}");

// The parts of the all-sites case: reading its window, building the model, rendering the page.
{
    var read = new List<double>();
    var model = new List<double>();
    var render = new List<double>();
    for (int run = 0; run <= runs; run++)
    {
        var sw = Stopwatch.StartNew();
        List<BuildRecord> records = HistoryStore.ReadRecent(history, new HistoryQuery { MaxRecords = AnalyzePerformance.HistoryWindowSize }, out _);
        double r = sw.Elapsed.TotalMilliseconds;
        var m = HugoSite.Build.Tasks.Report.ReportModel.Build(records, 20, new HugoSite.Build.Tasks.Analysis.NoiseOptions(), null);
        double b = sw.Elapsed.TotalMilliseconds - r;
        string html = HugoSite.Build.Tasks.Report.HtmlReport.Render(m);
        double h = sw.Elapsed.TotalMilliseconds - r - b;
        if (run > 0)
        {
            read.Add(r);
            model.Add(b);
            render.Add(h);
        }
    }

    foreach (var (name, list) in new[] { ("  all sites: read the newest 2,000 records", read), ("  all sites: build the model (40 sections)", model), ("  all sites: render the page", render) })
    {
        list.Sort();
        Console.WriteLine($"{name,-50} median {list[list.Count / 2],7:0.0} ms  min {list[0],7:0.0}  max {list[^1],7:0.0}");
    }
}
foreach (bool all in new[] { false, true })
{
    string page = stem + (all ? "-all" : "-one") + ".html";
    var times = new List<double>();
    for (int run = 0; run <= runs; run++)
    {
        var engine = new Engine();
        var task = new WritePerformanceReport
        {
            BuildEngine = engine,
            HistoryFile = history,
            ProjectPath = "/sites/site7/site.proj",
            AllProjects = all,
            Count = 20,
            ReportFile = page,
        };
        var sw = Stopwatch.StartNew();
        bool ok = task.Execute();
        sw.Stop();
        if (!ok || engine.Warnings > 0)
        {
            throw new InvalidOperationException("the report task failed or warned");
        }

        if (run > 0)
        {
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine($"{(all ? "all sites (HugoPerformanceHistoryAllProjects=true)" : "one site (default)"),-50} median {times[times.Count / 2],7:0.0} ms  min {times[0],7:0.0}  max {times[^1],7:0.0}  page {new FileInfo(page).Length / 1024.0,7:0.0} KiB");
    File.Delete(page);
}

File.Delete(history);
File.Delete(history + ".lock");

sealed class Engine : IBuildEngine
{
    public int Warnings;

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "bench.proj";
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public void LogErrorEvent(BuildErrorEventArgs e) => Console.Error.WriteLine("error " + e.Code + ": " + e.Message);
    public void LogMessageEvent(BuildMessageEventArgs e) { }
    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        Warnings++;
        Console.Error.WriteLine("warning " + e.Code + ": " + e.Message);
    }
}
