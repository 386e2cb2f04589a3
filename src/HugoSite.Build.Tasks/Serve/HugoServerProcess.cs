using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.Hugo;

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

        private readonly Process _process;
        private readonly bool _ownGroup;
        private readonly ManualResetEventSlim _ready = new ManualResetEventSlim(false);
        private readonly List<string> _early = new List<string>();
        private readonly Thread _stdout;
        private readonly Thread _stderr;
        private int _stopped;

        private HugoServerProcess(Process process, bool ownGroup, Action<string> onLine)
        {
            _process = process;
            _ownGroup = ownGroup;
            Action<string> each = line =>
            {
                Note(line);
                onLine(line);
            };
            _stdout = Read(process.StandardOutput, each);
            _stderr = Read(process.StandardError, each);
        }

        public int Id => _process.Id;

        public bool HasExited
        {
            get
            {
                try
                {
                    return _process.HasExited;
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }

        public int ExitCode => HasExited ? _process.ExitCode : -1;

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

        public static HugoServerProcess Start(string executable, IReadOnlyList<string> arguments, string workingDirectory, Action<string> onLine)
        {
            string? setsid = ShellCommand.SetsidPath;
            bool ownGroup = !Compat.PathCompat.IsWindows && setsid != null;
            var info = new ProcessStartInfo
            {
                FileName = ownGroup ? setsid! : executable,
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };
            var all = new List<string>();
            if (ownGroup)
            {
                // In a process group of its own, under a small shell that also stops Hugo when this process dies
                // without cancelling (killed): the shell's stdin is a pipe from here, which closes then.
                all.Add("/bin/sh");
                all.Add("-c");
                all.Add(Watchdog);
                all.Add("hugo-server");
                all.Add(executable);
            }

            all.AddRange(arguments);
            info.Arguments = CommandLine.Join(all);

            var process = new Process { StartInfo = info };
            process.Start();
            return new HugoServerProcess(process, ownGroup, onLine);
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
                    _stdout.Join(500);
                    _stderr.Join(500);
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
                ProcessTree.Kill(_process, _ownGroup);
            }

            try
            {
                _process.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
            }

            _stdout.Join(500);
            _stderr.Join(500);
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

        private static Thread Read(StreamReader reader, Action<string> onLine)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        onLine(line);
                    }
                }
                catch (IOException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            })
            {
                IsBackground = true,
                Name = "hugo server output",
            };
            thread.Start();
            return thread;
        }
    }
}
