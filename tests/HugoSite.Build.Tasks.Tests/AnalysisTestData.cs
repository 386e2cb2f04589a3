using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Synthetic build records and histories for the analysis tests.</summary>
    internal static class AnalysisTestData
    {
        public const string Project = "/sites/blog/blog.proj";
        /// <summary>This machine: the task records Environment.MachineName, so comparable records must carry it.</summary>
        public static readonly string Host = Environment.MachineName;

        /// <summary>A successful cache-miss build of <see cref="Project"/> on <see cref="Host"/>.</summary>
        public static BuildRecord Record(double totalMs, string template = "default", bool cacheHit = false, bool success = true,
            string project = Project, string? host = null, Dictionary<string, double>? phases = null)
        {
            return new BuildRecord
            {
                Schema = BuildRecord.CurrentSchema,
                SessionId = Guid.NewGuid().ToString("N"),
                Timestamp = "2025-01-01T00:00:00.000Z",
                Template = template,
                TotalMs = totalMs,
                Phases = phases ?? new Dictionary<string, double> { ["setup"] = totalMs * 0.1, ["hugo"] = totalMs * 0.9 },
                Cache = new CacheInfo { Hit = cacheHit, Enabled = true },
                Success = success,
                Project = project,
                Machine = new MachineInfo { Host = host ?? Host, Cores = 2 },
                Parallel = new ParallelInfo { Enabled = true, MaxJobs = 4 },
            };
        }

        /// <summary>Totals of builds jittering around <paramref name="centre"/> by up to ±<paramref name="jitterPercent"/>, deterministic.</summary>
        public static List<BuildRecord> Jittered(double centre, double jitterPercent, int count, int seed = 7)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count)
                .Select(_ => Record(centre * (1 + (random.NextDouble() * 2 - 1) * jitterPercent / 100.0)))
                .ToList();
        }

        public static HistoryWindow Window(IEnumerable<BuildRecord> records) => new HistoryWindow(records.ToList(), 0, complete: true);
    }

    /// <summary>An in-memory history for the task tests.</summary>
    internal sealed class FakeHistory : IHistorySource
    {
        public FakeHistory(IEnumerable<BuildRecord>? records = null)
        {
            Records = records?.ToList() ?? new List<BuildRecord>();
        }

        public List<BuildRecord> Records { get; }

        public Exception? ReadFailure { get; set; }

        public Exception? AppendFailure { get; set; }

        public string Location => "/fake/history.jsonl";

        public HistoryWindow ReadRecent(int maxRecords)
        {
            if (ReadFailure != null)
            {
                throw ReadFailure;
            }

            return new HistoryWindow(Records.ToList(), 0, complete: true);
        }

        public void Append(BuildRecord record)
        {
            if (AppendFailure != null)
            {
                throw AppendFailure;
            }

            Records.Add(record);
        }
    }
}
