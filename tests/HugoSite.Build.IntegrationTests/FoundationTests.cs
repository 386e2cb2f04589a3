using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>Real dotnet build, real Hugo, on copies of the sample sites, in both project forms.</summary>
    [TestClass]
    public sealed class FoundationTests
    {
        [TestMethod]
        public void SdkForm_BuildsSite_RecordsHistory_ThenIsUpToDate_ThenRebuildsOnContentChange()
        {
            SampleSite site = SampleSite.Docs();

            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), "public/index.html was not written.\n" + first);
            Assert.IsTrue(Directory.EnumerateFiles(site.PublicDir, "index.html", SearchOption.AllDirectories).Count() >= 30,
                "The sample has more than 30 pages; fewer were published.");
            Assert.IsTrue(Directory.Exists(Path.Combine(site.PublicDir, "tags")), "Tag pages are missing.");

            List<JsonElement> history = site.History();
            Assert.AreEqual(1, history.Count, "One build, one history line.");
            JsonElement record = history[0];
            Assert.IsTrue(record.GetProperty("success").GetBoolean());
            Assert.AreEqual("default", record.GetProperty("template").GetString());
            Assert.AreEqual("compose", record.GetProperty("theme").GetString());
            Assert.IsTrue(record.GetProperty("total_ms").GetDouble() > 0);
            JsonElement phases = record.GetProperty("phases");
            foreach (string phase in new[] { "setup", "copy", "components", "hugo", "cleanup" })
            {
                Assert.IsTrue(phases.TryGetProperty(phase, out _), "The record lacks phase " + phase + ": " + record);
            }

            Assert.IsTrue(record.GetProperty("metrics").GetProperty("file_count").GetInt64() > 30);
            Assert.IsFalse(string.IsNullOrEmpty(record.GetProperty("hugo").GetProperty("version").GetString()));
            string indexBefore = File.ReadAllText(Path.Combine(site.PublicDir, "index.html"));
            DateTime indexTime = File.GetLastWriteTimeUtc(Path.Combine(site.PublicDir, "index.html"));

            RunResult second = site.Build();
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "up to date", "A build with nothing changed must say the site is up to date.");
            Assert.AreEqual(1, site.History().Count, "An up-to-date build is not a build: no history line.");
            Assert.AreEqual(indexTime, File.GetLastWriteTimeUtc(Path.Combine(site.PublicDir, "index.html")), "Nothing may be rewritten when nothing changed.");

            string page = Directory.EnumerateFiles(Path.Combine(site.SiteDir, "content"), "*.md", SearchOption.AllDirectories)
                .First(p => !Path.GetFileName(p).StartsWith("_", StringComparison.Ordinal));
            File.AppendAllText(page, "\n\nA sentence added by the rebuild test: zebra-quartz-unique.\n");

            RunResult third = site.Build();
            Assert.AreEqual(0, third.ExitCode, third.ToString());
            Assert.IsFalse(third.Output.Contains("up to date", StringComparison.Ordinal), "A changed content file must rebuild.\n" + third);
            Assert.AreEqual(2, site.History().Count);
            Assert.IsTrue(Directory.EnumerateFiles(site.PublicDir, "*.html", SearchOption.AllDirectories)
                .Any(f => File.ReadAllText(f).Contains("zebra-quartz-unique", StringComparison.Ordinal)), "The changed page was not republished.");
            Assert.AreNotEqual(string.Empty, indexBefore);
        }

        [TestMethod]
        public void SdkForm_Clean_RemovesWorkFolderAndOutput_AndRebuildWorks()
        {
            SampleSite site = SampleSite.Docs();
            RunResult build = site.Build();
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            Assert.IsTrue(Directory.Exists(site.WorkDir));

            RunResult clean = site.Dotnet("clean");
            Assert.AreEqual(0, clean.ExitCode, clean.ToString());
            Assert.IsFalse(Directory.Exists(site.PublicDir), "clean must remove the output the build made.");
            Assert.IsFalse(Directory.Exists(site.WorkDir), "clean must remove the work folder.");

            RunResult rebuild = site.Build("-t:Rebuild");
            Assert.AreEqual(0, rebuild.ExitCode, rebuild.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));
        }

        [TestMethod]
        public void NoTargetsForm_PackageReference_BuildsSite_AndIsUpToDateNextTime()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), first.ToString());
            JsonElement record = site.History().Single();
            Assert.AreEqual("minimal", record.GetProperty("template").GetString());

            RunResult second = site.Build();
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "up to date");
            Assert.AreEqual(1, site.History().Count);

            RunResult clean = site.Dotnet("clean");
            Assert.AreEqual(0, clean.ExitCode, clean.ToString());
            Assert.IsFalse(Directory.Exists(site.PublicDir));
        }

        [TestMethod]
        public void MissingTheme_FailsWithCode_AndKeepsThePreviousSite()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = SampleSite.Snapshot(site.PublicDir);

            RunResult broken = site.Build("-p:HugoTheme=no-such-theme");
            Assert.AreNotEqual(0, broken.ExitCode, broken.ToString());
            StringAssert.Contains(broken.Output, "HSB0013");
            StringAssert.Contains(broken.Output, "no-such-theme");
            CollectionAssert.AreEqual(before.ToList(), SampleSite.Snapshot(site.PublicDir).ToList(), "A failed build must leave public/ as it was.");
            List<JsonElement> history = site.History();
            Assert.AreEqual(2, history.Count, "A build that fails validation still leaves a history line.");
            Assert.IsFalse(history[1].GetProperty("success").GetBoolean());

            RunResult again = site.Build();
            Assert.AreEqual(0, again.ExitCode, again.ToString());
            Assert.IsTrue(site.History().Last().GetProperty("success").GetBoolean(), "Back to good settings, the site builds again.");
        }

        [TestMethod]
        public void MissingHugo_FailsWithCode_ExplainsHowToInstall_AndRecordsAFailedBuild()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build("-p:HugoExecutable=" + Path.Combine(site.Root, "no", "hugo"));
            Assert.AreNotEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, "HSB0001");
            StringAssert.Contains(result.Output, "HugoExecutable");
            StringAssert.Contains(result.Output, "apt-get install hugo");
            Assert.IsFalse(Directory.Exists(site.PublicDir));
            JsonElement record = site.History().Single();
            Assert.IsFalse(record.GetProperty("success").GetBoolean(), "A failed build still leaves a history line with success=false.");
        }

        [TestMethod]
        public void HugoError_IsReportedAtTheUsersFile_AndKeepsThePreviousSite()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            var before = SampleSite.Snapshot(site.PublicDir);

            site.Write("content/broken.md", "---\ntitle: Broken\n---\n\nThis page calls {{< no-such-shortcode >}}.\n");
            RunResult broken = site.Build();
            Assert.AreNotEqual(0, broken.ExitCode, broken.ToString());
            StringAssert.Contains(broken.Output, "HSB0003");
            StringAssert.Contains(broken.Output, Path.Combine(site.SiteDir, "content", "broken.md"), "The error must point at the user's file, not its copy in obj/.");
            CollectionAssert.AreEqual(before.ToList(), SampleSite.Snapshot(site.PublicDir).ToList(), "A failed Hugo build must leave public/ as it was.");
            List<JsonElement> history = site.History();
            Assert.AreEqual(2, history.Count);
            Assert.IsFalse(history[1].GetProperty("success").GetBoolean());

            File.Delete(Path.Combine(site.SiteDir, "content", "broken.md"));
            RunResult fixedBuild = site.Build();
            Assert.AreEqual(0, fixedBuild.ExitCode, "After the fix the build must run again (a failure never marks the site up to date).\n" + fixedBuild);
            StringAssert.DoesNotMatch(fixedBuild.Output, new System.Text.RegularExpressions.Regex("up to date"));
        }

        [TestMethod]
        public void ParallelOff_BuildsTheSameSite()
        {
            SampleSite parallel = SampleSite.Docs();
            SampleSite sequential = SampleSite.Docs();
            Assert.AreEqual(0, parallel.Build().ExitCode);
            RunResult result = sequential.Build("-p:HugoParallel=false");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsFalse(sequential.History().Single().GetProperty("parallel").GetProperty("enabled").GetBoolean());
            CollectionAssert.AreEquivalent(
                SampleSite.Snapshot(parallel.PublicDir).Keys.ToList(),
                SampleSite.Snapshot(sequential.PublicDir).Keys.ToList(),
                "Parallelism must not change which files the site has.");
        }
    }
}
