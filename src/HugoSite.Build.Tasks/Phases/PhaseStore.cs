using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace HugoSite.Build.Tasks.Phases
{
    /// <summary>
    /// The phase times of one build of one project. Kept in memory (registered with MSBuild for the build)
    /// and persisted in a small JSON file under the project's intermediate folder, so tasks running in another
    /// process (TaskHostFactory) see the same times.
    /// Times come from <see cref="Stopwatch.GetTimestamp"/>: monotonic and machine-wide, so a start recorded by
    /// one process and an end recorded by another subtract correctly.
    /// </summary>
    public sealed class PhaseStore
    {
        /// <summary>The layout of phases.json this version writes.</summary>
        public const int CurrentSchema = 1;

        /// <summary>Identifies one build; set when phase "total" starts (or on first use without it).</summary>
        public string? SessionId { get; set; }

        /// <summary>Wall-clock start of the session, UTC, ISO 8601 with Z.</summary>
        public string? StartedUtc { get; set; }

        /// <summary>Ticks per second of the clock that wrote <see cref="Starts"/> and <see cref="SessionStartTicks"/>.</summary>
        public long Frequency { get; set; } = Stopwatch.Frequency;

        /// <summary>Clock value when the session began.</summary>
        public long SessionStartTicks { get; set; }

        /// <summary>The phase begun by the last Enter while it runs: the next Enter, or the end of "total", ends it.</summary>
        public string? Entered { get; set; }

        /// <summary>Phases started and not yet ended: name to clock value at start.</summary>
        public Dictionary<string, long> Starts { get; set; } = NewMap<long>();

        /// <summary>Ended phases: name to duration in milliseconds (summed when a phase runs more than once).</summary>
        public Dictionary<string, double> DurationsMs { get; set; } = NewMap<double>();

        /// <summary>Start of each phase's first run, in milliseconds after the session began (for traces).</summary>
        public Dictionary<string, double> OffsetsMs { get; set; } = NewMap<double>();

        /// <summary>The phase that was running when a phase started (nesting: "total" holds the others).</summary>
        public Dictionary<string, string> Parents { get; set; } = NewMap<string>();

        /// <summary>How many times each phase ended in this session.</summary>
        public Dictionary<string, int> Runs { get; set; } = NewMap<int>();

        /// <summary>Phase names in the order they first started.</summary>
        public List<string> Order { get; set; } = new List<string>();

        /// <summary>Phases that were still running when the build failed (ended by a Fail), in the order they ended.</summary>
        public List<string> Failed { get; set; } = new List<string>();

        /// <summary>Incremented on every change; lets a reader tell two saves apart.</summary>
        public long Revision { get; set; }

        /// <summary>The phase names of a session compare without regard to case.</summary>
        public static Dictionary<string, T> NewMap<T>() => new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Reads a state file. A missing, empty or unreadable file gives an empty store: phase times are
        /// never worth failing a build for. Use <see cref="TryParse"/> to learn why a file was rejected.
        /// </summary>
        public static PhaseStore Load(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return new PhaseStore();
                }

                // RecordPhase holds the file exclusively for the moment it rewrites it: wait that moment out.
                byte[] bytes;
                using (FileStream stream = History.LockedFile.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read, TimeSpan.FromSeconds(2)))
                {
                    bytes = History.LockedFile.ReadAll(stream);
                }

                return TryParse(bytes, out PhaseStore? store, out _) && store != null ? store : new PhaseStore();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new PhaseStore();
            }
        }

        /// <summary>Writes the state file in one piece (creating its folder).</summary>
        public void Save(string path)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            byte[] bytes = ToJson();
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Milliseconds for a tick count of this machine's <see cref="Stopwatch"/>.</summary>
        public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

        /// <summary>Milliseconds for a tick count of a clock with the given frequency.</summary>
        public static double ToMilliseconds(long ticks, long frequency) =>
            ticks * 1000.0 / (frequency > 0 ? frequency : Stopwatch.Frequency);

        /// <summary>A deep copy, so a failed change never leaves a half-updated shared store.</summary>
        public PhaseStore Clone()
        {
            return new PhaseStore
            {
                SessionId = SessionId,
                StartedUtc = StartedUtc,
                Frequency = Frequency,
                SessionStartTicks = SessionStartTicks,
                Entered = Entered,
                Starts = new Dictionary<string, long>(Starts, StringComparer.OrdinalIgnoreCase),
                DurationsMs = new Dictionary<string, double>(DurationsMs, StringComparer.OrdinalIgnoreCase),
                OffsetsMs = new Dictionary<string, double>(OffsetsMs, StringComparer.OrdinalIgnoreCase),
                Parents = new Dictionary<string, string>(Parents, StringComparer.OrdinalIgnoreCase),
                Runs = new Dictionary<string, int>(Runs, StringComparer.OrdinalIgnoreCase),
                Order = new List<string>(Order),
                Failed = new List<string>(Failed),
                Revision = Revision,
            };
        }

        /// <summary>
        /// The state as compact UTF-8 JSON. Read and written with the JSON reader and writer rather than the serializer
        /// because reading drops each entry of the wrong kind (a hand-edited or older file) instead of the whole file,
        /// and the maps keep their case-insensitive comparer.
        /// </summary>
        public byte[] ToJson()
        {
            using var buffer = new MemoryStream(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("schema", CurrentSchema);
                w.WriteString("session_id", SessionId);
                w.WriteString("started_utc", StartedUtc);
                w.WriteNumber("frequency", Frequency);
                w.WriteNumber("session_start", SessionStartTicks);
                w.WriteNumber("revision", Revision);
                WriteNames(w, "order", Order);
                if (Failed.Count > 0)
                {
                    WriteNames(w, "failed", Failed);
                }

                if (Entered != null)
                {
                    w.WriteString("entered", Entered);
                }

                w.WriteStartObject("open");
                foreach (KeyValuePair<string, long> pair in Starts)
                {
                    w.WriteNumber(pair.Key, pair.Value);
                }

                w.WriteEndObject();
                WriteMilliseconds(w, "durations_ms", DurationsMs);
                WriteMilliseconds(w, "offsets_ms", OffsetsMs);
                w.WriteStartObject("parents");
                foreach (KeyValuePair<string, string> pair in Parents)
                {
                    w.WriteString(pair.Key, pair.Value);
                }

                w.WriteEndObject();
                w.WriteStartObject("runs");
                foreach (KeyValuePair<string, int> pair in Runs)
                {
                    w.WriteNumber(pair.Key, pair.Value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>Parses a state file's bytes; false (with the reason) when they are not a phase state.</summary>
        public static bool TryParse(byte[] bytes, out PhaseStore? store, out string? problem)
        {
            store = null;
            problem = null;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(bytes);
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problem = "the file does not hold a JSON object";
                    return false;
                }

                var result = new PhaseStore
                {
                    SessionId = GetString(root, "session_id"),
                    StartedUtc = GetString(root, "started_utc"),
                    Frequency = GetInt64(root, "frequency") ?? Stopwatch.Frequency,
                    SessionStartTicks = GetInt64(root, "session_start") ?? 0,
                    Revision = GetInt64(root, "revision") ?? 0,
                };

                string? entered = GetString(root, "entered");
                if (!string.IsNullOrEmpty(entered))
                {
                    result.Entered = entered;
                }

                // Entries of the wrong kind or without a name are left out.
                ReadNames(root, "order", result.Order);
                ReadNames(root, "failed", result.Failed);
                if (TryGetObject(root, "open", out JsonElement open))
                {
                    foreach (JsonProperty p in open.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out long v) && p.Name.Length > 0)
                        {
                            result.Starts[p.Name] = v;
                        }
                    }
                }

                ReadMilliseconds(root, "durations_ms", result.DurationsMs);
                ReadMilliseconds(root, "offsets_ms", result.OffsetsMs);
                if (TryGetObject(root, "parents", out JsonElement parents))
                {
                    foreach (JsonProperty p in parents.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is string value && p.Name.Length > 0)
                        {
                            result.Parents[p.Name] = value;
                        }
                    }
                }

                if (TryGetObject(root, "runs", out JsonElement runs))
                {
                    foreach (JsonProperty p in runs.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int v) && p.Name.Length > 0)
                        {
                            result.Runs[p.Name] = v;
                        }
                    }
                }

                // Older or hand-written files may list durations without an order: keep every phase visible.
                foreach (KeyValuePair<string, double> duration in result.DurationsMs)
                {
                    if (!ContainsIgnoreCase(result.Order, duration.Key))
                    {
                        result.Order.Add(duration.Key);
                    }
                }

                store = result;
                return true;
            }
            catch (JsonException ex)
            {
                problem = ex.Message;
                return false;
            }
        }

        /// <summary>A new session identifier: Unix seconds and process id as the predecessor wrote, plus a random part.</summary>
        public static string NewSessionId(DateTime utcNow)
        {
            long seconds = (long)(utcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
#if NETFRAMEWORK
            int pid;
            using (Process self = Process.GetCurrentProcess())
            {
                pid = self.Id;
            }
#else
            int pid = Environment.ProcessId; // no Process object: that loads two more assemblies in a fresh build process
#endif

            byte[] random = Guid.NewGuid().ToByteArray();
            return string.Format(CultureInfo.InvariantCulture, "{0}-{1}-{2:x2}{3:x2}{4:x2}", seconds, pid, random[0], random[1], random[2]);
        }

        /// <summary>Whether <paramref name="names"/> holds <paramref name="name"/>, case ignored (phase names compare so).</summary>
        internal static bool ContainsIgnoreCase(List<string> names, string name) => names.Contains(name, StringComparer.OrdinalIgnoreCase);

        private static void WriteNames(Utf8JsonWriter w, string name, List<string> names)
        {
            w.WriteStartArray(name);
            foreach (string item in names)
            {
                w.WriteStringValue(item);
            }

            w.WriteEndArray();
        }

        private static void ReadNames(JsonElement root, string name, List<string> into)
        {
            if (!root.TryGetProperty(name, out JsonElement names) || names.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (JsonElement item in names.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is string text && text.Length > 0)
                {
                    into.Add(text);
                }
            }
        }

        private static void WriteMilliseconds(Utf8JsonWriter w, string name, Dictionary<string, double> map)
        {
            w.WriteStartObject(name);
            foreach (KeyValuePair<string, double> pair in map)
            {
                w.WriteNumber(pair.Key, Math.Round(pair.Value, 4));
            }

            w.WriteEndObject();
        }

        private static void ReadMilliseconds(JsonElement root, string name, Dictionary<string, double> into)
        {
            if (!TryGetObject(root, name, out JsonElement map))
            {
                return;
            }

            foreach (JsonProperty p in map.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number)
                {
                    double value = p.Value.GetDouble();
                    if (p.Name.Length > 0)
                    {
                        into[p.Name] = value;
                    }
                }
            }
        }

        private static bool TryGetObject(JsonElement root, string name, out JsonElement map) =>
            root.TryGetProperty(name, out map) && map.ValueKind == JsonValueKind.Object;

        private static string? GetString(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

        private static long? GetInt64(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : (long?)null;
    }
}
