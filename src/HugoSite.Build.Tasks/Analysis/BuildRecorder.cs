using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>What the analysis concluded, for the task's outputs.</summary>
    public sealed record AnalysisResult(string Status, string Verdict, double ChangePercent, double TotalMilliseconds);

    /// <summary>
    /// Records a finished build: builds its history record, rates it against its template's thresholds, compares it with
    /// the comparable builds of the history (noise-aware), appends the record, prints the verdict and recommendations,
    /// checks budgets, and writes a Chrome trace and a GitHub step summary.
    /// </summary>
    public sealed class BuildRecorder
    {
        /// <summary>
        /// How many recent history records are looked through for comparable builds: enough for the last 10 builds of
        /// each of dozens of sites sharing one history, few enough to parse in well under 100 ms.
        /// </summary>
        public const int HistoryWindowSize = 2000;

        private readonly AnalysisInputs _in;
        private readonly TaskLoggingHelper _log;

        public BuildRecorder(AnalysisInputs inputs, TaskLoggingHelper log)
        {
            _in = inputs;
            _log = log;
        }

        /// <summary>Analyzes the build and appends its record; warnings and messages go to the log.</summary>
        public AnalysisResult Run()
        {
            NoiseOptions noise = ReadNoiseOptions();
            var problems = new List<string>();

            PhaseTimeline timeline = LoadPhases();
            if (timeline.TotalMs == null)
            {
                Warn(AnalysisCodes.NoPhaseTimes, _in.StateFile, "No phase times were found in '" + (_in.StateFile ?? "(no StateFile)") +
                     "', so this build's time is unknown; it is neither rated nor recorded. Make sure RecordPhase times the 'total' phase with the same StateFile.");
                return new AnalysisResult(!_in.Success ? BuildStatus.Failed : _in.CacheHit ? BuildStatus.CacheHit : BuildStatus.Unknown, Verdicts.NoBaseline, 0, 0);
            }

            var notes = new List<string>();
            BuildRecord record = RecordFactory.Create(_in, timeline, notes);
            foreach (string note in notes)
            {
                _log.LogMessage(MessageImportance.Low, note);
            }

            StatusThresholds thresholds = Analysis.StatusThresholds.Resolve(_in.Template, ReadThresholdItems(), _in.StatusThresholds, problems);
            foreach (string problem in problems)
            {
                Warn(AnalysisCodes.InvalidThreshold, null, "The status thresholds " + problem + " The built-in thresholds for the template are used instead.");
            }

            IHistorySource? history = null;
            HistoryWindow? window = null;
            string? notCompared = null;
            if (!_in.Tracking)
            {
                notCompared = "performance tracking is off (HugoPerformanceTracking=false)";
            }
            else
            {
                string historyPath = string.IsNullOrWhiteSpace(_in.HistoryFile) ? HistoryStore.DefaultPath() : _in.HistoryFile!;
                if (IsFolder(historyPath))
                {
                    // Neither read nor append can work: one cause, one warning (not HSB4001 and HSB4002 both saying "access denied").
                    Warn(AnalysisCodes.HistoryIsAFolder, historyPath, "The performance history path '" + historyPath + "' is a folder, not a file, so this build is neither compared with earlier builds nor recorded. Set HugoPerformanceHistoryFile to a file, for example '"
                         + Path.Combine(historyPath, "history.jsonl") + "'.");
                    notCompared = "the history path is a folder";
                }
                else
                {
                    history = _in.OpenHistory != null ? _in.OpenHistory(historyPath) : new JsonlHistorySource(historyPath, _in.ProjectPath, _in.HistoryMaxBytes);
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
            Budgets budgets = Budgets.Parse(_in.BudgetMilliseconds, _in.PhaseBudgets, budgetProblems);
            foreach (string problem in budgetProblems)
            {
                Warn(AnalysisCodes.InvalidPhaseBudget, null, "The phase budget " + problem + "; it is ignored. Write HugoPerformancePhaseBudgets as 'phase=milliseconds;phase=milliseconds', for example 'hugo=2000;copy=500'.");
            }

            List<BudgetViolation> over = record.Success == true ? budgets.Check(record) : new List<BudgetViolation>();

            var writer = new ReportWriter(SymbolPolicy.DecideForConsole(_in.Symbols));
            if (_in.Report)
            {
                foreach (string line in writer.FullReport(record, outcome, budgets, over))
                {
                    _log.LogMessage(MessageImportance.High, line);
                }
            }
            else
            {
                _log.LogMessage(MessageImportance.High, writer.SummaryLine(record, outcome));
                foreach (Recommendation tip in outcome.Recommendations)
                {
                    _log.LogMessage(MessageImportance.Normal, writer.Text("Recommendation: " + tip.Text));
                }
            }

            ReportRegression(outcome, writer);
            ReportBudgets(over);

            if (_in.Tracking)
            {
                WriteTrace(record, timeline);
                WriteStepSummary(record, outcome);
            }

            return new AnalysisResult(outcome.Status, outcome.Comparison.Verdict, outcome.Comparison.ChangePercent ?? 0, record.TotalMs);
        }

        private NoiseOptions ReadNoiseOptions()
        {
            var noise = new NoiseOptions();
            noise.BaselineCount = AtLeastOne(_in.BaselineCount, noise.BaselineCount, "HugoPerformanceBaselineCount");
            noise.MinimumBaselineCount = AtLeastOne(_in.MinimumBaselineCount, noise.MinimumBaselineCount, "HugoPerformanceMinimumBaselineCount");
            noise.MinimumBaselineCount = Math.Min(noise.MinimumBaselineCount, noise.BaselineCount);
            noise.MadFactor = NonNegative(_in.NoiseMadFactor, noise.MadFactor, "HugoPerformanceNoiseMadFactor");
            noise.FloorPercent = NonNegative(_in.NoiseFloorPercent, noise.FloorPercent, "HugoPerformanceNoiseFloorPercent");
            noise.FloorMs = NonNegative(_in.NoiseFloorMilliseconds, noise.FloorMs, "HugoPerformanceNoiseFloorMs");
            return noise;
        }

        private int AtLeastOne(int value, int fallback, string property)
        {
            if (value >= 1)
            {
                return value;
            }

            Warn(AnalysisCodes.InvalidSetting, null, property + "=" + value + " must be 1 or more; " + fallback + " is used.");
            return fallback;
        }

        private double NonNegative(double value, double fallback, string property)
        {
            if (value >= 0 && !double.IsInfinity(value) && !double.IsNaN(value))
            {
                return value;
            }

            Warn(AnalysisCodes.InvalidSetting, null, property + "=" + value.ToString(CultureInfo.InvariantCulture) + " must be 0 or more; " +
                 fallback.ToString(CultureInfo.InvariantCulture) + " is used.");
            return fallback;
        }

        private PhaseTimeline LoadPhases()
        {
            if (string.IsNullOrWhiteSpace(_in.StateFile))
            {
                return PhaseTimeline.From(new PhaseStore());
            }

            try
            {
                return PhaseTimeline.From(PhaseStore.Load(_in.StateFile!));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                _log.LogMessage(MessageImportance.Low, "The phase state '" + _in.StateFile + "' could not be read: " + e.Message);
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
                    Warn(AnalysisCodes.LinesSkipped, history.Location, window.Skipped + Format.Plural(window.Skipped, " line", " lines") + " of the performance history '" +
                         history.Location + "' could not be read and " + Format.Plural(window.Skipped, "was", "were") +
                         " skipped (for example a line cut short by a build that was killed). The other lines are used; remove the broken " +
                         Format.Plural(window.Skipped, "line", "lines") + " to silence this warning.");
                }

                return window;
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn(AnalysisCodes.HistoryUnreadable, history.Location, "The performance history '" + history.Location + "' could not be read (" + e.Message +
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
                _log.LogMessage(MessageImportance.Low, "Appended this build's record to " + history.Location + ".");
            }
            catch (History.LockedFile.ReadOnlyException e)
            {
                Warn(AnalysisCodes.NotAppended, history.Location, "This build could not be added to the performance history: " + e.Message +
                     ". The build itself is fine. Set HugoPerformanceHistoryFile to a file on a writable disk, or HugoPerformanceTracking=false.");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn(AnalysisCodes.NotAppended, history.Location, "This build could not be added to the performance history '" + history.Location + "' (" + e.Message +
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
            Warn(AnalysisCodes.Regression, null, writer.Text("Performance regression: this build was " + ChangeWording.Describe(c) + " (" +
                 Format.SignedDuration(c.ChangeMs ?? 0) + " against " + Format.Duration(c.MedianMs ?? 0) + ", beyond the noise band of ±" +
                 Format.Duration(c.NoiseBandMs ?? 0) + ")" + ChangeWording.ChangePhaseClause(outcome.ChangePhase) +
                 ". Look at what changed in that phase; -p:HugoPerformanceReport=true prints the full report."));
        }

        private void ReportBudgets(List<BudgetViolation> over)
        {
            foreach (BudgetViolation v in over)
            {
                string code = v.IsTotal ? AnalysisCodes.OverBudget : AnalysisCodes.PhaseOverBudget;
                string what = v.IsTotal ? "The build took " : "The " + v.Phase + " phase took ";
                string property = v.IsTotal ? "HugoPerformanceBudgetMs" : "HugoPerformancePhaseBudgets";
                string message = what + Format.Duration(v.ActualMs) + ", over its budget of " + Format.Duration(v.BudgetMs) + " (" + property +
                                 "). Make it faster or raise the budget" +
                                 (_in.BudgetIsError ? "; HugoPerformanceBudgetIsError=true makes this an error." : ".");
                if (_in.BudgetIsError)
                {
                    _log.LogError(null, code, null, null, 0, 0, 0, 0, message);
                }
                else
                {
                    Warn(code, null, message);
                }
            }
        }

        private void WriteTrace(BuildRecord record, PhaseTimeline timeline)
        {
            if (string.IsNullOrWhiteSpace(_in.TraceFile))
            {
                return;
            }

            try
            {
                ChromeTrace.Write(_in.TraceFile!, record, timeline);
                _log.LogMessage(MessageImportance.Normal, "Build trace written to " + _in.TraceFile + " (open it in https://ui.perfetto.dev or https://www.speedscope.app).");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn(AnalysisCodes.TraceNotWritten, _in.TraceFile, "The build trace '" + _in.TraceFile + "' could not be written (" + e.Message + "). Check that the folder is writable.");
            }
        }

        private void WriteStepSummary(BuildRecord record, AnalysisOutcome outcome)
        {
            string? path = string.IsNullOrWhiteSpace(_in.StepSummaryFile) ? _in.GetEnvironment("GITHUB_STEP_SUMMARY") : _in.StepSummaryFile;
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            try
            {
                string? written = StepSummary.Append(path!, record, outcome, _in.ReportFile);
                _log.LogMessage(MessageImportance.Low, written == null
                    ? "The step summary '" + path + "' is close to GitHub's 1 MiB limit; this build's summary was left out."
                    : "Appended the build summary (" + written + ") to " + path + ".");
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                Warn(AnalysisCodes.StepSummaryNotWritten, path, "The step summary '" + path + "' could not be written (" + e.Message + "). The build is not affected.");
            }
        }

        private IEnumerable<ThresholdOverride> ReadThresholdItems()
        {
            var overrides = new List<ThresholdOverride>();
            foreach (ITaskItem i in _in.Thresholds ?? new ITaskItem[0])
            {
                overrides.Add(new ThresholdOverride(i.ItemSpec, i.GetMetadata("Excellent"), i.GetMetadata("Good"), i.GetMetadata("Acceptable")));
            }

            return overrides;
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
            _log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
        }
    }
}
