using System;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Prints the build cache's entries and size, and from the history the hit ratio and the time hits saved,
    /// for this site and for every site (the HugoCacheStats target).
    /// </summary>
    public sealed class HugoCacheStats : Task
    {
        public string? CacheDirectory { get; set; }
        /// <summary>The history; empty = ~/.hugo-template-perf/history.jsonl.</summary>
        public string? HistoryFile { get; set; }
        /// <summary>The project whose figures are shown first (as the history records it).</summary>
        public string? ProjectPath { get; set; }
        public string? MaxSizeMb { get; set; }

        [Output] public int EntryCount { get; private set; }
        [Output] public long SizeBytes { get; private set; }
        [Output] public int Builds { get; private set; }
        [Output] public int Hits { get; private set; }
        /// <summary>This site's hits per cached build, 0..1.</summary>
        [Output] public double HitRatio { get; private set; }
        [Output] public double SavedMilliseconds { get; private set; }
        [Output] public int AllBuilds { get; private set; }
        [Output] public int AllHits { get; private set; }
        /// <summary>This site's hits from the remote cache.</summary>
        [Output] public int RemoteHits { get; private set; }
        /// <summary>This site's uploads to the remote cache.</summary>
        [Output] public int RemoteUploads { get; private set; }
        [Output] public double AllHitRatio { get; private set; }
        [Output] public double AllSavedMilliseconds { get; private set; }

        public override bool Execute()
        {
            if (!CacheParameters.TryReadMaxBytes(Log, MaxSizeMb, out long maxBytes))
            {
                return false;
            }

            string root = CacheParameters.ResolveRoot(CacheDirectory);
            string history = string.IsNullOrWhiteSpace(HistoryFile) ? HistoryStore.DefaultPath() : Path.GetFullPath(HistoryFile);
            var records = HistoryStore.ReadAll(history, out int skipped);
            if (skipped > 0)
            {
                Log.LogWarning(null, CacheCodes.StatsLinesSkipped, null, history, 0, 0, 0, 0,
                    "{0} line(s) of the history could not be read and were left out of the cache figures. They stay in the file; remove them if they are damaged.",
                    skipped);
            }

            CacheStatsReport report;
            try
            {
                report = CacheStatistics.Compute(new BuildCache(root).List(), records, ProjectPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogWarning(null, CacheCodes.StatsUnreadable, null, null, 0, 0, 0, 0,
                    "The build cache folder {0} could not be read ({1}). Check HugoCacheDir and its permissions.", root, ex.Message);
                return !Log.HasLoggedErrors;
            }

            EntryCount = report.Entries;
            SizeBytes = report.Bytes;
            Builds = report.Site.Builds;
            Hits = report.Site.Hits;
            HitRatio = Math.Round(report.Site.HitRatio, 4);
            SavedMilliseconds = Math.Round(report.Site.SavedMilliseconds, 1);
            AllBuilds = report.All.Builds;
            AllHits = report.All.Hits;
            AllHitRatio = Math.Round(report.All.HitRatio, 4);
            AllSavedMilliseconds = Math.Round(report.All.SavedMilliseconds, 1);

            Log.LogMessage(MessageImportance.High, "Build cache {0}", root);
            Log.LogMessage(MessageImportance.High, "  entries    {0} ({1} of {2} cap); stored by this site: {3} ({4})",
                report.Entries, Analysis.Format.Size(report.Bytes), Analysis.Format.Size(maxBytes), report.SiteEntries, Analysis.Format.Size(report.SiteBytes));
            Line("this site", report.Site);
            Line("all sites", report.All);
            if (report.All.RemoteHits + report.All.Uploads > 0 || report.All.DownloadedBytes > 0)
            {
                RemoteLine("this site", report.Site);
                RemoteLine("all sites", report.All);
            }

            RemoteHits = report.Site.RemoteHits;
            RemoteUploads = report.Site.Uploads;
            Log.LogMessage(MessageImportance.High, "  (history: {0})", history);
            return !Log.HasLoggedErrors;
        }

        private void RemoteLine(string label, HitFigures f) =>
            Log.LogMessage(MessageImportance.High, "  {0,-10} remote cache: {1} hits ({2} downloaded), {3} uploads ({4})",
                label, f.RemoteHits, Analysis.Format.Size(f.DownloadedBytes), f.Uploads, Analysis.Format.Size(f.UploadedBytes));

        private void Line(string label, HitFigures f) =>
            Log.LogMessage(MessageImportance.High, "  {0,-10} {1} cached builds: {2} hits, {3} misses, hit ratio {4}, time saved {5}",
                label, f.Builds, f.Hits, f.Misses, (f.HitRatio * 100).ToString("0", CultureInfo.InvariantCulture) + "%", Analysis.Format.Duration(f.SavedMilliseconds));
    }
}
