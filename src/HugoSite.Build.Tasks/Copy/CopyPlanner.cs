using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>Every destination file with its one winning source, and every folder the copy must make.</summary>
    internal sealed class CopyPlan
    {
        public CopyPlan(StringComparer comparer)
        {
            Comparer = comparer;
            ByDestination = new Dictionary<string, PlannedFile>(comparer);
            Directories = new HashSet<string>(comparer);
        }

        public StringComparer Comparer { get; }

        /// <summary>In plan order: sources in the order given, each walked depth-first with names sorted.</summary>
        public List<PlannedFile> Files { get; } = new List<PlannedFile>();

        public Dictionary<string, PlannedFile> ByDestination { get; }

        /// <summary>Full paths of every destination folder the result must contain.</summary>
        public HashSet<string> Directories { get; }

        /// <summary>Folders where the destination walk starts: no one inside another.</summary>
        public List<string> ScanRoots { get; } = new List<string>();

        /// <summary>False when a source was missing or could not be read: the plan then misses files, so nothing may be removed.</summary>
        public bool Complete { get; set; } = true;
    }

    /// <summary>Walks the source trees (the task's own walk, no item globbing) and builds the <see cref="CopyPlan"/>.</summary>
    internal sealed class CopyPlanner
    {
        private const int MaxLinkDepth = 40;

        private readonly ICopyFileSystem _fs;
        private readonly ICopyLog _log;
        private readonly CopyOptions _options;
        private readonly StringComparer _comparer;
        private readonly StringComparison _comparison;
        private readonly HashSet<string> _guarded;
        private readonly bool _logFiles;

        public CopyPlanner(ICopyFileSystem fs, ICopyLog log, CopyOptions options)
        {
            _fs = fs;
            _log = log;
            _options = options;
            _comparer = options.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
            _comparison = options.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            _guarded = new HashSet<string>(_comparer);
            _logFiles = log.LogsLowImportance;
        }

        /// <summary>
        /// Checks what can be checked from the paths alone, before any I/O. Returns false (with errors logged)
        /// when the sources and destinations must not be used.
        /// </summary>
        public bool Validate(IReadOnlyList<CopySource> sources)
        {
            bool ok = true;
            if (!_options.Mirror)
            {
                return true;
            }

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
                if (_options.MirrorRoot != null && !IsSameOrInside(source.DestinationFolder, _options.MirrorRoot))
                {
                    _log.Error(CopyCodes.UnsafeMirrorRoot, source.DestinationFolder, $"The destination folder '{source.DestinationFolder}' is outside the mirror root '{_options.MirrorRoot}'. Put every DestinationFolder inside MirrorRoot, or leave MirrorRoot empty to mirror each destination folder.");
                    ok = false;
                }

                foreach (string root in roots)
                {
                    if (IsSameOrInside(source.SourceFolder, root))
                    {
                        _log.Error(CopyCodes.UnsafeMirrorRoot, source.SourceFolder, $"The source folder '{source.SourceFolder}' is inside the mirror root '{root}', so mirroring would remove source files. Mirror into a folder that holds no sources.");
                        ok = false;
                    }
                }
            }

            return ok;
        }

        /// <summary>Walks every source in order; later sources win where two produce the same destination path.</summary>
        public CopyPlan Build(IReadOnlyList<CopySource> sources)
        {
            var plan = new CopyPlan(_comparer);
            foreach (var source in sources)
            {
                _guarded.Add(source.DestinationFolder);
            }

            foreach (string root in MirrorRoots(sources))
            {
                _guarded.Add(root);
            }

            for (int i = 0; i < sources.Count; i++)
            {
                PlanSource(plan, sources[i], i);
            }

            AddScanRoots(plan, sources);
            FindSourceConflicts(plan);
            return plan;
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

        private void PlanSource(CopyPlan plan, CopySource source, int index)
        {
            var root = _fs.Stat(source.SourceFolder);
            if (root.Kind == EntryKind.Link)
            {
                root = _fs.StatTarget(source.SourceFolder);
            }

            if (root.Kind != EntryKind.Directory)
            {
                string what = root.Kind == EntryKind.Missing ? "does not exist" : "is a file, not a folder";
                _log.Error(CopyCodes.MissingSource, source.SourceFolder, $"The source folder '{source.SourceFolder}' {what}. Check the path (relative paths are relative to the project folder), or remove the item.");
                plan.Complete = false;
                return;
            }

            plan.Directories.Add(source.DestinationFolder);
            var walk = new Walk(source, index, plan);
            WalkDirectory(walk, source.SourceFolder, source.DestinationFolder, new List<string>(), source.Include.Count == 0, null, 0);
        }

        private void WalkDirectory(Walk walk, string sourceDir, string destDir, List<string> segments, bool included, LinkChain? links, int depth)
        {
            IReadOnlyList<FsEntry> entries;
            try
            {
                entries = _fs.List(sourceDir);
            }
            catch (Exception ex) when (IsIoException(ex))
            {
                _log.Error(CopyCodes.CannotRead, sourceDir, $"Cannot read the folder '{sourceDir}': {ex.Message} Nothing is removed from the destination in this build; fix the permissions or exclude the folder.");
                walk.Plan.Complete = false;
                return;
            }

            var sorted = new FsEntry[entries.Count];
            for (int i = 0; i < sorted.Length; i++)
            {
                sorted[i] = entries[i];
            }

            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            List<FsEntry>? folders = null;
            var source = walk.Source;
            foreach (var original in sorted)
            {
                var entry = original;
                string sourcePath = sourceDir + Path.DirectorySeparatorChar + entry.Name;
                if (entry.Kind == EntryKind.Link)
                {
                    var target = _fs.StatTarget(sourcePath);
                    if (target.Kind == EntryKind.Missing)
                    {
                        _log.Warning(CopyCodes.DanglingLink, sourcePath, $"The link '{sourcePath}' points at nothing and is not copied. Remove the link or fix its target.");
                        continue;
                    }

                    entry = new FsEntry(entry.Name, target.Kind == EntryKind.Directory ? EntryKind.Link : EntryKind.File, target.Length, target.LastWriteTimeUtc, target.IsReadOnly, target.Kind == EntryKind.Directory);
                }

                bool isFolder = entry.Kind == EntryKind.Directory || entry.Kind == EntryKind.Link;
                if (source.Include.Count > 0 || source.Exclude.Count > 0)
                {
                    segments.Add(entry.Name);
                    bool excluded = AnyMatch(source.Exclude, segments);
                    bool keep = !excluded && (included || AnyMatch(source.Include, segments) || (isFolder && AnyCouldMatchBelow(source.Include, segments)));
                    segments.RemoveAt(segments.Count - 1);
                    if (!keep)
                    {
                        continue;
                    }
                }

                if (isFolder)
                {
                    (folders ??= new List<FsEntry>()).Add(entry);
                    continue;
                }

                AddFile(walk, sourcePath, destDir + Path.DirectorySeparatorChar + entry.Name, segments, entry);
            }

            if (folders == null)
            {
                return;
            }

            foreach (var folder in folders)
            {
                string sourcePath = sourceDir + Path.DirectorySeparatorChar + folder.Name;
                string destPath = destDir + Path.DirectorySeparatorChar + folder.Name;
                if (_guarded.Contains(sourcePath))
                {
                    // A destination inside its source (or inside another source) would copy the copy on every build.
                    _log.Message(MessageImportance.Normal, $"'{sourcePath}' is a copy destination inside the source folder '{source.SourceFolder}'; it is not copied.");
                    continue;
                }

                var childLinks = links;
                if (folder.Kind == EntryKind.Link)
                {
                    if (!EnterLink(walk, sourcePath, sourceDir, links, out childLinks))
                    {
                        continue;
                    }
                }

                segments.Add(folder.Name);
                bool childIncluded = included || AnyMatch(source.Include, segments);
                if (childIncluded || source.Include.Count == 0)
                {
                    walk.Plan.Directories.Add(destPath);
                }

                WalkDirectory(walk, sourcePath, destPath, segments, childIncluded, childLinks, depth + 1);
                segments.RemoveAt(segments.Count - 1);
            }
        }

        private bool EnterLink(Walk walk, string linkPath, string parentDir, LinkChain? links, out LinkChain? childLinks)
        {
            childLinks = links;
            int count = links?.Count ?? 0;
            string? target = _fs.ResolveDirectoryLink(linkPath);
            bool cycle = count >= MaxLinkDepth;
            if (target != null && !cycle)
            {
                cycle = IsSameOrInside(walk.Source.SourceFolder, target) || IsSameOrInside(parentDir, target);
                for (var link = links; link != null && !cycle; link = link.Parent)
                {
                    cycle = IsSameOrInside(link.Target, target);
                }
            }

            if (cycle)
            {
                _log.Error(CopyCodes.LinkCycle, linkPath, $"The folder link '{linkPath}' leads back into a folder that contains it, so walking it would never end. Remove the link or add it to the source's Exclude metadata.");
                walk.Plan.Complete = false;
                return false;
            }

            childLinks = new LinkChain(target ?? linkPath, links);
            return true;
        }

        private void AddFile(Walk walk, string sourcePath, string destPath, List<string> segments, FsEntry entry)
        {
            var plan = walk.Plan;
            string relative = segments.Count == 0 ? entry.Name : string.Join("/", segments) + "/" + entry.Name;
            if (plan.ByDestination.TryGetValue(destPath, out var existing))
            {
                if (!string.Equals(existing.SourcePath, sourcePath, _comparison))
                {
                    _log.Message(MessageImportance.Low, $"'{destPath}': '{sourcePath}' replaces '{existing.SourcePath}' (the later source wins).");
                }

                existing.SourcePath = sourcePath;
                existing.RelativePath = relative;
                existing.SourceIndex = walk.Index;
                existing.Length = entry.Length;
                existing.LastWriteTimeUtc = entry.LastWriteTimeUtc;
                existing.Action = string.Equals(sourcePath, destPath, _comparison) ? FileAction.SelfCopy : FileAction.Copy;
                return;
            }

            var file = new PlannedFile(sourcePath, destPath, relative, walk.Index, entry.Length, entry.LastWriteTimeUtc);
            if (string.Equals(sourcePath, destPath, _comparison))
            {
                file.Action = FileAction.SelfCopy;
            }

            plan.Files.Add(file);
            plan.ByDestination.Add(destPath, file);
            if (walk.Source.Include.Count > 0)
            {
                AddAncestors(plan, Path.GetDirectoryName(destPath));
            }
        }

        private static void AddAncestors(CopyPlan plan, string? dir)
        {
            while (!string.IsNullOrEmpty(dir) && plan.Directories.Add(dir!))
            {
                dir = Path.GetDirectoryName(dir);
            }
        }

        /// <summary>
        /// The destination walk starts at the mirror root(s), else at each destination folder not inside another;
        /// folders between a scan root and a destination folder inside it must exist too.
        /// </summary>
        private void AddScanRoots(CopyPlan plan, IReadOnlyList<CopySource> sources)
        {
            var candidates = new List<string>();
            if (_options.Mirror && _options.MirrorRoot != null)
            {
                candidates.Add(_options.MirrorRoot);
            }
            else
            {
                foreach (var source in sources)
                {
                    candidates.Add(source.DestinationFolder);
                }
            }

            foreach (string candidate in candidates)
            {
                bool nested = false;
                foreach (string other in candidates)
                {
                    if (!string.Equals(other, candidate, _comparison) && IsSameOrInside(candidate, other))
                    {
                        nested = true;
                        break;
                    }
                }

                if (!nested && !plan.ScanRoots.Contains(candidate, _comparer))
                {
                    plan.ScanRoots.Add(candidate);
                }
            }

            foreach (var source in sources)
            {
                foreach (string root in plan.ScanRoots)
                {
                    if (IsSameOrInside(source.DestinationFolder, root))
                    {
                        plan.Directories.Add(root);
                        string? dir = source.DestinationFolder;
                        while (dir != null && !string.Equals(dir, root, _comparison) && IsSameOrInside(dir, root))
                        {
                            plan.Directories.Add(dir);
                            dir = Path.GetDirectoryName(dir);
                        }
                    }
                }
            }
        }

        /// <summary>A path that one source makes a file and another a folder cannot be both: both lose, loudly.</summary>
        private void FindSourceConflicts(CopyPlan plan)
        {
            foreach (var file in plan.Files)
            {
                if (plan.Directories.Contains(file.DestinationPath))
                {
                    _log.Error(CopyCodes.SourcesDisagree, file.DestinationPath, $"'{file.DestinationPath}' is a file in '{file.SourcePath}' but a folder in another source. Rename one of them; neither is copied.");
                    file.Action = FileAction.Failed;
                    plan.Complete = false;
                }
            }
        }

        private static bool AnyMatch(IReadOnlyList<PathPattern> patterns, IReadOnlyList<string> path)
        {
            for (int i = 0; i < patterns.Count; i++)
            {
                if (patterns[i].Matches(path))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AnyCouldMatchBelow(IReadOnlyList<PathPattern> patterns, IReadOnlyList<string> path)
        {
            for (int i = 0; i < patterns.Count; i++)
            {
                if (patterns[i].CouldMatchBelow(path))
                {
                    return true;
                }
            }

            return false;
        }

        internal bool IsSameOrInside(string path, string folder)
        {
            string trimmedFolder = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (string.Equals(path, trimmedFolder, _comparison))
            {
                return true;
            }

            return path.Length > trimmedFolder.Length + 1
                && path.StartsWith(trimmedFolder, _comparison)
                && (path[trimmedFolder.Length] == Path.DirectorySeparatorChar || path[trimmedFolder.Length] == Path.AltDirectorySeparatorChar
                    || trimmedFolder.Length == 0);
        }

        internal static bool IsIoException(Exception ex) => ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException;

        private sealed class Walk
        {
            public Walk(CopySource source, int index, CopyPlan plan)
            {
                Source = source;
                Index = index;
                Plan = plan;
            }

            public CopySource Source { get; }

            public int Index { get; }

            public CopyPlan Plan { get; }
        }

        /// <summary>The folder links walked through to reach a folder, innermost first.</summary>
        private sealed class LinkChain
        {
            public LinkChain(string target, LinkChain? parent)
            {
                Target = target;
                Parent = parent;
                Count = (parent?.Count ?? 0) + 1;
            }

            public string Target { get; }

            public LinkChain? Parent { get; }

            public int Count { get; }
        }
    }
}
