using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Report;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Hugo's --templateMetrics --templateMetricsHints table, as Hugo 0.111.3 printed it here, into the record and the recommendation.</summary>
    [TestClass]
    public sealed class ReportTemplateMetricsTests
    {
        private static string[] Fixture() =>
            File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hugo-0.111.3-template-metrics.txt"));

        [TestMethod]
        public void Parse_ReadsHugo0111Table_EveryRowSlowestFirst()
        {
            List<TemplateMetric> rows = TemplateMetricsTable.Parse(Fixture());

            Assert.AreEqual(16, rows.Count, "every template row, and nothing of the statistics table after it");
            TemplateMetric top = rows[0];
            Assert.AreEqual("_default/list.html", top.Name);
            Assert.AreEqual(67.866, top.CumulativeMs, 1e-9);
            Assert.AreEqual(2.189, top.MeanMs, 1e-9);
            Assert.AreEqual(5.156, top.MaxMs, 1e-9);
            Assert.AreEqual(31, top.Count);
            Assert.AreEqual(0, top.CachePotential);

            TemplateMetric summary = rows.Single(r => r.Name == "partials/summary.html");
            Assert.AreEqual(0.264, summary.MeanMs, 1e-9, "263.79µs");
            Assert.AreEqual(22, summary.CachePotential);
            Assert.AreEqual(127, summary.Count);
            Assert.AreEqual(100, rows.Single(r => r.Name == "partials/footer.html").CachePotential);
            Assert.AreEqual(0.032, rows.Single(r => r.Name == "robots.txt").CumulativeMs, 1e-9, "31.587µs");
            CollectionAssert.AreEqual(rows.OrderByDescending(r => r.CumulativeMs).Select(r => r.Name).ToList(), rows.Select(r => r.Name).ToList());
        }

        [TestMethod]
        public void Top_KeepsTheSlowestTen()
        {
            List<TemplateMetric> top = TemplateMetricsTable.Top(Fixture());
            Assert.AreEqual(TemplateMetricsTable.RecordedTemplates, top.Count);
            Assert.AreEqual("_default/list.html", top[0].Name);
            Assert.AreEqual("partials/menu-list.html", top[9].Name);
        }

        [TestMethod]
        public void Parse_WithoutHints_ReadsFourColumns_AndNoPotential()
        {
            string[] lines =
            {
                "Template Metrics:",
                "",
                "     cumulative       average       maximum",
                "       duration      duration      duration  count  template",
                "     ----------      --------      --------  -----  --------",
                "        1.5s         500ms       1m0.5s        3  _default/single.html",
                "",
            };
            TemplateMetric row = TemplateMetricsTable.Parse(lines).Single();
            Assert.AreEqual(1500, row.CumulativeMs);
            Assert.AreEqual(60500, row.MaxMs);
            Assert.AreEqual(3, row.Count);
            Assert.IsNull(row.CachePotential);
        }

        [TestMethod]
        public void Parse_NoTableOrBrokenRows_GivesWhatReads()
        {
            Assert.AreEqual(0, TemplateMetricsTable.Parse(new[] { "Start building sites …", "Total in 158 ms" }).Count);
            string[] lines = { "Template Metrics:", "  cumulative  average  maximum  cache potential  percent cached  cached count  total count  template", "----", "  garbage here", "  12ms 1ms 2ms 0 0 0 x index.html", "  3ms 1ms 2ms 0 0 0 1 ok.html", "" };
            Assert.AreEqual("ok.html", TemplateMetricsTable.Parse(lines).Single().Name);
            Assert.IsNull(TemplateMetricsTable.ParseGoDuration("12parsecs"));
            Assert.IsNull(TemplateMetricsTable.ParseGoDuration(""));
            Assert.AreEqual(0.0005, TemplateMetricsTable.ParseGoDuration("500ns")!.Value, 1e-12);
            Assert.AreEqual(3723000, TemplateMetricsTable.ParseGoDuration("1h2m3s"));
            Assert.AreEqual(0.0042, TemplateMetricsTable.ParseGoDuration("4.2\u03bcs")!.Value, 1e-12);
        }

        [TestMethod]
        public void Items_RoundTripTheMetrics_AsRunHugoHandsThemToTheAnalysis()
        {
            List<TemplateMetric> top = TemplateMetricsTable.Top(Fixture(), 3);
            List<TemplateMetric> back = ReportFields.FromItems(ReportFields.ToItems(top));
            Assert.AreEqual(3, back.Count);
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual(top[i].Name, back[i].Name);
                Assert.AreEqual(top[i].CumulativeMs, back[i].CumulativeMs);
                Assert.AreEqual(top[i].CachePotential, back[i].CachePotential);
                Assert.AreEqual(top[i].Count, back[i].Count);
            }
        }

        [TestMethod]
        public void HugoDominates_NamesTheSlowestTemplateAndItsCachePotential()
        {
            BuildRecord r = AnalysisTestData.Record(4000, phases: new Dictionary<string, double> { ["setup"] = 200, ["hugo"] = 3800 });
            r.Templates = TemplateMetricsTable.Top(Fixture());
            r.Templates.Insert(0, new TemplateMetric { Name = "partials/header.html", CumulativeMs = 2500, MeanMs = 12.5, Count = 200, CachePotential = 89 });
            Recommendation tip = Recommendations.For(r, AnalysisTestData.Window(new BuildRecord[0])).Single(t => t.Id == Recommendations.HugoDominates);
            StringAssert.Contains(tip.Text, "partials/header.html");
            StringAssert.Contains(tip.Text, "cache potential of 89%");
            StringAssert.Contains(tip.Text, "partialCached");
            Assert.IsFalse(tip.Text.Contains("set HugoTemplateMetrics=true"), "a specific tip instead of the general hint");

            r.Templates = new List<TemplateMetric> { new TemplateMetric { Name = "_default/list.html", CumulativeMs = 3000, MeanMs = 100, Count = 30, CachePotential = 0 } };
            Recommendation noPotential = Recommendations.For(r, AnalysisTestData.Window(new BuildRecord[0])).Single(t => t.Id == Recommendations.HugoDominates);
            StringAssert.Contains(noPotential.Text, "_default/list.html");
            StringAssert.Contains(noPotential.Text, "no cache potential");

            r.Templates = null;
            Recommendation general = Recommendations.For(r, AnalysisTestData.Window(new BuildRecord[0])).Single(t => t.Id == Recommendations.HugoDominates);
            StringAssert.Contains(general.Text, "HugoTemplateMetrics=true");
        }

        [TestMethod]
        public void StepSummary_LinksTheReport_WhenItIsSet()
        {
            BuildRecord r = AnalysisTestData.Record(400);
            var outcome = new AnalysisOutcome { Status = "GOOD" };
            Assert.IsFalse(StepSummary.Markdown(r, outcome).Contains("Performance report"));
            string md = StepSummary.Markdown(r, outcome, "/ci/obj/hugo/my report.html");
            StringAssert.Contains(md, "[my report.html](/ci/obj/hugo/my%20report.html)");
        }
    }
}
