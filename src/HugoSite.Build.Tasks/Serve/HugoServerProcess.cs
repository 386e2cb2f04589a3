using System;
using System.Collections.Generic;
using System.Threading;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>
    /// One `hugo server` process. On Unix it starts in a process group of its own (setsid), so a Ctrl+C in the
    /// terminal reaches MSBuild, which stops it (and anything it started) through <see cref="Stop"/>, never half way.
    /// </summary>
    internal sealed class HugoServerProcess : IDisposable
    {
        private const string ReadyMarker = "Web Server is available at";

        /// <summary>Runs "$@" (Hugo) with stdin closed; when this shell's stdin (a pipe from MSBuild) ends, Hugo is stopped.</summary>
        private const string Watchdog = "exec 3<&0; \"$@\" </dev/null & c=$!; (read _ <&3; kill $c 2>/dev/null) & w=$!; wait $c; s=$?; kill $w 2>/dev/null; exit $s";

        private readonly ManualResetEventSlim _ready = new ManualResetEventSlim(false);
        private readonly List<string> _early = new List<string>();
        private readonly ChildProcess _process;
        private int _stopped;

        public HugoServerProcess(string executable, IReadOnlyList<string> arguments, string workingDirectory, Action<string> onLine)
        {
            // In a process group of its own, under a small shell that also stops Hugo when this process dies without
            // cancelling (killed): the shell's stdin is a pipe from here, which closes then.
            var launch = ChildProcess.CanStartOwnGroup
                ? new ProcessLaunch("/bin/sh", new[] { "-c", Watchdog, "hugo-server", executable }) { OwnProcessGroup = true }
                : new ProcessLaunch(executable, Array.Empty<string>());
            launch.Arguments.AddRange(arguments);
            launch.WorkingDirectory = workingDirectory;
            launch.KeepInputOpen = true;
            _process = ChildProcess.Start(launch, (line, _) =>
            {
                Note(line);
                onLine(line);
            });
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        /// <summary>The first lines Hugo printed, for the error when it does not come up.</summary>
        public string EarlyOutput
        {
            get
            {
                lock (_early)
                {
                    return string.Join(Environment.NewLine, _early);
                }
            }
        }

        /// <summary>Waits until Hugo says it serves; false when it exited first or the time ran out.</summary>
        public bool WaitUntilServing(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                if (_ready.Wait(50))
                {
                    return true;
                }

                if (HasExited)
                {
                    // The last lines may still be in the pipe.
                    _process.WaitForOutput(TimeSpan.FromMilliseconds(500));
                    return _ready.IsSet;
                }
            }

            return _ready.IsSet;
        }

        /// <summary>Stops Hugo and its whole process tree, and waits (briefly) until it is gone.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            if (!HasExited)
            {
                _process.Kill();
            }

            _process.WaitForExit(2000);
            _process.WaitForOutput(TimeSpan.FromMilliseconds(500));
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
            _ready.Dispose();
        }

        private void Note(string line)
        {
            if (line.IndexOf(ReadyMarker, StringComparison.Ordinal) >= 0)
            {
                _ready.Set();
            }

            lock (_early)
            {
                if (_early.Count < 40)
                {
                    _early.Add(line);
                }
            }
        }
    }
}
