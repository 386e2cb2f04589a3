using System.Collections.Concurrent;
using System.Diagnostics;
using HugoSite.Build.Tasks.Copy;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests.Copy
{
    /// <summary>How a test runs the copy: every behaviour is checked both ways.</summary>
    public enum Mode
    {
        Parallel,
        Sequential,
    }

    internal static class CopyTestSupport
    {
        public static ParallelCopy NewTask(TestEngine engine, Mode mode, params ITaskItem[] sources)
        {
            return new ParallelCopy
            {
                BuildEngine = engine.Object,
                Sources = sources,
                Parallel = mode == Mode.Parallel,
                MaxParallelism = mode == Mode.Parallel ? 4 : 0,
                RetryDelayMilliseconds = 0,
            };
        }

        public static ITaskItem Source(string folder, string destination, string? include = null, string? exclude = null)
        {
            var item = new TaskItem(CopyTaskItems.EscapeItemSpec(folder));
            item.SetMetadata("DestinationFolder", CopyTaskItems.EscapeItemSpec(destination));
            if (include != null)
            {
                item.SetMetadata("Include", include);
            }

            if (exclude != null)
            {
                item.SetMetadata("Exclude", exclude);
            }

            return item;
        }

        /// <summary>Every file under a folder as "relative/path=content", sorted, for whole-tree assertions.</summary>
        public static string Tree(string root)
        {
            if (!Directory.Exists(root))
            {
                return "<missing>";
            }

            var lines = new List<string>();
            foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            {
                if (!Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    lines.Add(Path.GetRelativePath(root, dir).Replace('\\', '/') + "/");
                }
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                lines.Add(Path.GetRelativePath(root, file).Replace('\\', '/') + "=" + File.ReadAllText(file));
            }

            lines.Sort(StringComparer.Ordinal);
            return string.Join("\n", lines);
        }

        public static string[] TemporaryFiles(string root) =>
            Directory.Exists(root)
                ? Directory.EnumerateFiles(root, ".hsb*.tmp", SearchOption.AllDirectories).ToArray()
                : Array.Empty<string>();

        public static void SetTime(string path, DateTime utc) => File.SetLastWriteTimeUtc(path, utc);

        public static void RunTool(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            string err = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, file + " failed: " + err);
        }
    }

    /// <summary>
    /// The real file system with failures on cue: a rule sees (operation, path, attempt) and may throw; every
    /// call is recorded, and concurrency of CopyFile is measured. Operations: the interface's names, "Create"
    /// (destination) just before a copy straight to the final name, and "Write" (the file just created by the
    /// Linux copy, before its content), where a failure is one in the middle of a real copy.
    /// </summary>
    internal sealed class FaultyFileSystem : ICopyFileSystem
    {
        // The copy running on this thread, for the hook the real file system calls once it created the file.
        [ThreadStatic]
        private static bool t_created;

        [ThreadStatic]
        private static string? t_source;

        [ThreadStatic]
        private static CancellationToken t_token;

        private readonly ICopyFileSystem _inner;
        private readonly ConcurrentDictionary<string, int> _attempts = new();
        private int _concurrent;

        public FaultyFileSystem()
        {
            _inner = new PhysicalCopyFileSystem(created: Created);
        }

        public ConcurrentQueue<string> Calls { get; } = new();

        /// <summary>(operation, path, attempt from 1) → exception to throw, or null to go ahead.</summary>
        public Func<string, string, int, Exception?>? Fail { get; set; }

        /// <summary>
        /// Runs inside a copy (source, file being written, token) once the file exists, before its content (blocking,
        /// counting, cancelling, ...); after the copy where the managed copy ran.
        /// </summary>
        public Action<string, string, CancellationToken>? DuringCopy { get; set; }

        public int MaxConcurrentCopies { get; private set; }

        /// <summary>Calls of an operation ("CopyFile"), or of an operation on one path ("CopyFile /a/b").</summary>
        public int Count(string call) => Calls.Count(c => c == call || c.StartsWith(call + " ", StringComparison.Ordinal));

        public FsEntry[] List(string directory)
        {
            Before("List", directory);
            return _inner.List(directory);
        }

        public FsEntry Stat(string path)
        {
            Before("Stat", path);
            return _inner.Stat(path);
        }

        public FsEntry StatTarget(string path)
        {
            Before("StatTarget", path);
            return _inner.StatTarget(path);
        }

        public string? ResolveDirectoryLink(string path) => _inner.ResolveDirectoryLink(path);

        public void CreateDirectory(string path)
        {
            Before("CreateDirectory", path);
            _inner.CreateDirectory(path);
        }

        public void CopyFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
        {
            Before("CopyFile", source);
            Copying(source, cancellationToken, () =>
            {
                _inner.CopyFile(source, destination, length, lastWriteTimeUtc, cancellationToken);
                return true;
            }, destination);
        }

        public bool TryCopyToNewFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
        {
            Before("CopyFile", source);
            Before("Create", destination);
            return Copying(source, cancellationToken, () => _inner.TryCopyToNewFile(source, destination, length, lastWriteTimeUtc, cancellationToken), destination);
        }

        public void Replace(string temporary, string destination)
        {
            Before("Replace", destination);
            _inner.Replace(temporary, destination);
        }

        public void DeleteFile(string path)
        {
            Before("DeleteFile", path);
            _inner.DeleteFile(path);
        }

        public void DeleteDirectory(string path, bool isLink)
        {
            Before("DeleteDirectory", path);
            _inner.DeleteDirectory(path, isLink);
        }

        private bool Copying(string source, CancellationToken cancellationToken, Func<bool> copy, string destination)
        {
            int now = Interlocked.Increment(ref _concurrent);
            lock (this)
            {
                MaxConcurrentCopies = Math.Max(MaxConcurrentCopies, now);
            }

            try
            {
                t_created = false;
                t_token = cancellationToken;
                t_source = source;
                bool done = copy();
                if (done && !t_created)
                {
                    DuringCopy?.Invoke(source, destination, cancellationToken);
                }

                return done;
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        }

        private void Created(string path)
        {
            t_created = true;
            Before("Write", path);
            DuringCopy?.Invoke(t_source!, path, t_token);
        }

        private void Before(string operation, string path)
        {
            Calls.Enqueue(operation + " " + path);
            int attempt = _attempts.AddOrUpdate(operation + " " + path, 1, (_, n) => n + 1);
            var ex = Fail?.Invoke(operation, path, attempt);
            if (ex != null)
            {
                throw ex;
            }
        }
    }
}
