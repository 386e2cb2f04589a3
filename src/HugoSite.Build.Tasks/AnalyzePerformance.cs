using System;
using HugoSite.Build.Tasks.Analysis;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a build: records it (<see cref="BuildRecorder"/>: the history record, appended to the history, rated and
    /// compared with comparable past builds). Its parameters are <see cref="AnalysisInputs"/>, declared there once.
    /// </summary>
    public sealed class AnalyzePerformance : AnalysisInputs, ITask
    {
        public IBuildEngine? BuildEngine { get; set; }

        public ITaskHost? HostObject { get; set; }

        /// <summary>EXCELLENT, GOOD, ACCEPTABLE, SLOW, CACHE-HIT, FAILED, or UNKNOWN when no phase times were found.</summary>
        [Output] public string Status { get; private set; } = string.Empty;

        /// <summary>faster, slower, within-noise or no-baseline.</summary>
        [Output] public string Verdict { get; private set; } = string.Empty;

        [Output] public double ChangePercent { get; private set; }

        [Output] public double TotalMilliseconds { get; private set; }

        public bool Execute()
        {
            var log = new TaskLoggingHelper(this);
            try
            {
                AnalysisResult result = new BuildRecorder(this, log).Run();
                (Status, Verdict, ChangePercent, TotalMilliseconds) = (result.Status, result.Verdict, result.ChangePercent, result.TotalMilliseconds);
            }
            catch (Exception e) when (!(e is OutOfMemoryException || e is StackOverflowException))
            {
                // The analysis reports on a build that already happened; a fault in it must not fail that build.
                log.LogWarning(null, AnalysisCodes.Failed, null, null, 0, 0, 0, 0, "The performance analysis stopped unexpectedly and this build may not be recorded: " +
                               e.GetType().Name + ": " + e.Message + ". The build itself is not affected; please report this with the message.");
                log.LogMessage(MessageImportance.Low, e.ToString());
            }

            return !log.HasLoggedErrors;
        }
    }
}
