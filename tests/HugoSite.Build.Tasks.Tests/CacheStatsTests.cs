using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class CacheStatsTests
    {
        [TestMethod]
        public void Stats_FromSeededHistory_GiveHitRatioAndTimeSaved()
        {
            using var temp = new TempDir();
            string mine = temp.Combine("site", "site.csproj");
            string other = temp.Combine("other", "other.csproj");
            string history = temp.Combine("history.jsonl");
            Append(history, mine, hit: false, totalMs: 30000);
            Append(history, mine, hit: true, totalMs: 40, savedMs: 29000);
            Append(history, mine, hit: true, totalMs: 50); // no saved_ms: credited 30000 - 50 from the last miss
            Append(history, other, hit: false, totalMs: 10000);
            Append(history, other, hit: true, totalMs: 100, savedMs: 9000);
            Append(history, mine, hit: false, totalMs: 31000, success: false); // failed builds do not count
            Append(history, mine, hit: false, totalMs: 20000, enabled: false); // nor builds without the cache
            File.AppendAllText(history, "{ not json\n");
            temp.Write("site/public/index.html", new string('x', 2048));
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", temp.Combine("site", "public"), new CacheManifest { Project = mine }, true, long.MaxValue, CancellationToken.None);
            cache.Store("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", temp.Combine("site", "public"), new CacheManifest { Project = other }, true, long.MaxValue, CancellationToken.None);
            var engine = new TestEngine();
            var task = new HugoCacheStats { BuildEngine = engine.Object, CacheDirectory = temp.Combine("cache"), HistoryFile = history, ProjectPath = mine };

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(2, task.EntryCount);
            Assert.AreEqual(4096, task.SizeBytes);
            Assert.AreEqual(3, task.Builds);
            Assert.AreEqual(2, task.Hits);
            Assert.AreEqual(0.6667, task.HitRatio);
            Assert.AreEqual(29000 + 29950, task.SavedMilliseconds);
            Assert.AreEqual(5, task.AllBuilds);
            Assert.AreEqual(3, task.AllHits);
            Assert.AreEqual(0.6, task.AllHitRatio);
            Assert.AreEqual(29000 + 29950 + 9000, task.AllSavedMilliseconds);
            CollectionAssert.AreEqual(new[] { "HSB5009" }, engine.WarningCodes.ToList());
            Assert.IsTrue(engine.HasMessage("hit ratio 67%"), engine.AllText());
            Assert.IsTrue(engine.HasMessage("stored by this site: 1"), engine.AllText());
            Assert.IsTrue(engine.HasMessage("time saved 59.0 s"), engine.AllText());
            Assert.IsTrue(engine.HasMessage("time saved 1 min 08 s"), engine.AllText());
        }

        [TestMethod]
        [DataRow(58950.0, "59.0 s")]
        [DataRow(964000.0, "16 min 04 s")]
        [DataRow(11220000.0, "3 h 07 min")]
        public void TimeSaved_IsWrittenLikeEveryOtherDuration(double ms, string expected)
        {
            Assert.AreEqual(expected, HugoSite.Build.Tasks.Analysis.Format.Duration(ms));
        }

        [TestMethod]
        public void Stats_PredecessorRecords_CountByTemplate()
        {
            var records = new List<BuildRecord>
            {
                new() { Template = "blog", TotalMs = 32000, Cache = new CacheInfo { Hit = false } },
                new() { Template = "docs", TotalMs = 5000, Cache = new CacheInfo { Hit = false } },
                new() { Template = "blog", TotalMs = 45, Cache = new CacheInfo { Hit = true } },
            };

            CacheStatsReport report = CacheStatistics.Compute(new List<EntryInfo>(), records, project: null);

            Assert.AreEqual(3, report.All.Builds);
            Assert.AreEqual(1, report.All.Hits);
            Assert.AreEqual(31955, report.All.SavedMilliseconds);
            Assert.AreEqual(0, report.Site.Builds);
        }

        [TestMethod]
        public void Stats_NoHistoryNoCache_AreZeroes()
        {
            using var temp = new TempDir();
            var engine = new TestEngine();
            var task = new HugoCacheStats { BuildEngine = engine.Object, CacheDirectory = temp.Combine("none"), HistoryFile = temp.Combine("none.jsonl") };

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(0, task.EntryCount);
            Assert.AreEqual(0, task.AllBuilds);
            Assert.AreEqual(0, engine.Warnings.Count);
        }

        private static void Append(string path, string project, bool hit, double totalMs, double? savedMs = null, bool success = true, bool enabled = true) =>
            HistoryStore.Append(path, new BuildRecord
            {
                Schema = BuildRecord.CurrentSchema,
                Project = project,
                Template = "default",
                TotalMs = totalMs,
                Success = success,
                Cache = new CacheInfo { Hit = hit, Enabled = enabled, SavedMs = savedMs },
            });
    }
}
