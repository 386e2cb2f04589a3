using System.Text;
using HugoSite.Build.Tasks.History;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>A fresh folder per test with the history file's path in it (the file itself not yet made).</summary>
    public abstract class HistoryFileTestBase
    {
        protected TempDir Dir { get; private set; } = null!;

        protected string HistoryPath { get; private set; } = null!;

        [TestInitialize]
        public void CreateFolder()
        {
            Dir = new TempDir();
            HistoryPath = Dir.Combine("perf", "history.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(HistoryPath)!);
        }

        [TestCleanup]
        public void RemoveFolder() => Dir.Dispose();
    }

    [TestClass]
    public sealed class HistoryStoreTests : HistoryFileTestBase
    {
        /// <summary>The bash predecessor's two example records, byte for byte.</summary>
        internal const string PredecessorLines =
            "{\"session_id\":\"1727510400-12345\",\"timestamp\":\"2025-09-28T03:36:00Z\",\"template\":\"default\",\"total_ms\":32150,\"phases\":{\"setup\":1200,\"build\":28900,\"cleanup\":2050},\"metrics\":{\"memory_mb\":150,\"file_count\":115,\"output_size_kb\":2048},\"cache\":{\"hit\":false}}\n" +
            "{\"session_id\":\"1727510500-12346\",\"timestamp\":\"2025-09-28T03:38:00Z\",\"template\":\"default\",\"total_ms\":47,\"phases\":{\"setup\":25,\"build\":15,\"cleanup\":7},\"metrics\":{\"memory_mb\":45,\"file_count\":115,\"output_size_kb\":2048},\"cache\":{\"hit\":true}}\n";

        internal static BuildRecord Record(string id, string template = "default", string? project = "/sites/a/site.proj", double total = 1000, bool success = true, bool hit = false) => new BuildRecord
        {
            Schema = BuildRecord.CurrentSchema,
            SessionId = id,
            Timestamp = "2025-10-01T10:00:00.000Z",
            Template = template,
            Project = project,
            TotalMs = total,
            Success = success,
            Phases = new Dictionary<string, double> { ["setup"] = 10, ["hugo"] = total - 10 },
            Cache = new CacheInfo { Hit = hit },
        };

        private static HistoryWriteOptions Fast(long maxBytes = HistoryStore.DefaultMaxBytes) => new() { FlushToDisk = false, MaxBytes = maxBytes };

        [TestMethod]
        public void Append_WritesOneLfTerminatedUtf8LineWithoutBom_CreatingTheFolder()
        {
            string history = Dir.Combine("new", "deeper", "history.jsonl");
            HistoryStore.Append(history, Record("a"));
            HistoryStore.Append(history, Record("b"));

            byte[] bytes = File.ReadAllBytes(history);
            Assert.AreEqual((byte)'{', bytes[0], "no BOM");
            Assert.AreEqual((byte)'\n', bytes[^1]);
            string[] lines = Encoding.UTF8.GetString(bytes).Split('\n');
            Assert.AreEqual(3, lines.Length);
            Assert.AreEqual("", lines[2]);
            Assert.IsFalse(lines[0].Contains('\r'));
            StringAssert.StartsWith(lines[0], "{\"schema\":1,\"session_id\":\"a\"");
        }

        [TestMethod]
        public void Append_AfterATornLine_AddsANewlineFirstSoTheTornLineStaysAlone()
        {
            File.WriteAllText(HistoryPath, PredecessorLines + "{\"session_id\":\"torn\",\"tem");

            AppendResult result = HistoryStore.Append(HistoryPath, Record("after"), Fast());

            Assert.IsTrue(result.RepairedTornLine);
            string[] lines = File.ReadAllText(HistoryPath).Split('\n');
            Assert.AreEqual("{\"session_id\":\"torn\",\"tem", lines[2]);
            StringAssert.Contains(lines[3], "\"after\"");
            List<BuildRecord> all = HistoryStore.ReadAll(HistoryPath, out int skipped);
            Assert.AreEqual(1, skipped);
            CollectionAssert.AreEqual(new[] { "1727510400-12345", "1727510500-12346", "after" }, all.Select(r => r.SessionId).ToList());
        }

        [TestMethod]
        public void TryAppend_UnwritableFolder_ReturnsAProblemThatSaysWhatToDo_AndThrowsNothing()
        {
            string blocker = Dir.Write("not-a-folder", "x");
            string history = Path.Combine(blocker, "history.jsonl");

            bool ok = HistoryStore.TryAppend(history, Record("a"), Fast(), out AppendResult? result, out string? problem);

            Assert.IsFalse(ok);
            Assert.IsNull(result);
            StringAssert.Contains(problem, history);
            StringAssert.Contains(problem, "HugoPerformanceHistoryFile");
            Assert.AreEqual("x", File.ReadAllText(blocker));
        }

        [TestMethod]
        public void TryAppend_HistoryPathIsAFolder_ReturnsAProblem()
        {
            Directory.CreateDirectory(HistoryPath);

            Assert.IsFalse(HistoryStore.TryAppend(HistoryPath, Record("a"), Fast(), out _, out string? problem));
            Assert.IsNotNull(problem);
        }

        [TestMethod]
        public void ReadAll_PredecessorRecordsVerbatim_ReadWithEveryField()
        {
            File.WriteAllText(HistoryPath, PredecessorLines);

            List<BuildRecord> records = HistoryStore.ReadAll(HistoryPath, out int skipped);

            Assert.AreEqual(0, skipped);
            Assert.AreEqual(2, records.Count);
            BuildRecord first = records[0];
            Assert.AreEqual(0, first.Schema);
            Assert.AreEqual("1727510400-12345", first.SessionId);
            Assert.AreEqual("2025-09-28T03:36:00Z", first.Timestamp);
            Assert.AreEqual("default", first.Template);
            Assert.AreEqual(32150, first.TotalMs);
            Assert.AreEqual(28900, first.Phases!["build"]);
            Assert.AreEqual(150, first.Metrics!.MemoryMb);
            Assert.AreEqual(115, first.Metrics.FileCount);
            Assert.AreEqual(2048, first.Metrics.OutputSizeKb);
            Assert.IsFalse(first.Cache!.Hit);
            Assert.IsTrue(records[1].Cache!.Hit);
            Assert.IsNull(first.Project);
            Assert.IsNull(first.Success);
        }

        [TestMethod]
        public void ReadAll_BomCrlfGarbageBlankUnknownAndMissingFields_ReadsEveryGoodLineAndCountsTheBadOnes()
        {
            string text = "\uFEFF" + PredecessorLines.Replace("\n", "\r\n") +
                          "this is not json\r\n" +
                          "\r\n" +
                          "   \n" +
                          "{\"session_id\":\"newer\",\"template\":\"blog\",\"total_ms\":5,\"future_field\":{\"x\":[1,2]},\"schema\":7}\n" +
                          "{\"session_id\":\"sparse\"}\n" +
                          "[1,2,3]\n" +
                          "null\n" +
                          "{\"session_id\":\"broken\",\"total_ms\":}\n" +
                          "{\"session_id\":\"lenient\",\"total_ms\":\"12.5\",\"metrics\":{\"memory_mb\":null,\"file_count\":3.0},\"cache\":{\"hit\":\"true\"},\"success\":null}\n";
            File.WriteAllBytes(HistoryPath, Encoding.UTF8.GetBytes(text));

            List<BuildRecord> records = HistoryStore.ReadAll(HistoryPath, out int skipped);

            CollectionAssert.AreEqual(new[] { "1727510400-12345", "1727510500-12346", "newer", "sparse", "lenient" }, records.Select(r => r.SessionId).ToList());
            Assert.AreEqual(4, skipped, "garbage, array, null and the broken object");
            BuildRecord newer = records[2];
            Assert.AreEqual(7, newer.Schema);
            Assert.IsTrue(newer.Extra!.ContainsKey("future_field"));
            Assert.AreEqual(0, records[3].TotalMs);
            Assert.IsNull(records[3].Phases);
            BuildRecord lenient = records[4];
            Assert.AreEqual(12.5, lenient.TotalMs);
            Assert.AreEqual(0, lenient.Metrics!.MemoryMb);
            Assert.AreEqual(3, lenient.Metrics.FileCount);
            Assert.IsTrue(lenient.Cache!.Hit);
        }

        [TestMethod]
        public void UnknownFields_SurviveARoundTrip()
        {
            BuildRecord record = HistoryStore.Parse("{\"session_id\":\"x\",\"future\":{\"a\":1},\"metrics\":{\"memory_mb\":1,\"gpu_mb\":9}}")!;

            string line = Encoding.UTF8.GetString(HistoryStore.Serialize(record));

            StringAssert.Contains(line, "\"future\":{\"a\":1}");
            StringAssert.Contains(line, "\"gpu_mb\":9");
        }

        [TestMethod]
        public void UnterminatedGarbageLastLine_IsNotCountedUntilTheNextAppendClosesIt()
        {
            File.WriteAllText(HistoryPath, PredecessorLines + "{\"session_id\":\"being-writ");

            HistoryStore.ReadAll(HistoryPath, out int before);
            HistoryStore.Append(HistoryPath, Record("next"), Fast());
            List<BuildRecord> after = HistoryStore.ReadAll(HistoryPath, out int skippedAfter);

            Assert.AreEqual(0, before);
            Assert.AreEqual(1, skippedAfter);
            Assert.AreEqual("next", after[^1].SessionId);
        }

        [TestMethod]
        public void ReadRecent_ReturnsTheNewestRecordsOldestFirst()
        {
            for (int i = 0; i < 30; i++)
            {
                HistoryStore.Append(HistoryPath, Record("r" + i), Fast());
            }

            List<BuildRecord> recent = HistoryStore.ReadRecent(HistoryPath, 3, null, out int skipped);

            CollectionAssert.AreEqual(new[] { "r27", "r28", "r29" }, recent.Select(r => r.SessionId).ToList());
            Assert.AreEqual(0, skipped);
        }

        [TestMethod]
        public void ReadRecent_StopsBeforeOlderGarbage_SoItIsNeitherParsedNorCounted()
        {
            File.WriteAllText(HistoryPath, "garbage\n");
            HistoryStore.Append(HistoryPath, Record("a"), Fast());
            HistoryStore.Append(HistoryPath, Record("b"), Fast());

            List<BuildRecord> recent = HistoryStore.ReadRecent(HistoryPath, 2, null, out int skipped);

            Assert.AreEqual(2, recent.Count);
            Assert.AreEqual(0, skipped);
            HistoryStore.ReadRecent(HistoryPath, 3, null, out int skippedAll);
            Assert.AreEqual(1, skippedAll);
        }

        [TestMethod]
        public void ReadRecent_FilterAndQuery_PickComparableBuilds()
        {
            HistoryStore.Append(HistoryPath, Record("a1", project: "/sites/a/site.proj"), Fast());
            HistoryStore.Append(HistoryPath, Record("b1", project: "/sites/b/site.proj"), Fast());
            HistoryStore.Append(HistoryPath, Record("a2", template: "blog"), Fast());
            HistoryStore.Append(HistoryPath, Record("a3", success: false), Fast());
            HistoryStore.Append(HistoryPath, Record("a4", hit: true), Fast());
            HistoryStore.Append(HistoryPath, Record("a5"), Fast());
            File.AppendAllText(HistoryPath, PredecessorLines);

            var query = new HistoryQuery { Project = "/sites/a/site.proj", Template = "DEFAULT", Success = true, CacheHit = false };
            CollectionAssert.AreEqual(new[] { "a1", "a5" }, HistoryStore.ReadRecent(HistoryPath, query, out _).Select(r => r.SessionId).ToList());

            query.IncludeUnattributed = true;
            CollectionAssert.AreEqual(new[] { "a1", "a5", "1727510400-12345" }, HistoryStore.ReadRecent(HistoryPath, query, out _).Select(r => r.SessionId).ToList());

            List<BuildRecord> viaFilter = HistoryStore.ReadRecent(HistoryPath, 2, r => r.Template == "blog" || r.TotalMs < 100, out _);
            CollectionAssert.AreEqual(new[] { "a2", "1727510500-12346" }, viaFilter.Select(r => r.SessionId).ToList());
        }

        [TestMethod]
        public void ReadRecent_ProjectSpelledWithEscapesOrATrailingSeparator_StillMatches()
        {
            File.WriteAllText(HistoryPath,
                "{\"session_id\":\"escaped\",\"project\":\"\\/sites\\/a\\/site.proj\"}\n" +
                "{\"session_id\":\"unicode\",\"project\":\"/sites/\\u0061/site.proj\"}\n" +
                "{\"session_id\":\"trailing\",\"project\":\"/sites/a/site.proj/\"}\n" +
                "{\"session_id\":\"prefix\",\"project\":\"/sites/a/site.proj.bak\"}\n" +
                "{\"session_id\":\"other\",\"project\":\"/sites/b/site.proj\"}\n" +
                "{\"session_id\":\"nested\",\"x\":{\"project\":\"/sites/a/site.proj\"}}\n" +
                "{\"session_id\":\"nested-first\",\"x\":{\"project\":\"/sites/a/site.proj\"},\"project\":\"/sites/b/site.proj\"}\n" +
                "{\"session_id\":\"spaced\", \"project\" : \"/sites/a/site.proj\"}\n");

            var query = new HistoryQuery { Project = "/sites/a/site.proj" };
            CollectionAssert.AreEqual(new[] { "escaped", "unicode", "trailing", "spaced" }, HistoryStore.ReadRecent(HistoryPath, query, out _).Select(r => r.SessionId).ToList());

            query.IncludeUnattributed = true;
            CollectionAssert.AreEqual(new[] { "escaped", "unicode", "trailing", "nested", "spaced" }, HistoryStore.ReadRecent(HistoryPath, query, out _).Select(r => r.SessionId).ToList());
        }

        [TestMethod]
        public void ReadRecent_LinesLongerThanTheReadChunk_AreReadWhole()
        {
            var big = Record("big");
            big.Error = new string('e', 300_000);
            HistoryStore.Append(HistoryPath, Record("before"), Fast());
            HistoryStore.Append(HistoryPath, big, Fast());
            HistoryStore.Append(HistoryPath, Record("after"), Fast());

            List<BuildRecord> all = HistoryStore.ReadAll(HistoryPath, out int skipped);

            CollectionAssert.AreEqual(new[] { "before", "big", "after" }, all.Select(r => r.SessionId).ToList());
            Assert.AreEqual(300_000, all[1].Error!.Length);
            Assert.AreEqual(0, skipped);
        }

        [TestMethod]
        public void ReadAll_MissingFile_IsEmpty()
        {
            Assert.AreEqual(0, HistoryStore.ReadAll(Dir.Combine("none", "history.jsonl"), out int skipped).Count);
            Assert.AreEqual(0, skipped);
        }

        [TestMethod]
        public void Rotation_PastTheLimit_MovesTheFileAsideAndTheNewestArchiveIsStillRead()
        {
            int lineBytes = HistoryStore.Serialize(Record("r00")).Length + 1;
            var clock = new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc);
            var options = new HistoryWriteOptions { FlushToDisk = false, MaxBytes = lineBytes * 4, UtcNow = () => clock };
            var rotations = new List<string>();
            for (int i = 0; i < 10; i++)
            {
                clock = clock.AddMinutes(1);
                AppendResult result = HistoryStore.Append(HistoryPath, Record("r" + i.ToString("00")), options);
                if (result.ArchivePath != null)
                {
                    rotations.Add(result.ArchivePath);
                }
            }

            CollectionAssert.AreEqual(rotations, HistoryStore.Archives(HistoryPath).ToList());
            Assert.AreEqual(2, rotations.Count);
            StringAssert.EndsWith(rotations[0], "history.20251001T120500000Z.jsonl");
            Assert.IsTrue(new FileInfo(HistoryPath).Length <= lineBytes * 4);

            // Every line is somewhere: nothing is lost by rotating.
            int lines = rotations.Append(HistoryPath).Sum(f => File.ReadAllLines(f).Length);
            Assert.AreEqual(10, lines);

            // The current file holds 2 records; the newest archive tops the read up, the oldest is not read.
            List<BuildRecord> recent = HistoryStore.ReadRecent(HistoryPath, 100, null, out _);
            CollectionAssert.AreEqual(new[] { "r04", "r05", "r06", "r07", "r08", "r09" }, recent.Select(r => r.SessionId).ToList());
        }

        [TestMethod]
        public void Rotation_SameMillisecond_NeverOverwritesAnArchive()
        {
            var clock = new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc);
            var options = new HistoryWriteOptions { FlushToDisk = false, MaxBytes = 10, UtcNow = () => clock };
            for (int i = 0; i < 4; i++)
            {
                HistoryStore.Append(HistoryPath, Record("r" + i), options);
            }

            IReadOnlyList<string> archives = HistoryStore.Archives(HistoryPath);
            Assert.AreEqual(3, archives.Count);
            CollectionAssert.AreEqual(new[] { "r0", "r1", "r2" }, archives.Select(a => HistoryStore.ReadAll(a, out _).Single().SessionId).ToList());
        }

        [TestMethod]
        public void Append_ManyThreadsAtOnce_EveryLineWholeAndPresent()
        {
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            {
                for (int i = 0; i < 50; i++)
                {
                    HistoryStore.Append(HistoryPath, Record("t" + t + "-" + i), Fast());
                }
            });

            List<BuildRecord> all = HistoryStore.ReadAll(HistoryPath, out int skipped);
            Assert.AreEqual(0, skipped);
            Assert.AreEqual(400, all.Select(r => r.SessionId).Distinct().Count());
        }

        [TestMethod]
        public void DefaultPath_IsUnderTheUserProfile()
        {
            string path = HistoryStore.DefaultPath();
            StringAssert.EndsWith(path, Path.Combine(".hugo-template-perf", "history.jsonl"));
            StringAssert.StartsWith(path, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        }
    }
}
