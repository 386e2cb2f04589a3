using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Components
{
    internal enum ComponentResultKind
    {
        Succeeded,
        Failed,
        TimedOut,
        Cancelled,
        NotStarted,
    }

    /// <summary>
    /// A component ready to be scheduled: what to run (null = nothing) and which components must succeed first, as
    /// indexes into the scheduled list.
    /// </summary>
    internal sealed record ScheduledComponent(ComponentDefinition Definition, ProcessRequest? Request, IReadOnlyList<int> Dependencies)
    {
        public string Name => Definition.Name;
    }

    internal sealed record ComponentRunResult(ScheduledComponent Component, ComponentResultKind Result)
    {
        /// <summary>The command's exit code; -1 when no process ran to an exit code (not started, no command: 0).</summary>
        public int ExitCode { get; init; } = -1;

        /// <summary>Milliseconds from the scheduler's time origin to the start; -1 when it never started.</summary>
        public double StartOffsetMs { get; init; } = -1;

        public double DurationMs { get; init; }
        public double? FirstOutputMs { get; init; }
        public ProcessOutcome? Outcome { get; init; }

        /// <summary>Why it was not started or was stopped, in words (null when it ran to its end).</summary>
        public string? Reason { get; init; }
    }

    /// <summary>
    /// Runs components with at most <see cref="MaxParallelJobs"/> processes alive at once. A slot goes to the next ready
    /// component (all its dependencies succeeded; ties in the site's order) as soon as any running one finishes.
    /// One job at a time is the sequential mode, with the same code. A failure stops the running trees and starts
    /// nothing more unless <see cref="ContinueOnFailure"/>, in which case only the failed component's dependents are
    /// skipped. Every callback runs on the calling thread, so logging from them never interleaves.
    /// </summary>
    internal sealed class ComponentScheduler
    {
        private readonly IProcessRunner _runner;

        public ComponentScheduler(IProcessRunner runner)
        {
            _runner = runner;
        }

        public int MaxParallelJobs { get; set; } = 4;

        public bool ContinueOnFailure { get; set; }

        /// <summary>Start of the time axis for <see cref="ComponentRunResult.StartOffsetMs"/>; defaults to the call to Run.</summary>
        public Stopwatch? Clock { get; set; }

        /// <summary>Called on the calling thread right after a component's process was started.</summary>
        public Action<ScheduledComponent>? Started { get; set; }

        /// <summary>Called on the calling thread once per component that finished (ran, or had nothing to run), in finishing order.</summary>
        public Action<ComponentRunResult>? Finished { get; set; }

        /// <summary>Runs the components (in dependency order) and returns one result per component, in the same order.</summary>
        public ComponentRunResult[] Run(IReadOnlyList<ScheduledComponent> components, CancellationToken cancellationToken)
        {
            if (MaxParallelJobs < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxParallelJobs), MaxParallelJobs, "At least one job is needed.");
            }

            var clock = Clock ?? Stopwatch.StartNew();
            int count = components.Count;
            var results = new ComponentRunResult?[count];
            var running = new Dictionary<Task<ProcessOutcome>, int>();
            var startedAt = new double[count];
            var finishedUnreported = new List<ComponentRunResult>();
            string? stopCause = null;
            using (var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                while (true)
                {
                    // Fill free slots first, then report: a finished component's log never delays the next start.
                    int next;
                    while (stopCause == null && !cancellationToken.IsCancellationRequested && running.Count < MaxParallelJobs && (next = NextReady(components, results, running)) >= 0)
                    {
                        var component = components[next];
                        startedAt[next] = clock.Elapsed.TotalMilliseconds;
                        if (component.Request == null)
                        {
                            // Files only: nothing to run, so it holds no slot.
                            var done = new ComponentRunResult(component, ComponentResultKind.Succeeded) { ExitCode = 0, StartOffsetMs = startedAt[next] };
                            results[next] = done;
                            finishedUnreported.Add(done);
                            continue;
                        }

                        running[Start(component, stopAll.Token)] = next;
                        Started?.Invoke(component);
                    }

                    foreach (var done in finishedUnreported)
                    {
                        Finished?.Invoke(done);
                    }

                    finishedUnreported.Clear();
                    if (running.Count == 0)
                    {
                        break;
                    }

                    var tasks = running.Keys.ToArray();
                    var finished = tasks[Task.WaitAny(tasks)];
                    int index = running[finished];
                    running.Remove(finished);
                    var result = ToResult(components[index], finished, startedAt[index], stopCause, cancellationToken);
                    results[index] = result;
                    finishedUnreported.Add(result);
                    if (result.Result != ComponentResultKind.Succeeded && result.Result != ComponentResultKind.Cancelled && stopCause == null)
                    {
                        if (ContinueOnFailure)
                        {
                            SkipDependents(index, components, results);
                        }
                        else
                        {
                            stopCause = components[index].Name;
                            stopAll.Cancel();
                        }
                    }
                }
            }

            for (int i = 0; i < count; i++)
            {
                results[i] ??= new ComponentRunResult(components[i], ComponentResultKind.NotStarted)
                {
                    Reason = Reason("not started", stopCause, cancellationToken),
                };
            }

            return results!;
        }

        private Task<ProcessOutcome> Start(ScheduledComponent component, CancellationToken token)
        {
            try
            {
                return _runner.RunAsync(component.Request!, token);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return Task.FromException<ProcessOutcome>(ex);
            }
        }

        private static ComponentRunResult ToResult(ScheduledComponent component, Task<ProcessOutcome> task, double startedAt, string? stopCause, CancellationToken cancellation)
        {
            var outcome = task.Status == TaskStatus.RanToCompletion
                ? task.Result
                : new ProcessOutcome
                {
                    End = task.IsCanceled ? ProcessEnd.Cancelled : ProcessEnd.FailedToStart,
                    StartError = task.Exception?.GetBaseException().Message,
                };
            var kind = outcome.End switch
            {
                ProcessEnd.Exited when outcome.ExitCode == 0 => ComponentResultKind.Succeeded,
                ProcessEnd.TimedOut => ComponentResultKind.TimedOut,
                ProcessEnd.Cancelled => ComponentResultKind.Cancelled,
                _ => ComponentResultKind.Failed,
            };

            return new ComponentRunResult(component, kind)
            {
                ExitCode = outcome.ExitCode,
                StartOffsetMs = startedAt,
                DurationMs = outcome.Duration.TotalMilliseconds,
                FirstOutputMs = outcome.FirstOutput?.TotalMilliseconds,
                Outcome = outcome,
                Reason = kind == ComponentResultKind.Cancelled ? Reason("stopped", stopCause, cancellation) : null,
            };
        }

        private static string Reason(string what, string? stopCause, CancellationToken cancellation) =>
            stopCause != null ? $"{what} because '{stopCause}' failed"
            : cancellation.IsCancellationRequested ? what + " because the build was cancelled"
            : what;

        /// <summary>The first component (in dependency order) that is neither finished nor running and whose dependencies all succeeded; -1 when none is.</summary>
        private static int NextReady(IReadOnlyList<ScheduledComponent> components, ComponentRunResult?[] results, Dictionary<Task<ProcessOutcome>, int> running)
        {
            for (int i = 0; i < components.Count; i++)
            {
                if (results[i] == null && !running.ContainsValue(i) && components[i].Dependencies.All(d => results[d]?.Result == ComponentResultKind.Succeeded))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Marks everything that depends on <paramref name="failed"/>, directly or not, as not started, naming the dependency that did not succeed.</summary>
        private static void SkipDependents(int failed, IReadOnlyList<ScheduledComponent> components, ComponentRunResult?[] results)
        {
            var queue = new Queue<int>();
            queue.Enqueue(failed);
            while (queue.Count > 0)
            {
                int from = queue.Dequeue();
                for (int i = 0; i < components.Count; i++)
                {
                    if (results[i] == null && components[i].Dependencies.Contains(from))
                    {
                        results[i] = new ComponentRunResult(components[i], ComponentResultKind.NotStarted)
                        {
                            Reason = $"not started because it depends on '{components[from].Name}', which did not succeed",
                        };
                        queue.Enqueue(i);
                    }
                }
            }
        }
    }
}
