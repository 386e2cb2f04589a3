using System;
using System.Collections.Generic;
using System.IO;
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
    public sealed class ReportPoint
    {
        public ReportPoint(BuildRecord record, PointKind kind)
        {
            Record = record;
            Kind = kind;
        }

        public BuildRecord Record { get; }

        public PointKind Kind { get; }

        public double TotalMs => Record.TotalMs;

        public static PointKind KindOf(BuildRecord r) =>
            r.Success == false ? PointKind.Failed : BaselineSelector.IsCacheHit(r) ? PointKind.CacheHit : PointKind.Built;
    }

    /// <summary>One bar of the latest build's timeline.</summary>
    public sealed class TimelineBar
    {
        public TimelineBar(string row, string name, double startMs, double durationMs, string kind)
        {
            Row = row;
            Name = name;
            StartMs = startMs;
            DurationMs = durationMs;
            Kind = kind;
        }

        /// <summary>The row it is drawn on: "phases", "copy", "component search", …</summary>
        public string Row { get; }

        public string Name { get; }

        public double StartMs { get; }

        public double DurationMs { get; }

        /// <summary>phase, copy or component (the trace's category).</summary>
        public string Kind { get; }
    }

    /// <summary>A component's times over the builds shown.</summary>
    public sealed class ComponentSummary
    {
        public string Name { get; set; } = string.Empty;

        public int Runs { get; set; }

        public double MedianMs { get; set; }

        public double LatestMs { get; set; }

        public double MaxMs { get; set; }
    }

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
            var model = new ReportModel();
            var groups = new Dictionary<string, List<BuildRecord>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (BuildRecord r in history)
            {
                string key = (r.Project ?? string.Empty) + "\n" + (r.Template ?? string.Empty).ToLowerInvariant();
                if (!groups.TryGetValue(key, out List<BuildRecord>? list))
                {
                    list = new List<BuildRecord>();
                    groups[key] = list;
                }

                list.Add(r);
                order.Remove(key);
                order.Add(key); // most recently active last
            }

            order.Reverse();
            foreach (string key in order)
            {
                if (model.Sections.Count >= MaxSections)
                {
                    model.OmittedSections++;
                    continue;
                }

                model.Sections.Add(Section(groups[key], count, noise, traces));
            }

            return model;
        }

        internal static TemplateSection Section(List<BuildRecord> all, int count, NoiseOptions noise, Func<BuildRecord, byte[]?>? traces)
        {
            BuildRecord first = all[0];
            var section = new TemplateSection { Project = first.Project ?? "(no project recorded)", Template = first.Template ?? "(no template)" };
            int start = Math.Max(0, all.Count - Math.Max(1, count));
            for (int i = start; i < all.Count; i++)
            {
                section.Points.Add(new ReportPoint(all[i], ReportPoint.KindOf(all[i])));
            }

            foreach (ReportPoint p in section.Points)
            {
                foreach (string phase in p.Record.Phases?.Keys ?? (IEnumerable<string>)new string[0])
                {
                    if (!section.Phases.Contains(phase))
                    {
                        section.Phases.Add(phase);
                    }
                }

                if (p.Record.Cache?.Enabled == true || p.Kind == PointKind.CacheHit)
                {
                    section.CacheLookups++;
                }

                if (p.Kind == PointKind.CacheHit)
                {
                    section.CacheHits++;
                    section.SavedMs += Math.Max(0, p.Record.Cache?.SavedMs ?? 0);
                }
            }

            var firstSeen = new List<string>(section.Phases);
            section.Phases.Sort((a, b) =>
            {
                int byRank = PhaseRank(a).CompareTo(PhaseRank(b));
                return byRank != 0 ? byRank : firstSeen.IndexOf(a).CompareTo(firstSeen.IndexOf(b));
            });

            // The baseline of the newest build that ran, drawn from everything before it, as the analysis chose it.
            for (int i = all.Count - 1; i >= 0; i--)
            {
                if (ReportPoint.KindOf(all[i]) == PointKind.Built && all[i].TotalMs > 0)
                {
                    section.Reference = all[i];
                    List<BuildRecord> before = all.GetRange(0, i);
                    List<BuildRecord> baseline = BaselineSelector.Select(before, all[i], noise.BaselineCount);
                    section.Baseline = NoiseClassifier.Compare(all[i].TotalMs, baseline, noise);
                    break;
                }
            }

            AddComponents(section);
            BuildRecord latest = section.Latest;
            byte[]? trace = traces?.Invoke(latest);
            if (trace != null && TraceTimeline.TryRead(trace, latest.SessionId, section.Timeline))
            {
                section.TimelineSource = "trace";
            }
            else
            {
                section.Timeline.Clear();
                TraceTimeline.FromRecord(latest, section.Timeline);
            }

            // The latest build's recommendations, as the analysis gave them: the same rules on the same history.
            List<BuildRecord> earlier = all.GetRange(0, all.Count - 1);
            section.Recommendations.AddRange(Analysis.Recommendations.For(latest, new HistoryWindow(earlier, 0, complete: false)));
            return section;
        }

        private static void AddComponents(TemplateSection section)
        {
            var times = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var latest = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (ReportPoint p in section.Points)
            {
                foreach (ComponentTiming c in p.Record.Components ?? new List<ComponentTiming>())
                {
                    if (c == null || c.Name == null || c.DurationMs <= 0)
                    {
                        continue;
                    }

                    if (!times.TryGetValue(c.Name, out List<double>? list))
                    {
                        list = new List<double>();
                        times[c.Name] = list;
                    }

                    list.Add(c.DurationMs);
                    if (ReferenceEquals(p.Record, section.Latest))
                    {
                        latest[c.Name] = c.DurationMs;
                    }
                }
            }

            var summaries = new List<ComponentSummary>();
            foreach (KeyValuePair<string, List<double>> t in times)
            {
                double max = 0;
                foreach (double v in t.Value)
                {
                    max = Math.Max(max, v);
                }

                summaries.Add(new ComponentSummary
                {
                    Name = t.Key,
                    Runs = t.Value.Count,
                    MedianMs = Stats.Median(t.Value),
                    LatestMs = latest.TryGetValue(t.Key, out double l) ? l : 0,
                    MaxMs = max,
                });
            }

            summaries.Sort((a, b) =>
            {
                int byMedian = b.MedianMs.CompareTo(a.MedianMs);
                return byMedian != 0 ? byMedian : string.CompareOrdinal(a.Name, b.Name);
            });
            section.SlowestComponents.AddRange(summaries.Count > MaxComponents ? summaries.GetRange(0, MaxComponents) : summaries);
        }

        internal static int PhaseRank(string phase)
        {
            int known = -1;
            for (int i = 0; i < HistoryReport.KnownPhases.Count; i++)
            {
                if (HistoryReport.KnownPhases[i] == phase)
                {
                    known = i;
                }
            }

            if (phase == "cache-store")
            {
                return 45; // between hugo and cleanup, where it runs
            }

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
