using System.Diagnostics;
using System.Globalization;
using System.Text;
using HugoSite.Build.Tasks;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Bench
{
    /// <summary>
    /// dotnet run -c Release --project bench/history/HistoryBench -- [--dir DIR] [--lines 100000] [--runs 7] [--pairs 1000]
    /// Prints the median (and min/max) of each measurement over --runs runs, after one warm-up run.
    /// </summary>
    public static class Program
    {
        private const string Busy = "/sites/busy/site.proj";
        private const string Rare = "/sites/rare/site.proj";

        public static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "--cold")
            {
                // What every build pays anyway: the serializer's first use (the analysis serializes the record it appends).
                long start = Stopwatch.GetTimestamp();
                HistoryStore.Parse(HistoryStore.Serialize(Record(0, Busy, "default", 1000)));
                long ready = Stopwatch.GetTimestamp();
                int result = args[2] == "rare-report" ? Report(args[1], Rare, 20) : Baseline(args[1], args[2] == "rare" ? Rare : Busy);
                long done = Stopwatch.GetTimestamp();
                Console.WriteLine(string.Join(" ", Ms(ready - start), Ms(done - ready), result.ToString(CultureInfo.InvariantCulture)));
                return 0;
            }

            string dir = Arg(args, "--dir", Path.Combine(Path.GetTempPath(), "hsb-bench-history"));
            int lines = int.Parse(Arg(args, "--lines", "100000"), CultureInfo.InvariantCulture);
            int runs = int.Parse(Arg(args, "--runs", "7"), CultureInfo.InvariantCulture);
            int pairs = int.Parse(Arg(args, "--pairs", "1000"), CultureInfo.InvariantCulture);
            Directory.CreateDirectory(dir);
            string history = Path.Combine(dir, "history.jsonl");

            var first = Stopwatch.StartNew();
            Generate(history, lines);
            Console.WriteLine($"history: {history}, {lines:N0} lines, {new FileInfo(history).Length / 1024.0 / 1024.0:0.0} MiB (written in {first.ElapsedMilliseconds} ms)");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            Console.WriteLine();

            // A build's analysis runs once in an MSBuild node that may have just started: measure that too, each run
            // in a fresh process. The serializer's first use is reported apart: the record's append pays it anyway.
            Cold("fresh process: baseline, 10 comparable builds of a busy site", runs, history, "busy");
            Cold("fresh process: baseline, site seen only at the start (scans all lines)", runs, history, "rare");
            Cold("fresh process: report, site seen only at the start (scans all lines)", runs, history, "rare-report");
            Console.WriteLine();

            Measure("baseline: 10 comparable builds of a busy site + median/MAD", runs, () => Baseline(history, Busy));
            Measure("report: last 20 builds of a busy site + tables", runs, () => Report(history, Busy, 20));
            Measure("worst case: site seen only at the start (scans all lines)", runs, () => Baseline(history, Rare));
            Measure("worst case, report query (bash-era records wanted too: every line scanned)", runs, () => Report(history, Rare, 20));
            Measure("  of which: walking all lines backwards, no parsing", runs, () => CountLines(history));
            Measure("ReadRecent(path, 10, filter) (full parse until 10 match)", runs, () => HistoryStore.ReadRecent(history, 10, r => r.Project == Busy && r.Success != false, out _).Count);
            Measure("naive: ReadAll (parse every line) + LINQ", runs, () => HistoryStore.ReadAll(history, out _).Where(r => r.Project == Busy).TakeLast(10).Count());
            Console.WriteLine();

            string state = Path.Combine(dir, "obj", "hugo", "phases.json");
            Measure($"RecordPhase, {pairs} phases (Start+End) in-process, per phase", runs, () => Phases(state, pairs, shareEngine: true), perItem: pairs);
            Measure($"RecordPhase, {pairs} phases (Start+End), fresh engine each call (file only), per phase", runs, () => Phases(state, pairs, shareEngine: false), perItem: pairs);
            Measure("HistoryStore.Append with flush to disk, per record", runs, () => Appends(Path.Combine(dir, "append.jsonl"), 50, true), perItem: 50);
            Measure("HistoryStore.Append without flush to disk, per record", runs, () => Appends(Path.Combine(dir, "append.jsonl"), 200, false), perItem: 200);
            return 0;
        }

        private static int Baseline(string history, string project)
        {
            var query = new HistoryQuery { Project = project, Template = "default", Success = true, CacheHit = false, MaxRecords = 10 };
            List<BuildRecord> records = HistoryStore.ReadRecent(history, query, out _);
            List<double> totals = records.Select(r => r.TotalMs).OrderBy(t => t).ToList();
            double median = HistoryReport.Percentile(totals, 0.5);
            List<double> deviations = totals.Select(t => Math.Abs(t - median)).OrderBy(d => d).ToList();
            double mad = HistoryReport.Percentile(deviations, 0.5);
            return records.Count + (int)(median + mad > 0 ? 0 : 1);
        }

        private static int _lines;

        /// <summary>The reader's own backward line walk (internal, reached by reflection) with a handler that only counts.</summary>
        private static int CountLines(string history)
        {
            Type reader = typeof(HistoryStore).Assembly.GetType("HugoSite.Build.Tasks.History.HistoryReader", throwOnError: true)!;
            Type handlerType = reader.GetNestedType("LineHandler", System.Reflection.BindingFlags.NonPublic)!;
            Delegate handler = Delegate.CreateDelegate(handlerType, typeof(Program).GetMethod(nameof(CountLine), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
            _lines = 0;
            reader.GetMethod("ForEachLineBackward")!.Invoke(null, new object[] { history, handler });
            return _lines;
        }

        private static bool CountLine(ReadOnlySpan<byte> line, bool terminated)
        {
            _lines++;
            return true;
        }

        private static int Report(string history, string project, int count)
        {
            List<BuildRecord> records = HistoryStore.ReadRecent(history, new HistoryQuery { Project = project, IncludeUnattributed = true, MaxRecords = count }, out _);
            return HistoryReport.Render(records, "bench", ascii: false).Length;
        }

        private static int Phases(string state, int pairs, bool shareEngine)
        {
            var engine = new BenchEngine();
            string[] names = { "setup", "cache-check", "copy", "components", "hugo", "cleanup" };
            new RecordPhase { BuildEngine = engine, Phase = "total", Action = "Start", StateFile = state }.Execute();
            for (int i = 0; i < pairs; i++)
            {
                string name = names[i % names.Length];
                new RecordPhase { BuildEngine = shareEngine ? engine : new BenchEngine(), Phase = name, Action = "Start", StateFile = state }.Execute();
                new RecordPhase { BuildEngine = shareEngine ? engine : new BenchEngine(), Phase = name, Action = "End", StateFile = state }.Execute();
            }

            return engine.Warnings;
        }

        private static int Appends(string path, int count, bool flush)
        {
            File.Delete(path);
            var options = new HistoryWriteOptions { FlushToDisk = flush };
            for (int i = 0; i < count; i++)
            {
                HistoryStore.Append(path, Record(i, Busy, "default", i), options);
            }

            return count;
        }

        /// <summary>Runs one call in a fresh process of this program, --runs times; medians of the in-process times.</summary>
        private static void Cold(string name, int runs, string history, string scenario)
        {
            var startup = new List<double>();
            var times = new List<double>();
            string result = string.Empty;
            for (int i = 0; i < runs; i++)
            {
                var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
                {
                    info.ArgumentList.Add(typeof(Program).Assembly.Location);
                }

                foreach (string arg in new[] { "--cold", history, scenario })
                {
                    info.ArgumentList.Add(arg);
                }

                using Process p = Process.Start(info)!;
                string[] output = p.StandardOutput.ReadToEnd().Trim().Split(' ');
                p.WaitForExit();
                startup.Add(double.Parse(output[0], CultureInfo.InvariantCulture));
                times.Add(double.Parse(output[1], CultureInfo.InvariantCulture));
                result = output[2];
            }

            Report("  serializer's first use (paid by the append anyway)", startup, runs, "-");
            Report(name, times, runs, result);
        }

        private static string Ms(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("R", CultureInfo.InvariantCulture);

        private static void Measure(string name, int runs, Func<int> action, bool warmUp = true, int perItem = 1)
        {
            if (warmUp)
            {
                action();
            }

            var times = new List<double>();
            int result = 0;
            for (int i = 0; i < runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                result = action();
                times.Add((Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency / perItem);
            }

            Report(name, times, runs, result.ToString(CultureInfo.InvariantCulture));
        }

        private static void Report(string name, List<double> times, int runs, string result)
        {
            times.Sort();
            double median = times[times.Count / 2];
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-92} median {1,9:0.000} ms  (min {2:0.000}, max {3:0.000}, n={4}, result {5})",
                name, median, times[0], times[^1], runs, result));
        }

        /// <summary>
        /// 100,000 lines as a long-lived shared history holds them: bash-era records first, then 40 sites over three
        /// templates; the busy site builds often, the rare site only at the very start; a few torn lines.
        /// </summary>
        private static void Generate(string path, int lines)
        {
            var random = new Random(42);
            string[] templates = { "default", "minimal", "enterprise" };
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            void Line(byte[] bytes)
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.WriteByte((byte)'\n');
            }

            for (int i = 0; i < lines; i++)
            {
                if (i < 500)
                {
                    Line(Encoding.UTF8.GetBytes("{\"session_id\":\"1727510400-" + i + "\",\"timestamp\":\"2025-09-28T03:36:00Z\",\"template\":\"default\",\"total_ms\":" + (30000 + random.Next(5000)) + ",\"phases\":{\"setup\":1200,\"build\":28900,\"cleanup\":2050},\"metrics\":{\"memory_mb\":150,\"file_count\":115,\"output_size_kb\":2048},\"cache\":{\"hit\":false}}"));
                    continue;
                }

                if (i % 20_000 == 7)
                {
                    Line(Encoding.UTF8.GetBytes("{\"session_id\":\"torn\",\"templ"));
                    continue;
                }

                string project = i < 600 ? Rare : random.Next(10) == 0 ? Busy : "/sites/s" + random.Next(40) + "/site.proj";
                Line(HistoryStore.Serialize(Record(i, project, templates[random.Next(templates.Length)], random.Next(800, 4000))));
            }
        }

        private static BuildRecord Record(int i, string project, string template, double total) => new()
        {
            Schema = BuildRecord.CurrentSchema,
            SessionId = "1760000000-" + i.ToString(CultureInfo.InvariantCulture),
            Timestamp = new DateTime(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Template = template,
            Project = project,
            Theme = "compose",
            TotalMs = total,
            Success = i % 17 != 0,
            Phases = new Dictionary<string, double> { ["setup"] = 12.5, ["cache-check"] = 3.25, ["copy"] = total * 0.2, ["components"] = total * 0.3, ["hugo"] = total * 0.45, ["cleanup"] = 4 },
            Metrics = new BuildMetrics { MemoryMb = 150, FileCount = 115, OutputSizeKb = 2048 },
            Cache = new CacheInfo { Hit = i % 11 == 0, Enabled = true },
            Components = new List<ComponentTiming> { new() { Name = "search", DurationMs = 120, ExitCode = 0, Result = "Succeeded" } },
            Parallel = new ParallelInfo { Enabled = true, MaxJobs = 4 },
            Hugo = new HugoInfo { Version = "0.111.3", TotalMs = total * 0.4, Stats = new Dictionary<string, long> { ["pages"] = 34, ["static_files"] = 3, ["aliases"] = 2 } },
            Copy = new CopyInfo { Copied = 120, Skipped = 3, Removed = 0, Bytes = 1_234_567, Jobs = 3 },
            Machine = new MachineInfo { Host = "ci-runner-3", Cores = 2, Os = "Linux" },
            PackageVersion = "1.0.0",
        };

        private static string Arg(string[] args, string name, string fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
    }
}
