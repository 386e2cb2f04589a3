using System.Collections.Concurrent;
using HugoSite.Build.Tasks.Components;

namespace HugoSite.Build.Tasks.Tests.Components
{
    /// <summary>
    /// A fake process runner: each "process" (keyed by its command line) runs until the test opens its gate with
    /// <see cref="Finish"/>, or until it is cancelled. It records the start order and the most processes alive at once.
    /// </summary>
    internal sealed class GatedRunner : IProcessRunner
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _gates = new();
        private readonly object _gate = new();
        private int _alive;

        /// <summary>Commands that finish by themselves with this exit code as soon as they start.</summary>
        public ConcurrentDictionary<string, int> Instant { get; } = new();

        public List<string> StartOrder { get; } = new();

        public List<string> FinishOrder { get; } = new();

        public int MaxAlive { get; private set; }

        public List<string> Cancelled { get; } = new();

        /// <summary>Lets the running command finish with <paramref name="exitCode"/>.</summary>
        public void Finish(string command, int exitCode = 0) => GateOf(command).TrySetResult(exitCode);

        public bool HasStarted(string command)
        {
            lock (_gate)
            {
                return StartOrder.Contains(command);
            }
        }

        /// <summary>Waits (generously) until <paramref name="command"/> has started; fails the test if it never does.</summary>
        public void WaitUntilStarted(string command)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!HasStarted(command))
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"'{command}' never started; started: {string.Join(", ", StartOrder)}");
                }

                Thread.Sleep(5);
            }
        }

        public async Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            string command = request.CommandLine;
            lock (_gate)
            {
                StartOrder.Add(command);
                _alive++;
                MaxAlive = Math.Max(MaxAlive, _alive);
            }

            try
            {
                if (Instant.TryGetValue(command, out int instantCode))
                {
                    GateOf(command).TrySetResult(instantCode);
                }

                var gate = GateOf(command).Task;
                var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
                await Task.WhenAny(gate, cancelled).ConfigureAwait(false);
                if (!gate.IsCompleted)
                {
                    lock (_gate)
                    {
                        Cancelled.Add(command);
                    }

                    return new ProcessOutcome { End = ProcessEnd.Cancelled, ExitCode = 137 };
                }

                var outcome = new ProcessOutcome { End = ProcessEnd.Exited, ExitCode = gate.Result };
                outcome.Output.Add("output of " + command, false);
                return outcome;
            }
            finally
            {
                lock (_gate)
                {
                    _alive--;
                    FinishOrder.Add(command);
                }
            }
        }

        private TaskCompletionSource<int> GateOf(string command) =>
            _gates.GetOrAdd(command, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
