namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// The dotnet new templates, as a user gets them: HugoSite.Build.Templates packed beside the package, installed
    /// from the local feed into a template home of the test's own (--debug:custom-hive), then real dotnet new, real
    /// dotnet build against the packed package and real Hugo.
    /// </summary>
    [TestClass]
    public sealed class TemplatesTests
    {
        private const string Version = "1.0.0";

        private static string? _hive;

        private static string TemplatesProject => Path.Combine(Harness.RepoRoot, "src", "HugoSite.Build.Templates", "HugoSite.Build.Templates.csproj");

        private static string Hive => _hive ?? throw new InvalidOperationException("The templates were not installed.");

        [ClassInitialize]
        public static void PackAndInstall(TestContext context)
        {
            _hive = Install(Pack(Harness.Feed, Version), "hive");
        }

        [TestMethod]
        public void Hugosite_WithALocalFeed_CreatesASiteThatBuildsLikePlainHugo_IsUpToDate_AndLeavesGitClean()
        {
            // Outside the test root, so that only the nuget.config the template writes says where HugoSite.Build
            // comes from; a package folder of its own, so the package just packed is the one restored.
            string root = Path.Combine(Path.GetTempPath(), "hsb-templates-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                string feed = Path.Combine(root, "feed");
                Directory.CreateDirectory(feed);
                File.Copy(Harness.Package, Path.Combine(feed, Path.GetFileName(Harness.Package)));
                RunResult created = New(root, "hugosite", "-n", "harbour-notes", "--local-feed", "../feed");
                Assert.AreEqual(0, created.ExitCode, created.ToString());

                string site = Path.Combine(root, "harbour-notes");
                Assert.AreEqual("<Project Sdk=\"HugoSite.Build/" + Version + "\" />", File.ReadAllText(Path.Combine(site, "harbour-notes.proj")).Trim(),
                    "The one-line project, named after the site, on the version packed with the templates.");
                StringAssert.Contains(File.ReadAllText(Path.Combine(site, "hugo.toml")), "title = \"harbour-notes\"");
                StringAssert.Contains(File.ReadAllText(Path.Combine(site, "nuget.config")), "<add key=\"hugosite-build\" value=\"../feed\" />");
                CollectionAssert.IsSubsetOf(new[] { "/public/", "/obj/", "/bin/", "/resources/_gen/", ".hugo_build.lock" },
                    File.ReadAllLines(Path.Combine(site, ".gitignore")));

                SortedDictionary<string, string> expected = StandardLayoutTests.PlainHugo(site, "public");
                Assert.IsTrue(expected.ContainsKey("index.html") && expected.ContainsKey("posts/first-post/index.html"), string.Join(", ", expected.Keys));
                Git(site, "init", "-q");
                Git(site, "add", "-A");
                string tracked = Git(site, "status", "--porcelain", "--untracked-files=all");

                var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
                string[] build = { "build", Path.Combine(site, "harbour-notes.proj"), "-nologo", "-v:m",
                    "-p:HugoPerformanceHistoryFile=" + Path.Combine(root, "history.jsonl"), "-p:HugoCacheDir=" + Path.Combine(root, "cache") };
                RunResult first = Dotnet.RunWithEnvironment(site, env, build);
                Assert.AreEqual(0, first.ExitCode, first.ToString());
                Assert.IsTrue(Directory.Exists(Path.Combine(root, "packages", "hugosite.build", Version)), "HugoSite.Build came from the template's feed.\n" + first);
                CollectionAssert.AreEqual(expected, SampleSite.Snapshot(Path.Combine(site, "public")), "The new site must be byte-identical to plain hugo's.\n" + first);

                RunResult second = Dotnet.RunWithEnvironment(site, env, build);
                Assert.AreEqual(0, second.ExitCode, second.ToString());
                StringAssert.Contains(second.Output, "site is up to date", second.ToString());
                Assert.AreEqual(tracked, Git(site, "status", "--porcelain", "--untracked-files=all"),
                    "Everything the build and Hugo wrote is covered by the template's .gitignore.");
            }
            finally
            {
                if (Environment.GetEnvironmentVariable("HSB_KEEP_TEST_ROOT") != "1" && Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }

        [TestMethod]
        public void HugositeProject_InAStandardSite_AddsOnlyTheProjectNamedAfterTheFolder_AndTheSiteBuildsLikePlainHugo()
        {
            SampleSite site = StandardLayoutTests.Fresh("StandardSite");
            File.Delete(site.ProjectFile);
            SortedDictionary<string, string> before = SampleSite.Snapshot(site.SiteDir);
            SortedDictionary<string, string> expected = StandardLayoutTests.PlainHugo(site.SiteDir, "public");

            RunResult created = New(site.SiteDir, "hugosite-project");
            Assert.AreEqual(0, created.ExitCode, created.ToString());
            StringAssert.Contains(created.Output, ".gitignore", "The template says what to keep out of version control.\n" + created);
            SortedDictionary<string, string> after = SampleSite.Snapshot(site.SiteDir);
            CollectionAssert.AreEqual(before.Keys.Append("StandardSite.proj").OrderBy(k => k, StringComparer.Ordinal).ToList(), after.Keys.ToList(),
                "Only the project file is added, named after the folder; no nuget.config without --local-feed.");
            Assert.AreEqual("<Project Sdk=\"HugoSite.Build/" + Version + "\" />", File.ReadAllText(site.ProjectFile).Trim());

            RunResult build = site.Build();
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(site.PublicDir), "The site must be byte-identical to plain hugo's.\n" + build);
            RunResult again = site.Build();
            StringAssert.Contains(again.Output, "site is up to date", again.ToString());
        }

        [TestMethod]
        public void HugositeProject_WhereTheProjectFileExists_StopsWithExitCode73_AndWritesNothing()
        {
            SampleSite site = StandardLayoutTests.Fresh("StandardSite");
            const string mine = "<Project Sdk=\"HugoSite.Build/1.0.0\">\n  <PropertyGroup><HugoTheme>regatta</HugoTheme></PropertyGroup>\n</Project>\n";
            File.WriteAllText(site.ProjectFile, mine);
            SortedDictionary<string, string> before = SampleSite.Snapshot(site.SiteDir);

            RunResult created = New(site.SiteDir, "hugosite-project", "--local-feed", "../feed");
            Assert.AreEqual(73, created.ExitCode, "dotnet new refuses to change existing files (its exit code 73).\n" + created);
            StringAssert.Contains(created.Output, "StandardSite.proj", created.ToString());
            StringAssert.Contains(created.Output, "--force", created.ToString());
            Assert.AreEqual(mine, File.ReadAllText(site.ProjectFile), "The user's project file is untouched.");
            CollectionAssert.AreEqual(before, SampleSite.Snapshot(site.SiteDir), "Nothing else was written either (not the nuget.config).");
        }

        [TestMethod]
        public void HugositeProject_OutsideAHugoSitesRoot_BuildFailsWithHSB0606_AndWritesNoSite()
        {
            string folder = Path.Combine(Harness.Root, "not-a-site-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path.Combine(folder, "content"));
            File.WriteAllText(Path.Combine(folder, "content", "notes.md"), "Not a Hugo site: no config beside it.\n");
            RunResult created = New(folder, "hugosite-project", "-n", "site");
            Assert.AreEqual(0, created.ExitCode, created.ToString());

            RunResult build = Dotnet.Run(folder, "build", Path.Combine(folder, "site.proj"), "-nologo", "-v:m",
                "-p:HugoPerformanceHistoryFile=" + Path.Combine(folder, "..", "not-a-site-history.jsonl"));
            Assert.AreNotEqual(0, build.ExitCode, build.ToString());
            StringAssert.Contains(build.Output, "HSB0606", build.ToString());
            StringAssert.Contains(build.Output, "dotnet new hugosite", "The message says what to do.\n" + build);
            Assert.IsFalse(Directory.Exists(Path.Combine(folder, "public")), "Nothing is built.");
        }

        [TestMethod]
        public void Templates_WriteTheVersionTheyArePackedWith_AndXmlEncodeTheFeed()
        {
            string feed = Path.Combine(Harness.Root, "probe-feed");
            string hive = Install(Pack(feed, "2.3.4-probe"), "probe-hive");
            string folder = Path.Combine(Harness.Root, "probe-site");
            Directory.CreateDirectory(folder);

            RunResult created = NewFrom(hive, folder, "hugosite-project", "--local-feed", "feeds/a&b");
            Assert.AreEqual(0, created.ExitCode, created.ToString());
            Assert.AreEqual("<Project Sdk=\"HugoSite.Build/2.3.4-probe\" />", File.ReadAllText(Path.Combine(folder, "probe-site.proj")).Trim());
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "nuget.config")), "value=\"feeds/a&amp;b\"");
        }

        private static string Pack(string output, string version)
        {
            RunResult pack = Dotnet.Run(Harness.RepoRoot, "pack", TemplatesProject, "-c", "Release", "-o", output, "-p:Version=" + version, "-nologo");
            string package = Path.Combine(output, "HugoSite.Build.Templates." + version + ".nupkg");
            Assert.IsTrue(pack.ExitCode == 0 && File.Exists(package), "dotnet pack of the templates failed:\n" + pack);
            return package;
        }

        /// <summary>dotnet new install from the .nupkg into a template home of its own; returns that home.</summary>
        private static string Install(string package, string name)
        {
            string hive = Path.Combine(Harness.Root, "templates-" + name);
            RunResult install = Dotnet.Run(Harness.Root, "new", "install", package, "--debug:custom-hive", hive);
            Assert.AreEqual(0, install.ExitCode, install.ToString());
            StringAssert.Contains(install.Output, "hugosite-project", install.ToString());
            return hive;
        }

        private static RunResult New(string folder, string template, params string[] arguments) => NewFrom(Hive, folder, template, arguments);

        /// <summary>dotnet new in a folder, from the given template home, never asking the network for updates.</summary>
        private static RunResult NewFrom(string hive, string folder, string template, params string[] arguments)
        {
            var all = new List<string> { "new", template };
            all.AddRange(arguments);
            all.AddRange(new[] { "--no-update-check", "--debug:custom-hive", hive });
            return Dotnet.Run(folder, all.ToArray());
        }

        private static string Git(string folder, params string[] arguments)
        {
            RunResult git = Tool.Run("git", folder, arguments);
            Assert.AreEqual(0, git.ExitCode, "git " + string.Join(' ', arguments) + ":\n" + git.Output);
            return git.Output;
        }
    }
}
