using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>A fresh phase state file per test, and RecordPhase calls on it at given clock times.</summary>
    public abstract class PhaseStateFixture
    {
        protected TempDir Dir { get; private set; } = null!;

        protected string State { get; private set; } = null!;

        [TestInitialize]
        public void Init()
        {
            Dir = new TempDir();
            State = Dir.Combine("obj", "hugo", "phases.json");
        }

        [TestCleanup]
        public void Cleanup() => Dir.Dispose();

        protected RecordPhase Run(TestEngine engine, string phase, string action, double atMs)
        {
            RecordPhase task = RecordPhaseTests.Phase(engine, State, phase, action, atMs);
            Assert.IsTrue(task.Execute(), engine.AllText());
            return task;
        }
    }
}
