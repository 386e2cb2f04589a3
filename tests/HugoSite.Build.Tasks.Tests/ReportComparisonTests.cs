using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Report;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Comparing two builds: which builds, the deltas, the inputs gathered between them, the verdict, and bad choices.</summary>
    [TestClass]
    public sealed class ReportComparisonTests
    {
        private static readonly NoiseOptions Noise = new NoiseOptions();

        private static List<BuildRecord> History(int count, double totalMs = 1000)
        {
            var list = AnalysisTestData.Jittered(totalMs, 2, count);
            for (int i = 0; i < list.Count; i++)
            {
                list[i].SessionId = "17000000" + i.ToString("D2") + "-1-abc";
                list[i].Timestamp = "2026-01-01T00:" + i.ToString("D2") + ":00.000Z";
                list[i].Hugo = new HugoInfo { Version = "0.111.3", Stats = new Dictionary<string, long> { ["pages"] = 10 + i } };
                list[i].Copy = new CopyInfo { Copied = i, Skipped = 50 - i, Jobs = 4 };
                list[i].Inputs = new InputChanges { Changed = 1, Files = new List<InputChange> { new InputChange { Source = "content", Path = "post-" + i + ".md", Change = "changed" } } };
            }

            return list;
        }

        [TestMethod]
        public void Resolve_Default_ComparesTheLastTwoBuilds()
        {
            List<BuildRecord> h = History(6);
            h[5].TotalMs = 2000;
            h[5].Phases = new Dictionary<string, double> { ["setup"] = 100, ["hugo"] = 1900 };
            h[4].Phases = new Dictionary<string, double> { ["setup"] = 100, ["hugo"] = 900 };
            h[4].TotalMs = 1000;

            BuildComparison c = BuildComparison.Resolve(h, null, null, Noise, out string? problem, out _)!;

            Assert.IsNull(problem);
            Assert.AreSame(h[4], c.From);
            Assert.AreSame(h[5], c.To);
            Assert.AreEqual(1000, c.Total.Change);
            Assert.AreEqual(100, c.Total.ChangePercent!.Value, 1e-9);
            Delta hugo = c.Phases.Single(p => p.Name == "hugo");
            Assert.AreEqual(1000, hugo.Change);
            Assert.AreEqual(0, c.Phases.Single(p => p.Name == "setup").Change);
            Assert.AreEqual(Verdicts.Slower, c.Verdict, "twice as slow is far outside the noise band");
            Assert.AreEqual("content/post-5.md", c.Files.Single().Source + "/" + c.Files.Single().Path, "only the latest build's own changes");
            Assert.AreEqual(1, c.HugoStats.Single(s => s.Name == "pages").Change);
            Assert.AreEqual(1, c.Copy.Single(s => s.Name == "copied").Change);
            StringAssert.Contains(string.Join("\n", c.ToLines()), "changed content/post-5.md");
        }

        [TestMethod]
        public void Resolve_BySessionIds_GathersTheInputsOfEveryBuildInBetween_FirstFewPerSource()
        {
            List<BuildRecord> h = History(12);
            BuildComparison c = BuildComparison.Resolve(h, "1700000001", h[10].SessionId, Noise, out string? problem, out _)!;
            Assert.IsNull(problem, problem);
            Assert.AreSame(h[1], c.From, "a unique prefix of a session id is enough");
            Assert.AreSame(h[10], c.To);
            Assert.AreEqual(9, c.FilesChanged, "builds 2..10");
            Assert.AreEqual(InputChangeDiff.PathsPerSource, c.Files.Count, "the first few of a source");
            StringAssert.Contains(c.InputSummary(), "9 changed");
        }

        [TestMethod]
        public void Resolve_Baseline_ComparesWithTheMedianOfTheComparableBuilds()
        {
            List<BuildRecord> h = History(8);
            h[7].TotalMs = 1005;
            BuildComparison c = BuildComparison.Resolve(h, "baseline", null, Noise, out string? problem, out _)!;
            Assert.IsNull(problem, problem);
            Assert.IsTrue(c.FromIsBaseline);
            Assert.AreEqual(7, c.BaselineBuilds);
            Assert.AreEqual(Stats.Median(h.Take(7).Select(r => r.TotalMs)), c.From.TotalMs, 1e-9);
            Assert.AreEqual(Verdicts.WithinNoise, c.Verdict);
            Assert.AreEqual(0, c.Settings.Count, "settings are not compared with a median");
        }

        [TestMethod]
        public void Resolve_NamesSettingsThatChanged()
        {
            List<BuildRecord> h = History(2);
            h[1].Hugo!.Version = "0.120.0";
            h[1].Parallel = new ParallelInfo { Enabled = false, MaxJobs = 1 };
            h[1].Inputs!.Properties = new List<PropertyChange> { new PropertyChange { Name = "environment", Before = "production", After = "staging" } };
            BuildComparison c = BuildComparison.Resolve(h, null, null, Noise, out _, out _)!;
            var names = c.Settings.Select(s => s.Name).ToList();
            CollectionAssert.Contains(names, "Hugo version");
            CollectionAssert.Contains(names, "parallel");
            CollectionAssert.Contains(names, "property environment");
            Assert.AreEqual(Verdicts.NoBaseline, c.Verdict, "one earlier build is no baseline");
        }

        [TestMethod]
        public void Resolve_BadChoices_SayWhatToDo()
        {
            List<BuildRecord> h = History(3);
            Assert.IsNull(BuildComparison.Resolve(h, "nope", null, Noise, out string? p1, out bool few1));
            StringAssert.Contains(p1, "HugoCompareFrom='nope' is not the session id");
            Assert.IsFalse(few1);

            Assert.IsNull(BuildComparison.Resolve(h, "17000000", null, Noise, out string? p2, out _));
            StringAssert.Contains(p2, "matches more than one build");

            Assert.IsNull(BuildComparison.Resolve(h, null, "baseline", Noise, out string? p3, out _));
            StringAssert.Contains(p3, "HugoCompareTo cannot be 'baseline'");

            Assert.IsNull(BuildComparison.Resolve(h, h[2].SessionId, h[2].SessionId, Noise, out string? p4, out _));
            StringAssert.Contains(p4, "the same build");

            Assert.IsNull(BuildComparison.Resolve(History(1), null, null, Noise, out string? p5, out bool few5));
            Assert.IsTrue(few5);
            StringAssert.Contains(p5, "first of this site");

            Assert.IsNull(BuildComparison.Resolve(new List<BuildRecord>(), null, null, Noise, out _, out bool few6));
            Assert.IsTrue(few6);

            List<BuildRecord> hits = History(2);
            hits[0].Cache = new CacheInfo { Hit = true, Enabled = true };
            Assert.IsNull(BuildComparison.Resolve(hits, "baseline", null, Noise, out string? p7, out _));
            StringAssert.Contains(p7, "no earlier build of this site is comparable");
        }

        [TestMethod]
        public void Resolve_CacheHitAgainstABuildThatRan_IsNotCalledSlowerOrFaster()
        {
            List<BuildRecord> h = History(8);
            h[7].Cache = new CacheInfo { Hit = true, Enabled = true };
            h[7].TotalMs = 40;
            BuildComparison c = BuildComparison.Resolve(h, null, null, Noise, out _, out _)!;
            Assert.AreEqual(BuildComparison.NotComparable, c.Verdict);
            StringAssert.Contains(c.VerdictWords(), "restored from the cache");
            CollectionAssert.Contains(c.Settings.Select(s => s.Name).ToList(), "cache");

            h[7].Cache = new CacheInfo { Hit = false, Enabled = true };
            h[7].Success = false;
            Assert.AreEqual(BuildComparison.NotComparable, BuildComparison.Resolve(h, null, null, Noise, out _, out _)!.Verdict);
        }

        [TestMethod]
        public void Resolve_RemoteHitAgainstAnUploadingMiss_ShowsBytesAndTimesBothWays()
        {
            List<BuildRecord> h = History(6);
            h[4].Cache = new CacheInfo { Hit = false, Enabled = true, UploadBytes = 234_819, UploadMs = 180 };
            h[5].Cache = new CacheInfo { Hit = true, Enabled = true, Remote = true, RemoteBytes = 234_819, RemoteMs = 263 };

            BuildComparison c = BuildComparison.Resolve(h, null, null, Noise, out _, out _)!;

            Assert.AreEqual(234_819, c.RemoteCache.Single(d => d.Name == "downloaded bytes").To);
            Assert.AreEqual(0, c.RemoteCache.Single(d => d.Name == "downloaded bytes").From);
            Assert.AreEqual(-180, c.RemoteCache.Single(d => d.Name == "upload").Change);
            Assert.IsTrue(c.RemoteCache.Single(d => d.Name == "download").IsDuration);
            SettingChange cache = c.Settings.Single(s => s.Name == "cache");
            Assert.AreEqual("miss", cache.From);
            Assert.AreEqual("remote hit", cache.To);
            string text = string.Join("\n", c.ToLines());
            StringAssert.Contains(text, "Remote cache:");
            StringAssert.Contains(text, "downloaded bytes: 0 -> 234819");
            StringAssert.Contains(text, "download: 0 ms -> 263 ms");

            h[5].Cache = new CacheInfo { Hit = true, Enabled = true };
            h[4].Cache = new CacheInfo { Hit = false, Enabled = true };
            Assert.AreEqual(0, BuildComparison.Resolve(h, null, null, Noise, out _, out _)!.RemoteCache.Count, "no remote cache, no remote rows");
        }

        [TestMethod]
        public void Resolve_FromAfterTo_ComparesInTimeOrder()
        {
            List<BuildRecord> h = History(4);
            BuildComparison c = BuildComparison.Resolve(h, h[3].SessionId, h[1].SessionId, Noise, out _, out _)!;
            Assert.AreSame(h[1], c.From);
            Assert.AreSame(h[3], c.To);
        }

        [TestMethod]
        public void Resolve_BuildsWithoutInputRecords_AreNamedAsAGap()
        {
            List<BuildRecord> h = History(4);
            h[2].Inputs = null;
            h[3].Inputs = new InputChanges { First = true };
            BuildComparison c = BuildComparison.Resolve(h, h[1].SessionId, null, Noise, out _, out _)!;
            Assert.AreEqual(2, c.InputNotes.Count);
            StringAssert.Contains(c.InputNotes[0], "recorded no input changes");
            StringAssert.Contains(c.InputNotes[1], "without an earlier fingerprint state");
        }

        [TestMethod]
        public void InputChangeDiff_NamesChangedAddedRemovedPerSource_PropertiesAndHugo()
        {
            var before = new FingerprintState { HugoVersion = "0.111.3" };
            before.Properties["environment"] = "production";
            before.Properties["baseurl"] = "";
            foreach (string key in new[] { "content/a.md", "content/b.md", "theme/layouts/x.html", "component/search/index.js" })
            {
                before.Files.Add(new InputRecord(key, "/src/" + key, 1, 1, "h-" + key));
            }

            var after = new FingerprintState { HugoVersion = "0.112.0" };
            after.Properties["environment"] = "staging";
            after.Properties["baseurl"] = "";
            after.Files.Add(new InputRecord("content/a.md", "/src/content/a.md", 1, 2, "changed"));
            after.Files.Add(new InputRecord("content/b.md", "/src/content/b.md", 1, 1, "h-content/b.md"));
            after.Files.Add(new InputRecord("component/search/index.js", "/x", 1, 1, "other"));
            for (int i = 0; i < 7; i++)
            {
                after.Files.Add(new InputRecord("content/new-" + i + ".md", "/x", 1, 1, "n"));
            }

            InputChanges d = InputChangeDiff.Compare(before, after);

            Assert.IsNull(d.First);
            Assert.AreEqual(2, d.Changed);
            Assert.AreEqual(7, d.Added);
            Assert.AreEqual(1, d.Removed);
            Assert.AreEqual(InputChangeDiff.PathsPerSource, d.Files!.Count(f => f.Source == "content"), "the first few of a source");
            Assert.AreEqual("index.js", d.Files!.Single(f => f.Source == "component/search").Path);
            Assert.AreEqual("removed", d.Files!.Single(f => f.Source == "theme").Change);
            Assert.AreEqual("staging", d.Properties!.Single().After);
            Assert.AreEqual("0.111.3", d.HugoBefore);

            Assert.IsTrue(InputChangeDiff.Compare(null, after).First, "no earlier state: changes unknown, not zero");
        }

        [TestMethod]
        public void InputChangeDiff_FromFiles_ReadsBothStates_AndWithoutACurrentStateRecordsNothing()
        {
            using var dir = new TempDir();
            var before = new FingerprintState { HugoVersion = "0.111.3", Fingerprint = "f1" };
            before.Files.Add(new InputRecord("content/a.md", "/a", 1, 1, "x"));
            var after = new FingerprintState { HugoVersion = "0.111.3", Fingerprint = "f2" };
            after.Files.Add(new InputRecord("content/a.md", "/a", 1, 1, "y"));
            before.Save(dir.Combine("prev.tsv"));
            after.Save(dir.Combine("now.tsv"));

            InputChanges? d = InputChangeDiff.FromFiles(dir.Combine("prev.tsv"), dir.Combine("now.tsv"), "f2");
            Assert.AreEqual(1, d!.Changed);
            Assert.IsNull(InputChangeDiff.FromFiles(dir.Combine("prev.tsv"), dir.Combine("missing.tsv"), null), "cache off: no state, no claim");
            Assert.IsTrue(InputChangeDiff.FromFiles(dir.Combine("missing.tsv"), dir.Combine("now.tsv"), "f2")!.First);
            var started = System.Diagnostics.Stopwatch.StartNew();
            Assert.AreEqual(1, InputChangeDiff.FromFiles(dir.Combine("prev.tsv"), dir.Combine("now.tsv"), "not-yet-saved", 200)!.Changed, "a state still being saved is waited for, then read");
            Assert.IsTrue(started.ElapsedMilliseconds >= 150);
        }
    }
}
