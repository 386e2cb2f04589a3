using System.Text;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Action="Enter": one call where a phase begins, which ends the phase entered before it.</summary>
    [TestClass]
    public sealed class RecordPhaseEnterTests : PhaseStateFixture
    {
        [TestMethod]
        public void Enter_EndsThePreviousEnteredPhase_SoThePhasesAddUpToTheTotal()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Enter", 1);
            RecordPhase copy = Run(engine, "copy", "Enter", 11);
            Run(engine, "hugo", "Enter", 41);
            RecordPhase total = Run(engine, "total", "End", 50);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(0, copy.DurationMilliseconds, "An Enter ends no phase of its own name.");
            Assert.AreEqual(11, copy.ElapsedMilliseconds, 0.001);
            Assert.AreEqual(50, total.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            CollectionAssert.AreEqual(new[] { "total", "setup", "copy", "hugo" }, store.Order);
            Assert.AreEqual(10, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(30, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(9, store.DurationsMs["hugo"], 0.001);
            Assert.AreEqual(50, store.DurationsMs["total"], 0.001);
            Assert.AreEqual(49, store.DurationsMs["setup"] + store.DurationsMs["copy"] + store.DurationsMs["hugo"], 0.001,
                "Only the time before the first Enter is outside every phase.");
            Assert.AreEqual("total", store.Parents["setup"]);
            Assert.AreEqual("total", store.Parents["copy"]);
            Assert.AreEqual("total", store.Parents["hugo"]);
            Assert.AreEqual(11, store.OffsetsMs["copy"], 0.001);
            Assert.AreEqual(41, store.OffsetsMs["hugo"], 0.001);
            Assert.AreEqual(1, store.Runs["copy"]);
            Assert.AreEqual(0, store.Starts.Count);
            Assert.IsNull(store.Entered);
        }

        [TestMethod]
        public void EachEnteredPhasesTime_IsLoggedWhenItEnds()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Enter", 0);
            Run(engine, "hugo", "Enter", 2);
            Assert.IsTrue(engine.Messages.Any(m => m.Message == "Phase 'setup' took 2.000 ms." && m.Importance == MessageImportance.Normal), engine.AllText());
            Assert.IsTrue(engine.HasMessage("Phase 'hugo' started at +2.000 ms"), engine.AllText());

            Run(engine, "total", "End", 14.5);
            Assert.IsTrue(engine.HasMessage("Phase 'hugo' took 12.500 ms."), engine.AllText());
            Assert.IsTrue(engine.HasMessage("Phase 'total' took 14.500 ms."), engine.AllText());
            Assert.IsTrue(engine.HasMessage("setup=2.000ms hugo=12.500ms"), engine.AllText());
        }

        [TestMethod]
        public void EnterOfTheFirstPhase_EndsNothing_AndLeavesItRunning()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            RecordPhase setup = Run(engine, "setup", "Enter", 2);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(0, setup.DurationMilliseconds);
            Assert.IsFalse(engine.HasMessage(" took "), engine.AllText());
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual("setup", store.Entered);
            Assert.IsTrue(store.Starts.ContainsKey("setup"));
            Assert.IsFalse(store.DurationsMs.ContainsKey("setup"));
            Assert.AreEqual(2, store.OffsetsMs["setup"], 0.001);
        }

        [TestMethod]
        public void EnterWithoutTotal_OpensASession_LikeAStart()
        {
            var engine = new TestEngine();
            RecordPhase setup = Run(engine, "setup", "Enter", 5);
            Run(engine, "copy", "Enter", 8);

            Assert.IsFalse(string.IsNullOrEmpty(setup.SessionId));
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(3, PhaseStore.Load(State).DurationsMs["setup"], 0.001);
        }

        [TestMethod]
        public void EndOfTotal_EndsTheEnteredPhase_WithoutHSB3003()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "hugo", "Enter", 1);
            Run(engine, "cleanup", "Enter", 3);
            RecordPhase total = Run(engine, "total", "End", 9);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(9, total.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(6, store.DurationsMs["cleanup"], 0.001);
            Assert.AreEqual(0, store.Starts.Count);
            Assert.IsNull(store.Entered);
            Assert.AreEqual(0, store.Failed.Count);
        }

        [TestMethod]
        public void EndOfTotal_StillWarnsHSB3003_ForAStartedPhaseNeverEnded()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "copy", "Enter", 1);
            Run(engine, "links", "Start", 2);
            Run(engine, "total", "End", 9);

            CollectionAssert.AreEqual(new[] { "HSB3003" }, engine.WarningCodes.ToList());
            StringAssert.Contains(engine.Warnings.Single().Message, "'links'");
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(8, store.DurationsMs["copy"], 0.001);
            Assert.IsFalse(store.DurationsMs.ContainsKey("links"));
        }

        [TestMethod]
        public void StartAndEnd_InsideAnEnteredPhase_NestInItWithoutEndingIt()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "copy", "Enter", 1);
            Run(engine, "links", "Start", 5);
            RecordPhase links = Run(engine, "links", "End", 8);
            Run(engine, "hugo", "Enter", 10);
            Run(engine, "total", "End", 20);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(3, links.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual("copy", store.Parents["links"]);
            Assert.AreEqual("total", store.Parents["hugo"], "The entered phase before it had ended.");
            Assert.AreEqual(9, store.DurationsMs["copy"], 0.001, "An inner phase's time stays in the phase around it.");
            Assert.AreEqual(10, store.DurationsMs["hugo"], 0.001);
            CollectionAssert.AreEqual(new[] { "total", "copy", "links", "hugo" }, store.Order);
        }

        [TestMethod]
        public void ExplicitEnd_OfTheEnteredPhase_EndsIt_AndTheNextEnterEndsNothing()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Enter", 1);
            RecordPhase end = Run(engine, "setup", "End", 4);
            Assert.IsNull(PhaseStore.Load(State).Entered);

            Run(engine, "copy", "Enter", 6);
            Run(engine, "total", "End", 10);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(3, end.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(3, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(1, store.Runs["setup"]);
            Assert.AreEqual(4, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(1, engine.Messages.Count(m => m.Message == "Phase 'setup' took 3.000 ms."), engine.AllText());
        }

        [TestMethod]
        public void EnterOfTheEnteredPhase_EndsItsRun_AndBeginsAnother()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "copy", "Enter", 1);
            Run(engine, "copy", "Enter", 4);
            Run(engine, "total", "End", 10);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(9, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(2, store.Runs["copy"]);
        }

        [TestMethod]
        public void EnterOfTotal_IsAStart_BeginningANewSession()
        {
            var engine = new TestEngine();
            RecordPhase first = Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Enter", 1);
            RecordPhase second = Run(engine, "total", "Enter", 5);
            Run(engine, "copy", "Enter", 6);
            RecordPhase total = Run(engine, "total", "End", 9);

            Assert.AreNotEqual(first.SessionId, second.SessionId);
            Assert.AreEqual(4, total.DurationMilliseconds, 0.001);
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            PhaseStore store = PhaseStore.Load(State);
            CollectionAssert.AreEqual(new[] { "total", "copy" }, store.Order);
            Assert.AreEqual(3, store.DurationsMs["copy"], 0.001);
        }

        [TestMethod]
        public void ABuildKilledInAnEnteredPhase_LeavesNothingForTheNextBuildToEnd()
        {
            Run(new TestEngine(), "total", "Start", 0);
            Run(new TestEngine(), "hugo", "Enter", 5);
            Assert.AreEqual("hugo", PhaseStore.Load(State).Entered, "the killed build's file still names its running phase");

            var engine = new TestEngine();
            Run(engine, "total", "Start", 100);
            Run(engine, "setup", "Enter", 101);
            Run(engine, "copy", "Enter", 104);
            Run(engine, "total", "End", 110);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            PhaseStore store = PhaseStore.Load(State);
            CollectionAssert.AreEqual(new[] { "total", "setup", "copy" }, store.Order);
            Assert.IsFalse(store.DurationsMs.ContainsKey("hugo"), "the old build's phase is not timed into the new one");
            Assert.AreEqual(3, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(10, store.DurationsMs["total"], 0.001);
        }

        [TestMethod]
        public void Fail_WithAnEnteredPhaseRunning_EndsItAsFailed()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Enter", 0);
            Run(engine, "hugo", "Enter", 5);
            RecordPhase total = Run(engine, "total", "Fail", 12);

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            Assert.AreEqual(12, total.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(5, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(7, store.DurationsMs["hugo"], 0.001, "A failed phase keeps its time up to the failure.");
            CollectionAssert.AreEqual(new[] { "hugo" }, store.Failed, "The phase that an Enter ended is not failed.");
            Assert.AreEqual(0, store.Starts.Count);
            Assert.IsNull(store.Entered);
        }

        [TestMethod]
        public void EnteredPhase_IsKeptInTheFile_AndEndedByAnotherProcess()
        {
            // Each task gets an engine of its own, as TaskHostFactory gives each task a fresh process.
            RecordPhase start = RecordPhaseTests.Phase(new TestEngine(), State, "total", "Start", 0);
            Assert.IsTrue(start.Execute());
            Assert.IsTrue(RecordPhaseTests.Phase(new TestEngine(), State, "setup", "Enter", 1).Execute());

            string json = File.ReadAllText(State, Encoding.UTF8);
            StringAssert.Contains(json, "\"entered\":\"setup\"");
            Assert.IsTrue(PhaseStore.TryParse(File.ReadAllBytes(State), out PhaseStore? read, out _));
            Assert.AreEqual("setup", read!.Entered);
            Assert.AreEqual("setup", read.Clone().Entered);

            var copyEngine = new TestEngine();
            Assert.IsTrue(RecordPhaseTests.Phase(copyEngine, State, "copy", "Enter", 7.5).Execute());
            Assert.IsTrue(copyEngine.HasMessage("Phase 'setup' took 6.500 ms."), copyEngine.AllText());
            var endEngine = new TestEngine();
            RecordPhase total = RecordPhaseTests.Phase(endEngine, State, "total", "End", 12);
            Assert.IsTrue(total.Execute());

            Assert.AreEqual(0, endEngine.Warnings.Count, endEngine.AllText());
            Assert.AreEqual(start.SessionId, total.SessionId);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(6.5, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(4.5, store.DurationsMs["copy"], 0.001);
            Assert.IsNull(store.Entered);
            Assert.IsFalse(File.ReadAllText(State, Encoding.UTF8).Contains("\"entered\"", StringComparison.Ordinal));
        }

        [TestMethod]
        public void EnteredPhase_IsSharedInProcess_ThroughTheRegisteredObject()
        {
            var node = new TestEngine();
            Run(node, "total", "Start", 0);
            Run(node, "setup", "Enter", 1);

            Assert.AreEqual("setup", PhaseRecorder.Read(node.Object, State).Entered);
            Run(node, "copy", "Enter", 3);
            Assert.AreEqual("copy", PhaseRecorder.Read(node.Object, State).Entered);
            Assert.AreEqual(2, PhaseRecorder.Read(node.Object, State).DurationsMs["setup"], 0.001);
        }

        [TestMethod]
        public void Actions_ParseWithoutRegardToCase_AndBeginStaysAStart()
        {
            Assert.IsTrue(PhaseTracker.TryParseAction(" ENTER ", out PhaseAction enter));
            Assert.AreEqual(PhaseAction.Enter, enter);
            Assert.IsTrue(PhaseTracker.TryParseAction("begin", out PhaseAction begin));
            Assert.AreEqual(PhaseAction.Start, begin);
            Assert.IsFalse(PhaseTracker.TryParseAction("entered", out _));
        }

        [TestMethod]
        public void UnknownAction_IsHSB3004_NamingEveryAction()
        {
            var engine = new TestEngine();
            RecordPhase task = RecordPhaseTests.Phase(engine, State, "copy", "Entre", 1);

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB3004" }, engine.ErrorCodes.ToList());
            StringAssert.Contains(engine.Errors.Single().Message, "Action=\"Start\", \"End\", \"Enter\" or \"Fail\"");
            Assert.IsFalse(File.Exists(State), "A bad call records nothing.");
        }

        [TestMethod]
        [DataRow(true, DisplayName = "out of process (TaskHostFactory)")]
        [DataRow(false, DisplayName = "in MSBuild's own node")]
        public void RealMSBuild_EnteredPhasesEndOneAnother(bool taskHost)
        {
            using var dir = new TempDir();
            (string project, string state) = RecordPhaseProcessTests.PhaseProject(dir, taskHost, """
                <Target Name="First">
                  <RecordPhase Phase="total" Action="Start" StateFile="{state}" />
                  <RecordPhase Phase="setup" Action="Enter" StateFile="{state}" />
                </Target>
                <Target Name="Second" DependsOnTargets="First">
                  <RecordPhase Phase="hugo" Action="Enter" StateFile="{state}" />
                </Target>
                <Target Name="Timed" DependsOnTargets="Second">
                  <RecordPhase Phase="total" Action="End" StateFile="{state}" />
                </Target>
                """);

            (int exit, string output) = HistoryReportTests.MSBuild(project, "-t:Timed");

            Assert.AreEqual(0, exit, output);
            PhaseStore store = PhaseStore.Load(state);
            CollectionAssert.AreEqual(new[] { "total", "setup", "hugo" }, store.Order);
            Assert.IsTrue(store.DurationsMs["setup"] > 0 && store.DurationsMs["hugo"] > 0, output);
            Assert.IsTrue(store.DurationsMs["total"] >= store.DurationsMs["setup"] + store.DurationsMs["hugo"], output);
            Assert.AreEqual(0, store.Starts.Count, output);
            Assert.IsFalse(output.Contains("warning", StringComparison.OrdinalIgnoreCase), output);
        }
    }
}
