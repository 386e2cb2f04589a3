using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class ComponentsAndTaskHostTests
    {
        [TestMethod]
        public void DocsSite_RealComponents_PublishTheSearchIndexAndTheAnalyticsTag_FromAnMSBuildProperty()
        {
            SampleSite site = SampleSite.Docs();
            RunResult result = site.Build("-p:HugoAnalyticsId=it-analytics-42");
            Assert.AreEqual(0, result.ExitCode, result.ToString());

            string indexPath = Path.Combine(site.PublicDir, "search-index.json");
            Assert.IsTrue(File.Exists(indexPath), "The search component's index must reach public/.\n" + result);
            using JsonDocument index = JsonDocument.Parse(File.ReadAllText(indexPath));
            Assert.IsTrue(index.RootElement.GetArrayLength() >= 30, "The index must list the site's pages.");
            Assert.IsTrue(index.RootElement.EnumerateArray().All(e => e.GetProperty("url").GetString()!.StartsWith('/')));
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "js", "search.js")), "The search component's own files must be overlaid.");

            string home = File.ReadAllText(Path.Combine(site.PublicDir, "index.html"));
            StringAssert.Contains(home, "it-analytics-42", "The analytics id comes from the MSBuild property.");

            JsonElement record = site.History().Single();
            var components = record.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            CollectionAssert.AreEquivalent(new[] { "search", "analytics" }, components);
            Assert.IsTrue(record.GetProperty("components").EnumerateArray().All(c => c.GetProperty("result").GetString() == "Succeeded"));
        }

        [TestMethod]
        public void FailingComponent_FailsTheBuild_NamingIt_AndKeepsThePreviousSite()
        {
            SampleSite site = SampleSite.Docs();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = SampleSite.Snapshot(site.PublicDir);

            // An empty id makes the analytics component exit with code 3.
            RunResult result = site.Build("-p:HugoAnalyticsId= ");
            Assert.AreNotEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, "analytics");
            StringAssert.Contains(result.Output, "HugoAnalyticsId");
            CollectionAssert.AreEqual(before.ToList(), SampleSite.Snapshot(site.PublicDir).ToList());
            Assert.IsFalse(site.History().Last().GetProperty("success").GetBoolean());
        }

        [TestMethod]
        public void TasksOutOfProcess_TaskHostFactory_StillTimeEveryPhase()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build("-p:HugoUseTaskHost=true");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));
            JsonElement record = site.History().Single();
            JsonElement phases = record.GetProperty("phases");
            foreach (string phase in new[] { "setup", "copy", "hugo", "cleanup" })
            {
                Assert.IsTrue(phases.TryGetProperty(phase, out JsonElement ms) && ms.GetDouble() > 0, "Phase " + phase + " lost out of process: " + record);
            }

            Assert.IsTrue(record.GetProperty("total_ms").GetDouble() >= phases.EnumerateObject().Sum(p => p.Value.GetDouble()) * 0.99,
                "total holds the other phases.");
        }
    }
}
