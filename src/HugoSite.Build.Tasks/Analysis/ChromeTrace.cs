using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Writes the build as a Chrome trace ("traceEvents" with complete "X" events, times in microseconds), which
    /// Perfetto, chrome://tracing and speedscope open. Track 1 holds "total" with the phases nested inside it; track
    /// 2 holds the copy phase with its counts (ParallelCopy reports counts, not per-job times); each component has its
    /// own track, placed at its start offset within the components phase.
    /// </summary>
    public static class ChromeTrace
    {
        public const int Pid = 1;
        public const int PhasesTid = 1;
        public const int CopyTid = 2;
        public const int FirstComponentTid = 10;

        public static byte[] Create(BuildRecord record, PhaseTimeline timeline)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
            {
                w.WriteStartObject();
                w.WriteString("displayTimeUnit", "ms");
                w.WriteStartArray("traceEvents");

                string project = record.Project != null ? Path.GetFileName(record.Project) : "site";
                Metadata(w, "process_name", 0, "HugoSite.Build " + project + " (" + (record.Template ?? "no template") + ")");
                Metadata(w, "thread_name", PhasesTid, "phases");
                SortIndex(w, PhasesTid, 0);

                double totalMs = Math.Max(record.TotalMs, 0);
                Complete(w, "total", "build", PhasesTid, 0, totalMs, a =>
                {
                    a.WriteString("session_id", record.SessionId);
                    a.WriteString("status", record.Analysis?.Status);
                    a.WriteBoolean("success", record.Success != false);
                    a.WriteBoolean("cache_hit", record.Cache?.Hit == true);
                });

                foreach (TimedPhase phase in timeline.Phases)
                {
                    // Phases nest inside total on their track; clamp away rounding that would make them overlap its end.
                    double start = Math.Min(phase.StartMs, totalMs);
                    double end = Math.Min(phase.EndMs, totalMs);
                    Complete(w, phase.Name, "phase", PhasesTid, start, Math.Max(0, end - start), null);
                }

                TimedPhase? copy = timeline.Find("copy");
                if (record.Copy != null && copy != null)
                {
                    Metadata(w, "thread_name", CopyTid, "copy (" + record.Copy.Jobs + " jobs)");
                    SortIndex(w, CopyTid, 1);
                    Complete(w, "copy " + record.Copy.Copied + " files", "copy", CopyTid, copy.StartMs, copy.DurationMs, a =>
                    {
                        a.WriteNumber("jobs", record.Copy.Jobs);
                        a.WriteNumber("copied", record.Copy.Copied);
                        a.WriteNumber("skipped", record.Copy.Skipped);
                        a.WriteNumber("removed", record.Copy.Removed);
                        a.WriteNumber("bytes", record.Copy.Bytes);
                    });
                }

                TimedPhase? components = timeline.Find("components");
                double componentsStart = components?.StartMs ?? 0;
                int tid = FirstComponentTid;
                foreach (ComponentTiming c in ComponentsByStart(record.Components))
                {
                    Metadata(w, "thread_name", tid, "component " + c.Name);
                    SortIndex(w, tid, tid);
                    Complete(w, c.Name ?? "component", "component", tid, componentsStart + Math.Max(0, c.StartOffsetMs ?? 0), c.DurationMs, a =>
                    {
                        a.WriteString("result", c.Result);
                        if (c.ExitCode.HasValue)
                        {
                            a.WriteNumber("exit_code", c.ExitCode.Value);
                        }
                    });
                    tid++;
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>
        /// The components that ran (a duration or a start), by start offset and then name (ordinal), ties kept in their
        /// listed order: a stable insertion sort, as there are few.
        /// </summary>
        private static List<ComponentTiming> ComponentsByStart(List<ComponentTiming>? all)
        {
            var ran = new List<ComponentTiming>();
            foreach (ComponentTiming c in all ?? new List<ComponentTiming>())
            {
                if (c.DurationMs > 0 || c.StartOffsetMs.HasValue)
                {
                    int at = ran.Count;
                    while (at > 0 && Compare(ran[at - 1], c) > 0)
                    {
                        at--;
                    }

                    ran.Insert(at, c);
                }
            }

            return ran;
        }

        private static int Compare(ComponentTiming a, ComponentTiming b)
        {
            int byStart = (a.StartOffsetMs ?? 0).CompareTo(b.StartOffsetMs ?? 0);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Name, b.Name);
        }

        /// <summary>Writes the trace beside its place and moves it there in one step, so a reader never sees half a trace.</summary>
        public static void Write(string path, BuildRecord record, PhaseTimeline timeline) =>
            Report.HistoryMerge.ReplaceFile(Path.GetFullPath(path), Create(record, timeline));

        private static void Complete(Utf8JsonWriter w, string name, string category, int tid, double startMs, double durationMs, Action<Utf8JsonWriter>? args)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("cat", category);
            w.WriteString("ph", "X");
            w.WriteNumber("pid", Pid);
            w.WriteNumber("tid", tid);
            w.WriteNumber("ts", Math.Round(startMs * 1000.0, 3));
            w.WriteNumber("dur", Math.Round(Math.Max(0, durationMs) * 1000.0, 3));
            if (args != null)
            {
                w.WriteStartObject("args");
                args(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        private static void Metadata(Utf8JsonWriter w, string kind, int tid, string name) => Meta(w, kind, tid, a => a.WriteString("name", name));

        private static void SortIndex(Utf8JsonWriter w, int tid, int index) => Meta(w, "thread_sort_index", tid, a => a.WriteNumber("sort_index", index));

        private static void Meta(Utf8JsonWriter w, string kind, int tid, Action<Utf8JsonWriter> args)
        {
            w.WriteStartObject();
            w.WriteString("name", kind);
            w.WriteString("ph", "M");
            w.WriteNumber("pid", Pid);
            w.WriteNumber("tid", tid);
            w.WriteStartObject("args");
            args(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
