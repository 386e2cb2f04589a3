using System;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Everything the targets hand the analysis: the facts of the build (which <see cref="RecordFactory"/> turns into its
    /// history record) and the analysis's settings. These are AnalyzePerformance's parameters (the task derives from this
    /// class), so each is declared once; tests and <see cref="BuildRecorder"/> use them without MSBuild.
    /// </summary>
    public class AnalysisInputs
    {
        // Phase state and history.
        public string? StateFile { get; set; }
        public string? HistoryFile { get; set; }
        /// <summary>Past this size the history file is moved aside and a fresh one started; 0 never rotates.</summary>
        public long HistoryMaxBytes { get; set; } = HistoryStore.DefaultMaxBytes;
        public bool Tracking { get; set; } = true;
        public bool Report { get; set; }

        // What was built.
        public string? ProjectPath { get; set; }
        public string? Template { get; set; }
        public string? Theme { get; set; }
        /// <summary>The configured components, ';'-separated.</summary>
        public string? Components { get; set; }
        /// <summary>InitComponents' results: ItemSpec the component; DurationMs, ExitCode, Result, StartOffsetMs.</summary>
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
        /// <summary>Hugo's statistics as "pages=34;static_files=3;aliases=2".</summary>
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

        // Report fields.
        /// <summary>Hugo's slowest templates: RunHugo's Templates output (HugoTemplateMetrics=true).</summary>
        public ITaskItem[]? TemplateMetrics { get; set; }

        /// <summary>The fingerprint state this build started from and the one it ended with, for the record's "inputs".</summary>
        public string? PreviousInputState { get; set; }
        public string? InputState { get; set; }

        // Exports.
        public string? TraceFile { get; set; }

        /// <summary>Markdown summary file; empty = $GITHUB_STEP_SUMMARY.</summary>
        public string? StepSummaryFile { get; set; }

        /// <summary>The HTML performance report; the step summary links to it when set.</summary>
        public string? ReportFile { get; set; }

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

        internal Func<string, string?> GetEnvironment { get; set; } = Environment.GetEnvironmentVariable;
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;
        internal Func<string, IHistorySource>? OpenHistory { get; set; }
    }
}
