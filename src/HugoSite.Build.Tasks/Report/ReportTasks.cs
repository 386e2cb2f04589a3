using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Report;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>What the report and the comparison share: where the history is, whose builds, and the noise settings.</summary>
    public abstract class HistoryReportTask : Microsoft.Build.Utilities.Task
    {
        public const int DefaultCount = 20;

        /// <summary>How many history lines are looked at at most (the newest).</summary>
        public const int MaxRecords = 5000;

        public string? HistoryFile { get; set; }

        public string? ProjectPath { get; set; }

        public int Count { get; set; } = DefaultCount;

        public int BaselineCount { get; set; } = 10;

        public int MinimumBaselineCount { get; set; } = 3;

        public double NoiseMadFactor { get; set; } = 3;

        public double NoiseFloorPercent { get; set; } = 5;

        public double NoiseFloorMilliseconds { get; set; } = 20;

        protected NoiseOptions Noise()
        {
            var o = new NoiseOptions();
            o.BaselineCount = BaselineCount >= 1 ? BaselineCount : o.BaselineCount;
            o.MinimumBaselineCount = Math.Min(MinimumBaselineCount >= 1 ? MinimumBaselineCount : o.MinimumBaselineCount, o.BaselineCount);
            o.MadFactor = NoiseMadFactor >= 0 ? NoiseMadFactor : o.MadFactor;
            o.FloorPercent = NoiseFloorPercent >= 0 ? NoiseFloorPercent : o.FloorPercent;
            o.FloorMs = NoiseFloorMilliseconds >= 0 ? NoiseFloorMilliseconds : o.FloorMs;
            return o;
        }

        protected int CheckedCount()
        {
            if (Count > 0)
            {
                return Count;
            }

            Log.LogWarning(null, ReportCodes.InvalidCount, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                "HugoPerformanceHistoryCount must be a positive number of builds; got {0}. The last {1} are used.", Count, DefaultCount);
            return DefaultCount;
        }

        /// <summary>The records (oldest first) of this project, or of every project; null when the history cannot be read.</summary>
        protected List<BuildRecord>? ReadHistory(bool allProjects, int maxRecords, out string path, out int skipped) =>
            ReadHistory(this, ReportCodes.HistoryUnreadable, HistoryFile, allProjects ? null : ProjectPath, false, maxRecords, out path, out skipped);

        /// <summary>
        /// The newest records (oldest first) of <paramref name="projectPath"/>, or of every project when it is empty, with
        /// the problems of reading them logged as warnings (<paramref name="unreadableCode"/>); null when the history
        /// cannot be read.
        /// </summary>
        internal static List<BuildRecord>? ReadHistory(Microsoft.Build.Utilities.Task task, string unreadableCode, string? historyFile, string? projectPath,
            bool includeUnattributed, int maxRecords, out string path, out int skipped)
        {
            skipped = 0;
            try
            {
                path = HistoryStore.ResolvePath(historyFile);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                path = historyFile ?? string.Empty;
                task.Log.LogWarning(null, unreadableCode, null, task.BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                    "The performance history path '{0}' is not a valid path ({1}). Set HugoPerformanceHistoryFile to the history file.", historyFile, ex.Message);
                return null;
            }

            var query = new HistoryQuery
            {
                MaxRecords = maxRecords,
                Project = string.IsNullOrWhiteSpace(projectPath) ? null : Path.GetFullPath(projectPath!.Trim()),
                IncludeUnattributed = includeUnattributed,
            };
            try
            {
                List<BuildRecord> records = HistoryStore.ReadRecent(path, query, out skipped);
                if (skipped > 0)
                {
                    task.Log.LogWarning(null, HistoryStore.SkippedLinesCode, null, path, 0, 0, 0, 0,
                        "{0} line(s) of the performance history '{1}' could not be read and were skipped. They are left in the file untouched; remove them if they are not needed.", skipped, path);
                }

                return records;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                task.Log.LogWarning(null, unreadableCode, null, path, 0, 0, 0, 0,
                    "Could not read the performance history '{0}': {1} Check that the file is readable, or point HugoPerformanceHistoryFile at the right file.", path, ex.Message);
                return null;
            }
        }
    }

    /// <summary>
    /// Writes the HTML performance report (dotnet build -t:HugoReport): per site and template the total time of the
    /// last builds with the baseline and its noise band, the phases stacked, the latest build as a timeline, cache hit
    /// ratio and time saved, the slowest components and templates, Hugo's statistics, the latest recommendations, and
    /// what changed between the last two builds of this site.
    /// </summary>
    public sealed class WritePerformanceReport : HistoryReportTask
    {
        [Required] public string ReportFile { get; set; } = string.Empty;

        public bool AllProjects { get; set; }

        /// <summary>This project's Chrome trace (HugoPerformanceTraceFile), for its latest build's timeline.</summary>
        public string? TraceFile { get; set; }

        public string? CompareFrom { get; set; }

        public string? CompareTo { get; set; }

        [Output] public string ReportPath { get; private set; } = string.Empty;

        [Output] public int BuildCount { get; private set; }

        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        public override bool Execute()
        {
            int count = CheckedCount();
            NoiseOptions noise = Noise();
            bool all = AllProjects || string.IsNullOrWhiteSpace(ProjectPath);
            List<BuildRecord>? records = ReadHistory(all, ReportModel.Window(all, count, noise, MaxRecords), out string path, out int skipped);
            if (records == null)
            {
                return !Log.HasLoggedErrors;
            }

            string? project = string.IsNullOrWhiteSpace(ProjectPath) ? null : BaselineSelector.NormalizeProject(ProjectPath!.Trim());
            ReportModel model = ReportModel.Build(records, count, noise, r => ReadTrace(TraceTimeline.PathFor(r, project, TraceFile)));
            model.HistoryPath = path;
            model.SkippedLines = skipped;
            model.GeneratedUtc = UtcNow();
            model.Title = "Hugo build performance: " + (all ? "all sites" : ReportModel.SiteName(project ?? "site"));
            if (project != null)
            {
                model.Comparison = Compare(records, project, noise);
            }

            string html = HtmlReport.Render(model);
            try
            {
                string full = Path.GetFullPath(ReportFile.Trim());
                HistoryMerge.ReplaceFile(full, html);
                ReportPath = full;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                Log.LogWarning(null, ReportCodes.NotWritten, null, ReportFile, 0, 0, 0, 0,
                    "Could not write the performance report to '{0}': {1} Choose a writable HugoReportFile.", ReportFile, ex.Message);
                return !Log.HasLoggedErrors;
            }

            BuildCount = model.Sections.Sum(s => s.Points.Count);
            Log.LogMessage(MessageImportance.High, "Performance report of {0} build(s) in {1} section(s) written to {2}", BuildCount, model.Sections.Count, ReportPath);
            return !Log.HasLoggedErrors;
        }

        private BuildComparison? Compare(List<BuildRecord> records, string project, NoiseOptions noise)
        {
            BuildComparison? c = BuildComparison.Resolve(records.Where(r => ReportModel.IsProject(r, project)).ToList(), CompareFrom, CompareTo, noise, out string? problem, out bool tooFew);
            if (c == null && !tooFew && problem != null)
            {
                Log.LogWarning(null, ReportCodes.BuildsNotFound, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, problem + " The report leaves the comparison out.");
            }

            return c;
        }

        private byte[]? ReadTrace(string? path)
        {
            try
            {
                return path != null && File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                Log.LogMessage(MessageImportance.Low, "The trace '{0}' could not be read ({1}); the timeline is laid out from the record.", path, ex.Message);
                return null;
            }
        }
    }

    /// <summary>
    /// Compares two builds of this site (dotnet build -t:HugoCompareBuilds): by default the last two, or
    /// HugoCompareFrom / HugoCompareTo (a session id, "previous" or "baseline"). Printed at normal verbosity.
    /// </summary>
    public sealed class CompareBuilds : HistoryReportTask
    {
        public string? From { get; set; }

        public string? To { get; set; }

        [Output] public string Verdict { get; private set; } = string.Empty;

        [Output] public string FromSession { get; private set; } = string.Empty;

        [Output] public string ToSession { get; private set; } = string.Empty;

        /// <summary>The comparison as text.</summary>
        [Output] public string ComparisonText { get; private set; } = string.Empty;

        public override bool Execute()
        {
            if (string.IsNullOrWhiteSpace(ProjectPath))
            {
                Log.LogError(null, ReportCodes.BuildsNotFound, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, "CompareBuilds needs ProjectPath: the site whose builds are compared.");
                return false;
            }

            NoiseOptions noise = Noise();
            List<BuildRecord>? records = ReadHistory(false, MaxRecords, out string path, out _);
            if (records == null)
            {
                return !Log.HasLoggedErrors;
            }

            BuildComparison? c = BuildComparison.Resolve(records, From, To, noise, out string? problem, out bool tooFew);
            if (c == null)
            {
                if (tooFew)
                {
                    Log.LogWarning(null, ReportCodes.NothingToCompare, null, path, 0, 0, 0, 0, problem);
                }
                else
                {
                    Log.LogError(null, ReportCodes.BuildsNotFound, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, problem);
                }

                return !Log.HasLoggedErrors;
            }

            List<string> lines = c.ToLines();
            ComparisonText = string.Join("\n", lines);
            foreach (string line in lines)
            {
                Log.LogMessage(MessageImportance.Normal, line);
            }

            Log.LogMessage(MessageImportance.High, "{0}: {1} -> {2}: {3}; inputs changed: {4}. Build with -v:n for the details.",
                Path.GetFileName(ProjectPath!.Trim()), c.FromIsBaseline ? "baseline" : c.From.SessionId, c.To.SessionId, BuildComparison.Line(c.Total), c.InputSummary());
            Verdict = c.Verdict;
            FromSession = c.From.SessionId ?? string.Empty;
            ToSession = c.To.SessionId ?? string.Empty;
            return !Log.HasLoggedErrors;
        }
    }

    /// <summary>
    /// Merges other history files into this one without duplicates by session id (dotnet build -t:HugoMergeHistory
    /// -p:HugoMergeHistoryFrom=other.jsonl), for two CI caches of the history that met.
    /// </summary>
    public sealed class MergeHistory : Microsoft.Build.Utilities.Task
    {
        public string? HistoryFile { get; set; }

        /// <summary>The history files to merge in (';'-separated list).</summary>
        public string[]? From { get; set; }

        [Output] public int Added { get; private set; }

        [Output] public int Duplicates { get; private set; }

        public override bool Execute()
        {
            List<string> others = (From ?? new string[0]).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).ToList();
            if (others.Count == 0)
            {
                Log.LogError(null, ReportCodes.NothingToMerge, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0,
                    "HugoMergeHistoryFrom is empty. Set it to the history file(s) to merge into HugoPerformanceHistoryFile, for example -p:HugoMergeHistoryFrom=restored/history.jsonl.");
                return false;
            }

            string target;
            try
            {
                target = HistoryStore.ResolvePath(HistoryFile);
                foreach (string o in others)
                {
                    if (!File.Exists(o))
                    {
                        Log.LogError(null, ReportCodes.NothingToMerge, null, o, 0, 0, 0, 0,
                            "The history file '{0}' to merge does not exist. Set HugoMergeHistoryFrom to existing history files; nothing was changed.", o);
                    }
                    else if (string.Equals(Path.GetFullPath(o), Path.GetFullPath(target), StringComparison.Ordinal))
                    {
                        Log.LogError(null, ReportCodes.NothingToMerge, null, o, 0, 0, 0, 0,
                            "HugoMergeHistoryFrom names the history file itself ('{0}'). Name the other copy of the history; nothing was changed.", o);
                    }
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                Log.LogError(null, ReportCodes.NothingToMerge, null, BuildEngine?.ProjectFileOfTaskNode, 0, 0, 0, 0, "A history path is not valid ({0}). Check HugoPerformanceHistoryFile and HugoMergeHistoryFrom.", ex.Message);
                return false;
            }

            if (Log.HasLoggedErrors)
            {
                return false;
            }

            try
            {
                MergeResult result = HistoryMerge.Merge(target, others, TimeSpan.FromSeconds(30));
                Added = result.Added;
                Duplicates = result.Duplicates;
                Log.LogMessage(MessageImportance.High, "Merged {0} into {1}: {2} line(s) added, {3} kept, {4} duplicate(s) left out{5}.",
                    string.Join(", ", others), target, result.Added, result.Kept, result.Duplicates,
                    result.Unreadable > 0 ? ", " + result.Unreadable + " line(s) that are not records kept as they were" : string.Empty);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogError(null, ReportCodes.MergeFailed, null, target, 0, 0, 0, 0,
                    "The histories could not be merged into '{0}': {1} The history file is unchanged; check that both files are readable and the folder writable.", target, ex.Message);
            }

            return !Log.HasLoggedErrors;
        }
    }
}
