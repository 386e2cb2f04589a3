using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// The build as Markdown for a GitHub Actions job summary ($GITHUB_STEP_SUMMARY). GitHub accepts at most 1 MiB per
    /// step, so the text is appended only when the file stays below that; otherwise a one-line form is tried, and
    /// failing that nothing is written.
    /// </summary>
    public static class StepSummary
    {
        public const long MaxFileBytes = 1024 * 1024;

        /// <summary>Rows of components listed at most; the rest are counted.</summary>
        public const int MaxComponentRows = 50;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <param name="reportFile">The HTML performance report, linked at the end when set.</param>
        public static string Markdown(BuildRecord record, AnalysisOutcome outcome, string? reportFile = null)
        {
            var md = new StringBuilder();
            string site = record.Project != null ? Path.GetFileName(record.Project) : "site";
            md.Append("### Hugo build ").Append(Escape(site)).Append(": ").Append(outcome.Status).Append(" in ").Append(Format.Duration(record.TotalMs)).Append("\n\n");
            md.Append("Template `").Append(Escape(record.Template ?? "(none)")).Append('`');
            if (record.Theme != null)
            {
                md.Append(", theme `").Append(Escape(record.Theme)).Append('`');
            }

            md.Append(". ").Append(Capitalize(ChangeWording.Describe(outcome.Comparison)))
              .Append(ChangeWording.ChangePhaseClause(outcome.ChangePhase)).Append(".\n");
            if (outcome.SavedMs.HasValue)
            {
                md.Append("Cache hit: ").Append(ReportWriter.SavedWords(outcome.SavedMs.Value)).Append(".\n");
            }

            if (record.Phases != null && record.Phases.Count > 0)
            {
                md.Append("\n| phase | time | share |\n| --- | ---: | ---: |\n");
                foreach (KeyValuePair<string, double> p in record.Phases)
                {
                    md.Append("| ").Append(Escape(p.Key)).Append(" | ").Append(Format.Duration(p.Value)).Append(" | ")
                      .Append(record.TotalMs > 0 ? Format.Percent(p.Value / record.TotalMs * 100) : "-").Append(" |\n");
                }

                md.Append("| **total** | **").Append(Format.Duration(record.TotalMs)).Append("** | 100% |\n");
            }

            List<ComponentTiming> components = record.Components ?? new List<ComponentTiming>();
            if (components.Count > 0)
            {
                md.Append("\n| component | time | result |\n| --- | ---: | --- |\n");
                foreach (ComponentTiming c in components.Take(MaxComponentRows))
                {
                    md.Append("| ").Append(Escape(c.Name ?? string.Empty)).Append(" | ").Append(Format.Duration(c.DurationMs)).Append(" | ")
                      .Append(Escape(c.Result ?? string.Empty)).Append(" |\n");
                }

                if (components.Count > MaxComponentRows)
                {
                    md.Append("\n…and ").Append(components.Count - MaxComponentRows).Append(" more components.\n");
                }
            }

            BaselineComparison b = outcome.Comparison;
            if (b.HasBaseline)
            {
                md.Append("\n**Baseline:** ").Append(b.Count).Append(" comparable ").Append(Format.Plural(b.Count, "build", "builds"))
                  .Append(", ").Append(ChangeWording.DescribeBaseline(b)).Append(".\n");
            }

            if (outcome.Recommendations.Count > 0)
            {
                md.Append("\n**Recommendations**\n\n");
                foreach (Recommendation r in outcome.Recommendations)
                {
                    md.Append("- ").Append(Escape(r.Text)).Append('\n');
                }
            }

            if (!string.IsNullOrWhiteSpace(reportFile))
            {
                md.Append("\n").Append(ReportLink(reportFile!)).Append('\n');
            }

            return md.Append('\n').ToString();
        }

        /// <summary>The Markdown line that points at the HTML report (upload it as an artifact to open it from the run).</summary>
        public static string ReportLink(string reportFile)
        {
            string name = Path.GetFileName(reportFile.Trim());
            return "**Performance report:** [" + Escape(name.Length > 0 ? name : reportFile) + "](" + reportFile.Trim().Replace(" ", "%20").Replace(")", "%29") +
                   ") (an HTML page; upload it as a build artifact to open it from the run).";
        }

        /// <summary>The one-line form used when the full one would push the file over the limit.</summary>
        public static string Short(BuildRecord record, AnalysisOutcome outcome)
        {
            return "Hugo build: " + outcome.Status + " in " + Format.Duration(record.TotalMs) + ", " + ChangeWording.Describe(outcome.Comparison) + ".\n";
        }

        /// <summary>Appends to <paramref name="path"/>; returns what was written ("full", "short") or null when it would not fit.</summary>
        public static string? Append(string path, BuildRecord record, AnalysisOutcome outcome, string? reportFile = null)
        {
            long existing = File.Exists(path) ? new FileInfo(path).Length : 0;
            string separator = existing > 0 && !EndsWithNewline(path) ? "\n" : string.Empty;
            foreach (KeyValuePair<string, string> form in new[]
                     {
                         new KeyValuePair<string, string>("full", Markdown(record, outcome, reportFile)),
                         new KeyValuePair<string, string>("short", Short(record, outcome)),
                     })
            {
                byte[] bytes = Utf8.GetBytes(separator + form.Value);
                if (existing + bytes.Length < MaxFileBytes)
                {
                    using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                    stream.Write(bytes, 0, bytes.Length);
                    return form.Key;
                }
            }

            return null;
        }

        private static bool EndsWithNewline(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(-1, SeekOrigin.End);
            return stream.ReadByte() == '\n';
        }

        private static string Escape(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
