using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using HugoSite.Build.Tasks.Copy;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>What one incremental pass did.</summary>
    internal sealed class MirrorPass
    {
        public int Copied { get; set; }

        public int Removed { get; set; }

        public bool HadErrors { get; set; }
    }

    /// <summary>
    /// Brings the paths that changed in the sources up to date in the preview's work folder, and nothing else.
    /// Every changed path is resolved through the layers in the build's order (the later layer wins), copied by
    /// the copy phase's own runner with Include globs that name only the changed paths (so its walk touches only
    /// them, unchanged files are skipped, and a file is written under a temporary name and renamed into place),
    /// and what no layer provides any more is removed. Files that are in no layer and under no changed path
    /// (what components' commands generate, Hugo's resources/) are never touched.
    /// </summary>
    internal sealed class IncrementalMirror
    {
        private readonly IReadOnlyList<ServeLayer> _layers;
        private readonly IReadOnlyList<PathPattern> _preserve;
        private readonly ICopyLog _log;
        private readonly int _parallelism;

        public IncrementalMirror(IReadOnlyList<ServeLayer> layers, string workDirectory, IReadOnlyList<PathPattern> preserve, ICopyLog log, int parallelism = 4)
        {
            _layers = layers;
            WorkDirectory = ServeLayer.FullFolder(workDirectory);
            _preserve = preserve;
            _log = log;
            _parallelism = Math.Max(1, parallelism);
        }

        /// <summary>
        /// Passes of at most this many paths (an editor's save) walk and copy on the calling thread: starting and joining
        /// the runner's worker threads costs more than copying a file or two, most of all on a busy machine.
        /// </summary>
        internal const int SmallPass = 8;

        public string WorkDirectory { get; }

        /// <summary>Mirrors the given work-relative paths (files or folders, present or gone).</summary>
        public MirrorPass Sync(IEnumerable<string> workPaths, CancellationToken cancellationToken)
        {
            var pass = new MirrorPass();
            var paths = Minimize(workPaths);
            var folders = new List<string>();
            var includes = new List<string>?[_layers.Count];
            foreach (string path in paths)
            {
                var kind = Resolve(path, out var present);
                ClearObstacle(WorkPathOf(path), kind, pass);
                if (kind == EntryKind.Directory)
                {
                    folders.Add(path);
                }

                foreach (int index in present)
                {
                    string relative = _layers[index].FromWork(path)!;
                    (includes[index] ??= new List<string>()).Add(GlobFor(relative));
                }
            }

            var planned = Copy(includes, paths.Count <= SmallPass ? 1 : _parallelism, pass, cancellationToken);

            // A folder that changed: what is in it now, and no longer in any layer, goes (a rename or deletion inside it).
            foreach (string folder in folders)
            {
                RemoveStale(folder, planned, pass, cancellationToken);
            }

            return pass;
        }

        /// <summary>Copies from each layer what its Include globs name; the destination paths of every file the copy planned.</summary>
        private HashSet<string> Copy(List<string>?[] includes, int parallelism, MirrorPass pass, CancellationToken cancellationToken)
        {
            var sources = new List<CopySource>();
            var problems = new List<string>();
            for (int i = 0; i < _layers.Count; i++)
            {
                if (includes[i] is List<string> globs)
                {
                    var layer = _layers[i];
                    var include = PathPattern.ParseList(string.Join(";", globs), PathPattern.PlatformCaseSensitive, problems);
                    sources.Add(new CopySource(layer.SourceFolder, WorkPathOf(layer.WorkPath), include, layer.Exclude));
                }
            }

            var planned = new HashSet<string>(ServeLayer.PathComparer);
            if (sources.Count == 0)
            {
                return planned;
            }

            var options = new CopyOptions
            {
                Parallelism = parallelism,
                Retries = 3,
                RetryDelayMilliseconds = 50,
                Mirror = false,
                OverwriteReadOnlyFiles = true,
                CaseSensitive = PathPattern.PlatformCaseSensitive,
            };
            var result = new CopyRunner(PhysicalCopyFileSystem.Instance, new RaceFilter(this), options).Run(sources, cancellationToken);
            pass.Copied += result.CopiedCount;
            pass.HadErrors |= result.HadErrors;
            planned.UnionWith(result.Files.Select(f => f.DestinationPath));
            return planned;
        }

        /// <summary>Drops paths under another listed path (the folder covers them) and duplicates.</summary>
        internal List<string> Minimize(IEnumerable<string> workPaths)
        {
            var sorted = workPaths.Select(ServeLayer.Normalize).Where(p => p.Length > 0 && IsSafe(p)).ToList();
            sorted.Sort(ServeLayer.PathComparer);
            var result = new List<string>();
            foreach (string path in sorted)
            {
                if (result.Count > 0)
                {
                    string last = result[result.Count - 1];
                    if (ServeLayer.IsSameOrBelow(path, last))
                    {
                        continue;
                    }
                }

                result.Add(path);
            }

            return result;
        }

        private static bool IsSafe(string relative) =>
            relative.Split('/').All(s => s.Length > 0 && s != "." && s != "..") && !Path.IsPathRooted(relative);

        /// <summary>
        /// What the path is once composed: a folder when any layer has a folder there, else a file when any layer has
        /// one, else missing. <paramref name="present"/> lists the layers that provide it, in order.
        /// </summary>
        internal EntryKind Resolve(string workPath, out List<int> present)
        {
            present = new List<int>();
            bool folder = false;
            bool file = false;
            for (int i = 0; i < _layers.Count; i++)
            {
                var layer = _layers[i];
                string? relative = layer.FromWork(workPath);
                if (relative == null || relative.Length == 0 || layer.IsExcluded(relative))
                {
                    continue;
                }

                string source = layer.SourcePathOf(relative);
                if (Directory.Exists(source))
                {
                    folder = true;
                    present.Add(i);
                }
                else if (File.Exists(source))
                {
                    file = true;
                    present.Add(i);
                }
            }

            return folder ? EntryKind.Directory : file ? EntryKind.File : EntryKind.Missing;
        }

        /// <summary>Clears what is at the path in the work folder when it is not what the layers now make of it.</summary>
        private void ClearObstacle(string work, EntryKind kind, MirrorPass pass)
        {
            if (IsPreserved(work))
            {
                return;
            }

            try
            {
                if ((Directory.Exists(work) && kind != EntryKind.Directory) || (File.Exists(work) && kind != EntryKind.File))
                {
                    pass.Removed += Delete(work);
                }
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                pass.HadErrors = true;
                _log.Error(CopyCodes.RemoveFailed, work, $"Cannot remove '{work}' from the preview's work folder: {ex.Message} Close what holds it; the next change retries.");
            }
        }

        private void RemoveStale(string folder, HashSet<string> planned, MirrorPass pass, CancellationToken cancellationToken)
        {
            string root = WorkPathOf(folder);
            if (!Directory.Exists(root))
            {
                return;
            }

            var dirs = new List<string>();
            var stack = new Stack<string>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string dir = stack.Pop();
                dirs.Add(dir);
                string[] entries;
                try
                {
                    entries = Directory.GetFileSystemEntries(dir);
                }
                catch (Exception ex) when (CopyPlanner.IsIoException(ex))
                {
                    pass.HadErrors = true;
                    _log.Warning(CopyCodes.CannotRead, dir, $"Cannot list '{dir}' in the preview's work folder: {ex.Message} Stale files there stay until the preview restarts.");
                    continue;
                }

                foreach (string entry in entries)
                {
                    if (IsPreserved(entry))
                    {
                        continue;
                    }

                    if (Directory.Exists(entry) && !IsLink(entry))
                    {
                        stack.Push(entry);
                    }
                    else if (!planned.Contains(entry) && Resolve(RelativeOf(entry), out _) != EntryKind.File)
                    {
                        RemoveStaleEntry(entry, pass);
                    }
                }
            }

            RemoveEmptyFolders(dirs, pass);
        }

        /// <summary>Removes a file, or a link to a folder, that no layer provides any more.</summary>
        private void RemoveStaleEntry(string entry, MirrorPass pass)
        {
            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry);
                }
                else
                {
                    DeleteFile(entry);
                }

                pass.Removed++;
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                pass.HadErrors = true;
                _log.Error(CopyCodes.RemoveFailed, entry, $"Cannot remove the stale entry '{entry}' from the preview's work folder: {ex.Message} The next change retries.");
            }
        }

        /// <summary>Removes the empty folders that no layer has any more, deepest first.</summary>
        private void RemoveEmptyFolders(List<string> dirs, MirrorPass pass)
        {
            dirs.Sort((a, b) => b.Length.CompareTo(a.Length));
            foreach (string dir in dirs)
            {
                if (Resolve(RelativeOf(dir), out _) == EntryKind.Directory)
                {
                    continue;
                }

                try
                {
                    if (Directory.GetFileSystemEntries(dir).Length == 0)
                    {
                        Directory.Delete(dir);
                        pass.Removed++;
                    }
                }
                catch (Exception ex) when (CopyPlanner.IsIoException(ex))
                {
                    _log.Warning(CopyCodes.RemoveFailed, dir, $"Cannot remove the empty folder '{dir}' from the preview's work folder: {ex.Message}");
                }
            }
        }

        /// <summary>An Include glob that matches exactly this path ('*' and '?' in a name widen it to its folder).</summary>
        private static string GlobFor(string relative)
        {
            string path = relative;
            while (path.IndexOfAny(new[] { '*', '?', ';' }) >= 0)
            {
                int slash = path.LastIndexOf('/');
                if (slash < 0)
                {
                    return "**";
                }

                path = path.Substring(0, slash);
            }

            return path;
        }

        private bool IsPreserved(string fullPath)
        {
            if (_preserve.Count == 0)
            {
                return false;
            }

            string relative = RelativeOf(fullPath);
            return relative.Length == 0 || ServeLayer.IsOrIsInside(relative, _preserve);
        }

        internal string WorkPathOf(string relative) => ServeLayer.FullPath(WorkDirectory, relative);

        private string RelativeOf(string fullPath) =>
            fullPath.Length <= WorkDirectory.Length ? string.Empty : fullPath.Substring(WorkDirectory.Length + 1).Replace(Path.DirectorySeparatorChar, '/');

        /// <summary>
        /// Forwards the copy runner's reports, except a failed copy (and its retries) of a file that no layer provides any
        /// more: deleted between the walk and the copy, as in a burst. Its deletion is the next pass's work, not an error.
        /// </summary>
        private sealed class RaceFilter : ICopyLog
        {
            private readonly IncrementalMirror _mirror;

            public RaceFilter(IncrementalMirror mirror)
            {
                _mirror = mirror;
            }

            public bool LogsLowImportance => _mirror._log.LogsLowImportance;

            public void Error(string code, string? file, string message)
            {
                if (!Vanished(code, file))
                {
                    _mirror._log.Error(code, file, message);
                }
            }

            public void Warning(string code, string? file, string message)
            {
                if (!Vanished(code, file))
                {
                    _mirror._log.Warning(code, file, message);
                }
            }

            public void Message(MessageImportance importance, string message) => _mirror._log.Message(importance, message);

            private bool Vanished(string code, string? file)
            {
                if ((code != CopyCodes.CopyFailed && code != CopyCodes.Retrying) || string.IsNullOrEmpty(file) || !file!.StartsWith(_mirror.WorkDirectory, ServeLayer.PathComparison))
                {
                    return false;
                }

                return _mirror.Resolve(_mirror.RelativeOf(file), out _) != EntryKind.File;
            }
        }

        private static bool IsLink(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                return false;
            }
        }

        private static void DeleteFile(string path)
        {
            var attributes = File.GetAttributes(path);
            if ((attributes & FileAttributes.ReadOnly) != 0)
            {
                File.SetAttributes(path, attributes & ~FileAttributes.ReadOnly);
            }

            File.Delete(path);
        }

        /// <summary>Removes a file, a link (never followed) or a folder with everything in it; how many entries went.</summary>
        private static int Delete(string path)
        {
            if (!Directory.Exists(path))
            {
                DeleteFile(path);
                return 1;
            }

            int count = 1;
            if (!IsLink(path))
            {
                foreach (string entry in Directory.GetFileSystemEntries(path))
                {
                    count += Delete(entry);
                }
            }

            Directory.Delete(path);
            return count;
        }
    }
}
