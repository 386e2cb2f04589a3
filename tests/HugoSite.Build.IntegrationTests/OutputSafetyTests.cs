using System.Diagnostics;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// Real dotnet build on copies of the sample: no setting, interruption or second build at the same time may lose a
    /// file the user owns, and every failure leaves the previous site or the complete new one.
    /// </summary>
    [TestClass]
    public sealed class OutputSafetyTests
    {
        /// <summary>Every file under the sample's root except what builds write (obj/, public/, the history and cache).</summary>
        private static SortedDictionary<string, string> Sources(SampleSite site)
        {
            var all = SampleSite.Snapshot(site.Root);
            foreach (string key in all.Keys.ToList())
            {
                string[] parts = key.Split('/');
                if (parts.Contains("obj") || parts.Contains("bin") || (parts.Length > 1 && parts[1] == "public") || parts[0] == "cache" || parts[0].StartsWith("history", StringComparison.Ordinal))
                {
                    all.Remove(key);
                }
            }

            return all;
        }

        private static void AssertSame(SortedDictionary<string, string> before, SortedDictionary<string, string> after, string context)
        {
            var missing = before.Keys.Where(k => !after.TryGetValue(k, out var h) || h != before[k]).ToList();
            Assert.AreEqual(0, missing.Count, "Files lost or changed: " + string.Join(", ", missing.Take(10)) + "\n" + context);
        }

        [TestMethod]
        public void OutputDirIsContent_FailsWithHSB0100_BeforeAnythingMoves_CacheOnAndOff()
        {
            SampleSite site = SampleSite.Docs();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = Sources(site);
            foreach (string cache in new[] { "true", "false" })
            {
                RunResult bad = site.Build("-p:HugoOutputDir=content", "-p:HugoCache=" + cache);
                Assert.AreNotEqual(0, bad.ExitCode, bad.ToString());
                StringAssert.Contains(bad.Output, "HSB0100");
                StringAssert.Contains(bad.Output, "the content folder");
                AssertSame(before, Sources(site), bad.ToString());
            }

            RunResult clean = site.Dotnet("clean", "-p:HugoOutputDir=content");
            Assert.AreEqual(0, clean.ExitCode, clean.ToString());
            AssertSame(before, Sources(site), clean.ToString());
        }

        [TestMethod]
        public void OutputDirIsProjectOrAncestor_OnACacheHit_FailsWithHSB0100_NothingMoved()
        {
            SampleSite site = SampleSite.Docs();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = Sources(site);
            foreach (string output in new[] { ".", "..", "../.." })
            {
                RunResult bad = site.Build("-p:HugoOutputDir=" + output);
                Assert.AreNotEqual(0, bad.ExitCode, bad.ToString());
                StringAssert.Contains(bad.Output, "HSB0100");
                Assert.IsFalse(bad.Output.Contains("CACHE-HIT", StringComparison.Ordinal), bad.ToString());
                AssertSame(before, Sources(site), bad.ToString());
                Assert.AreEqual(0, Directory.GetDirectories(site.Root, ".*", SearchOption.AllDirectories).Count(d => Path.GetFileName(d).Contains(".new-", StringComparison.Ordinal)));
            }
        }

        [TestMethod]
        public void OutputIsAFile_FailsWithHSB0103_FileKept_NothingLeftBeside()
        {
            SampleSite site = SampleSite.Docs();
            site.Write("outfile", "my notes");
            RunResult bad = site.Build("-p:HugoOutputDir=outfile");
            Assert.AreNotEqual(0, bad.ExitCode, bad.ToString());
            StringAssert.Contains(bad.Output, "HSB0103");
            Assert.AreEqual("my notes", site.Read("outfile"));
            Assert.AreEqual(0, Directory.GetFileSystemEntries(site.SiteDir, ".outfile*").Length);
        }

        [TestMethod]
        public void UserFilesInTheOutputFolder_SurviveBuildRebuildCacheHitAndClean()
        {
            SampleSite site = SampleSite.Docs();
            string docs = Path.Combine(site.Root, "docs");
            Directory.CreateDirectory(Path.Combine(docs, ".git"));
            File.WriteAllText(Path.Combine(docs, "CNAME"), "docs.example.org");
            File.WriteAllText(Path.Combine(docs, "README.md"), "# the gh-pages branch");
            File.WriteAllText(Path.Combine(docs, ".git", "HEAD"), "ref: refs/heads/gh-pages");
            var mine = SampleSite.Snapshot(docs);
            string[] args = { "-p:HugoOutputDir=../docs" };

            void AssertMine(RunResult run)
            {
                Assert.AreEqual(0, run.ExitCode, run.ToString());
                var now = SampleSite.Snapshot(docs);
                foreach (var pair in mine)
                {
                    Assert.IsTrue(now.TryGetValue(pair.Key, out var hash) && hash == pair.Value, pair.Key + " was lost.\n" + run);
                }
            }

            RunResult first = site.Build(args);
            AssertMine(first);
            Assert.IsTrue(File.Exists(Path.Combine(docs, "index.html")), first.ToString());

            site.Write("content/posts/added-by-test.md", "---\ntitle: Added\n---\nAdded.\n");
            AssertMine(site.Build(args));
            AssertMine(site.Dotnet("build", "-p:HugoOutputDir=../docs", "-t:Rebuild"));

            File.Delete(Path.Combine(site.SiteDir, "content", "posts", "added-by-test.md"));
            RunResult hit = site.Build(args);
            AssertMine(hit);
            StringAssert.Contains(hit.Output, "CACHE-HIT");

            RunResult clean = site.Dotnet("clean", "-p:HugoOutputDir=../docs");
            AssertMine(clean);
            Assert.IsFalse(File.Exists(Path.Combine(docs, "index.html")), "clean removes what the build published.\n" + clean);
            CollectionAssert.AreEquivalent(mine.Keys.ToList(), SampleSite.Snapshot(docs).Keys.ToList(), "After clean only the user's files are left.");
        }

        [TestMethod]
        public void OutputThatIsALink_IsPublishedIntoItsTarget()
        {
            SampleSite site = SampleSite.Docs();
            string target = Path.Combine(site.Root, "www");
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "CNAME"), "www.example.org");
            File.CreateSymbolicLink(site.PublicDir, target);

            RunResult build = site.Build();
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            Assert.IsNotNull(new DirectoryInfo(site.PublicDir).LinkTarget, "public/ is still the user's link.");
            Assert.IsTrue(File.Exists(Path.Combine(target, "index.html")));
            Assert.AreEqual("www.example.org", File.ReadAllText(Path.Combine(target, "CNAME")));
        }

        [TestMethod]
        public void TwoBuildsAtOnce_NeverPublishOrCacheAnIncompleteSite_AndAFreshCopyRestoresComplete()
        {
            SampleSite site = SampleSite.Docs();
            SampleSite reference = SampleSite.Docs();
            var fresh = SampleSite.Docs();

            for (int round = 0; round < 4; round++)
            {
                string page = "content/posts/round-" + round + ".md";
                string text = "---\ntitle: Round " + round + "\n---\nRound " + round + ".\n";
                site.Write(page, text);
                fresh.Write(page, text);
                reference.Write(page, text);
                RunResult alone = reference.Build("-p:HugoCache=false");
                Assert.AreEqual(0, alone.ExitCode, alone.ToString());
                var builds = new[] { Start(site), Start(site) };
                foreach (var (process, output) in builds)
                {
                    Assert.IsTrue(process.WaitForExit(240_000), "A build hung.");
                    process.WaitForExit();
                    Assert.AreEqual(0, process.ExitCode, "round " + round + ":\n" + output);
                }

                var published = SampleSite.Snapshot(site.PublicDir);
                CollectionAssert.AreEqual(SampleSite.Snapshot(reference.PublicDir).Keys.ToList(), published.Keys.ToList(),
                    "round " + round + ": the published site differs from one built alone.\n" + builds[0].Output + "\n" + builds[1].Output);
                foreach (var (_, output) in builds)
                {
                    Assert.IsFalse(output.ToString().Contains("HSB3001", StringComparison.Ordinal) || output.ToString().Contains("HSB3003", StringComparison.Ordinal), "The builds' phase timings interleaved:\n" + output);
                }

                Assert.AreEqual(0, Directory.GetDirectories(site.SiteDir, ".public.*").Length, "Nothing may be left beside public/.");
            }

            RunResult restored = fresh.Build("-p:HugoCacheDir=" + site.CacheDir);
            Assert.AreEqual(0, restored.ExitCode, restored.ToString());
            StringAssert.Contains(restored.Output, "CACHE-HIT");
            CollectionAssert.AreEqual(SampleSite.Snapshot(site.PublicDir).ToList(), SampleSite.Snapshot(fresh.PublicDir).ToList(), "The restored site differs from the built one.");
        }

        [TestMethod]
        public void ImmutableFileInTheOldSite_NewSiteIsPublished_AndTheMessageSaysSoTruly()
        {
            SampleSite site = SampleSite.Docs();
            Assert.AreEqual(0, site.Build().ExitCode);
            string pinned = Path.Combine(site.PublicDir, "index.html");
            if (Chattr("+i", pinned) != 0)
            {
                Assert.Inconclusive("chattr +i is not supported here (needs root and ext4).");
            }

            try
            {
                site.Write("content/posts/after-pin.md", "---\ntitle: After pin\n---\nAfter.\n");
                RunResult build = site.Build();
                Assert.AreEqual(0, build.ExitCode, build.ToString());
                StringAssert.Contains(build.Output, "HSB0107");
                Assert.IsFalse(build.Output.Contains("was kept", StringComparison.Ordinal), "Nothing may claim the previous site was kept:\n" + build);
                Assert.IsTrue(Directory.EnumerateFiles(site.PublicDir, "*.html", SearchOption.AllDirectories).Any(f => f.Contains("after-pin", StringComparison.Ordinal)), "The new site is in public/.\n" + build);
            }
            finally
            {
                foreach (string file in Directory.EnumerateFiles(site.SiteDir, "index.html", SearchOption.AllDirectories))
                {
                    Chattr("-i", file);
                }
            }
        }

        private static int Chattr(string flag, string file)
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", new[] { flag, file }) { UseShellExecute = false, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }

        private static (Process Process, System.Text.StringBuilder Output) Start(SampleSite site, params string[] extra)
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = site.SiteDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "build", site.ProjectFile, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir })
            {
                info.ArgumentList.Add(a);
            }

            foreach (string a in extra)
            {
                info.ArgumentList.Add(a);
            }

            foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            {
                info.Environment.Remove(key);
            }

            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            var output = new System.Text.StringBuilder();
            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return (process, output);
        }

        [TestMethod]
        public void BuildKilledWhileHugoRuns_NextBuildStopsThatHugo_AndSucceeds()
        {
            SampleSite site = SampleSite.Docs();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = SampleSite.Snapshot(site.PublicDir);
            string slow = Path.Combine(site.Root, "slow-hugo.sh");
            File.WriteAllText(slow, "#!/bin/sh\nif [ \"$1\" = version ]; then exec hugo version; fi\nsleep 60\nexec hugo \"$@\"\n");
            File.SetUnixFileMode(slow, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            site.Write("content/posts/killed.md", "---\ntitle: Killed\n---\nKilled.\n");

            var (build, output) = Start(site, "-p:HugoExecutable=" + slow);
            string record = Path.Combine(site.SiteDir, "obj", "hugo", "hugo.pid");
            var watch = Stopwatch.StartNew();
            while (!File.Exists(record) && watch.Elapsed < TimeSpan.FromMinutes(2) && !build.HasExited)
            {
                Thread.Sleep(100);
            }

            Assert.IsTrue(File.Exists(record), "Hugo never started.\n" + output);
            int hugo = int.Parse(File.ReadAllText(record).Split('\t')[0]);
            KillTree(build.Id);
            build.WaitForExit();
            Assert.IsTrue(IsAlive(hugo), "The slow Hugo should outlive the killed build, as a real one would.");
            CollectionAssert.AreEqual(before.ToList(), SampleSite.Snapshot(site.PublicDir).ToList(), "A killed build leaves the previous site.");

            RunResult next = site.Build();
            Assert.AreEqual(0, next.ExitCode, next.ToString());
            StringAssert.Contains(next.Output, "HSB0105");
            Assert.IsFalse(IsAlive(hugo), "The leftover Hugo must be stopped.");
            Assert.IsTrue(Directory.EnumerateFiles(site.PublicDir, "*.html", SearchOption.AllDirectories).Any(f => f.Contains("killed", StringComparison.Ordinal)), next.ToString());
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                string stat = File.ReadAllText("/proc/" + pid + "/stat");
                return !stat.Substring(stat.LastIndexOf(')') + 2).StartsWith("Z", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>SIGKILL to the build and its MSBuild nodes, but not to the Hugo it started (that is what a crash leaves).</summary>
        private static void KillTree(int root)
        {
            var victims = new List<int> { root };
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out int pid))
                {
                    try
                    {
                        string cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                        string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        int ppid = int.Parse(stat.Substring(stat.LastIndexOf(')') + 2).Split(' ')[1]);
                        if (ppid == root && cmd.Contains("MSBuild", StringComparison.Ordinal))
                        {
                            victims.Add(pid);
                        }
                    }
                    catch (IOException)
                    {
                    }
                }
            }

            foreach (int pid in victims)
            {
                Process.Start("kill", "-9 " + pid)!.WaitForExit();
            }
        }
    }
}
