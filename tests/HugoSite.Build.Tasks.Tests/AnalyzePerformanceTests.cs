using System.Text.Json;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalyzePerformanceTests
    {
        private static string WritePhases(TempDir dir, Dictionary<string, double> durations, string sessionId = "session-1")
        {
            var store = new PhaseStore { SessionId = sessionId };
            foreach (var p in durations)
            {
                store.DurationsMs[p.Key] = p.Value;
                store.Order.Add(p.Key);
            }

            string path = dir.Combine("obj", "hugo", "phases.json");
            store.Save(path);
            return path;
        }

        private static AnalyzePerformance NewTask(TestEngine engine, TempDir dir, IHistorySource history, double totalMs = 4000)
        {
            string state = WritePhases(dir, new Dictionary<string, double>
            {
                ["total"] = totalMs, ["setup"] = 100, ["copy"] = 300, ["components"] = 600, ["hugo"] = totalMs - 1100, ["cleanup"] = 100,
            });
            return new AnalyzePerformance
            {
                BuildEngine = engine.Object,
                StateFile = state,
                HistoryFile = "/fake/history.jsonl",
                ProjectPath = AnalysisTestData.Project,
                Template = "minimal",
                Theme = "compose",
                Symbols = "false",
                OpenHistory = _ => history,
                GetEnvironment = _ => null,
            };
        }

        [TestMethod]
        public void Execute_AppendsOneRecordWithThePhaseTimesAndPrintsAHighImportanceSummary()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory();
            AnalyzePerformance task = NewTask(engine, dir, history, totalMs: 4000);

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(1, history.Records.Count);
            BuildRecord r = history.Records[0];
            Assert.AreEqual(BuildRecord.CurrentSchema, r.Schema);
            Assert.AreEqual("session-1", r.SessionId);
            Assert.AreEqual(4000, r.TotalMs);
            Assert.IsFalse(r.Phases!.ContainsKey("total"));
            Assert.AreEqual(2900, r.Phases["hugo"]);
            Assert.AreEqual("EXCELLENT", r.Analysis!.Status);
            Assert.AreEqual(Verdicts.NoBaseline, r.Analysis.Verdict);
            Assert.AreEqual("EXCELLENT", task.Status);
            var high = engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message).ToList();
            Assert.AreEqual(1, high.Count, string.Join("\n", high));
            StringAssert.Contains(high[0], "EXCELLENT in 4.0 s");
            StringAssert.Contains(high[0], "not enough comparable builds yet (0 of 3 needed); first recorded build of this site on this machine (cold caches).");
        }

        [TestMethod]
        public void Execute_FillsTheRecordFromEveryInput()
        {
            using var dir = new TempDir();
            dir.Write("public/index.html", new string('a', 1500));
            dir.Write("public/posts/a/index.html", new string('b', 600));
            var engine = new TestEngine();
            var history = new FakeHistory();
            AnalyzePerformance task = NewTask(engine, dir, history);
            task.Components = "search;analytics;feeds";
            task.ComponentResults = new ITaskItem[]
            {
                new TaskItem("search", new Dictionary<string, string> { ["DurationMs"] = "412.5", ["ExitCode"] = "0", ["Result"] = "Succeeded", ["StartOffsetMs"] = "1.25" }),
                new TaskItem("analytics", new Dictionary<string, string> { ["DurationMs"] = "90", ["ExitCode"] = "3", ["Result"] = "Failed", ["StartOffsetMs"] = "2" }),
            };
            task.Parallel = false;
            task.MaxParallelJobs = 2;
            task.HugoVersion = "0.111.3";
            task.HugoTotalMilliseconds = 2750;
            task.HugoPeakMemoryMb = 123.45;
            task.HugoStatistics = "pages=34;static_files=3;aliases=2;Processed images=0;bogus";
            task.HugoExitCode = 0;
            task.OutputDirectory = dir.Combine("public");
            task.CacheEnabled = true;
            task.CacheFingerprint = "abc123";
            task.CacheMissReason = "content/a.md changed";
            task.CopiedCount = 10;
            task.SkippedCount = 20;
            task.RemovedCount = 1;
            task.CopiedBytes = 4096;
            task.CopyJobs = 3;
            task.PackageVersion = "1.2.3";
            task.UtcNow = () => new DateTime(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

            Assert.IsTrue(task.Execute(), engine.AllText());

            BuildRecord r = history.Records.Single();
            Assert.AreEqual("2025-03-04T05:06:07.890Z", r.Timestamp);
            Assert.AreEqual("minimal", r.Template);
            Assert.AreEqual("compose", r.Theme);
            Assert.AreEqual(AnalysisTestData.Project, r.Project);
            Assert.AreEqual(true, r.Success);
            Assert.IsNull(r.Error);
            Assert.AreEqual(123.5, r.Metrics!.MemoryMb);
            Assert.AreEqual(2, r.Metrics.FileCount);
            Assert.AreEqual(3, r.Metrics.OutputSizeKb, "2,100 bytes rounded up to KiB");
            Assert.IsFalse(r.Cache!.Hit);
            Assert.AreEqual(true, r.Cache.Enabled);
            Assert.AreEqual("abc123", r.Cache.Fingerprint);
            Assert.AreEqual("content/a.md changed", r.Cache.MissReason);
            Assert.AreEqual(3, r.Components!.Count);
            Assert.AreEqual(412.5, r.Components[0].DurationMs);
            Assert.AreEqual(1.25, r.Components[0].StartOffsetMs);
            Assert.AreEqual(3, r.Components[1].ExitCode);
            Assert.AreEqual("Failed", r.Components[1].Result);
            Assert.AreEqual("feeds", r.Components[2].Name);
            Assert.AreEqual("NotRun", r.Components[2].Result);
            Assert.IsFalse(r.Parallel!.Enabled);
            Assert.AreEqual(2, r.Parallel.MaxJobs);
            Assert.AreEqual("0.111.3", r.Hugo!.Version);
            Assert.AreEqual(2750, r.Hugo.TotalMs);
            Assert.AreEqual(0, r.Hugo.ExitCode);
            CollectionAssert.AreEquivalent(new[] { "pages", "static_files", "aliases", "processed_images" }, r.Hugo.Stats!.Keys.ToList());
            Assert.AreEqual(34, r.Hugo.Stats["pages"]);
            Assert.AreEqual(10, r.Copy!.Copied);
            Assert.AreEqual(20, r.Copy.Skipped);
            Assert.AreEqual(1, r.Copy.Removed);
            Assert.AreEqual(4096, r.Copy.Bytes);
            Assert.AreEqual(3, r.Copy.Jobs);
            Assert.AreEqual(Environment.MachineName, r.Machine!.Host);
            Assert.AreEqual(Environment.ProcessorCount, r.Machine.Cores);
            Assert.IsFalse(string.IsNullOrEmpty(r.Machine.Os));
            Assert.IsFalse(string.IsNullOrEmpty(r.Machine.Runtime));
            Assert.AreEqual("1.2.3", r.PackageVersion);
            Assert.AreEqual("hugo", r.Analysis!.DominantPhase);
        }

        [TestMethod]
        public void Execute_FailedBuildRecordsTheErrorAndIsNotCompared()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory(Enumerable.Range(0, 5).Select(_ => AnalysisTestData.Record(4000, template: "minimal")));
            AnalyzePerformance task = NewTask(engine, dir, history, totalMs: 9000);
            task.Success = false;
            task.ErrorMessage = "hugo exited with code 255";
            task.HugoExitCode = 255;

            Assert.IsTrue(task.Execute(), engine.AllText());

            BuildRecord r = history.Records.Last();
            Assert.AreEqual(false, r.Success);
            Assert.AreEqual("hugo exited with code 255", r.Error);
            Assert.AreEqual(255, r.Hugo!.ExitCode);
            Assert.AreEqual("FAILED", task.Status);
            Assert.AreEqual(Verdicts.NoBaseline, r.Analysis!.Verdict);
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void Execute_TrackingOffWritesNothingAndComparesNothing()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory { ReadFailure = new InvalidOperationException("must not be read") };
            AnalyzePerformance task = NewTask(engine, dir, history);
            task.Tracking = false;
            task.TraceFile = dir.Combine("obj", "hugo", "trace.json");
            string summary = dir.Combine("summary.md");
            task.GetEnvironment = name => name == "GITHUB_STEP_SUMMARY" ? summary : null;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(0, history.Records.Count);
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.IsFalse(File.Exists(task.TraceFile));
            Assert.IsFalse(File.Exists(summary));
            Assert.AreEqual("EXCELLENT", task.Status);
            Assert.IsTrue(engine.HasMessage("not compared: performance tracking is off"), engine.AllText());
        }

        [TestMethod]
        public void Execute_UnreadableHistoryIsAWarningAndTheRecordIsStillAppended()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory { ReadFailure = new IOException("disk on fire") };
            AnalyzePerformance task = NewTask(engine, dir, history);

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB4001" }, engine.WarningCodes.ToList());
            Assert.AreEqual(1, history.Records.Count);
            Assert.IsTrue(engine.HasMessage("not compared: the history could not be read"));
        }

        [TestMethod]
        public void Execute_HistoryPathIsAFolder_IsOneWarningHSB4200_NotAnError()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory());
            task.OpenHistory = path => new JsonlHistorySource(path);
            task.HistoryFile = dir.Path; // a folder, not a file

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB4200" }, engine.WarningCodes.ToList(), "One cause, one code: not HSB4001 and HSB4002 both.");
            StringAssert.Contains(engine.Warnings.Single().Message, "is a folder, not a file");
            StringAssert.Contains(engine.Warnings.Single().Message, Path.Combine(dir.Path, "history.jsonl"));
            Assert.AreEqual(0, engine.Errors.Count);
            Assert.IsTrue(engine.HasMessage("not compared: the history path is a folder"), engine.AllText());
        }

        [TestMethod]
        public void Execute_RealHistoryFileWithBrokenLinesWarnsOnceWithTheCountAndAppends()
        {
            using var dir = new TempDir();
            string file = dir.Combine("history.jsonl");
            foreach (BuildRecord old in Enumerable.Range(0, 3).Select(_ => AnalysisTestData.Record(4000, template: "minimal")))
            {
                HistoryStore.Append(file, old);
            }

            File.AppendAllText(file, "{not json\n{\"total_ms\": \"x\"}\n");
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory());
            task.OpenHistory = path => new JsonlHistorySource(path);
            task.HistoryFile = file;

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB4003" }, engine.WarningCodes.ToList());
            StringAssert.Contains(engine.Warnings.Single().Message, "2 lines of the performance history");
            List<BuildRecord> all = HistoryStore.ReadAll(file, out int skipped);
            Assert.AreEqual(4, all.Count);
            Assert.AreEqual(2, skipped);
            Assert.AreEqual(Verdicts.WithinNoise, all.Last().Analysis!.Verdict);
            Assert.AreEqual("built-in minimal", AnalysisDetail.ReadFrom(all.Last())!.Thresholds, "the detail survives the history file");
        }

        [TestMethod]
        public void Execute_RegressionBeyondNoiseIsACodedWarning()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory(AnalysisTestData.Jittered(4000, 2, 10).Select(r => { r.Template = "minimal"; return r; }));
            AnalyzePerformance task = NewTask(engine, dir, history, totalMs: 4800);

            Assert.IsTrue(task.Execute(), engine.AllText());

            BuildWarningEventArgs warning = engine.Warnings.Single();
            Assert.AreEqual("HSB4004", warning.Code);
            StringAssert.Contains(warning.Message, "% slower than the median of the last 10 comparable builds");
            StringAssert.Contains(warning.Message, "mostly in components (+600 ms)", "the history's builds had no components phase");
            Assert.AreEqual(Verdicts.Slower, task.Verdict);
            Assert.IsTrue(task.ChangePercent > 15);
            AnalysisDetail detail = AnalysisDetail.ReadFrom(history.Records.Last())!;
            Assert.AreEqual("components", detail.ChangePhase);
            Assert.AreEqual(600, detail.ChangePhaseMs!.Value, 0.001);
            Assert.IsTrue(detail.NoiseBandMs > 0 && detail.ChangeMs > detail.NoiseBandMs);
        }

        [TestMethod]
        public void Execute_FasterBuildIsNotAWarning()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory(AnalysisTestData.Jittered(5000, 2, 10).Select(r => { r.Template = "minimal"; return r; }));
            AnalyzePerformance task = NewTask(engine, dir, history, totalMs: 4000);

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(Verdicts.Faster, task.Verdict);
            Assert.IsTrue(engine.Messages.Any(m => m.Importance == MessageImportance.High && m.Message!.Contains("% faster than the median of the last 10")));
        }

        [TestMethod]
        public void Execute_OverBudgetIsAWarningByDefault()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory(), totalMs: 4000);
            task.BudgetMilliseconds = 3000;
            task.PhaseBudgets = "hugo=2000;copy=500;nonsense;setup=abc";

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEquivalent(new[] { "HSB4005", "HSB4006", "HSB4007", "HSB4007" }, engine.WarningCodes.ToList());
            StringAssert.Contains(engine.Warnings.Single(w => w.Code == "HSB4006").Message, "The hugo phase took 2.9 s, over its budget of 2.0 s");
            Assert.AreEqual(0, engine.Errors.Count);
        }

        [TestMethod]
        public void Execute_OverBudgetIsAnErrorWhenAskedAndTheTaskFails()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory();
            AnalyzePerformance task = NewTask(engine, dir, history, totalMs: 4000);
            task.BudgetMilliseconds = 3000;
            task.BudgetIsError = true;

            Assert.IsFalse(task.Execute());

            Assert.AreEqual("HSB4005", engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "The build took 4.0 s, over its budget of 3.0 s");
            Assert.AreEqual(1, history.Records.Count, "the build is still recorded");
        }

        [TestMethod]
        public void Execute_WithinBudgetIsSilent()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory(), totalMs: 4000);
            task.BudgetMilliseconds = 4000.5;
            task.PhaseBudgets = "hugo=3000;total=5000";
            task.BudgetIsError = true;

            Assert.IsTrue(task.Execute());

            Assert.AreEqual(0, engine.Errors.Count + engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void Execute_CacheHitRecordsTheTimeSavedAgainstTheLastComparableMiss()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory(new[] { AnalysisTestData.Record(9000, template: "minimal"), AnalysisTestData.Record(100, template: "minimal", success: false) });
            AnalyzePerformance task = NewTask(engine, dir, history);
            task.StateFile = WritePhases(dir, new Dictionary<string, double> { ["total"] = 60, ["setup"] = 20, ["cache-check"] = 40 });
            task.CacheHit = true;
            task.CacheEnabled = true;

            Assert.IsTrue(task.Execute(), engine.AllText());

            BuildRecord r = history.Records.Last();
            Assert.AreEqual("CACHE-HIT", r.Analysis!.Status);
            Assert.AreEqual(8940, r.Cache!.SavedMs);
            Assert.IsTrue(engine.HasMessage("CACHE-HIT in 60 ms (template minimal), 8.9 s saved against the last full build"), engine.AllText());
        }

        [TestMethod]
        public void Execute_ReportPrintsTheFullReportAtHighImportance()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory());
            task.Report = true;

            Assert.IsTrue(task.Execute());

            var high = engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message!).ToList();
            CollectionAssert.Contains(high, "Hugo build performance report");
            Assert.IsTrue(high.Any(l => l.StartsWith("  status:     EXCELLENT in 4.0 s (template minimal; built-in minimal thresholds", StringComparison.Ordinal)), string.Join("\n", high));
            Assert.IsTrue(high.Any(l => l.Contains("first recorded build of this site")), string.Join("\n", high));
        }

        [TestMethod]
        public void Execute_WritesTheTraceAndTheStepSummary()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory());
            task.TraceFile = dir.Combine("obj", "hugo", "trace.json");
            string summary = dir.Write("summary.md", "# CI\n");
            task.GetEnvironment = name => name == "GITHUB_STEP_SUMMARY" ? summary : null;

            Assert.IsTrue(task.Execute(), engine.AllText());

            using (JsonDocument trace = JsonDocument.Parse(File.ReadAllBytes(task.TraceFile)))
            {
                Assert.IsTrue(trace.RootElement.GetProperty("traceEvents").EnumerateArray().Any(e => e.GetProperty("name").GetString() == "hugo"));
            }

            StringAssert.StartsWith(File.ReadAllText(summary), "# CI\n### Hugo build blog.proj: EXCELLENT in 4.0 s");
        }

        [TestMethod]
        public void Execute_WithoutPhaseTimesWarnsAndRecordsNothing()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            var history = new FakeHistory();
            AnalyzePerformance task = NewTask(engine, dir, history);
            task.StateFile = dir.Combine("missing.json");

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB4011" }, engine.WarningCodes.ToList());
            Assert.AreEqual(0, history.Records.Count);
            Assert.AreEqual("UNKNOWN", task.Status);
        }

        [TestMethod]
        public void Execute_ThresholdItemsAndPropertyOverrideTheStatus()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory(), totalMs: 4000);
            task.Thresholds = new ITaskItem[] { new TaskItem("minimal", new Dictionary<string, string> { ["Excellent"] = "1000", ["Good"] = "2000", ["Acceptable"] = "3000" }) };

            Assert.IsTrue(task.Execute());
            Assert.AreEqual("SLOW", task.Status);

            var engine2 = new TestEngine();
            AnalyzePerformance task2 = NewTask(engine2, dir, new FakeHistory(), totalMs: 4000);
            task2.StatusThresholds = "1000;5000;9000";
            task2.Thresholds = task.Thresholds;
            Assert.IsTrue(task2.Execute());
            Assert.AreEqual("GOOD", task2.Status);
        }

        [TestMethod]
        public void Execute_UnexpectedFaultInTheAnalysisIsAWarningAndDoesNotFailTheBuild()
        {
            using var dir = new TempDir();
            var engine = new TestEngine();
            AnalyzePerformance task = NewTask(engine, dir, new FakeHistory { ReadFailure = new InvalidOperationException("unexpected") });

            Assert.IsTrue(task.Execute());

            Assert.AreEqual("HSB4013", engine.Warnings.Single().Code);
            StringAssert.Contains(engine.Warnings.Single().Message, "InvalidOperationException: unexpected");
        }
    }
}
