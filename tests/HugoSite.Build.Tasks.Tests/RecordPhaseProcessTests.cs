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

        [TestMethod]
        [DataRow(true, DisplayName = "out of process (TaskHostFactory)")]
        [DataRow(false, DisplayName = "in MSBuild's own node")]
        public void RealMSBuild_PhaseTimesReachTheStateFile(bool taskHost)
        {
            using var dir = new TempDir();
            (string project, string state) = PhaseProject(dir, taskHost, """
                <Target Name="Timed">
                  <RecordPhase Phase="total" Action="Start" StateFile="{state}" />
                  <RecordPhase Phase="hugo" Action="Start" StateFile="{state}" />
                  <RecordPhase Phase="hugo" Action="End" StateFile="{state}">
                    <Output TaskParameter="DurationMilliseconds" PropertyName="HugoMs" />
                  </RecordPhase>
                  <RecordPhase Phase="total" Action="End" StateFile="{state}">
                    <Output TaskParameter="DurationMilliseconds" PropertyName="TotalMs" />
                    <Output TaskParameter="SessionId" PropertyName="Session" />
                  </RecordPhase>
                  <Message Importance="high" Text="session=$(Session) hugo=$(HugoMs) total=$(TotalMs)" />
                </Target>
                """);

            (int exit, string output) = HistoryReportTests.MSBuild(project, "-t:Timed");

            Assert.AreEqual(0, exit, output);
            PhaseStore store = PhaseStore.Load(state);
            CollectionAssert.AreEqual(new[] { "total", "hugo" }, store.Order);
            Assert.IsTrue(store.DurationsMs["hugo"] > 0 && store.DurationsMs["total"] > store.DurationsMs["hugo"], output);
            StringAssert.Contains(output, "session=" + store.SessionId + " hugo=");
            Assert.IsFalse(output.Contains("warning", StringComparison.OrdinalIgnoreCase), output);
        }

        /// <summary>A project in <paramref name="dir"/> that runs RecordPhase, in or out of process, with the given targets; {state} in them is its phase state file.</summary>
        internal static (string Project, string State) PhaseProject(TempDir dir, bool taskHost, string targets)
        {
            string state = dir.Combine("obj", "hugo", "phases.json");
            string factory = taskHost ? "TaskFactory=\"TaskHostFactory\"" : string.Empty;
            string project = dir.Write("site.proj",
                "<Project>\n  <UsingTask TaskName=\"HugoSite.Build.Tasks.RecordPhase\" AssemblyFile=\"" + typeof(RecordPhase).Assembly.Location + "\" " + factory + " />\n"
                + targets.Replace("{state}", state) + "\n</Project>\n");
            return (project, state);
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
