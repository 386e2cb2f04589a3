using System;
using System.Collections.Generic;
using System.Threading;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>
    /// What changed in a site's inputs between two fingerprint states (obj/hugo/cache-state.tsv before and after the
    /// cache check): file counts, the first few paths of each source, changed properties and Hugo's version.
    /// The build keeps the state it started from beside the new one (cache-state.previous.tsv) for this.
    /// </summary>
    public static class InputChangeDiff
    {
        /// <summary>Paths kept per source (template, theme, content, component/…).</summary>
        public const int PathsPerSource = 5;

        /// <summary>Property values are cut to this many characters in the record.</summary>
        public const int MaxValueLength = 200;

        /// <summary>
        /// The changes between the state files, or null when there is no current state (the cache is off).
        /// <paramref name="expectedFingerprint"/>: this build's fingerprint; a state that does not carry it yet is
        /// still being saved, so it is read again for up to <paramref name="waitMilliseconds"/>.
        /// </summary>
        internal static InputChanges? FromFiles(string? previousPath, string? currentPath, string? expectedFingerprint, int waitMilliseconds = 2000)
        {
            if (string.IsNullOrWhiteSpace(currentPath))
            {
                return null;
            }

            FingerprintState? current = FingerprintState.Load(currentPath!, out _);
            int waited = 0;
            while (!string.IsNullOrEmpty(expectedFingerprint) && (current == null || current.Fingerprint != expectedFingerprint) && waited < waitMilliseconds)
            {
                Thread.Sleep(50);
                waited += 50;
                current = FingerprintState.Load(currentPath!, out _);
            }

            if (current == null)
            {
                return null;
            }

            FingerprintState? previous = string.IsNullOrWhiteSpace(previousPath) ? null : FingerprintState.Load(previousPath!, out _);
            return Compare(previous, current);
        }

        internal static InputChanges Compare(FingerprintState? before, FingerprintState after)
        {
            var result = new InputChanges();
            if (before == null)
            {
                result.First = true;
                return result;
            }

            var beforeByKey = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (InputRecord f in before.Files)
            {
                beforeByKey[f.Key] = f.Hash;
            }

            var changes = new List<InputChange>();
            foreach (InputRecord f in after.Files)
            {
                if (!beforeByKey.TryGetValue(f.Key, out string? hash))
                {
                    result.Added++;
                    changes.Add(Change(f.Key, "added"));
                    continue;
                }

                beforeByKey.Remove(f.Key);
                if (!string.Equals(hash, f.Hash, StringComparison.Ordinal))
                {
                    result.Changed++;
                    changes.Add(Change(f.Key, "changed"));
                }
            }

            foreach (string key in beforeByKey.Keys)
            {
                result.Removed++;
                changes.Add(Change(key, "removed"));
            }

            List<InputChange> kept = FirstPerSource(changes);
            if (kept.Count > 0)
            {
                result.Files = kept;
            }

            var props = new List<PropertyChange>();
            var names = new SortedSet<string>(before.Properties.Keys, StringComparer.Ordinal);
            names.UnionWith(after.Properties.Keys);
            foreach (string name in names)
            {
                before.Properties.TryGetValue(name, out string? was);
                after.Properties.TryGetValue(name, out string? now);
                if (!string.Equals(was, now, StringComparison.Ordinal))
                {
                    props.Add(new PropertyChange { Name = name, Before = Cut(was), After = Cut(now) });
                }
            }

            if (props.Count > 0)
            {
                result.Properties = props;
            }

            if (!string.Equals(before.HugoVersion, after.HugoVersion, StringComparison.Ordinal))
            {
                result.HugoBefore = before.HugoVersion;
            }

            return result;
        }

        /// <summary>"content/blog/a.md" → (content, blog/a.md); "component/search/x.js" → (component/search, x.js).</summary>
        internal static InputChange Change(string key, string change)
        {
            int slash = key.IndexOf('/');
            if (slash > 0 && key.StartsWith("component/", StringComparison.Ordinal))
            {
                int second = key.IndexOf('/', slash + 1);
                slash = second > 0 ? second : slash;
            }

            return slash > 0
                ? new InputChange { Source = key.Substring(0, slash), Path = key.Substring(slash + 1), Change = change }
                : new InputChange { Source = "other", Path = key, Change = change };
        }

        /// <summary>The changes ordered by source and path, at most <see cref="PathsPerSource"/> of each source.</summary>
        internal static List<InputChange> FirstPerSource(IEnumerable<InputChange> changes)
        {
            var sorted = new List<InputChange>(changes);
            sorted.Sort((a, b) =>
            {
                int bySource = string.CompareOrdinal(a.Source, b.Source);
                return bySource != 0 ? bySource : string.CompareOrdinal(a.Path, b.Path);
            });
            var kept = new List<InputChange>();
            var perSource = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (InputChange c in sorted)
            {
                string source = c.Source ?? "other";
                perSource.TryGetValue(source, out int n);
                if (n < PathsPerSource)
                {
                    kept.Add(c);
                }

                perSource[source] = n + 1;
            }

            return kept;
        }

        private static string? Cut(string? value) =>
            value == null || value.Length <= MaxValueLength ? value : value.Substring(0, MaxValueLength) + "…";
    }
}
