using System;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Reads the cache's MSBuild properties the same way in every task.</summary>
    internal static class CacheOptions
    {
        public const long DefaultMaxSizeMb = 1024;

        /// <summary>HSB5007, with the value and the default as arguments.</summary>
        public const string BadMaxSizeMessage =
            "HugoCacheMaxSizeMb is '{0}'; it must be a whole number of megabytes greater than 0. Fix the property or remove it (default {1}).";

        /// <summary>HSB5010, with the value as argument.</summary>
        public const string BadVerifyMessage =
            "HugoCacheVerify is '{0}'; it must be content or metadata. Fix the property or remove it (default content).";

        /// <summary>HSB5008, with the value as argument.</summary>
        public const string BadRestoreModeMessage =
            "HugoCacheRestoreMode is '{0}'; it must be auto, link or copy. Fix the property or remove it.";

        /// <summary>HugoCacheDir, or ~/.hugo-template-perf/cache when empty.</summary>
        public static string ResolveRoot(string? configured) =>
            string.IsNullOrWhiteSpace(configured) ? BuildCache.DefaultRoot() : Path.GetFullPath(configured!.Trim());

        /// <summary>
        /// HugoCacheRestoreMode: "link" (hard links, copy where impossible), "copy", or "auto"/empty: link on Linux
        /// and macOS, copy on Windows, where a read-only attribute is shared by every link and blocks deletes.
        /// </summary>
        public static bool TryParseRestoreMode(string? value, out bool useLinks)
        {
            string mode = (value ?? string.Empty).Trim();
            if (mode.Length == 0 || mode.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                useLinks = !PathCompat.IsWindows;
                return true;
            }

            useLinks = mode.Equals("link", StringComparison.OrdinalIgnoreCase);
            return useLinks || mode.Equals("copy", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>HugoCacheVerify: "content" (default) or "metadata".</summary>
        public static bool TryParseVerify(string? value, out VerifyMode mode)
        {
            string text = (value ?? string.Empty).Trim();
            mode = text.Equals("metadata", StringComparison.OrdinalIgnoreCase) ? VerifyMode.Metadata : VerifyMode.Content;
            return text.Length == 0 || mode == VerifyMode.Metadata || text.Equals("content", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>HugoCacheMaxSizeMb: a positive whole number of MiB; empty means the default.</summary>
        public static bool TryParseMaxBytes(string? value, out long bytes)
        {
            string text = (value ?? string.Empty).Trim();
            long mb = DefaultMaxSizeMb;
            if (text.Length > 0 && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out mb) || mb <= 0 || mb > long.MaxValue / (1024 * 1024)))
            {
                bytes = 0;
                return false;
            }

            bytes = mb * 1024 * 1024;
            return true;
        }
    }
}
