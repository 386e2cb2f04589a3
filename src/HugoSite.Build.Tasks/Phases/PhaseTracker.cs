using System;
using System.Collections.Generic;
using System.Globalization;

namespace HugoSite.Build.Tasks.Phases
{
    /// <summary>Start or end of a phase.</summary>
    public enum PhaseAction
    {
        Start,
        End,

        /// <summary>The build failed: every open phase ends as failed, then the named phase (normally "total") ends.</summary>
        Fail,

        /// <summary>
        /// The named phase begins and the phase entered before it, if still running, ends: one call per phase where
        /// phases follow one another. The last entered phase ends with "total". Entering "total" is a start of it.
        /// </summary>
        Enter,
    }

    /// <summary>A coded warning about phase timing: timing problems never fail a build.</summary>
    public sealed record PhaseWarning(string Code, string Message);

    /// <summary>What one start or end did.</summary>
    public sealed class PhaseOutcome
    {
        public string SessionId { get; set; } = string.Empty;

        /// <summary>The phase's duration, on an end that matched a start.</summary>
        public double? DurationMs { get; set; }

        /// <summary>Milliseconds since the session began, at this start or end.</summary>
        public double ElapsedMs { get; set; }

        /// <summary>The entered phase this call ended (by entering the next phase or ending "total"), if any.</summary>
        public string? PreviousPhase { get; set; }

        /// <summary>The duration of <see cref="PreviousPhase"/>, when its time was recorded.</summary>
        public double? PreviousDurationMs { get; set; }

        public List<PhaseWarning> Warnings { get; } = new List<PhaseWarning>();
    }

    /// <summary>
    /// The rules of phase timing, free of files and MSBuild: applies one start or end at a given clock value.
    /// Phases are independent clocks, so they nest freely ("total" holds the others). Entered phases follow one
    /// another instead: each lasts until the next is entered or "total" ends, so together they leave no gap.
    /// </summary>
    public static class PhaseTracker
    {
        /// <summary>The phase whose start begins a new session and whose end closes it.</summary>
        public const string TotalPhase = "total";

        public static bool TryParseAction(string? text, out PhaseAction action)
        {
            action = PhaseAction.Start;
            switch ((text ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "start":
                case "begin":
                    action = PhaseAction.Start;
                    return true;
                case "end":
                case "stop":
                    action = PhaseAction.End;
                    return true;
                case "fail":
                case "failed":
                    action = PhaseAction.Fail;
                    return true;
                case "enter":
                    action = PhaseAction.Enter;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Applies a start or end of <paramref name="phase"/> taken at clock value <paramref name="now"/>.</summary>
        public static PhaseOutcome Apply(PhaseStore store, string phase, PhaseAction action, long now, long frequency, DateTime utcNow)
        {
            var outcome = new PhaseOutcome();
            bool isTotal = string.Equals(phase, TotalPhase, StringComparison.OrdinalIgnoreCase);

            // "total" frames the session rather than following a phase: entering it starts it.
            if (action == PhaseAction.Enter && isTotal)
            {
                action = PhaseAction.Start;
            }

            // A start of "total" begins a session; targets that time phases without it have the first phase open one.
            if ((action == PhaseAction.Start && isTotal) || string.IsNullOrEmpty(store.SessionId))
            {
                Reset(store, now, frequency, utcNow);
            }

            if (action == PhaseAction.Start)
            {
                Start(store, phase, now, outcome);
            }
            else if (action == PhaseAction.Enter)
            {
                EndEntered(store, now, frequency, outcome);
                Start(store, phase, now, outcome);
                store.Entered = phase;
            }
            else if (action == PhaseAction.Fail)
            {
                Fail(store, phase, isTotal, now, frequency, outcome);
            }
            else
            {
                if (isTotal)
                {
                    // The last entered phase runs until the build ends: ending it here is its normal end, not a warning.
                    EndEntered(store, now, frequency, outcome);
                }

                End(store, phase, isTotal, now, frequency, outcome);
            }

            // An entered phase ended otherwise (an explicit End, a Fail) is no longer there for the next Enter to end.
            if (store.Entered != null && !store.Starts.ContainsKey(store.Entered))
            {
                store.Entered = null;
            }

            store.Revision++;
            outcome.SessionId = store.SessionId ?? string.Empty;
            outcome.ElapsedMs = Math.Max(0, PhaseStore.ToMilliseconds(now - store.SessionStartTicks, store.Frequency));
            return outcome;
        }

        private static void Start(PhaseStore store, string phase, long now, PhaseOutcome outcome)
        {
            if (store.Starts.ContainsKey(phase))
            {
                outcome.Warnings.Add(new PhaseWarning(PhaseCodes.StartedTwice, Format(
                    "Phase '{0}' started again before it ended; its earlier start is dropped and it is timed from now. Check that the target that ends it runs before it starts again.",
                    phase)));
                store.Starts.Remove(phase);
            }

            // The innermost phase still running holds this one.
            string? parent = null;
            long latest = long.MinValue;
            foreach (KeyValuePair<string, long> open in store.Starts)
            {
                if (open.Value >= latest)
                {
                    latest = open.Value;
                    parent = open.Key;
                }
            }

            if (parent != null && !store.Parents.ContainsKey(phase))
            {
                store.Parents[phase] = parent;
            }

            store.Starts[phase] = now;
            if (!PhaseStore.ContainsIgnoreCase(store.Order, phase))
            {
                store.Order.Add(phase);
            }

            if (!store.OffsetsMs.ContainsKey(phase))
            {
                store.OffsetsMs[phase] = Math.Max(0, PhaseStore.ToMilliseconds(now - store.SessionStartTicks, store.Frequency));
            }
        }

        /// <summary>Ends the entered phase, if one is still running, at <paramref name="now"/>.</summary>
        private static void EndEntered(PhaseStore store, long now, long frequency, PhaseOutcome outcome)
        {
            string? entered = store.Entered;
            store.Entered = null;
            // "total" is never entered (entering it starts it); a file that says otherwise leaves total to its own End.
            if (entered == null || string.Equals(entered, TotalPhase, StringComparison.OrdinalIgnoreCase) || !store.Starts.ContainsKey(entered))
            {
                return;
            }

            var inner = new PhaseOutcome();
            End(store, entered, false, now, frequency, inner);
            outcome.Warnings.AddRange(inner.Warnings);
            outcome.PreviousPhase = entered;
            outcome.PreviousDurationMs = inner.DurationMs;
        }

        private static void End(PhaseStore store, string phase, bool isTotal, long now, long frequency, PhaseOutcome outcome)
        {
            if (!store.Starts.TryGetValue(phase, out long start))
            {
                outcome.Warnings.Add(new PhaseWarning(PhaseCodes.EndWithoutStart, Format(
                    "Phase '{0}' ended without a start, so its time is not recorded. Check that the target that starts it runs first (and was not skipped by a condition).",
                    phase)));
            }
            else
            {
                store.Starts.Remove(phase);

                // The same machine gives every process the same frequency; convert anyway if a writer differed.
                double elapsedMs = store.Frequency == frequency
                    ? PhaseStore.ToMilliseconds(now - start, frequency)
                    : (now * 1000.0 / frequency) - (start * 1000.0 / store.Frequency);
                if (elapsedMs < 0)
                {
                    outcome.Warnings.Add(new PhaseWarning(PhaseCodes.EndBeforeStart, Format(
                        "Phase '{0}' ended before it started by the machine's clock (was the phase state file copied from another machine, or the machine restarted mid-build?); its time is not recorded. A clean build fixes it.",
                        phase)));
                }
                else
                {
                    store.DurationsMs.TryGetValue(phase, out double sum);
                    store.DurationsMs[phase] = sum + elapsedMs;
                    store.Runs.TryGetValue(phase, out int runs);
                    store.Runs[phase] = runs + 1;
                    outcome.DurationMs = elapsedMs;
                }
            }

            if (isTotal)
            {
                foreach (string open in store.Order)
                {
                    if (store.Starts.Remove(open))
                    {
                        outcome.Warnings.Add(new PhaseWarning(PhaseCodes.StillRunningAtTotal, Format(
                            "Phase '{0}' started but never ended before the build ended, so its time is not recorded. Check that the target that ends it runs (a failed or skipped target leaves it open).",
                            open)));
                    }
                }
            }
        }

        /// <summary>
        /// A failed build: the phases still running (the one whose target failed, and those around it) end now and
        /// are marked failed, so their time up to the failure is kept and no "never ended" warning repeats the
        /// build's real error. Then the named phase ends.
        /// </summary>
        private static void Fail(PhaseStore store, string phase, bool isTotal, long now, long frequency, PhaseOutcome outcome)
        {
            // Innermost first (the reverse of the start order), as their targets would have ended them. Ending one
            // phase changes neither the order nor whether the others are running.
            for (int i = store.Order.Count - 1; i >= 0; i--)
            {
                string open = store.Order[i];
                if (!store.Starts.ContainsKey(open) || string.Equals(open, phase, StringComparison.OrdinalIgnoreCase)
                    || (!isTotal && string.Equals(open, TotalPhase, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var inner = new PhaseOutcome();
                End(store, open, false, now, frequency, inner);
                outcome.Warnings.AddRange(inner.Warnings);
                if (!PhaseStore.ContainsIgnoreCase(store.Failed, open))
                {
                    store.Failed.Add(open);
                }
            }

            if (store.Starts.ContainsKey(phase))
            {
                End(store, phase, isTotal, now, frequency, outcome);
                if (!isTotal && !PhaseStore.ContainsIgnoreCase(store.Failed, phase))
                {
                    store.Failed.Add(phase);
                }
            }
        }

        private static void Reset(PhaseStore store, long now, long frequency, DateTime utcNow)
        {
            store.SessionId = PhaseStore.NewSessionId(utcNow);
            store.StartedUtc = utcNow.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            store.Frequency = frequency;
            store.SessionStartTicks = now;
            store.Entered = null;
            store.Starts.Clear();
            store.DurationsMs.Clear();
            store.OffsetsMs.Clear();
            store.Parents.Clear();
            store.Runs.Clear();
            store.Order.Clear();
            store.Failed.Clear();
        }

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
