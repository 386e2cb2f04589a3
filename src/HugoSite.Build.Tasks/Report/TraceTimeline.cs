using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>
    /// The latest build as bars on rows, from the same data as its Chrome trace: the trace file itself when it belongs
    /// to that build (its "total" event carries the session id), otherwise laid out from the record the way
    /// <see cref="ChromeTrace"/> lays it out (phases one after another, the copy on its own row, each component on
    /// its own row at its start offset in the components phase).
    /// </summary>
    public static class TraceTimeline
    {
        public const string PhasesRow = "phases";

        /// <summary>
        /// Where the Chrome trace of a site's latest build is: HugoPerformanceTraceFile for the site being built (none
        /// when it is off), obj/hugo/trace.json beside any other site's project; null when the record names no project.
        /// </summary>
        public static string? PathFor(BuildRecord latest, string? project, string? traceFile)
        {
            if (project != null && ReportModel.IsProject(latest, project))
            {
                return string.IsNullOrWhiteSpace(traceFile) ? null : traceFile;
            }

            string? dir = latest.Project == null ? null : Path.GetDirectoryName(latest.Project);
            return dir == null ? null : Path.Combine(dir, "obj", "hugo", "trace.json");
        }

        /// <summary>Reads bars from a trace written by <see cref="ChromeTrace"/>; false when it is not that build's.</summary>
        public static bool TryRead(byte[] trace, string? sessionId, List<TimelineBar> bars)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(trace);
                if (!doc.RootElement.TryGetProperty("traceEvents", out JsonElement events) || events.ValueKind != JsonValueKind.Array)
                {
                    return false;
                }

                var rowNames = new Dictionary<int, string>();
                var complete = new List<JsonElement>();
                bool matches = false;
                foreach (JsonElement e in events.EnumerateArray())
                {
                    string ph = Text(e, "ph");
                    int tid = e.TryGetProperty("tid", out JsonElement t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0;
                    if (ph == "M" && Text(e, "name") == "thread_name" && e.TryGetProperty("args", out JsonElement margs))
                    {
                        rowNames[tid] = Text(margs, "name");
                    }
                    else if (ph == "X")
                    {
                        complete.Add(e);
                        if (Text(e, "name") == "total" && e.TryGetProperty("args", out JsonElement args))
                        {
                            matches = sessionId != null && Text(args, "session_id") == sessionId;
                        }
                    }
                }

                if (!matches)
                {
                    return false;
                }

                foreach (JsonElement e in complete)
                {
                    string name = Text(e, "name");
                    if (name == "total")
                    {
                        continue;
                    }

                    int tid = e.GetProperty("tid").GetInt32();
                    string kind = Text(e, "cat");
                    string row = tid == ChromeTrace.PhasesTid ? PhasesRow : rowNames.TryGetValue(tid, out string? n) ? n : "track " + tid.ToString(CultureInfo.InvariantCulture);
                    double ts = Number(e, "ts") / 1000.0;
                    double dur = Number(e, "dur") / 1000.0;
                    bars.Add(new TimelineBar(row, name, ts, dur, kind.Length > 0 ? kind : "phase"));
                }

                return bars.Count > 0;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException || e is KeyNotFoundException)
            {
                bars.Clear();
                return false;
            }
        }

        /// <summary>The bars the trace would hold for this record, without phase start times (phases follow each other).</summary>
        public static void FromRecord(BuildRecord record, List<TimelineBar> bars)
        {
            var phases = new List<TimelineBar>();
            double cursor = 0;
            foreach (KeyValuePair<string, double> p in record.Phases ?? new Dictionary<string, double>())
            {
                double ms = Math.Max(0, p.Value);
                phases.Add(new TimelineBar(PhasesRow, p.Key, cursor, ms, "phase"));
                cursor += ms;
            }

            bars.AddRange(phases);
            TimelineBar? copy = phases.Find(p => p.Name == "copy");
            if (record.Copy != null && copy != null)
            {
                bars.Add(new TimelineBar("copy (" + record.Copy.Jobs.ToString(CultureInfo.InvariantCulture) + " jobs)", "copy " + record.Copy.Copied.ToString(CultureInfo.InvariantCulture) + " files", copy.StartMs, copy.DurationMs, "copy"));
            }

            double componentsStart = phases.Find(p => p.Name == "components")?.StartMs ?? 0;
            foreach (ComponentTiming c in record.Components ?? new List<ComponentTiming>())
            {
                if (c != null && (c.DurationMs > 0 || c.StartOffsetMs.HasValue))
                {
                    bars.Add(new TimelineBar("component " + c.Name, c.Name ?? "component", componentsStart + Math.Max(0, c.StartOffsetMs ?? 0), Math.Max(0, c.DurationMs), "component"));
                }
            }
        }

        private static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

        private static double Number(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
    }
}
