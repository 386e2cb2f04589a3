using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>What to run: a command line for the platform shell, where, with which extra variables, for how long.</summary>
    internal sealed record ProcessRequest(string CommandLine, string WorkingDirectory)
    {
        public IList<KeyValuePair<string, string>> Environment { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Null = no time-out.</summary>
        public TimeSpan? Timeout { get; init; }
    }

    internal enum ProcessEnd
    {
        /// <summary>The command ran to its end; see the exit code.</summary>
        Exited,

        /// <summary>The time-out passed and the process tree was stopped.</summary>
        TimedOut,

        /// <summary>Cancellation was requested and the process tree was stopped.</summary>
        Cancelled,

        /// <summary>The shell could not be started at all.</summary>
        FailedToStart,
    }

    /// <summary>One line a command wrote, in arrival order.</summary>
    internal readonly record struct OutputLine(string Text, bool IsError);

    internal sealed class ProcessOutcome
    {
        public ProcessEnd End { get; set; }
        /// <summary>The process's exit code; -1 when it never started.</summary>
        public int ExitCode { get; set; } = -1;
        public TimeSpan Duration { get; set; }
        /// <summary>From the start request to the first line of output, if there was any.</summary>
        public TimeSpan? FirstOutput { get; set; }
        public OutputBuffer Output { get; set; } = new OutputBuffer();
        /// <summary>Why the shell could not start (for <see cref="ProcessEnd.FailedToStart"/>).</summary>
        public string? StartError { get; set; }
        /// <summary>Processes the command left behind kept its output open after it exited, and were stopped.</summary>
        public bool StoppedLeftoverProcesses { get; set; }
        /// <summary>Even after stopping, something still held the output open (it left the process group); reading was abandoned.</summary>
        public bool LeftoverOutputAbandoned { get; set; }
    }

    /// <summary>Runs one command line through the platform shell. Implementations never throw for a failing command.</summary>
    internal interface IProcessRunner
    {
        /// <summary>
        /// Starts the command and completes when it has ended and its output is read. Cancelling
        /// <paramref name="cancellationToken"/> stops the whole process tree and completes with <see cref="ProcessEnd.Cancelled"/>.
        /// </summary>
        Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
    }

    /// <summary>
    /// A command's output lines, bounded: the first <see cref="HeadLimit"/> and last <see cref="TailLimit"/> lines are
    /// kept, the count of those dropped in between is remembered, and the last stderr lines are kept apart for errors.
    /// Thread-safe for one writer per stream.
    /// </summary>
    internal sealed class OutputBuffer
    {
        public const int HeadLimit = 2000;
        public const int TailLimit = 2000;
        public const int ErrorTailLimit = 10;

        private readonly object _gate = new object();
        private readonly List<OutputLine> _head = new List<OutputLine>();
        private readonly Queue<OutputLine> _tail = new Queue<OutputLine>();
        private readonly Queue<string> _errorTail = new Queue<string>();

        public int Dropped { get; private set; }

        public int Count { get; private set; }

        public void Add(string text, bool isError)
        {
            lock (_gate)
            {
                Count++;
                var line = new OutputLine(text, isError);
                if (_head.Count < HeadLimit)
                {
                    _head.Add(line);
                }
                else
                {
                    _tail.Enqueue(line);
                    if (_tail.Count > TailLimit)
                    {
                        _tail.Dequeue();
                        Dropped++;
                    }
                }

                if (isError && text.Trim().Length > 0)
                {
                    _errorTail.Enqueue(text);
                    if (_errorTail.Count > ErrorTailLimit)
                    {
                        _errorTail.Dequeue();
                    }
                }
            }
        }

        /// <summary>The first lines kept; <see cref="Dropped"/> lines were dropped between these and <see cref="Tail"/>.</summary>
        public IReadOnlyList<OutputLine> Head => Snapshot(_head);

        public IReadOnlyList<OutputLine> Tail => Snapshot(_tail);

        /// <summary>The last non-blank stderr lines (at most <see cref="ErrorTailLimit"/>).</summary>
        public IReadOnlyList<string> ErrorTail => Snapshot(_errorTail);

        private T[] Snapshot<T>(IEnumerable<T> lines)
        {
            lock (_gate)
            {
                return lines.ToArray();
            }
        }
    }
}
