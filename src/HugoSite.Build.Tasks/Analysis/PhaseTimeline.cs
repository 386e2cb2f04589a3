using System;
using System.Collections.Generic;
using System.Diagnostics;
using HugoSite.Build.Tasks.Phases;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>One timed phase placed on the build's time line (milliseconds from the start of the build).</summary>
    public sealed record TimedPhase(string Name, double StartMs, double DurationMs)
    {
        public double EndMs => StartMs + DurationMs;
    }

    /// <summary>
    /// The phases of this build as the phase state recorded them. The total is the "total" phase; when it has not
    /// ended yet (this task runs inside it) it is measured up to now from its start; failing both, it is the sum of
    /// the other phases. Phases are placed at their recorded starts, or one after another when a start is unknown.
    /// </summary>
    public sealed class PhaseTimeline
    {
        public const string Total = "total";

        public string? SessionId { get; private set; }

        public double? TotalMs { get; private set; }

        /// <summary>How the total was found: "measured", "running" (start to now), "sum of phases" or "unknown".</summary>
        public string TotalSource { get; private set; } = "unknown";

        /// <summary>Every ended phase except total, in the order they ran.</summary>
        public List<TimedPhase> Phases { get; } = new List<TimedPhase>();

        /// <summary>The first ended phase of that name (exactly), or null.</summary>
        public TimedPhase? Find(string name)
        {
            foreach (TimedPhase p in Phases)
            {
                if (p.Name == name)
                {
                    return p;
                }
            }

            return null;
        }

        public Dictionary<string, double> Durations()
        {
            var map = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (TimedPhase p in Phases)
            {
                map[p.Name] = p.DurationMs;
            }

            return map;
        }

        public static PhaseTimeline From(PhaseStore store) => From(store, Stopwatch.GetTimestamp());

        /// <param name="nowTicks">The current <see cref="Stopwatch"/> timestamp, for a total still running.</param>
        public static PhaseTimeline From(PhaseStore store, long nowTicks)
        {
            var timeline = new PhaseTimeline { SessionId = string.IsNullOrEmpty(store.SessionId) ? null : store.SessionId };
            Dictionary<string, double> durations = store.DurationsMs ?? new Dictionary<string, double>();
            Dictionary<string, long> starts = store.Starts ?? new Dictionary<string, long>();

            var order = new List<string>();
            foreach (string name in store.Order ?? new List<string>())
            {
                AddOnce(order, name, durations);
            }

            foreach (KeyValuePair<string, double> duration in durations)
            {
                AddOnce(order, duration.Key, durations);
            }

            long? origin = starts.TryGetValue(Total, out long totalStart) ? totalStart : (long?)null;
            if (origin == null && starts.Count > 0)
            {
                long earliest = long.MaxValue;
                foreach (long start in starts.Values)
                {
                    earliest = Math.Min(earliest, start);
                }

                origin = earliest;
            }

            double cursor = 0;
            foreach (string name in order)
            {
                if (name == Total)
                {
                    continue;
                }

                double duration = Math.Max(0, durations[name]);
                double start = origin.HasValue && starts.TryGetValue(name, out long s)
                    ? Math.Max(0, PhaseStore.ToMilliseconds(s - origin.Value))
                    : cursor;
                timeline.Phases.Add(new TimedPhase(name, start, duration));
                cursor = Math.Max(cursor, start + duration);
            }

            if (durations.TryGetValue(Total, out double total) && total > 0)
            {
                timeline.TotalMs = total;
                timeline.TotalSource = "measured";
            }
            else if (starts.TryGetValue(Total, out long runningStart) && nowTicks > runningStart)
            {
                timeline.TotalMs = PhaseStore.ToMilliseconds(nowTicks - runningStart);
                timeline.TotalSource = "running";
            }
            else if (timeline.Phases.Count > 0)
            {
                double sum = 0;
                foreach (TimedPhase p in timeline.Phases)
                {
                    sum += p.DurationMs;
                }

                timeline.TotalMs = sum;
                timeline.TotalSource = "sum of phases";
            }

            return timeline;
        }

        private static void AddOnce(List<string> order, string name, Dictionary<string, double> durations)
        {
            if (!order.Contains(name) && durations.ContainsKey(name))
            {
                order.Add(name);
            }
        }
    }
}
