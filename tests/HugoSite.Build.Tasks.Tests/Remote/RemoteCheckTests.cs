using System.IO.Compression;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Cache.Remote;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests.Remote
{
    /// <summary>The cache check with a remote tier, served by a loopback server with real packed artifacts.</summary>
    [TestClass]
    public sealed class RemoteCheckTests
    {
        [TestMethod]
        public void LocalMiss_RemoteHit_BecomesALocalEntry_AndIsRestoredAsALocalHitIs()
        {
            using var built = new CacheSiteFixture();
            string fp = EntryArchiveTests.StoredEntry(built);
            byte[] artifact = Pack(built, fp);

            using var fresh = new CacheSiteFixture();
            using var server = new CannedHttpServer();
            server.Enqueue(200, artifact);
            fresh.RemoteUrl = server.Url.AbsoluteUri;
            HugoCacheCheck check = fresh.Check();

            Assert.AreEqual(fp, check.Fingerprint);
            Assert.IsTrue(check.Hit, fresh.Engine.AllText());
            Assert.IsTrue(check.RemoteHit);
            Assert.AreEqual(artifact.Length, check.RemoteBytes);
            CollectionAssert.AreEqual(built.OutputTree(), fresh.OutputTree());
            Assert.IsTrue(fresh.Cache().HasEntry(fp));
            StringAssert.StartsWith(server.RequestHeads.Single(), "GET /v8/artifacts/" + fp + "?slug=fixture-team ");
            Assert.AreEqual(0, fresh.Engine.Warnings.Count, fresh.Engine.AllText());
            Assert.IsFalse(fresh.Engine.AllText().Contains("fixture-token"));
        }

        [TestMethod]
        public void LocalHit_NeverAsksTheRemote()
        {
            using var site = new CacheSiteFixture();
            EntryArchiveTests.StoredEntry(site);
            using var server = new CannedHttpServer();
            site.RemoteUrl = server.Url.AbsoluteUri;
            HugoCacheCheck check = site.Check();
            Assert.IsTrue(check.Hit);
            Assert.IsFalse(check.RemoteHit);
            Assert.AreEqual(0, server.RequestHeads.Count);
        }

        [TestMethod]
        public void RemoteArtifactWithAFileChanged_IsAMissWithHSB5307_AndTheOutputIsUntouched()
        {
            using var built = new CacheSiteFixture();
            string fp = EntryArchiveTests.StoredEntry(built);
            var copy = new MemoryStream();
            byte[] artifact = Pack(built, fp);
            copy.Write(artifact, 0, artifact.Length);
            using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
            {
                ZipArchiveEntry page = zip.Entries.First(e => e.FullName.StartsWith("files/", StringComparison.Ordinal));
                string name = page.FullName;
                string text;
                using (var reader = new StreamReader(page.Open()))
                {
                    text = reader.ReadToEnd();
                }

                page.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text.Replace("<p>", "<q>"));
            }

            using var fresh = new CacheSiteFixture();
            Directory.CreateDirectory(fresh.Output);
            string mine = Path.Combine(fresh.Output, "mine.txt");
            File.WriteAllText(mine, "the user's own file");
            using var server = new CannedHttpServer();
            server.Enqueue(200, copy.ToArray());
            fresh.RemoteUrl = server.Url.AbsoluteUri;
            HugoCacheCheck check = fresh.Check();

            Assert.IsFalse(check.Hit);
            Assert.AreEqual("HSB5307", fresh.Engine.Warnings.Single().Code);
            Assert.IsFalse(fresh.Cache().HasEntry(fp));
            Assert.AreEqual(1, Directory.GetFiles(fresh.Output, "*", SearchOption.AllDirectories).Length);
            Assert.AreEqual("the user's own file", File.ReadAllText(mine));
        }

        [TestMethod]
        public void Signed_TheRightTagHits_AnotherKeysTagIsHSB5308()
        {
            using var built = new CacheSiteFixture();
            string fp = EntryArchiveTests.StoredEntry(built);
            byte[] artifact = Pack(built, fp);

            using var fresh = new CacheSiteFixture();
            using var server = new CannedHttpServer();
            server.Enqueue(200, artifact, "x-artifact-tag: " + ArtifactSignature.Tag("key-2", fp, "fixture-team", artifact) + "\r\n");
            server.Enqueue(200, artifact, "x-artifact-tag: " + ArtifactSignature.Tag("key-1", fp, "fixture-team", artifact) + "\r\n");
            fresh.RemoteUrl = server.Url.AbsoluteUri;
            fresh.RemoteSignatureKey = "key-1";

            HugoCacheCheck refused = fresh.Check();
            Assert.IsFalse(refused.Hit);
            Assert.AreEqual("HSB5308", fresh.Engine.Warnings.Single().Code);
            StringAssert.Contains(fresh.Engine.Warnings.Single().Message, "another key");

            HugoCacheCheck hit = fresh.Check();
            Assert.IsTrue(hit.Hit && hit.RemoteHit, fresh.Engine.AllText());
        }

        [TestMethod]
        public void Stats_CountRemoteHitsUploadsAndBytes_PerSiteAndOverall()
        {
            string a = Path.GetFullPath("/s/a.proj");
            string b = Path.GetFullPath("/s/b.proj");
            var records = new[]
            {
                new BuildRecord { Project = a, Success = true, Cache = new CacheInfo { Hit = false, Enabled = true, UploadBytes = 1000 } },
                new BuildRecord { Project = a, Success = true, Cache = new CacheInfo { Hit = true, Enabled = true, Remote = true, RemoteBytes = 1000 } },
                new BuildRecord { Project = b, Success = true, Cache = new CacheInfo { Hit = true, Enabled = true, Remote = true, RemoteBytes = 500 } },
                new BuildRecord { Project = b, Success = true, Cache = new CacheInfo { Hit = true, Enabled = true } },
            };
            CacheStatsReport report = CacheStatistics.Compute(Array.Empty<EntryInfo>(), records, a);
            Assert.AreEqual(1, report.Site.RemoteHits);
            Assert.AreEqual(1000, report.Site.DownloadedBytes);
            Assert.AreEqual(1, report.Site.Uploads);
            Assert.AreEqual(1000, report.Site.UploadedBytes);
            Assert.AreEqual(2, report.All.RemoteHits);
            Assert.AreEqual(1500, report.All.DownloadedBytes);
            Assert.AreEqual(1, report.All.Uploads);
        }

        private static byte[] Pack(CacheSiteFixture site, string fp)
        {
            var archive = new MemoryStream();
            EntryArchive.Pack(site.EntryDir(fp), archive);
            return archive.ToArray();
        }
    }
}
