using System.Diagnostics;
using System.Text.Json;
using HugoSite.Build.Tasks.Tests.Tools;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// A one-line project at the root of an ordinary Hugo site: real dotnet build and real Hugo on copies of the
    /// standard-layout samples, each compared with plain `hugo` run on another copy of the same tree.
    /// </summary>
    [TestClass]
    public sealed class StandardLayoutTests
    {
        [TestMethod]
        public void StandardSite_ThemeFromConfig_MatchesPlainHugo_UpToDate_RebuildsOnEdit_RevertIsCacheHit_LeavesNothingBehind() =>
            BuildLikeHugo("StandardSite", "public", "resources", "content/posts/spring-regatta.md", "posts/spring-regatta/index.html");

        [TestMethod]
        public void StandardNoTheme_LayoutsInTheSite_MatchesPlainHugo_UpToDate_RebuildsOnEdit_RevertIsCacheHit_LeavesNothingBehind() =>
            BuildLikeHugo("StandardNoTheme", "public", "resources", "layouts/_default/single.html", "recipes/flatbread/index.html");

        [TestMethod]
        public void StandardThemeComponents_TwoThemes_MatchesPlainHugo_UpToDate_RebuildsOnEdit_RevertIsCacheHit_LeavesNothingBehind() =>
            BuildLikeHugo("StandardThemeComponents", "public", "resources", "themes/callouts/layouts/shortcodes/callout.html", "guides/gps-base-station/index.html");

        [TestMethod]
        public void StandardConfigDir_EnvironmentsAndMovedFolders_OutputFollowsPublishDir_MatchesPlainHugo_RevertIsCacheHit_LeavesNothingBehind() =>
            BuildLikeHugo("StandardConfigDir", "dist", "hugo-cache", "facts/sky.yaml", "notes/jupiter/index.html");

        [TestMethod]
        public void StandardPostCss_PostCssFromTheSitesNodeModules_MatchesPlainHugo_UpToDate_RebuildsOnEdit_RevertIsCacheHit_LeavesNothingBehind()
        {
            Assert.IsTrue(File.Exists(Path.Combine(Harness.RepoRoot, "samples", "StandardPostCss", "node_modules", ".bin", "postcss")),
                "The sample's npm packages are not installed: run 'npm ci' in samples/StandardPostCss (.ci/run does).");
            BuildLikeHugo("StandardPostCss", "public", "resources", "assets/css/site.css", "index.html", site =>
            {
                // npm's node_modules/.bin holds links, which a plain file copy breaks: the copy links to the installed packages.
                string modules = Path.Combine(site.SiteDir, "node_modules");
                Directory.Delete(modules, recursive: true);
                Directory.CreateSymbolicLink(modules, Path.Combine(Harness.RepoRoot, "samples", "StandardPostCss", "node_modules"));
            });
        }

        [TestMethod]
        public void StandardVendored_HugoModuleInVendor_MatchesPlainHugo_UpToDate_RebuildsOnEdit_RevertIsCacheHit_LeavesNothingBehind() =>
            BuildLikeHugo("StandardVendored", "public", "resources", "_vendor/example.org/hsb/ferry-theme/layouts/_default/single.html", "crossings/old-quay/index.html");

        [TestMethod]
        public void StandardVendored_WithoutGo_BuildsFromVendor_AndWithoutVendorIsHSB0603()
        {
            SampleSite site = Fresh("StandardVendored");
            // A PATH with dotnet and hugo but no go.
            var environment = new Dictionary<string, string?> { ["PATH"] = PathWithOnly(site, "dotnet", "hugo") };
            string[] args = { "build", site.ProjectFile, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir };
            RunResult vendored = Dotnet.RunWithEnvironment(site.SiteDir, environment, args);
            Assert.AreEqual(0, vendored.ExitCode, vendored.ToString());
            StringAssert.Contains(site.Read("public/crossings/old-quay/index.html"), "Crossing time: 12 minutes.");

            Directory.Delete(Path.Combine(site.SiteDir, "_vendor"), recursive: true);
            RunResult unvendored = Dotnet.RunWithEnvironment(site.SiteDir, environment, args);
            Assert.AreNotEqual(0, unvendored.ExitCode, unvendored.ToString());
            StringAssert.Contains(unvendored.Output, "HSB0603", unvendored.ToString());
            StringAssert.Contains(site.Read("public/crossings/old-quay/index.html"), "Crossing time: 12 minutes.", "The refused build keeps the site.");
        }

        [TestMethod]
        public void StandardConfigDir_PinnedHugoOnly_ReadsTheConfig_SoTheOutputFollowsPublishDir_AndRebuildsOffline()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("The served archive is this machine's Linux hugo.");
            }

            SampleSite site = Fresh("StandardConfigDir", "dist", "hugo-cache");
            SortedDictionary<string, string> expected = PlainHugo(site, "dist");
            string arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";
            using var server = new LoopbackReleaseServer();
            ReleaseFiles.Publish(server, ReleaseFiles.MachineVersion, "hugo_extended_" + ReleaseFiles.MachineVersion + "_linux-" + arch + ".tar.gz", ReleaseFiles.RealHugoArchive());
            // No hugo on PATH: only the pinned one can answer `hugo config`, and Hugo's defaults would say public/.
            var environment = new Dictionary<string, string?> { ["PATH"] = PathWithOnly(site, "dotnet") };
            string[] args = { "build", site.ProjectFile, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir,
                "-p:HugoVersion=" + ReleaseFiles.MachineVersion, "-p:HugoDownloadBaseUrl=" + server.BaseUrl, "-p:HugoToolsDir=" + Path.Combine(site.Root, "tools") };

            RunResult first = Dotnet.RunWithEnvironment(site.SiteDir, environment, args);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(Path.Combine(site.SiteDir, "dist")), "The pinned Hugo read publishDir = \"dist\".\n" + first);
            Assert.IsFalse(Directory.Exists(site.PublicDir), "Nothing is written where Hugo's defaults would put the site.");
            Assert.AreEqual("download", site.History().Last().GetProperty("hugo").GetProperty("source").GetString());
            server.Stop();

            RunResult noOp = Dotnet.RunWithEnvironment(site.SiteDir, environment, args);
            Assert.AreEqual(0, noOp.ExitCode, noOp.ToString());
            StringAssert.Contains(noOp.Output, "site is up to date in " + Path.Combine(site.SiteDir, "dist"), noOp.ToString());

            site.Write("facts/sky.yaml", site.Read("facts/sky.yaml").Replace("Bortle class 3", "Bortle class 4", StringComparison.Ordinal));
            RunResult edited = Dotnet.RunWithEnvironment(site.SiteDir, environment, args);
            Assert.AreEqual(0, edited.ExitCode, edited.ToString());
            StringAssert.Contains(site.Read("dist/notes/jupiter/index.html"), "Bortle class 4", "Rebuilt by the installed Hugo, with the server gone.\n" + edited);
        }

        [TestMethod]
        public void StandardSite_HugoThemeOverridesTheConfig_LikeHugosThemeFlag()
        {
            SampleSite site = Fresh("StandardSite");
            site.Write("themes/bare/layouts/_default/single.html", "<p>bare: {{ .Title }}</p>\n");
            site.Write("themes/bare/layouts/_default/list.html", "<p>bare list: {{ .Title }}</p>\n");
            site.Write("themes/bare/layouts/index.html", "<p>bare home: {{ .Site.Title }}</p>\n");
            SortedDictionary<string, string> expected = PlainHugo(site, "public", "--theme", "bare");

            RunResult build = site.Build("-p:HugoTheme=bare");
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(site.PublicDir), "HugoTheme=bare must build what `hugo --theme bare` builds.\n" + build);
            StringAssert.Contains(site.Read("public/posts/new-boat/index.html"), "bare: A new coxed four");

            // Back to the config's theme: a setting changed, so the site is built again (a cache hit of the first theme is fine too).
            RunResult back = site.Build();
            Assert.AreEqual(0, back.ExitCode, back.ToString());
            Assert.IsFalse(back.Output.Contains("up to date", StringComparison.Ordinal), "Dropping HugoTheme changes the site.\n" + back);
            string page = site.Read("public/posts/new-boat/index.html");
            StringAssert.Contains(page, "<article><h1>A new coxed four</h1>", "The config's theme (harbor) builds the page again.");
            CollectionAssert.AreEqual(new[] { "bare", "harbor" }, site.History().Select(r => r.GetProperty("theme").GetString()).ToArray(),
                "The history names the theme that built the site: HugoTheme, else the config's.");
            Assert.IsFalse(page.Contains("bare:", StringComparison.Ordinal), page);
        }

        [TestMethod]
        public void StandardSite_MissingThemeFromHugoTheme_FailsWithHugosError_AndKeepsThePreviousSite()
        {
            SampleSite site = Fresh("StandardSite");
            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            string index = site.Read("public/index.html");

            RunResult bad = site.Build("-p:HugoTheme=no-such-theme");
            Assert.AreNotEqual(0, bad.ExitCode, bad.ToString());
            StringAssert.Contains(bad.Output, "no-such-theme", "The error must name the theme Hugo could not find.\n" + bad);
            Assert.AreEqual(index, site.Read("public/index.html"), "A failed build keeps the previous site.");
        }

        [TestMethod]
        public void StandardNoTheme_PublishDirInsideASourceFolder_IsRefusedByTheOutputGuard()
        {
            SampleSite site = Fresh("StandardNoTheme");
            site.Write("hugo.yaml", site.Read("hugo.yaml") + "publishDir: static/site\n");
            List<string> before = SourceFiles(site.SiteDir, "obj", "obj");
            RunResult build = site.Build();
            Assert.AreNotEqual(0, build.ExitCode, build.ToString());
            StringAssert.Contains(build.Output, "HSB0100", "The output may not lie inside the site's static folder.\n" + build);
            StringAssert.Contains(build.Output, "static", build.ToString());
            CollectionAssert.AreEqual(before, SourceFiles(site.SiteDir, "obj", "obj"), "Nothing was written into the site.");
        }

        [TestMethod]
        public void StandardSite_DotnetPublish_CopiesTheSiteIntoPublishDir_AndPublishDirCanMove()
        {
            SampleSite site = Fresh("StandardSite");
            RunResult publish = site.Dotnet("publish");
            Assert.AreEqual(0, publish.ExitCode, publish.ToString());
            SortedDictionary<string, string> built = SampleSite.Snapshot(site.PublicDir);
            CollectionAssert.AreEqual(built, SampleSite.Snapshot(Path.Combine(site.SiteDir, "bin", "publish")), "The SDK form publishes to bin/publish/.\n" + publish);

            string elsewhere = Path.Combine(site.Root, "deploy");
            RunResult moved = site.Dotnet("publish", "-p:PublishDir=" + elsewhere + "/");
            Assert.AreEqual(0, moved.ExitCode, moved.ToString());
            StringAssert.Contains(moved.Output, "site is up to date", "Publishing again builds nothing.\n" + moved);
            CollectionAssert.AreEqual(built, SampleSite.Snapshot(elsewhere), "-p:PublishDir moves the published copy.");

            RunResult empty = site.Dotnet("publish", "-p:PublishDir=");
            Assert.AreNotEqual(0, empty.ExitCode, empty.ToString());
            StringAssert.Contains(empty.Output, "HSB0604", "An empty PublishDir has nowhere to publish.\n" + empty);
        }

        [TestMethod]
        public void HugoLayout_Sideways_IsHSB0600()
        {
            SampleSite site = Fresh("StandardNoTheme");
            RunResult build = site.Build("-p:HugoLayout=sideways");
            Assert.AreNotEqual(0, build.ExitCode, build.ToString());
            StringAssert.Contains(build.Output, "HSB0600");
            Assert.IsFalse(Directory.Exists(site.PublicDir), "Nothing may be built from a bad setting.");
        }

        [TestMethod]
        public void HugoLayoutStandard_WithoutAHugoConfig_IsHSB0601_AndLeftAtAutoIsHSB0606()
        {
            SampleSite site = Fresh("StandardNoTheme");
            File.Delete(Path.Combine(site.SiteDir, "hugo.yaml"));
            RunResult build = site.Build("-p:HugoLayout=standard");
            Assert.AreNotEqual(0, build.ExitCode, build.ToString());
            StringAssert.Contains(build.Output, "HSB0601");

            // Without the setting, a folder with no Hugo config, no templates folder and no theme is neither layout.
            RunResult auto = site.Build();
            Assert.AreNotEqual(0, auto.ExitCode, auto.ToString());
            StringAssert.Contains(auto.Output, "HSB0606", auto.ToString());
            Assert.IsFalse(auto.Output.Contains("HSB0011", StringComparison.Ordinal), "One cause, one code.\n" + auto);

            // With a theme it is a composed site, whose own checks speak.
            RunResult composed = site.Build("-p:HugoTheme=compose");
            Assert.AreNotEqual(0, composed.ExitCode, composed.ToString());
            StringAssert.Contains(composed.Output, "HSB0011", composed.ToString());
        }

        [TestMethod]
        public void HugoLayoutComposed_ForcedOnAStandardSite_UsesTheComposedChecks()
        {
            SampleSite site = Fresh("StandardNoTheme");
            RunResult build = site.Build("-p:HugoLayout=composed");
            Assert.AreNotEqual(0, build.ExitCode, build.ToString());
            StringAssert.Contains(build.Output, "HSB0011", "A forced composed layout looks for templates/default/.\n" + build);
        }

        [TestMethod]
        public void NoTargetsForm_AtTheRootOfAStandardSite_NeedsNoHugoProperty()
        {
            SampleSite site = Fresh("StandardNoTheme");
            File.Delete(site.ProjectFile);
            string project = Path.Combine(site.SiteDir, "site.csproj");
            File.WriteAllText(project, """
                <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
                  <PropertyGroup>
                    <TargetFramework>netstandard2.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="HugoSite.Build" Version="1.0.0" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            SortedDictionary<string, string> expected = PlainHugo(site, "public");
            var args = new[] { "build", project, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir };
            RunResult first = Dotnet.Run(site.SiteDir, args);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(site.PublicDir), first.ToString());
            RunResult second = Dotnet.Run(site.SiteDir, args);
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "up to date", "bin/ and obj/ of a NoTargets build are never site inputs.\n" + second);

            string deploy = Path.Combine(site.Root, "deploy");
            RunResult publish = Dotnet.Run(site.SiteDir, "publish", project, "-nologo", "-v:m", "-p:PublishDir=" + deploy + "/",
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir);
            Assert.AreEqual(0, publish.ExitCode, publish.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(deploy), "dotnet publish of the NoTargets form copies the site into PublishDir.\n" + publish);
        }

        [TestMethod]
        public void VisualStudioUpToDateItems_ForAStandardSite_AreExactlyTheBuildsInputs_FollowingHugosConfig()
        {
            SampleSite site = Fresh("StandardConfigDir", "dist", "hugo-cache");
            File.Delete(site.ProjectFile);
            string project = Path.Combine(site.SiteDir, "site.csproj");
            File.WriteAllText(project, """
                <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
                  <PropertyGroup>
                    <TargetFramework>netstandard2.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="HugoSite.Build" Version="1.0.0" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            // Visual Studio's managed project system defines this target (the SDK alone does not); the same shape here.
            File.WriteAllText(Path.Combine(site.Root, "Directory.Build.targets"), """
                <Project>
                  <Target Name="CollectUpToDateCheckInputDesignTime" DependsOnTargets="$(CollectUpToDateCheckInputDesignTimeDependsOn)" Returns="@(UpToDateCheckInput)" />
                </Project>
                """);
            site.Write("package.json", "{ \"private\": true }\n");
            site.Write("package-lock.json", "{ \"lockfileVersion\": 3 }\n");
            site.Write("node_modules/postcss/index.js", "module.exports = {};\n");
            string root = site.SiteDir.Replace('\\', '/') + "/";
            string[] build = { "build", project, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir };
            List<string> DesignTimeInputs()
            {
                RunResult design = Dotnet.Run(site.SiteDir, "msbuild", project, "-nologo", "-p:DesignTimeBuild=true",
                    "-t:CollectUpToDateCheckInputDesignTime", "-getItem:UpToDateCheckInput", "-p:HugoCacheDir=" + site.CacheDir);
                Assert.AreEqual(0, design.ExitCode, design.ToString());
                using JsonDocument json = JsonDocument.Parse(design.Output.Substring(design.Output.IndexOf('{')));
                return json.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray()
                    .Select(i => i.GetProperty("FullPath").GetString()!.Replace('\\', '/')).OrderBy(p => p, StringComparer.Ordinal).ToList();
            }

            RunResult restore = Dotnet.Run(site.SiteDir, "restore", project, "-nologo");
            Assert.AreEqual(0, restore.ExitCode, restore.ToString());
            // Before any build Hugo has not been asked: its default folders are assumed.
            List<string> before = DesignTimeInputs();
            foreach (string input in new[] { "config/_default/hugo.toml", "config/production/params.toml", "pages/notes/jupiter.md", "views/_default/baseof.html",
                "looks/plain/theme.toml", "facts/sky.yaml", "translations/en.toml", "blueprints/default.md", "branding/logo.txt", "styles/main.css", "package.json", "package-lock.json" })
            {
                CollectionAssert.Contains(before, root + input, string.Join("\n", before));
            }

            RunResult first = Dotnet.Run(site.SiteDir, build);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.SiteDir, "dist", "index.html")) && Directory.Exists(Path.Combine(site.SiteDir, "hugo-cache")), first.ToString());

            List<string> after = DesignTimeInputs();
            string inputsFile = root + "obj/hugo/inputs.txt";
            List<string> buildInputs = File.ReadAllLines(inputsFile).Where(l => Path.IsPathRooted(l) && File.Exists(l))
                .Select(l => l.Replace('\\', '/')).Append(inputsFile).OrderBy(p => p, StringComparer.Ordinal).ToList();
            CollectionAssert.AreEqual(buildInputs, after, "Visual Studio sees the build's own inputs (and the file list).\n" + string.Join("\n", after));
            Assert.IsFalse(after.Any(p => p.StartsWith(root + "dist/", StringComparison.Ordinal) || p.StartsWith(root + "hugo-cache/", StringComparison.Ordinal) ||
                p.StartsWith(root + "obj/hugo/", StringComparison.Ordinal) && p != inputsFile || p.StartsWith(root + "bin/", StringComparison.Ordinal) ||
                p.Contains("/node_modules/", StringComparison.Ordinal) || p.EndsWith(".csproj", StringComparison.Ordinal) || p.EndsWith(".hugo_build.lock", StringComparison.Ordinal)),
                "Never the output (publishDir), Hugo's resourceDir or lock, obj/, bin/, node_modules or the project:\n" + string.Join("\n", after));
            CollectionAssert.Contains(after, root + "pages/notes/jupiter.md");

            RunResult commandLine = Dotnet.Run(site.SiteDir, "msbuild", project, "-nologo", "-getItem:UpToDateCheckInput");
            using JsonDocument plain = JsonDocument.Parse(commandLine.Output.Substring(commandLine.Output.IndexOf('{')));
            Assert.AreEqual(0, plain.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").GetArrayLength(),
                "Command-line builds must not glob for Visual Studio's items.");
        }

        [TestMethod]
        public void StandardSite_WithComponents_BuildsThroughTheWorkFolder_AndTheSiteGainsNothing()
        {
            SampleSite site = Fresh("StandardSite");
            List<string> before = SourceFiles(site.SiteDir, "public", "resources");
            string[] components = { "-p:HugoComponents=search", "-p:HugoComponentsDir=../components" };

            RunResult first = site.Build(components);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            StringAssert.Contains(site.Read("public/search-index.json"), "Spring regatta results", "The search component indexes the site's content.\n" + first);
            StringAssert.Contains(site.Read("public/posts/new-boat/index.html"), "<article><h1>A new coxed four</h1>", "The theme from the config still builds the pages.");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "js", "search.js")), "The component's files/ reach the site.");

            RunResult second = site.Build(components);
            StringAssert.Contains(second.Output, "site is up to date", second.ToString());
            CollectionAssert.AreEqual(before, SourceFiles(site.SiteDir, "public", "resources"),
                "Component files and init output go to the work folder, never into the site's tree.");
            Assert.IsFalse(Directory.Exists(Path.Combine(site.SiteDir, "resources")), "Hugo's resource cache is the work folder's in this mode.");
        }

        [TestMethod]
        public void StandardSite_ContentOutsideTheProject_IsAnInput_ButComponentsThenAreHSB0602()
        {
            SampleSite site = Fresh("StandardSite");
            string shared = Path.Combine(site.Root, "shared-content");
            Directory.Move(Path.Combine(site.SiteDir, "content"), shared);
            site.Write("hugo.toml", "contentDir = \"../shared-content\"\n" + site.Read("hugo.toml"));

            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            StringAssert.Contains(site.Read("public/posts/new-boat/index.html"), "Heron");
            File.AppendAllText(Path.Combine(shared, "posts", "new-boat.md"), "\nThe outside folder is watched too.\n");
            RunResult edited = site.Build();
            Assert.AreEqual(0, edited.ExitCode, edited.ToString());
            StringAssert.Contains(site.Read("public/posts/new-boat/index.html"), "The outside folder is watched too.", "A contentDir outside the project is an input.\n" + edited);

            RunResult withComponents = site.Build("-p:HugoComponents=search", "-p:HugoComponentsDir=../components");
            Assert.AreNotEqual(0, withComponents.ExitCode, withComponents.ToString());
            StringAssert.Contains(withComponents.Output, "HSB0602");
            StringAssert.Contains(site.Read("public/posts/new-boat/index.html"), "The outside folder is watched too.", "A refused build keeps the site.");
        }

        private static void BuildLikeHugo(string sample, string outputName, string resourceName, string editFile, string changedPage, Action<SampleSite>? prepare = null)
        {
            SampleSite site = Fresh(sample, outputName, resourceName);
            prepare?.Invoke(site);
            string output = Path.Combine(site.SiteDir, outputName);
            SortedDictionary<string, string> expected = PlainHugo(site, outputName);
            Assert.IsTrue(expected.Count > 3, "Plain Hugo built nothing worth comparing.");
            List<string> before = SourceFiles(site.SiteDir, outputName, resourceName);

            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(output), "The site must be byte-identical to plain hugo's.\n" + first);

            RunResult second = site.Build();
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "site is up to date", "Nothing changed: obj/, the output and Hugo's own files are not inputs.\n" + second);

            string original = site.Read(editFile);
            string pageBefore = File.ReadAllText(Path.Combine(output, changedPage));
            site.Write(editFile, Edit(editFile, original));
            RunResult edited = site.Build();
            Assert.AreEqual(0, edited.ExitCode, edited.ToString());
            Assert.IsFalse(edited.Output.Contains("up to date", StringComparison.Ordinal) || edited.Output.Contains("Build cache hit", StringComparison.Ordinal),
                "An edit must rebuild the site.\n" + edited);
            Assert.AreNotEqual(pageBefore, File.ReadAllText(Path.Combine(output, changedPage)), "The edit did not reach " + changedPage + ".\n" + edited);

            site.Write(editFile, original);
            RunResult reverted = site.Build();
            Assert.AreEqual(0, reverted.ExitCode, reverted.ToString());
            StringAssert.Contains(reverted.Output, "Build cache hit", "A revert restores the earlier site from the cache.\n" + reverted);
            CollectionAssert.AreEqual(expected, SampleSite.Snapshot(output), "The restored site must be plain hugo's again.");

            CollectionAssert.AreEqual(before, SourceFiles(site.SiteDir, outputName, resourceName),
                "Beyond obj/, bin/, the output and Hugo's resource folder, the build may add nothing to the site.");
        }

        /// <summary>
        /// A copy of a standard sample without what a build of it in samples/ left there (its publishDir and Hugo's
        /// resources, which the harness's copy keeps): those are no sources.
        /// </summary>
        internal static SampleSite Fresh(string sample, string outputName = "public", string resourceName = "resources")
        {
            SampleSite site = SampleSite.Create(sample, sample + ".proj");
            foreach (string leftover in new[] { outputName, resourceName })
            {
                string path = Path.Combine(site.SiteDir, leftover);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }

            return site;
        }

        /// <summary>A folder holding links to only these programs (found on the current PATH), to be a build's whole PATH.</summary>
        private static string PathWithOnly(SampleSite site, params string[] tools)
        {
            string bin = Path.Combine(site.Root, "bin-" + string.Join("-", tools));
            Directory.CreateDirectory(bin);
            foreach (string tool in tools)
            {
                string found = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
                    .Select(d => Path.Combine(d, tool)).First(File.Exists);
                File.CreateSymbolicLink(Path.Combine(bin, tool), found);
            }

            return bin;
        }

        /// <summary>A change that shows in the page: text for Markdown and YAML, a marker inside the element for a template.</summary>
        private static string Edit(string file, string original) => file.EndsWith(".css", StringComparison.Ordinal)
            ? original + ".edited { color: red; }\n"
            : file.EndsWith(".md", StringComparison.Ordinal)
            ? original + "\nOne more line, added by the edit test.\n"
            : file.EndsWith(".yaml", StringComparison.Ordinal)
                ? original.Replace("Bortle class 3", "Bortle class 4", StringComparison.Ordinal)
                : original.Replace("</aside>", " (edited)</aside>", StringComparison.Ordinal).Replace("{{ .Content }}", "{{ .Content }}<p>edited</p>", StringComparison.Ordinal);

        /// <summary>Plain `hugo` on a copy of the site's tree (project file and all); returns its output.</summary>
        private static SortedDictionary<string, string> PlainHugo(SampleSite site, string outputName, params string[] extra) =>
            PlainHugo(site.SiteDir, outputName, extra);

        /// <summary>Plain `hugo` on a copy of a site folder (beside it, "-plain"); returns its output.</summary>
        internal static SortedDictionary<string, string> PlainHugo(string siteDir, string outputName, params string[] extra)
        {
            string copy = siteDir + "-plain";
            CopyTree(siteDir, copy);
            RunResult hugo = Tool.Run("hugo", copy, extra);
            Assert.AreEqual(0, hugo.ExitCode, "plain hugo failed:\n" + hugo.Output);
            return SampleSite.Snapshot(Path.Combine(copy, outputName));
        }

        /// <summary>Every file of the site except under obj/, bin/, the output and Hugo's resource folder.</summary>
        private static List<string> SourceFiles(string siteDir, string outputName, string resourceName)
        {
            var skip = new HashSet<string>(StringComparer.Ordinal) { "obj", "bin", outputName, resourceName };
            return Directory.EnumerateFiles(siteDir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(siteDir, f).Replace('\\', '/'))
                .Where(r => !skip.Contains(r.Split('/')[0]))
                .OrderBy(r => r, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Copies a tree; a symbolic link is copied as the same link.</summary>
        private static void CopyTree(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (FileSystemInfo entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
            {
                string target = Path.Combine(destination, entry.Name);
                if (entry.LinkTarget != null)
                {
                    if (entry is DirectoryInfo)
                    {
                        Directory.CreateSymbolicLink(target, entry.LinkTarget);
                    }
                    else
                    {
                        File.CreateSymbolicLink(target, entry.LinkTarget);
                    }
                }
                else if (entry is DirectoryInfo)
                {
                    CopyTree(entry.FullName, target);
                }
                else
                {
                    File.Copy(entry.FullName, target);
                }
            }
        }
    }

    /// <summary>Runs a program other than dotnet (hugo, git) in a folder and collects what it printed.</summary>
    internal static class Tool
    {
        public static RunResult Run(string executable, string folder, params string[] arguments)
        {
            var info = new ProcessStartInfo(executable) { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(info)!;
            System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new RunResult(process.ExitCode, output + error.Result);
        }
    }
}
