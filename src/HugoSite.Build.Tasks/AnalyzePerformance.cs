using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a build: builds its history record, rates it against its template's thresholds, compares it with the
    /// comparable builds of the history (noise-aware), appends the record, prints the verdict and recommendations,
    /// checks budgets, and writes a Chrome trace and a GitHub step summary.
    /// </summary>
    public sealed class AnalyzePerformance : Task
    {
        /// <summary>
        /// How many recent history records are looked through for comparable builds: enough for the last 10 builds of
        /// each of dozens of sites sharing one history, few enough to parse in well under 100 ms.
        /// </summary>
        public const int HistoryWindowSize = 2000;

        // Phase state and history.
        public string? StateFile { get; set; }
        public string? HistoryFile { get; set; }
        public bool Tracking { get; set; } = true;
        public bool Report { get; set; }

        // What was built.
        public string? ProjectPath { get; set; }
        public string? Template { get; set; }
        public string? Theme { get; set; }
        public string? Components { get; set; }
        public ITaskItem[]? ComponentResults { get; set; }
        public bool Success { get; set; } = true;
        public string? ErrorMessage { get; set; }
        public bool Parallel { get; set; } = true;
        public int MaxParallelJobs { get; set; } = 4;

        // Hugo.
        public string? HugoVersion { get; set; }
        /// <summary>standard, extended or withdeploy.</summary>
        public string? HugoEdition { get; set; }
        /// <summary>executable, path or download.</summary>
        public string? HugoSource { get; set; }
        public string? HugoSourceUrl { get; set; }
        public double HugoTotalMilliseconds { get; set; }
        public double HugoPeakMemoryMb { get; set; }
        public string? HugoStatistics { get; set; }
        public int HugoExitCode { get; set; }
        public string? OutputDirectory { get; set; }

        // Cache.
        public bool CacheHit { get; set; }
        public bool CacheEnabled { get; set; }
        public string? CacheFingerprint { get; set; }
        public string? CacheMissReason { get; set; }
        public bool CacheRemoteHit { get; set; }
        public long CacheRemoteBytes { get; set; }
        public double CacheRemoteMilliseconds { get; set; }
        public long CacheUploadBytes { get; set; }
        public double CacheUploadMilliseconds { get; set; }

        // Copy.
        public int CopiedCount { get; set; }
        public int SkippedCount { get; set; }
        public int RemovedCount { get; set; }
        public long CopiedBytes { get; set; }
        public int CopyJobs { get; set; }

        public string? PackageVersion { get; set; }

        // Exports.
        public string? TraceFile { get; set; }

        /// <summary>Markdown summary file; empty = $GITHUB_STEP_SUMMARY.</summary>
        public string? StepSummaryFile { get; set; }

        // Baseline and noise.
        public int BaselineCount { get; set; } = 10;
        public int MinimumBaselineCount { get; set; } = 3;
        public double NoiseMadFactor { get; set; } = 3;
        public double NoiseFloorPercent { get; set; } = 5;
        public double NoiseFloorMilliseconds { get; set; } = 20;

        // Status thresholds.
        /// <summary>Items: ItemSpec = template; metadata Excellent, Good, Acceptable (milliseconds).</summary>
        public ITaskItem[]? Thresholds { get; set; }

        /// <summary>"excellent;good;acceptable" in milliseconds for this build's template; wins over items and built-ins.</summary>
        public string? StatusThresholds { get; set; }

        // Budgets.
        public double BudgetMilliseconds { get; set; }
        public string? PhaseBudgets { get; set; }
        public bool BudgetIsError { get; set; }

        /// <summary>"auto" (default), "true" or "false": whether messages may carry symbols.</summary>
        public string? Symbols { get; set; }

        /// <summary>EXCELLENT, GOOD, ACCEPTABLE, SLOW, CACHE-HIT, FAILED, or UNKNOWN when no phase times were found.</summary>
        [Output] public string Status { get; private set; } = string.Empty;

        /// <summary>faster, slower, within-noise or no-baseline.</summary>
        [Output] public string Verdict { get; private set; } = string.Empty;
        [Output] public double ChangePercent { get; private set; }
        /// <summary>Past this size the history file is moved aside and a fresh one started; 0 never rotates.</summary>
        public long HistoryMaxBytes { get; set; } = HistoryStore.DefaultMaxBytes;

        [Output] public double TotalMilliseconds { get; private set; }

        // Report fields.
        /// <summary>Hugo's slowest templates: RunHugo's Templates output (HugoTemplateMetrics=true).</summary>
        public ITaskItem[]? TemplateMetrics { get; set; }

        /// <summary>The fingerprint state this build started from and the one it ended with, for the record's "inputs".</summary>
        public string? PreviousInputState { get; set; }
        public string? InputState { get; set; }

        /// <summary>The HTML performance report; the step summary links to it when set.</summary>
        public string? ReportFile { get; set; }

        internal Func<string, string?> GetEnvironment { get; set; } = Environment.GetEnvironmentVariable;
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;
        internal Func<string, IHistorySource>? OpenHistory { get; set; }

        public override bool Execute()
        {
            try
            {
                Analyze();
            }
            catch (Exception e) when (!(e is OutOfMemoryException || e is StackOverflowException))
            {
                // The analysis reports on a build that already happened; a fault in it must not fail that build.
                Warn("HSB4013", null, "The performance analysis stopped unexpectedly and this build may not be recorded: " + e.GetType().Name + ": " +
                     e.Message + ". The build itself is not affected; please report this with the message.");
                Log.LogMessage(MessageImportance.Low, e.ToString());
            }

            return !Log.HasLoggedErrors;
        }

        private void Analyze()
        {
            NoiseOptions noise = ReadNoiseOptions();
            var problems = new List<string>();

            PhaseTimeline timeline = LoadPhases();
            if (timeline.TotalMs == null)
            {
                Warn("HSB4011", StateFile, "No phase times were found in '" + (StateFile ?? "(no StateFile)") +
                     "', so this build's time is unknown; it is neither rated nor recorded. Make sure RecordPhase times the 'total' phase with the same StateFile.");
                Status = !Success ? BuildStatus.Failed : CacheHit ? BuildStatus.CacheHit : BuildStatus.Unknown;
                Verdict = Verdicts.NoBaseline;
                return;
            }

            var notes = new List<string>();
            BuildRecord record = RecordFactory.Create(ToInputs(), timeline, UtcNow(), notes);
            HugoSite.Build.Tasks.Report.ReportFields.Apply(record, TemplateMetrics, PreviousInputState, InputState, CacheFingerprint, notes);
            foreach (string note in notes)
            {
                Log.LogMessage(MessageImportance.Low, note);
            }

            StatusThresholds thresholds = Analysis.StatusThresholds.Resolve(Template, ReadThresholdItems(), StatusThresholds, problems);
            foreach (string problem in problems)
            {
                Warn("HSB4008", null, "The status thresholds " + problem + " The built-in thresholds for the template are used instead.");
            }

            IHistorySource? history = null;
            HistoryWindow? window = null;
            string? notCompared = null;
            if (!Tracking)
            {
                notCompared = "performance tracking is off (HugoPerformanceTracking=false)";
            }
            else
            {
                string historyPath = string.IsNullOrWhiteSpace(HistoryFile) ? HistoryStore.DefaultPath() : HistoryFile!;
                if (IsFolder(historyPath))
                {
                    // Neither read nor append can work: one cause, one warning (not HSB4001 and HSB4002 both saying "access denied").
                    Warn("HSB4200", historyPath, "The performance history path '" + historyPath + "' is a folder, not a file, so this build is neither compared with earlier builds nor recorded. Set HugoPerformanceHistoryFile to a file, for example '"
                         + Path.Combine(historyPath, "history.jsonl") + "'.");
                    notCompared = "the history path is a folder";
                }
                else
                {
                    history = OpenHistory != null ? OpenHistory(historyPath) : new JsonlHistorySource(historyPath, ProjectPath, HistoryMaxBytes);
                    window = ReadHistory(history, out notCompared);
                }
            }

            AnalysisOutcome outcome = new PerformanceAnalyzer(noise).Analyze(record, thresholds, window, notCompared);
            record.Analysis = outcome.ToAnalysisInfo();
            AnalysisDetail.From(outcome).WriteTo(record);
            if (outcome.SavedMs.HasValue && record.Cache != null)
            {
                record.Cache.SavedMs = Math.Round(outcome.SavedMs.Value, 3);
            }

            if (history != null)
            {
                AppendRecord(history, record);
            }

            var budgetProblems = new List<string>();
            Budgets budgets = Budgets.Parse(BudgetMilliseconds, PhaseBudgets, budgetProblems);
            foreach (string problem in budgetProblems)
            {
                Warn("HSB4007", null, "The phase budget " + problem + "; it is ignored. Write HugoPerformancePhaseBudgets as 'phase=milliseconds;phase=milliseconds', for example 'hugo=2000;copy=500'.");
            }

            List<BudgetViolation> over = record.Success == true ? budgets.Check(record) : new List<BudgetViolation>();

            var writer = new ReportWriter(SymbolPolicy.DecideForConsole(Symbols));
            if (Report)
            {
                foreach (string line in writer.FullReport(record, outcome, budgets, over))
                {
                    Log.LogMessage(MessageImportance.High, line);
                }
            }
            else
            {
                Log.LogMessage(MessageImportance.High, writer.SummaryLine(record, outcome));
                foreach (Recommendation tip in outcome.Recommendations)
                {
                    Log.LogMessage(MessageImportance.Normal, writer.Text("Recommendation: " + tip.Text));
                }
            }

            ReportRegression(outcome, writer);
            ReportBudgets(over);

            if (Tracking)
            {
                WriteTrace(record, timeline);
                WriteStepSummary(record, outcome);
            }

            Status = outcome.Status;
            Verdict = outcome.Comparison.Verdict;
            ChangePercent = outcome.Comparison.ChangePercent ?? 0;
            TotalMilliseconds = record.TotalMs;
        }

        private NoiseOptions ReadNoiseOptions()
        {
            var noise = new NoiseOptions();
            if (BaselineCount >= 1)
            {
                noise.BaselineCount = BaselineCount;
            }
            else
            {
                Warn("HSB4012", null, "HugoPerformanceBaselineCount=" + BaselineCount + " must be 1 or more; " + noise.BaselineCount + " is used.");
            }

            if (MinimumBaselineCount >= 1)
            {
                noise.MinimumBaselineCount = Math.Min(MinimumBaselineCount, noise.BaselineCount);
            }
            else
            {
                Warn("HSB4012", null, "HugoPerformanceMinimumBaselineCount=" + MinimumBaselineCount + " must be 1 or more; " +
                     noise.MinimumBaselineCount + " is used.");
                noise.MinimumBaselineCount = Math.Min(noise.MinimumBaselineCount, noise.BaselineCount);
            }

            noise.MadFactor = NonNegative(NoiseMadFactor, noise.MadFactor, "HugoPerformanceNoiseMadFactor");
            noise.FloorPercent = NonNegative(NoiseFloorPercent, noise.FloorPercent, "HugoPerformanceNoiseFloorPercent");
            noise.FloorMs = NonNegative(NoiseFloorMilliseconds, noise.FloorMs, "HugoPerformanceNoiseFloorMs");
            return noise;
        }

        private double NonNegative(double value, double fallback, string property)
        {
            if (value >= 0 && !double.IsInfinity(value) && !double.IsNaN(value))
            {
                return value;
            }

            Warn("HSB4012", null, property + "=" + value.ToString(CultureInfo.InvariantCulture) + " must be 0 or more; " +
                 fallback.ToString(CultureInfo.InvariantCulture) + " is used.");
            return fallback;
        }

        private PhaseTimeline LoadPhases()
        {
            if (string.IsNullOrWhiteSpace(StateFile))
            {
                return PhaseTimeline.From(new PhaseStore());
            }

            try
            {
                return PhaseTimeline.From(PhaseStore.Load(StateFile!));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                Log.LogMessage(MessageImportance.Low, "The phase state '" + StateFile + "' could not be read: " + e.Message);
                return PhaseTimeline.From(new PhaseStore());
            }
        }

        private HistoryWindow? ReadHistory(IHistorySource history, out string? notCompared)
        {
            notCompared = null;
            try
            {
                HistoryWindow window = history.ReadRecent(HistoryWindowSize);
                if (window.Skipped > 0)
                {
                    Warn("HSB4003", history.Location, window.Skipped + Format.Plural(window.Skipped, " line", " lines") + " of the performance history '" +
                         history.Location + "' could not be read and " + Format.Plural(window.Skipped, "was", "were") +
                         " skipped (for example a line cut short by a build that was killed). The other lines are used; remove the broken " +
                         Format.Plural(window.Skipped, "line", "lines") + " to silence this warning.");
                }

                return window;
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn("HSB4001", history.Location, "The performance history '" + history.Location + "' could not be read (" + e.Message +
                     "), so this build is not compared with earlier ones. Check the file's permissions, or set HugoPerformanceHistoryFile to a readable file.");
                notCompared = "the history could not be read";
                return null;
            }
        }

        private void AppendRecord(IHistorySource history, BuildRecord record)
        {
            try
            {
                history.Append(record);
                Log.LogMessage(MessageImportance.Low, "Appended this build's record to " + history.Location + ".");
            }
            catch (History.LockedFile.ReadOnlyException e)
            {
                Warn("HSB4002", history.Location, "This build could not be added to the performance history: " + e.Message +
                     ". The build itself is fine. Set HugoPerformanceHistoryFile to a file on a writable disk, or HugoPerformanceTracking=false.");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn("HSB4002", history.Location, "This build could not be added to the performance history '" + history.Location + "' (" + e.Message +
                     "); the build itself is fine. Check that the folder is writable, set HugoPerformanceHistoryFile to another file, or HugoPerformanceTracking=false.");
            }
        }

        private void ReportRegression(AnalysisOutcome outcome, ReportWriter writer)
        {
            if (!outcome.IsRegression)
            {
                return;
            }

            BaselineComparison c = outcome.Comparison;
            string phase = ChangeWording.DescribeChangePhase(outcome.ChangePhase);
            Warn("HSB4004", null, writer.Text("Performance regression: this build was " + ChangeWording.Describe(c) + " (" +
                 Format.SignedDuration(c.ChangeMs ?? 0) + " against " + Format.Duration(c.MedianMs ?? 0) + ", beyond the noise band of ±" +
                 Format.Duration(c.NoiseBandMs ?? 0) + ")" + (phase.Length > 0 ? ", " + phase : string.Empty) +
                 ". Look at what changed in that phase; -p:HugoPerformanceReport=true prints the full report."));
        }

        private void ReportBudgets(List<BudgetViolation> over)
        {
            foreach (BudgetViolation v in over)
            {
                string code = v.IsTotal ? "HSB4005" : "HSB4006";
                string what = v.IsTotal ? "The build took " : "The " + v.Phase + " phase took ";
                string property = v.IsTotal ? "HugoPerformanceBudgetMs" : "HugoPerformancePhaseBudgets";
                string message = what + Format.Duration(v.ActualMs) + ", over its budget of " + Format.Duration(v.BudgetMs) + " (" + property +
                                 "). Make it faster or raise the budget" +
                                 (BudgetIsError ? "; HugoPerformanceBudgetIsError=true makes this an error." : ".");
                if (BudgetIsError)
                {
                    Log.LogError(null, code, null, null, 0, 0, 0, 0, message);
                }
                else
                {
                    Warn(code, null, message);
                }
            }
        }

        private void WriteTrace(BuildRecord record, PhaseTimeline timeline)
        {
            if (string.IsNullOrWhiteSpace(TraceFile))
            {
                return;
            }

            try
            {
                ChromeTrace.Write(TraceFile!, record, timeline);
                Log.LogMessage(MessageImportance.Normal, "Build trace written to " + TraceFile + " (open it in https://ui.perfetto.dev or https://www.speedscope.app).");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn("HSB4009", TraceFile, "The build trace '" + TraceFile + "' could not be written (" + e.Message + "). Check that the folder is writable.");
            }
        }

        private void WriteStepSummary(BuildRecord record, AnalysisOutcome outcome)
        {
            string? path = string.IsNullOrWhiteSpace(StepSummaryFile) ? GetEnvironment("GITHUB_STEP_SUMMARY") : StepSummaryFile;
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            try
            {
                string? written = StepSummary.Append(path!, record, outcome, ReportFile);
                Log.LogMessage(MessageImportance.Low, written == null
                    ? "The step summary '" + path + "' is close to GitHub's 1 MiB limit; this build's summary was left out."
                    : "Appended the build summary (" + written + ") to " + path + ".");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn("HSB4010", path, "The step summary '" + path + "' could not be written (" + e.Message + "). The build is not affected.");
            }
        }

        private BuildInputs ToInputs()
        {
            return new BuildInputs
            {
                ProjectPath = ProjectPath,
                Template = Template,
                Theme = Theme,
                Components = Components,
                ComponentResults = ToTimings(ComponentResults),
                Success = Success,
                ErrorMessage = ErrorMessage,
                Parallel = Parallel,
                MaxParallelJobs = MaxParallelJobs,
                HugoVersion = HugoVersion,
                HugoEdition = HugoEdition,
                HugoSource = HugoSource,
                HugoSourceUrl = HugoSourceUrl,
                HugoTotalMs = HugoTotalMilliseconds,
                HugoPeakMemoryMb = HugoPeakMemoryMb,
                HugoStatistics = HugoStatistics,
                HugoExitCode = HugoExitCode,
                OutputDirectory = OutputDirectory,
                CacheHit = CacheHit,
                CacheEnabled = CacheEnabled,
                CacheFingerprint = CacheFingerprint,
                CacheMissReason = CacheMissReason,
                CacheRemoteHit = CacheRemoteHit,
                CacheRemoteBytes = CacheRemoteBytes,
                CacheRemoteMs = CacheRemoteMilliseconds,
                CacheUploadBytes = CacheUploadBytes,
                CacheUploadMs = CacheUploadMilliseconds,
                CopiedCount = CopiedCount,
                SkippedCount = SkippedCount,
                RemovedCount = RemovedCount,
                CopiedBytes = CopiedBytes,
                CopyJobs = CopyJobs,
                PackageVersion = PackageVersion,
            };
        }

        private static List<ComponentTiming> ToTimings(ITaskItem[]? items)
        {
            var timings = new List<ComponentTiming>();
            foreach (ITaskItem item in items ?? new ITaskItem[0])
            {
                timings.Add(ToTiming(item));
            }

            return timings;
        }

        private static ComponentTiming ToTiming(ITaskItem item)
        {
            return new ComponentTiming
            {
                Name = item.ItemSpec,
                DurationMs = ParseDouble(item.GetMetadata("DurationMs")) ?? 0,
                ExitCode = int.TryParse(item.GetMetadata("ExitCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : (int?)null,
                Result = string.IsNullOrEmpty(item.GetMetadata("Result")) ? null : item.GetMetadata("Result"),
                StartOffsetMs = ParseDouble(item.GetMetadata("StartOffsetMs")),
            };
        }

        private IEnumerable<ThresholdOverride> ReadThresholdItems()
        {
            var overrides = new List<ThresholdOverride>();
            foreach (ITaskItem i in Thresholds ?? new ITaskItem[0])
            {
                overrides.Add(new ThresholdOverride(i.ItemSpec, i.GetMetadata("Excellent"), i.GetMetadata("Good"), i.GetMetadata("Acceptable")));
            }

            return overrides;
        }

        private static double? ParseDouble(string text)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value) && !double.IsInfinity(value)
                ? value
                : (double?)null;
        }

        private static bool IsFolder(string path)
        {
            try
            {
                return Directory.Exists(Path.GetFullPath(path));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is IOException)
            {
                return false;
            }
        }

        private static bool IsFileProblem(Exception e)
        {
            return e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException ||
                   e is System.Security.SecurityException;
        }

        private void Warn(string code, string? file, string message)
        {
            Log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
        }
    }
}
