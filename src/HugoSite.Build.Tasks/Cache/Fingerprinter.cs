using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>What a fingerprint pass found.</summary>
    /// <param name="State">The new state, to save for the next check.</param>
    /// <param name="Unchanged">
    /// Whether the digest's input (Hugo version, properties, every file's key, size and hash) is that of the previous
    /// state, whose fingerprint then stands without being computed again.
    /// </param>
    /// <param name="TimesMoved">Whether some file's size or time differs from the previous state (or a file came or went).</param>
    /// <param name="HashedCount">How many files had to be read (the rest were trusted by size and time).</param>
    internal sealed record FingerprintResult(FingerprintState State, FingerprintState? Previous, bool Unchanged, bool TimesMoved, int HashedCount)
    {
        public string Fingerprint => State.Fingerprint;

        /// <summary>
        /// What differs from the previous fingerprint of this project; null when nothing does or there was none.
        /// Worked out when asked: only a miss needs it.
        /// </summary>
        public string? DescribeChanges() =>
            Previous is null || Unchanged ? null : Fingerprinter.DescribeChanges(Previous, State);
    }

    /// <summary>
    /// Computes the fingerprint of a site: a SHA-256 over the Hugo version, the output-affecting properties and,
    /// for every input file, its key, size and content hash. Times are not part of it (a checkout or a revert
    /// changes them, not the output); they only decide whether a file must be read again.
    /// </summary>
    internal sealed class Fingerprinter
    {
        /// <summary>
        /// A file whose last write is this close to (or after) the moment its hash was taken may have changed again
        /// within the file system's time resolution without its time moving (FAT: 2 s), so it is hashed again.
        /// </summary>
        public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

        /// <summary>The digest's layout. The state file carries it: a state from another layout is not reused.</summary>
        public const string Layout = "hsb-fingerprint 1";
        private const int ShownPaths = 3;
        private readonly Func<DateTime>? _utcNow;

        public Fingerprinter(Func<DateTime>? utcNow = null)
        {
            _utcNow = utcNow;
        }

        /// <summary>
        /// One pass over the inputs: each is stated, and read only when its size or time differs from the previous
        /// state (or falls in its racy window). When every key, size and hash, the version and the properties are
        /// those of the previous state, its fingerprint stands: nothing is sorted, digested or described.
        /// </summary>
        public FingerprintResult Compute(
            string hugoVersion,
            IReadOnlyDictionary<string, string> properties,
            IReadOnlyList<InputFile> files,
            FingerprintState? previous,
            CancellationToken cancellation)
        {
            var state = new FingerprintState
            {
                ComputedTicks = (_utcNow == null ? DateTime.UtcNow : _utcNow()).Ticks,
                HugoVersion = hugoVersion ?? string.Empty,
            };
            foreach (KeyValuePair<string, string> p in properties)
            {
                state.Properties[p.Key] = p.Value ?? string.Empty;
            }

            var known = new Dictionary<string, InputRecord>(PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            long trustedBefore = long.MinValue;
            bool unchanged = false;
            if (previous != null)
            {
                trustedBefore = previous.ComputedTicks - RacyWindow.Ticks;
                foreach (InputRecord r in previous.Files)
                {
                    known[r.FullPath] = r;
                }

                unchanged = BuildCache.IsFingerprint(previous.Fingerprint) && known.Count == previous.Files.Count
                    && string.Equals(previous.HugoVersion, state.HugoVersion, StringComparison.Ordinal)
                    && SameProperties(previous.Properties, state.Properties);
            }

            int hashed = 0;
            bool timesMoved = previous == null;
            ContentHash? hasher = null;
            try
            {
                foreach (InputFile file in files)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var info = new FileInfo(file.FullPath);
                    if (!info.Exists)
                    {
                        continue;
                    }

                    long size = info.Length;
                    long ticks = info.LastWriteTimeUtc.Ticks;
                    known.TryGetValue(file.FullPath, out InputRecord? old);
                    string hash;
                    if (old is not null && old.Size == size && old.LastWriteTicks == ticks && ticks < trustedBefore)
                    {
                        hash = old.Hash;
                    }
                    else
                    {
                        hasher ??= new ContentHash();
                        try
                        {
                            hash = hasher.OfFile(file.FullPath);
                        }
                        catch (Exception ex) when ((ex is FileNotFoundException || ex is DirectoryNotFoundException) && IsLink(info))
                        {
                            // A link to nothing: the copy skips it and says so (HSB1017); it is no input of the site.
                            continue;
                        }

                        hashed++;
                    }

                    timesMoved = timesMoved || old is null || old.Size != size || old.LastWriteTicks != ticks;

                    // Paths are unique on both sides, so equal counts and a match for each file make the same set.
                    unchanged = unchanged && old is not null && old.Size == size
                        && string.Equals(old.Key, file.Key, StringComparison.Ordinal) && string.Equals(old.Hash, hash, StringComparison.Ordinal);
                    state.Files.Add(new InputRecord(file.Key, file.FullPath, size, ticks, hash));
                }
            }
            finally
            {
                hasher?.Dispose();
            }

            timesMoved = timesMoved || previous == null || state.Files.Count != previous.Files.Count;
            if (unchanged && previous != null && state.Files.Count == previous.Files.Count)
            {
                state.Fingerprint = previous.Fingerprint;
            }
            else
            {
                unchanged = false;
                state.Fingerprint = Digest(state);
            }

            // The state leaves this pass sorted and unchanging: the save runs on a pool thread beside DescribeChanges.
            state.Freeze();
            return new FingerprintResult(state, previous, unchanged, timesMoved, hashed);
        }

        /// <summary>The fingerprint of a state: 32 hex digits (128 bits of SHA-256). Sorts the state's files by key.</summary>
        public static string Digest(FingerprintState state)
        {
            state.SortFiles();
            var sb = new StringBuilder(64 + (state.Files.Count * 120));
            sb.Append(Layout).Append('\n');
            state.AppendSettings(sb);
            foreach (InputRecord f in state.Files)
            {
                sb.Append("file\t").Append(Tsv.Escape(f.Key)).Append('\t').Append(Tsv.Number(f.Size)).Append('\t').Append(f.Hash).Append('\n');
            }

            return ContentHash.OfText(sb.ToString()).Substring(0, 32);
        }

        private static bool IsLink(FileInfo info)
        {
            try
            {
                return (info.Attributes & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static bool SameProperties(Dictionary<string, string> a, Dictionary<string, string> b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            foreach (KeyValuePair<string, string> p in b)
            {
                if (!a.TryGetValue(p.Key, out string? value) || !string.Equals(value, p.Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// What changed between two fingerprints, most telling first: the Hugo version, property names, then the
        /// first few changed, added and removed paths. Null when nothing did.
        /// </summary>
        public static string? DescribeChanges(FingerprintState before, FingerprintState after)
        {
            var parts = new List<string>();
            if (!string.Equals(before.HugoVersion, after.HugoVersion, StringComparison.Ordinal))
            {
                parts.Add("Hugo version " + Show(before.HugoVersion) + " -> " + Show(after.HugoVersion));
            }

            var props = new List<string>();
            foreach (KeyValuePair<string, string> p in after.Properties)
            {
                if (!before.Properties.TryGetValue(p.Key, out string? old) || !string.Equals(old, p.Value, StringComparison.Ordinal))
                {
                    props.Add(p.Key);
                }
            }

            foreach (string name in before.Properties.Keys)
            {
                if (!after.Properties.ContainsKey(name))
                {
                    props.Add(name);
                }
            }

            // Environment variables by their own name, apart from MSBuild properties.
            var variables = new List<string>();
            for (int i = props.Count - 1; i >= 0; i--)
            {
                if (EnvironmentInputs.TryGetName(props[i], out string variable))
                {
                    variables.Add(variable + (!before.Properties.ContainsKey(props[i]) ? " (set)" : !after.Properties.ContainsKey(props[i]) ? " (removed)" : " (changed)"));
                    props.RemoveAt(i);
                }
            }

            if (props.Count > 0)
            {
                props.Sort(StringComparer.Ordinal);
                parts.Add((props.Count == 1 ? "property " : "properties ") + Shorten(props));
            }

            if (variables.Count > 0)
            {
                variables.Sort(StringComparer.Ordinal);
                parts.Add((variables.Count == 1 ? "environment variable " : "environment variables ") + Shorten(variables));
            }

            var beforeByKey = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (InputRecord f in before.Files)
            {
                beforeByKey[f.Key] = f.Hash;
            }

            var changed = new List<string>();
            var added = new List<string>();
            foreach (InputRecord f in after.Files)
            {
                if (!beforeByKey.TryGetValue(f.Key, out string? hash))
                {
                    added.Add(f.Key);
                }
                else
                {
                    if (!string.Equals(hash, f.Hash, StringComparison.Ordinal))
                    {
                        changed.Add(f.Key);
                    }

                    beforeByKey.Remove(f.Key);
                }
            }

            var removed = new List<string>(beforeByKey.Keys);
            changed.Sort(StringComparer.Ordinal);
            added.Sort(StringComparer.Ordinal);
            removed.Sort(StringComparer.Ordinal);
            if (changed.Count > 0)
            {
                parts.Add("changed " + Shorten(changed));
            }

            if (added.Count > 0)
            {
                parts.Add("added " + Shorten(added));
            }

            if (removed.Count > 0)
            {
                parts.Add("removed " + Shorten(removed));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }

        private static string Show(string version) => version.Length == 0 ? "(unknown)" : version;

        private static string Shorten(List<string> items)
        {
            if (items.Count <= ShownPaths)
            {
                return string.Join(", ", items);
            }

            return string.Join(", ", items.GetRange(0, ShownPaths)) + " (+" + (items.Count - ShownPaths).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more)";
        }
    }
}
