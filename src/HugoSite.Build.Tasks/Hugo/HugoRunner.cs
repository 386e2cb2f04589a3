using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>What one run of Hugo produced.</summary>
    public sealed class HugoRunResult
    {
        public int ExitCode { get; set; }

        public bool TimedOut { get; set; }

        public bool Cancelled { get; set; }

        public List<string> Lines { get; } = new List<string>();

        /// <summary>Peak resident memory of the Hugo process in bytes, sampled while it ran; 0 if unknown.</summary>
        public long PeakMemoryBytes { get; set; }

        public double ElapsedMilliseconds { get; set; }
    }

    /// <summary>Runs Hugo, collects its output in order, and samples its peak memory while it runs.</summary>
    public sealed class HugoRunner
    {
        private readonly object _gate = new object();
        private Process? _process;
        private volatile bool _cancelled;

        public HugoRunResult Run(string executable, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, Action<string>? onLine = null, Action<Process>? onStarted = null)
        {
            var result = new HugoRunResult();
            var startInfo = new ProcessStartInfo(executable, CommandLine.Join(arguments))
            {
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };

            var watch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = startInfo };
            lock (_gate)
            {
                if (_cancelled)
                {
                    result.Cancelled = true;
                    result.ExitCode = -1;
                    return result;
                }

                process.Start();
                _process = process;
            }

            onStarted?.Invoke(process);

            // One plain thread per stream reading whole lines, in arrival order into one list: the same lines as the
            // event-based readers, without starting the runtime's asynchronous pipe machinery in a fresh build process.
            Thread stdout = StartReader(process.StandardOutput, result.Lines, onLine);
            Thread stderr = StartReader(process.StandardError, result.Lines, onLine);

            long peak = 0;
            // Zero or negative (Timeout.InfiniteTimeSpan): no limit, as HugoTimeoutSeconds=0 means.
            bool limited = timeout > TimeSpan.Zero;
            var deadline = limited ? watch.Elapsed + timeout : TimeSpan.MaxValue;
            while (!process.WaitForExit(15))
            {
                peak = Math.Max(peak, SamplePeakMemory(process));
                if (limited && watch.Elapsed > deadline)
                {
                    result.TimedOut = true;
                    Kill(process);
                    break;
                }
            }

            process.WaitForExit();
            stdout.Join();
            stderr.Join();
            watch.Stop();
            lock (_gate)
            {
                _process = null;
            }

            result.PeakMemoryBytes = peak;
            result.ExitCode = process.ExitCode;
            result.Cancelled = _cancelled;
            result.ElapsedMilliseconds = watch.Elapsed.TotalMilliseconds;
            return result;
        }

        private static Thread StartReader(StreamReader reader, List<string> lines, Action<string>? onLine)
        {
            var thread = new Thread(() =>
            {
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }

                    onLine?.Invoke(line);
                }
            })
            {
                IsBackground = true,
                Name = "Hugo output",
            };
            thread.Start();
            return thread;
        }

        public void Cancel()
        {
            lock (_gate)
            {
                _cancelled = true;
                if (_process != null)
                {
                    Kill(_process);
                }
            }
        }

        private static void Kill(Process process)
        {
            try
            {
#if NETFRAMEWORK
                process.Kill();
#else
                process.Kill(entireProcessTree: true);
#endif
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Already exiting.
            }
        }

        /// <summary>
        /// The high-water mark of resident memory: VmHWM from /proc on Linux (exact, and kept by the kernel, so
        /// sampling only has to catch the process alive once late in its life); PeakWorkingSet64 elsewhere.
        /// </summary>
        private static long SamplePeakMemory(Process process)
        {
            try
            {
                string status = "/proc/" + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/status";
                if (File.Exists(status))
                {
                    foreach (string line in File.ReadAllLines(status))
                    {
                        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        {
                            string[] parts = line.Substring(6).Trim().Split(' ');
                            if (long.TryParse(parts[0], out long kb))
                            {
                                return kb * 1024;
                            }
                        }
                    }

                    return 0;
                }

                process.Refresh();
                return process.PeakWorkingSet64;
            }
            catch (Exception e) when (e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return 0;
            }
        }
    }
}
