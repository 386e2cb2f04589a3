using System;
using System.Collections.Generic;
using System.Threading;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>One folder met by a <see cref="TreeWalker"/>: its entries sorted by name, and the sub-folders to walk.</summary>
    internal sealed class WalkNode
    {
        private static readonly FsEntry[] NoEntries = new FsEntry[0];

        public WalkNode(string path, string[] segments, object? state)
        {
            Path = path;
            Segments = segments;
            State = state;
        }

        /// <summary>Full path, no trailing separator.</summary>
        public string Path { get; }
        /// <summary>The path below the walk's root, one name per segment.</summary>
        public string[] Segments { get; }
        /// <summary>What the walk's owner needs to know about this folder (filters in force, links crossed...).</summary>
        public object? State { get; }
        /// <summary>Sorted by name (ordinal), so every walk of the same tree sees the same order.</summary>
        public FsEntry[] Entries { get; set; } = NoEntries;
        /// <summary>Aligned with <see cref="Entries"/>: the folder to walk for that entry, or null.</summary>
        public WalkNode?[]? Children { get; set; }
        /// <summary>Why the folder could not be listed (then it has no entries).</summary>
        public Exception? Error { get; set; }
        /// <summary>Reports found while expanding, kept to be logged in walk order.</summary>
        public List<WalkNote>? Notes { get; set; }
        /// <summary>Links in this folder that were followed outside the sources: link path, target.</summary>
        public List<KeyValuePair<string, string>>? ExternalLinks { get; set; }

        public WalkNode Child(string name, object? state) =>
            new WalkNode(Path + System.IO.Path.DirectorySeparatorChar + name, SegmentsOf(name), state);

        /// <summary>The segments of an entry of this folder, below the walk's root.</summary>
        public string[] SegmentsOf(string name)
        {
            var segments = new string[Segments.Length + 1];
            Array.Copy(Segments, segments, Segments.Length);
            segments[Segments.Length] = name;
            return segments;
        }

        public void Note(WalkNoteKind kind, string code, string path, string message) =>
            (Notes ??= new List<WalkNote>()).Add(new WalkNote(kind, code, path, message));
    }

    internal enum WalkNoteKind
    {
        Message,
        Warning,
        Error,
    }

    /// <summary>A report found during a walk, logged later in a fixed order.</summary>
    internal readonly record struct WalkNote(WalkNoteKind Kind, string Code, string Path, string Message);

    /// <summary>
    /// Lists folder trees with up to <c>parallelism</c> threads: each listed folder is handed to
    /// <c>expand</c>, which decides (from paths and entries only, so it is safe on any thread) which
    /// sub-folders to list next by filling <see cref="WalkNode.Children"/>. The result is a tree whose
    /// order never depends on timing; callers then read it on one thread.
    /// </summary>
    internal static class TreeWalker
    {
        /// <summary>Folders listed on the calling thread before a parallel walk starts other threads.</summary>
        internal const int SequentialFolders = 32;

        public static void Walk(IReadOnlyList<WalkNode> roots, ICopyFileSystem fs, int parallelism, Action<WalkNode> expand, CancellationToken cancellationToken)
        {
            var pending = new Stack<WalkNode>();
            for (int i = roots.Count - 1; i >= 0; i--)
            {
                pending.Push(roots[i]);
            }

            // A small tree (a site's few dozen folders) is listed faster by this thread alone than by starting
            // others; only a walk that still has folders pending after the first few starts more threads.
            int budget = parallelism <= 1 ? int.MaxValue : SequentialFolders;
            for (int visited = 0; pending.Count > 0 && visited < budget; visited++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = pending.Pop();
                Visit(node, fs, expand);
                PushChildren(node, pending);
            }

            if (pending.Count == 0)
            {
                return;
            }

            var gate = new object();
            int outstanding = pending.Count;
            Exception? failure = null;

            void Loop()
            {
                while (true)
                {
                    WalkNode node;
                    lock (gate)
                    {
                        while (pending.Count == 0 && outstanding > 0 && failure == null)
                        {
                            Monitor.Wait(gate);
                        }

                        if (pending.Count == 0 || failure != null || cancellationToken.IsCancellationRequested)
                        {
                            Monitor.PulseAll(gate);
                            return;
                        }

                        node = pending.Pop();
                    }

                    try
                    {
                        Visit(node, fs, expand);
                    }
                    catch (Exception ex)
                    {
                        lock (gate)
                        {
                            failure ??= ex;
                            Monitor.PulseAll(gate);
                        }

                        return;
                    }

                    lock (gate)
                    {
                        int before = pending.Count;
                        PushChildren(node, pending);
                        outstanding += pending.Count - before - 1;
                        if (pending.Count > before || outstanding == 0)
                        {
                            Monitor.PulseAll(gate);
                        }
                    }
                }
            }

            WorkerPool.RunOnThreads(parallelism, Loop, "walker");
            if (failure != null)
            {
                throw new AggregateException(failure);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        private static void Visit(WalkNode node, ICopyFileSystem fs, Action<WalkNode> expand)
        {
            try
            {
                var entries = fs.List(node.Path);
                SortByName(entries);
                node.Entries = entries;
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                node.Error = ex;
                return;
            }

            expand(node);
        }

        /// <summary>
        /// Ordinal order by name. Most folders hold a few entries: an insertion sort needs no generic sort code
        /// compiled for the entry type, which costs more than the sorting in a fresh process; big folders use Array.Sort.
        /// </summary>
        internal static void SortByName(FsEntry[] entries)
        {
            if (entries.Length > 32)
            {
                Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
                return;
            }

            for (int i = 1; i < entries.Length; i++)
            {
                var entry = entries[i];
                int j = i - 1;
                while (j >= 0 && string.CompareOrdinal(entries[j].Name, entry.Name) > 0)
                {
                    entries[j + 1] = entries[j];
                    j--;
                }

                entries[j + 1] = entry;
            }
        }

        private static void PushChildren(WalkNode node, Stack<WalkNode> pending)
        {
            var children = node.Children;
            if (children == null)
            {
                return;
            }

            for (int i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] != null)
                {
                    pending.Push(children[i]!);
                }
            }
        }
    }
}
