using System.Text;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Report;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The report's model (which builds, which series, the noise band, the markers) and the page written from it.</summary>
    [TestClass]
    public sealed class ReportModelTests
    {
        private static readonly NoiseOptions Noise = new NoiseOptions { BaselineCount = 10, MinimumBaselineCount = 3, FloorMs = 20, FloorPercent = 5, MadFactor = 3 };

        private static List<BuildRecord> Stamped(IEnumerable<BuildRecord> records)
        {
            var list = records.ToList();
            for (int i = 0; i < list.Count; i++)
            {
                list[i].Timestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
                list[i].SessionId = "s" + i.ToString("D3");
            }

            return list;
        }

        [TestMethod]
        public void Build_ShowsTheLastCountBuildsPerSiteAndTemplate_NewestActiveFirst()
        {
            var history = Stamped(AnalysisTestData.Jittered(1000, 5, 30)
                .Concat(new[] { AnalysisTestData.Record(500, template: "minimal"), AnalysisTestData.Record(700, project: "/sites/docs/docs.proj") }));

            ReportModel model = ReportModel.Build(history, 20, Noise, null);

            Assert.AreEqual(3, model.Sections.Count);
            Assert.AreEqual("/sites/docs/docs.proj", model.Sections[0].Project, "the most recently built first");
            Assert.AreEqual("minimal", model.Sections[1].Template);
            TemplateSection main = model.Sections[2];
            Assert.AreEqual(20, main.Points.Count, "only the last HugoPerformanceHistoryCount builds");
            CollectionAssert.AreEqual(history.Skip(10).Take(20).Select(r => r.SessionId).ToList(), main.Points.Select(p => p.Record.SessionId).ToList(), "the newest 20, oldest first");
        }

        [TestMethod]
        public void Build_DrawsTheBaselineAndNoiseBandTheAnalysisWouldUse()
        {
            var history = Stamped(AnalysisTestData.Jittered(1000, 5, 12));
            ReportModel model = ReportModel.Build(history, 20, Noise, null);
            TemplateSection s = model.Sections.Single();

            List<BuildRecord> expectedBaseline = BaselineSelector.Select(history.Take(11).ToList(), history[11], 10);
            BaselineComparison expected = NoiseClassifier.Compare(history[11].TotalMs, expectedBaseline, Noise);
            Assert.AreSame(history[11], s.Reference);
            Assert.AreEqual(expected.MedianMs, s.Baseline.MedianMs);
            Assert.AreEqual(expected.NoiseBandMs, s.Baseline.NoiseBandMs);
            Assert.AreEqual(10, s.Baseline.Count);
            Assert.IsTrue(s.Baseline.NoiseBandMs >= 50, "never narrower than 5% of the median");

            string html = HtmlReport.Render(model);
            double median = s.Baseline.MedianMs!.Value, band = s.Baseline.NoiseBandMs!.Value;
            StringAssert.Contains(html, "class=\"median\"");
            StringAssert.Contains(html, "data-low=\"" + Math.Round(median - band, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "\"");
            StringAssert.Contains(html, "data-high=\"" + Math.Round(median + band, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "\"");
        }

        [TestMethod]
        public void Build_MarksCacheHitsAndFailuresDifferently_AndTheBaselineSkipsThem()
        {
            var records = AnalysisTestData.Jittered(1000, 3, 6);
            records.Add(AnalysisTestData.Record(40, cacheHit: true));
            records.Add(AnalysisTestData.Record(300, success: false));
            records.Add(AnalysisTestData.Record(1010));
            records.Add(AnalysisTestData.Record(35, cacheHit: true));
            records[6].Cache!.SavedMs = 960;
            records[9].Cache!.SavedMs = 975;
            var history = Stamped(records);

            TemplateSection s = ReportModel.Build(history, 20, Noise, null).Sections.Single();

            CollectionAssert.AreEqual(
                new[] { PointKind.Built, PointKind.Built, PointKind.Built, PointKind.Built, PointKind.Built, PointKind.Built, PointKind.CacheHit, PointKind.Failed, PointKind.Built, PointKind.CacheHit },
                s.Points.Select(p => p.Kind).ToArray());
            Assert.AreSame(history[8], s.Reference, "the baseline is drawn for the newest build that ran, not a cache hit");
            Assert.AreEqual(6, s.Baseline.Count, "hits and failures are not comparable with a build that ran");
            Assert.AreEqual(2, s.CacheHits);
            Assert.AreEqual(10, s.CacheLookups);
            Assert.AreEqual(0.2, s.CacheHitRatio!.Value, 1e-9);
            Assert.AreEqual(1935, s.SavedMs, 1e-9);

            string html = HtmlReport.Render(new ReportModel { Sections = { s } });
            Assert.AreEqual(7, Count(html, "class=\"pt built\""));
            Assert.AreEqual(2, Count(html, "class=\"pt hit\""));
            Assert.AreEqual(1, Count(html, "class=\"pt failed\""));
        }

        [TestMethod]
        public void Build_TooFewComparableBuilds_HasNoBand()
        {
            var history = Stamped(AnalysisTestData.Jittered(1000, 3, 3));
            TemplateSection s = ReportModel.Build(history, 20, Noise, null).Sections.Single();
            Assert.IsFalse(s.Baseline.HasBaseline);
            Assert.AreEqual(2, s.Baseline.Count);
            string html = HtmlReport.Render(new ReportModel { Sections = { s } });
            Assert.IsFalse(html.Contains("noise-band"), "no band is drawn without a baseline");
            StringAssert.Contains(html, "2 of 3 comparable builds");
        }

        [TestMethod]
        public void Build_StacksEveryPhaseOfEveryBuild_InBuildOrder()
        {
            var a = AnalysisTestData.Record(300, phases: new Dictionary<string, double> { ["hugo"] = 200, ["setup"] = 50, ["copy"] = 50 });
            var b = AnalysisTestData.Record(400, phases: new Dictionary<string, double> { ["setup"] = 50, ["cache-check"] = 20, ["hugo"] = 300, ["custom"] = 30 });
            TemplateSection s = ReportModel.Build(Stamped(new[] { a, b }), 20, Noise, null).Sections.Single();
            CollectionAssert.AreEqual(new[] { "setup", "cache-check", "copy", "hugo", "custom" }, s.Phases);
            string html = HtmlReport.Render(new ReportModel { Sections = { s } });
            Assert.AreEqual(7, Count(html, "class=\"seg\""), "one segment per recorded phase per build");
            Assert.AreEqual(2, Count(html, "data-phase=\"hugo\""));
        }

        [TestMethod]
        public void Timeline_ComesFromTheTraceOfTheLatestBuild_OrFromTheRecordWhenTheTraceIsAnotherBuilds()
        {
            BuildRecord latest = AnalysisTestData.Record(500, phases: new Dictionary<string, double> { ["setup"] = 10, ["copy"] = 40, ["components"] = 100, ["hugo"] = 300 });
            latest.Copy = new CopyInfo { Copied = 5, Jobs = 4 };
            latest.Components = new List<ComponentTiming>
            {
                new ComponentTiming { Name = "search", DurationMs = 60, StartOffsetMs = 0 },
                new ComponentTiming { Name = "analytics", DurationMs = 30, StartOffsetMs = 20 },
            };
            var history = Stamped(new[] { latest });
            var phaseStore = new HugoSite.Build.Tasks.Phases.PhaseStore();
            PhaseTimeline timeline = PhaseTimeline.From(phaseStore);
            byte[] trace = ChromeTrace.Create(latest, timeline);

            TemplateSection fromTrace = ReportModel.Build(history, 20, Noise, _ => trace).Sections.Single();
            Assert.AreEqual("trace", fromTrace.TimelineSource);
            CollectionAssert.Contains(fromTrace.Timeline.Select(t => t.Row).ToList(), "component search");
            CollectionAssert.Contains(fromTrace.Timeline.Select(t => t.Row).ToList(), "component analytics");

            BuildRecord other = AnalysisTestData.Record(100);
            other.SessionId = "someone-else";
            byte[] otherTrace = ChromeTrace.Create(other, timeline);
            TemplateSection fromRecord = ReportModel.Build(history, 20, Noise, _ => otherTrace).Sections.Single();
            Assert.AreEqual("record", fromRecord.TimelineSource);
            TimelineBar hugo = fromRecord.Timeline.Single(b => b.Name == "hugo");
            Assert.AreEqual(150, hugo.StartMs, "phases follow each other");
            TimelineBar analytics = fromRecord.Timeline.Single(b => b.Row == "component analytics");
            Assert.AreEqual(70, analytics.StartMs, "components start at their offset in the components phase");
            Assert.AreEqual(4, fromRecord.Timeline.Select(b => b.Row).Distinct().Count(), "phases, copy and each component on its own row");

            TemplateSection garbage = ReportModel.Build(history, 20, Noise, _ => Encoding.UTF8.GetBytes("{not json")).Sections.Single();
            Assert.AreEqual("record", garbage.TimelineSource, "an unreadable trace falls back to the record");
        }

        [TestMethod]
        public void Build_ListsSlowestComponentsAndTheLatestRecommendations()
        {
            var records = Stamped(Enumerable.Range(0, 4).Select(i =>
            {
                var r = AnalysisTestData.Record(3000, phases: new Dictionary<string, double> { ["setup"] = 100, ["hugo"] = 2900 });
                r.Components = new List<ComponentTiming> { new ComponentTiming { Name = "fast", DurationMs = 10 + i }, new ComponentTiming { Name = "slow", DurationMs = 500 + i } };
                r.Hugo = new HugoInfo { Stats = new Dictionary<string, long> { ["pages"] = 120 } };
                r.Templates = new List<TemplateMetric> { new TemplateMetric { Name = "partials/head.html", CumulativeMs = 900, MeanMs = 3, Count = 300, CachePotential = 100 } };
                return r;
            }));

            TemplateSection s = ReportModel.Build(records, 20, Noise, null).Sections.Single();
            CollectionAssert.AreEqual(new[] { "slow", "fast" }, s.SlowestComponents.Select(c => c.Name).ToArray());
            Assert.AreEqual(503, s.SlowestComponents[0].LatestMs);
            Recommendation tip = s.Recommendations.Single(r => r.Id == Recommendations.HugoDominates);
            StringAssert.Contains(tip.Text, "partials/head.html");

            string html = HtmlReport.Render(new ReportModel { Sections = { s } });
            StringAssert.Contains(html, "data-id=\"hugo-dominates\"");
            StringAssert.Contains(html, "<table class=\"templates\">");
            StringAssert.Contains(html, "<table class=\"hugo-stats\">");
        }

        [TestMethod]
        public void Render_IsSelfContained_AndEscapesWhatTheHistorySays()
        {
            BuildRecord r = AnalysisTestData.Record(100, project: "/sites/<script>alert(1)</script>/x.proj");
            r.Error = "bad";
            string html = HtmlReport.Render(ReportModel.Build(Stamped(new[] { r }), 20, Noise, null));
            Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "no script, not even from a project name");
            Assert.IsFalse(html.Contains("src=", StringComparison.Ordinal));
            Assert.IsFalse(html.Contains("href=", StringComparison.Ordinal), "no external style sheet or link");
            Assert.IsFalse(html.Contains("url(", StringComparison.Ordinal), "no external font or image");
            StringAssert.Contains(html, "&lt;script&gt;");
        }

        [TestMethod]
        public void Render_EmptyHistory_SaysSo()
        {
            string html = HtmlReport.Render(ReportModel.Build(new List<BuildRecord>(), 20, Noise, null));
            StringAssert.Contains(html, "No builds in the history yet");
        }

        [TestMethod]
        public void TracePath_IsTheTraceFileForThisSite_AndObjHugoBesideAnyOtherProject()
        {
            string project = BaselineSelector.NormalizeProject(Path.GetFullPath("/sites/blog/blog.proj"));
            BuildRecord own = AnalysisTestData.Record(100, project: Path.GetFullPath("/sites/blog/blog.proj"));
            BuildRecord other = AnalysisTestData.Record(100, project: Path.GetFullPath("/sites/docs/docs.proj"));

            Assert.AreEqual("/t/trace.json", TraceTimeline.PathFor(own, project, "/t/trace.json"));
            Assert.IsNull(TraceTimeline.PathFor(own, project, " "), "tracing off for this site: no file is read");
            Assert.AreEqual(Path.Combine(Path.GetFullPath("/sites/docs"), "obj", "hugo", "trace.json"), TraceTimeline.PathFor(other, project, "/t/trace.json"));
            Assert.AreEqual(Path.Combine(Path.GetFullPath("/sites/blog"), "obj", "hugo", "trace.json"), TraceTimeline.PathFor(own, null, "/t/trace.json"), "all sites: every site's own trace");
            other.Project = null;
            Assert.IsNull(TraceTimeline.PathFor(other, project, "/t/trace.json"), "a record without a project has no trace");
        }

        [TestMethod]
        public void Window_OneSiteReadsItsBuildsAndBaselines_AllSitesTheAnalysisWindow()
        {
            Assert.AreEqual(200, ReportModel.Window(false, 20, Noise, 5000), "at least 200 lines for one site");
            Assert.AreEqual(440, ReportModel.Window(false, 100, Noise, 5000), "four times the builds shown and their baseline");
            Assert.AreEqual(5000, ReportModel.Window(false, 10000, Noise, 5000), "never past the limit");
            Assert.AreEqual(BuildRecorder.HistoryWindowSize, ReportModel.Window(true, 20, Noise, 5000));
        }

        private static int Count(string text, string fragment)
        {
            int n = 0;
            for (int i = text.IndexOf(fragment, StringComparison.Ordinal); i >= 0; i = text.IndexOf(fragment, i + 1, StringComparison.Ordinal))
            {
                n++;
            }

            return n;
        }
    }
}
