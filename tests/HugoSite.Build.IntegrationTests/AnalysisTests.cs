using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class AnalysisTests
    {
        [TestMethod]
        public void HistorySeededWithSlowBuilds_CallsTheNewBuildFaster_AndWritesTheVerdictAndATrace()
        {
            SampleSite site = SampleSite.Docs();
            var lines = new List<string>();
            for (int i = 0; i < 6; i++)
            {
                var seeded = new Dictionary<string, object?>
                {
                    ["schema"] = 1,
                    ["session_id"] = "seed-" + i,
                    ["timestamp"] = DateTime.UtcNow.AddHours(-10 + i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
                    ["template"] = "default",
                    ["total_ms"] = 60000 + (i * 500),
                    ["phases"] = new Dictionary<string, double> { ["setup"] = 500, ["copy"] = 4000, ["components"] = 3000, ["hugo"] = 52000 + (i * 500), ["cleanup"] = 500 },
                    ["metrics"] = new Dictionary<string, double> { ["memory_mb"] = 300, ["file_count"] = 120, ["output_size_kb"] = 900 },
                    ["cache"] = new Dictionary<string, object> { ["hit"] = false },
                    ["success"] = true,
                    ["project"] = site.ProjectFile,
                    ["theme"] = "compose",
                    ["machine"] = new Dictionary<string, object> { ["host"] = Environment.MachineName, ["cores"] = Environment.ProcessorCount },
                };
                lines.Add(JsonSerializer.Serialize(seeded));
            }

            // A line from another site and a torn line of this site (a writer killed mid-line) must not disturb the comparison.
            lines.Add("{\"session_id\":\"other\",\"template\":\"default\",\"total_ms\":1,\"success\":true,\"project\":\"/elsewhere/x.proj\"}");
            lines.Add("{\"schema\":1,\"session_id\":\"torn\",\"template\":\"default\",\"project\":" + JsonSerializer.Serialize(site.ProjectFile) + ",\"succ");
            File.WriteAllText(site.HistoryFile, string.Join("\n", lines) + "\n");

            RunResult result = site.Build("-p:HugoPerformanceReport=true");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, "faster than the median of the last 6 comparable builds", result.ToString());
            StringAssert.Contains(result.Output, "HSB4003", "The torn line is skipped with one warning.");

            List<string> raw = File.ReadAllLines(site.HistoryFile).ToList();
            Assert.AreEqual(lines.Count + 1, raw.Count, "Seeded lines are kept; one line is added.");
            JsonElement record = JsonDocument.Parse(raw.Last()).RootElement;
            JsonElement analysis = record.GetProperty("analysis");
            Assert.AreEqual("faster", analysis.GetProperty("verdict").GetString());
            Assert.IsTrue(analysis.GetProperty("change_pct").GetDouble() < -50);
            Assert.AreEqual(6, analysis.GetProperty("baseline_count").GetInt32());

            string trace = Path.Combine(site.SiteDir, "obj", "hugo", "trace.json");
            using JsonDocument traceJson = JsonDocument.Parse(File.ReadAllText(trace));
            var names = traceJson.RootElement.GetProperty("traceEvents").EnumerateArray()
                .Where(e => e.TryGetProperty("ph", out var ph) && ph.GetString() == "X")
                .Select(e => e.GetProperty("name").GetString()).ToList();
            CollectionAssert.IsSubsetOf(new[] { "total", "setup", "copy", "components", "hugo", "cleanup" }, names);
        }

        [TestMethod]
        public void BudgetAsError_FailsTheBuild_ButKeepsTheSite()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build("-p:HugoPerformanceBudgetMs=1", "-p:HugoPerformanceBudgetIsError=true");
            Assert.AreNotEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, "HSB4005");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), "The budget judges the build; it does not undo it.");

            RunResult again = site.Build("-p:HugoPerformanceBudgetMs=1", "-p:HugoPerformanceBudgetIsError=true");
            Assert.AreNotEqual(0, again.ExitCode, "A failed gate is judged again, never passed as 'up to date'.\n" + again);

            RunResult warning = site.Build("-p:HugoPerformanceBudgetMs=1");
            Assert.AreEqual(0, warning.ExitCode, "Without BudgetIsError an over-budget build is a warning.\n" + warning);
            StringAssert.Contains(warning.Output, "HSB4005");
        }

        [TestMethod]
        public void TrackingOff_WritesNoHistory()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build("-p:HugoPerformanceTracking=false");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsFalse(File.Exists(site.HistoryFile));
        }
    }
}
