using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// Runs a command through the platform shell with its output captured line by line. A time-out or cancellation
    /// stops the whole process tree. When the command exits but something it left running keeps its output open,
    /// that leftover is stopped after a short grace, so a build never hangs on a stray background process.
    /// </summary>
    internal sealed class ShellProcessRunner : IProcessRunner
    {
        /// <summary>How long to wait for the output to close after the command has exited.</summary>
        private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

        public Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            return new Run(request).ExecuteAsync(cancellationToken);
        }

        private sealed class Run
        {
            private readonly ProcessRequest _request;
            private readonly ProcessOutcome _outcome = new ProcessOutcome();
            private readonly Stopwatch _clock = new Stopwatch();
            private ChildProcess? _process;
            private int _killed;
            private long _firstOutputTicks = -1;
            private int _done;

            public Run(ProcessRequest request)
            {
                _request = request;
            }

            public async Task<ProcessOutcome> ExecuteAsync(CancellationToken cancellationToken)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _outcome.End = ProcessEnd.Cancelled;
                    return _outcome;
                }

                using (var timeout = _request.Timeout.HasValue ? new CancellationTokenSource(_request.Timeout.Value) : new CancellationTokenSource())
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
                {
                    // Timed from here, so FirstOutput is everything between the slot being given and the first line.
                    _clock.Start();
                    ChildProcess process;
                    try
                    {
                        // Nothing is typed into an init command: it gets end-of-input at once instead of waiting.
                        process = ChildProcess.Start(ShellCommand.CreateLaunch(_request), OnLine);
                    }
                    catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is IOException)
                    {
                        _outcome.End = ProcessEnd.FailedToStart;
                        _outcome.StartError = ex.Message;
                        _outcome.Duration = _clock.Elapsed;
                        return _outcome;
                    }

                    using (process)
                    {
                        Volatile.Write(ref _process, process);
                        using (stop.Token.Register(StopTree))
                        {
                            // Once the tree has been told to stop, do not wait forever for a process that cannot die.
                            var gaveUp = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => Task.Delay(TimeSpan.FromSeconds(10)), TaskScheduler.Default).Unwrap();
                            await Task.WhenAny(process.Exited, gaveUp).ConfigureAwait(false);
                            if (await Task.WhenAny(process.OutputClosed, Task.Delay(OutputGrace)).ConfigureAwait(false) != process.OutputClosed)
                            {
                                // Something the command started still holds its output open: stop the leftovers.
                                _outcome.StoppedLeftoverProcesses = Volatile.Read(ref _killed) == 0;
                                process.Kill();
                                await Task.WhenAny(process.OutputClosed, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
                                _outcome.LeftoverOutputAbandoned = !process.OutputClosed.IsCompleted;
                            }
                        }

                        _outcome.Duration = _clock.Elapsed;
                        _outcome.ExitCode = process.ExitCode;
                        long first = Interlocked.Read(ref _firstOutputTicks);
                        _outcome.FirstOutput = first >= 0 ? TimeSpan.FromTicks(first) : (TimeSpan?)null;
                        _outcome.End = Volatile.Read(ref _killed) == 0 ? ProcessEnd.Exited
                            : timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? ProcessEnd.TimedOut
                            : ProcessEnd.Cancelled;

                        // What an abandoned leftover still prints is not part of the outcome.
                        Volatile.Write(ref _done, 1);
                        return _outcome;
                    }
                }
            }

            private void OnLine(string text, bool isError)
            {
                if (Volatile.Read(ref _done) != 0)
                {
                    return;
                }

                Interlocked.CompareExchange(ref _firstOutputTicks, _clock.Elapsed.Ticks, -1);
                _outcome.Output.Add(text, isError);
            }

            private void StopTree()
            {
                var process = Volatile.Read(ref _process);
                if (process == null || process.Exited.IsCompleted || Interlocked.Exchange(ref _killed, 1) != 0)
                {
                    return;
                }

                process.Kill();
            }
        }
    }
}
