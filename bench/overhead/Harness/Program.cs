// Cold-start harness: each invocation is one fresh process that runs one task the way a build's first call does,
// and prints "name ms" lines. bench/overhead/run.sh starts it many times and takes medians.
//
//   Harness phases  <scratch-dir>                         10 RecordPhase calls of a site build (total, setup, copy, hugo, cleanup)
//   Harness analyze <phases.json> <history.jsonl> <public-dir> <trace.json>   AnalyzePerformance, twice (cold, then warm)
//   Harness resolve <version-cache-file>                  ResolveHugo with a remembered version
//   Harness runhugo <work-dir> <scratch-dir> <hugo>       RunHugo with the given executable (a stand-in prints Hugo's lines)
//   Harness build   <data-dir> <hugo>                     every task of a site build in build order, one process (the real sequence)
//   Harness steps   <phases.json> <history.jsonl> <public-dir> <trace.json>   the analysis's parts one by one, cold
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using HugoSite.Build.Tasks;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

var total = Stopwatch.StartNew();
var watch = Stopwatch.StartNew();
bool jitMarks = Environment.GetEnvironmentVariable("HARNESS_JIT_MARKS") == "1";
TimeSpan lastJit = System.Runtime.JitInfo.GetCompilationTime();
long lastMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
void Mark(string name)
{
    if (Environment.GetEnvironmentVariable("HARNESS_JIT_LIST") == "1")
    {
        // With DOTNET_JitStdOutFile and DOTNET_JitDisasmSummary=1, a method named after the step appears in the list of
        // compiled methods right after the methods that step compiled.
        var marker = new System.Reflection.Emit.DynamicMethod("MARK_" + name, typeof(void), Type.EmptyTypes);
        marker.GetILGenerator().Emit(System.Reflection.Emit.OpCodes.Ret);
        marker.Invoke(null, null);
    }

    Console.WriteLine(name + " " + watch.Elapsed.TotalMilliseconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    if (jitMarks)
    {
        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
        long methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        Console.WriteLine(name + "-jit-ms " + (jit - lastJit).TotalMilliseconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine(name + "-jit-methods " + (methods - lastMethods));
        lastJit = jit;
        lastMethods = methods;
    }

    watch.Restart();
}

var engine = new HarnessEngine();
switch (args[0])
{
    case "phases":
    {
        string state = Path.Combine(args[1], "phases.json");
        string[] calls = { "total:Start", "setup:Start", "setup:End", "copy:Start", "copy:End", "hugo:Start", "hugo:End", "cleanup:Start", "cleanup:End", "total:End" };
        watch.Restart();
        for (int i = 0; i < calls.Length; i++)
        {
            string[] parts = calls[i].Split(':');
            var task = new RecordPhase { BuildEngine = engine, Phase = parts[0], Action = parts[1], StateFile = state };
            if (!task.Execute())
            {
                throw new InvalidOperationException("RecordPhase failed");
            }

            Mark("record" + (i + 1));
        }

        break;
    }

    case "analyze":
    {
        for (int run = 1; run <= 2; run++)
        {
            var task = Analyze(engine, args);
            watch.Restart();
            if (!task.Execute())
            {
                throw new InvalidOperationException("AnalyzePerformance failed");
            }

            Mark(run == 1 ? "analyze-cold" : "analyze-warm");
        }

        break;
    }

    case "resolve":
    {
        var task = new ResolveHugo { BuildEngine = engine, VersionCacheFile = args[1] };
        watch.Restart();
        if (!task.Execute())
        {
            throw new InvalidOperationException("ResolveHugo failed");
        }

        Mark("resolve");
        break;
    }

    case "runhugo":
    {
        string scratch = args[2];
        var task = new RunHugo
        {
            BuildEngine = engine,
            Executable = args[3],
            SourceDirectory = args[1],
            StagingDirectory = Path.Combine(scratch, "staging"),
            OutputDirectory = Path.Combine(scratch, "public"),
            Theme = "compose",
            Environment = "production",
            SourceMap = new ITaskItem[] { new TaskItem("content", new Dictionary<string, string> { ["SourceFolder"] = scratch }) },
        };
        watch.Restart();
        if (!task.Execute())
        {
            throw new InvalidOperationException("RunHugo failed");
        }

        Mark("runhugo");
        break;
    }

    case "build":
    {
        // What a content-change build runs, in order, in one process: each task's time is printed under its name
        // (RecordPhase summed over its ten calls). ParallelCopy mirrors the site's sources into data/work-build.
        string data = args[1];
        string state = Path.Combine(data, "scratch", "phases.json");
        string work = Path.Combine(data, "work-build") + Path.DirectorySeparatorChar;
        double record = 0;
        void Phase(string phase, string action)
        {
            var sw = Stopwatch.StartNew();
            if (!new RecordPhase { BuildEngine = engine, Phase = phase, Action = action, StateFile = state }.Execute())
            {
                throw new InvalidOperationException("RecordPhase failed");
            }

            record += sw.Elapsed.TotalMilliseconds;
        }

        watch.Restart();
        Phase("total", "Start");
        Phase("setup", "Start");
        watch.Restart();
        var resolve = new ResolveHugo { BuildEngine = engine, VersionCacheFile = Path.Combine(data, "hugo-version.txt") };
        if (!resolve.Execute())
        {
            throw new InvalidOperationException("ResolveHugo failed");
        }

        Mark("ResolveHugo");
        Phase("setup", "End");
        Phase("copy", "Start");
        watch.Restart();
        var copy = new ParallelCopy
        {
            BuildEngine = engine,
            Sources = new ITaskItem[]
            {
                Source(Path.Combine(data, "work", "template") + "/", work, "template"),
                Source(Path.Combine(data, "work", "themes", "compose") + "/", work + "themes/compose/", "theme"),
                Source(Path.Combine(data, "work", "content") + "/", work + "content/", "content"),
            },
            Mirror = true,
            MirrorRoot = work,
            Preserve = new[] { ".hugo_build.lock", "resources/**" },
        };
        if (!copy.Execute())
        {
            throw new InvalidOperationException("ParallelCopy failed");
        }

        Mark("ParallelCopy");
        Phase("copy", "End");
        Phase("hugo", "Start");
        watch.Restart();
        var hugo = new RunHugo
        {
            BuildEngine = engine,
            Executable = args[2],
            SourceDirectory = work,
            StagingDirectory = Path.Combine(data, "scratch", "staging"),
            OutputDirectory = Path.Combine(data, "scratch", "public"),
            Theme = "compose",
            Environment = "production",
            SourceMap = new ITaskItem[] { new TaskItem("content", new Dictionary<string, string> { ["SourceFolder"] = Path.Combine(data, "work", "content") }) },
        };
        if (!hugo.Execute())
        {
            throw new InvalidOperationException("RunHugo failed");
        }

        Mark("RunHugo");
        Phase("hugo", "End");
        Phase("cleanup", "Start");
        Phase("cleanup", "End");
        Phase("total", "End");
        watch.Restart();
        var analyze = Analyze(engine, new[] { "analyze", state, Path.Combine(data, "history.jsonl"), Path.Combine(data, "public"), Path.Combine(data, "scratch", "trace.json") });
        analyze.CopiedCount = copy.CopiedCount;
        analyze.SkippedCount = copy.SkippedCount;
        if (!analyze.Execute())
        {
            throw new InvalidOperationException("AnalyzePerformance failed");
        }

        Mark("AnalyzePerformance");
        Console.WriteLine("RecordPhase " + record.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        break;
    }

    case "parse":
    {
        // Parsing throughput: every line of a history, several passes, per-pass time.
        byte[][] lines = File.ReadAllLines(args[1]).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        for (int pass = 1; pass <= 5; pass++)
        {
            watch.Restart();
            foreach (byte[] line in lines)
            {
                if (HistoryStore.Parse(line) == null)
                {
                    throw new InvalidOperationException("unparsable line");
                }
            }

            Mark("parse-pass" + pass);
        }

        watch.Restart();
        for (int i = 0; i < 20000; i++)
        {
            HistoryStore.Parse(lines[0]);
        }

        Mark("same-line-x20000");
        watch.Restart();
        for (int i = 0; i < 20000; i++)
        {
            var reader = new System.Text.Json.Utf8JsonReader(lines[0]);
            while (reader.Read())
            {
            }
        }

        Mark("reader-only-x20000");
        watch.Restart();
        var read = HistoryStore.ReadRecent(args[1], new HistoryQuery { MaxRecords = BuildRecorder.HistoryWindowSize, Project = "/bench/Site/Site.proj" }, out _);
        Mark("read-recent-" + read.Count);
        break;
    }

    case "jitcost":
    {
        // The compile time of each method of the task assembly on its own (RuntimeHelpers.PrepareMethod), largest first:
        // where a fresh process's JIT time goes, method by method. Optional argument: a namespace or type prefix.
        var costs = new List<(double Ms, string Name)>();
        foreach (Type type in typeof(RecordPhase).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters || (args.Length > 1 && !(type.FullName ?? string.Empty).StartsWith(args[1], StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var method in type.GetMethods(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Cast<System.Reflection.MethodBase>()
                         .Concat(type.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() == null)
                {
                    continue;
                }

                TimeSpan before = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                try
                {
                    System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                catch (Exception)
                {
                    continue;
                }

                costs.Add(((System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - before).TotalMilliseconds, type.FullName + "::" + method.Name));
            }
        }

        foreach (var (ms, name) in costs.OrderByDescending(c => c.Ms).Take(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40))
        {
            Console.WriteLine(ms.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture).PadLeft(8) + "  " + name);
        }

        Console.WriteLine("methods " + costs.Count + " total " + costs.Sum(c => c.Ms).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
        break;
    }

    case "steps":
    {
        // The analysis's parts in the order AnalyzePerformance runs them, each timed on its first (cold) call.
        watch.Restart();
        PhaseStore store = PhaseStore.Load(args[1]);
        Mark("phase-load");
        PhaseTimeline timeline = PhaseTimeline.From(store);
        Mark("timeline");
        var notes = new List<string>();
        BuildRecord record = RecordFactory.Create(new AnalysisInputs { ProjectPath = "/bench/Site/Site.proj", Template = "minimal", Theme = "compose", OutputDirectory = args[3], HugoVersion = "0.111.3", HugoStatistics = "pages=16" }, timeline, notes);
        Mark("record-create");
        StatusThresholds thresholds = StatusThresholds.Resolve("minimal", Array.Empty<ThresholdOverride>(), null, new List<string>());
        Mark("thresholds");
        var history = new JsonlHistorySource(args[2], "/bench/Site/Site.proj");
        HistoryWindow window = history.ReadRecent(BuildRecorder.HistoryWindowSize);
        Mark("history-read");
        AnalysisOutcome outcome = new PerformanceAnalyzer(new NoiseOptions()).Analyze(record, thresholds, window, null);
        Mark("analyze");
        record.Analysis = outcome.ToAnalysisInfo();
        AnalysisDetail.From(outcome).WriteTo(record);
        Mark("detail");
        history.Append(record);
        Mark("append");
        var writer = new ReportWriter(SymbolPolicy.DecideForConsole("auto"));
        Mark("symbols");
        string line = writer.SummaryLine(record, outcome);
        Mark("summary-line");
        ChromeTrace.Write(args[4], record, timeline);
        Mark("trace");
        GC.KeepAlive(line);
        break;
    }

    default:
        throw new ArgumentException("unknown scenario " + args[0]);
}

Console.WriteLine("process " + (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

static ITaskItem Source(string folder, string destination, string role) =>
    new TaskItem(folder, new Dictionary<string, string> { ["DestinationFolder"] = destination, ["Role"] = role });

static AnalyzePerformance Analyze(IBuildEngine engine, string[] args) => new AnalyzePerformance
{
    BuildEngine = engine,
    StateFile = args[1],
    HistoryFile = args[2],
    Tracking = true,
    ProjectPath = "/bench/Site/Site.proj",
    Template = "minimal",
    Theme = "compose",
    Success = true,
    Parallel = true,
    MaxParallelJobs = 4,
    OutputDirectory = args[3],
    TraceFile = args[4],
    HugoVersion = "0.111.3",
    HugoStatistics = "aliases=0;cleaned=0;non_page_files=0;pages=16;paginator_pages=0;processed_images=0;static_files=0",
    HugoTotalMilliseconds = 120,
    HugoPeakMemoryMb = 60,
    CopiedCount = 1,
    SkippedCount = 25,
    CopyJobs = 4,
    CopiedBytes = 2048,
    NoiseFloorMilliseconds = 100,
};

/// <summary>What MSBuild's engine does for these tasks: keeps registered objects, takes log events.</summary>
internal sealed class HarnessEngine : IBuildEngine4
{
    private readonly ConcurrentDictionary<object, object> _objects = new();

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "/bench/Site/Site.proj";
    public bool IsRunningMultipleNodes => false;

    public void LogErrorEvent(BuildErrorEventArgs e) => Console.Error.WriteLine("error " + e.Code + ": " + e.Message);
    public void LogWarningEvent(BuildWarningEventArgs e) => Console.Error.WriteLine("warning " + e.Code + ": " + e.Message);
    public void LogMessageEvent(BuildMessageEventArgs e) { }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => false;
    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => false;
    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => default;
    public void Yield() { }
    public void Reacquire() { }
    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _objects[key] = obj;
    public object GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _objects.TryGetValue(key, out object? value) ? value : null!;
    public object UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _objects.TryRemove(key, out object? value) ? value : null!;
}
