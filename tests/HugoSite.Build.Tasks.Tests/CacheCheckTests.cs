using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class CacheCheckTests
    {
        [TestMethod]
        public void Check_InputsWrittenJustBeforeTheLastCheck_AreReadAgainAndTheStateRenewedOffThePath()
        {
            using var site = new CacheSiteFixture();
            File.SetLastWriteTimeUtc(site.WriteContent("a.md", "alpha"), DateTime.UtcNow.AddMinutes(1));
            site.Build();
            string statePath = Path.Combine(site.Intermediate, FingerprintState.FileName);
            string before = File.ReadAllText(statePath);

            // a.md's time is after the state's: it stays in the racy window, so it is read again.
            HugoCacheCheck again = site.Check();

            Assert.IsTrue(again.Hit, again.MissReason);
            Assert.IsTrue(again.HashedFileCount > 0);
            string after = before;
            for (int i = 0; i < 500 && after == before; i++)
            {
                Thread.Sleep(20);
                after = File.ReadAllText(statePath);
            }

            Assert.AreNotEqual(before, after, "the newer state is written");
            Assert.AreEqual(before.Replace(Line(before, "computed"), Line(after, "computed")), after, "only the time of the state differs");
        }

        private static string Line(string text, string prefix) =>
            text.Split('\n').First(l => l.StartsWith(prefix + "\t", StringComparison.Ordinal));

        [TestMethod]
        public void Check_StateThatCannotBeSaved_WarnsAndBuildsWithoutTheCache()
        {
            using var site = new CacheSiteFixture();
            Directory.CreateDirectory(Path.Combine(site.Intermediate, FingerprintState.FileName, "in-the-way"));

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.IsFalse(check.Enabled, "a build that cannot record its fingerprint must not store under it");
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5006");
        }

        [TestMethod]
        public void Check_FirstBuild_MissesAndSaysSo()
        {
            using var site = new CacheSiteFixture();

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.IsTrue(check.Enabled);
            Assert.AreEqual(32, check.Fingerprint.Length);
            StringAssert.Contains(check.MissReason, "first build");
        }

        [TestMethod]
        public void Check_HitAfterRevert_RestoresTheSameOutput()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            List<string> stateA = site.OutputTree();
            site.WriteContent("a.md", "alpha, edited");
            site.Build();
            List<string> stateB = site.OutputTree();
            CollectionAssert.AreNotEqual(stateA, stateB);

            site.WriteContent("a.md", "alpha");
            HugoCacheCheck revert = site.Check();

            Assert.IsTrue(revert.Hit, revert.MissReason);
            Assert.AreEqual(string.Empty, revert.MissReason);
            CollectionAssert.AreEqual(stateA, site.OutputTree());
            Assert.AreEqual(stateA.Count, revert.RestoredFileCount);
            Assert.IsTrue(site.Engine.HasMessage("Build cache hit"));
        }

        [TestMethod]
        public void Check_Hit_KeepsThePreviousOutputForTheNextRestore()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            site.WriteContent("a.md", "second");
            site.Build();
            List<string> second = site.OutputTree();
            site.WriteContent("a.md", "alpha");

            Assert.IsTrue(site.Check().Hit);

            CollectionAssert.AreEqual(second, CacheSiteFixture.Tree(Path.Combine(site.Intermediate, "cache-spare")));
            Assert.AreEqual(0, Directory.GetDirectories(site.SiteDir, ".public.cache-*").Length, "nothing is left beside the output");
        }

        [TestMethod]
        public void Check_SwitchingBackAndForth_HitsEveryTimeAfterBothStatesWereBuilt()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            List<string> stateA = site.OutputTree();
            site.WriteContent("b.md", "beta 2");
            site.Build();
            List<string> stateB = site.OutputTree();

            for (int i = 0; i < 3; i++)
            {
                site.WriteContent("b.md", "beta");
                Assert.IsTrue(site.Build().Hit);
                CollectionAssert.AreEqual(stateA, site.OutputTree());
                site.WriteContent("b.md", "beta 2");
                Assert.IsTrue(site.Build().Hit);
                CollectionAssert.AreEqual(stateB, site.OutputTree());
            }
        }

        [TestMethod]
        public void Check_MissAfterOneContentChange_NamesThePath()
        {
            using var site = new CacheSiteFixture();
            string before = site.Build().Fingerprint;

            site.WriteContent("b.md", "beta!");
            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreNotEqual(before, check.Fingerprint);
            Assert.AreEqual("changed content/b.md", check.MissReason);
        }

        [TestMethod]
        public void Check_MissReason_NamesAddedAndRemovedFiles()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            File.Delete(Path.Combine(site.SiteDir, "content", "a.md"));
            site.WriteContent("c.md", "gamma");

            HugoCacheCheck check = site.Check();

            Assert.AreEqual("added content/c.md; removed content/a.md", check.MissReason);
        }

        [TestMethod]
        public void Check_MissAfterHugoVersionChange_SaysHugoVersion()
        {
            using var site = new CacheSiteFixture();
            site.Build();

            site.HugoVersion = "0.112.0";
            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreEqual("Hugo version 0.111.3 -> 0.112.0", check.MissReason);
        }

        [TestMethod]
        public void Check_MissAfterBaseUrlChange_NamesTheProperty()
        {
            using var site = new CacheSiteFixture();
            site.Build();

            site.BaseUrl = "https://staging.example.org/";
            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreEqual("property HugoBaseUrl", check.MissReason);
        }

        [TestMethod]
        public void Check_NothingChangedButNoEntry_SaysThereIsNoEntry()
        {
            using var site = new CacheSiteFixture();
            site.Check();

            HugoCacheCheck again = site.Check();

            Assert.IsFalse(again.Hit);
            StringAssert.Contains(again.MissReason, "no cache entry");
        }

        [TestMethod]
        public void Check_CloneInAnotherFolder_SharesTheEntry()
        {
            using var first = new CacheSiteFixture();
            first.Build();
            using var clone = new CacheSiteFixture(first.CacheRoot);

            HugoCacheCheck check = clone.Check();

            Assert.IsTrue(check.Hit, check.MissReason);
            CollectionAssert.AreEqual(first.OutputTree(), clone.OutputTree());
        }

        [TestMethod]
        public void Check_WithoutRestore_ComputesTheFingerprintAndLeavesTheOutputAlone()
        {
            using var site = new CacheSiteFixture();
            string fingerprint = site.Build().Fingerprint;
            site.WriteContent("a.md", "other");
            site.Build();
            List<string> current = site.OutputTree();
            site.WriteContent("a.md", "alpha");

            HugoCacheCheck check = site.Check(restore: false);

            Assert.IsFalse(check.Hit);
            Assert.AreEqual(fingerprint, check.Fingerprint);
            CollectionAssert.AreEqual(current, site.OutputTree());
        }

        [TestMethod]
        public void Check_AlwaysRunComponent_NeverHits()
        {
            using var site = new CacheSiteFixture();
            site.AddComponent("clock", "{ \"command\": \"date\", \"alwaysRun\": true }");
            site.Build();

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreEqual("clock", check.AlwaysRunComponents);
            Assert.AreEqual("always-run component clock", check.MissReason);
            Assert.IsFalse(Directory.Exists(Path.Combine(site.CacheRoot, "entries")) && Directory.EnumerateDirectories(Path.Combine(site.CacheRoot, "entries")).Any(),
                "nothing is stored for a site that can never hit");
        }

        [TestMethod]
        public void Check_AlwaysRunMetadata_OverridesTheManifest()
        {
            using var site = new CacheSiteFixture();
            site.AddComponent("search", "{ \"alwaysRun\": false }", alwaysRunMetadata: "true");

            HugoCacheCheck check = site.Check();

            Assert.AreEqual("search", check.AlwaysRunComponents);
        }

        [TestMethod]
        public void Check_AlwaysRunIgnored_HitsAgain()
        {
            using var site = new CacheSiteFixture { IgnoreAlwaysRun = true };
            site.AddComponent("clock", "{ \"alwaysRun\": true }");
            site.Build();

            HugoCacheCheck check = site.Check();

            Assert.IsTrue(check.Hit, check.MissReason);
        }

        [TestMethod]
        public void Check_ComponentMetadataChange_IsAMiss()
        {
            using var site = new CacheSiteFixture();
            site.AddComponent("search", "{ }");
            site.Build();

            site.Components[0].SetMetadata("Arguments", "--fast");
            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreEqual("property HugoComponent[search].Arguments", check.MissReason);
        }

        [TestMethod]
        public void Check_ComponentFileChange_NamesTheComponentPath()
        {
            using var site = new CacheSiteFixture();
            string folder = site.AddComponent("search", "{ }");
            site.Build();

            File.WriteAllText(Path.Combine(folder, "files", "static", "search.js"), "// changed");
            HugoCacheCheck check = site.Check();

            Assert.AreEqual("changed component/search/files/static/search.js", check.MissReason);
        }

        [TestMethod]
        public void Check_CorruptedByte_IsDetectedEvictedAndLeavesOutputAlone()
        {
            using var site = new CacheSiteFixture();
            string fingerprint = site.Build().Fingerprint;
            site.WriteContent("a.md", "changed");
            site.Build();
            List<string> current = site.OutputTree();
            string cached = Path.Combine(site.EntryDir(fingerprint), "files", "a", "index.html");
            FlipOneByte(cached);
            site.WriteContent("a.md", "alpha");

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5001");
            StringAssert.Contains(check.MissReason, "a/index.html has changed content");
            Assert.IsFalse(Directory.Exists(site.EntryDir(fingerprint)));
            CollectionAssert.AreEqual(current, site.OutputTree());
        }

        [TestMethod]
        public void Check_CorruptEntryMetWhileReusingTheSpare_LeavesOutputAloneAndLaterRestoresStillWork()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            List<string> stateA = site.OutputTree();
            site.WriteContent("a.md", "second");
            string fingerprintB = site.Build().Fingerprint;
            site.WriteContent("a.md", "alpha");
            Assert.IsTrue(site.Check().Hit, "restores A and keeps B's tree as the spare");
            FlipOneByte(Path.Combine(site.EntryDir(fingerprintB), "files", "a", "index.html"));
            site.WriteContent("a.md", "second");

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5001");
            CollectionAssert.AreEqual(stateA, site.OutputTree(), "the tree assembled from the spare is thrown away");
            site.RunFakeHugo();
            site.WriteContent("a.md", "alpha");
            Assert.IsTrue(site.Check().Hit);
            CollectionAssert.AreEqual(stateA, site.OutputTree());
        }

        [TestMethod]
        public void Check_RemovedFile_IsDetectedAndEvicted()
        {
            using var site = new CacheSiteFixture();
            string fingerprint = site.Build().Fingerprint;
            File.Delete(Path.Combine(site.EntryDir(fingerprint), "files", "b", "index.html"));

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5001");
            StringAssert.Contains(check.MissReason, "b/index.html is missing");
            Assert.IsFalse(Directory.Exists(site.EntryDir(fingerprint)));
            Assert.IsTrue(File.Exists(Path.Combine(site.Output, "b", "index.html")), "the previous output stays");
        }

        [TestMethod]
        public void Check_AfterCorruption_NextBuildStoresAFreshEntryAndHits()
        {
            using var site = new CacheSiteFixture();
            string fingerprint = site.Build().Fingerprint;
            FlipOneByte(Path.Combine(site.EntryDir(fingerprint), "files", "index.html"));

            Assert.IsFalse(site.Build().Hit);
            Assert.IsTrue(site.Build().Hit);
        }

        [TestMethod]
        public void Check_MetadataVerify_HitsAndCatchesAWrite()
        {
            using var site = new CacheSiteFixture { Verify = "metadata" };
            string fingerprint = site.Build().Fingerprint;
            site.WriteContent("a.md", "second");
            site.Build();
            site.WriteContent("a.md", "alpha");
            Assert.IsTrue(site.Check().Hit);

            // Same size, new time: what a tool writing into public/ in place leaves behind.
            string cached = Path.Combine(site.EntryDir(fingerprint), "files", "index.html");
            FlipOneByte(cached);
            File.SetAttributes(cached, FileAttributes.ReadOnly);
            site.WriteContent("a.md", "second");
            site.Build();
            site.WriteContent("a.md", "alpha");
            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5001");
        }

        [TestMethod]
        public void Check_RestoreThatCannotSwap_LeavesTheOutputAndWarns()
        {
            using var site = new CacheSiteFixture();
            site.Build();
            Directory.Delete(site.Output, true);
            File.WriteAllText(site.Output, "a file where the output folder should be");

            HugoCacheCheck check = site.Check();

            Assert.IsFalse(check.Hit);
            CollectionAssert.Contains(site.Engine.WarningCodes.ToList(), "HSB5002");
            Assert.AreEqual("a file where the output folder should be", File.ReadAllText(site.Output));
            Assert.AreEqual(0, Directory.GetDirectories(site.SiteDir, ".public.cache-*").Length, "no restore folder is left behind");
        }

        [TestMethod]
        public void Check_CopyMode_RestoresWritableFiles()
        {
            using var site = new CacheSiteFixture { RestoreMode = "copy" };
            site.Build();
            site.WriteContent("a.md", "x");
            site.Build();
            site.WriteContent("a.md", "alpha");

            Assert.IsTrue(site.Check().Hit);

            string page = Path.Combine(site.Output, "a", "index.html");
            Assert.AreEqual(FileAttributes.None, File.GetAttributes(page) & FileAttributes.ReadOnly);
            Assert.AreEqual("<p>alpha</p>", File.ReadAllText(page));
        }

        [TestMethod]
        [DataRow("symlink", null, "HSB5008")]
        [DataRow(null, "sometimes", "HSB5010")]
        public void Check_BadSetting_IsAnError(string? restoreMode, string? verify, string code)
        {
            var engine = new TestEngine();
            using var temp = new TempDir();
            var task = new HugoCacheCheck
            {
                BuildEngine = engine.Object,
                IntermediateDirectory = temp.Combine("obj"),
                OutputDirectory = temp.Combine("public"),
                RestoreMode = restoreMode,
                Verify = verify,
            };

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { code }, engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void Check_FingerprintFile_HoldsTheFingerprint()
        {
            using var site = new CacheSiteFixture();
            var engine = new TestEngine();
            string file = Path.Combine(site.Root, "fp", "fingerprint.txt");
            HugoCacheCheck task = FingerprintOnly(site, engine, file);

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(task.Fingerprint + "\n", File.ReadAllText(file));
        }

        [TestMethod]
        public void Check_UnwritableFingerprintFile_IsAnError()
        {
            using var site = new CacheSiteFixture();
            var engine = new TestEngine();
            string blocker = Path.Combine(site.Root, "not-a-folder");
            File.WriteAllText(blocker, "x");

            Assert.IsFalse(FingerprintOnly(site, engine, Path.Combine(blocker, "fingerprint.txt")).Execute());
            CollectionAssert.AreEqual(new[] { "HSB5011" }, engine.ErrorCodes.ToList());
        }

        private static HugoCacheCheck FingerprintOnly(CacheSiteFixture site, TestEngine engine, string fingerprintFile) => new()
        {
            BuildEngine = engine.Object,
            IntermediateDirectory = site.Intermediate,
            OutputDirectory = site.Output,
            CacheDirectory = site.CacheRoot,
            Sources = new ITaskItem[] { new TaskItem(Path.Combine(site.SiteDir, "content")) },
            Restore = false,
            FingerprintFile = fingerprintFile,
        };

        internal static void FlipOneByte(string path)
        {
            File.SetAttributes(path, FileAttributes.Normal);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x20;
            File.WriteAllBytes(path, bytes);
        }
    }
}
