using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Output
{
    /// <summary>
    /// One build per project folder: an exclusive lock on obj/hugo/build.lock, held by an open handle for as long as
    /// the build runs. The operating system releases it when the process ends, however it ends, so a killed build
    /// never leaves a lock behind. Who holds it (process, session, since when) is written beside it, for the message
    /// of a build that waits.
    /// </summary>
    internal sealed class ProjectLock : IDisposable
    {
        public const string FileName = "build.lock";
        private const string OwnerSuffix = ".owner";
        private FileStream? _stream;

        private ProjectLock(FileStream stream, string path)
        {
            _stream = stream;
            Path = path;
        }

        public string Path { get; }

        /// <summary>
        /// Takes the lock, waiting at most <paramref name="timeout"/> (null: no limit). <paramref name="onWait"/> is
        /// called once, with the holder's description, when the lock is taken by someone else. Returns null on time-out
        /// or cancellation.
        /// </summary>
        public static ProjectLock? Acquire(string path, string session, TimeSpan? timeout, Action<string> onWait, CancellationToken cancellation)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            var watch = Stopwatch.StartNew();
            bool told = false;
            while (true)
            {
                FileStream? stream = TryOpen(path);
                if (stream != null)
                {
                    var held = new ProjectLock(stream, path);
                    held.WriteOwner(session);
                    return held;
                }

                if (!told)
                {
                    told = true;
                    onWait(Holder(path));
                }

                if ((timeout.HasValue && watch.Elapsed >= timeout.Value) || cancellation.WaitHandle.WaitOne(100))
                {
                    return null;
                }
            }
        }

        /// <summary>Who holds the lock at <paramref name="path"/>, in words.</summary>
        public static string Holder(string path)
        {
            try
            {
                string[] parts = File.ReadAllText(path + OwnerSuffix, Encoding.UTF8).Trim().Split('\t');
                if (parts.Length >= 3)
                {
                    return "process " + parts[0] + ", build " + parts[1] + ", since " + parts[2];
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }

            return "another process";
        }

        public void Dispose()
        {
            FileStream? stream = Interlocked.Exchange(ref _stream, null);
            if (stream == null)
            {
                return;
            }

            OutputPublisher.TryDeleteFile(Path + OwnerSuffix);
            stream.Dispose();
        }

        private static FileStream? TryOpen(string path)
        {
            try
            {
                // FileShare.None is an exclusive lock on every platform (flock on Unix): a second open fails, in this
                // process or another, until the handle is closed.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                return null;
            }
        }

        private void WriteOwner(string session)
        {
            try
            {
                using var process = Process.GetCurrentProcess();
                File.WriteAllText(Path + OwnerSuffix,
                    process.Id.ToString(CultureInfo.InvariantCulture) + "\t" + session + "\t" + DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Only the waiting build's message is poorer.
            }
        }
    }

    /// <summary>
    /// obj/hugo/hugo.pid: the Hugo process a build started, so that the next build can stop it when the build that
    /// started it was killed (it would go on writing into the staging folder).
    /// </summary>
    internal static class HugoProcessRecord
    {
        public const string FileName = "hugo.pid";

        public static void Write(string intermediateDirectory, Process process)
        {
            try
            {
                File.WriteAllText(System.IO.Path.Combine(intermediateDirectory, FileName),
                    process.Id.ToString(CultureInfo.InvariantCulture) + "\t" + process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
            {
            }
        }

        public static void Clear(string intermediateDirectory) =>
            OutputPublisher.TryDeleteFile(System.IO.Path.Combine(intermediateDirectory, FileName));

        /// <summary>Stops the recorded Hugo if it still runs (same process id and start time). Returns its id, or 0.</summary>
        public static int StopLeftover(string intermediateDirectory)
        {
            string path = System.IO.Path.Combine(intermediateDirectory, FileName);
            int stopped = 0;
            try
            {
                if (!File.Exists(path))
                {
                    return 0;
                }

                string[] parts = File.ReadAllText(path).Trim().Split('\t');
                if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
                {
                    // GetProcessById throws ArgumentException when no such process runs.
                    using Process process = Process.GetProcessById(pid);
                    if (Math.Abs(process.StartTime.ToUniversalTime().Ticks - ticks) < TimeSpan.TicksPerSecond)
                    {
                        ProcessTree.Kill(process, ownProcessGroup: false);
                        process.WaitForExit(5000);
                        stopped = pid;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is ArgumentException)
            {
            }

            Clear(intermediateDirectory);
            return stopped;
        }
    }
}
