using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Phases;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class CacheStoreTests
    {
        private const string Fp1 = "11111111111111111111111111111111";
        private const string Fp2 = "22222222222222222222222222222222";
        private const string Fp3 = "33333333333333333333333333333333";
        private const string Fp4 = "44444444444444444444444444444444";

        [TestMethod]
        [DataRow("index.html", true)]
        [DataRow("docs/a b/index.html", true)]
        [DataRow(".well-known/x", true)]
        [DataRow("a../..b/...", true)]
        [DataRow("", false)]
        [DataRow("/etc/passwd", false)]
        [DataRow("a//b", false)]
        [DataRow("a/", false)]
        [DataRow("./a", false)]
        [DataRow("a/./b", false)]
        [DataRow("..", false)]
        [DataRow("a/../../b", false)]
        [DataRow("a\\..\\..\\b", false)]
        [DataRow("a\0b", false)]
        public void Manifest_Paths_MustStayBelowTheEntry(string relative, bool safe)
        {
            Assert.AreEqual(safe, FileTree.IsSafeRelative(relative));
        }

        [TestMethod]
        public void Store_MakesAReadOnlyEntryWithAManifest()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();

            HugoCacheStore store = site.Store(check.Fingerprint);

            Assert.IsTrue(store.Stored);
            string entry = site.EntryDir(check.Fingerprint);
            Assert.IsTrue(File.Exists(Path.Combine(entry, "manifest.tsv")));
            foreach (string file in Directory.GetFiles(Path.Combine(entry, "files"), "*", SearchOption.AllDirectories))
            {
                Assert.AreEqual(FileAttributes.ReadOnly, File.GetAttributes(file) & FileAttributes.ReadOnly, file);
            }

            CollectionAssert.AreEqual(site.OutputTree(), CacheSiteFixture.Tree(Path.Combine(entry, "files")));
            Assert.AreEqual(0, Directory.GetDirectories(Path.Combine(site.CacheRoot, "tmp")).Length);
        }

        [TestMethod]
        public void Store_RecordsTheSkippedPhasesAsTheTimeAHitSaves()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            var phases = new PhaseStore();
            phases.DurationsMs["setup"] = 5;
            phases.DurationsMs["copy"] = 100;
            phases.DurationsMs["components"] = 200;
            phases.DurationsMs["hugo"] = 3000;
            string phaseFile = Path.Combine(site.Intermediate, "phases.json");
            phases.Save(phaseFile);
            var engine = new TestEngine();
            var task = new HugoCacheStore
            {
                BuildEngine = engine.Object,
                IntermediateDirectory = site.Intermediate,
                OutputDirectory = site.Output,
                CacheDirectory = site.CacheRoot,
                PhaseFile = phaseFile,
            };
            Assert.IsTrue(task.Execute(), engine.AllText());

            CacheManifest? manifest = CacheManifest.Load(Path.Combine(site.EntryDir(check.Fingerprint), "manifest.tsv"), headerOnly: true);
            Assert.AreEqual(3300, manifest!.BuildMilliseconds);

            site.WriteContent("a.md", "other");
            site.Build();
            site.WriteContent("a.md", "alpha");
            HugoCacheCheck hit = site.Check();
            Assert.IsTrue(hit.Hit);
            Assert.IsTrue(hit.SavedMilliseconds > 2000 && hit.SavedMilliseconds <= 3300, hit.SavedMilliseconds.ToString());
        }

        [TestMethod]
        public void Store_InputChangedDuringTheBuild_StoresNothing()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            site.WriteContent("b.md", "edited while Hugo ran");

            HugoCacheStore store = site.Store(check.Fingerprint);

            Assert.IsFalse(store.Stored);
            Assert.IsTrue(site.Engine.HasMessage("content/b.md changed during the build"), site.Engine.AllText());
            Assert.IsFalse(Directory.Exists(site.EntryDir(check.Fingerprint)));
        }

        [TestMethod]
        public void Store_OtherFingerprintThanTheState_StoresNothing()
        {
            using var site = new CacheSiteFixture();
            site.Check();
            site.RunFakeHugo();

            HugoCacheStore store = site.Store(Fp1);

            Assert.IsFalse(store.Stored);
            Assert.IsFalse(Directory.Exists(site.EntryDir(Fp1)));
        }

        [TestMethod]
        public void Store_SiteLargerThanTheCap_WarnsAndStoresNothing()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.WriteContent("big.md", new string('x', (1024 * 1024) + 1));
            check = site.Check();
            site.RunFakeHugo();

            HugoCacheStore store = site.Store(check.Fingerprint, maxSizeMb: "1");

            Assert.IsFalse(store.Stored);
            CollectionAssert.AreEqual(new[] { "HSB5004" }, site.Engine.WarningCodes.ToList());
        }

        [TestMethod]
        public void Store_BadMaxSize_IsAnError()
        {
            using var site = new CacheSiteFixture();
            var engine = new TestEngine();
            var task = new HugoCacheStore { BuildEngine = engine.Object, IntermediateDirectory = site.Intermediate, OutputDirectory = site.Output, MaxSizeMb = "lots" };

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB5007" }, engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void Store_UnwritableCacheFolder_WarnsAndKeepsTheBuildGreen()
        {
            using var site = new CacheSiteFixture(cacheRoot: null);
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            string blocker = Path.Combine(site.Root, "blocked");
            File.WriteAllText(blocker, "a file, not a folder");
            var engine = new TestEngine();
            var task = new HugoCacheStore
            {
                BuildEngine = engine.Object,
                IntermediateDirectory = site.Intermediate,
                OutputDirectory = site.Output,
                CacheDirectory = Path.Combine(blocker, "cache"),
                Fingerprint = check.Fingerprint,
            };

            Assert.IsTrue(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB5003" }, engine.WarningCodes.ToList());
        }

        [TestMethod]
        public void Store_ConcurrentStoresOfOneEntry_LeaveOneValidEntry()
        {
            using var temp = new TempDir();
            var outputs = new List<string>();
            for (int i = 0; i < 4; i++)
            {
                // Four builds of the same inputs in four clones, finishing together.
                outputs.Add(temp.Write($"clone{i}/public/index.html", "<html>same</html>"));
                temp.Write($"clone{i}/public/a/index.html", "<p>a</p>");
            }

            var cache = new BuildCache(temp.Combine("cache"));
            var results = new StoreOutcome[4];
            using var start = new Barrier(4);
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                start.SignalAndWait();
                results[i] = cache.Store(Fp1, temp.Combine($"clone{i}", "public"), new CacheManifest(), useLinks: true, long.MaxValue, CancellationToken.None).Outcome;
            });

            Assert.AreEqual(1, results.Count(r => r == StoreOutcome.Stored), string.Join(",", results));
            Assert.AreEqual(3, results.Count(r => r == StoreOutcome.AlreadyCached));
            Assert.AreEqual(1, Directory.GetDirectories(temp.Combine("cache", "entries")).Length);
            Assert.AreEqual(0, Directory.GetDirectories(temp.Combine("cache", "tmp")).Length, "losers remove their temporary folders");
            RestoreResult restore = cache.Restore(Fp1, temp.Combine("restored"), temp.Combine("scratch"), true, CancellationToken.None);
            Assert.AreEqual(RestoreOutcome.Restored, restore.Outcome, restore.Detail);
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(temp.Combine("clone0", "public")), CacheSiteFixture.Tree(temp.Combine("restored")));
        }

        [TestMethod]
        public void Evict_RemovesLeastRecentlyUsedFirst()
        {
            using var temp = new TempDir();
            temp.Write("public/page.html", new string('x', 1000));
            DateTime now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cache = new BuildCache(temp.Combine("cache"), utcNow: () => now);
            foreach (string fp in new[] { Fp1, Fp2, Fp3 })
            {
                cache.Store(fp, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
                now = now.AddMinutes(1);
            }

            cache.Touch(Fp1); // a hit on the oldest makes it the most recent
            now = now.AddMinutes(1);
            cache.Store(Fp4, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);

            List<EntryInfo> evicted = cache.Evict(maxBytes: 2500, keep: Fp4);

            CollectionAssert.AreEqual(new[] { Fp2, Fp3 }, evicted.Select(e => e.Fingerprint).ToList());
            CollectionAssert.AreEquivalent(new[] { Fp1, Fp4 }, cache.List().Select(e => e.Fingerprint).ToList());
        }

        [TestMethod]
        public void Evict_NeverRemovesTheEntryJustStored()
        {
            using var temp = new TempDir();
            temp.Write("public/page.html", new string('x', 1000));
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);

            Assert.AreEqual(0, cache.Evict(maxBytes: 10, keep: Fp1).Count);
            Assert.IsTrue(cache.HasEntry(Fp1));
        }

        [TestMethod]
        public void StoreTask_EvictsDownToTheCap()
        {
            using var site = new CacheSiteFixture();
            File.WriteAllText(Path.Combine(site.SiteDir, "content", "big.md"), new string('b', 700 * 1024));
            site.Build();
            site.WriteContent("a.md", "second state");
            site.Check();
            site.RunFakeHugo();

            HugoCacheStore store = site.Store(maxSizeMb: "1");

            Assert.IsTrue(store.Stored);
            Assert.AreEqual(1, store.EvictedCount);
            Assert.AreEqual(1, Directory.GetDirectories(Path.Combine(site.CacheRoot, "entries")).Length);
        }

        [TestMethod]
        public void Restore_WhereLinksAreImpossible_Copies()
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            temp.Write("public/a/index.html", "a");
            var cache = new BuildCache(temp.Combine("cache"), NoFileLinker.Instance);
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);

            RestoreResult result = cache.Restore(Fp1, temp.Combine("out"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.AreEqual(RestoreOutcome.Restored, result.Outcome, result.Detail);
            Assert.AreEqual(0, result.LinkedCount);
            Assert.AreEqual(2, result.CopiedCount);
            Assert.AreEqual("a", File.ReadAllText(temp.Combine("out", "a", "index.html")));
            Assert.AreEqual(FileAttributes.None, File.GetAttributes(temp.Combine("out", "a", "index.html")) & FileAttributes.ReadOnly);
        }

        [TestMethod]
        public void Restore_OnLinux_HardLinksTheReadOnlyCachedFiles()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Windows restores by copy unless HugoCacheRestoreMode=link.");
            }

            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            var cache = new BuildCache(temp.Combine("cache"), NoFileLinker.Instance);
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            var linking = new BuildCache(temp.Combine("cache"));

            RestoreResult result = linking.Restore(Fp1, temp.Combine("out"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.AreEqual(1, result.LinkedCount, result.Detail);
            string cached = Path.Combine(cache.EntryPath(Fp1), "files", "index.html");
            File.SetAttributes(cached, FileAttributes.Normal);
            File.AppendAllText(cached, "!");
            Assert.AreEqual("home!", File.ReadAllText(temp.Combine("out", "index.html")), "one file, two names");
        }

        [TestMethod]
        public void Restore_ReplacesTheWholePreviousOutput()
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            temp.Write("out/stale.html", "from another state");
            Directory.CreateDirectory(temp.Combine("scratch"));
            HugoSite.Build.Tasks.Output.PublishedList.Of(temp.Combine("out"), temp.Combine("out")).Save(HugoSite.Build.Tasks.Output.PublishedList.PathIn(temp.Combine("scratch")));
            temp.Write("out/CNAME", "mine, never published");

            RestoreResult result = cache.Restore(Fp1, temp.Combine("out"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.AreEqual(RestoreOutcome.Restored, result.Outcome);
            CollectionAssert.AreEqual(new[] { "CNAME: mine, never published", "index.html: home" }, CacheSiteFixture.Tree(temp.Combine("out")));
            Assert.AreEqual("from another state", File.ReadAllText(temp.Combine("scratch", "cache-spare", "stale.html")), "the old output is kept for reuse");
            Assert.AreEqual(0, Directory.GetDirectories(temp.Path, ".out.cache-*").Length);
        }

        [TestMethod]
        public void Restore_ReusesTheReplacedOutputAndLeavesNothingExtra()
        {
            using var temp = new TempDir();
            temp.Write("a/index.html", "A home");
            temp.Write("a/posts/one/index.html", "A one");
            temp.Write("a/posts/two/index.html", "A two");
            temp.Write("b/index.html", "B home");
            temp.Write("b/posts/one/index.html", "B one");
            temp.Write("b/tags/x/index.html", "B tag");
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("a"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            cache.Store(Fp2, temp.Combine("b"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            ReplacedOutputs replaced = new ReplacedOutputs(temp.Combine("obj"), temp.Combine("out"));
            Restore(cache, Fp1, temp, replaced);
            temp.Write("out/added-by-hand.html", "not part of any build");
            temp.Write("out/posts/two/extra/deep.txt", "nor this");

            RestoreResult toB = Restore(cache, Fp2, temp, replaced);

            Assert.IsTrue(toB.Timings.Contains("prune", StringComparison.Ordinal) == false, "the first restore had nothing to reuse: " + toB.Timings);
            var mine = new[] { "added-by-hand.html: not part of any build", "posts/two/extra/deep.txt: nor this" };
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(temp.Combine("b")).Concat(mine).OrderBy(x => x, StringComparer.Ordinal).ToList(), CacheSiteFixture.Tree(temp.Combine("out")), "the user's own files stay");
            Assert.IsTrue(Directory.Exists(replaced.SpareFolder), "the replaced output is kept for the next restore");

            RestoreResult backToA = Restore(cache, Fp1, temp, replaced);
            StringAssert.Contains(backToA.Timings, "prune");
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(temp.Combine("a")).Concat(mine).OrderBy(x => x, StringComparer.Ordinal).ToList(), CacheSiteFixture.Tree(temp.Combine("out")));
            Assert.IsFalse(Directory.Exists(temp.Combine("out", "tags")), "folders of the other site are gone");

            RestoreResult againB = Restore(cache, Fp2, temp, replaced);
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(temp.Combine("b")).Concat(mine).OrderBy(x => x, StringComparer.Ordinal).ToList(), CacheSiteFixture.Tree(temp.Combine("out")));
            Assert.AreEqual(0, Directory.GetDirectories(temp.Path, ".out.cache-*").Length);
        }

        [TestMethod]
        public void Restore_NeverTrustsTheReusedOutputsFiles()
        {
            using var temp = new TempDir();
            temp.Write("a/index.html", "A home");
            temp.Write("b/index.html", "B home");
            var cache = new BuildCache(temp.Combine("cache"), NoFileLinker.Instance);
            cache.Store(Fp1, temp.Combine("a"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            cache.Store(Fp2, temp.Combine("b"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            ReplacedOutputs replaced = new ReplacedOutputs(temp.Combine("obj"), temp.Combine("out"));
            Restore(cache, Fp1, temp, replaced);
            Restore(cache, Fp2, temp, replaced);
            File.WriteAllText(Path.Combine(replaced.SpareFolder, "index.html"), "tampered while parked");

            Restore(cache, Fp1, temp, replaced);

            Assert.AreEqual("A home", File.ReadAllText(temp.Combine("out", "index.html")));
        }

        [TestMethod]
        public void Restore_SpareWithASymbolicLink_IsNotReused()
        {
            using var temp = new TempDir();
            temp.Write("a/index.html", "A home");
            temp.Write("outside/keep.txt", "must survive");
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("a"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            ReplacedOutputs replaced = new ReplacedOutputs(temp.Combine("obj"), temp.Combine("out"));
            Restore(cache, Fp1, temp, replaced);
            Restore(cache, Fp1, temp, replaced);
            Directory.CreateSymbolicLink(Path.Combine(replaced.SpareFolder, "linked"), temp.Combine("outside"));

            RestoreResult result = Restore(cache, Fp1, temp, replaced);
            replaced.Empty();

            Assert.AreEqual(RestoreOutcome.Restored, result.Outcome, result.Detail);
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(temp.Combine("a")), CacheSiteFixture.Tree(temp.Combine("out")));
            Assert.AreEqual("must survive", File.ReadAllText(temp.Combine("outside", "keep.txt")));
        }

        private static RestoreResult Restore(BuildCache cache, string fingerprint, TempDir temp, ReplacedOutputs replaced)
        {
            RestoreResult result = cache.Restore(fingerprint, temp.Combine("out"), useLinks: true, VerifyMode.Content, replaced, CancellationToken.None);
            Assert.AreEqual(RestoreOutcome.Restored, result.Outcome, result.Detail);
            return result;
        }

        [TestMethod]
        [DataRow("file\t{0}\t4\t0\t../escaped.html")]
        [DataRow("file\t{0}\t4\t0\t/etc/escaped.html")]
        [DataRow("dir\ta/../../escaped")]
        public void Restore_ManifestNamingAPathOutsideTheEntry_IsCorrupt(string line)
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            string manifest = Path.Combine(cache.EntryPath(Fp1), "manifest.tsv");
            File.SetAttributes(manifest, FileAttributes.Normal);
            string hash = File.ReadAllLines(manifest).Single(l => l.StartsWith("file\t", StringComparison.Ordinal)).Split('\t')[1];
            File.AppendAllText(manifest, string.Format(line, hash) + "\n");

            RestoreResult result = cache.Restore(Fp1, temp.Combine("out", "public"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.AreEqual(RestoreOutcome.Corrupt, result.Outcome);
            Assert.IsFalse(Directory.Exists(temp.Combine("out")));
            Assert.IsFalse(File.Exists(temp.Combine("escaped.html")));
        }

        [TestMethod]
        public void Store_UsersOwnFilesInTheOutput_AreNeverStored()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            File.CreateSymbolicLink(Path.Combine(site.Output, "linked.html"), Path.Combine(site.Output, "index.html"));
            File.WriteAllText(Path.Combine(site.Output, "CNAME"), "mine");

            HugoCacheStore store = site.Store(check.Fingerprint);

            Assert.IsTrue(store.Stored, site.Engine.AllText());
            string files = Path.Combine(site.EntryDir(check.Fingerprint), "files");
            Assert.IsFalse(File.Exists(Path.Combine(files, "CNAME")));
            Assert.IsFalse(File.Exists(Path.Combine(files, "linked.html")));
            Assert.IsTrue(File.Exists(Path.Combine(files, "index.html")));
        }

        [TestMethod]
        public void Store_PublishedFileChangedAfterPublishing_StoresNothing()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            File.AppendAllText(Path.Combine(site.Output, "index.html"), "<!-- edited after the build -->");

            HugoCacheStore store = site.Store(check.Fingerprint);

            Assert.IsFalse(store.Stored);
            Assert.IsFalse(site.Cache().HasEntry(check.Fingerprint));
            Assert.IsTrue(site.Engine.HasMessage("changed after it was published"), site.Engine.AllText());
        }

        [TestMethod]
        public void Store_WithoutAPublishedSite_StoresNothing()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            File.Delete(HugoSite.Build.Tasks.Output.PublishedList.PathIn(site.Intermediate));

            Assert.IsFalse(site.Store(check.Fingerprint).Stored);
            Assert.IsFalse(site.Cache().HasEntry(check.Fingerprint));
        }

        [TestMethod]
        public void Trash_RemovesOldOutputsLeftBesideTheOutput()
        {
            using var temp = new TempDir();
            temp.Write(".out.cache-old-abc/page.html", "left by a build whose obj/ is on another volume");
            temp.Write(".out.cache-restore-def/page.html", "a restore in progress");
            temp.Write(".out.old-123/page.html", "not ours");

            new ReplacedOutputs(temp.Combine("obj"), temp.Combine("out")).Empty();

            CollectionAssert.AreEquivalent(new[] { ".out.cache-restore-def", ".out.old-123" }, Directory.GetDirectories(temp.Path).Select(Path.GetFileName).ToList());
        }

        [TestMethod]
        public void Restore_KeepsEmptyFolders()
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            Directory.CreateDirectory(temp.Combine("public", "empty", "inner"));
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);

            cache.Restore(Fp1, temp.Combine("out"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.IsTrue(Directory.Exists(temp.Combine("out", "empty", "inner")));
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void Verifier_FindsTheOneDamagedFile_WithOrWithoutItsPoolThread(bool start)
        {
            using var temp = new TempDir();
            for (int i = 0; i < 40; i++)
            {
                temp.Write("public/p" + i + "/index.html", "page " + i);
            }

            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), false, long.MaxValue, CancellationToken.None);
            CacheManifest manifest = CacheManifest.Load(Path.Combine(cache.EntryPath(Fp1), CacheManifest.FileName), headerOnly: false)!;
            string files = Path.Combine(cache.EntryPath(Fp1), "files");
            var intact = new EntryVerifier(manifest.Files, files, VerifyMode.Content, CancellationToken.None);
            if (start)
            {
                intact.Start();
            }

            Assert.IsNull(intact.Finish());

            string damaged = Path.Combine(files, "p27", "index.html");
            File.SetAttributes(damaged, FileAttributes.Normal);
            File.WriteAllText(damaged, "page 99");
            var verifier = new EntryVerifier(manifest.Files, files, VerifyMode.Content, CancellationToken.None);
            if (start)
            {
                verifier.Start();
            }

            Assert.AreEqual("p27/index.html has changed content", verifier.Finish());
        }

        [TestMethod]
        public void Manifest_CutShort_IsNotAnEntry()
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "home");
            temp.Write("public/b.html", "b");
            var cache = new BuildCache(temp.Combine("cache"));
            cache.Store(Fp1, temp.Combine("public"), new CacheManifest(), true, long.MaxValue, CancellationToken.None);
            string manifest = Path.Combine(cache.EntryPath(Fp1), "manifest.tsv");
            string[] lines = File.ReadAllLines(manifest);
            File.WriteAllLines(manifest, lines.Take(lines.Length - 1));

            RestoreResult result = cache.Restore(Fp1, temp.Combine("out"), temp.Combine("scratch"), true, CancellationToken.None);

            Assert.AreEqual(RestoreOutcome.Corrupt, result.Outcome);
            Assert.IsFalse(cache.HasEntry(Fp1));
            Assert.IsFalse(Directory.Exists(temp.Combine("out")));
        }
    }
}
