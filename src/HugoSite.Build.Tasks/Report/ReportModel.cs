using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>How a build is marked on the chart.</summary>
    public enum PointKind
    {
        Built,
        CacheHit,
        Failed,
    }

    /// <summary>One build on a chart.</summary>
    public sealed record ReportPoint(BuildRecord Record, PointKind Kind)
    {
        public static PointKind KindOf(BuildRecord r) =>
            r.Success == false ? PointKind.Failed : BaselineSelector.IsCacheHit(r) ? PointKind.CacheHit : PointKind.Built;
    }

    /// <summary>
    /// One bar of the latest build's timeline: drawn on <paramref name="Row"/> ("phases", "copy", "component search", …);
    /// <paramref name="Kind"/> is phase, copy or component (the trace's category).
    /// </summary>
    public sealed record TimelineBar(string Row, string Name, double StartMs, double DurationMs, string Kind);

    /// <summary>A component's times over the builds shown.</summary>
    public sealed record ComponentSummary(string Name, int Runs, double MedianMs, double LatestMs, double MaxMs);

    /// <summary>Everything the page shows for one site and template.</summary>
    public sealed class TemplateSection
    {
        public string Project { get; set; } = string.Empty;

        public string Template { get; set; } = string.Empty;

        /// <summary>The last builds shown (at most the count asked for), oldest first.</summary>
        public List<ReportPoint> Points { get; } = new List<ReportPoint>();

        /// <summary>Phase names in build order, the columns of the stacked chart.</summary>
        public List<string> Phases { get; } = new List<string>();

        /// <summary>The build the baseline is drawn for: the newest successful build that ran (not a cache hit).</summary>
        public BuildRecord? Reference { get; set; }

        /// <summary>The reference build against its baseline (median, noise band), from the analysis's own selector and classifier.</summary>
        public BaselineComparison Baseline { get; set; } = new BaselineComparison();

        public BuildRecord Latest => Points[Points.Count - 1].Record;

        public int CacheHits { get; set; }

        /// <summary>Builds that had the cache enabled (hit ratio is hits over these).</summary>
        public int CacheLookups { get; set; }

        public double SavedMs { get; set; }

        public List<ComponentSummary> SlowestComponents { get; } = new List<ComponentSummary>();

        public List<TimelineBar> Timeline { get; } = new List<TimelineBar>();

        /// <summary>trace (read from the Chrome trace of that build) or record (laid out from the record).</summary>
        public string TimelineSource { get; set; } = "record";

        public List<Recommendation> Recommendations { get; } = new List<Recommendation>();

        public double? CacheHitRatio => CacheLookups > 0 ? (double)CacheHits / CacheLookups : (double?)null;
    }

    /// <summary>The page: one section per site and template, newest activity first, and an optional comparison.</summary>
    public sealed class ReportModel
    {
        /// <summary>Sections shown at most; the page says how many more there were.</summary>
        public const int MaxSections = 40;

        public const int MaxComponents = 10;

        public List<TemplateSection> Sections { get; } = new List<TemplateSection>();

        public int OmittedSections { get; set; }

        public string Title { get; set; } = "Hugo build performance";

        public string HistoryPath { get; set; } = string.Empty;

        public DateTime GeneratedUtc { get; set; }

        public int SkippedLines { get; set; }

        public BuildComparison? Comparison { get; set; }

        /// <param name="history">Records, oldest first, already limited to the sites shown.</param>
        /// <param name="count">Builds per section (HugoPerformanceHistoryCount).</param>
        /// <param name="traces">Reads the Chrome trace of a project's latest build, or null; may be null itself.</param>
        public static ReportModel Build(IReadOnlyList<BuildRecord> history, int count, NoiseOptions noise, Func<BuildRecord, byte[]?>? traces)
        {
            // One section per site and template, the most recently built first.
            List<List<BuildRecord>> groups = history.Select((r, i) => (Record: r, Index: i))
                .GroupBy(x => (x.Record.Project ?? string.Empty) + "\n" + (x.Record.Template ?? string.Empty).ToLowerInvariant(), StringComparer.Ordinal)
                .OrderByDescending(g => g.Last().Index)
                .Select(g => g.Select(x => x.Record).ToList())
                .ToList();
            var model = new ReportModel { OmittedSections = Math.Max(0, groups.Count - MaxSections) };
            model.Sections.AddRange(groups.Take(MaxSections).Select(g => Section(g, count, noise, traces)));
            return model;
        }

        /// <summary>
        /// How many history lines the report reads. One site: its last builds, their baselines, and room for cache hits
        /// and failures in between. All sites: the window the analysis itself looks through for baselines (enough for
        /// dozens of sites sharing one history).
        /// </summary>
        public static int Window(bool allSites, int count, NoiseOptions noise, int maxRecords) =>
            allSites ? BuildRecorder.HistoryWindowSize : Math.Min(maxRecords, Math.Max(200, (count + noise.BaselineCount) * 4));

        /// <summary>Whether the build is of <paramref name="project"/> (a path in <see cref="BaselineSelector.NormalizeProject"/> form).</summary>
        public static bool IsProject(BuildRecord r, string project) =>
            r.Project != null && string.Equals(BaselineSelector.NormalizeProject(r.Project), project, StringComparison.Ordinal);

        internal static TemplateSection Section(List<BuildRecord> all, int count, NoiseOptions noise, Func<BuildRecord, byte[]?>? traces)
        {
            BuildRecord first = all[0];
            var section = new TemplateSection { Project = first.Project ?? "(no project recorded)", Template = first.Template ?? "(no template)" };
            section.Points.AddRange(all.Skip(all.Count - Math.Max(1, count)).Select(r => new ReportPoint(r, ReportPoint.KindOf(r))));
            section.Phases.AddRange(InPhaseOrder(section.Points.SelectMany(p => p.Record.Phases?.Keys ?? Enumerable.Empty<string>())));
            section.CacheLookups = section.Points.Count(p => p.Record.Cache?.Enabled == true || p.Kind == PointKind.CacheHit);
            List<ReportPoint> hits = section.Points.Where(p => p.Kind == PointKind.CacheHit).ToList();
            section.CacheHits = hits.Count;
            section.SavedMs = hits.Sum(p => Math.Max(0, p.Record.Cache?.SavedMs ?? 0));

            // The baseline of the newest build that ran, drawn from everything before it, as the analysis chose it.
            int reference = all.FindLastIndex(r => ReportPoint.KindOf(r) == PointKind.Built && r.TotalMs > 0);
            if (reference >= 0)
            {
                section.Reference = all[reference];
                section.Baseline = NoiseClassifier.Compare(all[reference].TotalMs, BaselineSelector.Select(all.GetRange(0, reference), all[reference], noise.BaselineCount), noise);
            }

            section.SlowestComponents.AddRange(SlowestComponents(section));
            BuildRecord latest = section.Latest;
            byte[]? trace = traces?.Invoke(latest);
            if (trace != null && TraceTimeline.TryRead(trace, latest.SessionId, section.Timeline))
            {
                section.TimelineSource = "trace";
            }
            else
            {
                TraceTimeline.FromRecord(latest, section.Timeline);
            }

            // The latest build's recommendations, as the analysis gave them: the same rules on the same history.
            List<BuildRecord> earlier = all.GetRange(0, all.Count - 1);
            section.Recommendations.AddRange(Analysis.Recommendations.For(latest, new HistoryWindow(earlier, 0, complete: false)));
            return section;
        }

        private static IEnumerable<ComponentSummary> SlowestComponents(TemplateSection section) =>
            section.Points
                .SelectMany(p => (p.Record.Components ?? new List<ComponentTiming>()).Where(c => c != null && c.Name != null && c.DurationMs > 0).Select(c => (Point: p, Timing: c)))
                .GroupBy(x => x.Timing.Name!, StringComparer.Ordinal)
                .Select(g => new ComponentSummary(
                    g.Key,
                    g.Count(),
                    Stats.Median(g.Select(x => x.Timing.DurationMs)),
                    g.LastOrDefault(x => ReferenceEquals(x.Point.Record, section.Latest)).Timing?.DurationMs ?? 0,
                    Math.Max(0, g.Max(x => x.Timing.DurationMs))))
                .OrderByDescending(c => c.MedianMs)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .Take(MaxComponents);

        /// <summary>Each phase once, in build order; phases the package does not know keep the order they were first seen in.</summary>
        internal static IEnumerable<string> InPhaseOrder(IEnumerable<string> phases) => phases.Distinct(StringComparer.Ordinal).OrderBy(PhaseRank);

        internal static int PhaseRank(string phase)
        {
            if (phase == "cache-store")
            {
                return 45; // between hugo and cleanup, where it runs
            }

            int known = HistoryReport.KnownPhases.ToList().IndexOf(phase);
            return known >= 0 ? known * 10 : 1000;
        }

        /// <summary>The display name of a project path: its file name.</summary>
        public static string SiteName(string project)
        {
            string name = Path.GetFileName(project);
            return name.Length > 0 ? name : project;
        }
    }
}
