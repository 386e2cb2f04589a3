using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>What the build tells the analysis, as plain values (the task maps its parameters onto this).</summary>
    public sealed class BuildInputs
    {
        public string? ProjectPath { get; set; }
        public string? Template { get; set; }
        public string? Theme { get; set; }
        /// <summary>The configured components, ';'-separated.</summary>
        public string? Components { get; set; }
        public List<ComponentTiming> ComponentResults { get; set; } = new List<ComponentTiming>();
        public bool Success { get; set; } = true;
        public string? ErrorMessage { get; set; }
        public bool Parallel { get; set; } = true;
        public int MaxParallelJobs { get; set; }
        public string? HugoVersion { get; set; }
        public string? HugoEdition { get; set; }
        public string? HugoSource { get; set; }
        public string? HugoSourceUrl { get; set; }
        public double HugoTotalMs { get; set; }
        public double HugoPeakMemoryMb { get; set; }
        /// <summary>Hugo's statistics as "pages=34;static_files=3;aliases=2".</summary>
        public string? HugoStatistics { get; set; }
        public int HugoExitCode { get; set; }
        public string? OutputDirectory { get; set; }
        public bool CacheHit { get; set; }
        public bool CacheEnabled { get; set; }
        public string? CacheFingerprint { get; set; }
        public string? CacheMissReason { get; set; }
        public bool CacheRemoteHit { get; set; }
        public long CacheRemoteBytes { get; set; }
        public double CacheRemoteMs { get; set; }
        public long CacheUploadBytes { get; set; }
        public double CacheUploadMs { get; set; }
        public long CopiedCount { get; set; }
        public long SkippedCount { get; set; }
        public long RemovedCount { get; set; }
        public long CopiedBytes { get; set; }
        public int CopyJobs { get; set; }
        public string? PackageVersion { get; set; }
    }

    /// <summary>Builds this build's history record from the task's inputs, the phase times and the output folder.</summary>
    public static class RecordFactory
    {
        /// <summary>Error messages are cut to this many characters in the record.</summary>
        public const int MaxErrorLength = 2000;

        public static BuildRecord Create(BuildInputs inputs, PhaseTimeline phases, DateTime utcNow, List<string> notes)
        {
            var record = new BuildRecord
            {
                Schema = BuildRecord.CurrentSchema,
                SessionId = phases.SessionId ?? Guid.NewGuid().ToString("N"),
                Timestamp = utcNow.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Template = Blank(inputs.Template),
                TotalMs = Math.Round(phases.TotalMs ?? 0, 3),
                Phases = RoundedDurations(phases),
                Metrics = new BuildMetrics { MemoryMb = Math.Round(Math.Max(0, inputs.HugoPeakMemoryMb), 1, MidpointRounding.AwayFromZero) },
                Cache = new CacheInfo
                {
                    Hit = inputs.CacheHit,
                    Enabled = inputs.CacheEnabled,
                    Fingerprint = Blank(inputs.CacheFingerprint),
                    MissReason = inputs.CacheHit ? null : Blank(inputs.CacheMissReason),
                    Remote = inputs.CacheHit && inputs.CacheRemoteHit ? true : (bool?)null,
                    RemoteBytes = inputs.CacheRemoteBytes > 0 ? inputs.CacheRemoteBytes : (long?)null,
                    RemoteMs = inputs.CacheRemoteMs > 0 ? Math.Round(inputs.CacheRemoteMs, 1) : (double?)null,
                    UploadBytes = inputs.CacheUploadBytes > 0 ? inputs.CacheUploadBytes : (long?)null,
                    UploadMs = inputs.CacheUploadBytes > 0 ? Math.Round(inputs.CacheUploadMs, 1) : (double?)null,
                },
                Success = inputs.Success,
                Project = string.IsNullOrWhiteSpace(inputs.ProjectPath) ? null : BaselineSelector.NormalizeProject(inputs.ProjectPath!),
                Theme = Blank(inputs.Theme),
                Components = Components(inputs),
                Parallel = new ParallelInfo { Enabled = inputs.Parallel, MaxJobs = inputs.MaxParallelJobs },
                Hugo = Hugo(inputs, phases),
                Copy = Copy(inputs, phases),
                Machine = new MachineInfo
                {
                    Host = Environment.MachineName,
                    Cores = Environment.ProcessorCount,
                    Os = RuntimeInformation.OSDescription.Trim(),
                    Runtime = RuntimeInformation.FrameworkDescription.Trim(),
                },
                PackageVersion = Blank(inputs.PackageVersion) ?? PackageVersionOfThisAssembly(),
                Error = inputs.Success ? null : Truncate(Blank(inputs.ErrorMessage) ?? "the build failed"),
            };

            if (!string.IsNullOrWhiteSpace(inputs.OutputDirectory) && inputs.Success)
            {
                MeasureOutput(inputs.OutputDirectory!, record.Metrics, notes);
            }

            return record;
        }

        /// <summary>Counts the files under <paramref name="directory"/> and their size in KiB (rounded up).</summary>
        public static void MeasureOutput(string directory, BuildMetrics metrics, List<string> notes)
        {
            if (!Directory.Exists(directory))
            {
                notes.Add("The output folder " + directory + " does not exist; file_count and output_size_kb are 0.");
                return;
            }

            try
            {
                long files = 0;
                long bytes = 0;
                foreach (FileInfo file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
                {
                    files++;
                    bytes += file.Length;
                }

                metrics.FileCount = files;
                metrics.OutputSizeKb = (bytes + 1023) / 1024;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
            {
                notes.Add("The output folder " + directory + " could not be measured (" + e.Message + "); file_count and output_size_kb are 0.");
            }
        }

        /// <summary>Parses "pages=34;static_files=3" into row name → count; row names are lower case with '_' for spaces.</summary>
        public static Dictionary<string, long> ParseStatistics(string? text)
        {
            var stats = new Dictionary<string, long>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text))
            {
                return stats;
            }

            foreach (string entry in text!.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = entry.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string name = entry.Substring(0, eq).Trim().ToLowerInvariant().Replace(' ', '_');
                if (name.Length > 0 && long.TryParse(entry.Substring(eq + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                {
                    stats[name] = value;
                }
            }

            return stats;
        }

        private static List<ComponentTiming>? Components(BuildInputs inputs)
        {
            var list = new List<ComponentTiming>(inputs.ComponentResults);
            foreach (string name in SplitList(inputs.Components))
            {
                bool listed = false;
                foreach (ComponentTiming c in list)
                {
                    if (string.Equals(c.Name, name, StringComparison.Ordinal))
                    {
                        listed = true;
                        break;
                    }
                }

                if (!listed)
                {
                    list.Add(new ComponentTiming { Name = name, DurationMs = 0, Result = "NotRun" });
                }
            }

            return list.Count == 0 ? null : list;
        }

        private static HugoInfo? Hugo(BuildInputs inputs, PhaseTimeline phases)
        {
            Dictionary<string, long> stats = ParseStatistics(inputs.HugoStatistics);
            bool ran = inputs.HugoTotalMs > 0 || stats.Count > 0 || inputs.HugoExitCode != 0 || phases.Has("hugo");
            if (!ran && string.IsNullOrWhiteSpace(inputs.HugoVersion))
            {
                return null;
            }

            return new HugoInfo
            {
                Version = Blank(inputs.HugoVersion),
                Edition = Blank(inputs.HugoEdition),
                Source = Blank(inputs.HugoSource),
                SourceUrl = Blank(inputs.HugoSourceUrl),
                TotalMs = inputs.HugoTotalMs > 0 ? inputs.HugoTotalMs : (double?)null,
                Stats = stats.Count > 0 ? stats : null,
                ExitCode = ran ? inputs.HugoExitCode : (int?)null,
            };
        }

        private static CopyInfo? Copy(BuildInputs inputs, PhaseTimeline phases)
        {
            bool any = inputs.CopiedCount != 0 || inputs.SkippedCount != 0 || inputs.RemovedCount != 0 || inputs.CopiedBytes != 0 ||
                       inputs.CopyJobs != 0 || phases.Has("copy");
            if (!any)
            {
                return null;
            }

            return new CopyInfo
            {
                Copied = inputs.CopiedCount,
                Skipped = inputs.SkippedCount,
                Removed = inputs.RemovedCount,
                Bytes = inputs.CopiedBytes,
                Jobs = inputs.CopyJobs,
            };
        }

        public static IEnumerable<string> SplitList(string? list)
        {
            if (string.IsNullOrWhiteSpace(list))
            {
                yield break;
            }

            foreach (string part in list!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string name = part.Trim();
                if (name.Length > 0)
                {
                    yield return name;
                }
            }
        }

        /// <summary>The package version this assembly was built as ("1.0.0"; the informational version without its source hash).</summary>
        private static string? PackageVersionOfThisAssembly()
        {
            var assembly = typeof(RecordFactory).Assembly;
            var informational = (System.Reflection.AssemblyInformationalVersionAttribute?)Attribute.GetCustomAttribute(
                assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute));
            string? version = informational?.InformationalVersion;
            if (string.IsNullOrEmpty(version))
            {
                return assembly.GetName().Version?.ToString();
            }

            int plus = version!.IndexOf('+');
            return plus > 0 ? version.Substring(0, plus) : version;
        }

        private static Dictionary<string, double> RoundedDurations(PhaseTimeline phases)
        {
            var rounded = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, double> p in phases.Durations())
            {
                rounded.Add(p.Key, Math.Round(p.Value, 3));
            }

            return rounded;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static string Truncate(string value) => value.Length <= MaxErrorLength ? value : value.Substring(0, MaxErrorLength) + "…";
    }
}
