using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Hits and misses of a set of builds.</summary>
    internal sealed class HitFigures
    {
        /// <summary>Successful builds with the cache on.</summary>
        public int Builds { get; set; }
        public int Hits { get; set; }
        public int Misses => Builds - Hits;
        public double HitRatio => Builds == 0 ? 0 : (double)Hits / Builds;
        /// <summary>Sum over hits of the time each saved.</summary>
        public double SavedMilliseconds { get; set; }
        /// <summary>Hits that came from the remote cache, and the bytes they downloaded.</summary>
        public int RemoteHits { get; set; }
        public long DownloadedBytes { get; set; }
        /// <summary>Entries sent to the remote cache, and their bytes.</summary>
        public int Uploads { get; set; }
        public long UploadedBytes { get; set; }

        /// <summary>Counts one successful build with the cache on.</summary>
        public void Count(CacheInfo cache, double saved)
        {
            Builds++;
            if (cache.Hit)
            {
                Hits++;
                SavedMilliseconds += saved;
                RemoteHits += cache.Remote == true ? 1 : 0;
            }

            DownloadedBytes += Math.Max(0, cache.RemoteBytes ?? 0);
            if ((cache.UploadBytes ?? 0) > 0)
            {
                Uploads++;
                UploadedBytes += cache.UploadBytes!.Value;
            }
        }
    }

    internal sealed class CacheStatsReport
    {
        public int Entries { get; set; }
        public long Bytes { get; set; }
        /// <summary>Entries stored by this project.</summary>
        public int SiteEntries { get; set; }
        public long SiteBytes { get; set; }
        public HitFigures Site { get; } = new HitFigures();
        public HitFigures All { get; } = new HitFigures();
    }

    /// <summary>
    /// The figures of the HugoCacheStats target: entries and size from the cache folder; hit ratio and time saved
    /// from the history. A hit's saving is its recorded saved_ms; older records without it are credited with the
    /// last comparable miss (same project, else same template) minus the hit's own total.
    /// </summary>
    internal static class CacheStatistics
    {
        public static CacheStatsReport Compute(IEnumerable<EntryInfo> entries, IEnumerable<BuildRecord> history, string? project)
        {
            var report = new CacheStatsReport();
            string? site = Normalize(project);
            foreach (EntryInfo e in entries)
            {
                report.Entries++;
                report.Bytes += e.Bytes;
                if (site != null && string.Equals(Normalize(e.Manifest?.Project), site, PathComparison))
                {
                    report.SiteEntries++;
                    report.SiteBytes += e.Bytes;
                }
            }

            var lastMissMs = new Dictionary<string, double>(PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            foreach (BuildRecord r in history)
            {
                if (r.Cache == null || r.Cache.Enabled == false || r.Success == false)
                {
                    continue;
                }

                string? recordSite = Normalize(r.Project);
                string comparable = recordSite != null ? "project:" + recordSite : "template:" + (r.Template ?? string.Empty);
                bool mine = site != null && string.Equals(recordSite, site, PathComparison);
                double saved = 0;
                if (r.Cache.Hit)
                {
                    saved = r.Cache.SavedMs ?? (lastMissMs.TryGetValue(comparable, out double miss) ? Math.Max(0, miss - r.TotalMs) : 0);
                }
                else
                {
                    lastMissMs[comparable] = r.TotalMs;
                }

                report.All.Count(r.Cache, saved);
                if (mine)
                {
                    report.Site.Count(r.Cache, saved);
                }
            }

            return report;
        }

        private static StringComparison PathComparison => PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        private static string? Normalize(string? path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            try
            {
                return Path.GetFullPath(path!.Trim()).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                return path!.Trim();
            }
        }
    }
}
