using System.Diagnostics;
using System.Reflection;
using HugoSite.Build.Tasks.History;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Real processes writing one history file at once.</summary>
    [TestClass]
    public sealed class HistoryMultiProcessTests : HistoryFileTestBase
    {
        [TestMethod]
        public void EightProcesses_Appending200Each_GiveExactly1600ParsableLines()
        {
            RunWriters(8, 200);

            string[] lines = File.ReadAllLines(HistoryPath);
            Assert.AreEqual(1600, lines.Length);
            var records = lines.Select(l => HistoryStore.Parse(l)).ToList();
            Assert.IsTrue(records.All(r => r != null), "every line parses");
            AssertEveryWriterComplete(records!, 8, 200);
        }

        [TestMethod]
        public void WriterKilledMidWrite_LeavesEveryOtherLineIntact()
        {
            for (int i = 0; i < 20; i++)
            {
                HistoryStore.Append(HistoryPath, HistoryStoreTests.Record("early-" + i), new HistoryWriteOptions { FlushToDisk = false });
            }

            // This writer holds the lock with half a record written when it dies.
            using Process torn = WriterProcess.Start("torn", HistoryPath);
            string? said = torn.StandardOutput.ReadLine();
            Assert.AreEqual("holding", said, said == null ? torn.StandardError.ReadToEnd() : null);
            List<Process> writers = WriterProcess.StartWriters(HistoryPath, 4, 100);
            Thread.Sleep(300);
            Assert.IsTrue(writers.All(w => !w.HasExited), "the others wait for the lock");

            torn.Kill(entireProcessTree: true);
            torn.WaitForExit();
            WriterProcess.WaitAll(writers);

            List<BuildRecord> all = HistoryStore.ReadAll(HistoryPath, out int skipped);
            Assert.AreEqual(1, skipped, "only the torn line");
            Assert.AreEqual(20 + 400, all.Count);
            Assert.AreEqual(420, all.Select(r => r.SessionId).Distinct().Count());
            string[] lines = File.ReadAllLines(HistoryPath);
            Assert.AreEqual(421, lines.Length);
            Assert.AreEqual(1, lines.Count(l => l.StartsWith("{\"schema\":1,\"session_id\":\"torn-0\"", StringComparison.Ordinal)));
            AssertEveryWriterComplete(all.Where(r => !r.SessionId!.StartsWith("early", StringComparison.Ordinal)).ToList(), 4, 100);
        }

        [TestMethod]
        public void ProcessesAppendingAcrossRotations_LoseNoLine()
        {
            RunWriters(4, 100, maxBytes: 16 * 1024);

            IReadOnlyList<string> archives = HistoryStore.Archives(HistoryPath);
            Assert.IsTrue(archives.Count >= 5, "rotated " + archives.Count + " times");
            var records = archives.Append(HistoryPath).SelectMany(File.ReadAllLines).Select(l => HistoryStore.Parse(l)).ToList();
            Assert.IsTrue(records.All(r => r != null), "every line parses");
            AssertEveryWriterComplete(records!, 4, 100);
            Assert.IsTrue(archives.All(a => new FileInfo(a).Length <= 16 * 1024));
        }

        private void RunWriters(int writers, int each, long? maxBytes = null)
        {
            List<Process> processes = WriterProcess.StartWriters(HistoryPath, writers, each, maxBytes);
            WriterProcess.WaitAll(processes);
        }

        /// <summary>Each writer's records are all there, once each, in the order that writer wrote them.</summary>
        private static void AssertEveryWriterComplete(IReadOnlyList<BuildRecord> records, int writers, int each)
        {
            Assert.AreEqual(writers * each, records.Count);
            for (int w = 0; w < writers; w++)
            {
                string prefix = "w" + w + "-";
                var indices = records.Where(r => r.SessionId!.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(r => int.Parse(r.SessionId!.Substring(prefix.Length))).ToList();
                CollectionAssert.AreEqual(Enumerable.Range(0, each).ToList(), indices, "writer " + w);
            }
        }
    }

    /// <summary>Starts the test writer program (tests/HugoSite.Build.HistoryWriter) as a real process.</summary>
    internal static class WriterProcess
    {
        public static string Dll
        {
            get
            {
                string? path = typeof(WriterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .FirstOrDefault(a => a.Key == "HistoryWriter")?.Value;
                Assert.IsTrue(path != null && File.Exists(path), "the writer program is built with the tests: " + path);
                return path!;
            }
        }

        public static Process Start(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(Dll);
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            return Process.Start(info)!;
        }

        /// <summary>Starts writers w0..wN-1, waits until each is ready, then lets them all go at once.</summary>
        public static List<Process> StartWriters(string history, int writers, int each, long? maxBytes = null)
        {
            var processes = new List<Process>();
            for (int w = 0; w < writers; w++)
            {
                var args = new List<string> { "append", history, each.ToString(), "w" + w };
                if (maxBytes.HasValue)
                {
                    args.Add(maxBytes.Value.ToString());
                }

                processes.Add(Start(args.ToArray()));
            }

            foreach (Process p in processes)
            {
                string? said = p.StandardOutput.ReadLine();
                Assert.AreEqual("ready", said, said == null ? p.StandardError.ReadToEnd() : null);
            }

            File.WriteAllText(history + ".go", "go");
            return processes;
        }

        public static void WaitAll(IEnumerable<Process> processes)
        {
            foreach (Process p in processes)
            {
                string errors = p.StandardError.ReadToEnd();
                Assert.IsTrue(p.WaitForExit(180_000), "writer finished");
                Assert.AreEqual(0, p.ExitCode, errors);
                p.Dispose();
            }
        }
    }
}
