using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class CacheTests
    {
        [TestMethod]
        public void SwitchingBetweenTwoContentStates_HitsFromTheThirdSwitch_WithIdenticalSites()
        {
            SampleSite site = SampleSite.NoTargets();
            string page = Path.Combine(site.SiteDir, "content", "_index.md");
            string stateA = File.ReadAllText(page);
            string stateB = stateA + "\n\nA paragraph that only exists on the other branch.\n";

            var sites = new Dictionary<char, SortedDictionary<string, string>>();
            var hits = new List<bool>();
            foreach (char state in "ABABAB")
            {
                File.WriteAllText(page, state == 'A' ? stateA : stateB);
                RunResult result = site.Build();
                Assert.AreEqual(0, result.ExitCode, result.ToString());
                JsonElement record = site.History().Last();
                hits.Add(record.GetProperty("cache").GetProperty("hit").GetBoolean());

                var snapshot = SampleSite.Snapshot(site.PublicDir);
                if (sites.TryGetValue(state, out var earlier))
                {
                    CollectionAssert.AreEqual(earlier.ToList(), snapshot.ToList(), "A restored site must be identical to the one built for the same inputs.");
                }
                else
                {
                    sites[state] = snapshot;
                }
            }

            CollectionAssert.AreEqual(new[] { false, false, true, true, true, true }, hits,
                "Builds 1 and 2 build each state; every later switch is a cache hit.");
            JsonElement lastHit = site.History().Last();
            Assert.IsTrue(lastHit.GetProperty("cache").GetProperty("saved_ms").GetDouble() > 0, "A hit says how much time it saved.");
            Assert.IsFalse(lastHit.GetProperty("phases").TryGetProperty("hugo", out _), "A hit skips Hugo.");
        }

        [TestMethod]
        public void ChangedContent_MissesWithTheReason_AndCacheOff_NeverHits()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            string page = Path.Combine(site.SiteDir, "content", "_index.md");
            File.AppendAllText(page, "\nchanged\n");
            Assert.AreEqual(0, site.Build().ExitCode);
            JsonElement miss = site.History().Last().GetProperty("cache");
            Assert.IsFalse(miss.GetProperty("hit").GetBoolean());
            StringAssert.Contains(miss.GetProperty("miss_reason").GetString(), "_index.md");

            RunResult off = site.Build("-p:HugoCache=false", "-t:Rebuild");
            Assert.AreEqual(0, off.ExitCode, off.ToString());
            JsonElement record = site.History().Last().GetProperty("cache");
            Assert.IsFalse(record.GetProperty("hit").GetBoolean());
            Assert.IsFalse(record.GetProperty("enabled").GetBoolean());
            StringAssert.Contains(record.GetProperty("miss_reason").GetString(), "HugoCache=false");
            JsonElement phases = site.History().Last().GetProperty("phases");
            Assert.IsFalse(phases.TryGetProperty("cache-check", out _), "With the cache off there is no cache-check phase.");
            Assert.IsFalse(phases.TryGetProperty("cache-store", out _), "With the cache off nothing is stored.");
        }

        [TestMethod]
        public void CacheStats_Target_ReportsEntriesAndHits()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            Assert.AreEqual(0, site.Build("-t:Rebuild").ExitCode);
            RunResult stats = site.Build("-t:HugoCacheStats");
            Assert.AreEqual(0, stats.ExitCode, stats.ToString());
            StringAssert.Contains(stats.Output, "entries", stats.ToString());
        }
    }
}
