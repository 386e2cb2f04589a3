using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Linq;
using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Report;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>Builds this build's history record from the task's inputs, the phase times and the output folder.</summary>
    public static class RecordFactory
    {
        /// <summary>Error messages are cut to this many characters in the record.</summary>
        public const int MaxErrorLength = 2000;

        public static BuildRecord Create(AnalysisInputs inputs, PhaseTimeline phases, List<string> notes)
        {
            var record = new BuildRecord
            {
                Schema = BuildRecord.CurrentSchema,
                SessionId = phases.SessionId ?? Guid.NewGuid().ToString("N"),
                Timestamp = inputs.UtcNow().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
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
                    RemoteMs = inputs.CacheRemoteMilliseconds > 0 ? Math.Round(inputs.CacheRemoteMilliseconds, 1) : (double?)null,
                    UploadBytes = inputs.CacheUploadBytes > 0 ? inputs.CacheUploadBytes : (long?)null,
                    UploadMs = inputs.CacheUploadBytes > 0 ? Math.Round(inputs.CacheUploadMilliseconds, 1) : (double?)null,
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

            ReportFields.Apply(record, inputs, notes);

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

        /// <summary>The components that ran, then the configured ones that did not.</summary>
        private static List<ComponentTiming>? Components(AnalysisInputs inputs)
        {
            List<ComponentTiming> list = (inputs.ComponentResults ?? new ITaskItem[0]).Select(ToTiming).ToList();
            list.AddRange(ComponentText.SplitList(inputs.Components).Distinct(StringComparer.Ordinal)
                .Where(name => !list.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
                .Select(name => new ComponentTiming { Name = name, DurationMs = 0, Result = "NotRun" })
                .ToList());
            return list.Count == 0 ? null : list;
        }

        private static ComponentTiming ToTiming(ITaskItem item)
        {
            return new ComponentTiming
            {
                Name = item.ItemSpec,
                DurationMs = ParseDouble(item.GetMetadata("DurationMs")) ?? 0,
                ExitCode = int.TryParse(item.GetMetadata("ExitCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) ? code : (int?)null,
                Result = string.IsNullOrEmpty(item.GetMetadata("Result")) ? null : item.GetMetadata("Result"),
                StartOffsetMs = ParseDouble(item.GetMetadata("StartOffsetMs")),
            };
        }

        /// <summary>A finite number in invariant form, or null.</summary>
        internal static double? ParseDouble(string text)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value) && !double.IsInfinity(value)
                ? value
                : (double?)null;
        }

        private static HugoInfo? Hugo(AnalysisInputs inputs, PhaseTimeline phases)
        {
            Dictionary<string, long> stats = ParseStatistics(inputs.HugoStatistics);
            bool ran = inputs.HugoTotalMilliseconds > 0 || stats.Count > 0 || inputs.HugoExitCode != 0 || phases.Find("hugo") != null;
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
                TotalMs = inputs.HugoTotalMilliseconds > 0 ? inputs.HugoTotalMilliseconds : (double?)null,
                Stats = stats.Count > 0 ? stats : null,
                ExitCode = ran ? inputs.HugoExitCode : (int?)null,
            };
        }

        private static CopyInfo? Copy(AnalysisInputs inputs, PhaseTimeline phases)
        {
            bool any = inputs.CopiedCount != 0 || inputs.SkippedCount != 0 || inputs.RemovedCount != 0 || inputs.CopiedBytes != 0 ||
                       inputs.CopyJobs != 0 || phases.Find("copy") != null;
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

        private static Dictionary<string, double> RoundedDurations(PhaseTimeline phases) =>
            phases.Durations().ToDictionary(p => p.Key, p => Math.Round(p.Value, 3), StringComparer.Ordinal);

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static string Truncate(string value) => value.Length <= MaxErrorLength ? value : value.Substring(0, MaxErrorLength) + "…";
    }
}
