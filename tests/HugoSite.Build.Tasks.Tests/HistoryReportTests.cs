using HugoSite.Build.Tasks.Analysis;
using System.Diagnostics;
using System.Text;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class HistoryReportTests : HistoryFileTestBase
    {
        private const string Site = "/sites/a/site.proj";

        private void Append(BuildRecord record) => HistoryStore.Append(HistoryPath, record, new HistoryWriteOptions { FlushToDisk = false });

        private PerformanceHistoryReport Report(TestEngine engine, int count = 20, string? ascii = "false") => new()
        {
            BuildEngine = engine.Object,
            HistoryFile = HistoryPath,
            ProjectPath = Site,
            Count = count,
            Ascii = ascii,
        };

        [TestMethod]
        public void Report_ShowsTheLastBuildsOfThisSiteOnly_WithPredecessorRecordsMarked()
        {
            File.WriteAllText(HistoryPath, HistoryStoreTests.PredecessorLines);
            Append(HistoryStoreTests.Record("mine-1", total: 1200));
            Append(HistoryStoreTests.Record("other", project: "/sites/b/site.proj", total: 9876));
            Append(HistoryStoreTests.Record("mine-2", total: 1300, success: false));
            Append(HistoryStoreTests.Record("mine-3", total: 90, hit: true));
            var engine = new TestEngine();

            PerformanceHistoryReport report = Report(engine, count: 4);
            Assert.IsTrue(report.Execute());

            Assert.AreEqual(4, report.BuildCount);
            string text = report.ReportText;
            Assert.IsFalse(text.Contains("9.88 s"), "another site's build is not shown");
            Assert.IsFalse(text.Contains("32.15 s"), "only the last 4");
            StringAssert.Contains(text, "default *");
            StringAssert.Contains(text, "1.20 s");
            StringAssert.Contains(text, "FAILED");
            StringAssert.Contains(text, "hit");
            StringAssert.Contains(text, "build");
            Assert.IsTrue(engine.Messages.Any(m => m.Importance == MessageImportance.High && m.Message!.Contains("1.30 s")), "printed at minimal verbosity");
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void Report_PerTemplate_GivesMedianP25AndP75OfTotalAndEachPhase()
        {
            foreach (int ms in new[] { 500, 100, 400, 200, 300 })
            {
                Append(HistoryStoreTests.Record("d" + ms, total: ms));
            }

            Append(HistoryStoreTests.Record("b", template: "blog", total: 7000));
            var engine = new TestEngine();
            PerformanceHistoryReport report = Report(engine);
            Assert.IsTrue(report.Execute());

            string[] lines = report.ReportText.Split('\n');
            string total = lines.SkipWhile(l => !l.Contains("default: 5 builds ran")).First(l => l.TrimStart().StartsWith("total", StringComparison.Ordinal));
            CollectionAssert.AreEqual(new[] { "total", "5", "200", "ms", "300", "ms", "400", "ms", "\u2588\u2581\u2586\u2583\u2585" },
                total.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            string hugo = lines.SkipWhile(l => !l.Contains("default: 5 builds ran")).First(l => l.TrimStart().StartsWith("hugo", StringComparison.Ordinal));
            StringAssert.Contains(hugo, "190 ms  290 ms  390 ms");
            StringAssert.Contains(report.ReportText, "blog: 1 build ran");
        }

        [TestMethod]
        public void Report_Ascii_UsesOnlyPlainAscii()
        {
            Append(HistoryStoreTests.Record("a", total: 100));
            Append(HistoryStoreTests.Record("b", total: 200));
            PerformanceHistoryReport report = Report(new TestEngine(), ascii: "true");

            Assert.IsTrue(report.Execute());

            Assert.IsTrue(report.ReportText.All(c => c < 128), report.ReportText);
            StringAssert.Contains(report.ReportText, "_@");
        }

        [TestMethod]
        public void Report_SkippedLines_AreOneWarningWithTheCount()
        {
            File.WriteAllText(HistoryPath, "garbage\n{\"broken\":\n[]\n");
            Append(HistoryStoreTests.Record("a"));
            var engine = new TestEngine();

            PerformanceHistoryReport report = Report(engine);
            Assert.IsTrue(report.Execute());

            CollectionAssert.AreEqual(new[] { "HSB3011" }, engine.WarningCodes.ToList());
            StringAssert.StartsWith(engine.Warnings.Single().Message, "3 line(s)");
            Assert.AreEqual(3, report.SkippedLines);
            Assert.AreEqual(1, report.BuildCount);
        }

        [TestMethod]
        public void Report_NoHistoryYet_SaysSoWithoutWarning()
        {
            var engine = new TestEngine();
            PerformanceHistoryReport report = Report(engine);

            Assert.IsTrue(report.Execute());

            Assert.AreEqual(0, report.BuildCount);
            StringAssert.StartsWith(report.ReportText, "No builds of " + Path.GetFullPath(Site));
            Assert.AreEqual(0, engine.Warnings.Count);
        }

        [TestMethod]
        public void Report_HistoryPathIsAFolder_IsCodedWarningNotError()
        {
            Directory.CreateDirectory(HistoryPath);
            var engine = new TestEngine();

            Assert.IsTrue(Report(engine).Execute());

            CollectionAssert.AreEqual(new[] { "HSB3012" }, engine.WarningCodes.ToList());
            Assert.AreEqual(0, engine.Errors.Count);
        }

        [TestMethod]
        public void Report_NonPositiveCount_IsCodedWarning_AndShowsTheDefault()
        {
            for (int i = 0; i < 25; i++)
            {
                Append(HistoryStoreTests.Record("r" + i));
            }

            var engine = new TestEngine();
            PerformanceHistoryReport report = Report(engine, count: 0);
            Assert.IsTrue(report.Execute());

            CollectionAssert.AreEqual(new[] { "HSB3013" }, engine.WarningCodes.ToList());
            Assert.AreEqual(20, report.BuildCount);
        }

        [TestMethod]
        public void Report_ReportFile_IsWrittenToo()
        {
            Append(HistoryStoreTests.Record("a"));
            PerformanceHistoryReport report = Report(new TestEngine());
            report.ReportFile = Dir.Combine("out", "report.txt");

            Assert.IsTrue(report.Execute());

            Assert.AreEqual(report.ReportText, File.ReadAllText(report.ReportFile, Encoding.UTF8));
        }

        [TestMethod]
        public void Percentile_InterpolatesBetweenNeighbours()
        {
            var sorted = new List<double> { 10, 20, 30, 40 };
            Assert.AreEqual(17.5, HistoryReport.Percentile(sorted, 0.25), 1e-9);
            Assert.AreEqual(25, HistoryReport.Percentile(sorted, 0.5), 1e-9);
            Assert.AreEqual(32.5, HistoryReport.Percentile(sorted, 0.75), 1e-9);
            Assert.AreEqual(7, HistoryReport.Percentile(new List<double> { 7 }, 0.25));
            Assert.IsTrue(double.IsNaN(HistoryReport.Percentile(new List<double>(), 0.5)));
        }

        [TestMethod]
        public void Sparkline_SpansLowestToHighest_FlatSeriesIsFlat()
        {
            Assert.AreEqual("\u2581\u2585\u2588", HistoryReport.Sparkline(new double[] { 1, 5, 9 }, ascii: false));
            Assert.AreEqual("_+@", HistoryReport.Sparkline(new double[] { 1, 5, 9 }, ascii: true));
            Assert.AreEqual("\u2585\u2585", HistoryReport.Sparkline(new double[] { 3, 3 }, ascii: false));
        }

        [TestMethod]
        public void Duration_ReadsLikeAPersonWouldWriteIt()
        {
            Assert.AreEqual("4.5 ms", Format.CompactDuration(4.5));
            Assert.AreEqual("845 ms", Format.CompactDuration(845));
            Assert.AreEqual("32.15 s", Format.CompactDuration(32150));
            Assert.AreEqual("2m05s", Format.CompactDuration(125_000));
        }

        [TestMethod]
        public void HugoPerformanceHistoryTarget_RealMSBuild_PrintsTheTable()
        {
            Append(HistoryStoreTests.Record("a", project: Dir.Combine("site.proj"), total: 1234));
            string project = Dir.Write("site.proj", $"""
                <Project>
                  <PropertyGroup>
                    <HugoTasksAssembly>{typeof(PerformanceHistoryReport).Assembly.Location}</HugoTasksAssembly>
                  </PropertyGroup>
                  <Import Project="{RepoFile("build", "HugoSite.Build.props")}" />
                  <Import Project="{RepoFile("build", "HugoSite.Build.targets")}" />
                </Project>
                """);

            (int exit, string output) = MSBuild(project, "-t:HugoPerformanceHistory", "-p:HugoPerformanceHistoryFile=" + HistoryPath, "-p:HugoPerformanceHistoryAscii=true");

            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, "1.23 s");
            StringAssert.Contains(output, "default: 1 build ran");
        }

        /// <summary>A file of this repository, found from the test's output folder upwards.</summary>
        internal static string RepoFile(params string[] parts)
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(new[] { dir.FullName }.Concat(parts).ToArray());
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail("not found above the test output: " + Path.Combine(parts));
            return string.Empty;
        }

        /// <summary>Runs the real MSBuild of the SDK on a project, the way a user's build does.</summary>
        internal static (int ExitCode, string Output) MSBuild(string project, params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "msbuild", project, "-nologo", "-v:m", "-tl:off", "-nr:false" }.Concat(args))
            {
                info.ArgumentList.Add(arg);
            }

            using Process p = Process.Start(info)!;
            Task<string> error = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            Assert.IsTrue(p.WaitForExit(180_000), "msbuild finished");
            return (p.ExitCode, output + error.Result);
        }
    }
}
