using System;
using System.Collections.Generic;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>A tip, with the measurement that triggered it in its text.</summary>
    /// <param name="Id">Stable key: parallel-off, copy-recopies, component-dominates, hugo-dominates, cache-miss, first-build.</param>
    public sealed record Recommendation(string Id, string Text)
    {
        public override string ToString() => Id + ": " + Text;
    }

    /// <summary>
    /// Produces only recommendations whose trigger was measured in this build or found in the history; each text says
    /// what was measured. The triggers' thresholds are the constants below.
    /// </summary>
    public static class Recommendations
    {
        public const string ParallelOff = "parallel-off";
        public const string CopyRecopies = "copy-recopies";
        public const string ComponentDominates = "component-dominates";
        public const string HugoDominates = "hugo-dominates";
        public const string CacheMiss = "cache-miss";
        public const string FirstBuild = "first-build";

        /// <summary>A phase "dominates" when it is the longest phase and at least this share of the total.</summary>
        public const double DominantShare = 0.4;

        /// <summary>Hugo "dominates" from this share of the total, and only from <see cref="HugoMinimumMs"/> on.</summary>
        public const double HugoShare = 0.5;

        public const double HugoMinimumMs = 1000;

        /// <summary>The copy "copied most files" at this share of the files it looked at, from this many files on.</summary>
        public const double RecopyShare = 0.5;

        public const long RecopyMinimumFiles = 20;

        /// <summary>A phase is worth a tip only from this share of the total.</summary>
        public const double RelevantShare = 0.1;

        /// <summary>One component "takes most of" the components phase at this share.</summary>
        public const double ComponentShare = 0.5;

        public static List<Recommendation> For(BuildRecord current, HistoryWindow history)
        {
            var tips = new List<Recommendation>();
            AddParallelOff(current, tips);
            AddCopyRecopies(current, history, tips);
            AddComponentDominates(current, tips);
            AddHugoDominates(current, tips);
            AddCacheMiss(current, tips);
            AddFirstBuild(current, history, tips);
            return tips;
        }

        private static void AddParallelOff(BuildRecord current, List<Recommendation> tips)
        {
            if (current.Parallel == null || current.Parallel.Enabled)
            {
                return;
            }

            PhaseShare? top = PhaseAttribution.Dominant(current);
            if (top == null || top.Fraction < DominantShare)
            {
                return;
            }

            bool copy = top.Phase == "copy";
            bool components = top.Phase == "components" && (current.Components?.Count ?? 0) > 1;
            if (!copy && !components)
            {
                return;
            }

            tips.Add(new Recommendation(ParallelOff,
                "Parallelism is off (HugoParallel=false) and the " + top.Phase + " phase took " + Format.Duration(top.Ms) + ", " +
                Format.Percent(top.Fraction * 100) + " of the build" +
                (components ? " across " + current.Components!.Count + " components" : string.Empty) +
                ". Set HugoParallel=true to run the " + (copy ? "copy jobs" : "components") + " concurrently."));
        }

        private static void AddCopyRecopies(BuildRecord current, HistoryWindow history, List<Recommendation> tips)
        {
            double copyMs = PhaseAttribution.PhaseMs(current, "copy");
            if (!RecopiedMost(current.Copy) || current.TotalMs <= 0 || copyMs < RelevantShare * current.TotalMs)
            {
                return;
            }

            BuildRecord? previous = BaselineSelector.LastOfSite(history.Records, current);
            if (previous == null || !RecopiedMost(previous.Copy))
            {
                return;
            }

            CopyInfo now = current.Copy!;
            CopyInfo before = previous.Copy!;
            tips.Add(new Recommendation(CopyRecopies,
                "The copy phase copied " + Format.Count(now.Copied) + " of " + Format.Count(now.Copied + now.Skipped) +
                " files in this build and " + Format.Count(before.Copied) + " of " + Format.Count(before.Copied + before.Skipped) +
                " in the previous one, and took " + Format.Duration(copyMs) + " (" + Format.Percent(copyMs / current.TotalMs * 100) +
                " of the build): files are copied again although they rarely all change. Keep obj/hugo/work/ between builds " +
                "(do not clean it, or cache it in CI) and keep source timestamps (a fresh checkout or a tool touching every file makes them all look changed)."));
        }

        private static bool RecopiedMost(CopyInfo? copy)
        {
            if (copy == null)
            {
                return false;
            }

            long seen = copy.Copied + copy.Skipped;
            return seen >= RecopyMinimumFiles && copy.Copied >= RecopyShare * seen;
        }

        private static void AddComponentDominates(BuildRecord current, List<Recommendation> tips)
        {
            // The components that ran, their sum, and the longest (the first listed on a tie).
            int ran = 0;
            double sumMs = 0;
            ComponentTiming? top = null;
            foreach (ComponentTiming c in current.Components ?? new List<ComponentTiming>())
            {
                if (c.DurationMs > 0)
                {
                    ran++;
                    sumMs += c.DurationMs;
                    if (top == null || c.DurationMs > top.DurationMs)
                    {
                        top = c;
                    }
                }
            }

            if (ran < 2 || top == null)
            {
                return;
            }

            double phaseMs = PhaseAttribution.PhaseMs(current, "components");
            if (phaseMs <= 0)
            {
                phaseMs = sumMs;
            }

            if (current.TotalMs <= 0 || phaseMs < RelevantShare * current.TotalMs)
            {
                return;
            }

            double share = top.DurationMs / phaseMs;
            if (share < ComponentShare)
            {
                return;
            }

            tips.Add(new Recommendation(ComponentDominates,
                "Component '" + top.Name + "' took " + Format.Duration(top.DurationMs) + " of the " + Format.Duration(phaseMs) +
                " components phase (" + Format.Percent(Math.Min(share, 1) * 100) + "), more than the other " + (ran - 1) + " together" +
                ": its init command is the one to make faster, for example by skipping work whose output is already up to date."));
        }

        private static void AddHugoDominates(BuildRecord current, List<Recommendation> tips)
        {
            double hugoMs = PhaseAttribution.PhaseMs(current, "hugo");
            if (current.TotalMs <= 0 || hugoMs < HugoMinimumMs || hugoMs < HugoShare * current.TotalMs)
            {
                return;
            }

            string pages = string.Empty;
            if (current.Hugo?.Stats != null && current.Hugo.Stats.TryGetValue("pages", out long count))
            {
                pages = " for " + Format.Count(count) + " pages";
            }

            string advice = SlowestTemplateAdvice(current.Templates) ??
                "To see which templates cost the most, set HugoTemplateMetrics=true (Hugo's --templateMetrics --templateMetricsHints); " +
                "render partials that do not change per page with partialCached instead of partial.";
            tips.Add(new Recommendation(HugoDominates,
                "Hugo took " + Format.Duration(hugoMs) + ", " + Format.Percent(hugoMs / current.TotalMs * 100) + " of the build" + pages +
                ". " + advice));
        }

        /// <summary>The slowest template by cumulative time, with its cache potential, from the record's template metrics.</summary>
        private static string? SlowestTemplateAdvice(List<TemplateMetric>? templates)
        {
            TemplateMetric? top = null;
            foreach (TemplateMetric t in templates ?? new List<TemplateMetric>())
            {
                if (t != null && (top == null || t.CumulativeMs > top.CumulativeMs))
                {
                    top = t;
                }
            }

            if (top == null)
            {
                return null;
            }

            string text = "Its slowest template is " + top.Name + ": " + Format.Duration(top.CumulativeMs) + " over " + Format.Count(top.Count) +
                          (top.Count == 1 ? " call" : " calls") + " (" + Format.Duration(top.MeanMs) + " each)";
            if (top.CachePotential.HasValue && top.CachePotential.Value > 0)
            {
                return text + ", with a cache potential of " + top.CachePotential.Value + "%: that share of its calls gave the same output, so " +
                       "calling it with partialCached (keyed by what varies) would save most of that time.";
            }

            return text + "; Hugo found no cache potential in it (its output differs per call), so make the template itself cheaper.";
        }

        private static void AddCacheMiss(BuildRecord current, List<Recommendation> tips)
        {
            if (current.Cache == null || current.Cache.Hit || current.Cache.Enabled != true)
            {
                return;
            }

            string reason = string.IsNullOrWhiteSpace(current.Cache.MissReason) ? "no reason was recorded" : current.Cache.MissReason!.Trim();
            tips.Add(new Recommendation(CacheMiss,
                "The build cache missed: " + reason + ". A build with the same inputs next time is restored from the cache."));
        }

        private static void AddFirstBuild(BuildRecord current, HistoryWindow history, List<Recommendation> tips)
        {
            if (!history.Complete || current.Machine?.Host == null || string.IsNullOrEmpty(current.Project))
            {
                return;
            }

            if (BaselineSelector.LastOfSite(history.Records, current) != null)
            {
                return;
            }

            tips.Add(new Recommendation(FirstBuild,
                "This is the first recorded build of this site on this machine (" + current.Machine.Host + "): the file system " +
                "cache and Hugo's caches were cold, so expect the next builds to be faster than this one."));
        }
    }
}
