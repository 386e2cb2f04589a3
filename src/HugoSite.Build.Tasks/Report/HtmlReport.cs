using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>
    /// Writes the report as one HTML page: inline CSS, charts as inline SVG, no script, no external file of any kind,
    /// so it opens the same from file://, from a CI artifact and behind any content security policy. Tooltips are SVG
    /// &lt;title&gt; elements, which browsers show without script.
    /// </summary>
    public static class HtmlReport
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>Phase colours in build order; unknown phases take the last ones.</summary>
        private static readonly string[] PhaseColors = { "#8da0cb", "#66c2a5", "#fc8d62", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3", "#1f78b4", "#33a02c" };

        private const string Css = @"
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1d2330;background:#f6f7f9;margin:0;padding:24px}
main{max-width:1180px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#5b6475;margin-bottom:20px}
section{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:18px 20px;margin-bottom:22px}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:8px}
.tile{border:1px solid #e4e7ee;border-radius:6px;padding:8px 12px;min-width:150px}
.tile b{display:block;font-size:18px}.tile span{color:#5b6475;font-size:12px}
table{border-collapse:collapse;margin:4px 0 8px;min-width:360px}
th,td{padding:3px 10px;border-bottom:1px solid #edf0f4;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.faster{color:#137333}.slower{color:#b3261e}.muted{color:#5b6475}
svg{display:block;max-width:100%;height:auto;margin:6px 0}
svg text{font:11px system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;fill:#3c4452}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:#3c4452;margin:2px 0 8px}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
ul.tips li{margin-bottom:4px}
code{background:#f0f2f5;padding:0 3px;border-radius:3px}
";

        public static string Render(ReportModel model)
        {
            var h = new StringBuilder(64 * 1024);
            h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            h.Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
            // No script, no external files; the policy says so to the browser too.
            h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
            h.Append("<title>").Append(E(model.Title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>\n");
            h.Append("<h1>").Append(E(model.Title)).Append("</h1>\n<div class=\"meta\">Written ")
             .Append(E(model.GeneratedUtc.ToString("yyyy-MM-dd HH:mm:ss", Inv))).Append(" UTC from <code>").Append(E(model.HistoryPath)).Append("</code>");
            if (model.SkippedLines > 0)
            {
                h.Append(" (").Append(model.SkippedLines).Append(" unreadable line(s) skipped)");
            }

            h.Append("</div>\n");
            if (model.Sections.Count == 0)
            {
                h.Append("<section><p>No builds in the history yet. Builds are recorded while HugoPerformanceTracking is not false.</p></section>\n");
            }

            for (int i = 0; i < model.Sections.Count; i++)
            {
                RenderSection(h, model.Sections[i]);
                if (i == 0 && model.Comparison != null)
                {
                    RenderComparison(h, model.Comparison);
                }
            }

            if (model.Sections.Count == 0 && model.Comparison != null)
            {
                RenderComparison(h, model.Comparison);
            }

            if (model.OmittedSections > 0)
            {
                h.Append("<p class=\"muted\">").Append(model.OmittedSections).Append(" more site/template combinations are in the history but not shown (only the ")
                 .Append(ReportModel.MaxSections).Append(" most recently built are).</p>\n");
            }

            h.Append("</main></body></html>\n");
            return h.ToString();
        }

        private static void RenderSection(StringBuilder h, TemplateSection s)
        {
            BuildRecord latest = s.Latest;
            h.Append("<section class=\"site\" data-project=\"").Append(E(s.Project)).Append("\" data-template=\"").Append(E(s.Template)).Append("\">\n");
            h.Append("<h2>").Append(E(ReportModel.SiteName(s.Project))).Append(" &middot; template ").Append(E(s.Template)).Append("</h2>\n");
            h.Append("<div class=\"meta\">").Append(E(s.Project)).Append(" &middot; the last ").Append(s.Points.Count).Append(" build(s)</div>\n");

            h.Append("<div class=\"tiles\">");
            Tile(h, Format.Duration(latest.TotalMs), "latest build, " + (latest.Analysis?.Status ?? ReportPoint.KindOf(latest).ToString()));
            BaselineComparison b = s.Baseline;
            Tile(h, b.HasBaseline ? Format.Duration(b.MedianMs!.Value) + " ± " + Format.Duration(b.NoiseBandMs!.Value) : "none yet",
                 b.HasBaseline ? "baseline median ± noise band (" + b.Count + " builds)" : "baseline: " + b.Count + " of " + b.Needed + " comparable builds");
            Tile(h, s.CacheHitRatio.HasValue ? Format.Percent(s.CacheHitRatio.Value * 100) : "-", "cache hit ratio (" + s.CacheHits + " of " + s.CacheLookups + ")");
            Tile(h, Format.Duration(s.SavedMs), "saved by cache hits");
            h.Append("</div>\n");

            h.Append("<h3>Total build time</h3>\n");
            TotalChart(h, s);
            h.Append("<h3>Phases per build</h3>\n");
            PhaseChart(h, s);
            h.Append("<h3>Latest build (").Append(E(latest.SessionId ?? "?")).Append(", ").Append(E(latest.Timestamp ?? "")).Append(")</h3>\n");
            TimelineChart(h, s);

            if (s.SlowestComponents.Count > 0)
            {
                h.Append("<h3>Slowest components</h3>\n<table class=\"components\"><tr><th>component</th><th class=\"n\">median</th><th class=\"n\">latest</th><th class=\"n\">max</th><th class=\"n\">runs</th></tr>\n");
                foreach (ComponentSummary c in s.SlowestComponents)
                {
                    h.Append("<tr><td>").Append(E(c.Name)).Append("</td><td class=\"n\">").Append(E(Format.Duration(c.MedianMs))).Append("</td><td class=\"n\">")
                     .Append(c.LatestMs > 0 ? E(Format.Duration(c.LatestMs)) : "-").Append("</td><td class=\"n\">").Append(E(Format.Duration(c.MaxMs)))
                     .Append("</td><td class=\"n\">").Append(c.Runs).Append("</td></tr>\n");
                }

                h.Append("</table>\n");
            }

            BuildRecord? withStats = s.Points.Select(p => p.Record).LastOrDefault(r => r.Hugo?.Stats?.Count > 0);
            BuildRecord? withTemplates = s.Points.Select(p => p.Record).LastOrDefault(r => r.Templates?.Count > 0);

            if (withStats != null)
            {
                h.Append("<h3>Hugo's statistics (build ").Append(E(withStats.SessionId ?? "?")).Append(", Hugo ").Append(E(withStats.Hugo!.Version ?? "?")).Append(")</h3>\n<table class=\"hugo-stats\">");
                foreach (KeyValuePair<string, long> st in withStats.Hugo.Stats!)
                {
                    h.Append("<tr><td>").Append(E(st.Key.Replace('_', ' '))).Append("</td><td class=\"n\">").Append(E(Format.Count(st.Value))).Append("</td></tr>");
                }

                if (withStats.Hugo.TotalMs.HasValue)
                {
                    h.Append("<tr><td>Hugo's own total</td><td class=\"n\">").Append(E(Format.Duration(withStats.Hugo.TotalMs.Value))).Append("</td></tr>");
                }

                h.Append("</table>\n");
            }

            if (withTemplates != null)
            {
                h.Append("<h3>Slowest templates (build ").Append(E(withTemplates.SessionId ?? "?")).Append(", Hugo --templateMetrics)</h3>\n");
                h.Append("<table class=\"templates\"><tr><th>template</th><th class=\"n\">cumulative</th><th class=\"n\">mean</th><th class=\"n\">max</th><th class=\"n\">count</th><th class=\"n\">cache potential</th></tr>\n");
                foreach (TemplateMetric t in withTemplates.Templates!.Where(t => t != null))
                {
                    h.Append("<tr><td>").Append(E(t.Name ?? "")).Append("</td><td class=\"n\">").Append(E(Format.FineDuration(t.CumulativeMs))).Append("</td><td class=\"n\">")
                     .Append(E(Format.FineDuration(t.MeanMs))).Append("</td><td class=\"n\">").Append(E(Format.FineDuration(t.MaxMs))).Append("</td><td class=\"n\">")
                     .Append(E(Format.Count(t.Count))).Append("</td><td class=\"n\">").Append(t.CachePotential.HasValue ? t.CachePotential.Value + "%" : "-").Append("</td></tr>\n");
                }

                h.Append("</table>\n");
            }

            h.Append("<h3>Recommendations (latest build)</h3>\n");
            if (s.Recommendations.Count == 0)
            {
                h.Append("<p class=\"muted\">None: nothing measured in the latest build calls for one.</p>\n");
            }
            else
            {
                h.Append("<ul class=\"tips\">");
                foreach (Recommendation r in s.Recommendations)
                {
                    h.Append("<li data-id=\"").Append(E(r.Id)).Append("\">").Append(E(r.Text)).Append("</li>");
                }

                h.Append("</ul>\n");
            }

            h.Append("</section>\n");
        }

        private static void Tile(StringBuilder h, string value, string label) =>
            h.Append("<div class=\"tile\"><b>").Append(E(value)).Append("</b><span>").Append(E(label)).Append("</span></div>");

        // ---- charts ----

        private const int W = 1100;
        private const int Left = 64;
        private const int Right = 44;
        private const int Top = 10;

        private static void TotalChart(StringBuilder h, TemplateSection s)
        {
            const int height = 240, bottom = 28;
            double max = s.Points.Aggregate(0.0, (m, p) => Math.Max(m, p.Record.TotalMs));
            BaselineComparison b = s.Baseline;
            if (b.HasBaseline)
            {
                max = Math.Max(max, b.MedianMs!.Value + b.NoiseBandMs!.Value);
            }

            max = NiceMax(max);
            double plotH = height - Top - bottom;
            double plotW = W - Left - Right;
            int n = s.Points.Count;
            double X(int i) => Left + (n <= 1 ? plotW / 2 : i * plotW / (n - 1));
            double Y(double ms) => Top + plotH - (ms / max * plotH);

            Svg(h, "total", height, "Total build time of the last " + n + " builds").Append("\" data-points=\"").Append(n).Append("\">");
            Axis(h, max, plotH, plotW, Y);
            if (b.HasBaseline)
            {
                double lo = Math.Max(0, b.MedianMs!.Value - b.NoiseBandMs!.Value), hi = b.MedianMs.Value + b.NoiseBandMs.Value;
                h.Append("<rect class=\"noise-band\" x=\"").Append(F(Left)).Append("\" y=\"").Append(F(Y(hi))).Append("\" width=\"").Append(F(plotW)).Append("\" height=\"")
                 .Append(F(Y(lo) - Y(hi))).Append("\" fill=\"#4c78a8\" fill-opacity=\"0.13\" data-low=\"").Append(F(lo)).Append("\" data-high=\"").Append(F(hi)).Append("\"><title>noise band ")
                 .Append(E(Format.Duration(lo))).Append(" – ").Append(E(Format.Duration(hi))).Append("</title></rect>");
                h.Append("<line class=\"median\" x1=\"").Append(F(Left)).Append("\" x2=\"").Append(F(Left + plotW)).Append("\" y1=\"").Append(F(Y(b.MedianMs.Value))).Append("\" y2=\"")
                 .Append(F(Y(b.MedianMs.Value))).Append("\" stroke=\"#4c78a8\" stroke-dasharray=\"6 4\" data-ms=\"").Append(F(b.MedianMs.Value)).Append("\"><title>baseline median ")
                 .Append(E(Format.Duration(b.MedianMs.Value))).Append("</title></line>");
            }

            var path = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                path.Append(i == 0 ? "M" : "L").Append(F(X(i))).Append(',').Append(F(Y(s.Points[i].Record.TotalMs)));
            }

            h.Append("<path d=\"").Append(path).Append("\" fill=\"none\" stroke=\"#9aa3b2\" stroke-width=\"1.5\"/>");
            for (int i = 0; i < n; i++)
            {
                ReportPoint p = s.Points[i];
                double x = X(i), y = Y(p.Record.TotalMs);
                string tip = E(PointTitle(p));
                switch (p.Kind)
                {
                    case PointKind.CacheHit:
                        h.Append("<rect class=\"pt hit\" x=\"").Append(F(x - 5)).Append("\" y=\"").Append(F(y - 5)).Append("\" width=\"10\" height=\"10\" transform=\"rotate(45 ")
                         .Append(F(x)).Append(' ').Append(F(y)).Append(")\" fill=\"#2ca25f\"><title>").Append(tip).Append("</title></rect>");
                        break;
                    case PointKind.Failed:
                        h.Append("<path class=\"pt failed\" d=\"M").Append(F(x - 5)).Append(',').Append(F(y - 5)).Append("L").Append(F(x + 5)).Append(',').Append(F(y + 5))
                         .Append("M").Append(F(x - 5)).Append(',').Append(F(y + 5)).Append("L").Append(F(x + 5)).Append(',').Append(F(y - 5))
                         .Append("\" stroke=\"#d62728\" stroke-width=\"3\"><title>").Append(tip).Append("</title></path>");
                        break;
                    default:
                        h.Append("<circle class=\"pt built\" cx=\"").Append(F(x)).Append("\" cy=\"").Append(F(y)).Append("\" r=\"4.5\" fill=\"#1f4e8c\"><title>").Append(tip).Append("</title></circle>");
                        break;
                }
            }

            XLabels(h, s, X, height - 8);
            h.Append("</svg>\n<div class=\"legend\"><span><i class=\"sw\" style=\"background:#1f4e8c;border-radius:50%\"></i>built</span>")
             .Append("<span><i class=\"sw\" style=\"background:#2ca25f;transform:rotate(45deg)\"></i>cache hit</span>")
             .Append("<span><i class=\"sw\" style=\"background:#d62728\"></i>failed (&times;)</span>")
             .Append("<span><i class=\"sw\" style=\"background:#4c78a8;opacity:.25\"></i>noise band around the baseline median (dashed)</span></div>\n");
        }

        private static void PhaseChart(StringBuilder h, TemplateSection s)
        {
            const int height = 220, bottom = 28;
            double max = NiceMax(s.Points.Aggregate(0.0, (m, p) => Math.Max(m, p.Record.Phases?.Values.Sum(v => Math.Max(0, v)) ?? 0)));
            double plotH = height - Top - bottom;
            double plotW = W - Left - Right;
            int n = s.Points.Count;
            double slot = plotW / Math.Max(1, n);
            double barW = Math.Max(2, Math.Min(40, slot * 0.7));
            double X(int i) => Left + (slot * i) + (slot / 2);
            double Y(double ms) => Top + plotH - (ms / max * plotH);

            Svg(h, "phases", height, "Phases of each build, stacked").Append("\" data-bars=\"").Append(n).Append("\">");
            Axis(h, max, plotH, plotW, Y);
            for (int i = 0; i < n; i++)
            {
                BuildRecord r = s.Points[i].Record;
                double acc = 0;
                for (int k = 0; k < s.Phases.Count; k++)
                {
                    string phase = s.Phases[k];
                    if (r.Phases == null || !r.Phases.TryGetValue(phase, out double ms) || ms <= 0)
                    {
                        continue;
                    }

                    double y1 = Y(acc + ms), y0 = Y(acc);
                    h.Append("<rect class=\"seg\" data-phase=\"").Append(E(phase)).Append("\" x=\"").Append(F(X(i) - (barW / 2))).Append("\" y=\"").Append(F(y1)).Append("\" width=\"").Append(F(barW))
                     .Append("\" height=\"").Append(F(Math.Max(0.5, y0 - y1))).Append("\" fill=\"").Append(Color(k)).Append("\"><title>").Append(E(phase + " " + Format.Duration(ms) + " (" + (r.SessionId ?? "?") + ")"))
                     .Append("</title></rect>");
                    acc += ms;
                }
            }

            XLabels(h, s, X, height - 8);
            h.Append("</svg>\n<div class=\"legend\">");
            for (int k = 0; k < s.Phases.Count; k++)
            {
                h.Append("<span><i class=\"sw\" style=\"background:").Append(Color(k)).Append("\"></i>").Append(E(s.Phases[k])).Append("</span>");
            }

            h.Append("</div>\n");
        }

        private static void TimelineChart(StringBuilder h, TemplateSection s)
        {
            List<string> rows = s.Timeline.Select(bar => bar.Row).Distinct(StringComparer.Ordinal).ToList();
            double end = Math.Max(s.Timeline.Aggregate(0.0, (e, bar) => Math.Max(e, bar.StartMs + bar.DurationMs)), s.Latest.TotalMs);
            if (rows.Count == 0 || end <= 0)
            {
                h.Append("<p class=\"muted\">No phase times recorded for this build.</p>\n");
                return;
            }

            const int rowH = 24, labelW = 150, bottom = 22;
            int height = Top + (rows.Count * rowH) + bottom;
            double plotW = W - labelW - Right;
            double X(double ms) => labelW + (ms / end * plotW);
            Svg(h, "timeline", height, "Timeline of the latest build").Append("\" data-rows=\"").Append(rows.Count).Append("\" data-source=\"").Append(s.TimelineSource).Append("\">");
            for (int r = 0; r < rows.Count; r++)
            {
                double y = Top + (r * rowH);
                h.Append("<text x=\"4\" y=\"").Append(F(y + 15)).Append("\">").Append(E(Shorten(rows[r], 24))).Append("</text>");
                h.Append("<line x1=\"").Append(labelW).Append("\" x2=\"").Append(F(labelW + plotW)).Append("\" y1=\"").Append(F(y + rowH - 1)).Append("\" y2=\"").Append(F(y + rowH - 1)).Append("\" stroke=\"#eef0f4\"/>");
            }

            int phaseIndex = 0;
            foreach (TimelineBar bar in s.Timeline)
            {
                int r = rows.IndexOf(bar.Row);
                double y = Top + (r * rowH) + 3;
                string color = bar.Kind == "phase" ? Color(PhaseColorIndex(s, bar.Name, ref phaseIndex)) : bar.Kind == "copy" ? "#66c2a5" : "#e78ac3";
                double x = X(bar.StartMs), w = Math.Max(1, X(bar.StartMs + bar.DurationMs) - x);
                h.Append("<rect class=\"bar ").Append(E(bar.Kind)).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" width=\"").Append(F(w)).Append("\" height=\"")
                 .Append(rowH - 7).Append("\" rx=\"2\" fill=\"").Append(color).Append("\"><title>").Append(E(bar.Name + ": " + Format.Duration(bar.DurationMs) + " from " + Format.Duration(bar.StartMs)))
                 .Append("</title></rect>");
                if (w > 60)
                {
                    h.Append("<text x=\"").Append(F(x + 4)).Append("\" y=\"").Append(F(y + 13)).Append("\">").Append(E(Shorten(bar.Name, (int)(w / 7)))).Append("</text>");
                }
            }

            double step = NiceStep(end);
            for (double t = 0; t <= end + 0.001; t += step)
            {
                h.Append("<text x=\"").Append(F(X(t))).Append("\" y=\"").Append(height - 6).Append("\" text-anchor=\"middle\">").Append(E(Format.Duration(t))).Append("</text>");
            }

            h.Append("</svg>\n<div class=\"legend muted\">Phases, the copy and each component on its own row, from ")
             .Append(s.TimelineSource == "trace" ? "this build's Chrome trace (obj/hugo/trace.json)" : "its history record (phases one after another)").Append(".</div>\n");
        }

        /// <summary>Opens a chart's svg tag up to the text of its aria-label; the caller closes the label, adds its data attributes and ends the tag.</summary>
        private static StringBuilder Svg(StringBuilder h, string kind, int height, string label) =>
            h.Append("<svg class=\"chart chart-").Append(kind).Append("\" viewBox=\"0 0 ").Append(W).Append(' ').Append(height).Append("\" width=\"").Append(W)
             .Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-label=\"").Append(label);

        private static int PhaseColorIndex(TemplateSection s, string phase, ref int fallback)
        {
            int k = s.Phases.IndexOf(phase);
            return k >= 0 ? k : s.Phases.Count + fallback++;
        }

        private static void Axis(StringBuilder h, double max, double plotH, double plotW, Func<double, double> y)
        {
            double step = NiceStep(max);
            for (double v = 0; v <= max + 0.001; v += step)
            {
                h.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(F(Left + plotW)).Append("\" y1=\"").Append(F(y(v))).Append("\" y2=\"").Append(F(y(v))).Append("\" stroke=\"#edf0f4\"/>");
                h.Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(F(y(v) + 4)).Append("\" text-anchor=\"end\">").Append(E(Format.Duration(v))).Append("</text>");
            }
        }

        private static void XLabels(StringBuilder h, TemplateSection s, Func<int, double> x, int y)
        {
            int n = s.Points.Count;
            int every = Math.Max(1, (int)Math.Ceiling(n / 10.0));
            string? firstDay = Day(s.Points[0].Record.Timestamp);
            bool sameDay = firstDay != null && firstDay == Day(s.Points[n - 1].Record.Timestamp);
            for (int i = 0; i < n; i++)
            {
                if (i % every != 0 && i != n - 1)
                {
                    continue;
                }

                string label = Label(s.Points[i].Record.Timestamp, sameDay);
                h.Append("<text x=\"").Append(F(x(i))).Append("\" y=\"").Append(y).Append("\" text-anchor=\"middle\">").Append(E(label)).Append("</text>");
            }
        }

        private static string PointTitle(ReportPoint p)
        {
            BuildRecord r = p.Record;
            string kind = p.Kind == PointKind.CacheHit ? "cache hit" : p.Kind == PointKind.Failed ? "failed" : "built";
            return (r.SessionId ?? "?") + " " + (r.Timestamp ?? "") + ": " + Format.Duration(r.TotalMs) + ", " + kind + (r.Analysis?.Verdict != null ? ", " + r.Analysis.Verdict : string.Empty);
        }

        /// <summary>"22:07:14" when every build shown is from one day, else "11-26 22:07", from an ISO time stamp.</summary>
        private static string Label(string? timestamp, bool sameDay)
        {
            if (timestamp == null || timestamp.Length < 19)
            {
                return timestamp ?? string.Empty;
            }

            return sameDay ? timestamp.Substring(11, 8) : timestamp.Substring(5, 5) + " " + timestamp.Substring(11, 5);
        }

        private static string? Day(string? timestamp) => timestamp != null && timestamp.Length >= 10 ? timestamp.Substring(0, 10) : null;

        internal static double NiceMax(double max)
        {
            if (max <= 0 || double.IsNaN(max) || double.IsInfinity(max))
            {
                return 1;
            }

            double step = NiceStep(max * 1.05);
            return Math.Ceiling(max * 1.05 / step) * step;
        }

        /// <summary>A step of 1, 2 or 5 times a power of ten giving about five grid lines.</summary>
        internal static double NiceStep(double range)
        {
            if (range <= 0 || double.IsNaN(range) || double.IsInfinity(range))
            {
                return 1;
            }

            double raw = range / 5;
            double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double unit = raw / power;
            return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
        }

        private static string Color(int index) => PhaseColors[Math.Min(index, PhaseColors.Length - 1)];

        private static string Shorten(string text, int max) => text.Length <= max || max < 2 ? text : text.Substring(0, max - 1) + "…";

        private static string F(double v) => Math.Round(v, 1).ToString("0.#", Inv);

        private static string E(string text) => WebUtility.HtmlEncode(text);

        // ---- comparison ----

        private static void RenderComparison(StringBuilder h, BuildComparison c)
        {
            h.Append("<section class=\"comparison\"><h2>What changed: ");
            h.Append(c.FromIsBaseline ? "baseline (median of " + c.BaselineBuilds + " builds)" : E(c.From.SessionId ?? "?")).Append(" &rarr; ").Append(E(c.To.SessionId ?? "?")).Append("</h2>\n");
            string cls = c.Verdict == Verdicts.Faster ? "faster" : c.Verdict == Verdicts.Slower ? "slower" : "muted";
            h.Append("<p>Total ").Append(E(BuildComparison.Line(c.Total))).Append(": <b class=\"").Append(cls).Append("\" data-verdict=\"").Append(E(c.Verdict)).Append("\">")
             .Append(E(c.VerdictWords())).Append("</b>.</p>\n");
            h.Append("<h3>Inputs changed: ").Append(E(c.InputSummary())).Append("</h3>\n");
            if (c.Files.Count > 0)
            {
                h.Append("<table class=\"inputs\"><tr><th>source</th><th>path</th><th>change</th></tr>");
                foreach (InputChange f in c.Files)
                {
                    h.Append("<tr><td>").Append(E(f.Source ?? "")).Append("</td><td>").Append(E(f.Path ?? "")).Append("</td><td>").Append(E(f.Change ?? "")).Append("</td></tr>");
                }

                h.Append("</table>\n");
            }

            foreach (string note in c.InputNotes)
            {
                h.Append("<p class=\"muted\">").Append(E(note)).Append(".</p>\n");
            }

            if (c.Settings.Count > 0)
            {
                h.Append("<h3>Settings changed</h3><table class=\"settings\"><tr><th>setting</th><th>before</th><th>after</th></tr>");
                foreach (SettingChange s in c.Settings)
                {
                    h.Append("<tr><td>").Append(E(s.Name)).Append("</td><td>").Append(E(s.From ?? "(none)")).Append("</td><td>").Append(E(s.To ?? "(none)")).Append("</td></tr>");
                }

                h.Append("</table>\n");
            }

            DeltaTable(h, "Phases", "phase", c.Phases, true);
            DeltaTable(h, "Copy", "count", c.Copy, false);
            DeltaTable(h, "Remote cache", "measure", c.RemoteCache, false);
            DeltaTable(h, "Components", "component", c.Components, true);
            DeltaTable(h, "Hugo's statistics", "statistic", c.HugoStats, false);
            h.Append("</section>\n");
        }

        private static void DeltaTable(StringBuilder h, string title, string what, List<Delta> deltas, bool durations)
        {
            if (deltas.Count == 0)
            {
                return;
            }

            h.Append("<h3>").Append(E(title)).Append("</h3><table class=\"deltas\"><tr><th>").Append(E(what)).Append("</th><th class=\"n\">before</th><th class=\"n\">after</th><th class=\"n\">change</th><th class=\"n\">%</th></tr>");
            foreach (Delta d in deltas)
            {
                bool duration = durations || d.IsDuration;
                string cls = d.Change.HasValue && d.Change.Value != 0 && duration ? (d.Change.Value < 0 ? " faster" : " slower") : string.Empty;
                h.Append("<tr><td>").Append(E(d.Name)).Append("</td><td class=\"n\">").Append(E(Delta.Show(d.From, duration))).Append("</td><td class=\"n\">").Append(E(Delta.Show(d.To, duration)))
                 .Append("</td><td class=\"n").Append(cls).Append("\">").Append(E(d.ShowChange(duration, "-"))).Append("</td><td class=\"n\">")
                 .Append(d.ChangePercent.HasValue ? E(Format.SignedPercent(d.ChangePercent.Value)) : "-").Append("</td></tr>");
            }

            h.Append("</table>\n");
        }
    }
}
