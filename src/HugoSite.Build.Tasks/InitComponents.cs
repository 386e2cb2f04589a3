using System.Threading;
using HugoSite.Build.Tasks.Components;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The components phase (<see cref="ComponentPhase"/>: overlay every component's files, then run the init commands
    /// in dependency order). Its parameters are <see cref="ComponentInputs"/>, declared there once.
    /// </summary>
    public sealed class InitComponents : ComponentInputs, ICancelableTask
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        public IBuildEngine? BuildEngine { get; set; }

        public ITaskHost? HostObject { get; set; }

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
