using System;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>Says how a build compares with its baseline in plain words, with the sign carried by the word.</summary>
    public static class ChangeWording
    {
        /// <summary>"the median of the last 10 comparable builds".</summary>
        public static string BaselineName(BaselineComparison c)
        {
            string name = c.Count == 1
                ? "the last comparable build"
                : "the median of the last " + c.Count + " comparable builds";
            return string.IsNullOrEmpty(c.Kind) ? name : name + " (" + KindPlural(c.Kind!, c.Count) + ")";
        }

        /// <summary>"full copies", "incremental copies", "cache hits"; one of them for a single build.</summary>
        private static string KindPlural(string kind, int count)
        {
            if (count == 1)
            {
                return kind;
            }

            return kind.EndsWith("copy", StringComparison.Ordinal) ? kind.Substring(0, kind.Length - 1) + "ies" : kind + "s";
        }

        /// <summary>
        /// "12% faster than the median of the last 10 comparable builds", "3% slower …", "within noise of …",
        /// "not enough comparable builds yet (2 of 3 needed)", or the reason nothing was compared.
        /// </summary>
        public static string Describe(BaselineComparison c)
        {
            if (!c.HasBaseline || c.ChangeMs == null || c.MedianMs == null)
            {
                if (!string.IsNullOrEmpty(c.NotComparedReason))
                {
                    return "not compared: " + c.NotComparedReason;
                }

                return "not enough comparable builds yet (" + c.Count + " of " + c.Needed + " needed)";
            }

            string against = BaselineName(c);
            double pct = c.ChangePercent ?? 0;
            switch (c.Verdict)
            {
                case Verdicts.Faster:
                    return Format.Percent(pct) + " faster than " + against;
                case Verdicts.Slower:
                    return Format.Percent(pct) + " slower than " + against;
                default:
                    return "within noise of " + against + " (" + Format.SignedPercent(pct) + ", noise band ±" +
                           Format.Percent(c.NoiseBandMs!.Value / c.MedianMs.Value * 100.0) + ")";
            }
        }

        /// <summary>"median 14.0 s, spread ±0.3 s (MAD), range 13.5 s – 14.8 s".</summary>
        public static string DescribeBaseline(BaselineComparison c)
        {
            if (!c.HasBaseline)
            {
                return string.Empty;
            }

            return "median " + Format.Duration(c.MedianMs!.Value) + ", spread ±" + Format.Duration(c.MadMs ?? 0) +
                   " (median absolute deviation), range " + Format.Duration(c.MinMs ?? 0) + " – " + Format.Duration(c.MaxMs ?? 0) +
                   ", noise band ±" + Format.Duration(c.NoiseBandMs ?? 0);
        }

        /// <summary>", mostly in hugo (+1.2 s)" to follow a description of the change, or empty when no phase explains it.</summary>
        public static string ChangePhaseClause(PhaseShare? phase)
        {
            return phase == null ? string.Empty : ", mostly in " + phase.Phase + " (" + Format.SignedDuration(phase.Ms) + ")";
        }
    }
}
