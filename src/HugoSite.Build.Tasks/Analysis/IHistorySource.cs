using System;
using System.Collections.Generic;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Where the analysis reads past builds from and appends this one to. The one seam between the analysis and
    /// the history file, so tests can feed synthetic histories.
    /// </summary>
    public interface IHistorySource
    {
        /// <summary>Where the history lives, for messages.</summary>
        string Location { get; }

        /// <summary>The most recent records, oldest first, at most <paramref name="maxRecords"/>.</summary>
        HistoryWindow ReadRecent(int maxRecords);

        void Append(BuildRecord record);
    }

    /// <summary>The recent end of the history, oldest record first.</summary>
    public sealed class HistoryWindow
    {
        public HistoryWindow(IReadOnlyList<BuildRecord> records, int skipped, bool complete)
        {
            Records = records ?? throw new ArgumentNullException(nameof(records));
            Skipped = skipped;
            Complete = complete;
        }

        /// <summary>No records, and no claim that nothing older exists (the history was not read).</summary>
        public static HistoryWindow Unknown { get; } = new HistoryWindow(new BuildRecord[0], 0, false);

        public IReadOnlyList<BuildRecord> Records { get; }

        /// <summary>Lines that could not be parsed.</summary>
        public int Skipped { get; }

        /// <summary>True when the window holds the whole history (nothing older exists), so absence is meaningful.</summary>
        public bool Complete { get; }
    }

    /// <summary>The JSONL history file written by <see cref="HistoryStore"/>, read from its end.</summary>
    public sealed class JsonlHistorySource : IHistorySource
    {
        private readonly string? _project;
        private readonly HistoryWriteOptions _writeOptions;

        /// <param name="path">The history file.</param>
        /// <param name="project">
        /// When set, only this project's records are read (the reader rules other sites' lines out without parsing
        /// them); every comparison the analysis makes is within one site.
        /// </param>
        /// <param name="maxBytes">Rotation size for appends; 0 or less never rotates.</param>
        public JsonlHistorySource(string path, string? project = null, long maxBytes = HistoryStore.DefaultMaxBytes)
        {
            Location = path;
            _project = string.IsNullOrWhiteSpace(project) ? null : project;
            _writeOptions = new HistoryWriteOptions { MaxBytes = maxBytes };
        }

        public string Location { get; }

        public HistoryWindow ReadRecent(int maxRecords)
        {
            List<BuildRecord> records = HistoryStore.ReadRecent(Location, new HistoryQuery { MaxRecords = maxRecords, Project = _project }, out int skipped);
            return new HistoryWindow(records, skipped, complete: records.Count < maxRecords);
        }

        public void Append(BuildRecord record) => HistoryStore.Append(Location, record, _writeOptions);
    }
}
