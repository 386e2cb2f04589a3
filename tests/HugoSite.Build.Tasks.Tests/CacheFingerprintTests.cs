using HugoSite.Build.Tasks.Cache;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class CacheFingerprintTests
    {
        private static readonly SortedDictionary<string, string> NoProperties = new(StringComparer.Ordinal);

        [TestMethod]
        public void Fingerprint_UnchangedSizeAndTime_IsNotHashedAgain()
        {
            using var temp = new TempDir();
            string file = temp.Write("content/a.md", "aaaa");
            var files = new List<InputFile> { new("content/a.md", file) };
            DateTime later = DateTime.UtcNow.AddMinutes(10);
            var fingerprinter = new Fingerprinter(() => later);
            FingerprintResult first = fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None);

            // Same size, same time, other bytes: only a re-read could notice, and the state says no re-read is needed.
            DateTime time = File.GetLastWriteTimeUtc(file);
            File.WriteAllText(file, "bbbb");
            File.SetLastWriteTimeUtc(file, time);
            FingerprintResult second = fingerprinter.Compute("v", NoProperties, files, first.State, CancellationToken.None);

            Assert.AreEqual(1, first.HashedCount);
            Assert.AreEqual(0, second.HashedCount);
            Assert.AreEqual(first.Fingerprint, second.Fingerprint);
        }

        [TestMethod]
        public void Fingerprint_FileWrittenJustBeforeTheState_IsHashedAgain()
        {
            using var temp = new TempDir();
            string file = temp.Write("content/a.md", "aaaa");
            var files = new List<InputFile> { new("content/a.md", file) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow);
            FingerprintResult first = fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None);

            DateTime time = File.GetLastWriteTimeUtc(file);
            File.WriteAllText(file, "bbbb");
            File.SetLastWriteTimeUtc(file, time);
            FingerprintResult second = fingerprinter.Compute("v", NoProperties, files, first.State, CancellationToken.None);

            Assert.AreEqual(1, second.HashedCount);
            Assert.AreNotEqual(first.Fingerprint, second.Fingerprint);
            Assert.AreEqual("changed content/a.md", second.DescribeChanges());
        }

        [TestMethod]
        public void Fingerprint_RewrittenWithTheSameBytes_IsUnchangedButHashed()
        {
            using var temp = new TempDir();
            string file = temp.Write("content/a.md", "aaaa");
            var files = new List<InputFile> { new("content/a.md", file) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));
            FingerprintResult first = fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None);

            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
            FingerprintResult second = fingerprinter.Compute("v", NoProperties, files, first.State, CancellationToken.None);

            Assert.IsTrue(second.Unchanged);
            Assert.AreEqual(1, second.HashedCount);
            Assert.AreEqual(first.Fingerprint, second.Fingerprint);
            Assert.IsNull(second.DescribeChanges());
        }

        [TestMethod]
        public void Fingerprint_RemovedFile_IsAChangeEvenWhenTheRestIsTrusted()
        {
            using var temp = new TempDir();
            var files = new List<InputFile>
            {
                new("content/a.md", temp.Write("content/a.md", "aaaa")),
                new("content/b.md", temp.Write("content/b.md", "bbbb")),
            };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));
            FingerprintResult first = fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None);

            File.Delete(files[1].FullPath);
            FingerprintResult second = fingerprinter.Compute("v", NoProperties, files, first.State, CancellationToken.None);

            Assert.IsFalse(second.Unchanged);
            Assert.AreEqual(0, second.HashedCount);
            Assert.AreNotEqual(first.Fingerprint, second.Fingerprint);
            Assert.AreEqual("removed content/b.md", second.DescribeChanges());
        }

        [TestMethod]
        public void Fingerprint_ChangedProperty_IsAChangeEvenWhenNoFileIsRead()
        {
            using var temp = new TempDir();
            var files = new List<InputFile> { new("content/a.md", temp.Write("content/a.md", "aaaa")) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));
            var before = new Dictionary<string, string>(StringComparer.Ordinal) { ["HugoBaseUrl"] = "https://a/" };
            var after = new Dictionary<string, string>(StringComparer.Ordinal) { ["HugoBaseUrl"] = "https://b/" };
            FingerprintResult first = fingerprinter.Compute("v", before, files, null, CancellationToken.None);

            FingerprintResult second = fingerprinter.Compute("v", after, files, first.State, CancellationToken.None);

            Assert.IsFalse(second.Unchanged);
            Assert.AreNotEqual(first.Fingerprint, second.Fingerprint);
            Assert.AreEqual("property HugoBaseUrl", second.DescribeChanges());
        }

        [TestMethod]
        [DataRow("{ \"alwaysRun\": true }", true)]
        [DataRow("{ \"alwaysRun\":true}", true)]
        [DataRow("{ \"alwaysRun\": false, \"description\": \"see layouts/x.html\" }", false)]
        [DataRow("{ \"command\": \"sh init.sh\" }", false)]
        [DataRow("{ \"description\": \"alwaysRun\", \"alwaysRun\": null }", false)]
        [DataRow("{ \"alwaysRun\" /* why */ : true }", false)] // the parser refuses a comment before the colon
        [DataRow("{ \"alwaysRun\": /* why */ true }", true)]
        [DataRow("{ \"alwaysRun\": false, \"alwaysRun\": true }", true)]
        [DataRow("{ \"\\u0061lwaysRun\": true }", true)]
        [DataRow("{ \"options\": { \"alwaysRun\": true } }", false)]
        [DataRow("// \"alwaysRun\": true\n{ }", false)]
        [DataRow("{ \"alwaysRun\": true", false)]
        [DataRow("{ \"AlwaysRun\": \"true\" }", true)] // as the components phase reads it
        public void AlwaysRun_ComponentJson_IsReadExactlyWithOrWithoutTheParser(string json, bool expected)
        {
            using var temp = new TempDir();
            temp.Write("c/component.json", json);

            Assert.AreEqual(expected, CacheCheckAndRestore.IsAlwaysRun(null, temp.Combine("c")));
        }

        [TestMethod]
        public void Fingerprint_DoesNotDependOnFileTimes()
        {
            using var temp = new TempDir();
            string file = temp.Write("content/a.md", "aaaa");
            var files = new List<InputFile> { new("content/a.md", file) };
            var fingerprinter = new Fingerprinter();
            string before = fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None).Fingerprint;

            File.SetLastWriteTimeUtc(file, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

            Assert.AreEqual(before, fingerprinter.Compute("v", NoProperties, files, null, CancellationToken.None).Fingerprint);
        }

        [TestMethod]
        public void Fingerprint_ManyChangedPaths_NamesTheFirstThree()
        {
            var before = new FingerprintState();
            var after = new FingerprintState();
            for (int i = 0; i < 5; i++)
            {
                before.Files.Add(new InputRecord("content/p" + i + ".md", "/x", 1, 1, "old"));
                after.Files.Add(new InputRecord("content/p" + i + ".md", "/x", 1, 1, "new"));
            }

            Assert.AreEqual("changed content/p0.md, content/p1.md, content/p2.md (+2 more)", Fingerprinter.DescribeChanges(before, after));
        }

        [TestMethod]
        public void Fingerprint_Digest_StaysTheSameForTheSameLayout()
        {
            // Entries in shared caches and CI cache keys are named by this digest: the same inputs must keep the same
            // name until Fingerprinter.Layout changes.
            var state = new FingerprintState { HugoVersion = "0.111.3" };
            state.Properties["HugoTheme"] = "compose";
            state.Properties["HugoBaseUrl"] = "https://example.org/";
            state.Properties["HugoComponent[search].Environment"] = "A=1\tB";
            state.Files.Add(new InputRecord("content/a\tb.md", "/c/a.md", 3, 2, new string('a', 64)));
            state.Files.Add(new InputRecord("template/hugo.toml", "/t/hugo.toml", 12, 1, new string('b', 64)));

            Assert.AreEqual("7cd9c6d40e72dac0f28312d89d86be45", Fingerprinter.Digest(state));
        }

        [TestMethod]
        public void Fingerprint_StateRoundTrips_WithAwkwardPaths()
        {
            using var temp = new TempDir();
            var state = new FingerprintState { ComputedTicks = 42, Fingerprint = "abc", HugoVersion = "0.1\t2" };
            state.Properties["HugoArguments"] = "--a\\b\nc";
            state.Files.Add(new InputRecord("content/tab\there.md", "/p/tab\there.md", 3, 7, "ff"));
            state.AlwaysRun.Add("clock");
            string path = temp.Combine("state.tsv");

            state.Save(path);
            FingerprintState? read = FingerprintState.Load(path, out string? problem);

            Assert.IsNull(problem);
            Assert.IsNotNull(read);
            Assert.AreEqual("0.1\t2", read.HugoVersion);
            Assert.AreEqual("--a\\b\nc", read.Properties["HugoArguments"]);
            Assert.AreEqual("content/tab\there.md", read.Files[0].Key);
            Assert.AreEqual("/p/tab\there.md", read.Files[0].FullPath);
            CollectionAssert.AreEqual(new[] { "clock" }, read.AlwaysRun);
        }

        [TestMethod]
        public void Fingerprint_DamagedState_IsIgnoredWithAReason()
        {
            using var temp = new TempDir();
            string path = temp.Write("state.tsv", "hsb-cache-state\t1\nfile\tnot enough fields\n");

            Assert.IsNull(FingerprintState.Load(path, out string? problem));
            Assert.IsNotNull(problem);
        }

        [TestMethod]
        public void Roles_FollowWhereEachSourceLandsInTheWorkFolder()
        {
            Assert.AreEqual("template", InputCollector.RoleForDestination("/w/", "/w/"));
            Assert.AreEqual("theme", InputCollector.RoleForDestination("/w/", "/w/themes/compose/"));
            Assert.AreEqual("content", InputCollector.RoleForDestination("/w/", "/w/content/"));
            Assert.AreEqual("static/extra", InputCollector.RoleForDestination("/w/", "/w/static/extra"));
        }

        [TestMethod]
        public void Keys_UseTheInnermostRoot_AndTheProjectForOtherFiles()
        {
            using var temp = new TempDir();
            string site = temp.Combine("site");
            var roots = new List<InputRoot>
            {
                new("theme", temp.Combine("site", "themes", "compose")),
                new("content", temp.Combine("site", "content")),
                new("other", temp.Combine("site")),
            };

            List<InputFile> files = InputCollector.FromFiles(
                new[] { temp.Combine("site", "themes", "compose", "layouts", "a.html"), temp.Combine("site", "content", "x.md"), temp.Combine("site", "content", "x.md") },
                roots.Take(2).ToList(),
                site);
            List<InputFile> outside = InputCollector.FromFiles(new[] { temp.Combine("site", "site.csproj") }, roots.Take(2).ToList(), site);

            CollectionAssert.AreEqual(new[] { "theme/layouts/a.html", "content/x.md" }, files.Select(f => f.Key).ToList());
            Assert.AreEqual("project/site.csproj", outside.Single().Key);
        }
    }
}
