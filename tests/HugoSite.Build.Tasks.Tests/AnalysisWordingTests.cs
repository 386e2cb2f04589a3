using System.Text;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisWordingTests
    {
        private static List<BuildRecord> Steady(int count = 10) => Enumerable.Range(0, count).Select(_ => Record(10000)).ToList();

        [TestMethod]
        public void Describe_FasterBuildSaysFasterWithAnUnsignedPercentageAndNegativeChange()
        {
            BaselineComparison c = NoiseClassifier.Compare(8800, Steady(), new NoiseOptions());

            Assert.AreEqual("12% faster than the median of the last 10 comparable builds", ChangeWording.Describe(c));
            Assert.AreEqual(-12, c.ChangePercent!.Value, 1e-9);
            Assert.AreEqual(-1200, c.ChangeMs!.Value, 1e-9);
        }

        [TestMethod]
        public void Describe_SlowerBuildSaysSlowerWithPositiveChange()
        {
            BaselineComparison c = NoiseClassifier.Compare(11500, Steady(4), new NoiseOptions());

            Assert.AreEqual("15% slower than the median of the last 4 comparable builds", ChangeWording.Describe(c));
            Assert.AreEqual(15, c.ChangePercent!.Value, 1e-9);
        }

        [TestMethod]
        public void Describe_ChangeInsideTheNoiseSaysWithinNoiseWithTheSignedChangeAndTheBand()
        {
            BaselineComparison c = NoiseClassifier.Compare(9800, Steady(), new NoiseOptions());

            Assert.AreEqual("within noise of the median of the last 10 comparable builds (-2%, noise band ±5%)", ChangeWording.Describe(c));
        }

        [TestMethod]
        public void Describe_TooFewBuildsSaysHowManyAreNeeded()
        {
            BaselineComparison c = NoiseClassifier.Compare(9800, Steady(2), new NoiseOptions());

            Assert.AreEqual("not enough comparable builds yet (2 of 3 needed)", ChangeWording.Describe(c));
        }

        [TestMethod]
        public void Describe_OneComparableBuildIsNamedInTheSingular()
        {
            BaselineComparison c = NoiseClassifier.Compare(5000, Steady(1), new NoiseOptions { MinimumBaselineCount = 1 });

            Assert.AreEqual("50% faster than the last comparable build", ChangeWording.Describe(c));
        }

        [TestMethod]
        public void Describe_SmallChangesKeepOneDecimal()
        {
            BaselineComparison c = NoiseClassifier.Compare(10050, Steady(), new NoiseOptions { FloorPercent = 0, FloorMs = 0 });

            Assert.AreEqual("0.5% slower than the median of the last 10 comparable builds", ChangeWording.Describe(c));
        }

        [TestMethod]
        public void SummaryLine_NamesStatusTotalChangeAndThePhaseBehindIt()
        {
            var history = Window(Enumerable.Range(0, 10).Select(_ => Record(10000, phases: new Dictionary<string, double> { ["setup"] = 1000, ["hugo"] = 9000 })));
            BuildRecord current = Record(8800, phases: new Dictionary<string, double> { ["setup"] = 1000, ["hugo"] = 7800 });
            AnalysisOutcome outcome = new PerformanceAnalyzer(new NoiseOptions()).Analyze(current, StatusThresholds.ForBuiltIn("default"), history, null);

            string line = new ReportWriter(symbols: false).SummaryLine(current, outcome);

            Assert.AreEqual("blog: EXCELLENT in 8.8 s (template default): 12% faster than the median of the last 10 comparable builds, " +
                            "mostly in hugo (-1.2 s).", line);
        }

        [TestMethod]
        public void SummaryLine_WithSymbolsPrefixesTheStatusAndChange()
        {
            BuildRecord current = Record(8800);
            AnalysisOutcome outcome = new PerformanceAnalyzer(new NoiseOptions()).Analyze(current, StatusThresholds.ForBuiltIn("default"),
                Window(Steady()), null);

            string line = new ReportWriter(symbols: true).SummaryLine(current, outcome);

            StringAssert.Contains(line, "🟢 EXCELLENT");
            StringAssert.Contains(line, "↓ 12% faster");
        }

        [TestMethod]
        public void FullReport_WithoutSymbolsIsPlainAscii()
        {
            BuildRecord current = Record(9900);
            current.Components = new List<ComponentTiming> { new ComponentTiming { Name = "search", DurationMs = 10, Result = "Succeeded" } };
            AnalysisOutcome outcome = new PerformanceAnalyzer(new NoiseOptions()).Analyze(current, StatusThresholds.ForBuiltIn("default"),
                Window(Steady()), null);

            List<string> lines = new ReportWriter(symbols: false).FullReport(current, outcome, Budgets.Parse(20000, "hugo=1", new List<string>()),
                new List<BudgetViolation>());

            string text = string.Join("\n", lines);
            Assert.IsTrue(text.All(ch => ch < 128), text);
            StringAssert.Contains(text, "within noise of the median of the last 10 comparable builds (-1%, noise band +/-5%)");
            StringAssert.Contains(text, "baseline:   10 comparable builds");
        }

        [TestMethod]
        [DataRow(null, null, null, false, "utf-8", true)]
        [DataRow(null, "1", null, false, "utf-8", false)]
        [DataRow(null, null, "dumb", false, "utf-8", false)]
        [DataRow(null, null, "xterm", true, "utf-8", false)]
        [DataRow(null, null, "xterm", false, "us-ascii", false)]
        [DataRow("auto", null, null, false, "utf-16", true)]
        [DataRow("true", "1", "dumb", true, "us-ascii", true)]
        [DataRow("false", null, null, false, "utf-8", false)]
        public void SymbolPolicy_FollowsTheDocumentedRule(string? setting, string? noColor, string? term, bool redirected, string encoding, bool expected)
        {
            var env = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

            bool symbols = SymbolPolicy.Decide(setting, name => env.TryGetValue(name, out string? v) ? v : null, redirected, Encoding.GetEncoding(encoding));

            Assert.AreEqual(expected, symbols);
        }

        [TestMethod]
        [DataRow(850.4, "850 ms")]
        [DataRow(12345.0, "12.3 s")]
        [DataRow(125000.0, "2 min 05 s")]
        [DataRow(-1500.0, "-1.5 s")]
        public void Duration_IsReadable(double ms, string expected)
        {
            Assert.AreEqual(expected, Format.Duration(ms));
        }
    }
}
