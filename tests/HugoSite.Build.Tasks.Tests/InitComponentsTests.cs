using System.Diagnostics;
using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.Processes;
using HugoSite.Build.Tasks.Tests.Components;
using Microsoft.Build.Framework;
using static HugoSite.Build.Tasks.Tests.Components.ComponentSite;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The task end to end with real shell commands (Unix shell syntax; skipped on Windows). Concurrency is measured
    /// with marker files written by the commands themselves; no assertion depends on how fast the machine is.
    /// </summary>
    [TestClass]
    public sealed class InitComponentsTests
    {
        private ComponentSite _site = null!;

        [TestInitialize]
        public void SetUp()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("These tests use /bin/sh command lines.");
            }

            _site = new ComponentSite();
        }

        [TestCleanup]
        public void TearDown() => _site?.Dispose();

        private string Read(string path) => File.ReadAllText(path).Trim();

        [TestMethod]
        public void Environment_CommandReceivesHugoVariablesAndMergedComponentEnvironment()
        {
            _site.AddComponent("envcheck", """{ "environment": { "FROM_MANIFEST": "m", "SHARED": "manifest", "NUMBER": 42 } }""");
            var task = _site.Task(Item("envcheck",
                "Command", "env | grep -E '^(HUGO_|FROM_|SHARED=|NUMBER=)' | sort > \"$HUGO_WORK_DIR/env.txt\"",
                "Environment", "SHARED=item;FROM_ITEM=i=with=equals"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            var env = File.ReadAllLines(Path.Combine(_site.WorkDir, "env.txt")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.AreEqual(Path.GetFullPath(_site.WorkDir), env["HUGO_WORK_DIR"]);
            Assert.AreEqual("envcheck", env["HUGO_COMPONENT"]);
            Assert.AreEqual(Path.Combine(_site.ComponentsDir, "envcheck"), env["HUGO_COMPONENT_DIR"]);
            Assert.AreEqual("default", env["HUGO_TEMPLATE"]);
            Assert.AreEqual("compose", env["HUGO_THEME"]);
            Assert.AreEqual(_site.Root, env["HUGO_SITE_DIR"]);
            Assert.AreEqual("item", env["SHARED"], "item metadata wins over component.json per variable");
            Assert.AreEqual("m", env["FROM_MANIFEST"]);
            Assert.AreEqual("i=with=equals", env["FROM_ITEM"]);
            Assert.AreEqual("42", env["NUMBER"]);
        }

        [TestMethod]
        public void Manifest_ScriptPathResolvesAgainstComponentFolder_WhileCommandRunsInWorkFolder()
        {
            _site.AddComponent("search", """{ "command": "sh init.sh", "arguments": "hello", "description": "index" }""");
            _site.AddComponentFile("search", "init.sh", "echo \"$1 $(pwd)\" > \"$HUGO_WORK_DIR/out.txt\"\n");

            var task = _site.Task(Item("search"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("hello " + Path.GetFullPath(_site.WorkDir), Read(Path.Combine(_site.WorkDir, "out.txt")));
        }

        [TestMethod]
        public void Manifest_ItemMetadataOverridesComponentJson()
        {
            _site.AddComponent("analytics", """{ "command": "echo manifest > \"$HUGO_WORK_DIR/who.txt\"", "timeoutSeconds": 0.001 }""");

            var task = _site.Task(Item("analytics", "Command", "echo item > \"$HUGO_WORK_DIR/who.txt\"", "TimeoutSeconds", "60"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("item", Read(Path.Combine(_site.WorkDir, "who.txt")));
        }

        [TestMethod]
        public void WorkingDirectory_RelativeToWorkFolder_MayBeCreatedByTheOverlay()
        {
            _site.AddComponent("gen", null, ("static/search/keep.txt", "x"));
            var task = _site.Task(Item("gen", "Command", "pwd > here.txt", "WorkingDirectory", "static/search"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual(Path.Combine(Path.GetFullPath(_site.WorkDir), "static", "search"), Read(Path.Combine(_site.WorkDir, "static", "search", "here.txt")));
        }

        [TestMethod]
        public void WorkingDirectory_Missing_IsCodedErrorBeforeAnythingRuns()
        {
            var task = _site.Task(_site.Shell("ok", "touch \"$MARKS/ok\""), Item("gen", "Command", "true", "WorkingDirectory", "nope"));

            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(_site.Engine.ErrorCodes.ToList(), "HSB2013");
            Assert.IsFalse(_site.HasMark("ok"));
        }

        [TestMethod]
        public void Overlay_AllComponentsFilesAreInPlaceBeforeAnyCommandRuns()
        {
            _site.AddComponent("reader", null, ("static/reader.txt", "r"));
            _site.AddComponent("provider", null, ("data/provided.json", "{\"from\":\"provider\"}"));
            var task = _site.Task(
                _site.Shell("reader", "cat \"$HUGO_WORK_DIR/data/provided.json\" > \"$MARKS/seen\""),
                Item("provider"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("{\"from\":\"provider\"}", Read(_site.Mark("seen")));
            Assert.AreEqual("r", Read(Path.Combine(_site.WorkDir, "static", "reader.txt")));
            Assert.AreEqual("Succeeded", ResultOf(task, "provider"));
            Assert.AreEqual("0", ByName(task)["provider"].GetMetadata("ExitCode"));
        }

        [TestMethod]
        public void Overlay_SameFileFromTwoComponents_LaterInDependencyOrderWins_AndAMessageNamesBoth()
        {
            _site.AddComponent("theme-extras", null, ("layouts/partials/head.html", "from theme-extras"));
            _site.AddComponent("analytics", null, ("layouts/partials/head.html", "from analytics"));

            // Listed first, but depends on theme-extras: dependency order, not list order, decides.
            var task = _site.Task(Item("analytics", "DependsOn", "theme-extras"), Item("theme-extras"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("from analytics", Read(Path.Combine(_site.WorkDir, "layouts", "partials", "head.html")));
            string message = _site.MessageTexts.Single(m => m.Contains("both provide", StringComparison.Ordinal));
            StringAssert.Contains(message, "'theme-extras'");
            StringAssert.Contains(message, "'analytics'");
            StringAssert.Contains(message, Path.Combine("layouts", "partials", "head.html"));
        }

        [TestMethod]
        public void Overlay_FileBlockedByAFolder_IsCodedErrorAndNoCommandRuns()
        {
            _site.AddComponent("blocked", null, ("static/x.txt", "x"));
            Directory.CreateDirectory(Path.Combine(_site.WorkDir, "static", "x.txt"));
            var task = _site.Task(_site.Shell("blocked", "touch \"$MARKS/ran\""));

            Assert.IsFalse(task.Execute());
            CollectionAssert.Contains(_site.Engine.ErrorCodes.ToList(), "HSB2012");
            Assert.IsFalse(_site.HasMark("ran"));
        }

        [TestMethod]
        public void Throttle_RealProcesses_NeverMoreAliveThanMaxParallelJobs()
        {
            const string command = "touch \"$MARKS/alive.$HUGO_COMPONENT\"; ls \"$MARKS\" | grep -c '^alive' > \"$MARKS/seen.$HUGO_COMPONENT\"; sleep 0.2; rm \"$MARKS/alive.$HUGO_COMPONENT\"";
            var names = Enumerable.Range(1, 6).Select(i => "c" + i).ToArray();
            var task = _site.Task(names.Select(n => _site.Shell(n, command)).ToArray());
            task.MaxParallelJobs = 2;

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            var seen = names.Select(n => int.Parse(Read(_site.Mark("seen." + n)))).ToList();
            Assert.IsTrue(seen.Max() <= 2, "alive at once: " + string.Join(",", seen));
            Assert.IsTrue(task.Results.All(r => r.GetMetadata("Result") == "Succeeded"));
        }

        [TestMethod]
        public void SlotReuse_RealProcesses_LongComponentDoesNotHoldBackShortOnes()
        {
            // "long" waits until the last short component has run. A throttle that waits on the oldest job would
            // never start s3, and long would hit its time-out.
            var task = _site.Task(
                _site.Shell("long", "while [ ! -f \"$MARKS/s3\" ]; do sleep 0.05; done", "TimeoutSeconds", "60"),
                _site.Shell("s1", "touch \"$MARKS/s1\""),
                _site.Shell("s2", "touch \"$MARKS/s2\""),
                _site.Shell("s3", "touch \"$MARKS/s3\""));
            task.MaxParallelJobs = 2;

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("Succeeded", ResultOf(task, "long"));
        }

        [TestMethod]
        public void Dependencies_RunInDependencyOrder_WhateverTheListOrder()
        {
            const string command = "echo $HUGO_COMPONENT >> \"$MARKS/order\"";
            var task = _site.Task(
                _site.Shell("site", command, "DependsOn", "index"),
                _site.Shell("index", command, "DependsOn", "fetch"),
                _site.Shell("fetch", command));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(new[] { "fetch", "index", "site" }, File.ReadAllLines(_site.Mark("order")));
            var results = ByName(task);
            Assert.IsTrue(double.Parse(results["site"].GetMetadata("StartOffsetMs")) >=
                          double.Parse(results["index"].GetMetadata("StartOffsetMs")));
        }

        [TestMethod]
        public void Dependencies_FromManifestAsArray()
        {
            _site.AddComponent("b", """{ "command": "echo b >> \"$MARKS/order\"", "dependsOn": ["a"], "environment": { "MARKS": "@MARKS@" } }""".Replace("@MARKS@", _site.Marks));
            _site.AddComponent("a", """{ "command": "echo a >> \"$MARKS/order\"", "environment": { "MARKS": "@MARKS@" } }""".Replace("@MARKS@", _site.Marks));

            var task = _site.Task(Item("b"), Item("a"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(new[] { "a", "b" }, File.ReadAllLines(_site.Mark("order")));
        }

        [TestMethod]
        public void Dependencies_Cycle_IsCodedErrorBeforeAnythingRuns()
        {
            var task = _site.Task(
                _site.Shell("free", "touch \"$MARKS/free\""),
                _site.Shell("a", "touch \"$MARKS/a\"", "DependsOn", "b"),
                _site.Shell("b", "touch \"$MARKS/b\"", "DependsOn", "a"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2011", error.Code);
            StringAssert.Contains(error.Message, "a -> b -> a");
            Assert.AreEqual(0, Directory.GetFiles(_site.Marks).Length, "nothing may run");
            Assert.IsTrue(task.Results.All(r => r.GetMetadata("Result") == "NotStarted"));
            Assert.AreEqual(3, task.Results.Length);
        }

        [TestMethod]
        public void Dependencies_OnItself_IsACycle()
        {
            var task = _site.Task(_site.Shell("selfish", "true", "DependsOn", "selfish"));
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB2011" }, _site.Engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void Dependencies_UnknownName_IsCodedErrorBeforeAnythingRuns()
        {
            var task = _site.Task(_site.Shell("free", "touch \"$MARKS/free\""), _site.Shell("search", "true", "DependsOn", "indexer"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2010", error.Code);
            StringAssert.Contains(error.Message, "'search'");
            StringAssert.Contains(error.Message, "'indexer'");
            Assert.IsFalse(_site.HasMark("free"));
        }

        [TestMethod]
        [DataRow(false, 4, DisplayName = "Parallel=false")]
        [DataRow(true, 1, DisplayName = "MaxParallelJobs=1")]
        public void Sequential_RunsOneAtATimeInDependencyOrder(bool parallel, int jobs)
        {
            const string command = "echo start $HUGO_COMPONENT >> \"$MARKS/log\"; sleep 0.05; echo end $HUGO_COMPONENT >> \"$MARKS/log\"";
            var task = _site.Task(_site.Shell("x", command, "DependsOn", "z"), _site.Shell("y", command), _site.Shell("z", command));
            task.Parallel = parallel;
            task.MaxParallelJobs = jobs;

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(
                new[] { "start y", "end y", "start z", "end z", "start x", "end x" },
                File.ReadAllLines(_site.Mark("log")));
            Assert.IsTrue(_site.Engine.HasMessage("one at a time"));
        }

        [TestMethod]
        public void Failure_NamesComponentExitCodeAndLastLinesOfStderr_AndFailsTheTask()
        {
            var task = _site.Task(_site.Shell("broken", "echo fine; for i in $(seq 1 15); do echo \"problem $i\" >&2; done; exit 3"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2015", error.Code);
            StringAssert.Contains(error.Message, "'broken'");
            StringAssert.Contains(error.Message, "exit code 3");
            StringAssert.Contains(error.Message, "problem 15");
            StringAssert.Contains(error.Message, "problem 6");
            Assert.IsFalse(error.Message.Contains("problem 5\n", StringComparison.Ordinal) || error.Message.EndsWith("problem 5", StringComparison.Ordinal),
                "only the last lines go into the error");
            Assert.AreEqual("Failed", ResultOf(task, "broken"));
            Assert.AreEqual("3", ByName(task)["broken"].GetMetadata("ExitCode"));
        }

        [TestMethod]
        public void MissingCommand_ProgramNotOnPath_FailsWith127AndSaysTheCommandWasNotFound()
        {
            var task = _site.Task(Item("ghost", "Command", "hsb-no-such-program-4711 --init"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2015", error.Code);
            StringAssert.Contains(error.Message, "exit code 127");
            StringAssert.Contains(error.Message, "could not find the command");
            StringAssert.Contains(error.Message, "hsb-no-such-program-4711");
        }

        [TestMethod]
        public void NoCommand_ComponentOnlyAddsFiles_AndSucceeds()
        {
            _site.AddComponent("analytics", """{ "description": "adds a partial" }""", ("layouts/partials/analytics.html", "<script></script>"));

            var task = _site.Task(Item("analytics"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.IsTrue(File.Exists(Path.Combine(_site.WorkDir, "layouts", "partials", "analytics.html")));
            Assert.AreEqual("Succeeded", ResultOf(task, "analytics"));
        }

        [TestMethod]
        public void MissingFolder_IsCodedErrorNamingTheFolder_AndNothingRuns()
        {
            var task = _site.Task(_site.Shell("real", "touch \"$MARKS/real\""), Item("comments"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2004", error.Code);
            StringAssert.Contains(error.Message, Path.Combine(_site.ComponentsDir, "comments"));
            Assert.IsFalse(_site.HasMark("real"));
            Assert.AreEqual("NotStarted", ResultOf(task, "comments"));
        }

        [TestMethod]
        public void InlineComponent_WithCommandButNoFolder_Runs()
        {
            var task = _site.Task(Item("stamp", "Command", "echo built > \"$HUGO_WORK_DIR/stamp.txt\""));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("built", Read(Path.Combine(_site.WorkDir, "stamp.txt")));
        }

        [TestMethod]
        public void FailFast_StopsTheOtherRunningTrees_AndStartsNoMore()
        {
            var task = _site.Task(
                _site.Shell("bad", "while [ ! -f \"$MARKS/busy.pid\" ]; do sleep 0.02; done; echo oops >&2; exit 1", "TimeoutSeconds", "60"),
                _site.Shell("busy", "sleep 60 & echo $! > \"$MARKS/busy.pid\"; wait"),
                _site.Shell("later", "touch \"$MARKS/later\""));
            task.MaxParallelJobs = 2;
            var clock = Stopwatch.StartNew();

            Assert.IsFalse(task.Execute());

            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30), "busy's sleep 60 must have been stopped");
            Assert.AreEqual("Failed", ResultOf(task, "bad"));
            Assert.AreEqual("Cancelled", ResultOf(task, "busy"));
            Assert.AreEqual("NotStarted", ResultOf(task, "later"));
            Assert.IsFalse(_site.HasMark("later"));
            AssertGone(int.Parse(Read(_site.Mark("busy.pid"))));
            CollectionAssert.AreEqual(new[] { "HSB2015" }, _site.Engine.ErrorCodes.ToList());
            Assert.IsTrue(_site.Engine.HasMessage("busy: stopped because 'bad' failed"));
            Assert.IsTrue(_site.Engine.HasMessage("later: not started because 'bad' failed"));
        }

        [TestMethod]
        public void ContinueOnComponentFailure_LetsTheOthersFinish_ButStillFails()
        {
            var task = _site.Task(
                _site.Shell("bad", "exit 4"),
                _site.Shell("good1", "sleep 0.1; touch \"$MARKS/good1\""),
                _site.Shell("good2", "touch \"$MARKS/good2\""),
                _site.Shell("needsbad", "touch \"$MARKS/needsbad\"", "DependsOn", "bad"));
            task.ContinueOnComponentFailure = true;
            task.MaxParallelJobs = 2;

            Assert.IsFalse(task.Execute());
            Assert.IsTrue(_site.HasMark("good1") && _site.HasMark("good2"));
            Assert.IsFalse(_site.HasMark("needsbad"));
            Assert.AreEqual("Failed", ResultOf(task, "bad"));
            Assert.AreEqual("Succeeded", ResultOf(task, "good1"));
            Assert.AreEqual("NotStarted", ResultOf(task, "needsbad"));
            CollectionAssert.AreEqual(new[] { "HSB2015" }, _site.Engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void TimeOut_StopsChildAndGrandchild_AndSaysSo()
        {
            // The shell starts a child shell which starts a grandchild; all three must be gone after the time-out.
            var task = _site.Task(_site.Shell("slow",
                "sh -c 'sleep 60 & echo $! > \"$MARKS/grandchild.pid\"; wait' & echo $! > \"$MARKS/child.pid\"; wait",
                "TimeoutSeconds", "1"));
            var clock = Stopwatch.StartNew();

            Assert.IsFalse(task.Execute());

            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30), "the time-out did not stop the command");
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2016", error.Code);
            StringAssert.Contains(error.Message, "'slow'");
            StringAssert.Contains(error.Message, "process tree");
            Assert.AreEqual("TimedOut", ResultOf(task, "slow"));
            AssertGone(int.Parse(Read(_site.Mark("child.pid"))));
            AssertGone(int.Parse(Read(_site.Mark("grandchild.pid"))));
        }

        [TestMethod]
        public void Cancel_StopsEveryRunningTreePromptly()
        {
            var task = _site.Task(
                _site.Shell("one", "sh -c 'sleep 60 & echo $! > \"$MARKS/one.pid\"; wait'"),
                _site.Shell("two", "sleep 60 & echo $! > \"$MARKS/two.pid\"; wait"),
                _site.Shell("three", "touch \"$MARKS/three\"", "DependsOn", "one"));
            var run = Task.Factory.StartNew(task.Execute, TaskCreationOptions.LongRunning);
            WaitForFile(_site.Mark("one.pid"));
            WaitForFile(_site.Mark("two.pid"));

            var clock = Stopwatch.StartNew();
            task.Cancel();
            Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(20)), "Execute did not return after Cancel()");

            Assert.IsFalse(run.Result);
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(20));
            Assert.AreEqual("Cancelled", ResultOf(task, "one"));
            Assert.AreEqual("Cancelled", ResultOf(task, "two"));
            Assert.AreEqual("NotStarted", ResultOf(task, "three"));
            CollectionAssert.Contains(_site.Engine.WarningCodes.ToList(), "HSB2017");
            AssertGone(int.Parse(Read(_site.Mark("one.pid"))));
            AssertGone(int.Parse(Read(_site.Mark("two.pid"))));
        }

        [TestMethod]
        public void Output_EachComponentLoggedAsOneBlockUnderItsName_StderrAtHighImportance()
        {
            var task = _site.Task(
                _site.Shell("alpha", "echo a1; sleep 0.2; echo a2 >&2; sleep 0.2; echo a3"),
                _site.Shell("beta", "sleep 0.1; echo b1; sleep 0.2; echo b2; sleep 0.2; echo b3 >&2"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());

            var lines = _site.Events.OfType<BuildMessageEventArgs>().Where(m => m.Message!.StartsWith('[')).ToList();
            var order = lines.Select(m => m.Message!).ToList();
            foreach (string name in new[] { "alpha", "beta" })
            {
                var indexes = order.Select((text, i) => (text, i)).Where(x => x.text.StartsWith("[" + name + "]", StringComparison.Ordinal)).Select(x => x.i).ToList();
                Assert.AreEqual(3, indexes.Count, string.Join("\n", order));
                Assert.AreEqual(indexes[0] + 2, indexes[2], name + "'s lines must be contiguous:\n" + string.Join("\n", order));
            }

            Assert.AreEqual(MessageImportance.High, lines.Single(m => m.Message == "[alpha] a2").Importance);
            Assert.AreEqual(MessageImportance.Normal, lines.Single(m => m.Message == "[alpha] a1").Importance);
            Assert.AreEqual(MessageImportance.High, lines.Single(m => m.Message == "[beta] b3").Importance);
            Assert.IsTrue(_site.MessageTexts.Any(m => m.StartsWith("alpha: finished in", StringComparison.Ordinal)));
        }

        [TestMethod]
        public void Output_WithBracesAndUnicode_IsLoggedVerbatim()
        {
            var task = _site.Task(_site.Shell("json", "echo '{\"a\": {0}} ✓'; echo '{1}' >&2"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.Contains(_site.MessageTexts, "[json] {\"a\": {0}} ✓");
            CollectionAssert.Contains(_site.MessageTexts, "[json] {1}");
        }

        [TestMethod]
        public void LeftoverBackgroundProcessHoldingOutput_IsStoppedWithAWarning()
        {
            var task = _site.Task(_site.Shell("daemon", "sleep 60 & echo $! > \"$MARKS/daemon.pid\"; echo started"));
            var clock = Stopwatch.StartNew();

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());

            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30));
            CollectionAssert.AreEqual(new[] { "HSB2018" }, _site.Engine.WarningCodes.ToList());
            AssertGone(int.Parse(Read(_site.Mark("daemon.pid"))));
        }

        [TestMethod]
        public void Results_OnePerComponentInListedOrder_WithTimesAndExitCodes()
        {
            var task = _site.Task(_site.Shell("first", "sleep 0.05"), _site.Shell("second", "echo hi; exit 0"));
            task.MaxParallelJobs = 1;

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(new[] { "first", "second" }, task.Results.Select(r => r.ItemSpec).ToList());
            var first = task.Results[0];
            var second = task.Results[1];
            Assert.AreEqual("Succeeded", first.GetMetadata("Result"));
            Assert.AreEqual("0", first.GetMetadata("ExitCode"));
            Assert.IsTrue(double.Parse(first.GetMetadata("DurationMs")) >= 40, "sleep 0.05 takes at least 40 ms");
            Assert.IsTrue(double.Parse(first.GetMetadata("StartOffsetMs")) >= 0);
            Assert.IsTrue(double.Parse(second.GetMetadata("StartOffsetMs")) >= double.Parse(first.GetMetadata("StartOffsetMs")) + 40,
                "with one job, second starts after first ended");
            Assert.IsTrue(double.Parse(second.GetMetadata("FirstOutputMs")) >= 0);
            Assert.AreEqual(string.Empty, first.GetMetadata("FirstOutputMs"), "first wrote nothing");
        }

        [TestMethod]
        public void DuplicateComponent_WarnsAndRunsOnce()
        {
            var item = _site.Shell("dup", "echo x >> \"$MARKS/dup\"");
            var task = _site.Task(item, Item("dup"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(new[] { "HSB2002" }, _site.Engine.WarningCodes.ToList(), _site.Engine.AllText());
            Assert.AreEqual(1, File.ReadAllLines(_site.Mark("dup")).Length);
            Assert.AreEqual(1, task.Results.Length);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(-2)]
        public void MaxParallelJobs_BelowOne_IsCodedError(int jobs)
        {
            var task = _site.Task(_site.Shell("a", "touch \"$MARKS/a\""));
            task.MaxParallelJobs = jobs;

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB2001" }, _site.Engine.ErrorCodes.ToList());
            Assert.IsFalse(_site.HasMark("a"));
        }

        [TestMethod]
        public void NoComponents_SucceedsWithNoResults()
        {
            var task = _site.Task();
            Assert.IsTrue(task.Execute());
            Assert.AreEqual(0, task.Results.Length);
        }

        [TestMethod]
        public void InvalidManifest_IsCodedErrorWithLine_AndNothingRuns()
        {
            _site.AddComponent("broken", "{\n  \"command\": \"echo\",\n  \"dependsOn\": [\"a\"\n}");
            var task = _site.Task(_site.Shell("ok", "touch \"$MARKS/ok\""), Item("broken"));

            Assert.IsFalse(task.Execute());
            var error = _site.Engine.Errors.Single();
            Assert.AreEqual("HSB2005", error.Code);
            Assert.AreEqual(Path.Combine(_site.ComponentsDir, "broken", "component.json"), error.File);
            Assert.IsTrue(error.LineNumber >= 3, "line " + error.LineNumber);
            Assert.IsFalse(_site.HasMark("ok"));
        }

        [TestMethod]
        public void InvalidManifest_TopLevelNotAnObject_MessageKeepsItsExample()
        {
            _site.AddComponent("arr", "[1, 2]");
            var task = _site.Task(Item("arr"));

            Assert.IsFalse(task.Execute());
            StringAssert.Contains(_site.Engine.Errors.Single().Message, "{ \"command\": \"sh init.sh\" }");
        }

        [TestMethod]
        public void UnknownManifestProperty_IsAWarning_AndTheComponentStillRuns()
        {
            _site.AddComponent("typo", """{ "comand": "echo", "command": "echo ok > \"$HUGO_WORK_DIR/typo.txt\"" }""");
            var task = _site.Task(Item("typo"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            CollectionAssert.AreEqual(new[] { "HSB2006" }, _site.Engine.WarningCodes.ToList(), _site.Engine.AllText());
            StringAssert.Contains(_site.Engine.Warnings.Single().Message, "'comand'");
            Assert.AreEqual("ok", Read(Path.Combine(_site.WorkDir, "typo.txt")));
        }

        [TestMethod]
        [DataRow("TimeoutSeconds", "soon", "HSB2007")]
        [DataRow("TimeoutSeconds", "-1", "HSB2007")]
        [DataRow("Environment", "=novalue", "HSB2008")]
        [DataRow("AlwaysRun", "maybe", "HSB2009")]
        public void InvalidMetadata_IsCodedError(string metadata, string value, string code)
        {
            var task = _site.Task(_site.Shell("c", "touch \"$MARKS/c\"", metadata, value));

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { code }, _site.Engine.ErrorCodes.ToList());
            Assert.IsFalse(_site.HasMark("c"));
        }

        [TestMethod]
        [DataRow("../escape")]
        [DataRow("a/b")]
        [DataRow("wild*")]
        public void InvalidComponentName_IsCodedError(string name)
        {
            var task = _site.Task(Item(name, "Command", "true"));
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB2003" }, _site.Engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void AlwaysRun_FromManifestIsReportedInResults()
        {
            _site.AddComponent("clock", """{ "alwaysRun": true }""");
            _site.AddComponent("plain");
            var task = _site.Task(Item("clock"), Item("plain"));

            Assert.IsTrue(task.Execute(), _site.Engine.AllText());
            Assert.AreEqual("true", ByName(task)["clock"].GetMetadata("AlwaysRun"));
            Assert.AreEqual("false", ByName(task)["plain"].GetMetadata("AlwaysRun"));
        }

        private static void WaitForFile(string path)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(path) || new FileInfo(path).Length == 0)
            {
                Assert.IsTrue(DateTime.UtcNow < deadline, path + " never appeared");
                Thread.Sleep(20);
            }
        }

        /// <summary>The process must be gone (a zombie awaiting its reaper counts as gone); allows a moment for the signal.</summary>
        private static void AssertGone(int pid)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (ProcessTree.IsAlive(pid))
            {
                Assert.IsTrue(DateTime.UtcNow < deadline, $"process {pid} is still running");
                Thread.Sleep(50);
            }
        }
    }
}
