using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// Checks every file of a cache entry against its manifest, on two threads: a thread-pool thread starts at once,
    /// while the restoring thread assembles the new tree (private until the swap), then joins in on what is left
    /// and waits for the last file. Should the pool thread never start, the restoring thread checks every file.
    /// </summary>
    internal sealed class EntryVerifier
    {
        private readonly IReadOnlyList<ManifestFile> _files;
        private readonly string _root;
        private readonly bool _hashContent;
        private readonly CancellationToken _cancellation;
        private readonly object _gate = new object();
        private int _next = -1;
        private int _busy;
        private string? _problem;
        private ExceptionDispatchInfo? _error;

        /// <param name="files">The manifest's files.</param>
        /// <param name="root">The entry's files folder.</param>
        /// <param name="verify">Content: size and SHA-256; metadata: size, time and read-only mode.</param>
        /// <param name="cancellation">Stops the check between files.</param>
        public EntryVerifier(IReadOnlyList<ManifestFile> files, string root, VerifyMode verify, CancellationToken cancellation)
        {
            _files = files;
            _root = root;
            _hashContent = verify == VerifyMode.Content;
            _cancellation = cancellation;
        }

        /// <summary>Starts checking on a thread-pool thread.</summary>
        public void Start() => ThreadPool.QueueUserWorkItem(_ => Work());

        /// <summary>
        /// Checks what is left on this thread, waits for the other, and returns the first problem found, null when
        /// every file matches. Throws what either thread could not read past (an unreadable file, cancellation).
        /// </summary>
        public string? Finish()
        {
            Work();
            lock (_gate)
            {
                while (_busy > 0)
                {
                    Monitor.Wait(_gate);
                }
            }

            _error?.Throw();
            return _problem;
        }

        /// <summary>Null when the file matches the manifest: by size and hash, or without a hasher by size, time and read-only mode.</summary>
        internal static string? Verify(string path, ManifestFile expected, ContentHash? hasher)
        {
            if (hasher == null)
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    return expected.Relative + " is missing";
                }

                return info.Length != expected.Size ? expected.Relative + " has changed size"
                    : info.LastWriteTimeUtc.Ticks == expected.LastWriteTicks && (info.Attributes & FileAttributes.ReadOnly) != 0 ? null
                    : expected.Relative + " has been written to";
            }

            // One open per file: its size comes from the open file, then its bytes.
            FileStream stream;
            try
            {
                stream = ContentHash.OpenRead(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException
                                       || (ex is UnauthorizedAccessException && Directory.Exists(path)))
            {
                return expected.Relative + " is missing";
            }

            using (stream)
            {
                if (stream.Length != expected.Size)
                {
                    return expected.Relative + " has changed size";
                }

                return string.Equals(hasher.OfStream(stream), expected.Hash, StringComparison.Ordinal)
                    ? null
                    : expected.Relative + " has changed content";
            }
        }

        /// <summary>Takes files off the shared list until none is left or one failed. Never throws: a pool thread must not.</summary>
        private void Work()
        {
            lock (_gate)
            {
                _busy++;
            }

            ContentHash? hasher = _hashContent ? new ContentHash() : null;
            try
            {
                while (Volatile.Read(ref _problem) == null && Volatile.Read(ref _error) == null)
                {
                    int i = Interlocked.Increment(ref _next);
                    if (i >= _files.Count)
                    {
                        break;
                    }

                    _cancellation.ThrowIfCancellationRequested();
                    ManifestFile file = _files[i];
                    string? problem = Verify(FileTree.Under(_root, file.Relative), file, hasher);
                    if (problem != null)
                    {
                        Interlocked.CompareExchange(ref _problem, problem, null);
                    }
                }
            }
#pragma warning disable CA1031 // Handed to Finish, which rethrows it on the restoring thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(ex), null);
            }
            finally
            {
                hasher?.Dispose();
                lock (_gate)
                {
                    _busy--;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
