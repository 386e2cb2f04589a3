using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Cache.Remote;

namespace HugoSite.Build.Tasks.Tests.Remote
{
    [TestClass]
    public sealed class ArtifactSignatureTests
    {
        // Inputs are test cases of Turborepo's own signature tests (crates/turborepo-cache, signature_authentication.rs),
        // which check only that a tag validates; the expected tags were computed independently with Node's crypto:
        // createHmac('sha256', key).update(hash).update(team).update(body).digest('base64').
        [TestMethod]
        [DataRow("x3vq8mFz0J", "tH7sL1Rn9K", "d5b7e4688f", new byte[] { 5, 72, 219, 39, 156 }, "ki5kbVnrrPqbWiWxMWbW3OE6Q6SXmbqEpfGvEFQWbZw=")]
        [DataRow("r8cP5sTn0Y", "sL2vM9Qj1D", "a1c8f3e3d7", new byte[] { 128, 234, 49, 67, 96 }, "mDaNuj4tSQ0IaoWTJYUk6qbA/PX+EnB/t7vDwlUCcg0=")]
        [DataRow("b2dV6kPf9X", "tN3cH7mK8J", "c9e3d7b6f8", new byte[] { 58, 42, 80, 138, 189 }, "5H0UBHddWXLnyNupb1oZkPH6u9E2x2BKj+dLVssLO+c=")]
        public void Tag_IsTurborepos_HmacSha256OfHashTeamAndBody(string key, string team, string hash, byte[] body, string expected)
        {
            Assert.AreEqual(expected, ArtifactSignature.Tag(key, hash, team, body));
            Assert.IsTrue(ArtifactSignature.Matches(key, hash, team, new MemoryStream(body), expected));
        }

        [TestMethod]
        public void Matches_RejectsAnotherKeyTeamHashOrBody_AndAMissingOrGarbledTag()
        {
            byte[] body = { 5, 72, 219, 39, 156 };
            const string tag = "ki5kbVnrrPqbWiWxMWbW3OE6Q6SXmbqEpfGvEFQWbZw=";
            Assert.IsFalse(ArtifactSignature.Matches("other-key", "d5b7e4688f", "tH7sL1Rn9K", new MemoryStream(body), tag));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688f", "another-team", new MemoryStream(body), tag));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688e", "tH7sL1Rn9K", new MemoryStream(body), tag));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688f", "tH7sL1Rn9K", new MemoryStream(new byte[] { 5, 72, 219, 39, 157 }), tag));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688f", "tH7sL1Rn9K", new MemoryStream(body), null));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688f", "tH7sL1Rn9K", new MemoryStream(body), ""));
            Assert.IsFalse(ArtifactSignature.Matches("x3vq8mFz0J", "d5b7e4688f", "tH7sL1Rn9K", new MemoryStream(body), "bad tag"));
        }
    }

    [TestClass]
    public sealed class EntryArchiveTests
    {
        [TestMethod]
        public void PackThenUnpack_GivesTheEntryBack_ReadOnlyWithTheManifestsTimes()
        {
            using var site = new CacheSiteFixture();
            string fp = StoredEntry(site);
            using var temp = new TempDir();
            var archive = new MemoryStream();
            EntryArchive.Pack(site.EntryDir(fp), archive);
            archive.Position = 0;

            CacheManifest manifest = EntryArchive.Unpack(archive, temp.Combine("entry"), fp);

            Assert.AreEqual(fp, manifest.Fingerprint);
            CollectionAssert.AreEqual(CacheSiteFixture.Tree(Path.Combine(site.EntryDir(fp), "files")), CacheSiteFixture.Tree(temp.Combine("entry", "files")));
            foreach (ManifestFile file in manifest.Files)
            {
                var info = new FileInfo(temp.Combine("entry", "files", file.Relative));
                Assert.AreEqual(file.LastWriteTicks, info.LastWriteTimeUtc.Ticks, file.Relative);
                Assert.AreEqual(FileAttributes.ReadOnly, info.Attributes & FileAttributes.ReadOnly, file.Relative);
            }

            Assert.AreEqual(File.ReadAllText(Path.Combine(site.EntryDir(fp), CacheManifest.FileName)), File.ReadAllText(temp.Combine("entry", CacheManifest.FileName)));
            using var zip = new ZipArchive(new MemoryStream(archive.ToArray()), ZipArchiveMode.Read);
            Assert.AreEqual(CacheManifest.FileName, zip.Entries[0].FullName);
        }

        [TestMethod]
        [DataRow("changed", "has changed content")]
        [DataRow("longer", "larger than its manifest")]
        [DataRow("extra", "does not list")]
        [DataRow("missing", "is missing from the archive")]
        [DataRow("twice", "does not list")]
        [DataRow("outside", "does not list")]
        [DataRow("manifest-later", "does not start with")]
        [DataRow("other-fingerprint", "for fingerprint")]
        [DataRow("bad-manifest", "unreadable")]
        public void Unpack_RejectsAnArchiveThatIsNotExactlyTheEntry(string damage, string expected)
        {
            using var site = new CacheSiteFixture();
            string fp = StoredEntry(site);
            string entry = site.EntryDir(fp);
            string manifestText = File.ReadAllText(Path.Combine(entry, CacheManifest.FileName));
            var files = Directory.GetFiles(Path.Combine(entry, "files"), "*", SearchOption.AllDirectories)
                .Select(f => FileTree.Relative(Path.Combine(entry, "files"), f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var archive = new MemoryStream();
            using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
            {
                void Add(string name, byte[] bytes)
                {
                    using Stream s = zip.CreateEntry(name).Open();
                    s.Write(bytes, 0, bytes.Length);
                }

                byte[] File0(string rel) => File.ReadAllBytes(Path.Combine(entry, "files", rel));
                if (damage != "manifest-later")
                {
                    Add(CacheManifest.FileName, Encoding.UTF8.GetBytes(damage == "other-fingerprint" ? manifestText.Replace(fp, new string('e', fp.Length))
                        : damage == "bad-manifest" ? manifestText.Substring(0, manifestText.Length / 2) : manifestText));
                }

                for (int i = 0; i < files.Count; i++)
                {
                    if (damage == "missing" && i == 0)
                    {
                        continue;
                    }

                    byte[] bytes = File0(files[i]);
                    if (damage == "changed" && i == 0)
                    {
                        bytes = (byte[])bytes.Clone();
                        bytes[0] ^= 0x20;
                    }

                    if (damage == "longer" && i == 0)
                    {
                        bytes = bytes.Concat(new byte[] { 1 }).ToArray();
                    }

                    Add("files/" + files[i], bytes);
                    if (damage == "twice" && i == 0)
                    {
                        Add("files/" + files[i], bytes);
                    }
                }

                if (damage == "extra")
                {
                    Add("files/extra.html", new byte[] { 1 });
                }

                if (damage == "outside")
                {
                    Add("files/../../escaped.txt", new byte[] { 1 });
                }

                if (damage == "manifest-later")
                {
                    Add(CacheManifest.FileName, Encoding.UTF8.GetBytes(manifestText));
                }
            }

            using var temp = new TempDir();
            archive.Position = 0;
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => EntryArchive.Unpack(archive, temp.Combine("entry"), fp));
            StringAssert.Contains(ex.Message, expected);
            Assert.IsFalse(File.Exists(temp.Combine("escaped.txt")));
            Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(temp.Path)!, "escaped.txt")));
        }

        [TestMethod]
        public void Unpack_RejectsBytesThatAreNoZip()
        {
            using var temp = new TempDir();
            var ex = Assert.ThrowsExactly<InvalidDataException>(() =>
                EntryArchive.Unpack(new MemoryStream(Encoding.UTF8.GetBytes("<html>502 Bad Gateway</html>")), temp.Combine("entry"), "ab"));
            Assert.IsFalse(Directory.Exists(temp.Combine("entry", "files")));
            Assert.IsNotNull(ex.Message);
        }

        internal static string StoredEntry(CacheSiteFixture site)
        {
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            Assert.IsTrue(site.Store(check.Fingerprint).Stored);
            return check.Fingerprint;
        }
    }

    [TestClass]
    public sealed class RemoteSettingsTests
    {
        [TestMethod]
        [DataRow("", true)]
        [DataRow("http://127.0.0.1:3000", true)]
        [DataRow("https://vercel.com/api/", true)]
        [DataRow("ftp://cache.example", false)]
        [DataRow("cache.example:3000", false)]
        [DataRow("/v8/artifacts", false)]
        [DataRow("http://cache.example/?teamId=x", false)]
        [DataRow("not a url", false)]
        public void Url_MustBeAnAbsoluteHttpUrlWithoutQuery(string value, bool valid)
        {
            Assert.AreEqual(valid, RemoteCacheSettings.TryParseUrl(value, out _));
        }

        [TestMethod]
        [DataRow("", true, 30)]
        [DataRow("5", true, 5)]
        [DataRow("0", false, 0)]
        [DataRow("-3", false, 0)]
        [DataRow("1.5", false, 0)]
        [DataRow("3601", false, 0)]
        [DataRow("ten", false, 0)]
        public void Timeout_IsWholeSecondsFromOneToAnHour(string value, bool valid, int seconds)
        {
            Assert.AreEqual(valid, RemoteCacheSettings.TryParseTimeout(value, out TimeSpan timeout));
            if (valid)
            {
                Assert.AreEqual(seconds, (int)timeout.TotalSeconds);
            }
        }

        [TestMethod]
        public void ArtifactUrl_SendsVercelTeamIdsAsTeamId_OtherTeamsAsSlug_KeepsTheBasePath()
        {
            var s = new RemoteCacheSettings { BaseUrl = new Uri("https://vercel.com/api/"), Team = "team_abc" };
            Assert.AreEqual("https://vercel.com/api/v8/artifacts/ab12?teamId=team_abc", s.ArtifactUrl("ab12").AbsoluteUri);
            s.Team = "my team";
            Assert.AreEqual("https://vercel.com/api/v8/artifacts/ab12?slug=my%20team", s.ArtifactUrl("ab12").AbsoluteUri);
            s.Team = string.Empty;
            Assert.AreEqual("https://vercel.com/api/v8/artifacts/ab12", s.ArtifactUrl("ab12").AbsoluteUri);
        }

        [TestMethod]
        public void Task_BadUrlOrTimeout_IsACodedError_AndNoRemoteAtAll()
        {
            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            var engine = new TestEngine();
            var task = new HugoCacheStore { BuildEngine = engine.Object, IntermediateDirectory = site.Intermediate, OutputDirectory = site.Output, RemoteUrl = "cache:3000" };
            Assert.IsFalse(task.Execute());
            Assert.AreEqual("HSB5300", engine.Errors.Single().Code);

            engine = new TestEngine();
            task = new HugoCacheStore { BuildEngine = engine.Object, IntermediateDirectory = site.Intermediate, OutputDirectory = site.Output, RemoteUrl = "http://127.0.0.1:1", RemoteTimeoutSeconds = "0" };
            Assert.IsFalse(task.Execute());
            Assert.AreEqual("HSB5301", engine.Errors.Single().Code);

            engine = new TestEngine();
            var checkTask = new HugoCacheCheck { BuildEngine = engine.Object, IntermediateDirectory = site.Intermediate, OutputDirectory = site.Output, RemoteUrl = "http://127.0.0.1:1", RemoteReadOnly = "yes" };
            Assert.IsFalse(checkTask.Execute());
            Assert.AreEqual("HSB5311", engine.Errors.Single().Code);
            Assert.IsNotNull(check);
        }
    }

    [TestClass]
    public sealed class ArtifactClientTests
    {
        private const string Token = "secret-token-1234";

        [TestMethod]
        public void ServerErrors_AreRetriedAfterThePauses_ThenSucceed()
        {
            using var server = new CannedHttpServer();
            server.Enqueue(503);
            server.Enqueue(502);
            server.Enqueue(200, "artifact", "x-artifact-tag: abc=\r\n");
            var pauses = new List<TimeSpan>();
            using var temp = new TempDir();
            using var client = new ArtifactClient(Settings(server.Url), sleep: (d, _) => pauses.Add(d));

            RemoteResponse response = client.Download("ab12", temp.Combine("a"), CancellationToken.None);

            Assert.AreEqual(RemoteStatus.Ok, response.Status);
            Assert.AreEqual("artifact", File.ReadAllText(temp.Combine("a")));
            Assert.AreEqual(8, response.Bytes);
            Assert.AreEqual("abc=", response.Tag);
            CollectionAssert.AreEqual(new[] { TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1) }, pauses);
            Assert.AreEqual(3, server.RequestHeads.Count);
            StringAssert.StartsWith(server.RequestHeads[0], "GET /v8/artifacts/ab12?slug=site ");
            StringAssert.Contains(server.RequestHeads[0], "Authorization: Bearer " + Token);
        }

        [TestMethod]
        public void ServerErrors_ThatPersist_EndAsServerError_AfterOneAttemptPerPausePlusOne()
        {
            using var server = new CannedHttpServer();
            for (int i = 0; i < 5; i++)
            {
                server.Enqueue(500);
            }

            using var temp = new TempDir();
            using var client = new ArtifactClient(Settings(server.Url), sleep: (_, _) => { });
            RemoteResponse response = client.Download("ab12", temp.Combine("a"), CancellationToken.None);
            Assert.AreEqual(RemoteStatus.ServerError, response.Status);
            Assert.AreEqual(3, server.RequestHeads.Count);
        }

        [TestMethod]
        [DataRow(401, "Refused")]
        [DataRow(403, "Refused")]
        [DataRow(413, "TooLarge")]
        [DataRow(400, "Unexpected")]
        [DataRow(404, "NotFound")]
        public void ClientErrors_AreNotRetried(int code, string expected)
        {
            using var server = new CannedHttpServer();
            server.Enqueue(code, "{\"error\":\"no\"}");
            server.Enqueue(200, "artifact");
            using var temp = new TempDir();
            using var client = new ArtifactClient(Settings(server.Url), sleep: (_, _) => Assert.Fail("no retry expected"));
            RemoteResponse response = client.Download("ab12", temp.Combine("a"), CancellationToken.None);
            Assert.AreEqual(expected, response.Status.ToString());
            Assert.AreEqual(1, server.RequestHeads.Count);
            Assert.IsFalse(response.Detail.Contains(Token));
        }

        [TestMethod]
        public void Upload_SendsTheFileWithItsTag()
        {
            using var server = new CannedHttpServer();
            server.Enqueue(202, "{\"urls\":[]}");
            using var temp = new TempDir();
            string file = temp.Write("a.zip", "zip bytes");
            using var client = new ArtifactClient(Settings(server.Url));
            RemoteResponse response = client.Upload("ab12", file, "tag==", CancellationToken.None);
            Assert.AreEqual(RemoteStatus.Ok, response.Status);
            Assert.AreEqual(9, response.Bytes);
            StringAssert.StartsWith(server.RequestHeads[0], "PUT /v8/artifacts/ab12?slug=site ");
            StringAssert.Contains(server.RequestHeads[0], "x-artifact-tag: tag==");
            Assert.AreEqual("zip bytes", Encoding.UTF8.GetString(server.RequestBodies[0]));
        }

        [TestMethod]
        public void AServerThatNeverAnswers_TimesOut_WithinTheLimit()
        {
            using var server = new CannedHttpServer(stall: true);
            using var temp = new TempDir();
            RemoteCacheSettings settings = Settings(server.Url);
            settings.Timeout = TimeSpan.FromSeconds(1);
            using var client = new ArtifactClient(settings, sleep: (_, _) => Assert.Fail("no retry expected"));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            RemoteResponse response = client.Download("ab12", temp.Combine("a"), CancellationToken.None);
            Assert.AreEqual(RemoteStatus.TimedOut, response.Status);
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        }

        [TestMethod]
        public void NoServer_IsUnreachable()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var temp = new TempDir();
            using var client = new ArtifactClient(Settings(new Uri("http://127.0.0.1:" + port + "/")), sleep: (_, _) => Assert.Fail("no retry expected"));
            Assert.AreEqual(RemoteStatus.Unreachable, client.Download("ab12", temp.Combine("a"), CancellationToken.None).Status);
        }

        [TestMethod]
        public void Fetch_OfGarbage_OrOfAnUnsignedArtifactWhenSigning_IsAWarnedMiss_AndLeavesNothingInTheCache()
        {
            using var site = new CacheSiteFixture();
            using var server = new CannedHttpServer();
            server.Enqueue(200, "<html>gateway</html>");
            server.Enqueue(200, "whatever");
            var remote = new RemoteCache(Settings(server.Url));
            BuildCache cache = site.Cache();
            const string fp = "abcdef0123456789";

            RemoteFetchResult garbage = remote.Fetch(cache, fp, CancellationToken.None);
            Assert.IsFalse(garbage.Hit);
            Assert.AreEqual(RemoteCacheCodes.InvalidEntry, garbage.Problem!.Code);

            RemoteCacheSettings signing = Settings(server.Url);
            signing.SignatureKey = "k";
            RemoteFetchResult unsigned = new RemoteCache(signing).Fetch(cache, fp, CancellationToken.None);
            Assert.AreEqual(RemoteCacheCodes.BadSignature, unsigned.Problem!.Code);
            StringAssert.Contains(unsigned.Problem.Message, "not signed");

            Assert.IsFalse(cache.HasEntry(fp));
            Assert.AreEqual(0, Directory.GetFileSystemEntries(Path.Combine(site.CacheRoot, "tmp")).Length);
        }

        [TestMethod]
        public void Upload_ReadOnly_SendsNothing_AndAnEntryTheServerHas_IsNotSentAgain()
        {
            using var site = new CacheSiteFixture();
            string fp = EntryArchiveTests.StoredEntry(site);
            using var server = new CannedHttpServer();
            RemoteCacheSettings readOnly = Settings(server.Url);
            readOnly.ReadOnly = true;
            RemoteUploadResult skipped = new RemoteCache(readOnly).Upload(site.Cache(), fp, CancellationToken.None);
            Assert.IsFalse(skipped.Uploaded);
            Assert.AreEqual(0, server.RequestHeads.Count);

            server.Enqueue(200);
            RemoteUploadResult there = new RemoteCache(Settings(server.Url)).Upload(site.Cache(), fp, CancellationToken.None);
            Assert.IsFalse(there.Uploaded);
            Assert.IsNull(there.Problem);
            Assert.AreEqual(1, server.RequestHeads.Count);
            StringAssert.StartsWith(server.RequestHeads[0], "HEAD ");
        }

        [TestMethod]
        public void Upload_RefusedAsTooLarge_IsTheTooLargeWarning_AndTheUploadFileIsRemoved()
        {
            using var site = new CacheSiteFixture();
            string fp = EntryArchiveTests.StoredEntry(site);
            using var server = new CannedHttpServer();
            server.Enqueue(404);
            server.Enqueue(413, "{\"message\":\"Request body is too large\"}");
            RemoteUploadResult result = new RemoteCache(Settings(server.Url)).Upload(site.Cache(), fp, CancellationToken.None);
            Assert.IsFalse(result.Uploaded);
            Assert.AreEqual(RemoteCacheCodes.UploadTooLarge, result.Problem!.Code);
            Assert.IsFalse(result.Problem.Message.Contains(Token));
            Assert.AreEqual(0, Directory.GetFiles(Path.Combine(site.CacheRoot, "tmp")).Length);
        }

        private static RemoteCacheSettings Settings(Uri url) => new() { BaseUrl = url, Token = Token, Team = "site", Timeout = TimeSpan.FromSeconds(20) };
    }
}
