using HugoSite.Build.Tasks.Hugo;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class HugoOutputTests
    {
        private static readonly string[] Hugo0111Output =
        {
            "Start building sites … ",
            "hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1",
            "",
            "                   | EN  ",
            "-------------------+-----",
            "  Pages            | 45  ",
            "  Paginator pages  |  2  ",
            "  Non-page files   |  0  ",
            "  Static files     |  3  ",
            "  Processed images |  0  ",
            "  Aliases          | 10  ",
            "  Sitemaps         |  1  ",
            "  Cleaned          |  0  ",
            "",
            "Total in 123 ms",
        };

        [TestMethod]
        public void Statistics_AreReadByRowName_FromTheFirstLanguageColumn()
        {
            var stats = HugoOutput.ParseStatistics(Hugo0111Output);
            Assert.AreEqual(45, stats["pages"]);
            Assert.AreEqual(2, stats["paginator_pages"]);
            Assert.AreEqual(3, stats["static_files"]);
            Assert.AreEqual(10, stats["aliases"]);
            Assert.AreEqual(8, stats.Count);
            Assert.AreEqual("aliases=10;cleaned=0;non_page_files=0;pages=45;paginator_pages=2;processed_images=0;sitemaps=1;static_files=3", HugoOutput.FormatStatistics(stats));
        }

        [TestMethod]
        public void Statistics_OfAMultilingualSite_TakeTheFirstColumn_AndNewRowsAreKept()
        {
            var stats = HugoOutput.ParseStatistics(new[] { "                   | EN | DE ", "  Pages            | 12 | 10 ", "  Resources        |  7 |  7 " });
            Assert.AreEqual(12, stats["pages"]);
            Assert.AreEqual(7, stats["resources"]);
        }

        [TestMethod]
        public void Total_IsHugosOwnFigure()
        {
            Assert.AreEqual(123, HugoOutput.ParseTotalMilliseconds(Hugo0111Output));
            Assert.IsNull(HugoOutput.ParseTotalMilliseconds(new[] { "nothing here" }));
        }

        [TestMethod]
        [DataRow("hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1", "0.111.3")]
        [DataRow("hugo v0.139.3-2f6864387cd31b975914e8373d4bf38bddbd47bc+extended linux/amd64 BuildDate=2024-11-29T15:36:56Z VendorInfo=gohugoio", "0.139.3")]
        [DataRow("Hugo Static Site Generator v0.54.0/extended linux/amd64 BuildDate: unknown", "0.54.0")]
        [DataRow("not a version at all", null)]
        public void Version_IsReadFromTheVersionLine(string line, string? expected)
        {
            Assert.AreEqual(expected, HugoOutput.ParseVersion(line));
        }

        [TestMethod]
        public void Error_FromHugo0111_HasFileLineAndColumn()
        {
            HugoDiagnostic? d = HugoOutput.ParseDiagnostic("Error: Error building site: \"/tmp/hs/content/a.md:5:7\": failed to extract shortcode: template for shortcode \"nope\" not found");
            Assert.IsNotNull(d);
            Assert.IsTrue(d.IsError);
            Assert.AreEqual("/tmp/hs/content/a.md", d.File);
            Assert.AreEqual(5, d.Line);
            Assert.AreEqual(7, d.Column);
        }

        [TestMethod]
        public void Error_FromNewerHugo_AndWarnings_AreRecognised()
        {
            HugoDiagnostic? error = HugoOutput.ParseDiagnostic("ERROR render of \"page\" failed: \"/w/layouts/_default/single.html:3:4\": execute of template failed");
            Assert.IsNotNull(error);
            Assert.IsTrue(error.IsError);
            Assert.AreEqual(3, error.Line);

            HugoDiagnostic? warning = HugoOutput.ParseDiagnostic("WARN 2023/03/16 08:41:31 found no layout file for \"HTML\" for kind \"taxonomy\"");
            Assert.IsNotNull(warning);
            Assert.IsFalse(warning.IsError);
            Assert.IsNull(warning.File);
            StringAssert.StartsWith(warning.Message, "found no layout file");
            Assert.IsNull(HugoOutput.ParseDiagnostic("  Pages            | 45  "));
        }
    }

    [TestClass]
    public sealed class CommandLineTests
    {
        [TestMethod]
        public void Join_QuotesOnlyWhatNeedsIt_AndSplitReadsItBack()
        {
            string[] arguments = { "--source", "/a b/c", "--baseURL", "https://x/?q=\"1\"", "plain" };
            string joined = CommandLine.Join(arguments);
            Assert.AreEqual("--source \"/a b/c\" --baseURL \"https://x/?q=\\\"1\\\"\" plain", joined);
            CollectionAssert.AreEqual(new[] { "--minify", "--gc", "a b" }, CommandLine.Split("--minify  --gc \"a b\""));
            Assert.AreEqual(0, CommandLine.Split("   ").Count);
        }
    }

    [TestClass]
    public sealed class HugoLocatorTests
    {
        [TestMethod]
        public void Find_LooksOnPath_InOrder_AndHonoursAnExplicitPath()
        {
            using var temp = new TempDir();
            string first = temp.Write("one/hugo", "#!/bin/sh\n");
            temp.Write("two/hugo", "#!/bin/sh\n");
            string path = temp.Combine("empty") + ":" + temp.Combine("one") + ":" + temp.Combine("two");

            Assert.AreEqual(first, HugoLocator.Find(null, path, isWindows: false));
            Assert.AreEqual(temp.Combine("two", "hugo"), HugoLocator.Find(temp.Combine("two", "hugo"), path, isWindows: false));
            Assert.IsNull(HugoLocator.Find(temp.Combine("three", "hugo"), path, isWindows: false));
            Assert.IsNull(HugoLocator.Find(null, temp.Combine("empty"), isWindows: false));
        }

        [TestMethod]
        public void Find_OnWindows_AddsExe()
        {
            using var temp = new TempDir();
            string exe = temp.Write("bin/hugo.exe", "");
            Assert.AreEqual(exe, HugoLocator.Find(null, temp.Combine("bin"), isWindows: true));
        }
    }

    /// <summary>Runs the Hugo tasks against a fake hugo (a shell script) that prints and fails on cue.</summary>
    [TestClass]
    public sealed class HugoTaskTests
    {
        private static string FakeHugo(TempDir temp, string body)
        {
            string path = temp.Write("bin/hugo", "#!/bin/sh\n" + body + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return path;
        }

        [TestMethod]
        public void ResolveHugo_Missing_FailsWithHSB0001_SayingHowToInstall()
        {
            var engine = new TestEngine();
            var task = new ResolveHugo { BuildEngine = engine.Object, HugoExecutable = "/definitely/not/here/hugo" };
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0001" }, engine.ErrorCodes.ToList());
            string message = engine.Errors.Single().Message!;
            StringAssert.Contains(message, "apt-get install hugo");
            StringAssert.Contains(message, "brew install hugo");
            StringAssert.Contains(message, "winget");
            StringAssert.Contains(message, "HugoExecutable");
        }

        [TestMethod]
        public void ResolveHugo_ReadsTheVersionOnce_PerExecutable()
        {
            using var temp = new TempDir();
            string counter = temp.Combine("calls");
            string hugo = FakeHugo(temp, $"echo x >> '{counter}'\necho 'hugo v0.123.4+extended linux/amd64 BuildDate=unknown'");
            var engine = new TestEngine();

            for (int i = 0; i < 3; i++)
            {
                var task = new ResolveHugo { BuildEngine = engine.Object, HugoExecutable = hugo };
                Assert.IsTrue(task.Execute(), engine.AllText());
                Assert.AreEqual("0.123.4", task.Version);
                Assert.IsTrue(task.Extended);
                Assert.AreEqual(hugo, task.ExecutablePath);
            }

            Assert.AreEqual(1, File.ReadAllLines(counter).Length, "hugo version must run once per node, not once per build.");
        }

        [TestMethod]
        public void ResolveHugo_RemembersTheVersionAcrossProcesses_UntilTheExecutableChanges()
        {
            using var temp = new TempDir();
            string counter = temp.Combine("calls");
            string hugo = FakeHugo(temp, $"echo x >> '{counter}'\necho 'hugo v0.123.4+extended linux/amd64 BuildDate=unknown'");
            string cache = temp.Combine("obj", "hugo-version.txt");

            // A fresh engine each time: nothing is shared in memory, as between two dotnet build processes.
            for (int i = 0; i < 2; i++)
            {
                var task = new ResolveHugo { BuildEngine = new TestEngine().Object, HugoExecutable = hugo, VersionCacheFile = cache };
                Assert.IsTrue(task.Execute());
                Assert.AreEqual("0.123.4", task.Version);
            }

            Assert.AreEqual(1, File.ReadAllLines(counter).Length);

            FakeHugo(temp, $"echo x >> '{counter}'\necho 'hugo v0.150.0+extended linux/amd64 BuildDate=unknown-and-longer'");
            var upgraded = new ResolveHugo { BuildEngine = new TestEngine().Object, HugoExecutable = hugo, VersionCacheFile = cache };
            Assert.IsTrue(upgraded.Execute());
            Assert.AreEqual("0.150.0", upgraded.Version, "A new Hugo at the same path is asked again.");
        }

        [TestMethod]
        public void ResolveHugo_NotHugo_FailsWithHSB0002()
        {
            using var temp = new TempDir();
            string hugo = FakeHugo(temp, "echo 'I am something else'; exit 3");
            var engine = new TestEngine();
            Assert.IsFalse(new ResolveHugo { BuildEngine = engine.Object, HugoExecutable = hugo }.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0002" }, engine.ErrorCodes.ToList());
        }

        private static RunHugo NewRun(TempDir temp, TestEngine engine, string hugo) => new RunHugo
        {
            BuildEngine = engine.Object,
            Executable = hugo,
            SourceDirectory = Directory.CreateDirectory(temp.Combine("work")).FullName,
            StagingDirectory = temp.Combine("staging"),
            OutputDirectory = temp.Combine("public"),
            Theme = "compose",
        };

        [TestMethod]
        public void RunHugo_Success_ReplacesTheOutput_AndReportsHugosFigures()
        {
            using var temp = new TempDir();
            temp.Write("public/old.html", "old site");
            HugoSite.Build.Tasks.Output.PublishedList.Of(temp.Combine("public"), temp.Combine("public")).Save(HugoSite.Build.Tasks.Output.PublishedList.PathIn(temp.Path));
            temp.Write("public/CNAME", "the user's, never published");
            string hugo = FakeHugo(temp, """
                while [ $# -gt 0 ]; do if [ "$1" = "--destination" ]; then dest="$2"; fi; shift; done
                mkdir -p "$dest" && echo new > "$dest/index.html"
                echo '  Pages            | 7  '
                echo '  Static files     | 2  '
                echo 'Total in 42 ms'
                """);
            var engine = new TestEngine();
            RunHugo task = NewRun(temp, engine, hugo);

            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(0, task.ExitCode);
            Assert.AreEqual(42, task.TotalMilliseconds);
            Assert.AreEqual("pages=7;static_files=2", task.Statistics);
            Assert.AreEqual("new\n", File.ReadAllText(temp.Combine("public", "index.html")));
            Assert.IsFalse(File.Exists(temp.Combine("public", "old.html")), "The new site replaces what the previous build published.");
            Assert.AreEqual("the user's, never published", File.ReadAllText(temp.Combine("public", "CNAME")), "The user's own file stays.");
            Assert.IsFalse(Directory.Exists(temp.Combine("staging")), "Staging is moved into place.");
            Assert.AreEqual(0, Directory.GetDirectories(temp.Path, ".public.*").Length, "The old site set aside is removed.");
        }

        [TestMethod]
        public void RunHugo_Error_KeepsThePreviousSite_AndPointsAtTheUsersFile()
        {
            using var temp = new TempDir();
            temp.Write("public/index.html", "previous");
            string userFile = temp.Write("site/content/posts/a.md", "---\n---\n");
            string work = temp.Combine("work");
            string hugo = FakeHugo(temp, $"echo 'Error: Error building site: \"{work}/content/posts/a.md:5:7\": failed to extract shortcode' >&2\nexit 255");
            var engine = new TestEngine();
            RunHugo task = NewRun(temp, engine, hugo);
            task.SourceMap = new ITaskItem[]
            {
                new TaskItem("content", new Dictionary<string, string> { ["SourceFolder"] = temp.Combine("site", "content") }),
                new TaskItem("", new Dictionary<string, string> { ["SourceFolder"] = temp.Combine("template") }),
            };

            Assert.IsFalse(task.Execute());
            BuildErrorEventArgs error = engine.Errors.Single();
            Assert.AreEqual("HSB0003", error.Code);
            Assert.AreEqual(userFile, error.File);
            Assert.AreEqual(5, error.LineNumber);
            Assert.AreEqual(7, error.ColumnNumber);
            Assert.AreEqual("previous", File.ReadAllText(temp.Combine("public", "index.html")));
            Assert.AreEqual(255, task.ExitCode);
        }

        [TestMethod]
        public void RunHugo_FailureWithoutAnErrorLine_StillFailsWithHSB0005_AndTheTail()
        {
            using var temp = new TempDir();
            string hugo = FakeHugo(temp, "echo 'something odd happened'; exit 2");
            var engine = new TestEngine();
            Assert.IsFalse(NewRun(temp, engine, hugo).Execute());
            Assert.AreEqual("HSB0005", engine.Errors.Single().Code);
            StringAssert.Contains(engine.Errors.Single().Message, "something odd happened");
            Assert.IsFalse(Directory.Exists(temp.Combine("public")));
        }

        [TestMethod]
        public void RunHugo_TimeOut_StopsHugo_WithHSB0006()
        {
            using var temp = new TempDir();
            string hugo = FakeHugo(temp, "sleep 30");
            var engine = new TestEngine();
            RunHugo task = NewRun(temp, engine, hugo);
            task.TimeoutSeconds = 1;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.IsFalse(task.Execute());
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(20), "The time-out must stop Hugo.");
            Assert.AreEqual("HSB0006", engine.Errors.Single().Code);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(-5)]
        public void RunHugo_TimeOutZeroOrLess_MeansNoLimit(int timeoutSeconds)
        {
            // Hugo that runs past one second and then fails on its own: with no limit the failure is Hugo's
            // (HSB0005), never a time-out (HSB0006).
            using var temp = new TempDir();
            string hugo = FakeHugo(temp, "sleep 2; echo 'finished late'; exit 2");
            var engine = new TestEngine();
            RunHugo task = NewRun(temp, engine, hugo);
            task.TimeoutSeconds = timeoutSeconds;
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0005" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, "finished late");
        }

        [TestMethod]
        public void RunHugo_RealHugo_BuildsATinySite_WithStatisticsAndPeakMemory()
        {
            using var temp = new TempDir();
            temp.Write("work/hugo.toml", "baseURL = '/'\ntitle = 'Tiny'\n");
            temp.Write("work/content/_index.md", "---\ntitle: Home\n---\nHello.\n");
            temp.Write("work/content/post.md", "---\ntitle: Post\n---\nA post.\n");
            temp.Write("work/layouts/_default/list.html", "<h1>{{ .Title }}</h1>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}");
            temp.Write("work/layouts/_default/single.html", "<h1>{{ .Title }}</h1>{{ .Content }}");
            var engine = new TestEngine();
            var resolve = new ResolveHugo { BuildEngine = engine.Object };
            Assert.IsTrue(resolve.Execute(), "Hugo must be on PATH for the tests: " + engine.AllText());
            RunHugo task = NewRun(temp, engine, resolve.ExecutablePath);
            task.Theme = null;

            Assert.IsTrue(task.Execute(), engine.AllText());
            StringAssert.Contains(File.ReadAllText(temp.Combine("public", "index.html")), "Post");
            StringAssert.Contains(task.Statistics, "pages=");
            Assert.IsTrue(task.TotalMilliseconds > 0);
            Assert.IsTrue(task.PeakMemoryMb > 1, "Hugo's peak memory must be measured, not guessed: " + task.PeakMemoryMb);
        }
    }

    [TestClass]
    public sealed class FileTreeDeleteTests
    {
        [TestMethod]
        public void Delete_RemovesReadOnlyFiles()
        {
            using var temp = new TempDir();
            string file = temp.Write("tree/x.txt", "x");
            File.SetAttributes(file, FileAttributes.ReadOnly);
            HugoSite.Build.Tasks.Cache.FileTree.Delete(temp.Combine("tree"));
            Assert.IsFalse(Directory.Exists(temp.Combine("tree")));
        }
    }
}
