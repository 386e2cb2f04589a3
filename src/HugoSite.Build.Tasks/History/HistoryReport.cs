using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using HugoSite.Build.Tasks.Analysis;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Renders the performance history of a site as text: the last builds as a table, then per template the
    /// median, p25 and p75 of the total and of every phase with a sparkline of the trend.
    /// </summary>
    public static class HistoryReport
    {
        /// <summary>Phases in build order; any others follow in the order they first appear.</summary>
        public static readonly IReadOnlyList<string> KnownPhases = new[] { "setup", "cache-check", "copy", "components", "hugo", "cleanup", "analyze" };

        private const string UnicodeBars = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
        private const string AsciiBars = "_.-=+*#@";

        /// <summary>The report for <paramref name="records"/> (oldest first), as lines of text.</summary>
        public static string Render(IReadOnlyList<BuildRecord> records, string title, bool ascii)
        {
            var text = new StringBuilder();
            text.Append(title).Append('\n');
            if (records.Count == 0)
            {
                return text.ToString();
            }

            List<string> phases = PhaseColumns(records);
            AppendBuildTable(text, records, phases);
            if (records.Any(IsLegacy))
            {
                text.Append("  * written by the bash build scripts (no project recorded)\n");
            }

            AppendTemplateStatistics(text, records, phases, ascii);
            return text.ToString();
        }

        /// <summary>The p-th percentile (0..1) of sorted values, interpolating between neighbours.</summary>
        public static double Percentile(IReadOnlyList<double> sorted, double p)
        {
            if (sorted.Count == 0)
            {
                return double.NaN;
            }

            double rank = p * (sorted.Count - 1);
            int low = (int)Math.Floor(rank);
            int high = (int)Math.Ceiling(rank);
            return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
        }

        /// <summary>One bar per value, lowest to highest of the series; a flat series is a flat line.</summary>
        public static string Sparkline(IReadOnlyList<double> values, bool ascii)
        {
            string bars = ascii ? AsciiBars : UnicodeBars;
            if (values.Count == 0)
            {
                return string.Empty;
            }

            double min = values.Min();
            double max = values.Max();
            var line = new StringBuilder(values.Count);
            foreach (double v in values)
            {
                int level = max - min <= 0 ? bars.Length / 2 : (int)Math.Round((v - min) / (max - min) * (bars.Length - 1), MidpointRounding.AwayFromZero);
                line.Append(bars[level]);
            }

            return line.ToString();
        }

        /// <summary>"ok", "FAILED", or the analysis' verdict (EXCELLENT, GOOD, …).</summary>
        public static string Status(BuildRecord record)
        {
            if (record.Success == false)
            {
                return "FAILED";
            }

            return string.IsNullOrEmpty(record.Analysis?.Status) ? "ok" : record.Analysis!.Status!;
        }

        private static bool IsLegacy(BuildRecord record) => string.IsNullOrEmpty(record.Project) && record.Schema == 0;

        private static List<string> PhaseColumns(IReadOnlyList<BuildRecord> records)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var others = new List<string>();
            foreach (BuildRecord record in records)
            {
                foreach (string name in record.Phases?.Keys ?? Enumerable.Empty<string>())
                {
                    if (!string.Equals(name, "total", StringComparison.OrdinalIgnoreCase) && seen.Add(name) &&
                        !KnownPhases.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        others.Add(name);
                    }
                }
            }

            return KnownPhases.Where(seen.Contains).Concat(others).ToList();
        }

        private static void AppendBuildTable(StringBuilder text, IReadOnlyList<BuildRecord> records, List<string> phases)
        {
            var header = new List<string> { "time (local)", "template", "total" };
            header.AddRange(phases);
            header.Add("cache");
            header.Add("status");

            var rows = new List<string[]>();
            foreach (BuildRecord r in records)
            {
                var row = new List<string> { When(r.Timestamp), (r.Template ?? "-") + (IsLegacy(r) ? " *" : string.Empty), Format.CompactDuration(r.TotalMs) };
                foreach (string phase in phases)
                {
                    double? ms = Phase(r, phase);
                    row.Add(ms.HasValue ? Format.CompactDuration(ms.Value) : "-");
                }

                row.Add(r.Cache == null ? "-" : r.Cache.Enabled == false ? "off" : r.Cache.Hit ? "hit" : "miss");
                row.Add(Status(r));
                rows.Add(row.ToArray());
            }

            // Text columns (time, template, cache, status) align left, durations right.
            var left = new HashSet<int> { 0, 1, header.Count - 2, header.Count - 1 };
            AppendTable(text, header.ToArray(), rows, left);
        }

        private static void AppendTemplateStatistics(StringBuilder text, IReadOnlyList<BuildRecord> records, List<string> phases, bool ascii)
        {
            text.Append('\n').Append("Per template, over the builds above that ran (failed builds and cache hits left out):\n");
            foreach (IGrouping<string, BuildRecord> group in records.GroupBy(r => r.Template ?? "-", StringComparer.OrdinalIgnoreCase))
            {
                List<BuildRecord> ran = group.Where(r => r.Success != false && r.Cache?.Hit != true).ToList();
                int hits = group.Count(r => r.Cache?.Hit == true);
                int failed = group.Count(r => r.Success == false);
                text.Append('\n').Append("  ").Append(group.Key).Append(": ")
                    .Append(ran.Count.ToString(CultureInfo.InvariantCulture)).Append(ran.Count == 1 ? " build ran" : " builds ran")
                    .Append(", ").Append(hits.ToString(CultureInfo.InvariantCulture)).Append(hits == 1 ? " cache hit" : " cache hits")
                    .Append(", ").Append(failed.ToString(CultureInfo.InvariantCulture)).Append(" failed\n");
                if (ran.Count == 0)
                {
                    continue;
                }

                var rows = new List<string[]> { StatisticsRow("total", ran.Select(r => r.TotalMs).ToList(), ascii) };
                foreach (string phase in phases)
                {
                    List<double> values = ran.Select(r => Phase(r, phase)).Where(ms => ms.HasValue).Select(ms => ms!.Value).ToList();
                    if (values.Count > 0)
                    {
                        rows.Add(StatisticsRow(phase, values, ascii));
                    }
                }

                AppendTable(text, new[] { "    ", "n", "p25", "median", "p75", "trend (oldest to newest)" }, rows, new HashSet<int> { 0, 5 });
            }
        }

        private static string[] StatisticsRow(string name, List<double> chronological, bool ascii)
        {
            List<double> sorted = chronological.OrderBy(v => v).ToList();
            return new[]
            {
                "    " + name,
                sorted.Count.ToString(CultureInfo.InvariantCulture),
                Format.CompactDuration(Percentile(sorted, 0.25)),
                Format.CompactDuration(Percentile(sorted, 0.5)),
                Format.CompactDuration(Percentile(sorted, 0.75)),
                Sparkline(chronological, ascii),
            };
        }

        /// <summary>The phase's time, its name compared without case; null when the build has no such phase.</summary>
        private static double? Phase(BuildRecord record, string phase) =>
            record.Phases?.Where(p => string.Equals(p.Key, phase, StringComparison.OrdinalIgnoreCase)).Select(p => (double?)p.Value).FirstOrDefault();

        private static string When(string? timestamp)
        {
            if (DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
            {
                return when.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            }

            return string.IsNullOrEmpty(timestamp) ? "-" : timestamp!;
        }

        private static void AppendTable(StringBuilder text, string[] header, List<string[]> rows, HashSet<int> leftAligned)
        {
            var widths = new int[header.Length];
            foreach (string[] row in rows.Prepend(header))
            {
                for (int i = 0; i < row.Length; i++)
                {
                    widths[i] = Math.Max(widths[i], row[i].Length);
                }
            }

            foreach (string[] row in rows.Prepend(header))
            {
                var line = new StringBuilder("  ");
                for (int i = 0; i < row.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append("  ");
                    }

                    line.Append(leftAligned.Contains(i) ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
                }

                text.Append(line.ToString().TrimEnd()).Append('\n');
            }
        }
    }
}
