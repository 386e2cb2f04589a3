using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Prints the performance history of a site: its last builds as a table, and per template the median,
    /// p25 and p75 of the total and of each phase with a sparkline of the trend. Reading problems are warnings.
    /// </summary>
    public sealed class PerformanceHistoryReport : Task
    {
        public const int DefaultCount = 20;

        /// <summary>The history file; empty means ~/.hugo-template-perf/history.jsonl.</summary>
        public string? HistoryFile { get; set; }

        /// <summary>The site project whose builds are shown; empty shows every project's.</summary>
        public string? ProjectPath { get; set; }

        /// <summary>How many of the latest builds to show (default 20).</summary>
        public int Count { get; set; } = DefaultCount;

        /// <summary>Show every project's builds, not only <see cref="ProjectPath"/>'s.</summary>
        public bool AllProjects { get; set; }

        /// <summary>Also show records that name no project (written by the bash build scripts). Default true.</summary>
        public bool IncludeUnattributed { get; set; } = true;

        /// <summary>"true": plain-ASCII sparklines; "false": Unicode; empty: Unicode unless the console cannot show it.</summary>
        public string? Ascii { get; set; }

        /// <summary>Also write the report to this file (UTF-8), e.g. for a CI artifact.</summary>
        public string? ReportFile { get; set; }

        /// <summary>How many builds the report shows.</summary>
        [Output]
        public int BuildCount { get; private set; }

        /// <summary>Lines of the history that could not be read.</summary>
        [Output]
        public int SkippedLines { get; private set; }

        /// <summary>The report as text.</summary>
        [Output]
        public string ReportText { get; private set; } = string.Empty;

        public override bool Execute()
        {
            int count = Count;
            if (count <= 0)
            {
                Log.LogWarning(null, HistoryCodes.ReportInvalidCount, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                    "HugoPerformanceHistoryCount must be a positive number of builds; got {0}. Showing the last {1}.", Count, DefaultCount);
                count = DefaultCount;
            }

            bool allProjects = AllProjects || string.IsNullOrWhiteSpace(ProjectPath);
            List<BuildRecord>? records = HistoryReportTask.ReadHistory(this, HistoryCodes.ReportUnreadable, HistoryFile, allProjects ? null : ProjectPath, IncludeUnattributed, count,
                out string path, out int skipped);
            if (records == null)
            {
                return !Log.HasLoggedErrors;
            }

            string who = allProjects ? "all sites" : Path.GetFullPath(ProjectPath!.Trim());
            string title = records.Count == 0
                ? string.Format(CultureInfo.InvariantCulture, "No builds of {0} in the performance history '{1}' yet. Builds are recorded while HugoPerformanceTracking is not false.", who, path)
                : string.Format(CultureInfo.InvariantCulture, "Performance history of {0}: the last {1} build(s), from '{2}'", who, records.Count, path);

            ReportText = HistoryReport.Render(records, title, UseAscii());
            BuildCount = records.Count;
            SkippedLines = skipped;
            Log.LogMessage(MessageImportance.High, ReportText.TrimEnd('\n'));
            WriteReportFile();
            return !Log.HasLoggedErrors;
        }

        private void WriteReportFile()
        {
            if (string.IsNullOrWhiteSpace(ReportFile))
            {
                return;
            }

            try
            {
                Report.HistoryMerge.ReplaceFile(Path.GetFullPath(ReportFile!.Trim()), ReportText);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                Log.LogWarning(null, HistoryCodes.ReportNotWritten, null, ReportFile, 0, 0, 0, 0,
                    "Could not write the history report to '{0}': {1} The report was still printed; choose a writable HugoPerformanceHistoryReportFile.", ReportFile, ex.Message);
            }
        }

        private bool UseAscii()
        {
            string choice = (Ascii ?? string.Empty).Trim();
            if (choice.Length > 0)
            {
                return string.Equals(choice, "true", StringComparison.OrdinalIgnoreCase);
            }

            try
            {
                // Unicode unless the console is known to use a code page without the block characters.
                int codePage = Console.OutputEncoding.CodePage;
                return codePage != 65001 && codePage != 1200 && codePage != 1201 && codePage != 12000 && codePage != 12001;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
