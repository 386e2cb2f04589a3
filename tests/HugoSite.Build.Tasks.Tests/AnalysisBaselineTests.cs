using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisBaselineTests
    {
        [TestMethod]
        public void Select_KeepsOnlySameSiteTemplateMachineCacheStateAndSuccessfulBuilds()
        {
            BuildRecord good1 = Record(1000);
            BuildRecord good2 = Record(1100);
            var history = new List<BuildRecord>
            {
                good1,
                Record(10, cacheHit: true),
                Record(5000, success: false),
                Record(3000, template: "enterprise"),
                Record(4000, host: "other-host"),
                Record(6000, project: "/sites/docs/docs.proj"),
                new BuildRecord { Template = "default", TotalMs = 7000, Cache = new CacheInfo { Hit = false } }, // the predecessor's line
                good2,
            };

            List<BuildRecord> baseline = BaselineSelector.Select(history, Record(1050), 10);

            CollectionAssert.AreEqual(new[] { good1, good2 }, baseline);
        }

        [TestMethod]
        public void Select_ForACacheHitUsesOnlyCacheHits()
        {
            BuildRecord hit = Record(30, cacheHit: true);
            var history = new List<BuildRecord> { Record(1000), hit, Record(1200) };

            CollectionAssert.AreEqual(new[] { hit }, BaselineSelector.Select(history, Record(25, cacheHit: true), 10));
        }

        [TestMethod]
        public void Select_TakesTheMostRecentComparableBuildsOldestFirst()
        {
            List<BuildRecord> history = Enumerable.Range(1, 15).Select(i => Record(i * 100)).ToList();

            List<BuildRecord> baseline = BaselineSelector.Select(history, Record(999), 10);

            CollectionAssert.AreEqual(Enumerable.Range(6, 10).Select(i => i * 100.0).ToList(), baseline.Select(b => b.TotalMs).ToList());
        }

        [TestMethod]
        public void Select_ExcludesThisBuildsOwnSessionAndRecordsWithoutATotal()
        {
            BuildRecord current = Record(1000);
            BuildRecord same = Record(1000);
            same.SessionId = current.SessionId;

            Assert.AreEqual(0, BaselineSelector.Select(new List<BuildRecord> { same, Record(0) }, current, 10).Count);
        }

        [TestMethod]
        public void Select_MatchesTheProjectPathWhateverItsTrailingSeparator()
        {
            var history = new List<BuildRecord> { Record(1000, project: "/sites/blog/") };

            Assert.AreEqual(1, BaselineSelector.Select(history, Record(1000, project: "/sites/blog"), 10).Count);
        }

        [TestMethod]
        public void LastComparableMiss_IsTheNewestSuccessfulFullBuildOfTheSameConfiguration()
        {
            BuildRecord older = Record(9000);
            BuildRecord newest = Record(8000);
            var history = new List<BuildRecord> { older, newest, Record(20, cacheHit: true), Record(100, success: false), Record(500, template: "minimal") };

            Assert.AreSame(newest, BaselineSelector.LastComparableMiss(history, Record(20, cacheHit: true)));
        }

        [TestMethod]
        public void Analyze_CacheHitReportsTimeSavedAgainstTheLastComparableMiss()
        {
            var history = Window(new[] { Record(9000), Record(8000), Record(30, cacheHit: true) });
            var analyzer = new PerformanceAnalyzer(new NoiseOptions());

            AnalysisOutcome outcome = analyzer.Analyze(Record(50, cacheHit: true), StatusThresholds.ForBuiltIn("default"), history, null);

            Assert.AreEqual(BuildStatus.CacheHit, outcome.Status);
            Assert.AreEqual(7950, outcome.SavedMs);
            Assert.AreEqual(1, outcome.Comparison.Count, "compared with cache hits only");
        }

        [TestMethod]
        public void Analyze_FailedBuildIsNotCompared()
        {
            var history = Window(Enumerable.Range(0, 5).Select(_ => Record(1000)));
            var analyzer = new PerformanceAnalyzer(new NoiseOptions());

            AnalysisOutcome outcome = analyzer.Analyze(Record(5000, success: false), StatusThresholds.ForBuiltIn("default"), history, null);

            Assert.AreEqual(Verdicts.NoBaseline, outcome.Comparison.Verdict);
            Assert.AreEqual("not compared: the build failed", ChangeWording.Describe(outcome.Comparison));
        }
    }
}
