using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>A build is compared with builds of its own kind: a full copy (after dotnet clean) never with incremental ones.</summary>
    [TestClass]
    public sealed class AnalysisBuildKindTests
    {
        private static BuildRecord Full(double ms) => WithCopy(Record(ms), copied: 40, skipped: 0);

        private static BuildRecord Incremental(double ms) => WithCopy(Record(ms), copied: 1, skipped: 39);

        private static BuildRecord WithCopy(BuildRecord record, long copied, long skipped)
        {
            record.Copy = new CopyInfo { Copied = copied, Skipped = skipped, Jobs = 4 };
            return record;
        }

        [TestMethod]
        public void KindOf_TellsHitsFullAndIncrementalCopiesApart()
        {
            Assert.AreEqual(BaselineSelector.FullCopyKind, BaselineSelector.KindOf(Full(1)));
            Assert.AreEqual(BaselineSelector.IncrementalCopyKind, BaselineSelector.KindOf(Incremental(1)));
            Assert.AreEqual(BaselineSelector.CacheHitKind, BaselineSelector.KindOf(WithCopy(Record(1, cacheHit: true), 0, 0)));
            Assert.AreEqual(BaselineSelector.FullCopyKind, BaselineSelector.KindOf(WithCopy(Record(1), 0, 0)), "Nothing skipped: nothing was reused.");
            Assert.IsNull(BaselineSelector.KindOf(Record(1)), "A record without copy counts (an older writer) has no kind.");
        }

        [TestMethod]
        public void FirstBuildAfterClean_IsComparedWithFullCopiesOnly_NeverWithIncrementalOnes()
        {
            var records = new List<BuildRecord>();
            records.AddRange(Enumerable.Range(0, 8).Select(_ => Incremental(400)));
            records.Add(Full(1200));
            records.AddRange(Enumerable.Range(0, 3).Select(_ => Incremental(410)));
            var history = Window(records);
            var analyzer = new PerformanceAnalyzer(new NoiseOptions());

            AnalysisOutcome afterClean = analyzer.Analyze(Full(1250), StatusThresholds.ForBuiltIn("default"), history, null);
            Assert.AreNotEqual(Verdicts.Slower, afterClean.Comparison.Verdict, "Not a regression: the incremental builds are another kind.");
            Assert.AreEqual(1, afterClean.Comparison.Count);
            Assert.IsNull(afterClean.ChangePhase);

            records.Add(Full(1190));
            records.Add(Full(1230));
            AnalysisOutcome third = analyzer.Analyze(Full(1210), StatusThresholds.ForBuiltIn("default"), Window(records), null);
            Assert.AreEqual(3, third.Comparison.Count);
            Assert.AreEqual(Verdicts.WithinNoise, third.Comparison.Verdict);
            StringAssert.Contains(ChangeWording.Describe(third.Comparison), "of the last 3 comparable builds (full copies)");
        }

        [TestMethod]
        public void IncrementalBuild_SaysItWasComparedWithIncrementalCopies()
        {
            var records = Enumerable.Range(0, 5).Select(_ => Incremental(400)).Concat(new[] { Full(5000), Full(5200), Full(4900) }).ToList();
            var analyzer = new PerformanceAnalyzer(new NoiseOptions());
            AnalysisOutcome outcome = analyzer.Analyze(Incremental(405), StatusThresholds.ForBuiltIn("default"), Window(records), null);

            Assert.AreEqual(5, outcome.Comparison.Count, "The full copies are left out.");
            Assert.AreEqual(Verdicts.WithinNoise, outcome.Comparison.Verdict);
            StringAssert.Contains(ChangeWording.Describe(outcome.Comparison), "comparable builds (incremental copies)");
            Assert.AreEqual(BaselineSelector.IncrementalCopyKind, outcome.Comparison.Kind);
        }

        [TestMethod]
        public void RecordsWithoutCopyCounts_AreStillMatchedOnTheirCacheState()
        {
            Assert.IsTrue(BaselineSelector.IsComparable(Record(100), Full(100)));
            Assert.IsFalse(BaselineSelector.IsComparable(Record(100, cacheHit: true), Full(100)));
            Assert.IsFalse(BaselineSelector.IsComparable(Full(100), Incremental(100)));
            Assert.IsFalse(BaselineSelector.IsComparable(Incremental(100), WithCopy(Record(100, cacheHit: true), 0, 0)));
        }

        [TestMethod]
        public void OneComparableBuild_IsNamedInTheSingular()
        {
            var c = new BaselineComparison { Count = 1, Kind = BaselineSelector.FullCopyKind };
            Assert.AreEqual("the last comparable build (full copy)", ChangeWording.BaselineName(c));
            Assert.AreEqual("the median of the last 4 comparable builds (cache hits)", ChangeWording.BaselineName(new BaselineComparison { Count = 4, Kind = BaselineSelector.CacheHitKind }));
        }
    }
}
