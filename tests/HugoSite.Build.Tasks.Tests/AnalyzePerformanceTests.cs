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
            StringAssert.Contains(high[0], "not enough comparable builds yet (0 of 3 needed)");
        }
    }
}
