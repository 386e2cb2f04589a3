#if !NETFRAMEWORK
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// The per-file hot path on Linux, straight to the system calls. Creating files is what a copy of a site
    /// spends its time on, and File.Copy plus File.Move take 16 calls per file (four flock, a failing clone
    /// ioctl, fstat, utimensat, fchmod, an lstat before the rename); a new file takes 7 here: open, fstat (mode),
    /// open (new, exclusive, with the mode), copy_file_range up to the size the walk saw, futimens, close, close
    /// (and a rename when it was written under a temporary name). Any surprise (no libc, an old kernel, a file
    /// system without copy_file_range) turns the fast path off for the process and File.Copy takes over, so the
    /// result is the same either way.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal static partial class LinuxFileOps
    {
        private const int ReadOnly = 0x0;
        private const int WriteOnly = 0x1;
        private const int Create = 0x40;
        private const int Exclusive = 0x80;
        private const int NonBlocking = 0x800;
        private const int CloseOnExec = 0x80000;
        private const long UtimeOmit = (1L << 30) - 2;
        private const int Chunk = 8 * 1024 * 1024;

        private const int EPERM = 1;
        private const int ENOENT = 2;
        private const int EINTR = 4;
        private const int EACCES = 13;
        private const int EEXIST = 17;
        private const int EXDEV = 18;
        private const int ENOTDIR = 20;
        private const int EINVAL = 22;
        private const int ENAMETOOLONG = 36;
        private const int ENOSYS = 38;
        private const int EOPNOTSUPP = 95;

        private static readonly int Umask = ReadUmask();
        private static volatile bool s_enabled =
            (RuntimeInformation.ProcessArchitecture == Architecture.X64 || RuntimeInformation.ProcessArchitecture == Architecture.Arm64);

        /// <summary>Whether to try the fast path (it switches itself off for good after an unexpected failure).</summary>
        public static bool Enabled => s_enabled;

        /// <summary>
        /// Copies content, mode and last-write time to a new file, created exclusively (never through a link).
        /// Unavailable: the fast path cannot be used here, nothing was written. DestinationExists: something is
        /// already at <paramref name="destination"/>, nothing was written. Throws the usual IOException family for
        /// real failures, and OperationCanceledException; either way a file this call created is removed first.
        /// </summary>
        /// <param name="length">The size the walk saw (-1: unknown): the copy stops there without asking for more.</param>
        /// <param name="created">Called right after the destination was created, before its content (tests fail here).</param>
        public static NativeCopy TryCopyFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken, Action<string>? created = null)
        {
            int input;
            try
            {
                input = open(source, ReadOnly | NonBlocking | CloseOnExec, 0);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is MarshalDirectiveException)
            {
                s_enabled = false;
                return NativeCopy.Unavailable;
            }

            if (input < 0)
            {
                throw Error(Marshal.GetLastPInvokeError(), source, isSource: true);
            }

            try
            {
                using var handle = new SafeFileHandle((IntPtr)input, ownsHandle: false);
                UnixFileMode mode = File.GetUnixFileMode(handle);

                int output = open(destination, WriteOnly | Create | Exclusive | CloseOnExec, (int)mode);
                if (output < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EEXIST)
                    {
                        return NativeCopy.DestinationExists;
                    }

                    throw Error(errno, destination, isSource: false);
                }

                bool complete = false;
                try
                {
                    if (Umask < 0 || ((int)mode & Umask) != 0)
                    {
                        // The umask took bits the source has (or is unknown): set the mode exactly, as File.Copy does.
                        Check(fchmod(output, (uint)mode), destination);
                    }

                    created?.Invoke(destination);
                    try
                    {
                        if (!CopyContent(input, output, length, cancellationToken))
                        {
                            return NativeCopy.Unavailable;
                        }
                    }
                    catch (EntryPointNotFoundException)
                    {
                        // A C library without copy_file_range (glibc before 2.27).
                        s_enabled = false;
                        return NativeCopy.Unavailable;
                    }

                    // Cancelled while the content went in: the file is removed below, like any incomplete one.
                    cancellationToken.ThrowIfCancellationRequested();

                    // Seconds and nanoseconds since 1970; the access time is left as it is. Ticks count from year 1 and
                    // 1970 starts on a whole second, so the remainder is never negative, before 1970 too.
                    long seconds = Math.DivRem(lastWriteTimeUtc.Ticks, TimeSpan.TicksPerSecond, out long rest) - (DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerSecond);

                    var times = new[] { new Timespec { Nanoseconds = UtimeOmit }, new Timespec { Seconds = seconds, Nanoseconds = rest * 100 } };
                    Check(futimens(output, times), destination);
                    int closed = close(output);
                    output = -1;
                    Check(closed, destination);
                    complete = true;
                    return NativeCopy.Copied;
                }
                finally
                {
                    if (output >= 0)
                    {
                        close(output);
                    }

                    if (!complete)
                    {
                        // Created by this call (the open was exclusive), so removing it removes nobody else's file.
                        unlink(destination);
                    }
                }
            }
            finally
            {
                close(input);
            }
        }

        /// <summary>rename(2): atomic, replaces a file or link at the destination, never writes through it. False: use File.Move.</summary>
        public static bool TryRename(string from, string to)
        {
            int result;
            try
            {
                result = rename(from, to);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                s_enabled = false;
                return false;
            }

            if (result != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw Error(errno, errno == ENOENT ? from : to, isSource: errno == ENOENT);
            }

            return true;
        }

        /// <summary>
        /// Kernel-side copy until end of file, or until the size the walk saw: for the usual file that saves the
        /// call that would only report the end. A file that grew since the walk is copied up to that size and
        /// carries the walk's time, so the next build sees a different size or time and copies it again.
        /// False when copy_file_range is not available for these files.
        /// </summary>
        private static bool CopyContent(int input, int output, long length, CancellationToken cancellationToken)
        {
            bool first = true;
            long total = 0;
            while (true)
            {
                long want = length > 0 ? Math.Min(Chunk, length - total) : Chunk;
                long copied = (long)copy_file_range(input, IntPtr.Zero, output, IntPtr.Zero, (nuint)want, 0);
                if (copied == 0)
                {
                    return true;
                }

                if (copied < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    if (first && (errno == ENOSYS || errno == EXDEV || errno == EOPNOTSUPP || errno == EINVAL || errno == EPERM))
                    {
                        // Not for these files (old kernel, special file, some file systems): let File.Copy do it.
                        if (errno == ENOSYS)
                        {
                            s_enabled = false;
                        }

                        return false;
                    }

                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
                }

                first = false;
                total += copied;
                if (length > 0 && total >= length)
                {
                    return true;
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private static void Check(int result, string path)
        {
            if (result != 0)
            {
                throw Error(Marshal.GetLastPInvokeError(), path, isSource: false);
            }
        }

        private static Exception Error(int errno, string path, bool isSource)
        {
            string message = Marshal.GetPInvokeErrorMessage(errno) + ": '" + path + "'";
            return errno switch
            {
                ENOENT when isSource => new FileNotFoundException(message, path),
                ENOENT or ENOTDIR => new DirectoryNotFoundException(message),
                EACCES or EPERM => new UnauthorizedAccessException(message),
                ENAMETOOLONG => new PathTooLongException(message),
                _ => new IOException(message, errno),
            };
        }

        /// <summary>The process umask from /proc (reading it with umask(2) would change it for other threads); -1 if unknown.</summary>
        private static int ReadUmask()
        {
            try
            {
                // Bytes, not lines: no reader or decoder to set up in a fresh process for one number.
                return ParseUmask(File.ReadAllBytes("/proc/self/status"));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return -1;
            }
        }

        /// <summary>The octal value of the "Umask:" line of /proc/self/status; -1 when there is none or it is not octal.</summary>
        internal static int ParseUmask(byte[] status)
        {
            const string Key = "Umask:";
            for (int start = 0; start < status.Length; start++)
            {
                if (start > 0 && status[start - 1] != (byte)'\n')
                {
                    continue;
                }

                int i = 0;
                while (i < Key.Length && start + i < status.Length && status[start + i] == (byte)Key[i])
                {
                    i++;
                }

                if (i < Key.Length)
                {
                    continue;
                }

                int j = start + Key.Length;
                while (j < status.Length && (status[j] == (byte)' ' || status[j] == (byte)'\t'))
                {
                    j++;
                }

                int value = 0;
                int digits = 0;
                while (j < status.Length && status[j] >= (byte)'0' && status[j] <= (byte)'7' && digits < 8)
                {
                    value = (value * 8) + (status[j] - (byte)'0');
                    digits++;
                    j++;
                }

                bool endOfLine = j == status.Length || status[j] == (byte)'\n' || status[j] == (byte)' ' || status[j] == (byte)'\t' || status[j] == (byte)'\r';
                return digits > 0 && endOfLine ? value : -1;
            }

            return -1;
        }

        /// <summary>What <see cref="TryCopyFile"/> did.</summary>
        internal enum NativeCopy
        {
            Copied,
            Unavailable,
            DestinationExists,
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

#pragma warning disable SA1300, IDE1006 // the C names, on purpose
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int open(string path, int flags, int mode);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int close(int fd);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int fchmod(int fd, uint mode);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int futimens(int fd, [In] Timespec[] times);

        [LibraryImport("libc", SetLastError = true)]
        private static partial nint copy_file_range(int inputFd, IntPtr inputOffset, int outputFd, IntPtr outputOffset, nuint length, uint flags);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int rename(string from, string to);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int unlink(string path);
#pragma warning restore SA1300, IDE1006
    }
}
#endif
