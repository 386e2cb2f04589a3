using System.Diagnostics;
using System.Text;
using HugoSite.Build.Tasks.Tools;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    /// <summary>
    /// ResolveHugo with HugoVersion against a real loopback server that serves release-shaped archives built from this
    /// machine's own hugo (0.111.3 extended), so the Hugo that is installed really runs.
    /// </summary>
    [TestClass]
    public sealed class PinnedHugoTests
    {
        private const string Version = ReleaseFiles.MachineVersion;
        private static readonly string Os = HugoRelease.CurrentOs();
        private static readonly string Arch = HugoRelease.CurrentArchitecture();

        private static string Asset(string version, HugoEdition edition = HugoEdition.Extended) =>
            HugoRelease.AssetName(ParseVersion(version), edition, Os, Arch);

        private static HugoVersionNumber ParseVersion(string text)
        {
            HugoVersionNumber.TryParse(text, out HugoVersionNumber v);
            return v;
        }

        private static (ResolveHugo Task, TestEngine Engine) Task(string version, string tools, string baseUrl, string edition = "extended", int timeoutSeconds = 10)
        {
            var engine = new TestEngine();
            var task = new ResolveHugo
            {
                BuildEngine = engine.Object,
                HugoVersion = version,
                HugoEdition = edition,
                ToolsDirectory = tools,
                DownloadBaseUrl = baseUrl,
                DownloadTimeoutSeconds = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            return (task, engine);
        }

        private static string InstallDir(string tools, string version = Version, string edition = "extended") => Path.Combine(tools, "hugo", version + "-" + edition);

        private static void AssertNothingInstalled(string tools, string version = Version, string edition = "extended")
        {
            Assert.IsFalse(Directory.Exists(InstallDir(tools, version, edition)), "Nothing may be installed.");
            string parent = Path.Combine(tools, "hugo");
            if (Directory.Exists(parent))
            {
                Assert.AreEqual(0, Directory.GetDirectories(parent, ".tmp-*").Length, "No temporary folder may be left behind.");
            }
        }

        [TestMethod]
        public void Pinned_DownloadsVerifiesInstalls_ThenWorksWithTheServerGone()
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.RealHugoArchive());

            var (task, engine) = Task(Version, tools, server.BaseUrl);
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(Path.Combine(InstallDir(tools), "hugo"), task.ExecutablePath);
            Assert.AreEqual(Version, task.Version);
            Assert.AreEqual("extended", task.Edition);
            Assert.AreEqual("download", task.Source);
            Assert.AreEqual(server.BaseUrl + "/v" + Version + "/" + Asset(Version), task.SourceUrl);
            Assert.IsTrue(engine.HasMessage("SHA-256 verified"), engine.AllText());
            AssertNoTemporaryFolders(tools);
            Assert.AreEqual(2, server.Requests.Count, "The checksums file and the archive, nothing else: " + string.Join(", ", server.Requests));

            server.Stop();
            var (again, engine2) = Task(Version, tools, server.BaseUrl);
            Assert.IsTrue(again.Execute(), engine2.AllText());
            Assert.AreEqual(task.ExecutablePath, again.ExecutablePath);
            Assert.AreEqual("download", again.Source);
            Assert.AreEqual(task.SourceUrl, again.SourceUrl, "Where it came from is known offline too.");
            Assert.AreEqual(2, server.Requests.Count, "An installed Hugo needs no network.");
        }

        private static void AssertNoTemporaryFolders(string tools) =>
            Assert.AreEqual(0, Directory.GetDirectories(Path.Combine(tools, "hugo"), ".tmp-*").Length);

        [TestMethod]
        public void ChecksumMismatch_InstallsNothing_AndNeverRunsTheArchive()
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            string marker = dir.Combine("ran.txt");
            byte[] archive = ReleaseFiles.TarGz(("hugo", Encoding.ASCII.GetBytes("#!/bin/sh\ntouch '" + marker + "'\necho 'hugo v0.111.3+extended linux/amd64'\n"), true));
            using var server = new LoopbackReleaseServer();
            string path = ReleaseFiles.Publish(server, Version, Asset(Version), archive);
            server.Set("/v" + Version + "/hugo_" + Version + "_checksums.txt", ReleaseFiles.Checksums(Version, (Asset(Version), new string('c', 64))));

            var (task, engine) = Task(Version, tools, server.BaseUrl);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0405" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, server.BaseUrl + path);
            StringAssert.Contains(engine.Errors.Single().Message, new string('c', 64));
            AssertNothingInstalled(tools);
            Assert.IsFalse(File.Exists(marker), "The unverified archive's hugo must never run.");
        }

        [TestMethod]
        public void MissingAsset_ListsWhatTheReleaseHas()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            server.Set("/v" + Version + "/hugo_" + Version + "_checksums.txt", ReleaseFiles.Checksums(Version));

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0402" }, engine.ErrorCodes.ToList(), engine.AllText());
            string message = engine.Errors.Single().Message!;
            StringAssert.Contains(message, Asset(Version));
            StringAssert.Contains(message, "hugo_" + Version + "_darwin-universal.tar.gz, hugo_extended_" + Version + "_windows-amd64.zip");
            Assert.IsFalse(message.Contains(".deb", StringComparison.Ordinal), "Only archives are listed.");
            AssertNothingInstalled(dir.Combine("tools"));
        }

        [TestMethod]
        public void WithdeployBefore0137_IsAMissingAsset()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.TarGz(("hugo", new byte[] { 1 }, true)));

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl, edition: "withdeploy");
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0402" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, "no withdeploy archive");
            StringAssert.Contains(engine.Errors.Single().Message, Asset(Version));
        }

        [TestMethod]
        public void ArchiveWithoutChecksumEntry_IsNotInstalled()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            server.Set("/v" + Version + "/hugo_" + Version + "_checksums.txt", ReleaseFiles.Checksums(Version));
            server.Set("/v" + Version + "/" + Asset(Version), ReleaseFiles.TarGz(("hugo", new byte[] { 1 }, true)));

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0406" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, server.BaseUrl + "/v" + Version + "/" + Asset(Version));
            AssertNothingInstalled(dir.Combine("tools"));
        }

        [TestMethod]
        [DataRow(404, "checksums")]
        [DataRow(500, "checksums")]
        [DataRow(404, "archive")]
        [DataRow(500, "archive")]
        public void HttpError_NamesTheUrl_InstallsNothing(int status, string which)
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            string path = ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.TarGz(("hugo", new byte[] { 1 }, true)));
            string failing = which == "checksums" ? "/v" + Version + "/hugo_" + Version + "_checksums.txt" : path;
            server.Set(failing, new Route { Status = status, Body = Encoding.ASCII.GetBytes("no") });

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0403" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, server.BaseUrl + failing);
            StringAssert.Contains(engine.Errors.Single().Message, " " + status + " ");
            AssertNothingInstalled(dir.Combine("tools"));
        }

        [TestMethod]
        public void NoServer_IsAConnectionError()
        {
            using var dir = new TempDir();
            var server = new LoopbackReleaseServer();
            string url = server.BaseUrl;
            server.Stop();

            var (task, engine) = Task(Version, dir.Combine("tools"), url);
            task.ProjectFile = "/src/site/site.proj";
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0407" }, engine.ErrorCodes.ToList(), engine.AllText());
            Assert.AreEqual("/src/site/site.proj", engine.Errors.Single().File, "Attributed to the project, not to the package's targets.");
            StringAssert.Contains(engine.Errors.Single().Message, url + "/v" + Version + "/");
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void StalledServer_TimesOut_InstallsNothing(bool beforeHeaders)
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            byte[] archive = ReleaseFiles.TarGz(("hugo", new byte[300000], true));
            string path = ReleaseFiles.Publish(server, Version, Asset(Version), archive,
                beforeHeaders ? new Route { StallBeforeHeaders = true } : new Route { StallAfterBytes = 1000 });

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl, timeoutSeconds: 1);
            var clock = Stopwatch.StartNew();
            Assert.IsFalse(task.Execute());
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(15), "A stalled server is given up on: " + clock.Elapsed);
            CollectionAssert.AreEqual(new[] { "HSB0404" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, server.BaseUrl + path);
            AssertNothingInstalled(dir.Combine("tools"));
        }

        [TestMethod]
        public void SlowDownload_ShowsProgressAtNormalVerbosity()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            // About 1.6 s for the real archive: more than a second, so progress is shown.
            byte[] archive = ReleaseFiles.RealHugoArchive();
            int delay = (int)Math.Ceiling(1600.0 / Math.Max(1, archive.Length >> 20));
            ReleaseFiles.Publish(server, Version, Asset(Version), archive, new Route { DelayPerMegabyteMs = delay });

            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl);
            Assert.IsTrue(task.Execute(), engine.AllText());
            var progress = engine.Messages.Where(m => m.Importance == MessageImportance.Normal && m.Message!.StartsWith("Download", StringComparison.Ordinal)).ToList();
            Assert.IsTrue(progress.Any(m => m.Message!.Contains(" MB/s", StringComparison.Ordinal) && m.Message.Contains(" MB (", StringComparison.Ordinal)), engine.AllText());
            Assert.IsTrue(progress.Any(m => m.Message!.StartsWith("Downloaded ", StringComparison.Ordinal)), engine.AllText());
        }

        [TestMethod]
        public void FastDownload_ShowsNoProgress()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.RealHugoArchive());
            var (task, engine) = Task(Version, dir.Combine("tools"), server.BaseUrl);
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.IsFalse(engine.Messages.Any(m => m.Message!.StartsWith("Downloading ", StringComparison.Ordinal)), engine.AllText());
        }

        [TestMethod]
        public void TwoBuildsInstallingAtOnce_BothGetAWholeHugo()
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            using var server = new LoopbackReleaseServer();
            // Both requests for the archive are answered only after half a second, so the two installs overlap.
            string path = ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.RealHugoArchive(), new Route { DelayBeforeHeadersMs = 500 });

            var results = new (bool Ok, ResolveHugo Task, TestEngine Engine)[2];
            using var start = new Barrier(2);
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                var (task, engine) = Task(Version, tools, server.BaseUrl);
                start.SignalAndWait();
                results[i] = (task.Execute(), task, engine);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            foreach (var r in results)
            {
                Assert.IsTrue(r.Ok, r.Engine.AllText());
                Assert.AreEqual(Path.Combine(InstallDir(tools), "hugo"), r.Task.ExecutablePath);
                Assert.AreEqual(Version, r.Task.Version);
            }

            Assert.AreEqual(2, server.Requests.Count(p => p == path), "Both downloaded (neither waited for the other), and both are harmless.");
            AssertNoTemporaryFolders(tools);
            CollectionAssert.AreEquivalent(new[] { ".source", "hugo", "LICENSE", "README.md" },
                Directory.GetFiles(InstallDir(tools)).Select(Path.GetFileName).ToList(), "One whole install, not two merged.");
        }

        [TestMethod]
        public void ReadOnlyToolsFolder_IsACodedError()
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            Directory.CreateDirectory(tools);
            using var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, Version, Asset(Version), ReleaseFiles.RealHugoArchive());
            using (ReadOnly(tools))
            {
                var (task, engine) = Task(Version, tools, server.BaseUrl);
                Assert.IsFalse(task.Execute());
                CollectionAssert.AreEqual(new[] { "HSB0408" }, engine.ErrorCodes.ToList(), engine.AllText());
                StringAssert.Contains(engine.Errors.Single().Message, tools);
                StringAssert.Contains(engine.Errors.Single().Message, "HugoToolsDir");
            }

            Assert.AreEqual(0, server.Requests.Count, "Nothing is downloaded that cannot be kept.");
        }

        /// <summary>A folder nothing can be created in: immutable for root (permissions do not bind root), else mode 555.</summary>
        private static IDisposable ReadOnly(string folder)
        {
            bool root = Environment.UserName == "root";
            if (root)
            {
                Run("chattr", "+i", folder);
                return new Undo(() => Run("chattr", "-i", folder));
            }

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            return new Undo(() => File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }

        private static void Run(string file, params string[] args)
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
            p.WaitForExit();
            Assert.AreEqual(0, p.ExitCode, file + " " + string.Join(' ', args));
        }

        private sealed class Undo : IDisposable
        {
            private readonly Action _action;

            public Undo(Action action) => _action = action;

            public void Dispose() => _action();
        }

        [TestMethod]
        public void HugoExecutable_Wins_WithALowImportanceMessage_AndNoNetwork()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            var (task, engine) = Task("0.139.4", dir.Combine("tools"), server.BaseUrl);
            task.HugoExecutable = ReleaseFiles.MachineHugo;
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(ReleaseFiles.MachineHugo, task.ExecutablePath);
            Assert.AreEqual(Version, task.Version);
            Assert.AreEqual("executable", task.Source);
            Assert.IsTrue(engine.Messages.Any(m => m.Importance == MessageImportance.Low && m.Message!.Contains("HugoExecutable", StringComparison.Ordinal) && m.Message.Contains("0.139.4", StringComparison.Ordinal)), engine.AllText());
            Assert.AreEqual(0, server.Requests.Count);
            Assert.IsFalse(Directory.Exists(dir.Combine("tools")));
        }

        [TestMethod]
        public void NotPinned_UsesPath_AsBefore()
        {
            var engine = new TestEngine();
            var task = new ResolveHugo { BuildEngine = engine.Object };
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual("path", task.Source);
            Assert.AreEqual("extended", task.Edition);
        }

        [TestMethod]
        [DataRow("0.139.4", "extended")]
        [DataRow(Version, "standard")]
        public void InstalledHugoReportingAnotherVersionOrEdition_IsACodedError_AndNotInstalled(string requested, string edition)
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            using var server = new LoopbackReleaseServer();
            HugoRelease.TryParseEdition(edition, out HugoEdition e);
            // The real 0.111.3 extended binary, published as another version's or edition's archive.
            ReleaseFiles.Publish(server, requested, Asset(requested, e), ReleaseFiles.RealHugoArchive());

            var (task, engine) = Task(requested, tools, server.BaseUrl, edition);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0409" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, "v0.111.3+extended");
            StringAssert.Contains(engine.Errors.Single().Message, requested + " " + edition);
            AssertNothingInstalled(tools, requested, edition);
        }

        [TestMethod]
        public void InstalledCopyReplacedLater_IsCaught()
        {
            using var dir = new TempDir();
            string tools = dir.Combine("tools");
            string fake = dir.Write("tools/hugo/0.139.4-extended/hugo", "#!/bin/sh\necho 'hugo v0.111.3+extended linux/amd64'\n");
            File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);
            var (task, engine) = Task("0.139.4", tools, "http://127.0.0.1:1");
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0409" }, engine.ErrorCodes.ToList(), engine.AllText());
        }

        [TestMethod]
        [DataRow("latest", "extended", "http://127.0.0.1:1", "10", "HSB0400")]
        [DataRow("0.139.4", "deluxe", "http://127.0.0.1:1", "10", "HSB0401")]
        [DataRow("0.139.4", "extended", "ftp://mirror/hugo", "10", "HSB0413")]
        [DataRow("0.139.4", "extended", "releases", "10", "HSB0413")]
        [DataRow("0.139.4", "extended", "http://127.0.0.1:1", "0", "HSB0415")]
        [DataRow("0.139.4", "extended", "http://127.0.0.1:1", "abc", "HSB0415")]
        public void BadSettings_AreCodedErrors_BeforeAnyNetwork(string version, string edition, string baseUrl, string timeout, string code)
        {
            using var dir = new TempDir();
            var (task, engine) = Task(version, dir.Combine("tools"), baseUrl, edition);
            task.DownloadTimeoutSeconds = timeout;
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { code }, engine.ErrorCodes.ToList(), engine.AllText());
            Assert.IsFalse(Directory.Exists(dir.Combine("tools")));
        }

        [TestMethod]
        public void BadVersionFromAHvmFile_NamesTheFile()
        {
            using var dir = new TempDir();
            var (task, engine) = Task("v0.x", dir.Combine("tools"), "http://127.0.0.1:1");
            task.HugoVersionSource = "/site/.hvm";
            Assert.IsFalse(task.Execute());
            StringAssert.Contains(engine.Errors.Single().Message, "/site/.hvm is 'v0.x'");
        }
    }
}
