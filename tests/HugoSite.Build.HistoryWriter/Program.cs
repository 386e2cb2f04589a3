using System.Diagnostics;
using System.Globalization;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;

namespace HugoSite.Build.HistoryWriter
{
    /// <summary>
    /// append &lt;history&gt; &lt;count&gt; &lt;writer&gt; [maxBytes]  appends count records once &lt;history&gt;.go exists
    /// torn &lt;history&gt;                                 takes the lock, writes half a record, then waits to be killed
    /// phase &lt;state&gt; &lt;phase&gt; &lt;Start|End&gt;             records a phase in this process, prints the duration
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            try
            {
                switch (args.Length > 0 ? args[0] : string.Empty)
                {
                    case "append":
                        return Append(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3],
                            args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : HistoryStore.DefaultMaxBytes);
                    case "torn":
                        return Torn(args[1]);
                    case "phase":
                        return Phase(args[1], args[2], args[3]);
                    default:
                        Console.Error.WriteLine("usage: append <history> <count> <writer> [maxBytes] | torn <history> | phase <state> <phase> <Start|End>");
                        return 2;
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex);
                return 1;
            }
        }

        /// <summary>A record shaped like a real build's, numbered so the test can find every one.</summary>
        public static BuildRecord Record(string writer, int index) => new BuildRecord
        {
            Schema = BuildRecord.CurrentSchema,
            SessionId = writer + "-" + index.ToString(CultureInfo.InvariantCulture),
            Timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Template = "default",
            Project = "/sites/" + writer + "/site.proj",
            TotalMs = 1000 + index,
            Success = true,
            Phases = new Dictionary<string, double> { ["setup"] = 12.5, ["copy"] = 80.25, ["components"] = 300, ["hugo"] = 600.125, ["cleanup"] = 7 },
            Metrics = new BuildMetrics { MemoryMb = 150, FileCount = 115, OutputSizeKb = 2048 },
            Cache = new CacheInfo { Hit = false, Enabled = true },
            Machine = new MachineInfo { Host = Environment.MachineName, Cores = Environment.ProcessorCount, Os = "test" },
        };

        private static int Append(string path, int count, string writer, long maxBytes)
        {
            Console.WriteLine("ready");
            string go = path + ".go";
            var wait = Stopwatch.StartNew();
            while (!File.Exists(go) && wait.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(2);
            }

            var options = new HistoryWriteOptions { MaxBytes = maxBytes, LockTimeout = TimeSpan.FromMinutes(2) };
            for (int i = 0; i < count; i++)
            {
                HistoryStore.Append(path, Record(writer, i), options);
            }

            Console.WriteLine("done");
            return 0;
        }

        private static int Torn(string path)
        {
            byte[] json = HistoryStore.Serialize(Record("torn", 0));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(json, 0, json.Length / 2);
            stream.Flush(true);
            Console.WriteLine("holding");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
            return 0;
        }

        private static int Phase(string stateFile, string phase, string action)
        {
            long now = Stopwatch.GetTimestamp();
            if (!PhaseTracker.TryParseAction(action, out PhaseAction parsed))
            {
                return 2;
            }

            PhaseOutcome outcome = new PhaseRecorder(null).Record(stateFile, phase, parsed, now);
            foreach (PhaseWarning warning in outcome.Warnings)
            {
                Console.Error.WriteLine(warning.Code + ": " + warning.Message);
            }

            Console.WriteLine((outcome.DurationMs ?? -1).ToString("R", CultureInfo.InvariantCulture));
            return outcome.Warnings.Count == 0 ? 0 : 3;
        }
    }
}
