using System;
using System.Collections.Generic;
using System.Globalization;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>
    /// Reads the table Hugo prints with --templateMetrics (and --templateMetricsHints, which adds the cache columns):
    /// <code>
    ///      cumulative       average       maximum      cache  percent  cached  total
    ///        duration      duration      duration  potential   cached   count  count  template
    ///      ----------      --------      --------  ---------  -------  ------  -----  --------
    ///     67.866136ms     2.18923ms    5.155892ms          0        0       0     31  _default/list.html
    /// </code>
    /// Durations are Go's ("263.79µs", "1.5s", "1m2.5s"). Without the hints the table has four columns
    /// (cumulative, average, maximum, count). Rows that do not read are skipped; the table ends at the first blank line.
    /// </summary>
    public static class TemplateMetricsTable
    {
        /// <summary>How many templates a record keeps: the slowest by cumulative time.</summary>
        public const int RecordedTemplates = 10;

        public static readonly IReadOnlyList<string> Arguments = new[] { "--templateMetrics", "--templateMetricsHints" };

        /// <summary>Every row of the first template table in Hugo's output, slowest (cumulative) first.</summary>
        public static List<TemplateMetric> Parse(IEnumerable<string> lines)
        {
            var rows = new List<TemplateMetric>();
            bool inTable = false;
            bool sawRule = false;
            bool hints = false;
            foreach (string raw in lines)
            {
                string line = raw.Trim();
                if (!inTable)
                {
                    inTable = line.StartsWith("Template Metrics", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                if (!sawRule)
                {
                    // The header says which layout follows: the hints add "cache potential", "percent cached", "cached count".
                    hints |= line.IndexOf("potential", StringComparison.OrdinalIgnoreCase) >= 0;
                    sawRule = line.StartsWith("---", StringComparison.Ordinal);
                    continue;
                }

                if (line.Length == 0)
                {
                    break;
                }

                TemplateMetric? row = ParseRow(line, hints);
                if (row == null)
                {
                    continue;
                }

                // Slowest first; among equal times Hugo's order stays (each row goes after every row at least as slow).
                int at = rows.Count;
                while (at > 0 && rows[at - 1].CumulativeMs < row.CumulativeMs)
                {
                    at--;
                }

                rows.Insert(at, row);
            }

            return rows;
        }

        /// <summary>The slowest <paramref name="max"/> rows.</summary>
        public static List<TemplateMetric> Top(IEnumerable<string> lines, int max = RecordedTemplates)
        {
            List<TemplateMetric> all = Parse(lines);
            return all.Count > max ? all.GetRange(0, Math.Max(0, max)) : all;
        }

        /// <summary>One data row; null when it is not one.</summary>
        /// <param name="hints">The table has the --templateMetricsHints columns.</param>
        public static TemplateMetric? ParseRow(string line, bool hints)
        {
            string[] f = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            // With hints: 3 durations, potential, percent, cached count, total count, template. Without: 3 durations, count, template.
            int numbers = hints ? 7 : 4;
            if (f.Length < numbers + 1)
            {
                return null;
            }

            for (int i = 3; i < numbers; i++)
            {
                if (!IsWhole(f[i]))
                {
                    return null;
                }
            }

            double? cumulative = ParseGoDuration(f[0]);
            double? mean = ParseGoDuration(f[1]);
            double? max = ParseGoDuration(f[2]);
            if (cumulative == null || mean == null || max == null || !long.TryParse(f[numbers - 1], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
            {
                return null;
            }

            var metric = new TemplateMetric
            {
                Name = string.Join(" ", f, numbers, f.Length - numbers),
                Count = count,
                CumulativeMs = Round(cumulative.Value),
                MeanMs = Round(mean.Value),
                MaxMs = Round(max.Value),
            };
            if (numbers == 7 && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int potential))
            {
                metric.CachePotential = potential;
            }

            return metric;
        }

        /// <summary>Milliseconds of a Go duration ("1h2m3.5s", "263.79µs", "0s"); null when it is not one.</summary>
        public static double? ParseGoDuration(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (text == "0")
            {
                return 0;
            }

            double total = 0;
            int p = 0;
            bool any = false;
            while (p < text.Length)
            {
                int start = p;
                while (p < text.Length && (char.IsDigit(text[p]) || text[p] == '.'))
                {
                    p++;
                }

                if (p == start || !double.TryParse(text.Substring(start, p - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
                {
                    return null;
                }

                int unitStart = p;
                while (p < text.Length && !char.IsDigit(text[p]) && text[p] != '.')
                {
                    p++;
                }

                double? scale = UnitMilliseconds(text.Substring(unitStart, p - unitStart));
                if (scale == null)
                {
                    return null;
                }

                total += value * scale.Value;
                any = true;
            }

            return any ? total : (double?)null;
        }

        private static double? UnitMilliseconds(string unit)
        {
            switch (unit)
            {
                case "ns": return 1e-6;
                case "us":
                case "\u00b5s": // micro sign, as Go writes it
                case "\u03bcs": // Greek mu
                    return 1e-3;
                case "ms": return 1;
                case "s": return 1000;
                case "m": return 60000;
                case "h": return 3600000;
                default: return null;
            }
        }

        private static bool IsWhole(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return text.Length > 0;
        }

        private static double Round(double ms) => Math.Round(ms, 3);
    }
}
