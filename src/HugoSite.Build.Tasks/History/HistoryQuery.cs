using System;

namespace HugoSite.Build.Tasks.History
{
    /// <summary>
    /// Which history records a reader wants. Project, template, success and cache hit are checked on a light
    /// scan of the line before it is parsed in full, so lines that cannot match cost almost nothing.
    /// </summary>
    public sealed class HistoryQuery
    {
        /// <summary>The newest this many matching records are returned (oldest first).</summary>
        public int MaxRecords { get; set; } = int.MaxValue;

        /// <summary>Only records of this project (its full path). Null: any project.</summary>
        public string? Project { get; set; }

        /// <summary>With <see cref="Project"/>: also records that name no project (the bash predecessor wrote none).</summary>
        public bool IncludeUnattributed { get; set; }

        /// <summary>Only records of this template (case-insensitive). Null: any template.</summary>
        public string? Template { get; set; }

        /// <summary>Only successful (true) or failed (false) builds. A record without "success" counts as successful.</summary>
        public bool? Success { get; set; }

        /// <summary>Only cache hits (true) or builds that ran (false). A record without "cache" counts as a miss.</summary>
        public bool? CacheHit { get; set; }

        /// <summary>Any further test, applied to the parsed record.</summary>
        public Func<BuildRecord, bool>? Filter { get; set; }

        internal bool NeedsScan => Project != null || Template != null || Success.HasValue || CacheHit.HasValue;
    }
}
