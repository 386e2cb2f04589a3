using System;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// Runs one file operation with retries for transient failures (a locked or busy file, a scanner holding
    /// it): a coded warning per retry, a coded error when retries are exhausted. Missing files, bad or
    /// over-long paths and cancellation are never retried.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly int _retries;
        private readonly TimeSpan _delay;
        private readonly Action<TimeSpan, CancellationToken> _sleep;
        private readonly ICopyLog _log;

        public RetryPolicy(int retries, int delayMilliseconds, ICopyLog log, Action<TimeSpan, CancellationToken>? sleep = null)
        {
            _retries = retries;
            _delay = TimeSpan.FromMilliseconds(delayMilliseconds);
            _log = log;
            _sleep = sleep ?? DefaultSleep;
        }

        /// <summary>
        /// Runs <paramref name="operation"/> until it succeeds or fails for good. Returns true on success; on
        /// failure the error is already logged with <paramref name="failureCode"/>. Cancellation propagates.
        /// </summary>
        public bool Run(Action operation, string path, string failureCode, Func<Exception, string> describe, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    operation();
                    return true;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) && IsExpected(ex))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!IsTransient(ex))
                    {
                        string code = IsBadPath(ex) ? CopyCodes.InvalidPath : failureCode;
                        _log.Error(code, path, describe(ex) + (IsBadPath(ex) ? " The path is invalid or too long for this file system; shorten or rename it." : string.Empty));
                        return false;
                    }

                    if (attempt >= _retries)
                    {
                        string tries = _retries == 0 ? "Retries is 0" : $"gave up after {_retries} {(_retries == 1 ? "retry" : "retries")}";
                        _log.Error(failureCode, path, $"{describe(ex)} ({tries}.) Close whatever holds the file, or raise Retries/RetryDelayMilliseconds.");
                        return false;
                    }

                    _log.Warning(CopyCodes.Retrying, path, $"{describe(ex)} Retrying in {_delay.TotalMilliseconds:0} ms (retry {attempt + 1} of {_retries}).");
                    _sleep(_delay, cancellationToken);
                }
            }
        }

        internal static bool IsExpected(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException;

        /// <summary>Worth another try: I/O trouble that may pass, not a missing file, not a bad path.</summary>
        internal static bool IsTransient(Exception ex) =>
            (ex is IOException && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException) && !(ex is EndOfStreamException))
            || ex is UnauthorizedAccessException;

        internal static bool IsBadPath(Exception ex) => ex is PathTooLongException || ex is ArgumentException || ex is NotSupportedException;

        private static void DefaultSleep(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                cancellationToken.WaitHandle.WaitOne(delay);
            }
        }
    }
}
