using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisNoiseTests
    {
        private static readonly NoiseOptions Defaults = new NoiseOptions();

        [TestMethod]
        public void Compare_RealTenPercentRegressionIsCalledSlowerAcrossManyJitteredHistories()
        {
            for (int seed = 1; seed <= 50; seed++)
            {
                List<BuildRecord> history = Jittered(10000, jitterPercent: 3, count: 10, seed: seed);
                double median = Stats.Median(history.Select(h => h.TotalMs));

                BaselineComparison c = NoiseClassifier.Compare(median * 1.10, history, Defaults);

                Assert.AreEqual(Verdicts.Slower, c.Verdict, "seed " + seed);
                Assert.AreEqual(10.0, c.ChangePercent!.Value, 0.001, "seed " + seed);
            }
        }

        [TestMethod]
        public void Compare_RealTenPercentImprovementIsCalledFaster()
        {
            List<BuildRecord> history = Jittered(10000, 3, 10);
            double median = Stats.Median(history.Select(h => h.TotalMs));

            Assert.AreEqual(Verdicts.Faster, NoiseClassifier.Compare(median * 0.90, history, Defaults).Verdict);
        }

        [TestMethod]
        public void Compare_JitterOfTheSameSizeAsTheHistoryIsWithinNoise()
        {
            for (int seed = 1; seed <= 50; seed++)
            {
                List<BuildRecord> history = Jittered(10000, jitterPercent: 3, count: 11, seed: seed);
                BuildRecord next = history[10]; // one more draw from the same distribution
                history.RemoveAt(10);

                BaselineComparison c = NoiseClassifier.Compare(next.TotalMs, history, Defaults);

                Assert.AreEqual(Verdicts.WithinNoise, c.Verdict, "seed " + seed + ": " + ChangeWording.Describe(c));
            }
        }

        [TestMethod]
        public void Compare_NoisyHistoryWidensTheBandBeyondTheFloor()
        {
            // Builds alternating 8 s and 12 s: MAD is 2 s, so the band is 6 s and a 10% change is noise here.
            List<BuildRecord> history = Enumerable.Range(0, 10).Select(i => Record(i % 2 == 0 ? 8000 : 12000)).ToList();

            BaselineComparison c = NoiseClassifier.Compare(11000, history, Defaults);

            Assert.AreEqual(2000, c.MadMs);
            Assert.AreEqual(6000, c.NoiseBandMs);
            Assert.AreEqual(Verdicts.WithinNoise, c.Verdict);
        }

        [TestMethod]
        public void Compare_PerfectlyStableHistoryStillHasTheFloorPercentage()
        {
            List<BuildRecord> history = Enumerable.Range(0, 10).Select(_ => Record(10000)).ToList();

            Assert.AreEqual(0, NoiseClassifier.Compare(10400, history, Defaults).MadMs);
            Assert.AreEqual(Verdicts.WithinNoise, NoiseClassifier.Compare(10400, history, Defaults).Verdict, "4% is under the 5% floor");
            Assert.AreEqual(Verdicts.Slower, NoiseClassifier.Compare(10600, history, Defaults).Verdict, "6% is over the 5% floor");
        }

        [TestMethod]
        public void Compare_TinyBuildsStillHaveTheFloorInMilliseconds()
        {
            List<BuildRecord> history = Enumerable.Range(0, 10).Select(_ => Record(100)).ToList();

            Assert.AreEqual(Verdicts.WithinNoise, NoiseClassifier.Compare(115, history, Defaults).Verdict, "15 ms is under the 20 ms floor");
            Assert.AreEqual(Verdicts.Slower, NoiseClassifier.Compare(125, history, Defaults).Verdict);
        }

        [TestMethod]
        public void Compare_TooFewComparableBuildsGivesNoVerdict()
        {
            BaselineComparison c = NoiseClassifier.Compare(5000, new[] { Record(1000), Record(1000) }, Defaults);

            Assert.AreEqual(Verdicts.NoBaseline, c.Verdict);
            Assert.IsNull(c.MedianMs);
            Assert.AreEqual(2, c.Count);
            Assert.AreEqual(3, c.Needed);
        }

        [TestMethod]
        public void Stats_MedianAndMadOfAnEvenSample()
        {
            double[] values = { 1, 2, 3, 4, 100 };

            Assert.AreEqual(3, Stats.Median(values));
            Assert.AreEqual(1, Stats.MedianAbsoluteDeviation(values));
            Assert.AreEqual(2.5, Stats.Median(new double[] { 4, 1, 3, 2 }));
        }

        [TestMethod]
        public void ExplainChange_NamesThePhaseThatGrewMost()
        {
            List<BuildRecord> baseline = Enumerable.Range(0, 5).Select(_ => Record(10000, phases: new Dictionary<string, double>
            {
                ["copy"] = 2000, ["hugo"] = 8000,
            })).ToList();
            BuildRecord current = Record(12500, phases: new Dictionary<string, double> { ["copy"] = 2100, ["hugo"] = 9900, ["components"] = 500 });

            PhaseShare? phase = PhaseAttribution.ExplainChange(current, baseline, 2500);

            Assert.AreEqual("hugo", phase!.Phase);
            Assert.AreEqual(1900, phase.Ms, 0.001);
        }

        [TestMethod]
        public void ExplainChange_ForAFasterBuildNamesThePhaseThatShrankMost()
        {
            List<BuildRecord> baseline = Enumerable.Range(0, 5).Select(_ => Record(10000, phases: new Dictionary<string, double>
            {
                ["copy"] = 4000, ["hugo"] = 6000,
            })).ToList();
            BuildRecord current = Record(7000, phases: new Dictionary<string, double> { ["copy"] = 1000, ["hugo"] = 6000 });

            PhaseShare? phase = PhaseAttribution.ExplainChange(current, baseline, -3000);

            Assert.AreEqual("copy", phase!.Phase);
            Assert.AreEqual(-3000, phase.Ms, 0.001);
        }
    }
}
