using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>Two values of one measure, before and after. <paramref name="IsDuration"/>: a time in a list of counts (the remote cache's download and upload times).</summary>
    public sealed record Delta(string Name, double? From, double? To, bool IsDuration = false)
    {
        public double? Change => From.HasValue && To.HasValue ? To - From : null;

        public double? ChangePercent => From.HasValue && To.HasValue && From.Value > 0 ? (To - From) / From * 100.0 : null;

        /// <summary>A value as the log and the page show it; "-" when the build has none.</summary>
        public static string Show(double? value, bool duration) =>
            value.HasValue ? (duration ? Format.Duration(value.Value) : Format.Number(value.Value)) : "-";

        /// <summary>The change with its sign, or <paramref name="none"/> when either value is missing.</summary>
        public string ShowChange(bool duration, string none) =>
            !Change.HasValue ? none : duration ? Format.SignedDuration(Change.Value) : (Change.Value >= 0 ? "+" : string.Empty) + Format.Number(Change.Value);
    }

    /// <summary>A setting that differs between the two builds (Hugo version, a property, the machine).</summary>
    public sealed record SettingChange(string Name, string? From, string? To);

    /// <summary>
    /// What changed between two builds of one site: inputs (from the input changes each build recorded against the one
    /// before it, gathered over every build after the first up to the second), settings, phases, copy counts,
    /// components, Hugo's statistics and the verdict.
    /// </summary>
    public sealed class BuildComparison
    {
        /// <summary>The pair's verdict when one build came from the cache (or failed) and the other did not.</summary>
        public const string NotComparable = "not-comparable";

        public const string Previous = "previous";
        public const string BaselineName = "baseline";

        public BuildRecord From { get; private set; } = new BuildRecord();

        public BuildRecord To { get; private set; } = new BuildRecord();

        /// <summary>True when <see cref="From"/> is the median of the baseline builds, not one build.</summary>
        public bool FromIsBaseline { get; private set; }

        public int BaselineBuilds { get; private set; }

        public Delta Total { get; private set; } = new Delta("total", null, null);

        public List<Delta> Phases { get; } = new List<Delta>();

        public List<Delta> Copy { get; } = new List<Delta>();

        public List<Delta> Components { get; } = new List<Delta>();

        /// <summary>Bytes and milliseconds downloaded from and uploaded to the remote cache, when either build used one.</summary>
        public List<Delta> RemoteCache { get; } = new List<Delta>();

        public List<Delta> HugoStats { get; } = new List<Delta>();

        public List<SettingChange> Settings { get; } = new List<SettingChange>();

        /// <summary>Changed input files, the first few per source, over the builds after From up to To.</summary>
        public List<InputChange> Files { get; } = new List<InputChange>();

        public int FilesChanged { get; private set; }

        public int FilesAdded { get; private set; }

        public int FilesRemoved { get; private set; }

        /// <summary>Why the input list may be incomplete ("the cache was off in 1 build", …); empty when it is complete.</summary>
        public List<string> InputNotes { get; } = new List<string>();

        /// <summary>To against its own baseline, as the analysis judges it.</summary>
        public BaselineComparison ToBaseline { get; private set; } = new BaselineComparison();

        /// <summary>The verdict of the pair: faster, slower or within-noise (To's noise band), or no-baseline.</summary>
        public string Verdict { get; private set; } = Verdicts.NoBaseline;

        /// <summary>
        /// Picks the two builds from one site's records (oldest first). <paramref name="from"/>: a session id (or a unique
        /// prefix of one), "previous" (default: the build before To) or "baseline". <paramref name="to"/>: a session id or
        /// empty (the latest build). Null with <paramref name="problem"/> set when they cannot be found.
        /// </summary>
        public static BuildComparison? Resolve(List<BuildRecord> records, string? from, string? to, NoiseOptions noise, out string? problem, out bool tooFew)
        {
            problem = null;
            tooFew = false;
            string fromText = (from ?? string.Empty).Trim();
            string toText = (to ?? string.Empty).Trim();
            bool fromBaseline = Is(fromText, BaselineName);
            int toIndex;
            if (toText.Length == 0)
            {
                toIndex = records.Count - 1;
            }
            else if (Is(toText, Previous))
            {
                toIndex = records.Count - 2;
            }
            else if (Is(toText, BaselineName))
            {
                problem = "HugoCompareTo cannot be 'baseline': the baseline is what a build is compared with. Set HugoCompareFrom=baseline, and HugoCompareTo to a session id or leave it empty for the latest build.";
                return null;
            }
            else if ((toIndex = Find(records, toText, "HugoCompareTo", out problem)) < 0)
            {
                return null;
            }

            if (toIndex < 0)
            {
                tooFew = true;
                problem = "There are not yet two builds of this site in the history to compare (found " + records.Count.ToString(CultureInfo.InvariantCulture) + "). Build the site again, then compare.";
                return null;
            }

            List<BuildRecord> baseline = Baseline(records, toIndex, noise);
            int fromIndex;
            if (fromBaseline)
            {
                if (baseline.Count == 0)
                {
                    problem = "HugoCompareFrom=baseline, but no earlier build of this site is comparable with build " + records[toIndex].SessionId +
                              " (same template, machine and cache state, successful). Compare with 'previous' or a session id instead.";
                    return null;
                }

                fromIndex = records.IndexOf(baseline[baseline.Count - 1]);
            }
            else if (fromText.Length == 0 || Is(fromText, Previous))
            {
                fromIndex = toIndex - 1;
                if (fromIndex < 0)
                {
                    tooFew = true;
                    problem = "Build " + records[toIndex].SessionId + " is the first of this site in the history, so there is no previous build to compare it with.";
                    return null;
                }
            }
            else if ((fromIndex = Find(records, fromText, "HugoCompareFrom", out problem)) < 0)
            {
                return null;
            }

            if (fromIndex == toIndex && !fromBaseline)
            {
                problem = "HugoCompareFrom and HugoCompareTo name the same build (" + records[toIndex].SessionId + "). Name two different builds.";
                return null;
            }

            if (fromIndex > toIndex)
            {
                // Compare in time order; the inputs are gathered over the builds in between either way.
                (fromIndex, toIndex) = (toIndex, fromIndex);
                baseline = Baseline(records, toIndex, noise);
            }

            var result = new BuildComparison
            {
                To = records[toIndex],
                From = fromBaseline ? MedianRecord(baseline) : records[fromIndex],
                FromIsBaseline = fromBaseline,
                BaselineBuilds = fromBaseline ? baseline.Count : 0,
                ToBaseline = NoiseClassifier.Compare(records[toIndex].TotalMs, baseline, noise),
            };
            result.Fill(records.GetRange(fromIndex + 1, toIndex - fromIndex));
            return result;
        }

        /// <summary>The baseline of the build at <paramref name="index"/>, chosen from the builds before it as the analysis chooses it.</summary>
        private static List<BuildRecord> Baseline(List<BuildRecord> records, int index, NoiseOptions noise) =>
            BaselineSelector.Select(records.GetRange(0, index), records[index], noise.BaselineCount);

        private void Fill(List<BuildRecord> between)
        {
            BuildRecord[] pair = { From, To };
            Total = new Delta("total", From.TotalMs, To.TotalMs);
            Phases.AddRange(ReportModel.InPhaseOrder(Names(pair, r => r.Phases?.Keys)).Select(p => new Delta(p, Phase(From, p), Phase(To, p))));
            if (From.Copy != null || To.Copy != null)
            {
                Copy.Add(new Delta("copied", From.Copy?.Copied, To.Copy?.Copied));
                Copy.Add(new Delta("skipped", From.Copy?.Skipped, To.Copy?.Skipped));
                Copy.Add(new Delta("removed", From.Copy?.Removed, To.Copy?.Removed));
                Copy.Add(new Delta("bytes", From.Copy?.Bytes, To.Copy?.Bytes));
                Copy.Add(new Delta("jobs", From.Copy?.Jobs, To.Copy?.Jobs));
            }

            if (UsedRemote(From) || UsedRemote(To))
            {
                RemoteCache.Add(new Delta("downloaded bytes", From.Cache?.RemoteBytes ?? 0, To.Cache?.RemoteBytes ?? 0));
                RemoteCache.Add(new Delta("download", From.Cache?.RemoteMs ?? 0, To.Cache?.RemoteMs ?? 0, IsDuration: true));
                RemoteCache.Add(new Delta("uploaded bytes", From.Cache?.UploadBytes ?? 0, To.Cache?.UploadBytes ?? 0));
                RemoteCache.Add(new Delta("upload", From.Cache?.UploadMs ?? 0, To.Cache?.UploadMs ?? 0, IsDuration: true));
            }

            Components.AddRange(Names(pair, r => r.Components?.Where(c => c?.Name != null).Select(c => c.Name!))
                .Select(c => new Delta(c, ComponentMs(From, c), ComponentMs(To, c))));
            HugoStats.AddRange(Names(pair, r => r.Hugo?.Stats?.Keys).Select(s => new Delta(s, Stat(From, s), Stat(To, s))));
            if (To.Hugo?.TotalMs != null || From.Hugo?.TotalMs != null)
            {
                HugoStats.Add(new Delta("hugo's own total (ms)", From.Hugo?.TotalMs, To.Hugo?.TotalMs));
            }

            Setting("Hugo version", From.Hugo?.Version, To.Hugo?.Version);
            Setting("theme", From.Theme, To.Theme);
            Setting("components", ComponentList(From), ComponentList(To));
            Setting("parallel", Parallel(From), Parallel(To));
            Setting("cache", CacheState(From), CacheState(To));
            Setting("machine", From.Machine?.Host, To.Machine?.Host);
            Setting("cores", From.Machine?.Cores.ToString(CultureInfo.InvariantCulture), To.Machine?.Cores.ToString(CultureInfo.InvariantCulture));
            Setting("os", From.Machine?.Os, To.Machine?.Os);
            Setting("runtime", From.Machine?.Runtime, To.Machine?.Runtime);
            Setting("package", From.PackageVersion, To.PackageVersion);
            Setting("outcome", Outcome(From), Outcome(To));
            GatherInputs(between);

            if (BaselineSelector.IsCacheHit(From) != BaselineSelector.IsCacheHit(To) || (From.Success == false) != (To.Success == false))
            {
                Verdict = NotComparable;
            }
            else if (ToBaseline.HasBaseline && Total.Change.HasValue)
            {
                double change = Total.Change.Value;
                Verdict = Math.Abs(change) <= ToBaseline.NoiseBandMs!.Value ? Verdicts.WithinNoise : change < 0 ? Verdicts.Faster : Verdicts.Slower;
            }
        }

        private void GatherInputs(List<BuildRecord> between)
        {
            List<InputChanges> recorded = between.Where(r => r.Inputs != null).Select(r => r.Inputs!).ToList();
            FilesChanged = recorded.Sum(i => i.Changed);
            FilesAdded = recorded.Sum(i => i.Added);
            FilesRemoved = recorded.Sum(i => i.Removed);

            // A file changed in several builds is listed once, with its latest kind of change.
            Files.AddRange(InputChangeDiff.FirstPerSource(recorded.SelectMany(i => i.Files ?? new List<InputChange>()).Where(f => f != null)
                .GroupBy(f => f.Source + "/" + f.Path, StringComparer.Ordinal).Select(g => g.Last())));

            // A property changed in several builds goes from its value before the first change to its value after the last.
            foreach (IGrouping<string, PropertyChange> p in recorded.SelectMany(i => i.Properties ?? new List<PropertyChange>())
                         .Where(p => p?.Name != null).GroupBy(p => p.Name!, StringComparer.Ordinal))
            {
                string? before = p.First().Before, after = p.Last().After;
                if (!string.Equals(before, after, StringComparison.Ordinal))
                {
                    Settings.Add(new SettingChange("property " + p.Key, before, after));
                }
            }

            int off = between.Count - recorded.Count, first = recorded.Count(i => i.First == true);
            if (off > 0)
            {
                InputNotes.Add(off + (off == 1 ? " build" : " builds") + " in between recorded no input changes (the cache was off, or it was built by an older version), so files it changed are not listed");
            }

            if (first > 0)
            {
                InputNotes.Add(first + (first == 1 ? " build" : " builds") + " in between started without an earlier fingerprint state (first build, cleaned obj/ or a fresh CI runner), so their changes are unknown");
            }
        }

        /// <summary>The comparison as text lines, for the build log.</summary>
        public List<string> ToLines()
        {
            var lines = new List<string>();
            string fromName = FromIsBaseline ? "the baseline (median of " + BaselineBuilds + " comparable builds)" : "build " + From.SessionId + " (" + From.Timestamp + ")";
            lines.Add("Comparing " + fromName + " with build " + To.SessionId + " (" + To.Timestamp + "), template " + (To.Template ?? "(none)") + ":");
            lines.Add("  total: " + Line(Total) + " — " + VerdictWords());
            lines.Add("Inputs changed: " + InputSummary());
            lines.AddRange(Files.Select(f => "  " + f.Change + " " + f.Source + "/" + f.Path));
            lines.AddRange(InputNotes.Select(note => "  (" + note + ")"));
            if (Settings.Count > 0)
            {
                lines.Add("Settings changed:");
                lines.AddRange(Settings.Select(s => "  " + s.Name + ": " + Show(s.From) + " -> " + Show(s.To)));
            }

            Block(lines, "Phases:", Phases, true);
            Block(lines, "Copy:", Copy, false);
            Block(lines, "Remote cache:", RemoteCache, false);
            Block(lines, "Components:", Components, true);
            Block(lines, "Hugo's statistics:", HugoStats, false);
            return lines;
        }

        public string InputSummary()
        {
            int total = FilesChanged + FilesAdded + FilesRemoved;
            if (total == 0)
            {
                return InputNotes.Count > 0 ? "none recorded" : "none";
            }

            return FilesChanged + " changed, " + FilesAdded + " added, " + FilesRemoved + " removed" + (total > Files.Count ? " (the first " + InputChangeDiff.PathsPerSource + " per source listed)" : string.Empty);
        }

        public string VerdictWords()
        {
            switch (Verdict)
            {
                case Verdicts.WithinNoise:
                    return "within noise (the noise band of this site's baseline is ±" + Format.Duration(ToBaseline.NoiseBandMs ?? 0) + ")";
                case Verdicts.Faster:
                case Verdicts.Slower:
                    return Verdict + ", beyond the noise band of ±" + Format.Duration(ToBaseline.NoiseBandMs ?? 0);
                case NotComparable:
                    return "not a speed change: " + (BaselineSelector.IsCacheHit(From) != BaselineSelector.IsCacheHit(To)
                        ? "one build was restored from the cache and the other ran"
                        : "one build failed and the other succeeded");
                default:
                    return "no noise band yet (" + ToBaseline.Count + " of " + ToBaseline.Needed + " comparable builds), so no verdict";
            }
        }

        public static string Line(Delta d, bool durations = true) =>
            Delta.Show(d.From, durations) + " -> " + Delta.Show(d.To, durations) + ", " + d.ShowChange(durations, "n/a") +
            (d.ChangePercent.HasValue ? " (" + Format.SignedPercent(d.ChangePercent.Value) + ")" : string.Empty);

        private static void Block(List<string> lines, string title, List<Delta> deltas, bool durations)
        {
            if (deltas.Count > 0)
            {
                lines.Add(title);
                lines.AddRange(deltas.Select(d => "  " + d.Name + ": " + Line(d, durations || d.IsDuration)));
            }
        }

        private void Setting(string name, string? from, string? to)
        {
            if (!string.Equals(from ?? string.Empty, to ?? string.Empty, StringComparison.Ordinal) && !FromIsBaseline)
            {
                Settings.Add(new SettingChange(name, from, to));
            }
        }

        private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value!;

        private static string? ComponentList(BuildRecord r) =>
            r.Components == null ? null : string.Join(", ", r.Components.Where(c => c?.Name != null).Select(c => c.Name));

        private static string? Parallel(BuildRecord r) => r.Parallel == null ? null : r.Parallel.Enabled ? "on, " + r.Parallel.MaxJobs + " jobs" : "off";

        private static string CacheState(BuildRecord r) =>
            r.Cache?.Hit == true ? (r.Cache.Remote == true ? "remote hit" : "hit") : r.Cache?.Enabled == true ? "miss" : "off";

        /// <summary>True when the build downloaded from or uploaded to a remote cache (a remote miss records neither).</summary>
        private static bool UsedRemote(BuildRecord r) =>
            r.Cache != null && (r.Cache.Remote == true || r.Cache.RemoteBytes > 0 || r.Cache.UploadBytes > 0 || r.Cache.RemoteMs > 0 || r.Cache.UploadMs > 0);

        private static string Outcome(BuildRecord r) => r.Success == false ? "failed" : "succeeded";

        private static double? Phase(BuildRecord r, string phase) => r.Phases != null && r.Phases.TryGetValue(phase, out double v) ? v : (double?)null;

        private static double? Stat(BuildRecord r, string name) => r.Hugo?.Stats != null && r.Hugo.Stats.TryGetValue(name, out long v) ? v : (double?)null;

        private static double? ComponentMs(BuildRecord r, string name) => r.Components?.FirstOrDefault(c => c?.Name == name)?.DurationMs;

        /// <summary>Each name once, in the order the two builds first name it.</summary>
        private static IEnumerable<string> Names(BuildRecord[] pair, Func<BuildRecord, IEnumerable<string>?> names) =>
            pair.SelectMany(r => names(r) ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal);

        /// <summary>The baseline as one record: the median total, the median of each phase, component and statistic.</summary>
        internal static BuildRecord MedianRecord(IReadOnlyList<BuildRecord> builds)
        {
            BuildRecord newest = builds[builds.Count - 1];
            List<CopyInfo> copies = builds.Where(b => b.Copy != null).Select(b => b.Copy!).ToList();
            return new BuildRecord
            {
                SessionId = "baseline",
                Timestamp = newest.Timestamp,
                Template = newest.Template,
                Project = newest.Project,
                Theme = newest.Theme,
                Success = true,
                TotalMs = Stats.Median(builds.Select(b => b.TotalMs)),
                Phases = builds.SelectMany(b => b.Phases ?? new Dictionary<string, double>()).GroupBy(p => p.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Stats.Median(g.Select(p => p.Value)), StringComparer.Ordinal),
                Machine = newest.Machine,
                Parallel = newest.Parallel,
                PackageVersion = newest.PackageVersion,
                Cache = newest.Cache,
                Hugo = new HugoInfo
                {
                    Version = newest.Hugo?.Version,
                    Stats = builds.SelectMany(b => b.Hugo?.Stats ?? new Dictionary<string, long>()).GroupBy(s => s.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => (long)Math.Round(Stats.Median(g.Select(s => (double)s.Value))), StringComparer.Ordinal),
                },
                Components = builds.SelectMany(b => b.Components ?? new List<ComponentTiming>()).Where(c => c?.Name != null).GroupBy(c => c.Name!, StringComparer.Ordinal)
                    .Select(g => new ComponentTiming { Name = g.Key, DurationMs = Stats.Median(g.Select(c => c.DurationMs)) }).ToList(),
                Copy = copies.Count == 0 ? null : new CopyInfo
                {
                    Copied = Median(copies, c => c.Copied),
                    Skipped = Median(copies, c => c.Skipped),
                    Removed = Median(copies, c => c.Removed),
                    Bytes = Median(copies, c => c.Bytes),
                    Jobs = (int)Median(copies, c => c.Jobs),
                },
            };
        }

        private static long Median(List<CopyInfo> copies, Func<CopyInfo, double> value) => (long)Math.Round(Stats.Median(copies.Select(value)));

        private static bool Is(string text, string name) => string.Equals(text, name, StringComparison.OrdinalIgnoreCase);

        /// <summary>The build with this session id, or else the one build whose id starts with it; -1 with <paramref name="problem"/> set when there is none or more than one.</summary>
        private static int Find(List<BuildRecord> records, string id, string property, out string? problem)
        {
            problem = null;
            int exact = records.FindIndex(r => string.Equals(r.SessionId, id, StringComparison.Ordinal));
            if (exact >= 0)
            {
                return exact;
            }

            List<BuildRecord> prefixed = records.Where(r => r.SessionId != null && r.SessionId.StartsWith(id, StringComparison.Ordinal)).Take(2).ToList();
            if (prefixed.Count == 1)
            {
                return records.IndexOf(prefixed[0]);
            }

            problem = prefixed.Count > 1
                ? property + "='" + id + "' matches more than one build of this site (" + prefixed[0].SessionId + ", " + prefixed[1].SessionId +
                  "). Give more of the session id (dotnet build -t:HugoPerformanceHistory lists them)."
                : property + "='" + id + "' is not the session id of a build of this site in the history. Use a session id from the history " +
                  "(dotnet build -t:HugoPerformanceHistory lists the builds), 'previous' or 'baseline'.";
            return -1;
        }
    }
}
