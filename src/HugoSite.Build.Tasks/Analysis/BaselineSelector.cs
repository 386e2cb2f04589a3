using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Decides which past builds may be compared with this one: the same site (project path), template and machine
    /// (host name), the same kind of build (a cache hit, a full copy, an incremental copy: see <see cref="KindOf"/>),
    /// and successful. Records lacking any of these (the bash predecessor's lines
    /// have no project or machine) are never comparable, because sameness cannot be shown.
    /// </summary>
    public static class BaselineSelector
    {
        /// <summary>The same site on the same machine, whatever the template, cache state or outcome.</summary>
        public static bool IsSameSiteAndMachine(BuildRecord candidate, BuildRecord current)
        {
            return SamePath(candidate.Project, current.Project) &&
                   candidate.Machine?.Host != null && current.Machine?.Host != null &&
                   string.Equals(candidate.Machine.Host, current.Machine.Host, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Same site, machine and template, successful, with a measured total, and not this build itself.</summary>
        public static bool IsSameConfiguration(BuildRecord candidate, BuildRecord current)
        {
            return candidate.Success == true && candidate.TotalMs > 0 &&
                   (current.SessionId == null || !string.Equals(candidate.SessionId, current.SessionId, StringComparison.Ordinal)) &&
                   string.Equals(candidate.Template ?? string.Empty, current.Template ?? string.Empty, StringComparison.OrdinalIgnoreCase) &&
                   IsSameSiteAndMachine(candidate, current);
        }

        /// <summary>A past build this one may be compared with (same configuration and the same kind of build).</summary>
        public static bool IsComparable(BuildRecord candidate, BuildRecord current)
        {
            if (!IsSameConfiguration(candidate, current))
            {
                return false;
            }

            // A record that says nothing about its copy (an older writer) is matched on its cache state alone.
            string? a = KindOf(candidate);
            string? b = KindOf(current);
            return a == null || b == null ? IsCacheHit(candidate) == IsCacheHit(current) : string.Equals(a, b, StringComparison.Ordinal);
        }

        public const string CacheHitKind = "cache hit";
        public const string FullCopyKind = "full copy";
        public const string IncrementalCopyKind = "incremental copy";

        /// <summary>
        /// What kind of build a record is, as far as its time goes: a cache hit (restore only), a full copy (every
        /// file copied into an empty or cleaned work folder: the first build, the first after dotnet clean, a
        /// checkout that touched everything; Hugo starts without its resource cache too) or an incremental copy
        /// (some files skipped as unchanged). Null when the record says nothing about its copy (older writers).
        /// </summary>
        public static string? KindOf(BuildRecord record)
        {
            if (IsCacheHit(record))
            {
                return CacheHitKind;
            }

            if (record.Copy == null)
            {
                return null;
            }

            return record.Copy.Skipped > 0 ? IncrementalCopyKind : FullCopyKind;
        }

        /// <summary>The most recent <paramref name="count"/> comparable builds, oldest first.</summary>
        public static List<BuildRecord> Select(IReadOnlyList<BuildRecord> history, BuildRecord current, int count)
        {
            var picked = new List<BuildRecord>();
            for (int i = history.Count - 1; i >= 0 && picked.Count < count; i--)
            {
                if (IsComparable(history[i], current))
                {
                    picked.Add(history[i]);
                }
            }

            picked.Reverse();
            return picked;
        }

        /// <summary>The most recent successful build of this configuration that did not come from the cache.</summary>
        public static BuildRecord? LastComparableMiss(IReadOnlyList<BuildRecord> history, BuildRecord current)
        {
            for (int i = history.Count - 1; i >= 0; i--)
            {
                if (!IsCacheHit(history[i]) && IsSameConfiguration(history[i], current))
                {
                    return history[i];
                }
            }

            return null;
        }

        /// <summary>The most recent build of this site on this machine (any template, cache state or outcome).</summary>
        public static BuildRecord? LastOfSite(IReadOnlyList<BuildRecord> history, BuildRecord current)
        {
            for (int i = history.Count - 1; i >= 0; i--)
            {
                BuildRecord candidate = history[i];
                if (IsSameSiteAndMachine(candidate, current) &&
                    (current.SessionId == null || !string.Equals(candidate.SessionId, current.SessionId, StringComparison.Ordinal)))
                {
                    return candidate;
                }
            }

            return null;
        }

        public static bool IsCacheHit(BuildRecord record) => record.Cache?.Hit == true;

        /// <summary>A project path in the form records are compared by: full, without a trailing separator.</summary>
        public static string NormalizeProject(string path)
        {
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                full = path;
            }

            return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }

        private static bool SamePath(string? a, string? b)
        {
            if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
            {
                return false;
            }

            if (string.Equals(a, b, StringComparison.Ordinal))
            {
                return true; // records written by this package hold the normalized path already
            }

            return string.Equals(NormalizeProject(a!), NormalizeProject(b!),
                PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }
    }
}
