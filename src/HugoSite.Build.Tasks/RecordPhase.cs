using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Marks the start or end of a named build phase with a monotonic, sub-millisecond clock. A start of
    /// "total" begins a new build session. Phases that follow one another are entered: one call where each begins,
    /// which ends the phase entered before it, so they add up to the total. Times are shared in-process through
    /// MSBuild's registered task objects and persisted to <see cref="StateFile"/>, so they also reach tasks run out
    /// of process. Timing problems are warnings, never errors.
    /// </summary>
    public sealed class RecordPhase : Task
    {
        public const string InvalidParameters = PhaseCodes.InvalidCall;

        /// <summary>The phase name: setup, cache-check, copy, components, hugo, cleanup, total, or any other.</summary>
        [Required]
        public string Phase { get; set; } = string.Empty;

        /// <summary>
        /// "Start", "End", "Enter" (this phase begins; the phase entered before it, if still running, ends) or "Fail"
        /// (case does not matter).
        /// </summary>
        [Required]
        public string Action { get; set; } = string.Empty;

        /// <summary>The phase state file, normally obj/hugo/phases.json.</summary>
        [Required]
        public string StateFile { get; set; } = string.Empty;

        /// <summary>The phase's duration in milliseconds, set by an End that matched a Start (0 otherwise).</summary>
        [Output]
        public double DurationMilliseconds { get; private set; }

        /// <summary>The build session's identifier; always set.</summary>
        [Output]
        public string SessionId { get; private set; } = string.Empty;

        /// <summary>Milliseconds since the session began, at this start or end.</summary>
        [Output]
        public double ElapsedMilliseconds { get; private set; }

        /// <summary>The clock; tests replace it. Read once, first thing, so file waits never count as phase time.</summary>
        internal Func<long> Clock { get; set; } = Stopwatch.GetTimestamp;

        internal Func<DateTime> UtcClock { get; set; } = () => DateTime.UtcNow;

        public override bool Execute()
        {
            long now = Clock();
            string phase = (Phase ?? string.Empty).Trim();
            if (phase.Length == 0 || !PhaseTracker.TryParseAction(Action, out PhaseAction action) || string.IsNullOrWhiteSpace(StateFile))
            {
                Log.LogError(null, InvalidParameters, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                    "RecordPhase needs a Phase name, Action=\"Start\", \"End\", \"Enter\" or \"Fail\" and a StateFile; got Phase='{0}', Action='{1}', StateFile='{2}'. Fix the call in the targets.",
                    Phase, Action, StateFile);
                return false;
            }

            var recorder = new PhaseRecorder(BuildEngine, UtcClock);
            PhaseOutcome outcome = recorder.Record(StateFile, phase, action, now);

            foreach (PhaseWarning warning in outcome.Warnings)
            {
                Log.LogWarning(null, warning.Code, null, StateFile, 0, 0, 0, 0, warning.Message);
            }

            SessionId = outcome.SessionId;
            ElapsedMilliseconds = outcome.ElapsedMs;
            DurationMilliseconds = outcome.DurationMs ?? 0;

            if (outcome.PreviousPhase != null && outcome.PreviousDurationMs.HasValue)
            {
                Log.LogMessage(MessageImportance.Normal, "Phase '{0}' took {1} ms.", outcome.PreviousPhase, Ms(outcome.PreviousDurationMs.Value));
            }

            if (action == PhaseAction.Start || action == PhaseAction.Enter)
            {
                Log.LogMessage(MessageImportance.Low, "Phase '{0}' started at +{1} ms (session {2}).",
                    phase, Ms(outcome.ElapsedMs), outcome.SessionId);
            }
            else if (outcome.DurationMs.HasValue)
            {
                Log.LogMessage(MessageImportance.Normal, "Phase '{0}' took {1} ms.", phase, Ms(outcome.DurationMs.Value));
                if (string.Equals(phase, PhaseTracker.TotalPhase, StringComparison.OrdinalIgnoreCase))
                {
                    Log.LogMessage(MessageImportance.Normal, Summary(PhaseRecorder.Read(BuildEngine, StateFile)));
                }
            }

            return !Log.HasLoggedErrors;
        }

        private static string Summary(PhaseStore store)
        {
            var text = new StringBuilder("Phase times (session ").Append(store.SessionId).Append("):");
            foreach (string name in store.Order)
            {
                if (store.DurationsMs.TryGetValue(name, out double ms))
                {
                    text.Append(' ').Append(name).Append('=').Append(Ms(ms)).Append("ms");
                }
            }

            return text.ToString();
        }

        private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
