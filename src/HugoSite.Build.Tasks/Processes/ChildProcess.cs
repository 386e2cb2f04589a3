using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Processes
{
    /// <summary>What to start: a program, its arguments (passed one by one, never re-split), and how.</summary>
    internal sealed class ProcessLaunch
    {
        public ProcessLaunch(string fileName, IEnumerable<string> arguments)
        {
            FileName = fileName;
            Arguments = new List<string>(arguments);
        }

        public string FileName { get; }

        public List<string> Arguments { get; }

        /// <summary>The command line exactly as the program should receive it, instead of <see cref="Arguments"/> (cmd.exe's /c).</summary>
        public string? RawArguments { get; set; }

        public string? WorkingDirectory { get; set; }

        public IList<KeyValuePair<string, string>> Environment { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>On Unix, start in a process group of its own (setsid), so stopping it reaches what its children left running.</summary>
        public bool OwnProcessGroup { get; set; }

        /// <summary>Keep standard input open (a pipe from this process); otherwise the program gets end-of-input at once.</summary>
        public bool KeepInputOpen { get; set; }
    }

    /// <summary>
    /// A started program whose output is read line by line (UTF-8) as it comes, on one plain thread per stream: the
    /// same lines in arrival order as the runtime's event-based readers, without starting its asynchronous pipe
    /// machinery (about 35 more methods to compile in a fresh build process, bench/overhead). <see cref="Kill"/> stops
    /// the program and everything it started.
    /// </summary>
    internal sealed class ChildProcess : IDisposable
    {
        private static readonly string? Setsid = FindSetsid();

        private readonly Process _process;
        private readonly bool _ownGroup;
        private readonly TaskCompletionSource<bool> _outputClosed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<bool>? _exited;
        private int _openStreams = 2;

        private ChildProcess(Process process, bool ownGroup)
        {
            _process = process;
            _ownGroup = ownGroup;
        }

        /// <summary>Whether programs on this machine can start in a process group of their own.</summary>
        public static bool CanStartOwnGroup => Setsid != null;

        public Process Process => _process;

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

        /// <summary>The exit code, or -1 while it runs or when it is unknown.</summary>
        public int ExitCode
        {
            get
            {
                try
                {
                    return _process.HasExited ? _process.ExitCode : -1;
                }
                catch (InvalidOperationException)
                {
                    return -1;
                }
            }
        }

        /// <summary>Completes when both output streams have ended (the program and every child holding them are gone).</summary>
        public Task OutputClosed => _outputClosed.Task;

        /// <summary>Completes when the program has exited (its children may still run). Watched only once asked for.</summary>
        public Task Exited
        {
            get
            {
                lock (_outputClosed)
                {
                    if (_exited == null)
                    {
                        _exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _process.Exited += (_, _) => _exited.TrySetResult(true);
                        _process.EnableRaisingEvents = true;
                        if (HasExited)
                        {
                            _exited.TrySetResult(true);
                        }
                    }

                    return _exited.Task;
                }
            }
        }

        /// <summary>
        /// Starts <paramref name="launch"/>; <paramref name="onLine"/> gets every line (true for standard error). Throws what
        /// <see cref="System.Diagnostics.Process.Start()"/> throws when the program cannot be started.
        /// </summary>
        public static ChildProcess Start(ProcessLaunch launch, Action<string, bool>? onLine)
        {
            bool group = launch.OwnProcessGroup && CanStartOwnGroup;
            var info = new ProcessStartInfo
            {
                FileName = group ? Setsid! : launch.FileName,
                WorkingDirectory = launch.WorkingDirectory ?? string.Empty,
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };

            var arguments = new List<string>(launch.Arguments.Count + 1);
            if (group)
            {
                arguments.Add(launch.FileName);
            }

            arguments.AddRange(launch.Arguments);
            if (launch.RawArguments != null)
            {
                info.Arguments = launch.RawArguments;
            }
            else
            {
#if NETFRAMEWORK
                info.Arguments = Hugo.CommandLine.Join(arguments);
#else
                foreach (string argument in arguments)
                {
                    info.ArgumentList.Add(argument);
                }
#endif
            }

            foreach (var variable in launch.Environment)
            {
                info.Environment[variable.Key] = variable.Value;
            }

            var process = new Process { StartInfo = info };
            try
            {
                process.Start();
            }
            catch
            {
                process.Dispose();
                throw;
            }

            var child = new ChildProcess(process, group);
            child.Read(process.StandardOutput, false, onLine);
            child.Read(process.StandardError, true, onLine);
            if (!launch.KeepInputOpen)
            {
                try
                {
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The program already exited.
                }
            }

            return child;
        }

        /// <summary>Waits for the program to exit; false when <paramref name="milliseconds"/> passed first.</summary>
        public bool WaitForExit(int milliseconds)
        {
            try
            {
                return _process.WaitForExit(milliseconds);
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        /// <summary>Waits for both output streams to end; false when the time passed first (a child still holds them).</summary>
        public bool WaitForOutput(TimeSpan timeout) => _outputClosed.Task.Wait(timeout);

        /// <summary>Stops the program and everything it started (see <see cref="ProcessTree.Kill"/>).</summary>
        public void Kill() => ProcessTree.Kill(_process, _ownGroup);

        public void Dispose() => _process.Dispose();

        private void Read(StreamReader reader, bool isError, Action<string, bool>? onLine)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        onLine?.Invoke(line, isError);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException)
                {
                    // The stream was closed under the reader: the output has ended.
                }
                finally
                {
                    if (Interlocked.Decrement(ref _openStreams) == 0)
                    {
                        _outputClosed.TrySetResult(true);
                    }
                }
            })
            {
                IsBackground = true,
                Name = "Output of " + Path.GetFileName(_process.StartInfo.FileName),
            };
            thread.Start();
        }

        private static string? FindSetsid()
        {
            if (Compat.PathCompat.IsWindows)
            {
                return null;
            }

            foreach (string candidate in new[] { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
