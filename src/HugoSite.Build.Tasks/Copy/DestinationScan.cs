using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

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
        /// <summary>Destination paths held by an entry of the wrong kind that stays.</summary>
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

        /// <summary>Walks the destination (folders listed on up to the options' parallelism of threads) and decides.</summary>
        public void Run(CancellationToken cancellationToken)
        {
            var roots = new List<WalkNode>();
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
                roots.Add(new WalkNode(root, new string[0], new ScanState(ScanMode.Planned, Preserved: false)));
            }

            TreeWalker.Walk(roots, _fs, _options.Parallelism, Expand, cancellationToken);
            foreach (var root in roots)
            {
                ScanPlanned(root);
            }

            if (_conflictFolders.Count > 0)
            {
                foreach (var file in _plan.Files)
                {
                    if ((file.Action == FileAction.Copy || file.Action == FileAction.SkipUnchanged) && IsBlocked(file.DestinationPath))
                    {
                        file.Action = FileAction.Failed;
                    }
                }
            }
        }

        /// <summary>
        /// Runs on walker threads: which sub-folders to list. Planned folders are always entered; in a mirror,
        /// unplanned ones too (to list what to remove), unless Preserve keeps them whole. Links are never entered.
        /// </summary>
        private void Expand(WalkNode node)
        {
            var state = (ScanState)node.State!;
            var entries = node.Entries;
            var children = new WalkNode?[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                if (entry.Kind != EntryKind.Directory)
                {
                    continue;
                }

                string path = node.Path + Path.DirectorySeparatorChar + entry.Name;
                if (state.Mode == ScanMode.StaleAll)
                {
                    children[i] = node.Child(entry.Name, ScanState.All);
                    continue;
                }

                string[] segments = node.SegmentsOf(entry.Name);
                if (state.Mode == ScanMode.Planned && _plan.Directories.Contains(path))
                {
                    children[i] = node.Child(entry.Name, new ScanState(ScanMode.Planned, state.Preserved || IsPreserved(segments)));
                }
                else if (state.Mode == ScanMode.Planned && _plan.ByDestination.ContainsKey(path))
                {
                    if (_options.Mirror && _plan.Complete)
                    {
                        // A folder where a file goes: listed whole, to clear it first.
                        children[i] = node.Child(entry.Name, ScanState.All);
                    }
                }
                else if (_options.Mirror && !state.Preserved && !IsPreserved(segments))
                {
                    children[i] = node.Child(entry.Name, PathPattern.AnyCouldMatchBelow(_options.Preserve, segments) ? ScanState.Stale : ScanState.All);
                }
            }

            node.Children = children;
        }

        /// <summary>A planned folder: planned entries are checked, unplanned ones are stale in a mirror.</summary>
        private void ScanPlanned(WalkNode node)
        {
            if (!Listed(node))
            {
                return;
            }

            var state = (ScanState)node.State!;
            var entries = node.Entries;
            for (int i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var child = node.Children![i];
                string path = node.Path + Path.DirectorySeparatorChar + entry.Name;
                if (_plan.Directories.Contains(path))
                {
                    if (entry.Kind == EntryKind.Directory)
                    {
                        ExistingDirectories.Add(path);
                        ScanPlanned(child!);
                    }
                    else
                    {
                        // A file or a link where a folder goes: writing into a link would write through it.
                        Obstruct(path, entry, "a folder", null);
                    }
                }
                else if (_plan.ByDestination.TryGetValue(path, out var file))
                {
                    CheckFile(file, path, entry, child);
                }
                else if (entry.Kind == EntryKind.Directory)
                {
                    if (child != null)
                    {
                        CollectTree(child, Stale);
                    }
                }
                else if (_options.Mirror && !state.Preserved && !IsPreserved(node.SegmentsOf(entry.Name)))
                {
                    Stale.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                }
            }
        }

        private void CheckFile(PlannedFile file, string path, FsEntry entry, WalkNode? listed)
        {
            file.Existing = entry.Kind;
            if (entry.Kind == EntryKind.Directory)
            {
                Obstruct(path, entry, "a file", listed);
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

        private void Obstruct(string path, FsEntry entry, string wanted, WalkNode? listed)
        {
            if (_options.Mirror && _plan.Complete)
            {
                if (entry.Kind != EntryKind.Directory)
                {
                    Obstacles.Add(new Removal(path, entry.Kind, entry.LinkToDirectory));
                    return;
                }

                var removals = new List<Removal>();
                if (listed != null && CollectTree(listed, removals))
                {
                    Obstacles.AddRange(removals);
                    return;
                }
            }

            // The sources' own disagreement (HSB1008) already failed this path: one cause, one error.
            if (_plan.ByDestination.TryGetValue(path, out var failed) && failed.Action == FileAction.Failed)
            {
                _conflictFolders.Add(path);
                return;
            }

            string found = entry.Kind == EntryKind.Directory ? "a folder" : entry.Kind == EntryKind.Link ? "a link" : "a file";
            _log.Error(CopyCodes.KindMismatch, path, _options.Mirror
                ? $"The destination '{path}' is {found} but the sources put {wanted} there, and this build removes nothing because of the errors above. Fix those and build again; the mirror then replaces it."
                : $"The destination '{path}' is {found} but the sources put {wanted} there. Remove it (or build with a mirror of this folder) and build again.");
            _conflictFolders.Add(path);
            if (_plan.ByDestination.TryGetValue(path, out var file))
            {
                file.Action = FileAction.Failed;
            }
        }

        /// <summary>
        /// Lists an unplanned folder for removal, content first, unless a Preserve pattern keeps something inside (a
        /// folder listed whole has no such pattern to check). Links are entries, never entered. True when the folder goes too.
        /// </summary>
        private bool CollectTree(WalkNode node, List<Removal> into)
        {
            if (!Listed(node))
            {
                return false;
            }

            bool preserving = ((ScanState)node.State!).Mode == ScanMode.Stale;
            bool all = true;
            var entries = node.Entries;
            for (int i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                var child = node.Children![i];
                if (entry.Kind == EntryKind.Directory)
                {
                    // The walk left preserved folders unlisted.
                    all &= child != null && CollectTree(child, into);
                }
                else if (preserving && IsPreserved(node.SegmentsOf(entry.Name)))
                {
                    all = false;
                }
                else
                {
                    into.Add(new Removal(node.Path + Path.DirectorySeparatorChar + entry.Name, entry.Kind, entry.LinkToDirectory));
                }
            }

            if (all)
            {
                into.Add(new Removal(node.Path, EntryKind.Directory, false));
            }

            return all;
        }

        private bool Listed(WalkNode node)
        {
            if (node.Error == null)
            {
                return true;
            }

            _log.Error(CopyCodes.CannotRead, node.Path, $"Cannot read the destination folder '{node.Path}': {node.Error.Message} Nothing is removed in this build; fix the permissions and build again.");
            Complete = false;
            return false;
        }

        private bool IsPreserved(string[] segments) => PathPattern.AnyMatches(_options.Preserve, segments);

        /// <summary>Whether the path is or lies below an entry of the wrong kind that stays: nothing is written there.</summary>
        public bool IsBlocked(string path)
        {
            foreach (string folder in _conflictFolders)
            {
                if (_plan.IsSameOrInside(path, folder))
                {
                    return true;
                }
            }

            return false;
        }

        private enum ScanMode
        {
            /// <summary>A folder the plan makes: its entries are checked one by one.</summary>
            Planned,

            /// <summary>A folder no source makes, with Preserve patterns that may keep something inside.</summary>
            Stale,

            /// <summary>A folder removed whole.</summary>
            StaleAll,
        }

        /// <param name="Preserved">Inside a folder a Preserve pattern matched: nothing below is stale.</param>
        private sealed record ScanState(ScanMode Mode, bool Preserved)
        {
            public static readonly ScanState All = new ScanState(ScanMode.StaleAll, false);

            public static readonly ScanState Stale = new ScanState(ScanMode.Stale, false);
        }
    }
}
