using HugoSite.Build.Tasks.Analysis;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisStatusTests
    {
        [TestMethod]
        [DataRow("minimal", 4999.9, "EXCELLENT")]
        [DataRow("minimal", 5000.0, "GOOD")]
        [DataRow("minimal", 9999.9, "GOOD")]
        [DataRow("minimal", 10000.0, "ACCEPTABLE")]
        [DataRow("minimal", 29999.9, "ACCEPTABLE")]
        [DataRow("minimal", 30000.0, "SLOW")]
        [DataRow("default", 29999.9, "EXCELLENT")]
        [DataRow("default", 30000.0, "GOOD")]
        [DataRow("default", 44999.9, "GOOD")]
        [DataRow("default", 45000.0, "ACCEPTABLE")]
        [DataRow("default", 119999.9, "ACCEPTABLE")]
        [DataRow("default", 120000.0, "SLOW")]
        [DataRow("enterprise", 59999.9, "EXCELLENT")]
        [DataRow("enterprise", 60000.0, "GOOD")]
        [DataRow("enterprise", 119999.9, "GOOD")]
        [DataRow("enterprise", 120000.0, "ACCEPTABLE")]
        [DataRow("enterprise", 299999.9, "ACCEPTABLE")]
        [DataRow("enterprise", 300000.0, "SLOW")]
        [DataRow("Minimal", 5000.0, "GOOD")]
        [DataRow("blog", 29999.9, "EXCELLENT")]
        [DataRow("blog", 30000.0, "GOOD")]
        [DataRow("blog", 120000.0, "SLOW")]
        [DataRow(null, 45000.0, "ACCEPTABLE")]
        public void Rate_BuiltInThresholds_ChangeStatusExactlyAtEachBoundary(string? template, double totalMs, string expected)
        {
            StatusThresholds thresholds = StatusThresholds.Resolve(template, null, null, new List<string>());

            Assert.AreEqual(expected, BuildStatus.Rate(totalMs, success: true, cacheHit: false, thresholds));
        }

        [TestMethod]
        [DataRow(999.9, "EXCELLENT")]
        [DataRow(1000.0, "GOOD")]
        [DataRow(1999.9, "GOOD")]
        [DataRow(2000.0, "ACCEPTABLE")]
        [DataRow(2999.9, "ACCEPTABLE")]
        [DataRow(3000.0, "SLOW")]
        public void Rate_PropertyOverride_ReplacesTheTemplatesThresholds(double totalMs, string expected)
        {
            var problems = new List<string>();
            StatusThresholds thresholds = StatusThresholds.Resolve("enterprise", null, "1000;2000;3000", problems);

            Assert.AreEqual(0, problems.Count);
            Assert.AreEqual(expected, BuildStatus.Rate(totalMs, true, false, thresholds));
        }

        [TestMethod]
        [DataRow(2999.0, "EXCELLENT")]
        [DataRow(3000.0, "GOOD")]
        [DataRow(8000.0, "ACCEPTABLE")]
        [DataRow(20000.0, "SLOW")]
        public void Rate_ItemOverride_AppliesToItsTemplateOnly(double totalMs, string expected)
        {
            var items = new[] { new ThresholdOverride("blog", "3000", "8000", "20000"), new ThresholdOverride("docs", "1", "2", "3") };
            var problems = new List<string>();

            StatusThresholds blog = StatusThresholds.Resolve("blog", items, null, problems);
            StatusThresholds other = StatusThresholds.Resolve("default", items, null, problems);

            Assert.AreEqual(expected, BuildStatus.Rate(totalMs, true, false, blog));
            Assert.AreEqual("EXCELLENT", BuildStatus.Rate(totalMs, true, false, other), "default keeps its built-in 30 s");
            Assert.AreEqual(0, problems.Count);
        }

        [TestMethod]
        public void Resolve_PropertyWinsOverItemForTheSameTemplate()
        {
            var items = new[] { new ThresholdOverride("blog", "3000", "8000", "20000") };

            StatusThresholds t = StatusThresholds.Resolve("blog", items, "100;200;300", new List<string>());

            Assert.AreEqual(100, t.ExcellentMs);
            Assert.AreEqual("property", t.Source);
        }

        [TestMethod]
        [DataRow("1000;2000")]
        [DataRow("1000;abc;3000")]
        [DataRow("3000;2000;1000")]
        [DataRow("0;1;2")]
        public void Resolve_UnusableOverride_IsReportedAndTheBuiltInIsUsed(string property)
        {
            var problems = new List<string>();

            StatusThresholds t = StatusThresholds.Resolve("minimal", new[] { new ThresholdOverride("minimal", "x", "", "") }, property, problems);

            Assert.AreEqual(2, problems.Count, string.Join("\n", problems));
            Assert.AreEqual(5000, t.ExcellentMs);
        }

        [TestMethod]
        public void Rate_CacheHitIsRatedAsCacheHitNotAsFast()
        {
            Assert.AreEqual("CACHE-HIT", BuildStatus.Rate(40, success: true, cacheHit: true, StatusThresholds.ForBuiltIn("minimal")));
        }

        [TestMethod]
        public void Rate_FailedBuildIsFailedWhateverItsTime()
        {
            Assert.AreEqual("FAILED", BuildStatus.Rate(40, success: false, cacheHit: true, StatusThresholds.ForBuiltIn("minimal")));
        }
    }
}
