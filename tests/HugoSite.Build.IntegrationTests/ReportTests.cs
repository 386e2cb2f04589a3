using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class ReportTests
    {
        private static readonly string[] PageChecks =
        {
            "document.querySelectorAll('svg.chart-total .pt').length",
            "document.querySelectorAll('svg.chart-phases rect.seg').length",
            "document.querySelectorAll('svg.chart-timeline rect.bar').length",
            "document.querySelector('svg.chart-timeline') ? document.querySelector('svg.chart-timeline').getAttribute('data-source') : ''",
            "document.querySelectorAll('svg.chart-total rect.noise-band').length",
            "document.querySelector('svg.chart-total').getBoundingClientRect().height",
            "document.querySelectorAll('script, link, img, iframe').length",
            "document.querySelector('section.comparison') ? document.querySelector('section.comparison').innerText : ''",
            "document.querySelector('table.templates') ? document.querySelector('table.templates').innerText : ''",
        };

        /// <summary>
        /// Five real builds (a content edit before each, so each one runs Hugo), then -t:HugoReport; Chromium renders the page
        /// with no console or log errors and with the charts drawn; -t:HugoCompareBuilds names the edited file. A control page
        /// with a console error and a missing resource proves the browser's errors are really captured.
        /// </summary>
        [TestMethod]
        public void HugoReport_AfterFiveBuilds_RendersInChromiumWithoutErrors_AndCompareNamesTheEditedFile()
        {
            Assert.IsNotNull(HeadlessChromium.Executable(), "Chromium is needed; .ci/run installs it.");
            SampleSite site = SampleSite.Docs();
            for (int i = 0; i < 5; i++)
            {
                site.Write("content/about.md", site.Read("content/about.md") + "\nEdit " + i + ".\n");
                RunResult build = site.Build(i == 4 ? "-p:HugoTemplateMetrics=true" : "-p:HugoTemplateMetrics=false");
                Assert.AreEqual(0, build.ExitCode, build.ToString());
            }

            List<JsonElement> history = site.History();
            Assert.AreEqual(5, history.Count);
            JsonElement last = history[4];
            Assert.AreEqual("about.md", last.GetProperty("inputs").GetProperty("files")[0].GetProperty("path").GetString(), last.ToString());
            Assert.IsTrue(last.GetProperty("templates").GetArrayLength() > 0, "HugoTemplateMetrics=true stores the slowest templates");

            RunResult report = site.Build("-t:HugoReport");
            Assert.AreEqual(0, report.ExitCode, report.ToString());
            string page = Path.Combine(site.SiteDir, "obj", "hugo", "report.html");
            Assert.IsTrue(File.Exists(page), report.ToString());
            Assert.IsTrue(new FileInfo(page).Length < 2 * 1024 * 1024);
            Assert.AreEqual(5, history.Count, "writing the report is not a build");

            PageVisit visit = HeadlessChromium.Visit(new Uri(page).AbsoluteUri, PageChecks, TimeSpan.FromSeconds(60));
            Assert.AreEqual(0, visit.ConsoleErrors.Count, string.Join("\n", visit.ConsoleErrors));
            Assert.AreEqual(5, visit.Values[PageChecks[0]].GetInt32(), "one marker per build");
            Assert.IsTrue(visit.Values[PageChecks[1]].GetInt32() >= 5 * 4, "phases stacked for each build");
            Assert.IsTrue(visit.Values[PageChecks[2]].GetInt32() >= 5, "phases, copy and components on the timeline");
            Assert.AreEqual("trace", visit.Values[PageChecks[3]].GetString(), "the timeline comes from the build's trace");
            Assert.AreEqual(1, visit.Values[PageChecks[4]].GetInt32(), "four earlier comparable builds make a baseline with a noise band");
            Assert.IsTrue(visit.Values[PageChecks[5]].GetDouble() > 100, "the chart is laid out with a real height");
            Assert.AreEqual(0, visit.Values[PageChecks[6]].GetInt32(), "nothing external, no script");
            StringAssert.Contains(visit.Values[PageChecks[7]].GetString(), "about.md");
            StringAssert.Contains(visit.Values[PageChecks[8]].GetString(), "_default/");

            // The capture is real: a page with a console error and a missing resource is caught.
            string control = Path.Combine(site.Root, "control.html");
            File.WriteAllText(control, "<!DOCTYPE html><html><body><img src=\"missing.png\"><script>console.error('control error')</script></body></html>");
            PageVisit bad = HeadlessChromium.Visit(new Uri(control).AbsoluteUri, new[] { "1" }, TimeSpan.FromSeconds(60));
            Assert.IsTrue(bad.ConsoleErrors.Any(e => e.Contains("control error")), string.Join("\n", bad.ConsoleErrors));
            Assert.IsTrue(bad.ConsoleErrors.Any(e => e.StartsWith("log.error")), string.Join("\n", bad.ConsoleErrors));

            RunResult compare = site.Build("-t:HugoCompareBuilds", "-v:n");
            Assert.AreEqual(0, compare.ExitCode, compare.ToString());
            StringAssert.Contains(compare.Output, "changed content/about.md", compare.ToString());
            StringAssert.Contains(compare.Output, "Phases:", compare.ToString());

            RunResult unknown = site.Build("-t:HugoCompareBuilds", "-p:HugoCompareFrom=no-such-session");
            Assert.AreNotEqual(0, unknown.ExitCode);
            StringAssert.Contains(unknown.Output, "HSB4104", unknown.ToString());
        }

        /// <summary>HugoReportOnBuild=true writes the page after the build, and the step summary links to it.</summary>
        [TestMethod]
        public void HugoReportOnBuild_WritesThePage_AndTheStepSummaryLinksIt()
        {
            SampleSite site = SampleSite.NoTargets();
            string summary = Path.Combine(site.Root, "summary.md");
            string page = Path.Combine(site.Root, "out", "perf.html");
            RunResult build = site.Build("-p:HugoReportOnBuild=true", "-p:HugoReportFile=" + page, "-p:HugoPerformanceStepSummaryFile=" + summary);
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            Assert.IsTrue(File.Exists(page), build.ToString());
            StringAssert.Contains(File.ReadAllText(page), "chart-total");
            StringAssert.Contains(File.ReadAllText(summary), "(" + page + ")");
        }
    }
}
