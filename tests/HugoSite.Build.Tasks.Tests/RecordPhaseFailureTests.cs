using HugoSite.Build.Tasks.Phases;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>A failed build closes the phases its failure left open; HSB3003 stays for targets that forget an End.</summary>
    [TestClass]
    public sealed class RecordPhaseFailureTests : PhaseStateFixture
    {
        [TestMethod]
        public void Fail_EndsEveryOpenPhaseAsFailed_WithoutHSB3003()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "setup", "Start", 0);
            Run(engine, "setup", "End", 2);
            Run(engine, "hugo", "Start", 5);
            Run(engine, "hugo-inner", "Start", 6);
            RecordPhase total = Run(engine, "total", "Fail", 20);

            Assert.AreEqual(0, engine.WarningCodes.Count(), engine.AllText());
            Assert.AreEqual(20, total.DurationMilliseconds, 0.001);
            PhaseStore store = PhaseStore.Load(State);
            Assert.AreEqual(15, store.DurationsMs["hugo"], 0.001, "A failed phase keeps its time up to the failure.");
            Assert.AreEqual(14, store.DurationsMs["hugo-inner"], 0.001);
            CollectionAssert.AreEqual(new[] { "hugo-inner", "hugo" }, store.Failed, "Innermost first; the phase that ended normally is not failed.");
            Assert.AreEqual(0, store.Starts.Count);
        }

        [TestMethod]
        public void Fail_BeforeAnyPhaseStarted_OrTwice_IsQuiet()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Fail", 1);
            Run(engine, "total", "Fail", 2);
            CollectionAssert.AreEqual(Array.Empty<string>(), engine.WarningCodes.ToList(), engine.AllText());
        }

        [TestMethod]
        public void EndWithAPhaseLeftOpen_StillWarnsHSB3003_AndFailedIsKeptAcrossTheFile()
        {
            var engine = new TestEngine();
            Run(engine, "total", "Start", 0);
            Run(engine, "copy", "Start", 1);
            Run(engine, "total", "End", 3);
            CollectionAssert.AreEqual(new[] { "HSB3003" }, engine.WarningCodes.ToList(), "A target that forgets its End is real misuse.");

            var second = new TestEngine();
            Run(second, "total", "Start", 10);
            Run(second, "copy", "Start", 11);
            Run(second, "total", "Fail", 12);
            Assert.IsTrue(PhaseStore.TryParse(File.ReadAllBytes(State), out PhaseStore? read, out _));
            CollectionAssert.AreEqual(new[] { "copy" }, read!.Failed);
            Assert.AreEqual(0, second.WarningCodes.Count());
        }

        [TestMethod]
        public void UnknownAction_IsHSB3004()
        {
            var engine = new TestEngine();
            RecordPhase task = RecordPhaseTests.Phase(engine, State, "total", "explode", 1);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB3004" }, engine.Errors.Select(e => e.Code).ToList());
        }
    }
}
