using System;
using System.Collections.Generic;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>A phase and how much of something it accounts for.</summary>
    /// <param name="Ms">Milliseconds: the phase's time, or its change against the baseline.</param>
    /// <param name="Fraction">Share of the build's total (dominant phase) or of the total change (change phase).</param>
    public sealed record PhaseShare(string Phase, double Ms, double Fraction);

    /// <summary>Which phase took the most time, and which phase explains a change.</summary>
    public static class PhaseAttribution
    {
        /// <summary>The phase with the most time in this build, with its share of the total.</summary>
        public static PhaseShare? Dominant(BuildRecord record)
        {
            if (record.Phases == null || record.Phases.Count == 0)
            {
                return null;
            }

            // The longest phase; on a tie the name first in ordinal order (NaN counts as shortest).
            bool any = false;
            KeyValuePair<string, double> top = default;
            foreach (KeyValuePair<string, double> p in record.Phases)
            {
                int longer = any ? p.Value.CompareTo(top.Value) : 1;
                if (longer > 0 || (longer == 0 && string.CompareOrdinal(p.Key, top.Key) < 0))
                {
                    top = p;
                    any = true;
                }
            }

            if (top.Value <= 0)
            {
                return null;
            }

            return new PhaseShare(top.Key, top.Value, record.TotalMs > 0 ? top.Value / record.TotalMs : 0);
        }

        /// <summary>
        /// The phase whose change against its own median over the baseline builds is largest in the direction of the
        /// total change (a phase missing from a build counts as 0 ms there). Null when no phase moved that way.
        /// </summary>
        public static PhaseShare? ExplainChange(BuildRecord current, IReadOnlyList<BuildRecord> baseline, double totalChangeMs)
        {
            if (baseline.Count == 0 || totalChangeMs == 0)
            {
                return null;
            }

            var names = new SortedSet<string>(StringComparer.Ordinal);
            if (current.Phases != null)
            {
                names.UnionWith(current.Phases.Keys);
            }

            foreach (BuildRecord b in baseline)
            {
                if (b.Phases != null)
                {
                    names.UnionWith(b.Phases.Keys);
                }
            }

            PhaseShare? best = null;
            double direction = Math.Sign(totalChangeMs);
            foreach (string name in names)
            {
                double now = PhaseMs(current, name);
                var times = new double[baseline.Count];
                for (int i = 0; i < times.Length; i++)
                {
                    times[i] = PhaseMs(baseline[i], name);
                }

                double before = Stats.Median(times);
                double delta = now - before;
                if (delta * direction <= 0)
                {
                    continue;
                }

                if (best == null || Math.Abs(delta) > Math.Abs(best.Ms))
                {
                    best = new PhaseShare(name, delta, delta / totalChangeMs);
                }
            }

            return best;
        }

        public static double PhaseMs(BuildRecord record, string phase)
        {
            return record.Phases != null && record.Phases.TryGetValue(phase, out double ms) ? ms : 0;
        }
    }
}
