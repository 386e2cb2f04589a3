using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>
    /// One source tree the preview composes, in the build's order (template, theme, content, then each component's
    /// files/ in dependency order): later layers win where two provide the same path.
    /// </summary>
    internal sealed class ServeLayer
    {
        public ServeLayer(string sourceFolder, string workPath, IReadOnlyList<PathPattern> exclude)
        {
            SourceFolder = FullFolder(sourceFolder);
            WorkPath = Normalize(workPath);
            Exclude = exclude;
        }

        /// <summary>Full path, no trailing separator.</summary>
        public string SourceFolder { get; }

        /// <summary>Where the layer lands, relative to the work folder, '/'-separated, no leading or trailing '/' ("" is the root).</summary>
        public string WorkPath { get; }

        /// <summary>Globs relative to <see cref="SourceFolder"/> that are never composed.</summary>
        public IReadOnlyList<PathPattern> Exclude { get; }

        /// <summary>How file names compare on this platform: by case on Linux, ignoring it on Windows and macOS.</summary>
        public static readonly StringComparison PathComparison = PathPattern.PlatformCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        public static readonly StringComparer PathComparer = PathPattern.PlatformCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

        public static string Normalize(string relative) => relative.Replace('\\', '/').Trim('/');

        /// <summary>Whether a '/'-separated relative path is <paramref name="folder"/> or below it.</summary>
        public static bool IsSameOrBelow(string relative, string folder) =>
            string.Equals(relative, folder, PathComparison) || relative.StartsWith(folder + "/", PathComparison);

        /// <summary>The work-relative path of a path inside the layer ("" for its root).</summary>
        public string ToWork(string layerRelative)
        {
            layerRelative = Normalize(layerRelative);
            return WorkPath.Length == 0 ? layerRelative : layerRelative.Length == 0 ? WorkPath : WorkPath + "/" + layerRelative;
        }

        /// <summary>The path inside this layer for a work-relative path, or null when the layer does not reach it.</summary>
        public string? FromWork(string workRelative)
        {
            if (WorkPath.Length == 0)
            {
                return workRelative;
            }

            if (string.Equals(workRelative, WorkPath, PathComparison))
            {
                return string.Empty;
            }

            return workRelative.Length > WorkPath.Length + 1 && workRelative.StartsWith(WorkPath + "/", PathComparison)
                ? workRelative.Substring(WorkPath.Length + 1)
                : null;
        }

        /// <summary>Whether a layer-relative path falls under one of the layer's Exclude globs.</summary>
        public bool IsExcluded(string layerRelative) => layerRelative.Length > 0 && IsOrIsInside(layerRelative, Exclude);

        /// <summary>Whether the relative path, or a folder it is in, matches one of the patterns.</summary>
        public static bool IsOrIsInside(string relative, IReadOnlyList<PathPattern> patterns)
        {
            if (patterns.Count == 0)
            {
                return false;
            }

            string[] segments = relative.Split('/');
            for (int length = 1; length <= segments.Length; length++)
            {
                if (PathPattern.AnyMatches(patterns, new ArraySegment<string>(segments, 0, length)))
                {
                    return true;
                }
            }

            return false;
        }

        public string SourcePathOf(string layerRelative) => FullPath(SourceFolder, layerRelative);

        /// <summary>The folder's full path, without a trailing separator.</summary>
        public static string FullFolder(string folder) => Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

        /// <summary>The full path of a '/'-separated path relative to <paramref name="root"/> ("" is the root itself).</summary>
        public static string FullPath(string root, string relative) =>
            relative.Length == 0 ? root : Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
