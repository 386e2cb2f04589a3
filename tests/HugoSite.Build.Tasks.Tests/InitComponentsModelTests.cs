using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.Processes;
using HugoSite.Build.Tasks.Tests.Components;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The plain pieces under the task: manifest reading, merging, dependency order, command lines, output buffer.</summary>
    [TestClass]
    public sealed class InitComponentsModelTests
    {
        private static ComponentManifest? Parse(string json, ComponentDiagnostics diagnostics) =>
            ComponentManifestReader.Parse(json, "/site/components/x/component.json", "x", diagnostics);

        [TestMethod]
        public void Manifest_ReadsEveryProperty_CaseInsensitive_WithCommentsAndTrailingCommas()
        {
            var diagnostics = new ComponentDiagnostics();
            var manifest = Parse("""
                {
                  // comments are allowed
                  "Command": "sh init.sh",
                  "windowsCommand": "powershell -File init.ps1",
                  "arguments": "--fast",
                  "workingDirectory": "static",
                  "dependsOn": ["a", "b"],
                  "timeoutSeconds": 120,
                  "environment": { "LANG_CODE": "en", "PORT": 8080, "ON": true },
                  "alwaysRun": "true",
                  "description": "search index",
                }
                """, diagnostics)!;

            Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
            Assert.AreEqual("sh init.sh", manifest.Command);
            Assert.AreEqual("powershell -File init.ps1", manifest.WindowsCommand);
            Assert.AreEqual("--fast", manifest.Arguments);
            Assert.AreEqual("static", manifest.WorkingDirectory);
            CollectionAssert.AreEqual(new[] { "a", "b" }, manifest.DependsOn!.ToList());
            Assert.AreEqual(120, manifest.TimeoutSeconds);
            CollectionAssert.AreEqual(new[] { "LANG_CODE=en", "PORT=8080", "ON=true" }, manifest.Environment!.Select(p => p.Key + "=" + p.Value).ToList());
            Assert.AreEqual(true, manifest.AlwaysRun);
            Assert.AreEqual("search index", manifest.Description);
        }

        [TestMethod]
        public void Manifest_DependsOnMayBeASemicolonList()
        {
            var manifest = Parse("""{ "dependsOn": "a; b" }""", new ComponentDiagnostics())!;
            CollectionAssert.AreEqual(new[] { "a", "b" }, manifest.DependsOn!.ToList());
        }

        [TestMethod]
        [DataRow("""{ "command": 5 }""", "HSB2005")]
        [DataRow("""{ "dependsOn": [1] }""", "HSB2005")]
        [DataRow("""{ "timeoutSeconds": "later" }""", "HSB2007")]
        [DataRow("""{ "timeoutSeconds": -5 }""", "HSB2007")]
        [DataRow("""{ "environment": ["A=1"] }""", "HSB2008")]
        [DataRow("""{ "environment": { "A": { "nested": 1 } } }""", "HSB2008")]
        [DataRow("""{ "alwaysRun": "sometimes" }""", "HSB2009")]
        [DataRow("""not json""", "HSB2005")]
        public void Manifest_WrongValue_IsCodedErrorAndNoManifest(string json, string code)
        {
            var diagnostics = new ComponentDiagnostics();
            Assert.IsNull(Parse(json, diagnostics));
            Assert.AreEqual(code, diagnostics.Items.Single(d => d.IsError).Code);
            Assert.AreEqual("/site/components/x/component.json", diagnostics.Items.Single().File);
        }

        [TestMethod]
        public void Resolver_WindowsUsesWindowsCommand_UnixUsesCommand_AndArgumentsAreAppended()
        {
            using var site = new ComponentSite();
            site.AddComponent("search", """{ "command": "sh init.sh", "windowsCommand": "cmd /c init.cmd", "arguments": "--all" }""");
            var items = new[] { new TaskItem("search") };

            var unix = new ComponentResolver(site.Root, site.ComponentsDir, isWindows: false).Resolve(items, new ComponentDiagnostics()).Single();
            var windows = new ComponentResolver(site.Root, site.ComponentsDir, isWindows: true).Resolve(items, new ComponentDiagnostics()).Single();

            Assert.AreEqual("sh init.sh --all", unix.Command);
            Assert.AreEqual("cmd /c init.cmd --all", windows.Command);
        }

        [TestMethod]
        public void Resolver_NonEmptyMetadataWins_EmptyMetadataFallsBackToManifest_ThenToDefaults()
        {
            using var site = new ComponentSite();
            site.AddComponent("a", """{ "command": "m-cmd", "arguments": "m-args", "dependsOn": ["b"], "timeoutSeconds": 5, "alwaysRun": true }""");
            site.AddComponent("b");
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Command"] = "i-cmd", ["Arguments"] = "", ["DependsOn"] = "", ["TimeoutSeconds"] = "9", ["AlwaysRun"] = "false",
            };
            var resolver = new ComponentResolver(site.Root, site.ComponentsDir, isWindows: false, defaultTimeoutSeconds: 77);

            var resolved = resolver.Resolve(new[] { new TaskItem("a", metadata), new TaskItem("b") }, new ComponentDiagnostics());

            var a = resolved[0];
            Assert.AreEqual("i-cmd m-args", a.Command);
            CollectionAssert.AreEqual(new[] { "b" }, a.DependsOn.ToList());
            Assert.AreEqual(9, a.TimeoutSeconds);
            Assert.IsFalse(a.AlwaysRun);
            Assert.AreEqual(77, resolved[1].TimeoutSeconds, "no time-out anywhere: the task's default");
            Assert.AreEqual(Path.Combine(site.ComponentsDir, "a"), a.SourceFolder);
            Assert.AreEqual(Path.Combine(site.ComponentsDir, "a", "component.json"), a.ManifestPath);
        }

        [TestMethod]
        public void Resolver_RelativeSourceFolderIsRelativeToTheSite()
        {
            using var site = new ComponentSite();
            Directory.CreateDirectory(Path.Combine(site.Root, "shared", "widgets"));
            var metadata = new Dictionary<string, string> { ["SourceFolder"] = "shared/widgets/" };

            var resolved = new ComponentResolver(site.Root, site.ComponentsDir, false).Resolve(new[] { new TaskItem("w", metadata) }, new ComponentDiagnostics());

            Assert.AreEqual(Path.Combine(site.Root, "shared", "widgets"), resolved.Single().SourceFolder);
        }

        private static ComponentDefinition Def(string name, params string[] dependsOn) => new(name) { DependsOn = dependsOn };

        [TestMethod]
        public void DependencyOrder_KeepsListOrderWherever_DependenciesAllow()
        {
            var components = new[] { Def("d", "c"), Def("a"), Def("c", "a", "b"), Def("b"), Def("e") };
            var order = DependencyGraph.Order(components, new ComponentDiagnostics())!;
            CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }, order.Select(c => c.Name).ToList());
        }

        [TestMethod]
        public void DependencyOrder_NamesMatchIgnoringCase_AndRepeatsCountOnce()
        {
            var components = new[] { Def("Site", "INDEX", "index"), Def("index") };
            var order = DependencyGraph.Order(components, new ComponentDiagnostics())!;
            CollectionAssert.AreEqual(new[] { "index", "Site" }, order.Select(c => c.Name).ToList());
        }

        [TestMethod]
        public void DependencyOrder_CycleBehindAnotherComponent_IsReportedAsTheCycleOnly()
        {
            var diagnostics = new ComponentDiagnostics();
            var components = new[] { Def("top", "x"), Def("x", "y"), Def("y", "z"), Def("z", "x") };
            Assert.IsNull(DependencyGraph.Order(components, diagnostics));
            StringAssert.Contains(diagnostics.Items.Single().Message, "x -> y -> z -> x");
        }

        [TestMethod]
        public void ScriptPaths_WordsNamingComponentFilesBecomeFullPaths_OthersStayAsTyped()
        {
            using var dir = new TempDir();
            dir.Write("init.sh");
            dir.Write("tools/gen.js");
            dir.Write("with space.sh");
            string folder = dir.Path;

            Assert.AreEqual($"sh {folder}/init.sh --lang en", ShellCommand.ResolveScriptPaths("sh init.sh --lang en", folder, false));
            Assert.AreEqual($"node {folder}/tools/gen.js", ShellCommand.ResolveScriptPaths("node ./tools/gen.js", folder, false));
            Assert.AreEqual($"sh '{folder}/with space.sh'", ShellCommand.ResolveScriptPaths("sh \"with space.sh\"", folder, false));
            Assert.AreEqual("sh missing.sh", ShellCommand.ResolveScriptPaths("sh missing.sh", folder, false));
            Assert.AreEqual("echo $HUGO_WORK_DIR init.sh*", ShellCommand.ResolveScriptPaths("echo $HUGO_WORK_DIR init.sh*", folder, false));
            Assert.AreEqual("cat /etc/hostname", ShellCommand.ResolveScriptPaths("cat /etc/hostname", folder, false));
            Assert.AreEqual("sh init.sh", ShellCommand.ResolveScriptPaths("sh init.sh", string.Empty, false), "inline components have no folder");
        }

        [TestMethod]
        public void Quote_ForShAndCmd()
        {
            Assert.AreEqual("/a/b.sh", ShellCommand.Quote("/a/b.sh", false));
            Assert.AreEqual("'/a b/it'\\''s.sh'", ShellCommand.Quote("/a b/it's.sh", false));
            Assert.AreEqual("\"C:\\a b\\x.cmd\"", ShellCommand.Quote("C:\\a b\\x.cmd", true));
        }

        private static ComponentRunResult Finished(ComponentResultKind kind, ProcessOutcome outcome, double timeout = 0)
        {
            var definition = new ComponentDefinition("search") { Command = "sh init.sh", TimeoutSeconds = timeout, ManifestPath = "/c/search/component.json" };
            var scheduled = new ScheduledComponent(definition, new ProcessRequest("sh /c/search/init.sh", "/w"), new int[0]);
            return new ComponentRunResult(scheduled, kind) { ExitCode = outcome.ExitCode, DurationMs = 1234.4, Outcome = outcome };
        }

        [TestMethod]
        public void Report_Failure_NamesComponentExitCodeTailCommandAndManifest()
        {
            var outcome = new ProcessOutcome { End = ProcessEnd.Exited, ExitCode = 2 };
            outcome.Output.Add("working", false);
            outcome.Output.Add("search: content folder not found", true);
            var result = Finished(ComponentResultKind.Failed, outcome);

            var problem = ComponentReport.Problems(result, isWindows: false).Single();

            Assert.AreEqual("HSB2015", problem.Code);
            Assert.IsTrue(problem.IsError);
            Assert.AreEqual("/c/search/component.json", problem.File);
            StringAssert.Contains(problem.Message, "Component 'search' failed with exit code 2.");
            StringAssert.Contains(problem.Message, "    search: content folder not found");
            StringAssert.Contains(problem.Message, "Command: sh /c/search/init.sh");
            Assert.IsFalse(problem.Message.Contains("working", StringComparison.Ordinal), "stdout is not part of the error");
            Assert.AreEqual("search: failed in 1234 ms (exit code 2).", ComponentReport.Header(result));
        }

        [TestMethod]
        public void Report_TimeOut_SaysTheTreeWasStopped_AndGivesTheLimit()
        {
            var result = Finished(ComponentResultKind.TimedOut, new ProcessOutcome { End = ProcessEnd.TimedOut, ExitCode = 137 }, timeout: 2.5);

            var problem = ComponentReport.Problems(result, isWindows: false).Single();

            Assert.AreEqual("HSB2016", problem.Code);
            StringAssert.Contains(problem.Message, "within 2.5 s");
            StringAssert.Contains(problem.Message, "whole process tree");
            StringAssert.Contains(problem.Message, "It wrote nothing to its error output.");
            StringAssert.Contains(ComponentReport.Header(result), "timed out");
        }

        [TestMethod]
        public void Report_CouldNotStart_And_Leftovers()
        {
            var start = Finished(ComponentResultKind.Failed, new ProcessOutcome { End = ProcessEnd.FailedToStart, StartError = "No such file." });
            Assert.AreEqual("HSB2014", ComponentReport.Problems(start, isWindows: true).Single().Code);
            StringAssert.Contains(ComponentReport.Problems(start, isWindows: true).Single().Message, "cmd.exe");

            var leftover = Finished(ComponentResultKind.Succeeded, new ProcessOutcome { End = ProcessEnd.Exited, ExitCode = 0, StoppedLeftoverProcesses = true });
            var warning = ComponentReport.Problems(leftover, isWindows: false).Single();
            Assert.AreEqual("HSB2018", warning.Code);
            Assert.IsFalse(warning.IsError);

            var clean = Finished(ComponentResultKind.Succeeded, new ProcessOutcome { End = ProcessEnd.Exited, ExitCode = 0 });
            Assert.AreEqual(0, ComponentReport.Problems(clean, isWindows: false).Count);
        }

        [TestMethod]
        public void Requests_OwnEnvironmentCannotHideTheHugoVariables_AndScriptsResolve()
        {
            using var site = new ComponentSite();
            string folder = site.AddComponent("search");
            site.AddComponentFile("search", "init.sh", "true");
            var definition = new ComponentDefinition("search")
            {
                SourceFolder = folder,
                Command = "sh init.sh",
                TimeoutSeconds = 3,
                Environment = new[] { new KeyValuePair<string, string>("HUGO_COMPONENT", "fake"), new KeyValuePair<string, string>("OWN", "1") },
            };
            var context = new SiteContext { WorkDirectory = site.WorkDir, Template = "t", Theme = "th", SiteDirectory = site.Root };

            var request = ComponentRequests.Build(new[] { definition }, context, new ComponentDiagnostics()).Single().Request!;

            var last = request.Environment.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            Assert.AreEqual("search", last["HUGO_COMPONENT"]);
            Assert.AreEqual("1", last["OWN"]);
            Assert.AreEqual(TimeSpan.FromSeconds(3), request.Timeout);
            Assert.AreEqual($"sh {folder}/init.sh", request.CommandLine);
            Assert.AreEqual(site.WorkDir, request.WorkingDirectory);
        }

        [TestMethod]
        public void OutputBuffer_KeepsHeadAndTail_CountsDropped_AndKeepsLastStderrLines()
        {
            var buffer = new OutputBuffer();
            int total = OutputBuffer.HeadLimit + OutputBuffer.TailLimit + 500;
            for (int i = 0; i < total; i++)
            {
                buffer.Add("line " + i, isError: i % 2 == 0);
            }

            Assert.AreEqual(total, buffer.Count);
            Assert.AreEqual(500, buffer.Dropped);
            Assert.AreEqual("line 0", buffer.Head[0].Text);
            Assert.AreEqual("line " + (total - 1), buffer.Tail[^1].Text);
            Assert.AreEqual(OutputBuffer.ErrorTailLimit, buffer.ErrorTail.Count);
            Assert.AreEqual("line " + (total - 2), buffer.ErrorTail[^1]);
        }

        [TestMethod]
        public void ProcessTree_StopsGrandchildren()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Unix process tree.");
            }

            using var dir = new TempDir();
            string pidFile = dir.Combine("grandchild.pid");
            var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"sh -c 'sleep 30 & echo $! > \"{pidFile}\"; wait'; true");
            using var shell = System.Diagnostics.Process.Start(info)!;
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
                {
                    Assert.IsTrue(DateTime.UtcNow < deadline);
                    Thread.Sleep(20);
                }

                int grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
                Assert.IsTrue(ProcessTree.IsAlive(grandchild), "the grandchild runs before the tree is stopped");
                ProcessTree.Kill(shell, ownProcessGroup: false);
                Assert.IsTrue(shell.WaitForExit(10000));
                deadline = DateTime.UtcNow.AddSeconds(10);
                while (ProcessTree.IsAlive(grandchild))
                {
                    Assert.IsTrue(DateTime.UtcNow < deadline, "grandchild still alive");
                    Thread.Sleep(50);
                }
            }
            finally
            {
                if (!shell.HasExited)
                {
                    shell.Kill(true);
                }
            }
        }
    }
}
