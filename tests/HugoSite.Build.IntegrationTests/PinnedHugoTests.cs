using System.Runtime.InteropServices;
using System.Text.Json;
using HugoSite.Build.Tasks.Tests.Tools;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// Real dotnet builds with HugoVersion against a loopback server that serves a release-shaped archive of this
    /// machine's own hugo (0.111.3 extended): installed once, then used with the server gone.
    /// </summary>
    [TestClass]
    public sealed class PinnedHugoTests
    {
        private static string Asset(string version)
        {
            string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
            return "hugo_extended_" + version + "_linux-" + arch + ".tar.gz";
        }

        [TestMethod]
        public void PinnedBuild_InstallsOnce_RecordsEditionAndSource_ThenBuildsOffline()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("The served archive is this machine's Linux hugo.");
            }

            SampleSite site = SampleSite.NoTargets();
            string tools = Path.Combine(site.Root, "tools");
            var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, ReleaseFiles.MachineVersion, Asset(ReleaseFiles.MachineVersion), ReleaseFiles.RealHugoArchive());
            string[] pin = { "-p:HugoVersion=" + ReleaseFiles.MachineVersion, "-p:HugoDownloadBaseUrl=" + server.BaseUrl, "-p:HugoToolsDir=" + tools };

            RunResult first = site.Build(pin.Append("-v:d").ToArray());
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            StringAssert.Contains(first.Output, "SHA-256 verified");
            string hugo = Path.Combine(tools, "hugo", ReleaseFiles.MachineVersion + "-extended", "hugo");
            Assert.IsTrue(File.Exists(hugo), first.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));
            JsonElement record = site.History().Last().GetProperty("hugo");
            Assert.AreEqual(ReleaseFiles.MachineVersion, record.GetProperty("version").GetString());
            Assert.AreEqual("extended", record.GetProperty("edition").GetString());
            Assert.AreEqual("download", record.GetProperty("source").GetString());
            StringAssert.StartsWith(record.GetProperty("source_url").GetString(), server.BaseUrl + "/v" + ReleaseFiles.MachineVersion + "/");
            int requests = server.Requests.Count;
            server.Stop();

            StringAssert.Contains(first.Output, "Task \"ResolveHugo\"");
            RunResult noOp = site.Build(pin.Append("-v:d").ToArray());
            Assert.AreEqual(0, noOp.ExitCode, noOp.ToString());
            StringAssert.Contains(noOp.Output, "site is up to date");
            Assert.IsFalse(noOp.Output.Contains("Task \"ResolveHugo\"", StringComparison.Ordinal), "A no-op build with a pinned Hugo runs no task (and so no network).");

            // A content change: Hugo really runs again, from the tools folder, with the server gone.
            string page = Path.Combine(site.SiteDir, "content", "_index.md");
            File.AppendAllText(page, "\n\nPinned and offline.\n");
            RunResult offline = site.Build(pin);
            Assert.AreEqual(0, offline.ExitCode, offline.ToString());
            StringAssert.Contains(File.ReadAllText(Path.Combine(site.PublicDir, "index.html")), "Pinned and offline.");
            Assert.AreEqual(requests, server.Requests.Count);
            JsonElement last = site.History().Last();
            Assert.IsFalse(last.GetProperty("cache").GetProperty("hit").GetBoolean());
            Assert.AreEqual("download", last.GetProperty("hugo").GetProperty("source").GetString());

            // Without HugoVersion the machine's Hugo on PATH is used again, and the history says so.
            File.AppendAllText(page, "\nFrom PATH.\n");
            RunResult unpinned = site.Build();
            Assert.AreEqual(0, unpinned.ExitCode, unpinned.ToString());
            Assert.AreEqual("path", site.History().Last().GetProperty("hugo").GetProperty("source").GetString());
        }

        [TestMethod]
        public void Download_UsesTheProxyFromTheEnvironment_AsDotNetDoes()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("The served archive is this machine's Linux hugo.");
            }

            SampleSite site = SampleSite.NoTargets();
            using var proxy = new LoopbackReleaseServer();
            ReleaseFiles.Publish(proxy, ReleaseFiles.MachineVersion, Asset(ReleaseFiles.MachineVersion), ReleaseFiles.RealHugoArchive());
            // A mirror name that never resolves: only the proxy can answer for it.
            const string mirror = "http://hugo-mirror.example.invalid";
            var env = new Dictionary<string, string?> { ["http_proxy"] = proxy.BaseUrl, ["HTTP_PROXY"] = proxy.BaseUrl, ["no_proxy"] = null, ["NO_PROXY"] = null };
            RunResult r = Dotnet.RunWithEnvironment(site.SiteDir, env, "build", site.ProjectFile, "-nologo", "-v:m", "-t:HugoCacheFingerprint",
                "-p:HugoCacheDir=" + site.CacheDir, "-p:HugoVersion=" + ReleaseFiles.MachineVersion, "-p:HugoDownloadBaseUrl=" + mirror,
                "-p:HugoToolsDir=" + Path.Combine(site.Root, "tools"));
            Assert.AreEqual(0, r.ExitCode, r.ToString());
            CollectionAssert.Contains(proxy.Requests.ToList(), mirror + "/v" + ReleaseFiles.MachineVersion + "/" + Asset(ReleaseFiles.MachineVersion),
                string.Join(", ", proxy.Requests));
            Assert.IsTrue(File.Exists(Path.Combine(site.Root, "tools", "hugo", ReleaseFiles.MachineVersion + "-extended", "hugo")));
        }

        [TestMethod]
        public void VersionSources_PropertyThenHugoVersionVariableThenHvmFile()
        {
            SampleSite site = SampleSite.Docs();
            string Evaluate(IDictionary<string, string?> env, params string[] extra)
            {
                var args = new List<string> { "msbuild", site.ProjectFile, "-nologo", "-getProperty:_HugoPinnedVersion", "-getProperty:_HugoPinnedVersionSource" };
                args.AddRange(extra);
                RunResult r = Dotnet.RunWithEnvironment(site.SiteDir, env, args.ToArray());
                Assert.AreEqual(0, r.ExitCode, r.ToString());
                using JsonDocument doc = JsonDocument.Parse(r.Output);
                JsonElement p = doc.RootElement.GetProperty("Properties");
                return p.GetProperty("_HugoPinnedVersion").GetString() + "|" + p.GetProperty("_HugoPinnedVersionSource").GetString();
            }

            var none = new Dictionary<string, string?> { ["HUGO_VERSION"] = null, ["HugoVersion"] = null };
            Assert.AreEqual("|", Evaluate(none));
            File.WriteAllText(Path.Combine(site.SiteDir, ".hvm"), "v0.120.4\n");
            Assert.AreEqual("v0.120.4|" + Path.Combine(site.SiteDir, ".hvm"), Evaluate(none));
            var env = new Dictionary<string, string?> { ["HUGO_VERSION"] = "0.130.0", ["HugoVersion"] = null };
            Assert.AreEqual("0.130.0|HUGO_VERSION", Evaluate(env));
            Assert.AreEqual("0.139.4|HugoVersion", Evaluate(env, "-p:HugoVersion=0.139.4"));
        }
    }
}
