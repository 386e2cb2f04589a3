using System.Collections.Generic;
using System.Threading;
using HugoSite.Build.Tasks.Components;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The components phase (<see cref="ComponentPhase"/>: overlay every component's files, then run the init commands
    /// in dependency order). Tests and the preview run it without MSBuild, as a plain object.
    /// </summary>
    public sealed class InitComponents : ICancelableTask
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        public IBuildEngine? BuildEngine { get; set; }

        public ITaskHost? HostObject { get; set; }

        /// <summary>The components; ItemSpec is the name, metadata overrides the folder's component.json.</summary>
        [Required] public ITaskItem[] Components { get; set; } = new ITaskItem[0];
        /// <summary>The work folder the site is composed in (HUGO_WORK_DIR, and the default working folder).</summary>
        [Required] public string WorkDirectory { get; set; } = string.Empty;
        public string Template { get; set; } = string.Empty;
        public string Theme { get; set; } = string.Empty;
        /// <summary>The site project's folder (HUGO_SITE_DIR); relative SourceFolder values are relative to it.</summary>
        public string SiteDirectory { get; set; } = string.Empty;
        /// <summary>Where a component without SourceFolder metadata is looked for (default: SiteDirectory/components).</summary>
        public string ComponentsDirectory { get; set; } = string.Empty;
        public int MaxParallelJobs { get; set; } = 4;
        /// <summary>False runs one component at a time, in dependency order.</summary>
        public bool Parallel { get; set; } = true;
        /// <summary>True lets the other components finish after one fails (the build still fails).</summary>
        public bool ContinueOnComponentFailure { get; set; }
        /// <summary>Time-out for components that set none; 0 = no time-out.</summary>
        public double DefaultTimeoutSeconds { get; set; }
        /// <summary>When set, only these components' commands run; the others' files are still overlaid (the preview re-runs what changed).</summary>
        internal ICollection<string>? RunOnly { get; set; }

        /// <summary>
        /// One item per component, in the order given: metadata Result (Succeeded|Failed|TimedOut|Cancelled|NotStarted),
        /// ExitCode (-1 when no exit code), DurationMs, StartOffsetMs (from the start of the task; -1 when not started),
        /// FirstOutputMs (start to first output line; empty when none), AlwaysRun.
        /// </summary>
        [Output]
        public ITaskItem[] Results { get; set; } = new ITaskItem[0];

        public void Cancel() => _cancellation.Cancel();

        public bool Execute()
        {
            var log = new TaskLoggingHelper(this);
            Results = new ComponentPhase(this, log).Run(_cancellation.Token);
            return !log.HasLoggedErrors && !_cancellation.IsCancellationRequested;
        }
    }
}
