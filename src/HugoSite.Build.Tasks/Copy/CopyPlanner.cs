using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>Every destination file with its one winning source, and every folder the copy must make.</summary>
    internal sealed class CopyPlan
    {
        public CopyPlan(bool caseSensitive)
        {
            Comparer = caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
            Comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            ByDestination = new Dictionary<string, PlannedFile>(Comparer);
            Directories = new HashSet<string>(Comparer);
        }

        public StringComparer Comparer { get; }

        public StringComparison Comparison { get; }

        /// <summary>In plan order: sources in the order given, each walked depth-first with names sorted.</summary>
        public List<PlannedFile> Files { get; } = new List<PlannedFile>();

        public Dictionary<string, PlannedFile> ByDestination { get; }

        /// <summary>Full paths of every destination folder the result must contain.</summary>
        public HashSet<string> Directories { get; }

        /// <summary>Folders where the destination walk starts: no one inside another.</summary>
        public List<string> ScanRoots { get; } = new List<string>();

        /// <summary>Links followed that point outside every source and link root, in plan order: link path, target.</summary>
        public List<KeyValuePair<string, string>> ExternalLinks { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>False when a source was missing or could not be read: the plan then misses files, so nothing may be removed.</summary>
        public bool Complete { get; set; } = true;

        /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it (full paths).</summary>
        public bool IsSameOrInside(string path, string folder)
        {
            string trimmedFolder = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (string.Equals(path, trimmedFolder, Comparison))
            {
                return true;
            }

            return path.Length > trimmedFolder.Length + 1
                && path.StartsWith(trimmedFolder, Comparison)
                && (path[trimmedFolder.Length] == Path.DirectorySeparatorChar || path[trimmedFolder.Length] == Path.AltDirectorySeparatorChar
                    || trimmedFolder.Length == 0);
        }
    }

    /// <summary>Walks the source trees (the task's own walk, no item globbing) and builds the <see cref="CopyPlan"/>.</summary>
    internal sealed class CopyPlanner
    {
        private const int MaxLinkDepth = 40;

        private readonly ICopyFileSystem _fs;
        private readonly ICopyLog _log;
        private readonly CopyOptions _options;
        private readonly CopyPlan _plan;
        private readonly StringComparison _comparison;
        private readonly HashSet<string> _guarded;
        private List<string>? _linkRoots;

        public CopyPlanner(ICopyFileSystem fs, ICopyLog log, CopyOptions options)
        {
            _fs = fs;
            _log = log;
            _options = options;
            _plan = new CopyPlan(options.CaseSensitive);
            _comparison = _plan.Comparison;
            _guarded = new HashSet<string>(_plan.Comparer);
        }

        /// <summary>
        /// Checks what can be checked from the paths alone, before any I/O. Returns false (with errors logged)
        /// when the sources and destinations must not be used.
        /// </summary>
        public bool Validate(IReadOnlyList<CopySource> sources)
        {
            if (!_options.Mirror)
            {
                return true;
            }

            bool ok = true;
            var roots = MirrorRoots(sources);
            foreach (string root in roots)
            {
                if (string.Equals(Path.GetPathRoot(root)?.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), _comparison) || root.Length == 0)
                {
                    _log.Error(CopyCodes.UnsafeMirrorRoot, root, $"The mirror root '{root}' is the root of a drive or file system; a mirror there would remove everything else on it. Set MirrorRoot (or DestinationFolder) to a folder the build owns.");
                    ok = false;
                }
            }

            foreach (var source in sources)
            {
                if (_options.MirrorRoot != null && !_plan.IsSameOrInside(source.DestinationFolder, _options.MirrorRoot))
                {
                    _log.Error(CopyCodes.UnsafeMirrorRoot, source.DestinationFolder, $"The destination folder '{source.DestinationFolder}' is outside the mirror root '{_options.MirrorRoot}'. Put every DestinationFolder inside MirrorRoot, or leave MirrorRoot empty to mirror each destination folder.");
                    ok = false;
                }

                foreach (string root in roots)
                {
                    if (_plan.IsSameOrInside(source.SourceFolder, root))
                    {
                        _log.Error(CopyCodes.UnsafeMirrorRoot, source.SourceFolder, $"The source folder '{source.SourceFolder}' is inside the mirror root '{root}', so mirroring would remove source files. Mirror into a folder that holds no sources.");
                        ok = false;
                    }
                }
            }

            return ok;
        }

        /// <summary>
        /// Walks every source (folders listed on up to the options' parallelism of threads), then builds the plan
        /// on one thread in source order, depth first, names sorted: later sources win where two produce the same
        /// destination path, and the result never depends on timing.
        /// </summary>
        public CopyPlan Build(IReadOnlyList<CopySource> sources, CancellationToken cancellationToken)
        {
            if (_options.MirrorRoot != null)
            {
                _guarded.Add(_options.MirrorRoot);
            }

            if (_options.LinkRoots != null)
            {
                _linkRoots = new List<string>();
                foreach (string root in _options.LinkRoots)
                {
                    if (!string.IsNullOrWhiteSpace(root))
                    {
                        _linkRoots.Add(RealPath(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
                    }
                }
            }

            var roots = new List<WalkNode>();
            foreach (var source in sources)
            {
                _guarded.Add(source.DestinationFolder);
                _linkRoots?.Add(RealPath(source.SourceFolder));
                if (CheckSourceRoot(source))
                {
                    roots.Add(new WalkNode(source.SourceFolder, new string[0], new PlanState(source, source.DestinationFolder, source.Include.Count == 0, null)));
                }
                else
                {
                    _plan.Complete = false;
                }
            }

            TreeWalker.Walk(roots, _fs, _options.Parallelism, Expand, cancellationToken);
            foreach (var root in roots)
            {
                _plan.Directories.Add(((PlanState)root.State!).DestinationFolder);
                Collect(root);
            }

            AddScanRoots(sources);
            FindSourceConflicts();
            FindCaseTwins();
            return _plan;
        }

        private IReadOnlyList<string> MirrorRoots(IReadOnlyList<CopySource> sources)
        {
            if (_options.MirrorRoot != null)
            {
                return new[] { _options.MirrorRoot };
            }

            var roots = new List<string>();
            foreach (var source in sources)
            {
                roots.Add(source.DestinationFolder);
            }

            return roots;
        }

        private bool CheckSourceRoot(CopySource source)
        {
            var root = _fs.Stat(source.SourceFolder);
            if (root.Kind == EntryKind.Link)
            {
                root = _fs.StatTarget(source.SourceFolder);
            }

            if (root.Kind == EntryKind.Directory)
            {
                return true;
            }

            string what = root.Kind == EntryKind.Missing ? "does not exist" : "is a file, not a folder";
            _log.Error(CopyCodes.MissingSource, source.SourceFolder, $"The source folder '{source.SourceFolder}' {what}. Check the path (relative paths are relative to the project folder), or remove the item.");
            return false;
        }

        /// <summary>
        /// Runs on walker threads: resolves links, applies Include/Exclude (pruning folders no pattern can
        /// reach), and picks the sub-folders to walk. Touches nothing shared but read-only state.
        /// </summary>
        private void Expand(WalkNode node)
        {
            var state = (PlanState)node.State!;
            var source = state.Source;
            bool filtered = source.Include.Count > 0 || source.Exclude.Count > 0;
            string[]? segments = null;
            if (filtered)
            {
                segments = new string[node.Segments.Length + 1];
                Array.Copy(node.Segments, segments, node.Segments.Length);
            }

            var entries = node.Entries;
            var kept = new List<FsEntry>(entries.Length);
            var children = new List<WalkNode?>(entries.Length);
            foreach (var original in entries)
            {
                var entry = original;
                string sourcePath = node.Path + Path.DirectorySeparatorChar + entry.Name;
                if (entry.Kind == EntryKind.Link)
                {
                    var target = _fs.StatTarget(sourcePath);
                    if (target.Kind == EntryKind.Missing)
                    {
                        node.Note(WalkNoteKind.Warning, CopyCodes.DanglingLink, sourcePath, $"The link '{sourcePath}' points at nothing and is not copied. Remove the link or fix its target.");
                        continue;
                    }

                    entry = new FsEntry(entry.Name, target.Kind == EntryKind.Directory ? EntryKind.Link : EntryKind.File, target.Length, target.LastWriteTimeUtc, target.IsReadOnly, target.Kind == EntryKind.Directory);
                    if (_linkRoots != null && (state.Links == null || IsInsideLinkRoots(state.Links.Target)) && ExternalTarget(sourcePath, target.Kind == EntryKind.Directory) is string outside)
                    {
                        if (!_options.FollowExternalLinks)
                        {
                            node.Note(WalkNoteKind.Message, CopyCodes.ExternalLink, sourcePath, $"The link '{sourcePath}' points outside the site's sources, at '{outside}'; it is not copied (HugoFollowExternalLinks=false).");
                            continue;
                        }

                        (node.ExternalLinks ??= new List<KeyValuePair<string, string>>()).Add(new KeyValuePair<string, string>(sourcePath, outside));
                        node.Note(WalkNoteKind.Warning, CopyCodes.ExternalLink, sourcePath, $"The link '{sourcePath}' points outside the site's sources, at '{outside}'; what it points at is copied and published like the site's own files. Keep the link if that is meant; otherwise remove it, or set HugoFollowExternalLinks=false to skip such links.");
                    }
                }

                bool isFolder = entry.Kind != EntryKind.File;
                bool childIncluded = state.Included;
                if (filtered)
                {
                    segments![segments.Length - 1] = entry.Name;
                    bool matched = PathPattern.AnyMatches(source.Include, segments);
                    bool keep = !PathPattern.AnyMatches(source.Exclude, segments) && (state.Included || matched || (isFolder && PathPattern.AnyCouldMatchBelow(source.Include, segments)));
                    if (!keep)
                    {
                        continue;
                    }

                    childIncluded |= matched;
                }

                WalkNode? child = null;
                if (isFolder)
                {
                    if (_guarded.Contains(sourcePath))
                    {
                        // A destination inside its source (or inside another source) would copy the copy on every build.
                        node.Note(WalkNoteKind.Message, string.Empty, sourcePath, $"'{sourcePath}' is a copy destination inside the source folder '{source.SourceFolder}'; it is not copied.");
                        continue;
                    }

                    var links = state.Links;
                    if (entry.Kind == EntryKind.Link && !EnterLink(node, source, sourcePath, ref links))
                    {
                        continue;
                    }

                    child = node.Child(entry.Name, new PlanState(source, state.DestinationFolder + Path.DirectorySeparatorChar + entry.Name, childIncluded, links));
                }

                kept.Add(entry);
                children.Add(child);
            }

            node.Entries = kept.ToArray();
            node.Children = children.ToArray();
        }

        /// <summary>Reads the walked tree on one thread: files first, then sub-folders, in name order.</summary>
        private void Collect(WalkNode node)
        {
            var state = (PlanState)node.State!;
            ReportNotes(node);
            if (node.Error != null)
            {
                _log.Error(CopyCodes.CannotRead, node.Path, $"Cannot read the folder '{node.Path}': {node.Error.Message} Nothing is removed from the destination in this build; fix the permissions or exclude the folder.");
                _plan.Complete = false;
                return;
            }

            var entries = node.Entries;
            var children = node.Children!;
            for (int i = 0; i < entries.Length; i++)
            {
                if (children[i] == null)
                {
                    var entry = entries[i];
                    AddFile(state, node.Path + Path.DirectorySeparatorChar + entry.Name, state.DestinationFolder + Path.DirectorySeparatorChar + entry.Name, entry);
                }
            }

            for (int i = 0; i < entries.Length; i++)
            {
                var child = children[i];
                if (child != null)
                {
                    var childState = (PlanState)child.State!;
                    if (childState.Included || state.Source.Include.Count == 0)
                    {
                        _plan.Directories.Add(childState.DestinationFolder);
                    }

                    Collect(child);
                }
            }
        }

        private void ReportNotes(WalkNode node)
        {
            if (node.ExternalLinks != null)
            {
                _plan.ExternalLinks.AddRange(node.ExternalLinks);
            }

            if (node.Notes == null)
            {
                return;
            }

            foreach (var note in node.Notes)
            {
                switch (note.Kind)
                {
                    case WalkNoteKind.Error:
                        _log.Error(note.Code, note.Path, note.Message);
                        _plan.Complete = false;
                        break;
                    case WalkNoteKind.Warning:
                        _log.Warning(note.Code, note.Path, note.Message);
                        break;
                    default:
                        _log.Message(MessageImportance.Normal, note.Message);
                        break;
                }
            }
        }

        private bool EnterLink(WalkNode node, CopySource source, string linkPath, ref LinkChain? links)
        {
            int count = links?.Count ?? 0;
            string? target = _fs.ResolveDirectoryLink(linkPath);
            bool cycle = count >= MaxLinkDepth;
            if (target != null && !cycle)
            {
                cycle = _plan.IsSameOrInside(source.SourceFolder, target) || _plan.IsSameOrInside(node.Path, target);
                for (var link = links; link != null && !cycle; link = link.Parent)
                {
                    cycle = _plan.IsSameOrInside(link.Target, target);
                }
            }

            if (cycle)
            {
                node.Note(WalkNoteKind.Error, CopyCodes.LinkCycle, linkPath, $"The folder link '{linkPath}' leads back into a folder that contains it, so walking it would never end. Remove the link or add it to the source's Exclude metadata.");
                return false;
            }

            links = new LinkChain(target ?? linkPath, links);
            return true;
        }

        private void AddFile(PlanState state, string sourcePath, string destPath, FsEntry entry)
        {
            var action = string.Equals(sourcePath, destPath, _comparison) ? FileAction.SelfCopy : FileAction.Copy;
            if (_plan.ByDestination.TryGetValue(destPath, out var existing))
            {
                if (!string.Equals(existing.SourcePath, sourcePath, _comparison))
                {
                    _log.Message(MessageImportance.Low, $"'{destPath}': '{sourcePath}' replaces '{existing.SourcePath}' (the later source wins).");
                }

                existing.SourcePath = sourcePath;
                existing.Length = entry.Length;
                existing.LastWriteTimeUtc = entry.LastWriteTimeUtc;
                existing.Action = action;
                return;
            }

            var file = new PlannedFile(sourcePath, destPath, entry.Length, entry.LastWriteTimeUtc) { Action = action };
            _plan.Files.Add(file);
            _plan.ByDestination.Add(destPath, file);
            if (state.Source.Include.Count > 0)
            {
                // With Include, only the folders that lead to included files are made: a new one and those above it.
                string? dir = Path.GetDirectoryName(destPath);
                while (!string.IsNullOrEmpty(dir) && _plan.Directories.Add(dir!))
                {
                    dir = Path.GetDirectoryName(dir);
                }
            }
        }

        /// <summary>
        /// The destination walk starts at the mirror root(s), else at each destination folder not inside another;
        /// folders between a scan root and a destination folder inside it must exist too.
        /// </summary>
        private void AddScanRoots(IReadOnlyList<CopySource> sources)
        {
            var candidates = MirrorRoots(sources);
            var added = new HashSet<string>(_plan.Comparer);
            foreach (string candidate in candidates)
            {
                bool nested = false;
                foreach (string other in candidates)
                {
                    if (!string.Equals(other, candidate, _comparison) && _plan.IsSameOrInside(candidate, other))
                    {
                        nested = true;
                        break;
                    }
                }

                if (!nested && added.Add(candidate))
                {
                    _plan.ScanRoots.Add(candidate);
                }
            }

            foreach (var source in sources)
            {
                foreach (string root in _plan.ScanRoots)
                {
                    if (_plan.IsSameOrInside(source.DestinationFolder, root))
                    {
                        _plan.Directories.Add(root);
                        string? dir = source.DestinationFolder;
                        while (dir != null && !string.Equals(dir, root, _comparison) && _plan.IsSameOrInside(dir, root))
                        {
                            _plan.Directories.Add(dir);
                            dir = Path.GetDirectoryName(dir);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Where a link finally points when that is outside every source and link root; null when inside, or when it
        /// cannot be told (then nothing is said). Links inside a folder reached through a link are not checked again:
        /// the outer link was.
        /// </summary>
        private string? ExternalTarget(string linkPath, bool isFolder)
        {
            string? target = isFolder ? _fs.ResolveDirectoryLink(linkPath) : PhysicalCopyFileSystem.FinalTarget(new FileInfo(linkPath));
            return target == null || IsInsideLinkRoots(target) ? null : target;
        }

        private bool IsInsideLinkRoots(string path)
        {
            string real = RealPath(path);
            foreach (string root in _linkRoots!)
            {
                if (_plan.IsSameOrInside(real, root))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The path with every link in it resolved, as far as this runtime can tell (a source root may itself sit behind a link).</summary>
        private static string RealPath(string path)
        {
#if NETFRAMEWORK
            return path;
#else
            try
            {
                string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                string? parent = Path.GetDirectoryName(full);
                if (parent == null || parent.Length == 0)
                {
                    return full;
                }

                string resolvedParent = RealPath(parent);
                string here = Path.Combine(resolvedParent, Path.GetFileName(full));
                var info = new DirectoryInfo(here);
                if (info.LinkTarget != null)
                {
                    FileSystemInfo? final = info.ResolveLinkTarget(returnFinalTarget: true);
                    return final != null ? RealPath(final.FullName) : here;
                }

                return here;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
            {
                return path;
            }
#endif
        }

        /// <summary>
        /// Two destination paths that differ only in letter case: on a case-sensitive file system both are copied and
        /// Hugo makes one page of them, silently; a Windows or macOS checkout holds only one. Warned, once per pair.
        /// </summary>
        private void FindCaseTwins()
        {
            if (!_options.CaseSensitive)
            {
                return;
            }

            // Case-sensitive here, so the plan's own lookups tell the names apart exactly.
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var paths = new List<string>(_plan.Directories);
            paths.Sort(StringComparer.Ordinal);
            var files = new List<string>(_plan.ByDestination.Keys);
            files.Sort(StringComparer.Ordinal);
            paths.AddRange(files);
            foreach (string path in paths)
            {
                if (seen.TryGetValue(path, out string? first) && !string.Equals(first, path, StringComparison.Ordinal))
                {
                    string a = _plan.ByDestination.TryGetValue(first, out var fa) ? fa.SourcePath : first;
                    string b = _plan.ByDestination.TryGetValue(path, out var fb) ? fb.SourcePath : path;
                    _log.Warning(CopyCodes.CaseTwins, b, $"'{a}' and '{b}' differ only in letter case. Hugo builds one of them and drops the other without a word, and on Windows and macOS checkouts only one of them can exist. Rename or merge one of them.");
                    continue;
                }

                seen[path] = path;
            }
        }

        /// <summary>A path that one source makes a file and another a folder cannot be both: both lose, loudly.</summary>
        private void FindSourceConflicts()
        {
            foreach (var file in _plan.Files)
            {
                if (_plan.Directories.Contains(file.DestinationPath))
                {
                    _log.Error(CopyCodes.SourcesDisagree, file.DestinationPath, $"'{file.DestinationPath}' is a file in '{file.SourcePath}' but a folder in another source; the folder is copied, the file is not. Rename one of them.");
                    file.Action = FileAction.Failed;
                    _plan.Complete = false;
                }
            }
        }

        internal static bool IsIoException(Exception ex) => ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException;

        /// <summary>What a walked source folder carries: its source, where it goes, whether an Include already matched, the links crossed.</summary>
        private sealed record PlanState(CopySource Source, string DestinationFolder, bool Included, LinkChain? Links);

        /// <summary>The folder links walked through to reach a folder, innermost first.</summary>
        private sealed record LinkChain(string Target, LinkChain? Parent)
        {
            public int Count { get; } = (Parent?.Count ?? 0) + 1;
        }
    }
}
