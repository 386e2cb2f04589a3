using System.Collections.Generic;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>Everything the analysis concluded about one build.</summary>
    public sealed class AnalysisOutcome
    {
        public string Status { get; set; } = BuildStatus.Failed;

        public StatusThresholds Thresholds { get; set; } = StatusThresholds.ForBuiltIn(null);

        public BaselineComparison Comparison { get; set; } = new BaselineComparison();

        /// <summary>The longest phase of this build.</summary>
        public PhaseShare? DominantPhase { get; set; }

        /// <summary>The phase that explains most of a change beyond noise.</summary>
        public PhaseShare? ChangePhase { get; set; }

        /// <summary>On a cache hit: the last comparable miss's total minus this build's.</summary>
        public double? SavedMs { get; set; }

        public List<Recommendation> Recommendations { get; set; } = new List<Recommendation>();

        public bool IsRegression => Comparison.Verdict == Verdicts.Slower;

        /// <summary>The fields written to the history record.</summary>
        public AnalysisInfo ToAnalysisInfo()
        {
            return new AnalysisInfo
            {
                Status = Status,
                BaselineMedianMs = Round(Comparison.MedianMs, 3),
                BaselineMadMs = Round(Comparison.MadMs, 3),
                BaselineCount = Comparison.HasBaseline ? Comparison.Count : (int?)null,
                ChangePercent = Round(Comparison.ChangePercent, 2),
                Verdict = Comparison.Verdict,
                DominantPhase = DominantPhase?.Phase,
            };
        }

        internal static double? Round(double? value, int digits) => value.HasValue ? System.Math.Round(value.Value, digits) : (double?)null;
    }

    /// <summary>Rates a build, compares it with its comparable past builds and finds what to recommend.</summary>
    public sealed class PerformanceAnalyzer
    {
        private readonly NoiseOptions _options;

        public PerformanceAnalyzer(NoiseOptions options)
        {
            _options = options;
        }

        /// <param name="current">This build's record (without its analysis yet).</param>
        /// <param name="history">Recent history, or null when tracking is off or the history could not be read.</param>
        /// <param name="notComparedReason">Why <paramref name="history"/> is null, in words.</param>
        public AnalysisOutcome Analyze(BuildRecord current, StatusThresholds thresholds, HistoryWindow? history, string? notComparedReason)
        {
            bool success = current.Success != false;
            var outcome = new AnalysisOutcome
            {
                Thresholds = thresholds,
                Status = BuildStatus.Rate(current.TotalMs, success, BaselineSelector.IsCacheHit(current), thresholds),
                DominantPhase = PhaseAttribution.Dominant(current),
            };

            if (history == null || !success)
            {
                string reason = history == null ? notComparedReason ?? "no history" : "the build failed";
                outcome.Comparison = new BaselineComparison { Needed = _options.MinimumBaselineCount, NotComparedReason = reason };
            }
            else
            {
                List<BuildRecord> baseline = BaselineSelector.Select(history.Records, current, _options.BaselineCount);
                outcome.Comparison = NoiseClassifier.Compare(current.TotalMs, baseline, _options);
                outcome.Comparison.Kind = BaselineSelector.KindOf(current);
                if (outcome.Comparison.Verdict == Verdicts.Faster || outcome.Comparison.Verdict == Verdicts.Slower)
                {
                    outcome.ChangePhase = PhaseAttribution.ExplainChange(current, baseline, outcome.Comparison.ChangeMs!.Value);
                }

                if (BaselineSelector.IsCacheHit(current))
                {
                    BuildRecord? miss = BaselineSelector.LastComparableMiss(history.Records, current);
                    if (miss != null)
                    {
                        outcome.SavedMs = miss.TotalMs - current.TotalMs;
                    }
                }
            }

            outcome.Recommendations = Recommendations.For(current, history ?? HistoryWindow.Unknown);
            return outcome;
        }
    }
}
