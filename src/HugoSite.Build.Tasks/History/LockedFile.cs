using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Opens a file that other processes may hold, retrying with a growing, jittered wait while it is in use.
    /// With <see cref="FileShare.None"/> the open itself is the exclusive lock: a share-mode lock on Windows, an
    /// advisory <c>flock</c> on Unix (honoured by every .NET process), released by the OS when the holder dies.
    /// </summary>
    internal static class LockedFile
    {
        private const int MaxDelayMs = 50;

        /// <summary>Thrown when the file stayed in use for the whole wait.</summary>
        internal sealed class TimeoutException : IOException
        {
            public TimeoutException(string path, TimeSpan waited, IOException last)
                : base("'" + path + "' stayed locked by another process for " + ((int)waited.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms: " + last.Message, last)
            {
            }
        }

        /// <summary>
        /// Thrown at once, without waiting, when the file cannot be written because it or its file system is read-only:
        /// no other process will ever release that.
        /// </summary>
        internal sealed class ReadOnlyException : IOException
        {
            public ReadOnlyException(string message, Exception inner)
                : base(message, inner)
            {
            }
        }

        /// <summary>errno EROFS (Linux, macOS and the BSDs agree on 30), as .NET puts it in an IOException's HResult on Unix.</summary>
        private const int ReadOnlyFileSystemErrno = 30;

        /// <summary>ERROR_WRITE_PROTECT as an HRESULT (Windows: write-protected media).</summary>
        private const int WriteProtectHResult = unchecked((int)0x80070013);

        public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, TimeSpan timeout, CancellationToken cancel = default)
        {
            var waited = Stopwatch.StartNew();
            int delay = 1;
            Random? random = null; // only when someone else holds the file: most opens never wait
            while (true)
            {
                try
                {
                    return new FileStream(path, mode, access, share, 4096, FileOptions.None);
                }
                catch (IOException ex) when (access != FileAccess.Read && IsReadOnlyFileSystem(ex))
                {
                    throw new ReadOnlyException("'" + path + "' is on a read-only file system (" + ex.Message + ")", ex);
                }
                catch (UnauthorizedAccessException ex) when (access != FileAccess.Read && ReadOnlyReason(path) is string reason)
                {
                    throw new ReadOnlyException("'" + path + "' " + reason + " (" + ex.Message + ")", ex);
                }
                catch (IOException ex) when (IsInUse(ex))
                {
                    if (waited.Elapsed >= timeout || cancel.IsCancellationRequested)
                    {
                        throw new TimeoutException(path, waited.Elapsed, ex);
                    }

                    // Jitter keeps many waiting writers from retrying in lock step.
                    random ??= new Random(Guid.NewGuid().GetHashCode());
                    Thread.Sleep(delay + random.Next(delay + 1));
                    delay = Math.Min(delay * 2, MaxDelayMs);
                }
            }
        }

        /// <summary>The whole content of an open file, from its start.</summary>
        public static byte[] ReadAll(FileStream file)
        {
            var bytes = new byte[file.Length];
            int read = 0;
            file.Position = 0;
            while (read < bytes.Length)
            {
                int n = file.Read(bytes, read, bytes.Length - read);
                if (n <= 0)
                {
                    Array.Resize(ref bytes, read);
                    break;
                }

                read += n;
            }

            return bytes;
        }

        internal static bool IsReadOnlyFileSystem(IOException ex) =>
            ex.GetType() == typeof(IOException) && (PathIsUnix ? ex.HResult == ReadOnlyFileSystemErrno : ex.HResult == WriteProtectHResult);

        private static readonly bool PathIsUnix = Path.DirectorySeparatorChar == '/';

        /// <summary>Why writing was denied, when the cause is a read-only file or folder; null for any other denial.</summary>
        internal static string? ReadOnlyReason(string path)
        {
            try
            {
                if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
                {
                    return "is a read-only file";
                }

                string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!File.Exists(path) && dir != null && Directory.Exists(dir) && (new DirectoryInfo(dir).Attributes & FileAttributes.ReadOnly) != 0)
                {
                    return "cannot be created: its folder '" + dir + "' is read-only";
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }

            return null;
        }

        /// <summary>
        /// A plain <see cref="IOException"/> from an open is a sharing or lock violation (Windows: ERROR_SHARING_VIOLATION,
        /// Unix: EWOULDBLOCK from flock); missing folders and bad names have their own exception types.
        /// </summary>
        private static bool IsInUse(IOException ex) => ex.GetType() == typeof(IOException);
    }
}
