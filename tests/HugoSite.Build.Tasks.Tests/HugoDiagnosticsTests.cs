using HugoSite.Build.Tasks.Hugo;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class HugoDiagnosticsTests
    {
        private static string FakeHugo(TempDir temp, string body)
        {
            string path = temp.Write("bin/hugo", "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return path;
        }

        private static RunHugo NewRun(TempDir temp, TestEngine engine, string hugo) => new RunHugo
        {
            BuildEngine = engine.Object,
            Executable = hugo,
            SourceDirectory = Directory.CreateDirectory(temp.Combine("work")).FullName + "/",
            StagingDirectory = temp.Combine("staging"),
            OutputDirectory = temp.Combine("public"),
            ProjectFile = temp.Combine("site", "site.proj"),
            SourceMap = new ITaskItem[]
            {
                new TaskItem("themes/compose", new Dictionary<string, string> { ["SourceFolder"] = temp.Combine("themes", "compose") }),
                new TaskItem("", new Dictionary<string, string> { ["SourceFolder"] = temp.Combine("template") }),
            },
        };

        [TestMethod]
        public void OneErrorPrintedPerPageAndInTheSummary_IsOneError_AtTheUsersFile_WithTheUsersPathInTheText()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("The fake Hugo is a shell script.");
            }

            using var temp = new TempDir();
            string layout = temp.Write("themes/compose/layouts/_default/single.html", "{{ partial \"x\" . }}");
            string work = temp.Combine("work");
            string line = $"render of \\\"page\\\" failed: \\\"{work}/themes/compose/layouts/_default/single.html:14:21\\\": execute of template failed: partial \\\"x\\\" not found";
            string hugo = FakeHugo(temp, $"""
                echo "ERROR 2026/12/03 11:14:40 {line}" >&2
                echo "ERROR 2026/12/03 11:14:40 {line}" >&2
                echo "WARN 2026/12/03 11:14:40 found no layout file for \"HTML\" for kind \"taxonomy\"" >&2
                echo "WARN 2026/12/03 11:14:40 found no layout file for \"HTML\" for kind \"taxonomy\"" >&2
                echo "Error: Error building site: failed to render pages: {line}" >&2
                exit 255
                """);
            var engine = new TestEngine();
            Assert.IsFalse(NewRun(temp, engine, hugo).Execute());

            BuildErrorEventArgs error = engine.Errors.Single();
            Assert.AreEqual("HSB0003", error.Code);
            Assert.AreEqual(layout, error.File);
            Assert.AreEqual(14, error.LineNumber);
            Assert.AreEqual(21, error.ColumnNumber);
            StringAssert.Contains(error.Message, layout + ":14:21", "The path in the text is the user's file too.");
            Assert.IsFalse(error.Message.Contains(work, StringComparison.Ordinal), error.Message);
            Assert.IsFalse(error.Message.Contains("Error building site", StringComparison.Ordinal), error.Message);
            Assert.AreEqual(1, engine.WarningCodes.Count(c => c == "HSB0004"), "A warning Hugo repeats is one warning.");
        }

        [TestMethod]
        public void ErrorNamingNoFile_IsFiledUnderTheProject_AndSaysWhereToLook()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("The fake Hugo is a shell script.");
            }

            using var temp = new TempDir();
            string hugo = FakeHugo(temp, "echo 'Error: unknown flag: --noSuchFlag' >&2\nexit 255");
            var engine = new TestEngine();
            RunHugo task = NewRun(temp, engine, hugo);
            task.Arguments = "--noSuchFlag";
            Assert.IsFalse(task.Execute());

            BuildErrorEventArgs error = engine.Errors.Single();
            Assert.AreEqual("HSB0003", error.Code);
            Assert.AreEqual(temp.Combine("site", "site.proj"), error.File, "Not the package's targets file.");
            StringAssert.StartsWith(error.Message, "Hugo: unknown flag: --noSuchFlag.");
            StringAssert.Contains(error.Message, "HugoArguments ('--noSuchFlag')");
            Assert.IsFalse(error.Message.Contains("Fix the file Hugo names", StringComparison.Ordinal), error.Message);
        }

        [TestMethod]
        public void TwoDifferentErrors_AreTwoErrors()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("The fake Hugo is a shell script.");
            }

            using var temp = new TempDir();
            temp.Write("themes/compose/layouts/a.html", "a");
            temp.Write("themes/compose/layouts/b.html", "b");
            string work = temp.Combine("work");
            string hugo = FakeHugo(temp, $"""
                echo 'ERROR render failed: "{work}/themes/compose/layouts/a.html:1:1": one' >&2
                echo 'ERROR render failed: "{work}/themes/compose/layouts/b.html:1:1": two' >&2
                exit 1
                """);
            var engine = new TestEngine();
            Assert.IsFalse(NewRun(temp, engine, hugo).Execute());
            Assert.AreEqual(2, engine.Errors.Count, engine.AllText());
        }

        [TestMethod]
        public void MapPathsInText_ReplacesEveryWorkPath_AndLeavesOthers()
        {
            string text = HugoOutput.MapPathsInText("\"/w/work/content/a.md:3:4\": see /w/work/layouts/x.html, and /etc/hosts.", "/w/work/",
                p => p.Replace("/w/work/", "/src/", StringComparison.Ordinal));
            Assert.AreEqual("\"/src/content/a.md:3:4\": see /src/layouts/x.html, and /etc/hosts.", text);
            Assert.AreEqual("plain", HugoOutput.MapPathsInText("plain", "", p => "x"));
            Assert.AreEqual("x", HugoOutput.CoreMessage("Error building site: failed to render pages: x"));
        }
    }
}
