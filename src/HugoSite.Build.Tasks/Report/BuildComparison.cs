using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>Two values of one measure, before and after.</summary>
    public sealed class Delta
    {
        public Delta(string name, double? from, double? to, bool isDuration = false)
        {
            Name = name;
            From = from;
            To = to;
            IsDuration = isDuration;
        }

        public string Name { get; }

        /// <summary>True for a time in a list of counts (the remote cache's download and upload times).</summary>
        public bool IsDuration { get; }

        public double? From { get; }

        public double? To { get; }

        public double? Change => From.HasValue && To.HasValue ? To - From : null;

        public double? ChangePercent => From.HasValue && To.HasValue && From.Value > 0 ? (To - From) / From * 100.0 : null;
    }

    /// <summary>A setting that differs between the two builds (Hugo version, a property, the machine).</summary>
    public sealed class SettingChange
    {
        public SettingChange(string name, string? from, string? to)
        {
            Name = name;
            From = from;
            To = to;
        }

        public string Name { get; }

        public string? From { get; }

        public string? To { get; }
    }

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
        public static BuildComparison? Resolve(IReadOnlyList<BuildRecord> records, string? from, string? to, NoiseOptions noise, out string? problem, out bool tooFew)
        {
            problem = null;
            tooFew = false;
            string fromText = (from ?? string.Empty).Trim();
            string toText = (to ?? string.Empty).Trim();
            int toIndex;
            if (toText.Length == 0)
            {
                toIndex = records.Count - 1;
            }
            else if (string.Equals(toText, Previous, StringComparison.OrdinalIgnoreCase))
            {
                toIndex = records.Count - 2;
            }
            else if (string.Equals(toText, BaselineName, StringComparison.OrdinalIgnoreCase))
            {
                problem = "HugoCompareTo cannot be 'baseline': the baseline is what a build is compared with. Set HugoCompareFrom=baseline, and HugoCompareTo to a session id or leave it empty for the latest build.";
                return null;
            }
            else
            {
                toIndex = Find(records, toText, "HugoCompareTo", out problem);
                if (problem != null)
                {
                    return null;
                }
            }

            if (toIndex < 0)
            {
                tooFew = true;
                problem = "There are not yet two builds of this site in the history to compare (found " + records.Count.ToString(CultureInfo.InvariantCulture) + "). Build the site again, then compare.";
                return null;
            }

            BuildRecord toRecord = records[toIndex];
            List<BuildRecord> before = Slice(records, 0, toIndex);
            var result = new BuildComparison { To = toRecord };
            List<BuildRecord> baseline = BaselineSelector.Select(before, toRecord, noise.BaselineCount);
            result.ToBaseline = NoiseClassifier.Compare(toRecord.TotalMs, baseline, noise);

            int fromIndex;
            if (string.Equals(fromText, BaselineName, StringComparison.OrdinalIgnoreCase))
            {
                if (baseline.Count == 0)
                {
                    problem = "HugoCompareFrom=baseline, but no earlier build of this site is comparable with build " + toRecord.SessionId +
                              " (same template, machine and cache state, successful). Compare with 'previous' or a session id instead.";
                    return null;
                }

                result.FromIsBaseline = true;
                result.BaselineBuilds = baseline.Count;
                result.From = MedianRecord(baseline);
                fromIndex = IndexOf(records, baseline[baseline.Count - 1]);
            }
            else if (fromText.Length == 0 || string.Equals(fromText, Previous, StringComparison.OrdinalIgnoreCase))
            {
                fromIndex = toIndex - 1;
                if (fromIndex < 0)
                {
                    tooFew = true;
                    problem = "Build " + toRecord.SessionId + " is the first of this site in the history, so there is no previous build to compare it with.";
                    return null;
                }

                result.From = records[fromIndex];
            }
            else
            {
                fromIndex = Find(records, fromText, "HugoCompareFrom", out problem);
                if (problem != null)
                {
                    return null;
                }

                result.From = records[fromIndex];
            }

            if (fromIndex == toIndex && !result.FromIsBaseline)
            {
                problem = "HugoCompareFrom and HugoCompareTo name the same build (" + toRecord.SessionId + "). Name two different builds.";
                return null;
            }

            if (fromIndex > toIndex)
            {
                // Compare in time order; the inputs are gathered over the builds in between either way.
                BuildRecord swap = result.From;
                result.From = result.To;
                result.To = swap;
                int i = fromIndex;
                fromIndex = toIndex;
                toIndex = i;
                result.ToBaseline = NoiseClassifier.Compare(result.To.TotalMs, BaselineSelector.Select(Slice(records, 0, toIndex), result.To, noise.BaselineCount), noise);
            }

            result.Fill(Slice(records, fromIndex + 1, toIndex + 1));
            return result;
        }

        private void Fill(List<BuildRecord> between)
        {
            Total = new Delta("total", From.TotalMs, To.TotalMs);
            var names = new List<string>();
            foreach (BuildRecord r in new[] { From, To })
            {
                foreach (string p in r.Phases?.Keys ?? (IEnumerable<string>)new string[0])
                {
                    if (!names.Contains(p))
                    {
                        names.Add(p);
                    }
                }
            }

            var seen = new List<string>(names);
            names.Sort((a, b) =>
            {
                int byRank = ReportModel.PhaseRank(a).CompareTo(ReportModel.PhaseRank(b));
                return byRank != 0 ? byRank : seen.IndexOf(a).CompareTo(seen.IndexOf(b));
            });
            foreach (string p in names)
            {
                Phases.Add(new Delta(p, Phase(From, p), Phase(To, p)));
            }

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
                RemoteCache.Add(new Delta("download", From.Cache?.RemoteMs ?? 0, To.Cache?.RemoteMs ?? 0, isDuration: true));
                RemoteCache.Add(new Delta("uploaded bytes", From.Cache?.UploadBytes ?? 0, To.Cache?.UploadBytes ?? 0));
                RemoteCache.Add(new Delta("upload", From.Cache?.UploadMs ?? 0, To.Cache?.UploadMs ?? 0, isDuration: true));
            }

            var components = new List<string>();
            foreach (BuildRecord r in new[] { From, To })
            {
                foreach (ComponentTiming c in r.Components ?? new List<ComponentTiming>())
                {
                    if (c?.Name != null && !components.Contains(c.Name))
                    {
                        components.Add(c.Name);
                    }
                }
            }

            foreach (string c in components)
            {
                Components.Add(new Delta(c, ComponentMs(From, c), ComponentMs(To, c)));
            }

            var stats = new List<string>();
            foreach (BuildRecord r in new[] { From, To })
            {
                foreach (string s in r.Hugo?.Stats?.Keys ?? (IEnumerable<string>)new string[0])
                {
                    if (!stats.Contains(s))
                    {
                        stats.Add(s);
                    }
                }
            }

            foreach (string s in stats)
            {
                HugoStats.Add(new Delta(s, Stat(From, s), Stat(To, s)));
            }

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
            var byKey = new Dictionary<string, InputChange>(StringComparer.Ordinal);
            var order = new List<string>();
            var properties = new Dictionary<string, PropertyChange>(StringComparer.Ordinal);
            var propertyOrder = new List<string>();
            int off = 0, first = 0;
            foreach (BuildRecord r in between)
            {
                InputChanges? inputs = r.Inputs;
                if (inputs == null)
                {
                    off++;
                    continue;
                }

                if (inputs.First == true)
                {
                    first++;
                }

                FilesChanged += inputs.Changed;
                FilesAdded += inputs.Added;
                FilesRemoved += inputs.Removed;
                foreach (InputChange f in inputs.Files ?? new List<InputChange>())
                {
                    if (f == null)
                    {
                        continue;
                    }

                    string key = f.Source + "/" + f.Path;
                    if (!byKey.ContainsKey(key))
                    {
                        order.Add(key);
                    }

                    byKey[key] = f; // the latest kind of change wins
                }

                foreach (PropertyChange p in inputs.Properties ?? new List<PropertyChange>())
                {
                    if (p?.Name == null)
                    {
                        continue;
                    }

                    if (properties.TryGetValue(p.Name, out PropertyChange? earlier))
                    {
                        properties[p.Name] = new PropertyChange { Name = p.Name, Before = earlier.Before, After = p.After };
                    }
                    else
                    {
                        properties[p.Name] = p;
                        propertyOrder.Add(p.Name);
                    }
                }
            }

            var perSource = new Dictionary<string, int>(StringComparer.Ordinal);
            var sorted = new List<InputChange>();
            foreach (string key in order)
            {
                sorted.Add(byKey[key]);
            }

            sorted.Sort((a, b) =>
            {
                int bySource = string.CompareOrdinal(a.Source, b.Source);
                return bySource != 0 ? bySource : string.CompareOrdinal(a.Path, b.Path);
            });
            foreach (InputChange f in sorted)
            {
                string source = f.Source ?? "other";
                perSource.TryGetValue(source, out int n);
                if (n < InputChangeDiff.PathsPerSource)
                {
                    Files.Add(f);
                }

                perSource[source] = n + 1;
            }

            foreach (string name in propertyOrder)
            {
                PropertyChange p = properties[name];
                if (!string.Equals(p.Before, p.After, StringComparison.Ordinal))
                {
                    Settings.Add(new SettingChange("property " + name, p.Before, p.After));
                }
            }

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
            foreach (InputChange f in Files)
            {
                lines.Add("  " + f.Change + " " + f.Source + "/" + f.Path);
            }

            foreach (string note in InputNotes)
            {
                lines.Add("  (" + note + ")");
            }

            if (Settings.Count > 0)
            {
                lines.Add("Settings changed:");
                foreach (SettingChange s in Settings)
                {
                    lines.Add("  " + s.Name + ": " + Show(s.From) + " -> " + Show(s.To));
                }
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
                    return "faster, beyond the noise band of ±" + Format.Duration(ToBaseline.NoiseBandMs ?? 0);
                case Verdicts.Slower:
                    return "slower, beyond the noise band of ±" + Format.Duration(ToBaseline.NoiseBandMs ?? 0);
                case NotComparable:
                    return "not a speed change: " + (BaselineSelector.IsCacheHit(From) != BaselineSelector.IsCacheHit(To)
                        ? "one build was restored from the cache and the other ran"
                        : "one build failed and the other succeeded");
                default:
                    return "no noise band yet (" + ToBaseline.Count + " of " + ToBaseline.Needed + " comparable builds), so no verdict";
            }
        }

        public static string Line(Delta d, bool durations = true)
        {
            string Value(double? v) => v.HasValue ? (durations ? Format.Duration(v.Value) : Format.Number(v.Value)) : "-";
            string change = d.Change.HasValue ? (durations ? Format.SignedDuration(d.Change.Value) : (d.Change.Value >= 0 ? "+" : string.Empty) + Format.Number(d.Change.Value)) : "n/a";
            string pct = d.ChangePercent.HasValue ? " (" + Format.SignedPercent(d.ChangePercent.Value) + ")" : string.Empty;
            return Value(d.From) + " -> " + Value(d.To) + ", " + change + pct;
        }

        private static void Block(List<string> lines, string title, List<Delta> deltas, bool durations)
        {
            if (deltas.Count == 0)
            {
                return;
            }

            lines.Add(title);
            foreach (Delta d in deltas)
            {
                lines.Add("  " + d.Name + ": " + Line(d, durations || d.IsDuration));
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

        private static string? ComponentList(BuildRecord r)
        {
            if (r.Components == null)
            {
                return null;
            }

            var names = new List<string>();
            foreach (ComponentTiming c in r.Components)
            {
                if (c?.Name != null)
                {
                    names.Add(c.Name);
                }
            }

            return string.Join(", ", names);
        }

        private static string? Parallel(BuildRecord r) => r.Parallel == null ? null : r.Parallel.Enabled ? "on, " + r.Parallel.MaxJobs + " jobs" : "off";

        private static string CacheState(BuildRecord r) =>
            r.Cache?.Hit == true ? (r.Cache.Remote == true ? "remote hit" : "hit") : r.Cache?.Enabled == true ? "miss" : "off";

        /// <summary>True when the build downloaded from or uploaded to a remote cache (a remote miss records neither).</summary>
        private static bool UsedRemote(BuildRecord r) =>
            r.Cache != null && (r.Cache.Remote == true || r.Cache.RemoteBytes > 0 || r.Cache.UploadBytes > 0 || r.Cache.RemoteMs > 0 || r.Cache.UploadMs > 0);

        private static string Outcome(BuildRecord r) => r.Success == false ? "failed" : "succeeded";

        private static double? Phase(BuildRecord r, string phase) => r.Phases != null && r.Phases.TryGetValue(phase, out double v) ? v : (double?)null;

        private static double? Stat(BuildRecord r, string name) => r.Hugo?.Stats != null && r.Hugo.Stats.TryGetValue(name, out long v) ? v : (double?)null;

        private static double? ComponentMs(BuildRecord r, string name)
        {
            foreach (ComponentTiming c in r.Components ?? new List<ComponentTiming>())
            {
                if (c?.Name == name)
                {
                    return c.DurationMs;
                }
            }

            return null;
        }

        /// <summary>The baseline as one record: the median total, the median of each phase, component and statistic.</summary>
        internal static BuildRecord MedianRecord(IReadOnlyList<BuildRecord> builds)
        {
            BuildRecord newest = builds[builds.Count - 1];
            var totals = new List<double>();
            var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var components = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var stats = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var copies = new List<CopyInfo>();
            foreach (BuildRecord b in builds)
            {
                totals.Add(b.TotalMs);
                foreach (KeyValuePair<string, double> p in b.Phases ?? new Dictionary<string, double>())
                {
                    Add(phases, p.Key, p.Value);
                }

                foreach (ComponentTiming c in b.Components ?? new List<ComponentTiming>())
                {
                    if (c?.Name != null)
                    {
                        Add(components, c.Name, c.DurationMs);
                    }
                }

                foreach (KeyValuePair<string, long> s in b.Hugo?.Stats ?? new Dictionary<string, long>())
                {
                    Add(stats, s.Key, s.Value);
                }

                if (b.Copy != null)
                {
                    copies.Add(b.Copy);
                }
            }

            var median = new BuildRecord
            {
                SessionId = "baseline",
                Timestamp = newest.Timestamp,
                Template = newest.Template,
                Project = newest.Project,
                Theme = newest.Theme,
                Success = true,
                TotalMs = Stats.Median(totals),
                Phases = new Dictionary<string, double>(StringComparer.Ordinal),
                Machine = newest.Machine,
                Parallel = newest.Parallel,
                PackageVersion = newest.PackageVersion,
                Cache = newest.Cache,
                Hugo = new HugoInfo { Version = newest.Hugo?.Version, Stats = new Dictionary<string, long>(StringComparer.Ordinal) },
                Components = new List<ComponentTiming>(),
            };
            foreach (KeyValuePair<string, List<double>> p in phases)
            {
                median.Phases[p.Key] = Stats.Median(p.Value);
            }

            foreach (KeyValuePair<string, List<double>> c in components)
            {
                median.Components.Add(new ComponentTiming { Name = c.Key, DurationMs = Stats.Median(c.Value) });
            }

            foreach (KeyValuePair<string, List<double>> s in stats)
            {
                median.Hugo.Stats[s.Key] = (long)Math.Round(Stats.Median(s.Value));
            }

            if (copies.Count > 0)
            {
                median.Copy = new CopyInfo
                {
                    Copied = (long)Math.Round(Stats.Median(Select(copies, c => c.Copied))),
                    Skipped = (long)Math.Round(Stats.Median(Select(copies, c => c.Skipped))),
                    Removed = (long)Math.Round(Stats.Median(Select(copies, c => c.Removed))),
                    Bytes = (long)Math.Round(Stats.Median(Select(copies, c => c.Bytes))),
                    Jobs = (int)Math.Round(Stats.Median(Select(copies, c => c.Jobs))),
                };
            }

            return median;
        }

        private static List<double> Select(List<CopyInfo> copies, Func<CopyInfo, double> f)
        {
            var list = new List<double>(copies.Count);
            foreach (CopyInfo c in copies)
            {
                list.Add(f(c));
            }

            return list;
        }

        private static void Add(Dictionary<string, List<double>> map, string key, double value)
        {
            if (!map.TryGetValue(key, out List<double>? list))
            {
                list = new List<double>();
                map[key] = list;
            }

            list.Add(value);
        }

        private static int Find(IReadOnlyList<BuildRecord> records, string id, string property, out string? problem)
        {
            problem = null;
            int found = -1;
            for (int i = 0; i < records.Count; i++)
            {
                if (string.Equals(records[i].SessionId, id, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            for (int i = 0; i < records.Count; i++)
            {
                if (records[i].SessionId != null && records[i].SessionId!.StartsWith(id, StringComparison.Ordinal))
                {
                    if (found >= 0)
                    {
                        problem = property + "='" + id + "' matches more than one build of this site (" + records[found].SessionId + ", " + records[i].SessionId +
                                  "). Give more of the session id (dotnet build -t:HugoPerformanceHistory lists them).";
                        return -1;
                    }

                    found = i;
                }
            }

            if (found < 0)
            {
                problem = property + "='" + id + "' is not the session id of a build of this site in the history. Use a session id from the history " +
                          "(dotnet build -t:HugoPerformanceHistory lists the builds), 'previous' or 'baseline'.";
            }

            return found;
        }

        private static int IndexOf(IReadOnlyList<BuildRecord> records, BuildRecord record)
        {
            for (int i = 0; i < records.Count; i++)
            {
                if (ReferenceEquals(records[i], record))
                {
                    return i;
                }
            }

            return -1;
        }

        private static List<BuildRecord> Slice(IReadOnlyList<BuildRecord> records, int start, int end)
        {
            var list = new List<BuildRecord>(Math.Max(0, end - start));
            for (int i = Math.Max(0, start); i < end && i < records.Count; i++)
            {
                list.Add(records[i]);
            }

            return list;
        }
    }
}
