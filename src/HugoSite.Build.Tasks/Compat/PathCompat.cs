using System;
using System.IO;

namespace HugoSite.Build.Tasks.Compat
{
    /// <summary>Path helpers that .NET Framework 4.7.2 lacks, with one behaviour on every target.</summary>
    internal static class PathCompat
    {
        /// <summary>The path of <paramref name="path"/> relative to <paramref name="relativeTo"/>.</summary>
        public static string GetRelativePath(string relativeTo, string path)
        {
#if NETFRAMEWORK
            string from = AppendSeparator(Path.GetFullPath(relativeTo));
            string to = Path.GetFullPath(path);
            var comparison = IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (to.StartsWith(from, comparison))
            {
                return to.Substring(from.Length);
            }

            if (string.Equals(AppendSeparator(to), from, comparison))
            {
                return ".";
            }

            var fromUri = new Uri(from);
            var toUri = new Uri(to);
            string relative = Uri.UnescapeDataString(fromUri.MakeRelativeUri(toUri).ToString());
            return relative.Replace('/', Path.DirectorySeparatorChar);
#else
            return Path.GetRelativePath(relativeTo, path);
#endif
        }

        public static bool IsWindows { get; } = Path.DirectorySeparatorChar == '\\';

        public static bool IsMacOS { get; } =
#if NETFRAMEWORK
            false;
#else
            System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX);
#endif

        /// <summary>
        /// Whether file names differ by case on this platform (Linux: yes; Windows and macOS: no). Declared after the
        /// two it reads: static initializers run in the order they are written.
        /// </summary>
        public static bool IsCaseSensitive { get; } = !IsWindows && !IsMacOS;

        /// <summary>The path with exactly one trailing directory separator.</summary>
        public static string AppendSeparator(string path)
        {
            return path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ||
                   path.EndsWith(Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? path
                : path + Path.DirectorySeparatorChar;
        }
    }
}
