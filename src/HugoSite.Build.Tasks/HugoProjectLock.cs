using System;
using System.Globalization;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Output;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// One build per project folder. <c>Acquire</c> takes obj/hugo/build.lock (waiting, with a message, at most
    /// <see cref="TimeoutSeconds"/>), then deals with what an interrupted build left: a Hugo it started that still
    /// runs is stopped, a publish it did not finish is undone or finished. <c>Release</c> lets go; MSBuild also
    /// releases the lock at the end of the build however the build ends, and the operating system when the process
    /// ends. Always runs inside the build node (never in a task host): a lock lives as long as the process holding it.
    /// </summary>
    public sealed class HugoProjectLock : Microsoft.Build.Utilities.Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>Acquire or Release.</summary>
        [Required] public string Action { get; set; } = string.Empty;

        /// <summary>obj/hugo.</summary>
        [Required] public string IntermediateDirectory { get; set; } = string.Empty;

        /// <summary>The build's session id, for the waiting build's message.</summary>
        public string? Session { get; set; }

        /// <summary>How long to wait for another build of this project; 0: no limit.</summary>
        public int TimeoutSeconds { get; set; } = 600;

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            string intermediate = Path.GetFullPath(IntermediateDirectory);
            string path = Path.Combine(intermediate, ProjectLock.FileName);
            string key = "HugoSite.Build.ProjectLock|" + path;
            var engine = BuildEngine as IBuildEngine4;
            if (string.Equals(Action, "Release", StringComparison.OrdinalIgnoreCase))
            {
                (engine?.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) as IDisposable)?.Dispose();
                return true;
            }

            if (!string.Equals(Action, "Acquire", StringComparison.OrdinalIgnoreCase))
            {
                Log.LogError(null, OutputCodes.InvalidLockAction, null, null, 0, 0, 0, 0, "HugoProjectLock's Action is '" + Action + "'. Use Acquire or Release.");
                return false;
            }

            // An earlier build of this project in this same process that never released (it failed before the end):
            // this process runs one build of a project at a time, so that build is over.
            (engine?.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) as IDisposable)?.Dispose();

            TimeSpan? timeout = TimeoutSeconds > 0 ? TimeSpan.FromSeconds(TimeoutSeconds) : (TimeSpan?)null;
            ProjectLock? held;
            try
            {
                held = ProjectLock.Acquire(path, Session ?? string.Empty, timeout,
                    holder => Log.LogMessage(MessageImportance.High,
                        "Waiting for another build of this project to finish ({0}; lock {1}).", holder, path),
                    _cancel.Token);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(null, OutputCodes.LockNotCreated, null, path, 0, 0, 0, 0,
                    "The project lock '" + path + "' could not be created: " + e.Message + " Make the intermediate folder (obj/) writable.");
                return false;
            }

            if (held == null)
            {
                if (_cancel.IsCancellationRequested)
                {
                    return false;
                }

                Log.LogError(null, OutputCodes.LockTimedOut, null, path, 0, 0, 0, 0,
                    "Another build of this project (" + ProjectLock.Holder(path) + ") did not finish within " + TimeoutSeconds.ToString(CultureInfo.InvariantCulture) +
                    " seconds. Nothing was changed. Wait for it or stop it, or raise HugoLockTimeoutSeconds (0: wait as long as it takes).");
                return false;
            }

            engine?.RegisterTaskObject(key, held, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return Recover(intermediate);
        }

        private bool Recover(string intermediate)
        {
            int hugo = HugoProcessRecord.StopLeftover(intermediate);
            if (hugo != 0)
            {
                Log.LogWarning(null, OutputCodes.StaleHugoStopped, null, null, 0, 0, 0, 0,
                    "An earlier build of this project was interrupted while Hugo ran; that Hugo (process {0}) was still running and has been stopped. This build starts from the previous site.",
                    hugo.ToString(CultureInfo.InvariantCulture));
            }

            try
            {
                string? recovered = OutputPublisher.Recover(intermediate);
                if (recovered != null)
                {
                    Log.LogWarning(null, OutputCodes.PublishReplayed, null, null, 0, 0, 0, 0,
                        "An earlier build of this project was interrupted while it replaced the site; {0}, with your own files in it. This build goes on from there.", recovered);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(null, OutputCodes.PublishNotUndone, null, intermediate, 0, 0, 0, 0,
                    "An earlier build of this project was interrupted while it replaced the site, and that could not be undone: " + e.Message +
                    " Nothing else was changed. What it moved is listed in '" + Path.Combine(intermediate, OutputPublisher.JournalName) + "' (from, tab, to); make the folders writable and build again.");
                return false;
            }

            return true;
        }
    }
}
