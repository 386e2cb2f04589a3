using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>The remote build cache against the real turborepo-remote-cache server, with real builds.</summary>
    [TestClass]
    public sealed class RemoteCacheTests
    {
        [TestMethod]
        public void Upload_ThenRemoteHitInAFreshCopy_GivesTheIdenticalSite_ReadOnlyUploadsNothing_UnsignedIsRefusedWhenSigning()
        {
            string storage = Path.Combine(Harness.Root, "remote-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            using RemoteCacheServer server = RemoteCacheServer.Start(storage);

            SampleSite first = SampleSite.NoTargets();
            RunResult built = Build(first, server.Url);
            Assert.AreEqual(0, built.ExitCode, built.ToString());
            JsonElement stored = first.History().Last().GetProperty("cache");
            string fingerprint = stored.GetProperty("fingerprint").GetString()!;
            Assert.IsFalse(stored.GetProperty("hit").GetBoolean());
            Assert.IsTrue(File.Exists(server.ArtifactPath(fingerprint)), "The entry is uploaded under the fingerprint.\n" + built);
            Assert.AreEqual(new FileInfo(server.ArtifactPath(fingerprint)).Length, stored.GetProperty("upload_bytes").GetInt64());

            SampleSite fresh = SampleSite.NoTargets();
            RunResult hit = Build(fresh, server.Url);
            Assert.AreEqual(0, hit.ExitCode, hit.ToString());
            JsonElement record = fresh.History().Last();
            JsonElement cache = record.GetProperty("cache");
            Assert.IsTrue(cache.GetProperty("hit").GetBoolean(), hit.ToString());
            Assert.IsTrue(cache.GetProperty("remote").GetBoolean());
            Assert.AreEqual(new FileInfo(server.ArtifactPath(fingerprint)).Length, cache.GetProperty("remote_bytes").GetInt64());
            Assert.IsTrue(cache.GetProperty("remote_ms").GetDouble() > 0);
            Assert.IsFalse(record.GetProperty("phases").TryGetProperty("hugo", out _), "A remote hit skips Hugo.");
            CollectionAssert.AreEqual(SampleSite.Snapshot(first.PublicDir).ToList(), SampleSite.Snapshot(fresh.PublicDir).ToList());
            Assert.IsTrue(Directory.Exists(Path.Combine(fresh.CacheDir, "entries", fingerprint)), "The remote entry is now a local one.");
            foreach (RunResult output in new[] { built, hit })
            {
                Assert.IsFalse(output.Output.Contains(RemoteCacheServer.Token, StringComparison.Ordinal), "The token is never printed.");
            }

            Assert.IsFalse(File.ReadAllText(fresh.HistoryFile).Contains(RemoteCacheServer.Token, StringComparison.Ordinal));

            RunResult stats = fresh.Dotnet("build", "-t:HugoCacheStats");
            Assert.AreEqual(0, stats.ExitCode, stats.ToString());
            StringAssert.Contains(stats.Output, "remote", stats.ToString());

            // The first copy again with its local cache emptied: a remote hit, and the comparison with the miss that
            // uploaded names it and lists both transfers.
            Directory.Delete(first.CacheDir, true);
            File.Delete(Path.Combine(first.SiteDir, "obj", "hugo", "site.stamp"));
            RunResult again = Build(first, server.Url);
            Assert.AreEqual(0, again.ExitCode, again.ToString());
            Assert.IsTrue(first.History().Last().GetProperty("cache").GetProperty("remote").GetBoolean(), again.ToString());
            RunResult compared = first.Dotnet("build", "-t:HugoCompareBuilds", "-v:n", "-p:HugoRemoteCacheUrl=" + server.Url);
            Assert.AreEqual(0, compared.ExitCode, compared.ToString());
            StringAssert.Contains(compared.Output, "cache: miss -> remote hit", compared.ToString());
            StringAssert.Contains(compared.Output, "uploaded bytes: " + stored.GetProperty("upload_bytes").GetInt64() + " -> 0", compared.ToString());
            StringAssert.Contains(compared.Output, "downloaded bytes: 0 -> " + new FileInfo(server.ArtifactPath(fingerprint)).Length, compared.ToString());

            // Read-only (a pull request): other inputs, built and stored locally, nothing sent.
            SampleSite readOnly = SampleSite.NoTargets();
            RunResult pr = Build(readOnly, server.Url, "-p:HugoCacheKey=pull-request", "-p:HugoRemoteCacheReadOnly=true");
            Assert.AreEqual(0, pr.ExitCode, pr.ToString());
            JsonElement prCache = readOnly.History().Last().GetProperty("cache");
            Assert.IsFalse(prCache.GetProperty("hit").GetBoolean());
            Assert.IsFalse(prCache.TryGetProperty("upload_bytes", out _));
            CollectionAssert.AreEqual(new[] { fingerprint }, Directory.GetFiles(Path.Combine(storage, RemoteCacheServer.Team)).Select(Path.GetFileName).ToArray());

            // Signing on, the server's artifact unsigned: a miss with a warning, the site built.
            SampleSite signing = SampleSite.NoTargets();
            RunResult unsigned = Build(signing, server.Url, "-p:HugoRemoteCacheSignatureKey=sign-key-1");
            Assert.AreEqual(0, unsigned.ExitCode, unsigned.ToString());
            StringAssert.Contains(unsigned.Output, "HSB5308", unsigned.ToString());
            Assert.IsFalse(signing.History().Last().GetProperty("cache").GetProperty("hit").GetBoolean());
            CollectionAssert.AreEqual(SampleSite.Snapshot(first.PublicDir).ToList(), SampleSite.Snapshot(signing.PublicDir).ToList());
        }

        [TestMethod]
        public void WrongToken_StoppedServer_StalledServer_AreCodedWarnings_AndTheBuildIsGreen()
        {
            string storage = Path.Combine(Harness.Root, "remote-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            SampleSite site = SampleSite.NoTargets();
            string url;
            using (RemoteCacheServer server = RemoteCacheServer.Start(storage))
            {
                url = server.Url;
                RunResult refused = Build(site, url, "-p:HugoCacheKey=wrong-token", "-p:HugoRemoteCacheToken=not-the-token");
                AssertGreenWith(site, refused, "HSB5304");
                Assert.AreEqual(0, Directory.Exists(Path.Combine(storage, RemoteCacheServer.Team)) ? Directory.GetFiles(Path.Combine(storage, RemoteCacheServer.Team)).Length : 0);
            }

            RunResult down = Build(site, url, "-t:Rebuild", "-p:HugoCacheKey=server-down");
            AssertGreenWith(site, down, "HSB5302");

            var stalled = new TcpListener(IPAddress.Loopback, 0);
            stalled.Start();
            var held = new List<Socket>();
            var acceptor = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        held.Add(stalled.AcceptSocket());
                    }
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }) { IsBackground = true };
            acceptor.Start();
            try
            {
                RunResult slow = Build(site, "http://127.0.0.1:" + ((IPEndPoint)stalled.LocalEndpoint).Port, "-t:Rebuild", "-p:HugoCacheKey=stalled", "-p:HugoRemoteCacheTimeoutSeconds=2");
                AssertGreenWith(site, slow, "HSB5303");
            }
            finally
            {
                stalled.Stop();
                foreach (Socket socket in held.ToArray())
                {
                    socket.Dispose();
                }
            }
        }

        [TestMethod]
        public void ACorruptedArtifactOnTheServer_IsAMissWithAWarning_AndTheRightSiteIsBuilt()
        {
            string storage = Path.Combine(Harness.Root, "remote-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            using RemoteCacheServer server = RemoteCacheServer.Start(storage);
            SampleSite first = SampleSite.NoTargets();
            Assert.AreEqual(0, Build(first, server.Url).ExitCode);
            string fingerprint = first.History().Last().GetProperty("cache").GetProperty("fingerprint").GetString()!;

            // A valid zip with the same manifest, but one page's bytes changed: only the manifest check can notice.
            string artifact = server.ArtifactPath(fingerprint);
            var copy = new MemoryStream(File.ReadAllBytes(artifact));
            using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
            {
                ZipArchiveEntry page = zip.Entries.First(e => e.FullName.EndsWith("index.html", StringComparison.Ordinal));
                string name = page.FullName;
                byte[] bytes;
                using (var read = new MemoryStream())
                {
                    using (Stream s = page.Open())
                    {
                        s.CopyTo(read);
                    }

                    bytes = read.ToArray();
                }

                bytes[bytes.Length / 2] ^= 0x01;
                page.Delete();
                using Stream w = zip.CreateEntry(name).Open();
                w.Write(bytes, 0, bytes.Length);
            }

            File.WriteAllBytes(artifact, copy.ToArray());

            SampleSite fresh = SampleSite.NoTargets();
            RunResult result = Build(fresh, server.Url);
            AssertGreenWith(fresh, result, "HSB5307");
            Assert.IsFalse(fresh.History().Last().GetProperty("cache").GetProperty("hit").GetBoolean());
            CollectionAssert.AreEqual(SampleSite.Snapshot(first.PublicDir).ToList(), SampleSite.Snapshot(fresh.PublicDir).ToList());
        }

        [TestMethod]
        public void SignedArtifacts_HitWithTheSameKey_AndAreRefusedWithAnother()
        {
            string storage = Path.Combine(Harness.Root, "remote-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            using RemoteCacheServer server = RemoteCacheServer.Start(storage, signatureKey: "server-stores-tags");
            SampleSite first = SampleSite.NoTargets();
            RunResult signedUpload = Build(first, server.Url, "-p:HugoRemoteCacheSignatureKey=sign-key-1");
            Assert.AreEqual(0, signedUpload.ExitCode, signedUpload.ToString());
            string fingerprint = first.History().Last().GetProperty("cache").GetProperty("fingerprint").GetString()!;
            Assert.IsTrue(File.Exists(server.ArtifactPath(fingerprint) + ".tag"), "The upload carries its x-artifact-tag.\n" + signedUpload);

            SampleSite same = SampleSite.NoTargets();
            RunResult hit = Build(same, server.Url, "-p:HugoRemoteCacheSignatureKey=sign-key-1");
            Assert.AreEqual(0, hit.ExitCode, hit.ToString());
            Assert.IsTrue(same.History().Last().GetProperty("cache").GetProperty("remote").GetBoolean(), hit.ToString());

            SampleSite other = SampleSite.NoTargets();
            RunResult refused = Build(other, server.Url, "-p:HugoRemoteCacheSignatureKey=another-key");
            AssertGreenWith(other, refused, "HSB5308");
            Assert.IsFalse(other.History().Last().GetProperty("cache").GetProperty("hit").GetBoolean());
            CollectionAssert.AreEqual(SampleSite.Snapshot(first.PublicDir).ToList(), SampleSite.Snapshot(other.PublicDir).ToList());
        }

        private static void AssertGreenWith(SampleSite site, RunResult result, string code)
        {
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, code, result.ToString());
            Assert.IsFalse(result.Output.Contains(RemoteCacheServer.Token, StringComparison.Ordinal), "The token is never printed.");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), result.ToString());
        }

        /// <summary>A build with the remote cache at <paramref name="url"/>; token and team come from TURBO_TOKEN and TURBO_TEAM.</summary>
        private static RunResult Build(SampleSite site, string url, params string[] extra)
        {
            var arguments = new List<string> { "build", site.ProjectFile, "-nologo", "-v:m", "-clp:NoSummary",
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir, "-p:HugoRemoteCacheUrl=" + url };
            arguments.AddRange(extra);
            var environment = new Dictionary<string, string?> { ["TURBO_TOKEN"] = RemoteCacheServer.Token, ["TURBO_TEAM"] = RemoteCacheServer.Team };
            return Dotnet.RunWithEnvironment(site.SiteDir, environment, arguments.ToArray());
        }
    }
}
