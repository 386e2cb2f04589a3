using System;
using System.Collections.Generic;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>How a build compares with its baseline.</summary>
    public static class Verdicts
    {
        public const string Faster = "faster";
        public const string Slower = "slower";
        public const string WithinNoise = "within-noise";
        public const string NoBaseline = "no-baseline";
    }

    /// <summary>Knobs of the comparison; the defaults are the documented behaviour.</summary>
    public sealed class NoiseOptions
    {
        /// <summary>How many recent comparable builds make the baseline.</summary>
        public int BaselineCount { get; set; } = 10;

        /// <summary>Fewer comparable builds than this: no comparison.</summary>
        public int MinimumBaselineCount { get; set; } = 3;

        /// <summary>A change within this many median absolute deviations of the median is noise.</summary>
        public double MadFactor { get; set; } = 3;

        /// <summary>The noise band is never narrower than this percentage of the median.</summary>
        public double FloorPercent { get; set; } = 5;

        /// <summary>The noise band is never narrower than this many milliseconds (timer and scheduler jitter).</summary>
        public double FloorMs { get; set; } = 20;
    }

    /// <summary>This build against the median of its comparable builds.</summary>
    public sealed class BaselineComparison
    {
        public string Verdict { get; set; } = Verdicts.NoBaseline;

        /// <summary>Comparable builds used (or found, when too few).</summary>
        public int Count { get; set; }

        /// <summary>How many are needed before comparing.</summary>
        public int Needed { get; set; }

        public double? MedianMs { get; set; }

        public double? MadMs { get; set; }

        public double? MinMs { get; set; }

        public double? MaxMs { get; set; }

        /// <summary>Half-width of the band around the median inside which a change is noise.</summary>
        public double? NoiseBandMs { get; set; }

        /// <summary>This build minus the median: negative is faster.</summary>
        public double? ChangeMs { get; set; }

        /// <summary>Signed percentage of the median: negative is faster.</summary>
        public double? ChangePercent { get; set; }

        /// <summary>The kind of build compared (<see cref="BaselineSelector.KindOf"/>): this build's and every baseline build's.</summary>
        public string? Kind { get; set; }

        /// <summary>Why nothing was compared, when <see cref="Verdict"/> is no-baseline and it is not a lack of builds.</summary>
        public string? NotComparedReason { get; set; }

        public bool HasBaseline => MedianMs.HasValue;
    }

    /// <summary>
    /// Calls a change faster or slower only when it lies outside the noise of the baseline:
    /// band = max(MadFactor × MAD, FloorPercent % of the median, FloorMs).
    /// </summary>
    public static class NoiseClassifier
    {
        public static BaselineComparison Compare(double currentMs, IReadOnlyList<BuildRecord> baseline, NoiseOptions options)
        {
            var result = new BaselineComparison { Count = baseline.Count, Needed = options.MinimumBaselineCount };
            if (baseline.Count == 0 || baseline.Count < options.MinimumBaselineCount)
            {
                return result;
            }

            var totals = new double[baseline.Count];
            for (int i = 0; i < totals.Length; i++)
            {
                totals[i] = baseline[i].TotalMs;
            }

            double median = Stats.Median(totals);
            double mad = Stats.MedianAbsoluteDeviation(totals);
            double band = Math.Max(Math.Max(options.MadFactor * mad, options.FloorPercent / 100.0 * median), options.FloorMs);
            double change = currentMs - median;

            result.MedianMs = median;
            result.MadMs = mad;
            result.MinMs = Stats.Min(totals);
            result.MaxMs = Stats.Max(totals);
            result.NoiseBandMs = band;
            result.ChangeMs = change;
            result.ChangePercent = median > 0 ? change / median * 100.0 : (double?)null;
            result.Verdict = Math.Abs(change) <= band ? Verdicts.WithinNoise : change < 0 ? Verdicts.Faster : Verdicts.Slower;
            return result;
        }
    }
}
