using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Whether messages may carry symbols (coloured status dots, arrows). Rule, in order: "true"/"false" given
    /// explicitly win; otherwise (auto) plain text when NO_COLOR is set to anything, when TERM is "dumb", when
    /// standard output is redirected (a file, a pipe, a CI log, or an MSBuild worker node whose output is relayed),
    /// or when the console's encoding is not UTF-8/UTF-16; symbols otherwise.
    /// </summary>
    public static class SymbolPolicy
    {
        public static bool Decide(string? setting, Func<string, string?> environment, bool outputRedirected, Encoding? consoleEncoding)
        {
            string value = (setting ?? string.Empty).Trim();
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (!string.IsNullOrEmpty(environment("NO_COLOR")) || string.Equals(environment("TERM"), "dumb", StringComparison.OrdinalIgnoreCase) ||
                outputRedirected || consoleEncoding == null)
            {
                return false;
            }

            int page = consoleEncoding.CodePage;
            return page == 65001 || page == 1200 || page == 1201;
        }

        /// <summary>Decides for the current process.</summary>
        public static bool DecideForConsole(string? setting)
        {
            bool redirected;
            Encoding? encoding;
            try
            {
                redirected = Console.IsOutputRedirected;
                encoding = Console.OutputEncoding;
            }
            catch (Exception e) when (e is System.IO.IOException || e is InvalidOperationException || e is PlatformNotSupportedException)
            {
                redirected = true;
                encoding = null;
            }

            return Decide(setting, Environment.GetEnvironmentVariable, redirected, encoding);
        }
    }

    /// <summary>Writes the summary line and the full report.</summary>
    public sealed class ReportWriter
    {
        private readonly bool _symbols;

        public ReportWriter(bool symbols)
        {
            _symbols = symbols;
        }

        public string StatusLabel(string status)
        {
            if (!_symbols)
            {
                return status;
            }

            switch (status)
            {
                case BuildStatus.Excellent: return "🟢 " + status;
                case BuildStatus.Good: return "🟡 " + status;
                case BuildStatus.Acceptable: return "🟠 " + status;
                case BuildStatus.Slow: return "🔴 " + status;
                case BuildStatus.CacheHit: return "⚡ " + status;
                default: return "❌ " + status;
            }
        }

        private string ChangeMark(string verdict)
        {
            if (!_symbols)
            {
                return string.Empty;
            }

            switch (verdict)
            {
                case Verdicts.Faster: return "↓ ";
                case Verdicts.Slower: return "↑ ";
                case Verdicts.WithinNoise: return "≈ ";
                default: return string.Empty;
            }
        }

        /// <summary>
        /// "blog: GOOD in 12.3 s (template default): 12% faster than the median of the last 10 comparable builds, mostly in hugo (-1.5 s)."
        /// The site is named by its project file, as MSBuild names projects in its own output.
        /// </summary>
        private static string SiteName(string? project)
        {
            string name = string.IsNullOrWhiteSpace(project) ? string.Empty : System.IO.Path.GetFileNameWithoutExtension(project!.Trim());
            return name.Length > 0 ? name : "Hugo site";
        }

        public string SummaryLine(BuildRecord record, AnalysisOutcome outcome)
        {
            var line = new StringBuilder();
            line.Append(SiteName(record.Project)).Append(": ").Append(StatusLabel(outcome.Status))
                .Append(outcome.Status == BuildStatus.Failed ? " after " : " in ").Append(Format.Duration(record.TotalMs));
            line.Append(" (template ").Append(record.Template ?? "(none)").Append(')');
            if (outcome.SavedMs.HasValue)
            {
                line.Append(", ").Append(SavedWords(outcome.SavedMs.Value));
            }

            line.Append(": ").Append(ChangeMark(outcome.Comparison.Verdict)).Append(ChangeWording.Describe(outcome.Comparison))
                .Append(ChangeWording.ChangePhaseClause(outcome.ChangePhase));

            foreach (Recommendation tip in outcome.Recommendations)
            {
                if (tip.Id == Recommendations.FirstBuild)
                {
                    line.Append("; first recorded build of this site on this machine (cold caches)");
                    break;
                }
            }

            return Text(line.Append('.').ToString());
        }

        /// <summary>Without symbols the text is plain ASCII: ± – — … and the like become their ASCII spellings.</summary>
        public string Text(string text)
        {
            if (_symbols)
            {
                return text;
            }

            return text.Replace("±", "+/-").Replace(" – ", " to ").Replace("–", "-").Replace("—", "-").Replace("…", "...").Replace("×", "x");
        }

        public static string SavedWords(double savedMs)
        {
            return savedMs >= 0
                ? Format.Duration(savedMs) + " saved against the last full build"
                : Format.Duration(-savedMs) + " slower than the last full build";
        }

        /// <summary>The full report, one string per line.</summary>
        public List<string> FullReport(BuildRecord record, AnalysisOutcome outcome, Budgets budgets, IReadOnlyList<BudgetViolation> over)
        {
            var lines = new List<string> { "Hugo build performance report" };
            StatusThresholds t = outcome.Thresholds;
            lines.Add("  status:     " + StatusLabel(outcome.Status) + " in " + Format.Duration(record.TotalMs) + " (template " +
                      (record.Template ?? "(none)") + "; " + t.Source + " thresholds: excellent < " + Format.Duration(t.ExcellentMs) +
                      ", good < " + Format.Duration(t.GoodMs) + ", acceptable < " + Format.Duration(t.AcceptableMs) + ")");

            if (record.Phases != null && record.Phases.Count > 0)
            {
                lines.Add("  phases:");
                foreach (KeyValuePair<string, double> p in record.Phases)
                {
                    lines.Add("    " + p.Key.PadRight(12) + Format.Duration(p.Value).PadLeft(12) +
                              (record.TotalMs > 0 ? "  " + Format.Percent(p.Value / record.TotalMs * 100).PadLeft(4) : string.Empty));
                }
            }

            if (outcome.DominantPhase != null)
            {
                lines.Add("  longest:    " + outcome.DominantPhase.Phase + " (" + Format.Percent(outcome.DominantPhase.Fraction * 100) + " of the build)");
            }

            if (record.Components != null && record.Components.Count > 0)
            {
                lines.Add("  components: " + string.Join(", ", record.Components.Select(c =>
                    c.Name + " " + Format.Duration(c.DurationMs) + (c.Result != null ? " " + c.Result : string.Empty))));
            }

            if (record.Hugo != null)
            {
                var hugo = new List<string>();
                if (record.Hugo.Version != null)
                {
                    hugo.Add("version " + record.Hugo.Version);
                }

                if (record.Hugo.TotalMs.HasValue)
                {
                    hugo.Add("own total " + Format.Duration(record.Hugo.TotalMs.Value));
                }

                if (record.Hugo.Stats != null)
                {
                    hugo.AddRange(record.Hugo.Stats.Select(s => s.Key + " " + Format.Count(s.Value)));
                }

                if (record.Metrics != null && record.Metrics.MemoryMb > 0)
                {
                    hugo.Add("peak memory " + Format.Number(record.Metrics.MemoryMb) + " MB");
                }

                lines.Add("  hugo:       " + string.Join(", ", hugo));
            }

            if (record.Metrics != null)
            {
                lines.Add("  output:     " + Format.Count(record.Metrics.FileCount) + " files, " + Format.Count(record.Metrics.OutputSizeKb) + " KB");
            }

            if (record.Copy != null)
            {
                lines.Add("  copy:       " + Format.Count(record.Copy.Copied) + " copied, " + Format.Count(record.Copy.Skipped) + " unchanged, " +
                          Format.Count(record.Copy.Removed) + " removed, " + Format.Count(record.Copy.Bytes / 1024) + " KB in " + record.Copy.Jobs + " jobs");
            }

            if (record.Cache != null && record.Cache.Enabled == true)
            {
                lines.Add("  cache:      " + (record.Cache.Hit
                    ? "hit" + (outcome.SavedMs.HasValue ? ", " + SavedWords(outcome.SavedMs.Value) : string.Empty)
                    : "miss" + (record.Cache.MissReason != null ? " (" + record.Cache.MissReason + ")" : string.Empty)));
            }

            BaselineComparison c = outcome.Comparison;
            if (c.HasBaseline)
            {
                lines.Add("  baseline:   " + c.Count + " comparable " + Format.Plural(c.Count, "build", "builds") +
                          " (same site, template, machine and kind of build" + (string.IsNullOrEmpty(c.Kind) ? string.Empty : ": " + c.Kind) + ", successful): " + ChangeWording.DescribeBaseline(c));
            }

            string change = ChangeMark(c.Verdict) + ChangeWording.Describe(c);
            if (c.ChangeMs.HasValue && c.Verdict != Verdicts.WithinNoise)
            {
                change += " (" + Format.SignedDuration(c.ChangeMs.Value) + ")";
            }

            lines.Add("  change:     " + change + ChangeWording.ChangePhaseClause(outcome.ChangePhase));

            if (!budgets.IsEmpty)
            {
                var parts = new List<string>();
                if (budgets.TotalMs.HasValue)
                {
                    parts.Add("total " + Format.Duration(record.TotalMs) + " of " + Format.Duration(budgets.TotalMs.Value));
                }

                foreach (KeyValuePair<string, double> b in budgets.PhaseMs)
                {
                    parts.Add(b.Key + " " + (record.Phases != null && record.Phases.TryGetValue(b.Key, out double ms) ? Format.Duration(ms) : "not run") +
                              " of " + Format.Duration(b.Value));
                }

                lines.Add("  budgets:    " + string.Join(", ", parts) + (over.Count > 0 ? " — " + over.Count + " over" : " — all within"));
            }

            if (outcome.Recommendations.Count > 0)
            {
                lines.Add("  recommendations:");
                lines.AddRange(outcome.Recommendations.Select(r => "    - " + r.Text));
            }

            return lines.Select(Text).ToList();
        }
    }
}
