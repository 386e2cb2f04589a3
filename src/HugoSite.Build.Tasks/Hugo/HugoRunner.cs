using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Processes;

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
        private ChildProcess? _process;
        private volatile bool _cancelled;

        public HugoRunResult Run(string executable, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, Action<Process> onStarted)
        {
            var result = new HugoRunResult();
            var watch = Stopwatch.StartNew();
            ChildProcess process;
            lock (_gate)
            {
                if (_cancelled)
                {
                    result.Cancelled = true;
                    result.ExitCode = -1;
                    return result;
                }

                process = ChildProcess.Start(new ProcessLaunch(executable, arguments) { WorkingDirectory = workingDirectory }, (line, _) =>
                {
                    lock (result.Lines)
                    {
                        result.Lines.Add(line);
                    }
                });
                _process = process;
            }

            using (process)
            {
                onStarted(process.Process);
                long peak = 0;
                // Zero or negative (Timeout.InfiniteTimeSpan): no limit, as HugoTimeoutSeconds=0 means.
                bool limited = timeout > TimeSpan.Zero;
                var deadline = limited ? watch.Elapsed + timeout : TimeSpan.MaxValue;
                while (!process.WaitForExit(15))
                {
                    peak = Math.Max(peak, SamplePeakMemory(process.Process));
                    if (limited && watch.Elapsed > deadline)
                    {
                        result.TimedOut = true;
                        process.Kill();
                        break;
                    }
                }

                process.WaitForExit(Timeout.Infinite);
                process.WaitForOutput(Timeout.InfiniteTimeSpan);
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
        }

        public void Cancel()
        {
            lock (_gate)
            {
                _cancelled = true;
                _process?.Kill();
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
