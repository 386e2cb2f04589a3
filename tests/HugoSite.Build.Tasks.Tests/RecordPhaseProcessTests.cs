using System.Diagnostics;
using System.Globalization;
using HugoSite.Build.Tasks.Phases;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Phases started in one real process and ended in another, as with TaskHostFactory.</summary>
    [TestClass]
    public sealed class RecordPhaseProcessTests
    {
        [TestMethod]
        public void PhaseStartedInAnotherProcess_EndsHereWithTheTimeBetween()
        {
            using var dir = new TempDir();
            string state = dir.Combine("obj", "hugo", "phases.json");

            long beforeStart = Stopwatch.GetTimestamp();
            RunPhase(state, "total", "Start");
            long afterStart = Stopwatch.GetTimestamp();
            RunPhase(state, "hugo", "Start");
            Thread.Sleep(30);
            double hugo = double.Parse(RunPhase(state, "hugo", "End"), CultureInfo.InvariantCulture);

            var end = new RecordPhase { BuildEngine = new TestEngine().Object, Phase = "total", Action = "End", StateFile = state };
            long beforeEnd = Stopwatch.GetTimestamp();
            Assert.IsTrue(end.Execute());
            long afterEnd = Stopwatch.GetTimestamp();

            Assert.IsTrue(hugo >= 29 && hugo < 60_000, "hugo " + hugo);
            Assert.IsTrue(end.DurationMilliseconds > hugo, "total holds hugo");
            // The start was taken by another process; it still falls between this process's own readings.
            Assert.IsTrue(end.DurationMilliseconds >= PhaseStore.ToMilliseconds(beforeEnd - afterStart), "not shorter than this process saw");
            Assert.IsTrue(end.DurationMilliseconds <= PhaseStore.ToMilliseconds(afterEnd - beforeStart), "not longer than this process saw");
            Assert.AreEqual(PhaseStore.Load(state).SessionId, end.SessionId);
        }

        private static string RunPhase(string state, string phase, string action)
        {
            using Process p = WriterProcess.Start("phase", state, phase, action);
            string output = p.StandardOutput.ReadToEnd().Trim();
            string errors = p.StandardError.ReadToEnd();
            Assert.IsTrue(p.WaitForExit(60_000));
            Assert.AreEqual(0, p.ExitCode, errors);
            return output;
        }
    }
}
