using Microsoft.VisualStudio.TestTools.UnitTesting;
using Moq;
using System.Diagnostics;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class RecordPhaseTests : PhaseStateFixture
    {
        /// <summary>Clock ticks for a time in milliseconds on this machine's Stopwatch.</summary>
        internal static long Ticks(double ms) => (long)Math.Round(ms * Stopwatch.Frequency / 1000.0);

        internal static RecordPhase Phase(TestEngine engine, string stateFile, string phase, string action, double atMs) => new RecordPhase
        {
            BuildEngine = engine.Object,
            Phase = phase,
            Action = action,
            StateFile = stateFile,
            Clock = () => Ticks(atMs),
        };

        [TestMethod]
        public void StartThenEnd_ReportsDurationWithSubMillisecondResolution()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 1000);
            Run(engine, "copy", "Start", 1000.25);
            RecordPhase end = Run(engine, "copy", "End", 1001.75);

            Assert.AreEqual(1.5, end.DurationMilliseconds, 0.001);
            Assert.AreEqual(1.75, end.ElapsedMilliseconds, 0.001);
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void Phases_NestInsideTotal_EachKeepsItsOwnTime()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Start", 1);
            Run(engine, "setup", "End", 11);
            Run(engine, "copy", "Start", 11);
            Run(engine, "copy", "End", 41);
            RecordPhase total = Run(engine, "total", "End", 50);

            Assert.AreEqual(50, total.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            CollectionAssert.AreEqual(new[] { "total", "setup", "copy" }, store.Order);
            Assert.AreEqual(10, store.DurationsMs["setup"], 0.001);
            Assert.AreEqual(30, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(50, store.DurationsMs["total"], 0.001);
            Assert.AreEqual("total", store.Parents["copy"]);
            Assert.AreEqual(11, store.OffsetsMs["copy"], 0.001);
            Assert.AreEqual(total.SessionId, store.SessionId);
        }

        [TestMethod]
        public void StartOfTotal_BeginsNewSession_ForgettingThePreviousBuild()
        {
            var engine = new TestEngine();
            RecordPhase first = Run(engine, "total", "Start", 0);
            Run(engine, "hugo", "Start", 1);
            Run(engine, "hugo", "End", 5);
            Run(engine, "total", "End", 6);

            RecordPhase second = Run(engine, "total", "Start", 100);
            Run(engine, "setup", "Start", 101);
            Run(engine, "setup", "End", 103);

            Assert.AreNotEqual(first.SessionId, second.SessionId);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(second.SessionId, store.SessionId);
            Assert.IsFalse(store.DurationsMs.ContainsKey("hugo"));
            Assert.AreEqual(2, store.DurationsMs["setup"], 0.001);
        }

        [TestMethod]
        public void EndWithoutStart_IsCodedWarning_AndTheBuildGoesOn()
        {
            var engine = new TestEngine();
            RecordPhase end = Run(engine, "copy", "End", 10);

            CollectionAssert.AreEqual(new[] { "HSB3001" }, engine.WarningCodes.ToList());
            Assert.AreEqual(0, end.DurationMilliseconds);
            Assert.IsFalse(string.IsNullOrEmpty(end.SessionId));
            Assert.AreEqual(0, engine.Errors.Count);
        }

        [TestMethod]
        public void PhaseNeverEnded_IsCodedWarning_WhenTotalEnds()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "components", "Start", 1);
            RecordPhase total = Run(engine, "total", "End", 9);

            CollectionAssert.AreEqual(new[] { "HSB3003" }, engine.WarningCodes.ToList());
            StringAssert.Contains(engine.Warnings.Single().Message, "components");
            Assert.AreEqual(9, total.DurationMilliseconds, 0.001);
            Assert.IsFalse(PhaseStore.Load(State).DurationsMs.ContainsKey("components"));
        }

        [TestMethod]
        public void StartTwice_IsCodedWarning_AndTimesFromTheSecondStart()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "hugo", "Start", 1);
            Run(engine, "hugo", "Start", 5);
            RecordPhase end = Run(engine, "hugo", "End", 8);

            CollectionAssert.AreEqual(new[] { "HSB3002" }, engine.WarningCodes.ToList());
            Assert.AreEqual(3, end.DurationMilliseconds, 0.001);
        }

        [TestMethod]
        public void PhaseRunTwice_AddsBothRuns()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "copy", "Start", 1);
            Run(engine, "copy", "End", 3);
            Run(engine, "copy", "Start", 10);
            Run(engine, "copy", "End", 15);

            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(7, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(2, store.Runs["copy"]);
            Assert.AreEqual(0, engine.Warnings.Count);
        }

        [TestMethod]
        public void EndBeforeStartByTheClock_IsCodedWarning_AndRecordsNoTime()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 100);
            Run(engine, "copy", "Start", 150);
            RecordPhase end = Run(engine, "copy", "End", 120);

            CollectionAssert.AreEqual(new[] { "HSB3007" }, engine.WarningCodes.ToList());
            Assert.AreEqual(0, end.DurationMilliseconds);
            Assert.IsFalse(PhaseStore.Load(State).DurationsMs.ContainsKey("copy"));
        }

        [TestMethod]
        public void InvalidAction_IsCodedError()
        {
            var engine = new TestEngine();
            RecordPhase task = Phase(engine, State, "copy", "Pause", 0);

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB3004" }, engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void EmptyPhase_IsCodedError()
        {
            var engine = new TestEngine();
            RecordPhase task = Phase(engine, State, " ", "Start", 0);

            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB3004" }, engine.ErrorCodes.ToList());
        }

        [TestMethod]
        public void EachPhaseTime_IsLoggedAsMessage()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "hugo", "Start", 2);
            Run(engine, "hugo", "End", 14.5);
            Run(engine, "total", "End", 20);

            Assert.IsTrue(engine.Messages.Any(m => m.Message == "Phase 'hugo' took 12.500 ms." && m.Importance == MessageImportance.Normal), engine.AllText());
            Assert.IsTrue(engine.HasMessage("Phase 'total' took 20.000 ms."), engine.AllText());
            Assert.IsTrue(engine.HasMessage("hugo=12.500ms"), engine.AllText());
        }

        [TestMethod]
        public void InProcess_StateIsRegisteredForTheBuild_KeyedByTheStateFilesFullPath()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);

            string key = PhaseRecorder.RegistrationKey(State);
            StringAssert.Contains(key, Path.GetFullPath(State));
            Assert.IsTrue(engine.RegisteredObjects.Contains(key));
            engine.Mock.Verify(e => e.RegisterTaskObject(key, It.IsAny<object>(), RegisteredTaskObjectLifetime.Build, false), Times.Once());
        }

        [TestMethod]
        public void InProcess_TimesSurviveAnUnwritableStateFolder_WithOneWarning()
        {
            // A file where the folder should be: no process, root included, can create the state file.
            string blocker = Dir.Write("blocked", "not a folder");
            string state = Path.Combine(blocker, "hugo", "phases.json");
            var engine = new TestEngine();

            Assert.IsTrue(Phase(engine, state, "total", "Start", 0).Execute());
            Assert.IsTrue(Phase(engine, state, "copy", "Start", 2).Execute());
            RecordPhase copy = Phase(engine, state, "copy", "End", 7);
            Assert.IsTrue(copy.Execute());

            Assert.AreEqual(5, copy.DurationMilliseconds, 0.001);
            CollectionAssert.AreEqual(new[] { "HSB3006" }, engine.WarningCodes.ToList());
            Assert.AreEqual(5, PhaseRecorder.Read(engine.Object, state).DurationsMs["copy"], 0.001);
        }

        [TestMethod]
        public void OutOfProcess_FreshEnginesWithOnlyTheFile_SeeTheSameSession()
        {
            // Each task gets an engine of its own, as TaskHostFactory gives each task a fresh process.
            RecordPhase start = Phase(new TestEngine(), State, "total", "Start", 0);
            Assert.IsTrue(start.Execute());
            Assert.IsTrue(Phase(new TestEngine(), State, "copy", "Start", 3).Execute());
            RecordPhase copy = Phase(new TestEngine(), State, "copy", "End", 10.5);
            Assert.IsTrue(copy.Execute());
            RecordPhase total = Phase(new TestEngine(), State, "total", "End", 12);
            Assert.IsTrue(total.Execute());

            Assert.AreEqual(7.5, copy.DurationMilliseconds, 0.001);
            Assert.AreEqual(12, total.DurationMilliseconds, 0.001);
            Assert.AreEqual(start.SessionId, total.SessionId);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(7.5, store.DurationsMs["copy"], 0.001);
            Assert.AreEqual(start.SessionId, store.SessionId);
        }

        [TestMethod]
        public void MixedInAndOutOfProcess_TheRegisteredObjectNeverHidesAnotherProcesssTimes()
        {
            var node = new TestEngine();
            Run(node, "total", "Start", 0);
            Run(node, "setup", "Start", 1);
            Run(node, "setup", "End", 2);

            // A task in another process writes only the file.
            Assert.IsTrue(Phase(new TestEngine(), State, "hugo", "Start", 3).Execute());
            Assert.IsTrue(Phase(new TestEngine(), State, "hugo", "End", 9).Execute());

            Run(node, "total", "End", 10);
            PhaseStore seen = PhaseRecorder.Read(node.Object, State);
            Assert.AreEqual(6, seen.DurationsMs["hugo"], 0.001);
            Assert.AreEqual(1, seen.DurationsMs["setup"], 0.001);
            Assert.AreEqual(10, seen.DurationsMs["total"], 0.001);
            Assert.AreEqual(0, node.Warnings.Count, node.AllText());
        }

        [TestMethod]
        public void CorruptStateFile_IsCodedWarning_AndTimingStartsAfresh()
        {
            Dir.Write(Path.Combine("obj", "hugo", "phases.json"), "{\"session_id\": \"torn");
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            RecordPhase end = Run(engine, "total", "End", 4);

            CollectionAssert.AreEqual(new[] { "HSB3005" }, engine.WarningCodes.ToList());
            Assert.AreEqual(4, end.DurationMilliseconds, 0.001);
            Assert.AreEqual(4, PhaseStore.Load(State).DurationsMs["total"], 0.001);
        }

        [TestMethod]
        public void RealClock_MeasuresAPositiveSubSecondDuration()
        {
            var engine = new TestEngine();
            Assert.IsTrue(new RecordPhase { BuildEngine = engine.Object, Phase = "total", Action = "Start", StateFile = State }.Execute());
            Thread.Sleep(5);
            var end = new RecordPhase { BuildEngine = new TestEngine().Object, Phase = "total", Action = "End", StateFile = State };
            Assert.IsTrue(end.Execute());

            Assert.IsTrue(end.DurationMilliseconds >= 4 && end.DurationMilliseconds < 10_000, end.DurationMilliseconds.ToString());
            Assert.AreNotEqual(Math.Floor(end.DurationMilliseconds), end.DurationMilliseconds, "expected a fractional millisecond");
        }

        [TestMethod]
        public void Load_MissingOrGarbageFile_GivesAnEmptyStore()
        {
            Assert.AreEqual(0, PhaseStore.Load(Dir.Combine("none.json")).DurationsMs.Count);
            Assert.AreEqual(0, PhaseStore.Load(Dir.Write("bad.json", "[1,2")).Order.Count);
            Assert.AreEqual(0, PhaseStore.Load(Dir.Write("array.json", "[1,2]")).Order.Count);
        }
    }
}
