using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

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
        public TimeSpan OutputGrace { get; set; } = TimeSpan.FromSeconds(2);

        public Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            return new Run(request, OutputGrace).ExecuteAsync(cancellationToken);
        }

        private sealed class Run
        {
            private readonly ProcessRequest _request;
            private readonly TimeSpan _grace;
            private readonly ProcessOutcome _outcome = new ProcessOutcome();
            private readonly Stopwatch _clock = new Stopwatch();
            private readonly TaskCompletionSource<bool> _exited = NewSignal();
            private readonly TaskCompletionSource<bool> _outputClosed = NewSignal();
            private readonly TaskCompletionSource<bool> _errorClosed = NewSignal();
            private readonly TaskCompletionSource<bool> _stopRequested = NewSignal();
            private readonly bool _ownGroup = ShellCommand.StartsOwnProcessGroup;
            private Process? _process;
            private int _killed;
            private long _firstOutputTicks = -1;

            public Run(ProcessRequest request, TimeSpan grace)
            {
                _request = request;
                _grace = grace;
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
                using (var process = new Process())
                {
                    // Timed from here, so FirstOutput is everything between the slot being given and the first line.
                    _clock.Start();
                    _process = process;
                    process.StartInfo = ShellCommand.CreateStartInfo(_request);
                    process.EnableRaisingEvents = true;
                    process.Exited += (_, _) => _exited.TrySetResult(true);
                    process.OutputDataReceived += (_, e) => OnLine(e.Data, false, _outputClosed);
                    process.ErrorDataReceived += (_, e) => OnLine(e.Data, true, _errorClosed);

                    try
                    {
                        process.Start();
                    }
                    catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is IOException)
                    {
                        _outcome.End = ProcessEnd.FailedToStart;
                        _outcome.StartError = ex.Message;
                        _outcome.Duration = _clock.Elapsed;
                        return _outcome;
                    }

                    process.BeginOutputReadLine();
                    process.BeginErrorReadLine();
                    try
                    {
                        // Nothing is typed into an init command: give it end-of-input at once instead of letting it wait.
                        process.StandardInput.Close();
                    }
                    catch (IOException)
                    {
                        // The command already exited.
                    }

                    using (stop.Token.Register(StopTree))
                    {
                        // Once the tree has been told to stop, do not wait forever for a process that cannot die.
                        var gaveUp = _stopRequested.Task.ContinueWith(_ => Task.Delay(TimeSpan.FromSeconds(10)), TaskScheduler.Default).Unwrap();
                        await Task.WhenAny(_exited.Task, gaveUp).ConfigureAwait(false);
                        var outputDone = Task.WhenAll(_outputClosed.Task, _errorClosed.Task);
                        if (await Task.WhenAny(outputDone, Task.Delay(_grace)).ConfigureAwait(false) != outputDone)
                        {
                            // Something the command started still holds its output open: stop the leftovers.
                            _outcome.StoppedLeftoverProcesses = Volatile.Read(ref _killed) == 0;
                            ProcessTree.Kill(process, _ownGroup);
                            await Task.WhenAny(outputDone, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
                            _outcome.LeftoverOutputAbandoned = !outputDone.IsCompleted;
                        }
                    }

                    _outcome.Duration = _clock.Elapsed;
                    _outcome.ExitCode = SafeExitCode(process);
                    long first = Interlocked.Read(ref _firstOutputTicks);
                    if (first >= 0)
                    {
                        _outcome.FirstOutput = TimeSpan.FromTicks(first);
                    }

                    _outcome.End = Volatile.Read(ref _killed) == 0 ? ProcessEnd.Exited
                        : timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? ProcessEnd.TimedOut
                        : ProcessEnd.Cancelled;
                    try
                    {
                        process.CancelOutputRead();
                        process.CancelErrorRead();
                    }
                    catch (InvalidOperationException)
                    {
                        // Reading had already finished.
                    }

                    return _outcome;
                }
            }

            private void OnLine(string? text, bool isError, TaskCompletionSource<bool> closed)
            {
                if (text == null)
                {
                    closed.TrySetResult(true);
                    return;
                }

                Interlocked.CompareExchange(ref _firstOutputTicks, _clock.Elapsed.Ticks, -1);
                _outcome.Output.Add(text, isError);
            }

            private void StopTree()
            {
                var process = _process;
                if (process == null || _exited.Task.IsCompleted || Interlocked.Exchange(ref _killed, 1) != 0)
                {
                    return;
                }

                _stopRequested.TrySetResult(true);
                ProcessTree.Kill(process, _ownGroup);
            }

            private static int SafeExitCode(Process process)
            {
                try
                {
                    return process.ExitCode;
                }
                catch (InvalidOperationException)
                {
                    return -1;
                }
            }

            private static TaskCompletionSource<bool> NewSignal() =>
                new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
