using System;
using System.Collections.Generic;
using System.IO;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// One walk of the destination, links never followed, before anything is written. It decides, per planned
    /// file, copy or skip (same size and UTC last-write time); finds which planned folders already exist; and,
    /// for a mirror, lists everything no source produces (minus Preserve), deepest entries first.
    /// Outside a mirror it only enters planned folders, so unrelated trees next to the copy cost nothing.
    /// </summary>
    internal sealed class DestinationScan
    {
        private readonly ICopyFileSystem _fs;
        private readonly ICopyLog _log;
        private readonly CopyOptions _options;
        private readonly CopyPlan _plan;
        private readonly List<string> _conflictFolders = new List<string>();

        public DestinationScan(ICopyFileSystem fs, ICopyLog log, CopyOptions options, CopyPlan plan)
        {
            _fs = fs;
            _log = log;
            _options = options;
            _plan = plan;
            ExistingDirectories = new HashSet<string>(plan.Comparer);
        }

        /// <summary>Planned folders that exist already as real folders.</summary>
        public HashSet<string> ExistingDirectories { get; }

        /// <summary>Entries in the way of a planned file or folder (a folder where a file goes, or the reverse); a mirror removes them first.</summary>
        public List<Removal> Obstacles { get; } = new List<Removal>();

        /// <summary>Entries no source produces, for a mirror to remove after every copy succeeded. Children before parents.</summary>
        public List<Removal> Stale { get; } = new List<Removal>();

        /// <summary>False when some destination folder could not be read: then nothing may be removed.</summary>
        public bool Complete { get; private set; } = true;

        public void Run()
        {
            foreach (string root in _plan.ScanRoots)
            {
                var entry = _fs.Stat(root);
                if (entry.Kind == EntryKind.Link)
                {
                    // A destination root may itself be a link to a folder (the user made it so); its content is ours.
                    entry = _fs.StatTarget(root);
                }

                if (entry.Kind == EntryKind.Missing)
                {
                    continue;
                }

                if (entry.Kind != EntryKind.Directory)
                {
                    _log.Error(CopyCodes.KindMismatch, root, $"The destination '{root}' is a file, not a folder. Remove or rename it; it is never replaced automatically.");
                    _conflictFolders.Add(root);
                    Complete = false;
                    continue;
                }

                ExistingDirectories.Add(root);
                ScanPlanned(root, new List<string>(), preserved: false);
            }

            if (_conflictFolders.Count > 0)
            {
                FailFilesUnderConflicts();
            }
        }

        /// <summary>Walks a planned folder: planned entries are checked, unplanned ones are stale in a mirror.</summary>
        private void ScanPlanned(string dir, List<string> segments, bool preserved)
        {
            var entries = List(dir);
            if (entries == null)
            {
                return;
            }

            foreach (var entry in entries)
            {
                string path = dir + Path.DirectorySeparatorChar + entry.Name;
                segments.Add(entry.Name);
                if (_plan.Directories.Contains(path))
                {
                    if (entry.Kind == EntryKind.Directory)
                    {
                        ExistingDirectories.Add(path);
                        ScanPlanned(path, segments, preserved || IsPreserved(segments));
                    }
                    else
                    {
                        // A file or a link where a folder goes: writing into a link would write through it.
                        Obstruct(path, entry, "a folder");
                    }
                }
                else if (_plan.ByDestination.TryGetValue(path, out var file))
                {
                    CheckFile(file, path, entry);
                }
                else if (_options.Mirror && !preserved && !IsPreserved(segments))
                {
                    if (entry.Kind == EntryKind.Directory)
                    {
                        ScanStale(path, segments);
                    }
                    else
                    {
                        Stale.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                    }
                }

                segments.RemoveAt(segments.Count - 1);
            }
        }

        private void CheckFile(PlannedFile file, string path, FsEntry entry)
        {
            file.Existing = entry.Kind;
            file.ExistingIsReadOnly = entry.IsReadOnly;
            if (entry.Kind == EntryKind.Directory)
            {
                Obstruct(path, entry, "a file");
                return;
            }

            if (file.Action != FileAction.Copy || entry.Kind != EntryKind.File)
            {
                // Self-copies stay untouched; a link is always replaced by a real file, never written through.
                return;
            }

            if (file.Length >= 0 && entry.Length == file.Length && entry.LastWriteTimeUtc == file.LastWriteTimeUtc)
            {
                file.Action = FileAction.SkipUnchanged;
                return;
            }

            if (entry.IsReadOnly && !_options.OverwriteReadOnlyFiles)
            {
                _log.Error(CopyCodes.ReadOnlyDestination, path, $"The destination file '{path}' is read-only and differs from '{file.SourcePath}'. Make it writable, or set OverwriteReadOnlyFiles=true to replace read-only files.");
                file.Action = FileAction.Failed;
            }
        }

        private void Obstruct(string path, FsEntry entry, string wanted)
        {
            if (_options.Mirror && _plan.Complete)
            {
                if (entry.Kind == EntryKind.Directory)
                {
                    var removals = new List<Removal>();
                    if (CollectTree(path, removals))
                    {
                        Obstacles.AddRange(removals);
                    }
                }
                else
                {
                    Obstacles.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                }

                return;
            }

            string found = entry.Kind == EntryKind.Directory ? "a folder" : entry.Kind == EntryKind.Link ? "a link" : "a file";
            _log.Error(CopyCodes.KindMismatch, path, $"The destination '{path}' is {found} but the sources put {wanted} there. Remove it (or build with a mirror of this folder) and build again.");
            _conflictFolders.Add(path);
            if (_plan.ByDestination.TryGetValue(path, out var file))
            {
                file.Action = FileAction.Failed;
            }
        }

        /// <summary>An unplanned folder in a mirror: removed whole, unless a Preserve pattern may keep something inside.</summary>
        private bool ScanStale(string dir, List<string> segments)
        {
            bool mayKeep = false;
            foreach (var pattern in _options.Preserve)
            {
                if (pattern.CouldMatchBelow(segments))
                {
                    mayKeep = true;
                    break;
                }
            }

            if (!mayKeep)
            {
                return CollectTree(dir, Stale);
            }

            var entries = List(dir);
            if (entries == null)
            {
                return false;
            }

            bool removeAll = true;
            foreach (var entry in entries)
            {
                string path = dir + Path.DirectorySeparatorChar + entry.Name;
                segments.Add(entry.Name);
                if (IsPreserved(segments))
                {
                    removeAll = false;
                }
                else if (entry.Kind == EntryKind.Directory)
                {
                    removeAll &= ScanStale(path, segments);
                }
                else
                {
                    Stale.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                }

                segments.RemoveAt(segments.Count - 1);
            }

            if (removeAll)
            {
                Stale.Add(new Removal(dir, EntryKind.Directory, false));
            }

            return removeAll;
        }

        /// <summary>Lists a whole folder for removal, content first; links are entries, never entered.</summary>
        private bool CollectTree(string dir, List<Removal> into)
        {
            var entries = List(dir);
            if (entries == null)
            {
                return false;
            }

            bool all = true;
            foreach (var entry in entries)
            {
                string path = dir + Path.DirectorySeparatorChar + entry.Name;
                if (entry.Kind == EntryKind.Directory)
                {
                    all &= CollectTree(path, into);
                }
                else
                {
                    into.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                }
            }

            if (all)
            {
                into.Add(new Removal(dir, EntryKind.Directory, false));
            }

            return all;
        }

        private IReadOnlyList<FsEntry>? List(string dir)
        {
            try
            {
                return _fs.List(dir);
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                _log.Error(CopyCodes.CannotRead, dir, $"Cannot read the destination folder '{dir}': {ex.Message} Nothing is removed in this build; fix the permissions and build again.");
                Complete = false;
                return null;
            }
        }

        private bool IsPreserved(List<string> segments)
        {
            foreach (var pattern in _options.Preserve)
            {
                if (pattern.Matches(segments))
                {
                    return true;
                }
            }

            return false;
        }

        private void FailFilesUnderConflicts()
        {
            foreach (var file in _plan.Files)
            {
                if (file.Action != FileAction.Copy && file.Action != FileAction.SkipUnchanged)
                {
                    continue;
                }

                foreach (string folder in _conflictFolders)
                {
                    if (file.DestinationPath.Length > folder.Length
                        && file.DestinationPath.StartsWith(folder, _plan.Comparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)
                        && file.DestinationPath[folder.Length] == Path.DirectorySeparatorChar)
                    {
                        file.Action = FileAction.Failed;
                        break;
                    }
                }
            }
        }
    }
}
