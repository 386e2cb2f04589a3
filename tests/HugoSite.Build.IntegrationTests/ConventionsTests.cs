using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// The package keeps MSBuild's conventions: composable hook properties, Directory.Build.props/targets in the
    /// SDK form, one UsingTask per task honouring HugoUseTaskHost, one exclusion rule for the copy and the inputs,
    /// Visual Studio's up-to-date items, one site per multi-targeting project, and typed properties checked
    /// before any work.
    /// </summary>
    [TestClass]
    public sealed class ConventionsTests
    {
        private const string NoTargetsProjectStart = "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\">";

        /// <summary>Tasks that hold state for the whole build (the project lock's open handle) and so never leave the build node.</summary>
        private static readonly HashSet<string> InBuildNode = new(StringComparer.Ordinal) { "HugoProjectLock", "HugoServe", "HugoServeRunArguments" };

        /// <summary>The NoTargets sample rewritten as a HugoSite.Build SDK project (minimal template, no components: quick).</summary>
        private static SampleSite SdkSite()
        {
            SampleSite site = SampleSite.NoTargets();
            File.WriteAllText(site.ProjectFile, """
                <Project Sdk="HugoSite.Build/1.0.0">
                  <PropertyGroup>
                    <HugoTemplate>minimal</HugoTemplate>
                    <HugoTheme>compose</HugoTheme>
                    <HugoSourceRoot>$(MSBuildProjectDirectory)/..</HugoSourceRoot>
                  </PropertyGroup>
                </Project>
                """);
            return site;
        }

        private static void EditProject(SampleSite site, string insertBeforeEnd)
        {
            string text = File.ReadAllText(site.ProjectFile);
            int end = text.LastIndexOf("</Project>", StringComparison.Ordinal);
            File.WriteAllText(site.ProjectFile, text.Substring(0, end) + insertBeforeEnd + "\n</Project>\n");
        }

        private static int CountHugoRuns(string output) => Regex.Matches(output, @"--source \S+/obj/hugo/work/").Count;

        [TestMethod]
        public void HugoBuildDependsOn_AppendedInTheProject_RunsTheUserTargetAfterTheSite_AndTheHooksAroundIt()
        {
            SampleSite site = SampleSite.NoTargets();
            EditProject(site, """
                  <PropertyGroup>
                    <HugoBuildDependsOn>$(HugoBuildDependsOn);MyStep</HugoBuildDependsOn>
                    <HugoBeforeBuildTargets>MyBefore</HugoBeforeBuildTargets>
                    <HugoAfterBuildTargets>MyAfter</HugoAfterBuildTargets>
                  </PropertyGroup>
                  <Target Name="MyBefore"><Message Importance="high" Text="hook: before, site present=$([System.IO.File]::Exists('$(MSBuildProjectDirectory)/public/index.html'))" /></Target>
                  <Target Name="MyStep"><Message Importance="high" Text="hook: step, site present=$([System.IO.File]::Exists('$(MSBuildProjectDirectory)/public/index.html'))" /></Target>
                  <Target Name="MyAfter"><Message Importance="high" Text="hook: after, site present=$([System.IO.File]::Exists('$(MSBuildProjectDirectory)/public/index.html'))" /></Target>
                """);

            RunResult result = site.Build();
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), "The package's chain must still build the site:\n" + result);
            Assert.IsTrue(site.History().Single().GetProperty("success").GetBoolean());

            int before = result.Output.IndexOf("hook: before, site present=False", StringComparison.Ordinal);
            int step = result.Output.IndexOf("hook: step, site present=True", StringComparison.Ordinal);
            int after = result.Output.IndexOf("hook: after, site present=True", StringComparison.Ordinal);
            Assert.IsTrue(before >= 0 && step > before && after > step, "Before the site, then the user's step after it, then the after hook:\n" + result);
        }

        [TestMethod]
        public void SdkForm_ImportsDirectoryBuildProps_AboveTheProject()
        {
            SampleSite site = SdkSite();
            File.WriteAllText(Path.Combine(site.Root, "Directory.Build.props"), """
                <Project>
                  <PropertyGroup>
                    <HugoBaseUrl>https://repo-wide.example.org/</HugoBaseUrl>
                  </PropertyGroup>
                </Project>
                """);

            RunResult result = site.Build("-v:n");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(File.ReadAllText(Path.Combine(site.SiteDir, "obj", "hugo", "inputs.txt")), "baseurl=https://repo-wide.example.org/",
                "A setting in Directory.Build.props must reach the SDK form's build.");
            StringAssert.Contains(result.Output, "--baseURL https://repo-wide.example.org/", "and Hugo.");
        }

        [TestMethod]
        public void SdkForm_ImportsDirectoryBuildTargets_AfterThePackage_SoItCanComposeTheChain()
        {
            SampleSite site = SdkSite();
            File.WriteAllText(Path.Combine(site.Root, "Directory.Build.targets"), """
                <Project>
                  <PropertyGroup>
                    <HugoBuildDependsOn>$(HugoBuildDependsOn);RepoWideStep</HugoBuildDependsOn>
                  </PropertyGroup>
                  <Target Name="RepoWideStep"><Message Importance="high" Text="repo-wide step ran in $(MSBuildProjectName)" /></Target>
                </Project>
                """);

            RunResult result = site.Build();
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Output, "repo-wide step ran in NoTargetsSite");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")), "The chain composed in Directory.Build.targets still builds the site.");
        }

        [TestMethod]
        public void SdkForm_DirectoryBuildImports_AreTurnedOffByImportDirectoryBuildPropsAndTargets()
        {
            SampleSite site = SdkSite();
            File.WriteAllText(Path.Combine(site.Root, "Directory.Build.props"),
                "<Project><PropertyGroup><HugoBaseUrl>https://repo-wide.example.org/</HugoBaseUrl></PropertyGroup></Project>");
            File.WriteAllText(Path.Combine(site.Root, "Directory.Build.targets"),
                "<Project><Target Name=\"RepoWideStep\" AfterTargets=\"HugoBuild\"><Message Importance=\"high\" Text=\"repo-wide step ran\" /></Target></Project>");

            RunResult result = site.Build("-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.IsFalse(result.Output.Contains("repo-wide step ran", StringComparison.Ordinal), "ImportDirectoryBuildTargets=false must skip the file:\n" + result);
            Assert.IsFalse(File.ReadAllText(Path.Combine(site.SiteDir, "obj", "hugo", "inputs.txt")).Contains("repo-wide.example.org", StringComparison.Ordinal),
                "ImportDirectoryBuildProps=false must skip the file.");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));
        }

        [TestMethod]
        public void TaskHost_EveryTaskThePackageDeclares_RunsOutOfProcess()
        {
            // The tasks the package declares, read from the packed package's own targets.
            var declared = new SortedSet<string>(StringComparer.Ordinal);
            using (ZipArchive zip = ZipFile.OpenRead(Harness.Package))
            {
                foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.StartsWith("build/", StringComparison.Ordinal)))
                {
                    using var reader = new StreamReader(entry.Open());
                    string text = reader.ReadToEnd();
                    foreach (Match m in Regex.Matches(text, @"<UsingTask TaskName=""HugoSite\.Build\.Tasks\.(\w+)""[^>]*>"))
                    {
                        string task = m.Groups[1].Value;
                        if (InBuildNode.Contains(task))
                        {
                            StringAssert.Contains(m.Value, "TaskFactory=\"AssemblyTaskFactory\"", task + " always runs in the build node.");
                            continue;
                        }

                        Assert.IsTrue(declared.Add(task), "One UsingTask per task: " + task);
                        StringAssert.Contains(m.Value, "TaskFactory=\"$(_HugoTaskFactory)\"", "Every UsingTask takes its factory from _HugoTaskFactory.");
                        Assert.IsFalse(m.Value.Contains("Condition=", StringComparison.Ordinal), "No UsingTask picked by a condition: " + m.Value);
                    }
                }
            }

            Assert.IsTrue(declared.Count >= 10, "Too few tasks found: " + string.Join(", ", declared));

            SampleSite site = SampleSite.Docs();
            RunResult build = site.Build("-p:HugoUseTaskHost=true", "-v:diag");
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            RunResult reports = site.Build("-t:HugoCacheStats;HugoPerformanceHistory;HugoReport;HugoCompareBuilds;Clean", "-p:HugoUseTaskHost=true", "-v:diag");
            Assert.AreEqual(0, reports.ExitCode, reports.ToString());

            var outOfProcess = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(build.Output + reports.Output, @"Launching task ""(?:HugoSite\.Build\.Tasks\.)?(\w+)"" from assembly ""[^""]*HugoSite\.Build\.Tasks\.dll"" in an external task host"))
            {
                outOfProcess.Add(m.Groups[1].Value);
            }

            // Every task of the package that ran (MSBuild logs 'Task "X"' as each starts) ran in the task host; the
            // declarations above make sure the ones these targets do not run are declared the same way.
            var ran = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(build.Output + reports.Output, @"Task ""(\w+)""( skipped)?"))
            {
                if (declared.Contains(m.Groups[1].Value) && m.Groups[2].Value.Length == 0)
                {
                    ran.Add(m.Groups[1].Value);
                }
            }

            Assert.IsTrue(ran.Count >= 10, "Too few of the package's tasks ran: " + string.Join(", ", ran));
            CollectionAssert.IsSubsetOf(ran.ToList(), outOfProcess.ToList(), "Every task must run in the task host with HugoUseTaskHost=true. Out of process: " + string.Join(", ", outOfProcess));
            StringAssert.Contains(build.Output, "HugoProjectLock", "The lock still runs, in the build node.");
        }

        [TestMethod]
        public void NestedDsStore_InContent_IsNeitherCopiedNorPublished_AndEditingItKeepsTheSiteUpToDate()
        {
            SampleSite site = SampleSite.NoTargets();
            site.Write("content/blog/.DS_Store", "finder data");
            site.Write("content/blog/nested/.git/HEAD", "ref: refs/heads/main\n");
            site.Write("content/Thumbs.db", "explorer data");

            RunResult first = site.Build();
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            foreach (string folder in new[] { site.WorkDir, site.PublicDir })
            {
                var names = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
                CollectionAssert.DoesNotContain(names, ".DS_Store", folder);
                CollectionAssert.DoesNotContain(names, ".git", folder);
                CollectionAssert.DoesNotContain(names, "Thumbs.db", folder);
            }

            string inputs = File.ReadAllText(Path.Combine(site.SiteDir, "obj", "hugo", "inputs.txt"));
            Assert.IsFalse(inputs.Contains(".DS_Store", StringComparison.Ordinal) || inputs.Contains("/.git/", StringComparison.Ordinal), inputs);

            File.WriteAllText(Path.Combine(site.SiteDir, "content", "blog", ".DS_Store"), "finder data, changed");
            File.SetLastWriteTimeUtc(Path.Combine(site.SiteDir, "content", "blog", ".DS_Store"), DateTime.UtcNow.AddMinutes(1));
            site.Write("content/blog/nested/.DS_Store", "a new one");
            RunResult second = site.Build();
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "site is up to date", "An excluded file is no input.");
            Assert.AreEqual(1, site.History().Count);
        }

        [TestMethod]
        public void VisualStudioUpToDateItems_NameTheSitesInputsAndStamp_InDesignTimeBuildsOnly()
        {
            SampleSite site = SampleSite.NoTargets();
            site.Write("content/blog/.DS_Store", "finder data");
            RunResult build = site.Build();
            Assert.AreEqual(0, build.ExitCode, build.ToString());

            RunResult design = site.Dotnet("msbuild", "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckBuilt", "-p:DesignTimeBuild=true");
            Assert.AreEqual(0, design.ExitCode, design.ToString());
            using JsonDocument json = JsonDocument.Parse(design.Output.Substring(design.Output.IndexOf('{')));
            JsonElement items = json.RootElement.GetProperty("Items");
            var inputs = items.GetProperty("UpToDateCheckInput").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!.Replace('\\', '/')).ToList();
            var built = items.GetProperty("UpToDateCheckBuilt").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!.Replace('\\', '/')).ToList();

            string root = site.Root.Replace('\\', '/');
            Assert.IsTrue(inputs.Any(p => p.StartsWith(root + "/templates/minimal/", StringComparison.Ordinal)), "template files");
            Assert.IsTrue(inputs.Any(p => p.StartsWith(root + "/themes/compose/", StringComparison.Ordinal)), "theme files");
            Assert.IsTrue(inputs.Contains(root + "/NoTargetsSite/content/_index.md"), "content files");
            Assert.IsTrue(inputs.Contains(root + "/NoTargetsSite/obj/hugo/inputs.txt"), "the inputs file (file list and settings)");
            Assert.IsFalse(inputs.Any(p => p.EndsWith("/.DS_Store", StringComparison.Ordinal)), "HugoCopyExclude applies here too.");
            CollectionAssert.AreEqual(new[] { root + "/NoTargetsSite/obj/hugo/site.stamp" }, built);

            // A component with its own SourceFolder: added by a target Visual Studio's collection runs after.
            File.WriteAllText(site.ProjectFile, File.ReadAllText(site.ProjectFile).Replace("</Project>",
                "<ItemGroup><HugoComponent Include=\"elsewhere\" SourceFolder=\"$(MSBuildProjectDirectory)/../components/search/\" /></ItemGroup></Project>"));
            RunResult custom = site.Dotnet("msbuild", "-t:_HugoComponentUpToDateCheckInputs", "-getItem:UpToDateCheckInput", "-p:DesignTimeBuild=true");
            Assert.AreEqual(0, custom.ExitCode, custom.ToString());
            using JsonDocument customJson = JsonDocument.Parse(custom.Output.Substring(custom.Output.IndexOf('{')));
            Assert.IsTrue(customJson.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").EnumerateArray()
                .Any(i => i.GetProperty("FullPath").GetString()!.Replace('\\', '/').StartsWith(root + "/components/search/", StringComparison.Ordinal)),
                "A component with its own SourceFolder is an input too:\n" + custom);

            RunResult commandLine = site.Dotnet("msbuild", "-getItem:UpToDateCheckInput");
            Assert.AreEqual(0, commandLine.ExitCode, commandLine.ToString());
            using JsonDocument plain = JsonDocument.Parse(commandLine.Output.Substring(commandLine.Output.IndexOf('{')));
            Assert.AreEqual(0, plain.RootElement.GetProperty("Items").GetProperty("UpToDateCheckInput").GetArrayLength(),
                "Command-line builds must not glob for Visual Studio's items.");
        }

        [TestMethod]
        public void MultiTargeting_TwoFrameworks_BuildTheSiteOnce_InTheOuterBuild()
        {
            SampleSite site = SampleSite.NoTargets();
            string project = File.ReadAllText(site.ProjectFile);
            StringAssert.StartsWith(project, NoTargetsProjectStart);
            File.WriteAllText(site.ProjectFile, project.Replace("<TargetFramework>netstandard2.0</TargetFramework>", "<TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>"));

            RunResult result = site.Build("-v:n");
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.AreEqual(1, CountHugoRuns(result.Output), "One Hugo run for the project, not one per framework:\n" + result);
            Assert.AreEqual(1, site.History().Count, "One history line.");
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));

            // Nothing changed: the site's chain runs once more (in the outer build) and says so once, not once per framework.
            RunResult again = site.Build("-v:n");
            Assert.AreEqual(0, again.ExitCode, again.ToString());
            Assert.AreEqual(0, CountHugoRuns(again.Output), again.ToString());
            Assert.AreEqual(1, Regex.Matches(again.Output, "NoTargetsSite: site is up to date").Count, "One site check per build:\n" + again);
        }

        [TestMethod]
        public void WrongValues_FailBeforeAnyWork_OneCodePerKind_NamingPropertyValueAndAccepted()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build(
                "-p:HugoMaxParallelJobs=1.5", "-p:HugoTimeoutSeconds=-1", "-p:HugoCopyRetries=abc", "-p:HugoCopyRetryDelayMilliseconds=",
                "-p:HugoPerformanceNoiseFloorMs=abc", "-p:HugoCache=yes", "-p:HugoPerformanceSymbols=sometimes",
                "-p:HugoCacheMaxSizeMb=0", "-p:HugoCacheRestoreMode=move", "-p:HugoCacheVerify=-1");
            Assert.AreNotEqual(0, result.ExitCode, result.ToString());
            foreach (string expected in new[]
            {
                "HSB0016", "HugoMaxParallelJobs is '1.5'", "HugoTimeoutSeconds is '-1'", "HugoCopyRetries is 'abc'", "HugoCopyRetryDelayMilliseconds is ''", "0 = no limit",
                "HSB0200", "HugoPerformanceNoiseFloorMs is 'abc'",
                "HSB0015", "HugoCache is 'yes'",
                "HSB0201", "HugoPerformanceSymbols is 'sometimes'", "auto, true or false",
                "HSB5007", "HSB5008", "HSB5010",
            })
            {
                StringAssert.Contains(result.Output, expected);
            }

            Assert.IsFalse(result.Output.Contains("MSB4030", StringComparison.Ordinal), "No raw MSBuild conversion error:\n" + result);
            Assert.IsFalse(Directory.Exists(site.WorkDir), "Nothing may be copied before the properties are valid.");
            Assert.IsFalse(Directory.Exists(site.PublicDir));
            JsonElement record = site.History().Single();
            Assert.IsFalse(record.GetProperty("success").GetBoolean(), "The failed build still leaves its history line.");
        }

        [TestMethod]
        public void WrongValue_WhenTheSiteIsUpToDate_StillFails_AndTimeoutZeroMeansNoLimit()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult good = site.Build("-p:HugoTimeoutSeconds=0");
            Assert.AreEqual(0, good.ExitCode, "HugoTimeoutSeconds=0 means no limit, not one second:\n" + good);
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));

            RunResult bad = site.Build("-p:HugoTimeoutSeconds=0", "-p:HugoCopyParallelism=four");
            Assert.AreNotEqual(0, bad.ExitCode, "A wrong value must never pass silently, even with nothing to build:\n" + bad);
            StringAssert.Contains(bad.Output, "HSB0016");
            StringAssert.Contains(bad.Output, "HugoCopyParallelism is 'four'");
        }

        [TestMethod]
        public void TemplateOrThemeWithPathParts_FailsFast_WithHSB0202_AndCopiesNothing()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult result = site.Build("-p:HugoTemplate=../../etc", "-p:HugoTheme=..");
            Assert.AreNotEqual(0, result.ExitCode, result.ToString());
            var named = Regex.Matches(result.Output, @"error HSB0202: (Hugo(?:Template|Theme)) is '(?:\.\./\.\./etc|\.\.)', which is not a folder name")
                .Select(m => m.Groups[1].Value).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
            CollectionAssert.AreEqual(new[] { "HugoTemplate", "HugoTheme" }, named, result.ToString());
            StringAssert.Contains(result.Output, "no '/' or '\\', not '.' or '..'");
            Assert.IsFalse(Directory.Exists(site.WorkDir), "Nothing may be copied into obj/hugo/work.");
            string inputs = Path.Combine(site.SiteDir, "obj", "hugo", "inputs.txt");
            Assert.IsFalse(File.Exists(inputs) && File.ReadAllText(inputs).Contains("/etc/", StringComparison.Ordinal), "The folder a bad name points at is never read.");
        }

        [TestMethod]
        public void Net472Tasks_ReferenceTheSystemTextJsonThatVisualStudio17_8Redirects()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            using var stream = new MemoryStream();
            using (Stream entry = zip.GetEntry("tasks/net472/HugoSite.Build.Tasks.dll")!.Open())
            {
                entry.CopyTo(stream);
            }

            stream.Position = 0;
            using var pe = new PEReader(stream);
            MetadataReader metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h))
                .ToDictionary(r => metadata.GetString(r.Name), r => r.Version, StringComparer.Ordinal);

            // MSBuild.exe.config of Visual Studio 17.8: System.Text.Json 0.0.0.0-7.0.0.3 -> 7.0.0.3; Microsoft.Build.* -> 15.1.0.0.
            Assert.IsTrue(references.TryGetValue("System.Text.Json", out Version? json), "net472 tasks use System.Text.Json.");
            Assert.IsTrue(json! <= new Version(7, 0, 0, 3), "System.Text.Json " + json + " does not load in Visual Studio 17.8 to 17.13.");
            Assert.AreEqual(new Version(15, 1, 0, 0), references["Microsoft.Build.Framework"]);
        }
    }
}
