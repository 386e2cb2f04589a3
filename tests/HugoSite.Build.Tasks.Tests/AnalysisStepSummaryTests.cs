using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisStepSummaryTests
    {
        private static (BuildRecord, AnalysisOutcome) Build()
        {
            var history = Window(Enumerable.Range(0, 10).Select(_ => Record(10000, phases: new Dictionary<string, double> { ["setup"] = 1000, ["hugo"] = 9000 })));
            BuildRecord current = Record(12000, phases: new Dictionary<string, double> { ["setup"] = 1000, ["hugo"] = 11000 });
            current.Theme = "compose";
            current.Components = new List<ComponentTiming> { new ComponentTiming { Name = "se|arch", DurationMs = 10, Result = "Succeeded" } };
            AnalysisOutcome outcome = new PerformanceAnalyzer(new NoiseOptions()).Analyze(current, StatusThresholds.ForBuiltIn("default"), history, null);
            return (current, outcome);
        }

        [TestMethod]
        public void Markdown_HasStatusChangePhasesBaselineAndRecommendations()
        {
            (BuildRecord record, AnalysisOutcome outcome) = Build();

            string md = StepSummary.Markdown(record, outcome);

            StringAssert.StartsWith(md, "### Hugo build blog.proj: EXCELLENT in 12.0 s\n");
            StringAssert.Contains(md, "20% slower than the median of the last 10 comparable builds, mostly in hugo (+2.0 s).");
            StringAssert.Contains(md, "| phase | time | share |\n| --- | ---: | ---: |\n| setup | 1.0 s | 8% |\n| hugo | 11.0 s | 92% |\n| **total** | **12.0 s** | 100% |");
            StringAssert.Contains(md, "| se\\|arch | 10 ms | Succeeded |");
            StringAssert.Contains(md, "**Baseline:** 10 comparable builds, median 10.0 s");
            StringAssert.Contains(md, "- Hugo took 11.0 s, 92% of the build");
        }

        [TestMethod]
        public void Append_KeepsEarlierStepsOutputAndStartsOnANewLine()
        {
            using var dir = new TempDir();
            string path = dir.Write("summary.md", "earlier step");
            (BuildRecord record, AnalysisOutcome outcome) = Build();

            Assert.AreEqual("full", StepSummary.Append(path, record, outcome));

            string text = File.ReadAllText(path);
            StringAssert.StartsWith(text, "earlier step\n### Hugo build");
        }

        [TestMethod]
        public void Append_NearTheLimitWritesTheShortFormAndNeverPassesOneMebibyte()
        {
            using var dir = new TempDir();
            (BuildRecord record, AnalysisOutcome outcome) = Build();
            string path = dir.Combine("summary.md");
            File.WriteAllText(path, new string('x', (int)StepSummary.MaxFileBytes - 400) + "\n");

            Assert.AreEqual("short", StepSummary.Append(path, record, outcome));
            StringAssert.EndsWith(File.ReadAllText(path), "Hugo build: EXCELLENT in 12.0 s, 20% slower than the median of the last 10 comparable builds.\n");
            Assert.IsTrue(new FileInfo(path).Length < StepSummary.MaxFileBytes);

            File.WriteAllText(path, new string('x', (int)StepSummary.MaxFileBytes - 20) + "\n");
            Assert.IsNull(StepSummary.Append(path, record, outcome));
            Assert.AreEqual(StepSummary.MaxFileBytes - 19, new FileInfo(path).Length, "left untouched");
        }
    }
}
