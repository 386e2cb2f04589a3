using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>
    /// What a watched folder held at the last look: every file and folder (relative, '/'-separated) with size and
    /// last-write time. A rescan compares a fresh walk with it, so a change the watcher missed (an overflowing burst,
    /// a network file system) is still found.
    /// </summary>
    internal sealed class SourceSnapshot
    {
        private readonly string _root;
        private readonly Func<string, bool> _excluded;
        private Dictionary<string, Stamp> _entries;

        public SourceSnapshot(string root, Func<string, bool> excluded)
        {
            _root = root;
            _excluded = excluded;
            _entries = Walk(string.Empty);
        }

        /// <summary>Walks the folder again and returns the paths that were added, removed or changed since the last look.</summary>
        public List<string> Rescan()
        {
            var fresh = Walk(string.Empty);
            var changed = fresh.Where(p => !_entries.TryGetValue(p.Key, out var old) || old != p.Value).Select(p => p.Key).ToList();
            changed.AddRange(_entries.Keys.Where(k => !fresh.ContainsKey(k)));
            _entries = fresh;
            return changed;
        }

        /// <summary>Looks again at one path (and below it), after the watcher reported it, so a later rescan does not report it twice.</summary>
        public void Refresh(string relative)
        {
            relative = ServeLayer.Normalize(relative);
            if (relative.Length == 0)
            {
                _entries = Walk(string.Empty);
                return;
            }

            foreach (string key in _entries.Keys.Where(k => ServeLayer.IsSameOrBelow(k, relative)).ToList())
            {
                _entries.Remove(key);
            }

            foreach (var pair in Walk(relative))
            {
                _entries[pair.Key] = pair.Value;
            }
        }

        /// <summary>A fingerprint of the whole folder: equal when nothing in it changed.</summary>
        public string Fingerprint()
        {
            var builder = new System.Text.StringBuilder();
            foreach (string key in _entries.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                var stamp = _entries[key];
                builder.Append(key).Append('|').Append(stamp.Length).Append('|').Append(stamp.Ticks).Append('\n');
            }

            return builder.ToString();
        }

        private Dictionary<string, Stamp> Walk(string start)
        {
            var result = new Dictionary<string, Stamp>(ServeLayer.PathComparer);
            string startPath = ServeLayer.FullPath(_root, start);
            try
            {
                if (start.Length > 0)
                {
                    if (_excluded(start))
                    {
                        return result;
                    }

                    var info = new FileInfo(startPath);
                    if (info.Exists)
                    {
                        result[start] = new Stamp(info.Length, info.LastWriteTimeUtc.Ticks);
                        return result;
                    }

                    if (!Directory.Exists(startPath))
                    {
                        return result;
                    }

                    result[start] = Stamp.Folder;
                }
                else if (!Directory.Exists(startPath))
                {
                    return result;
                }
            }
            catch (Exception ex) when (CopyPlanner.IsIoException(ex))
            {
                return result;
            }

            var stack = new Stack<(string Full, string Relative)>();
            stack.Push((startPath, start));
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                try
                {
                    foreach (var child in new DirectoryInfo(current.Full).EnumerateFileSystemInfos())
                    {
                        string relative = current.Relative.Length == 0 ? child.Name : current.Relative + "/" + child.Name;
                        if (_excluded(relative))
                        {
                            continue;
                        }

                        bool link = (child.Attributes & FileAttributes.ReparsePoint) != 0;
                        if (child is DirectoryInfo)
                        {
                            result[relative] = Stamp.Folder;
                            if (!link)
                            {
                                stack.Push((child.FullName, relative));
                            }
                        }
                        else
                        {
                            var file = (FileInfo)child;
                            result[relative] = new Stamp(file.Length, file.LastWriteTimeUtc.Ticks);
                        }
                    }
                }
                catch (Exception ex) when (CopyPlanner.IsIoException(ex))
                {
                    // A folder that vanished or cannot be read mid-walk: what was seen stays; the next look tries again.
                }
            }

            return result;
        }

        private readonly record struct Stamp(long Length, long Ticks)
        {
            public static readonly Stamp Folder = new Stamp(-1, 0);
        }
    }
}
