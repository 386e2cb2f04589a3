using System.Text;
using System.Text.Json;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Report;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The report, comparison and merge tasks on real files, with their bad inputs.</summary>
    [TestClass]
    public sealed class ReportTaskTests
    {
        private static string WriteHistory(TempDir dir, IEnumerable<BuildRecord> records, string name = "history.jsonl")
        {
            string path = dir.Combine(name);
            foreach (BuildRecord r in records)
            {
                HistoryStore.Append(path, r);
            }

            return path;
        }

        private static List<BuildRecord> Builds(int n, string prefix = "s")
        {
            var list = AnalysisTestData.Jittered(800, 3, n);
            for (int i = 0; i < n; i++)
            {
                list[i].SessionId = prefix + i.ToString("D3");
                list[i].Timestamp = "2026-02-01T10:" + i.ToString("D2") + ":00.000Z";
            }

            return list;
        }

        [TestMethod]
        public void WritePerformanceReport_WritesThePageWithChartsAndTheComparison()
        {
            using var dir = new TempDir();
            string history = WriteHistory(dir, Builds(6));
            var engine = new TestEngine();
            var task = new HugoSite.Build.Tasks.WritePerformanceReport
            {
                BuildEngine = engine.Object,
                HistoryFile = history,
                ProjectPath = AnalysisTestData.Project,
                ReportFile = dir.Combine("out", "report.html"),
            };
            Assert.IsTrue(task.Execute(), engine.AllText());
            string html = File.ReadAllText(dir.Combine("out", "report.html"));
            StringAssert.Contains(html, "chart-total");
            StringAssert.Contains(html, "chart-phases");
            StringAssert.Contains(html, "chart-timeline");
            StringAssert.Contains(html, "class=\"comparison\"");
            Assert.AreEqual(6, task.BuildCount);
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void WritePerformanceReport_AllProjects_ShowsEverySite_OnlyThisOneByDefault()
        {
            using var dir = new TempDir();
            List<BuildRecord> mine = Builds(3);
            List<BuildRecord> theirs = Builds(2, "t");
            theirs.ForEach(r => r.Project = "/sites/other/other.proj");
            string history = WriteHistory(dir, mine.Concat(theirs));

            var one = new TestEngine();
            var task = new HugoSite.Build.Tasks.WritePerformanceReport { BuildEngine = one.Object, HistoryFile = history, ProjectPath = AnalysisTestData.Project, ReportFile = dir.Combine("one.html") };
            Assert.IsTrue(task.Execute(), one.AllText());
            Assert.AreEqual(3, task.BuildCount);
            Assert.IsFalse(File.ReadAllText(dir.Combine("one.html")).Contains("other.proj"));

            var all = new TestEngine();
            var allTask = new HugoSite.Build.Tasks.WritePerformanceReport { BuildEngine = all.Object, HistoryFile = history, ProjectPath = AnalysisTestData.Project, AllProjects = true, ReportFile = dir.Combine("all.html") };
            Assert.IsTrue(allTask.Execute(), all.AllText());
            Assert.AreEqual(5, allTask.BuildCount);
            string html = File.ReadAllText(dir.Combine("all.html"));
            StringAssert.Contains(html, "data-project=\"/sites/other/other.proj\"");
            StringAssert.Contains(html, "data-project=\"" + AnalysisTestData.Project + "\"");
            StringAssert.Contains(html, "class=\"comparison\"", "this site's comparison is still there");
        }

        [TestMethod]
        public void WritePerformanceReport_BadInputs_WarnAndNeverFail()
        {
            using var dir = new TempDir();
            string history = WriteHistory(dir, Builds(2));
            File.AppendAllText(history, "{\"project\":\"" + AnalysisTestData.Project + "\", broken\n");

            var engine = new TestEngine();
            var task = new HugoSite.Build.Tasks.WritePerformanceReport
            {
                BuildEngine = engine.Object,
                HistoryFile = history,
                ProjectPath = AnalysisTestData.Project,
                Count = 0,
                CompareFrom = "no-such-build",
                ReportFile = dir.Combine("r.html"),
            };
            Assert.IsTrue(task.Execute(), engine.AllText());
            CollectionAssert.Contains(engine.WarningCodes.ToList(), "HSB4102", "count 0");
            CollectionAssert.Contains(engine.WarningCodes.ToList(), HistoryStore.SkippedLinesCode, "the broken line");
            CollectionAssert.Contains(engine.WarningCodes.ToList(), "HSB4104", "an unknown session id leaves the comparison out");
            Assert.IsTrue(File.Exists(dir.Combine("r.html")));

            // A folder where the page should go: not writable as a file.
            Directory.CreateDirectory(dir.Combine("taken.html"));
            var engine2 = new TestEngine();
            Assert.IsTrue(new HugoSite.Build.Tasks.WritePerformanceReport { BuildEngine = engine2.Object, HistoryFile = history, ProjectPath = AnalysisTestData.Project, ReportFile = dir.Combine("taken.html") }.Execute());
            CollectionAssert.Contains(engine2.WarningCodes.ToList(), "HSB4101");

            var engine3 = new TestEngine();
            Assert.IsTrue(new HugoSite.Build.Tasks.WritePerformanceReport { BuildEngine = engine3.Object, HistoryFile = dir.Combine("missing.jsonl"), ProjectPath = AnalysisTestData.Project, ReportFile = dir.Combine("empty.html") }.Execute());
            StringAssert.Contains(File.ReadAllText(dir.Combine("empty.html")), "No builds in the history yet");
        }

        [TestMethod]
        public void CompareBuilds_PrintsAtNormalVerbosity_AndReportsBadChoices()
        {
            using var dir = new TempDir();
            List<BuildRecord> builds = Builds(3);
            builds[2].Inputs = new InputChanges { Changed = 1, Files = new List<InputChange> { new InputChange { Source = "content", Path = "about.md", Change = "changed" } } };
            string history = WriteHistory(dir, builds);

            var engine = new TestEngine();
            var task = new HugoSite.Build.Tasks.CompareBuilds { BuildEngine = engine.Object, HistoryFile = history, ProjectPath = AnalysisTestData.Project };
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual("s001", task.FromSession);
            Assert.AreEqual("s002", task.ToSession);
            Assert.IsTrue(engine.Messages.Any(m => m.Importance == Microsoft.Build.Framework.MessageImportance.Normal && m.Message!.Contains("changed content/about.md")), engine.AllText());

            var bad = new TestEngine();
            Assert.IsFalse(new HugoSite.Build.Tasks.CompareBuilds { BuildEngine = bad.Object, HistoryFile = history, ProjectPath = AnalysisTestData.Project, From = "zzz" }.Execute());
            CollectionAssert.Contains(bad.ErrorCodes.ToList(), "HSB4104");

            var few = new TestEngine();
            Assert.IsTrue(new HugoSite.Build.Tasks.CompareBuilds { BuildEngine = few.Object, HistoryFile = dir.Combine("none.jsonl"), ProjectPath = AnalysisTestData.Project }.Execute());
            CollectionAssert.Contains(few.WarningCodes.ToList(), "HSB4103");
        }

        [TestMethod]
        public void MergeHistory_AddsTheOtherLinesOnceBySessionId_InTimeOrder_KeepingUnreadableLines()
        {
            using var dir = new TempDir();
            List<BuildRecord> all = Builds(6);
            string mine = WriteHistory(dir, new[] { all[0], all[2], all[4] }, "mine.jsonl");
            File.AppendAllText(mine, "{torn line\n");
            string theirs = WriteHistory(dir, new[] { all[0], all[1], all[3], all[5], all[3] }, "theirs.jsonl");

            var engine = new TestEngine();
            var task = new HugoSite.Build.Tasks.MergeHistory { BuildEngine = engine.Object, HistoryFile = mine, From = new[] { theirs } };
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(3, task.Added);
            Assert.AreEqual(2, task.Duplicates);

            string[] lines = File.ReadAllLines(mine);
            Assert.AreEqual(7, lines.Length);
            CollectionAssert.AreEqual(new[] { "s000", "s001", "s002", "s003", "s004", "s005" },
                lines.Where(l => l.StartsWith("{\"")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("session_id").GetString()).ToArray());
            Assert.AreEqual("{torn line", lines.Single(l => !l.StartsWith("{\"")), "a line that is not a record is kept, not dropped");

            var again = new TestEngine();
            var twice = new HugoSite.Build.Tasks.MergeHistory { BuildEngine = again.Object, HistoryFile = mine, From = new[] { theirs } };
            Assert.IsTrue(twice.Execute());
            Assert.AreEqual(0, twice.Added, "merging again changes nothing");
            Assert.AreEqual(7, File.ReadAllLines(mine).Length);
        }

        [TestMethod]
        public void MergeHistory_MissingOrSameFile_FailsAndChangesNothing()
        {
            using var dir = new TempDir();
            string mine = WriteHistory(dir, Builds(2), "mine.jsonl");
            byte[] before = File.ReadAllBytes(mine);

            var e1 = new TestEngine();
            Assert.IsFalse(new HugoSite.Build.Tasks.MergeHistory { BuildEngine = e1.Object, HistoryFile = mine, From = new[] { dir.Combine("absent.jsonl") } }.Execute());
            CollectionAssert.Contains(e1.ErrorCodes.ToList(), "HSB4110");

            var e2 = new TestEngine();
            Assert.IsFalse(new HugoSite.Build.Tasks.MergeHistory { BuildEngine = e2.Object, HistoryFile = mine, From = new string[0] }.Execute());
            CollectionAssert.Contains(e2.ErrorCodes.ToList(), "HSB4110");

            var e3 = new TestEngine();
            Assert.IsFalse(new HugoSite.Build.Tasks.MergeHistory { BuildEngine = e3.Object, HistoryFile = mine, From = new[] { mine } }.Execute());
            CollectionAssert.Contains(e3.ErrorCodes.ToList(), "HSB4110");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(mine));
        }
    }
}
