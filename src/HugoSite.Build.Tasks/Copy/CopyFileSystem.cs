using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>What a path is, seen without following a link.</summary>
    internal enum EntryKind
    {
        Missing,
        File,
        Directory,

        /// <summary>A symbolic link (or Windows reparse point) to anything, or to nothing.</summary>
        Link,
    }

    /// <summary>
    /// One directory entry, as the file system reported it, links not followed: for files their size in bytes, for
    /// links whether they resolve to a folder.
    /// </summary>
    internal readonly record struct FsEntry(string Name, EntryKind Kind, long Length, DateTime LastWriteTimeUtc, bool IsReadOnly, bool LinkToDirectory = false)
    {
        public static FsEntry Missing(string name) => new FsEntry(name, EntryKind.Missing, 0, default, false);
    }

    /// <summary>
    /// The file operations the copy needs, and nothing more, so tests can make any of them fail on cue.
    /// Every method may throw the usual <see cref="IOException"/> family; callers classify and retry.
    /// </summary>
    internal interface ICopyFileSystem
    {
        /// <summary>The entries of a folder (hidden ones included), links reported as links, never followed; a new array the caller may reorder.</summary>
        FsEntry[] List(string directory);

        /// <summary>What is at the path, without following a final link. Missing when nothing is.</summary>
        FsEntry Stat(string path);

        /// <summary>What a link finally points at (files: size and time of the target). Missing when dangling.</summary>
        FsEntry StatTarget(string path);

        /// <summary>The full path a folder link finally resolves to, or null when it cannot be told.</summary>
        string? ResolveDirectoryLink(string path);

        /// <summary>Creates the folder and any missing parents; an existing folder is fine.</summary>
        void CreateDirectory(string path);

        /// <summary>
        /// Copies the content and permissions of <paramref name="source"/> to the new file <paramref name="destination"/>,
        /// which must not exist, and gives it the source's last-write time (<paramref name="lastWriteTimeUtc"/> as the
        /// walk saw it; default: read it from the source). Honours the token for large files.
        /// </summary>
        void CopyFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken);

        /// <summary>
        /// Copies like <see cref="CopyFile"/> straight to its final name, created exclusively. False, having written
        /// nothing, when something is already there or this file system cannot do it; the caller then writes under a
        /// temporary name and renames. When the copy fails or is cancelled after the file was created, the file is
        /// removed before the exception leaves: a file under <paramref name="destination"/> is complete when this
        /// returns true, and not there when it throws.
        /// </summary>
        bool TryCopyToNewFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken);

        /// <summary>Renames <paramref name="temporary"/> over <paramref name="destination"/> (a file or link, never written through).</summary>
        void Replace(string temporary, string destination);

        /// <summary>Deletes a file, a read-only file, or a link (never its target).</summary>
        void DeleteFile(string path);

        /// <summary>Deletes an empty folder, or a link to a folder (never its target).</summary>
        void DeleteDirectory(string path, bool isLink);
    }

    /// <summary>The real file system.</summary>
    internal sealed class PhysicalCopyFileSystem : ICopyFileSystem
    {
        /// <summary>Files at least this large are copied in chunks so cancellation is honoured mid-file.</summary>
        internal const long DefaultChunkedCopyThreshold = 32L * 1024 * 1024;

        private const int ChunkSize = 1024 * 1024;

        private readonly long _chunkedCopyThreshold;
        private readonly bool _systemCalls;
        private readonly Action<string>? _created;

        /// <param name="chunkedCopyThreshold">Size from which the managed copy goes in chunks (tests make it small).</param>
        /// <param name="systemCalls">Whether Linux may use its system calls directly (tests turn it off to cover the managed path).</param>
        /// <param name="created">Called with the path when the Linux copy has created a file, before its content (tests fail there).</param>
        internal PhysicalCopyFileSystem(long chunkedCopyThreshold = DefaultChunkedCopyThreshold, bool systemCalls = true, Action<string>? created = null)
        {
            _chunkedCopyThreshold = chunkedCopyThreshold;
            _systemCalls = systemCalls;
            _created = created;
        }

        public static PhysicalCopyFileSystem Instance { get; } = new PhysicalCopyFileSystem();

#if !NETFRAMEWORK
        private static readonly System.IO.EnumerationOptions ListOptions = new System.IO.EnumerationOptions
        {
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            RecurseSubdirectories = false,
            ReturnSpecialDirectories = false,
        };
#endif

        public FsEntry[] List(string directory)
        {
#if NETFRAMEWORK
            var infos = new DirectoryInfo(directory).GetFileSystemInfos();
            var entries = new FsEntry[infos.Length];
            for (int i = 0; i < infos.Length; i++)
            {
                entries[i] = FromInfo(infos[i].Name, infos[i]);
            }

            return entries;
#else
            // Enumerated as objects: the framework's enumerator and List<object> come precompiled, while the same
            // code for the FsEntry struct would be compiled in every fresh build process before the first folder is read.
            var boxed = new List<object>();
            var enumerable = new System.IO.Enumeration.FileSystemEnumerable<object>(
                directory,
                (ref System.IO.Enumeration.FileSystemEntry e) => FromEntry(ref e),
                ListOptions);
            foreach (object entry in enumerable)
            {
                boxed.Add(entry);
            }

            var entries = new FsEntry[boxed.Count];
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i] = (FsEntry)boxed[i];
            }

            return entries;
#endif
        }

        public FsEntry Stat(string path)
        {
            var info = new FileInfo(path);
            return FromInfo(info.Name, info);
        }

        public FsEntry StatTarget(string path)
        {
#if NETFRAMEWORK
            var info = new FileInfo(path);
            var entry = FromInfo(info.Name, info);
            if (entry.Kind == EntryKind.Link)
            {
                // .NET Framework cannot resolve links: report "a file of unknown size" so it is always copied.
                return Directory.Exists(path)
                    ? new FsEntry(info.Name, EntryKind.Directory, 0, default, false)
                    : File.Exists(path) ? new FsEntry(info.Name, EntryKind.File, -1, default, false) : FsEntry.Missing(info.Name);
            }

            return entry;
#else
            var info = new FileInfo(path);
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A link loop (ELOOP) or a target that cannot be reached behaves like a dangling link.
                return FsEntry.Missing(info.Name);
            }

            if (target == null)
            {
                // Not a link but another kind of reparse point (a cloud placeholder, a deduplicated file): its content is its own.
                return FromInfo(info.Name, info, plainReparsePoint: true);
            }

            var resolved = new FileInfo(target.FullName);
            var entry = FromInfo(info.Name, resolved);
            return entry.Kind == EntryKind.Link ? FsEntry.Missing(info.Name) : entry;
#endif
        }

        public string? ResolveDirectoryLink(string path) => FinalTarget(new DirectoryInfo(path));

        /// <summary>The full path a link finally resolves to, or null when it cannot be told (never on .NET Framework).</summary>
        internal static string? FinalTarget(FileSystemInfo link)
        {
#if NETFRAMEWORK
            return null;
#else
            try
            {
                return link.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
#endif
        }

        public void CreateDirectory(string path) => Directory.CreateDirectory(path);

        public void CopyFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
        {
#if !NETFRAMEWORK
            if (UseSystemCalls(lastWriteTimeUtc))
            {
                var done = LinuxFileOps.TryCopyFile(source, destination, length, lastWriteTimeUtc, cancellationToken, _created);
                if (done == LinuxFileOps.NativeCopy.Copied)
                {
                    return;
                }

                if (done == LinuxFileOps.NativeCopy.DestinationExists)
                {
                    throw new IOException($"The file '{destination}' already exists.");
                }
            }
#endif
            if (length < _chunkedCopyThreshold)
            {
                // The platform copy works in the kernel (copy_file_range/sendfile, CopyFileEx) and keeps the
                // last-write time and permissions; the destination name is new, so overwrite is never needed.
                File.Copy(source, destination, overwrite: false);
                return;
            }

            CopyInChunks(source, destination, cancellationToken);
        }

        public bool TryCopyToNewFile(string source, string destination, long length, DateTime lastWriteTimeUtc, CancellationToken cancellationToken)
        {
#if !NETFRAMEWORK
            // Only the Linux copy removes what it created on every failure; elsewhere the temporary name does that job.
            return UseSystemCalls(lastWriteTimeUtc)
                && LinuxFileOps.TryCopyFile(source, destination, length, lastWriteTimeUtc, cancellationToken, _created) == LinuxFileOps.NativeCopy.Copied;
#else
            return false;
#endif
        }

        public void Replace(string temporary, string destination)
        {
#if NETFRAMEWORK
            ClearReadOnly(destination);
            if (File.Exists(destination))
            {
                File.Delete(destination);
            }

            File.Move(temporary, destination);
#else
            if (OperatingSystem.IsWindows())
            {
                ClearReadOnly(destination);
            }

            if (_systemCalls && OperatingSystem.IsLinux() && LinuxFileOps.Enabled && LinuxFileOps.TryRename(temporary, destination))
            {
                return;
            }

            // rename(2) on Unix: atomic, replaces the name (a link stays untouched at its target).
            File.Move(temporary, destination, overwrite: true);
#endif
        }

        public void DeleteFile(string path)
        {
            if (PathCompat.IsWindows)
            {
                ClearReadOnly(path);
            }

            File.Delete(path);
        }

        /// <summary>Windows refuses to replace or delete a read-only file.</summary>
        private static void ClearReadOnly(string path)
        {
            var info = new FileInfo(path);
            if (info.Exists && info.IsReadOnly)
            {
                info.IsReadOnly = false;
            }
        }

        public void DeleteDirectory(string path, bool isLink)
        {
            if (isLink && !PathCompat.IsWindows)
            {
                // unlink removes the link itself; rmdir would refuse it.
                File.Delete(path);
                return;
            }

            // Never recursive: callers remove the content first, so a link inside is never followed.
            Directory.Delete(path, recursive: false);
        }

#if !NETFRAMEWORK
        [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
        private bool UseSystemCalls(DateTime lastWriteTimeUtc) =>
            _systemCalls && lastWriteTimeUtc != default && OperatingSystem.IsLinux() && LinuxFileOps.Enabled;
#endif

        private static void CopyInChunks(string source, string destination, CancellationToken cancellationToken)
        {
            bool complete = false;
            try
            {
                using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    output.SetLength(input.Length);
                    byte[] buffer = new byte[ChunkSize];
                    int read;
                    while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        output.Write(buffer, 0, read);
                    }

                    output.SetLength(output.Position);
                }

                File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source));
#if !NETFRAMEWORK
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, File.GetUnixFileMode(source));
                }
                else
#endif
                {
                    File.SetAttributes(destination, File.GetAttributes(source) & (FileAttributes.ReadOnly | FileAttributes.Hidden | FileAttributes.Archive));
                }

                complete = true;
            }
            finally
            {
                if (!complete)
                {
                    // A partial file that cannot go now is left for a later mirror to remove.
                    Output.OutputPublisher.TryDeleteFile(destination);
                }
            }
        }

        private static FsEntry FromInfo(string name, FileSystemInfo info, bool plainReparsePoint = false)
        {
            var attributes = info.Attributes;
            if ((int)attributes == -1)
            {
                return FsEntry.Missing(name);
            }

            bool readOnly = (attributes & FileAttributes.ReadOnly) != 0;
            if ((attributes & FileAttributes.ReparsePoint) != 0 && !plainReparsePoint)
            {
                return new FsEntry(name, EntryKind.Link, 0, default, readOnly, (attributes & FileAttributes.Directory) != 0 || Directory.Exists(info.FullName));
            }

            if ((attributes & FileAttributes.Directory) != 0)
            {
                return new FsEntry(name, EntryKind.Directory, 0, info.LastWriteTimeUtc, readOnly);
            }

            long length = info is FileInfo file ? file.Length : new FileInfo(info.FullName).Length;
            return new FsEntry(name, EntryKind.File, length, info.LastWriteTimeUtc, readOnly);
        }

#if !NETFRAMEWORK
        private static FsEntry FromEntry(ref System.IO.Enumeration.FileSystemEntry entry)
        {
            string name = entry.FileName.ToString();
            var attributes = entry.Attributes;
            bool readOnly = (attributes & FileAttributes.ReadOnly) != 0;
            if ((attributes & FileAttributes.ReparsePoint) != 0)
            {
                return new FsEntry(name, EntryKind.Link, 0, default, readOnly, entry.IsDirectory);
            }

            if (entry.IsDirectory)
            {
                return new FsEntry(name, EntryKind.Directory, 0, default, readOnly);
            }

            return new FsEntry(name, EntryKind.File, entry.Length, entry.LastWriteTimeUtc.UtcDateTime, readOnly);
        }
#endif

        /// <summary>The id of this process, for temporary names that never collide with another build's.</summary>
        internal static int ProcessId { get; } = GetProcessId();

        private static int GetProcessId()
        {
#if NETFRAMEWORK
            using var process = Process.GetCurrentProcess();
            return process.Id;
#else
            return Environment.ProcessId;
#endif
        }
    }
}
