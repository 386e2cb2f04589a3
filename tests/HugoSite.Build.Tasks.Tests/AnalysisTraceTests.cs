using System.Diagnostics;
using System.Text.Json;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Phases;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisTraceTests
    {
        private static long Ticks(double ms) => (long)(ms * Stopwatch.Frequency / 1000.0);

        /// <summary>A build of 1 s: setup 0–100, copy 100–300, components 300–700, hugo 700–950, cleanup 950–1000 ms.</summary>
        private static PhaseStore Store(bool withStarts)
        {
            var store = new PhaseStore { SessionId = "s1" };
            void Phase(string name, double start, double duration)
            {
                if (withStarts)
                {
                    store.Starts[name] = Ticks(5000 + start);
                }

                store.DurationsMs[name] = duration;
                store.Order.Add(name);
            }

            Phase("total", 0, 1000);
            Phase("setup", 0, 100);
            Phase("copy", 100, 200);
            Phase("components", 300, 400);
            Phase("hugo", 700, 250);
            Phase("cleanup", 950, 50);
            return store;
        }

        private static BuildRecord RecordFor(PhaseTimeline timeline)
        {
            BuildRecord r = Record(timeline.TotalMs!.Value, phases: timeline.Durations());
            r.Copy = new CopyInfo { Copied = 12, Skipped = 30, Removed = 1, Bytes = 4096, Jobs = 3 };
            r.Components = new List<ComponentTiming>
            {
                new ComponentTiming { Name = "search", DurationMs = 300, StartOffsetMs = 0, Result = "Succeeded", ExitCode = 0 },
                new ComponentTiming { Name = "analytics", DurationMs = 150, StartOffsetMs = 10, Result = "Succeeded", ExitCode = 0 },
                new ComponentTiming { Name = "feeds", DurationMs = 0, Result = "NotRun" },
            };
            r.Analysis = new AnalysisInfo { Status = "EXCELLENT" };
            return r;
        }

        private static List<JsonElement> Events(byte[] json, string ph)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() == ph)
                .Select(e => e.Clone()).ToList();
        }

        private static double Ts(JsonElement e) => e.GetProperty("ts").GetDouble();

        private static double End(JsonElement e) => Ts(e) + e.GetProperty("dur").GetDouble();

        private static int Tid(JsonElement e) => e.GetProperty("tid").GetInt32();

        private static string Name(JsonElement e) => e.GetProperty("name").GetString()!;

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void Create_PhasesNestInsideTotalOnOneTrackWithoutOverlapping(bool withStarts)
        {
            PhaseTimeline timeline = PhaseTimeline.From(Store(withStarts));

            List<JsonElement> complete = Events(ChromeTrace.Create(RecordFor(timeline), timeline), "X");

            List<JsonElement> track = complete.Where(e => Tid(e) == ChromeTrace.PhasesTid).ToList();
            JsonElement total = track.Single(e => Name(e) == "total");
            Assert.AreEqual(0, Ts(total));
            Assert.AreEqual(1_000_000, total.GetProperty("dur").GetDouble(), "microseconds");
            List<JsonElement> phases = track.Where(e => Name(e) != "total").OrderBy(Ts).ToList();
            CollectionAssert.AreEqual(new[] { "setup", "copy", "components", "hugo", "cleanup" }, phases.Select(Name).ToList());
            for (int i = 0; i < phases.Count; i++)
            {
                Assert.IsTrue(Ts(phases[i]) >= Ts(total) && End(phases[i]) <= End(total) + 0.001, Name(phases[i]) + " lies inside total");
                if (i > 0)
                {
                    Assert.IsTrue(Ts(phases[i]) >= End(phases[i - 1]) - 0.001, Name(phases[i]) + " starts after " + Name(phases[i - 1]) + " ends");
                }
            }

            Assert.AreEqual(700_000, Ts(phases.Single(p => Name(p) == "hugo")), 1.0);
        }

        [TestMethod]
        public void Create_ComponentsHaveTheirOwnTracksAtTheirOffsetsAndCopyHasItsCounts()
        {
            PhaseTimeline timeline = PhaseTimeline.From(Store(withStarts: true));
            byte[] json = ChromeTrace.Create(RecordFor(timeline), timeline);

            List<JsonElement> complete = Events(json, "X");
            JsonElement search = complete.Single(e => e.GetProperty("cat").GetString() == "component" && Name(e) == "search");
            JsonElement analytics = complete.Single(e => e.GetProperty("cat").GetString() == "component" && Name(e) == "analytics");
            Assert.AreEqual(300_000, Ts(search), 1.0);
            Assert.AreEqual(310_000, Ts(analytics), 1.0);
            Assert.AreEqual(150_000, analytics.GetProperty("dur").GetDouble(), 1.0);
            Assert.AreNotEqual(Tid(search), Tid(analytics));
            Assert.IsFalse(new[] { Tid(search), Tid(analytics) }.Contains(ChromeTrace.PhasesTid));
            Assert.IsFalse(complete.Any(e => Name(e) == "feeds"), "a component that did not run has no slice");

            JsonElement copy = complete.Single(e => e.GetProperty("cat").GetString() == "copy");
            Assert.AreEqual(ChromeTrace.CopyTid, Tid(copy));
            Assert.AreEqual(100_000, Ts(copy), 1.0);
            Assert.AreEqual(3, copy.GetProperty("args").GetProperty("jobs").GetInt32());
            Assert.AreEqual(12, copy.GetProperty("args").GetProperty("copied").GetInt64());

            List<JsonElement> names = Events(json, "M").Where(e => Name(e) == "thread_name").ToList();
            Assert.AreEqual("phases", names.Single(e => Tid(e) == ChromeTrace.PhasesTid).GetProperty("args").GetProperty("name").GetString());
            Assert.AreEqual("component search", names.Single(e => Tid(e) == Tid(search)).GetProperty("args").GetProperty("name").GetString());
        }

        [TestMethod]
        public void Create_EveryEventHasTheFieldsPerfettoAndSpeedscopeRead()
        {
            PhaseTimeline timeline = PhaseTimeline.From(Store(withStarts: true));

            using JsonDocument doc = JsonDocument.Parse(ChromeTrace.Create(RecordFor(timeline), timeline));

            Assert.AreEqual("ms", doc.RootElement.GetProperty("displayTimeUnit").GetString());
            foreach (JsonElement e in doc.RootElement.GetProperty("traceEvents").EnumerateArray())
            {
                Assert.AreEqual(JsonValueKind.String, e.GetProperty("name").ValueKind);
                Assert.AreEqual(JsonValueKind.Number, e.GetProperty("pid").ValueKind);
                Assert.AreEqual(JsonValueKind.Number, e.GetProperty("tid").ValueKind);
                if (e.GetProperty("ph").GetString() == "X")
                {
                    Assert.IsTrue(e.GetProperty("ts").GetDouble() >= 0);
                    Assert.IsTrue(e.GetProperty("dur").GetDouble() >= 0);
                }
            }
        }

        [TestMethod]
        public void Create_PhaseRunningPastTheTotalIsClampedInsideIt()
        {
            PhaseStore store = Store(withStarts: true);
            store.DurationsMs["cleanup"] = 80; // ends 30 ms after total: rounding or a phase ended late
            PhaseTimeline timeline = PhaseTimeline.From(store);

            List<JsonElement> complete = Events(ChromeTrace.Create(RecordFor(timeline), timeline), "X");

            Assert.AreEqual(1_000_000, End(complete.Single(e => Name(e) == "cleanup")), 0.001);
        }

        [TestMethod]
        public void Write_ReplacesTheTraceFile()
        {
            using var dir = new TempDir();
            string path = dir.Combine("obj", "hugo", "trace.json");
            PhaseTimeline timeline = PhaseTimeline.From(Store(withStarts: false));
            dir.Write("obj/hugo/trace.json", "old");

            ChromeTrace.Write(path, RecordFor(timeline), timeline);

            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            Assert.IsTrue(doc.RootElement.GetProperty("traceEvents").GetArrayLength() > 5);
            Assert.AreEqual(1, Directory.GetFiles(dir.Combine("obj", "hugo")).Length, "no temporary file left");
        }

        [TestMethod]
        public void Timeline_TotalStillRunningIsMeasuredFromItsStart()
        {
            var store = new PhaseStore();
            store.Starts["total"] = Ticks(1000);
            store.DurationsMs["hugo"] = 200;
            store.Order.Add("total");
            store.Order.Add("hugo");

            PhaseTimeline timeline = PhaseTimeline.From(store, nowTicks: Ticks(1750));

            Assert.AreEqual(750, timeline.TotalMs!.Value, 0.01);
            Assert.AreEqual("running", timeline.TotalSource);
            Assert.AreEqual("hugo", timeline.Phases.Single().Name);
        }
    }
}
