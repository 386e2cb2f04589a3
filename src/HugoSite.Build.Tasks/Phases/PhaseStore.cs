using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace HugoSite.Build.Tasks.Phases
{
    /// <summary>
    /// The phase times of one build of one project, kept in a small JSON file under the project's intermediate
    /// folder so that tasks running in another process (TaskHostFactory) see the same times.
    /// Times come from <see cref="Stopwatch.GetTimestamp"/>, which is monotonic and machine-wide.
    /// </summary>
    public sealed class PhaseStore
    {
        public Dictionary<string, long> Starts { get; set; } = new Dictionary<string, long>();
        public Dictionary<string, double> DurationsMs { get; set; } = new Dictionary<string, double>();
        public List<string> Order { get; set; } = new List<string>();
        public string? SessionId { get; set; }

        public static PhaseStore Load(string path)
        {
            if (!File.Exists(path))
            {
                return new PhaseStore();
            }

            try
            {
                return JsonSerializer.Deserialize<PhaseStore>(File.ReadAllText(path)) ?? new PhaseStore();
            }
            catch (JsonException)
            {
                return new PhaseStore();
            }
        }

        public void Save(string path)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            string tmp = path + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(this));
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            File.Move(tmp, path);
        }

        public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    }
}
