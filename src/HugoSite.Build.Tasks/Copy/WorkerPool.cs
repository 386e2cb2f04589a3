using System;
using System.Threading;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// Runs a body for indexes 0..count-1 on exactly min(parallelism, count) threads: the caller's thread plus
    /// dedicated ones (not the thread pool, which MSBuild keeps busy), each taking the next index until none is
    /// left or cancellation is requested. Parallelism 1 runs everything on the caller's thread.
    /// </summary>
    internal static class WorkerPool
    {
        public static void Run(int count, int parallelism, Action<int> body, CancellationToken cancellationToken)
        {
            int workers = Math.Max(1, Math.Min(parallelism, count));
            int next = -1;
            Exception? failure = null;

            void Loop()
            {
                try
                {
                    int index;
                    while (!cancellationToken.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < count)
                    {
                        body(index);
                    }
                }
                catch (Exception ex)
                {
                    // The body handles expected failures itself; anything else is a bug: stop everyone and rethrow.
                    Interlocked.CompareExchange(ref failure, ex, null);
                    Interlocked.Exchange(ref next, count);
                }
            }

            RunOnThreads(workers, Loop, "worker");
            if (failure != null)
            {
                throw new AggregateException(failure);
            }
        }

        /// <summary>
        /// Runs <paramref name="loop"/> on <paramref name="threads"/> threads at once: the caller's plus dedicated ones
        /// (not the thread pool, which MSBuild keeps busy), and returns when all have finished.
        /// </summary>
        public static void RunOnThreads(int threads, ThreadStart loop, string role)
        {
            var extra = new Thread[Math.Max(0, threads - 1)];
            for (int i = 0; i < extra.Length; i++)
            {
                extra[i] = new Thread(loop, 256 * 1024) { IsBackground = true, Name = "ParallelCopy " + role + " " + (i + 1) };
                extra[i].Start();
            }

            loop();
            foreach (var thread in extra)
            {
                thread.Join();
            }
        }
    }
}
