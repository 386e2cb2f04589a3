using System;
using System.Collections.Generic;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>
    /// One glob relative to a folder: segments separated by '/', where <c>**</c> matches zero or more whole
    /// segments, <c>*</c> any run of characters inside one segment and <c>?</c> one character.
    /// A pattern without a '/' matches a name at any depth: <c>.DS_Store</c>, <c>.git</c> and <c>*.tmp</c> mean
    /// <c>**/.DS_Store</c>, <c>**/.git</c> and <c>**/*.tmp</c>. A pattern with a '/' is anchored at the folder:
    /// <c>drafts/**</c> and <c>./drafts</c> name the top-level <c>drafts</c> only, <c>static/*.zip</c> only
    /// there. (The targets turn HugoCopyExclude into MSBuild globs by the same rule, in HugoSite.Build.Inputs.targets,
    /// so the copy, the up-to-date check and the cache see the same files.)
    /// A pattern that matches a folder matches everything below it, so <c>drafts</c> and <c>drafts/**</c> both
    /// prune a <c>drafts</c> folder. Case follows the platform (sensitive on Linux).
    /// </summary>
    internal sealed class PathPattern
    {
        private readonly string[] _segments;
        private readonly StringComparison _comparison;

        private PathPattern(string text, string[] segments, bool caseSensitive)
        {
            Text = text;
            _segments = segments;
            _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        }

        public string Text { get; }

        /// <summary>
        /// Parses one pattern. Returns null and an explanation when the pattern is absolute, climbs out of the
        /// folder with "..", or is empty.
        /// </summary>
        public static PathPattern? TryParse(string text, bool caseSensitive, out string? problem)
        {
            problem = null;
            string trimmed = text.Trim().Replace('\\', '/');
            if (trimmed.Length == 0)
            {
                problem = "the pattern is empty";
                return null;
            }

            if (trimmed.StartsWith("/", StringComparison.Ordinal) || (trimmed.Length > 1 && trimmed[1] == ':'))
            {
                problem = "the pattern is absolute; patterns are relative to the folder they filter";
                return null;
            }

            var segments = new List<string>();
            foreach (string segment in trimmed.Split('/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }

                if (segment == "..")
                {
                    problem = "the pattern climbs out of its folder with '..'";
                    return null;
                }

                if (segment.IndexOf("**", StringComparison.Ordinal) >= 0 && segment != "**")
                {
                    problem = "'**' must be a whole path segment, as in 'a/**/b'";
                    return null;
                }

                // Consecutive '**' mean the same as one.
                if (segment == "**" && segments.Count > 0 && segments[segments.Count - 1] == "**")
                {
                    continue;
                }

                segments.Add(segment);
            }

            if (segments.Count == 0)
            {
                problem = "the pattern names no path";
                return null;
            }

            // No '/' at all: a name, matched at any depth.
            if (trimmed.IndexOf('/') < 0 && segments[0] != "**")
            {
                segments.Insert(0, "**");
            }

            return new PathPattern(trimmed, segments.ToArray(), caseSensitive);
        }

        /// <summary>Parses a ';'-separated list; problems are collected as "pattern: reason".</summary>
        public static IReadOnlyList<PathPattern> ParseList(string? list, bool caseSensitive, ICollection<string> problems)
        {
            var patterns = new List<PathPattern>();
            if (string.IsNullOrWhiteSpace(list))
            {
                return patterns;
            }

            foreach (string part in list!.Split(';'))
            {
                if (part.Trim().Length == 0)
                {
                    continue;
                }

                var pattern = TryParse(part, caseSensitive, out string? problem);
                if (pattern == null)
                {
                    problems.Add("'" + part.Trim() + "': " + problem);
                }
                else
                {
                    patterns.Add(pattern);
                }
            }

            return patterns;
        }

        /// <summary>The default case sensitivity for file names on this platform.</summary>
        public static bool PlatformCaseSensitive => PathCompat.IsCaseSensitive;

        /// <summary>Whether the pattern matches the path (segments of a relative path) exactly.</summary>
        public bool Matches(IReadOnlyList<string> path) => Match(0, path, 0);

        /// <summary>
        /// Whether the pattern matches the folder itself or anything below it, given the folder's segments:
        /// false means a walk looking for matches may skip the folder entirely.
        /// </summary>
        public bool CouldMatchBelow(IReadOnlyList<string> folder) => MatchPrefix(0, folder, 0);

        /// <summary>Whether any of <paramref name="patterns"/> matches the path.</summary>
        public static bool AnyMatches(IReadOnlyList<PathPattern> patterns, IReadOnlyList<string> path) => Any(patterns, path, below: false);

        /// <summary>Whether any of <paramref name="patterns"/> could match the folder or something below it.</summary>
        public static bool AnyCouldMatchBelow(IReadOnlyList<PathPattern> patterns, IReadOnlyList<string> folder) => Any(patterns, folder, below: true);

        private static bool Any(IReadOnlyList<PathPattern> patterns, IReadOnlyList<string> path, bool below)
        {
            for (int i = 0; i < patterns.Count; i++)
            {
                if (below ? patterns[i].CouldMatchBelow(path) : patterns[i].Matches(path))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => Text;

        private bool Match(int pi, IReadOnlyList<string> path, int si)
        {
            while (true)
            {
                if (pi == _segments.Length)
                {
                    return si == path.Count;
                }

                string segment = _segments[pi];
                if (segment == "**")
                {
                    // Zero segments, or swallow one and try again.
                    for (int skip = si; skip <= path.Count; skip++)
                    {
                        if (Match(pi + 1, path, skip))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (si == path.Count || !SegmentMatches(segment, path[si]))
                {
                    return false;
                }

                pi++;
                si++;
            }
        }

        private bool MatchPrefix(int pi, IReadOnlyList<string> folder, int si)
        {
            while (true)
            {
                if (si == folder.Count)
                {
                    return true;
                }

                if (pi == _segments.Length)
                {
                    return false;
                }

                string segment = _segments[pi];
                if (segment == "**")
                {
                    return true;
                }

                if (!SegmentMatches(segment, folder[si]))
                {
                    return false;
                }

                pi++;
                si++;
            }
        }

        private bool SegmentMatches(string pattern, string name)
        {
            if (pattern.IndexOf('*') < 0 && pattern.IndexOf('?') < 0)
            {
                return string.Equals(pattern, name, _comparison);
            }

            return Wildcard(pattern, name);
        }

        /// <summary>Iterative '*' and '?' matching with one backtrack point, linear in practice.</summary>
        private bool Wildcard(string pattern, string name)
        {
            int p = 0;
            int n = 0;
            int star = -1;
            int resume = 0;
            while (n < name.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], name[n])))
                {
                    p++;
                    n++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    resume = n;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    n = ++resume;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private bool CharEquals(char a, char b) =>
            a == b || (_comparison == StringComparison.OrdinalIgnoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
