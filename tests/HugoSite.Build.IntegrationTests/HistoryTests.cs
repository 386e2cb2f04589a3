namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class HistoryTests
    {
        [TestMethod]
        public void HugoPerformanceHistory_PrintsThisSitesBuilds_WithPerTemplateFigures()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            Assert.AreEqual(0, site.Build("-t:Rebuild", "-p:HugoCache=false").ExitCode);

            RunResult report = site.Build("-t:HugoPerformanceHistory", "-p:HugoPerformanceHistoryAscii=true");
            Assert.AreEqual(0, report.ExitCode, report.ToString());
            StringAssert.Contains(report.Output, "minimal", report.ToString());
            StringAssert.Contains(report.Output, "p25", report.ToString());
            StringAssert.Contains(report.Output, "p75", report.ToString());
            Assert.AreEqual(2, site.History().Count, "Printing the history is not a build.");
        }
    }
}
