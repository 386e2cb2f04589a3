using HugoSite.Build.Tasks.Serve;

namespace HugoSite.Build.Tasks.Tests.Serve
{
    /// <summary>The HugoServe task's checks before anything runs, the one-preview-per-project state file, and the rescan.</summary>
    [TestClass]
    public sealed class HugoServeTaskTests
    {
        private static HugoServe Task(TestEngine engine, TempDir tmp) => new()
        {
            BuildEngine = engine.Object,
            Executable = "hugo",
            WorkDirectory = tmp.Combine("work"),
            StateFile = tmp.Combine("serve.json"),
        };

        [TestMethod]
        [DataRow("0")]
        [DataRow("65536")]
        [DataRow("http")]
        [DataRow("")]
        [DataRow("-1")]
        public void BadPort_IsHSB0500(string port)
        {
            using var tmp = new TempDir();
            Directory.CreateDirectory(tmp.Combine("work"));
            var engine = new TestEngine();
            var task = Task(engine, tmp);
            task.Port = port;
            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(engine.ErrorCodes.ToList(), "HSB0500", engine.AllText());
            Assert.IsFalse(File.Exists(tmp.Combine("serve.json")), "nothing is taken before the settings are good");
        }

        [TestMethod]
        [DataRow("localhost:1313")]
        [DataRow("")]
        [DataRow("300.1.1.1")]
        public void BadBind_IsHSB0501(string bind)
        {
            using var tmp = new TempDir();
            Directory.CreateDirectory(tmp.Combine("work"));
            var engine = new TestEngine();
            var task = Task(engine, tmp);
            task.Bind = bind;
            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(engine.ErrorCodes.ToList(), "HSB0501", engine.AllText());
        }

        [TestMethod]
        [DataRow("--port 2000")]
        [DataRow("--bind=0.0.0.0")]
        [DataRow("--renderToDisk")]
        [DataRow("-d /tmp/out")]
        public void ArgumentsThePreviewSetsItself_AreHSB0509(string arguments)
        {
            using var tmp = new TempDir();
            Directory.CreateDirectory(tmp.Combine("work"));
            var engine = new TestEngine();
            var task = Task(engine, tmp);
            task.Arguments = arguments;
            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(engine.ErrorCodes.ToList(), "HSB0509", engine.AllText());
        }

        [TestMethod]
        public void MissingWorkFolder_AndBadPortTogether_BothReported()
        {
            using var tmp = new TempDir();
            var engine = new TestEngine();
            var task = Task(engine, tmp);
            task.Port = "x";
            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(engine.ErrorCodes.ToList(), "HSB0510", engine.AllText());
            CollectionAssert.Contains(engine.ErrorCodes.ToList(), "HSB0500", engine.AllText());
        }

        [TestMethod]
        public void SecondPreview_SaysWhereTheFirstServes()
        {
            using var tmp = new TempDir();
            Directory.CreateDirectory(tmp.Combine("work"));
            using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
            try
            {
                File.WriteAllText(tmp.Combine("serve.json"), $"{{\"pid\":{other.Id},\"url\":\"http://127.0.0.1:4321/\",\"started\":\"x\"}}");
                foreach (bool checkOnly in new[] { true, false })
                {
                    var engine = new TestEngine();
                    var task = Task(engine, tmp);
                    task.CheckOnly = checkOnly;
                    Assert.IsFalse(task.Execute());
                    Assert.AreEqual("HSB0502", engine.ErrorCodes.Single(), engine.AllText());
                    StringAssert.Contains(engine.Errors.Single().Message, "http://127.0.0.1:4321/");
                    StringAssert.Contains(engine.Errors.Single().Message, other.Id.ToString());
                }

                Assert.IsTrue(File.Exists(tmp.Combine("serve.json")), "the first preview's state file stays");
            }
            finally
            {
                other.Kill();
            }
        }

        [TestMethod]
        public void StateFileOfAPreviewThatIsGone_IsTakenOver_AndRemovedOnRelease()
        {
            using var tmp = new TempDir();
            string path = tmp.Combine("serve", "serve.json");
            Directory.CreateDirectory(tmp.Combine("serve"));
            File.WriteAllText(path, "{\"pid\":999999999,\"url\":\"http://127.0.0.1:1/\"}");
            using (var taken = ServeLock.TryAcquire(path, 4242, out var holder))
            {
                Assert.IsNotNull(taken);
                Assert.IsNull(holder);
                taken!.SetUrl("http://127.0.0.1:5555/");
                Assert.AreEqual(4242, ServeLock.Read(path)!.ProcessId);
                Assert.AreEqual("http://127.0.0.1:5555/", ServeLock.Read(path)!.Url);
                Assert.IsNull(ServeLock.TryAcquire(path, 4343, out var second, isAlive: pid => pid == 4242));
                Assert.AreEqual(4242, second!.ProcessId);
            }

            Assert.IsFalse(File.Exists(path));

            File.WriteAllText(path, "not json {");
            using (var taken = ServeLock.TryAcquire(path, 4242, out _))
            {
                Assert.IsNotNull(taken, "a damaged state file is taken over");
            }
        }

        [TestMethod]
        public void UrlHost_ForWildcardAndIPv6Binds()
        {
            Assert.AreEqual("localhost", ServeSession.UrlHost("0.0.0.0"));
            Assert.AreEqual("localhost", ServeSession.UrlHost("::"));
            Assert.AreEqual("127.0.0.1", ServeSession.UrlHost("127.0.0.1"));
            Assert.AreEqual("[::1]", ServeSession.UrlHost("::1"));
        }

        [TestMethod]
        public void PortInUse_IsNotFree()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                Assert.IsFalse(ServeSession.IsPortFree(System.Net.IPAddress.Loopback, port));
            }
            finally
            {
                listener.Stop();
            }

            Assert.IsTrue(ServeSession.IsPortFree(System.Net.IPAddress.Loopback, port));
        }

        [TestMethod]
        public void Snapshot_RescanFindsAddedChangedAndRemoved_AndRefreshStopsADoubleReport()
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.md", "a");
            tmp.Write("src/b.md", "b");
            tmp.Write("src/.git/HEAD", "ref");
            var snapshot = new SourceSnapshot(tmp.Combine("src"), rel => rel == ".git" || rel.StartsWith(".git/", StringComparison.Ordinal));
            Assert.AreEqual(0, snapshot.Rescan().Count);

            tmp.Write("src/c/d.md", "d");
            File.Delete(tmp.Combine("src/a.md"));
            File.WriteAllText(tmp.Combine("src/b.md"), "bigger b");
            tmp.Write("src/.git/HEAD", "other ref");
            CollectionAssert.AreEquivalent(new[] { "a.md", "b.md", "c", "c/d.md" }, snapshot.Rescan());

            tmp.Write("src/c/e.md", "e");
            snapshot.Refresh("c");
            Assert.AreEqual(0, snapshot.Rescan().Count, "a path already looked at is not reported again");
        }
    }
}
