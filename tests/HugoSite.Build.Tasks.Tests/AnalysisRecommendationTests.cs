using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using static HugoSite.Build.Tasks.Tests.AnalysisTestData;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class AnalysisRecommendationTests
    {
        /// <summary>A build no rule fires on: parallel, balanced phases, nothing recopied, cache hit state unknown, known site.</summary>
        private static BuildRecord Quiet(double setup = 400, double copy = 300, double components = 300, double hugo = 400)
        {
            BuildRecord r = Record(setup + copy + components + hugo, phases: new Dictionary<string, double>
            {
                ["setup"] = setup, ["copy"] = copy, ["components"] = components, ["hugo"] = hugo,
            });
            r.Cache = new CacheInfo { Hit = false, Enabled = false };
            r.Copy = new CopyInfo { Copied = 2, Skipped = 98, Jobs = 3 };
            r.Components = new List<ComponentTiming>
            {
                new ComponentTiming { Name = "search", DurationMs = components * 0.4 },
                new ComponentTiming { Name = "analytics", DurationMs = components * 0.35 },
                new ComponentTiming { Name = "feeds", DurationMs = components * 0.25 },
            };
            return r;
        }

        private static HistoryWindow Known(params BuildRecord[] extra) => Window(new[] { Quiet() }.Concat(extra));

        private static List<string> Ids(BuildRecord current, HistoryWindow? history = null) =>
            Recommendations.For(current, history ?? Known()).Select(r => r.Id).ToList();

        [TestMethod]
        public void QuietBuild_GetsNoRecommendation()
        {
            CollectionAssert.AreEqual(new string[0], Ids(Quiet()));
        }

        [TestMethod]
        public void ParallelOff_FiresWhenCopyDominatesAndSaysWhatItSaw()
        {
            BuildRecord r = Quiet(copy: 3000);
            r.Parallel = new ParallelInfo { Enabled = false, MaxJobs = 4 };

            Recommendation tip = Recommendations.For(r, Known()).Single();

            Assert.AreEqual(Recommendations.ParallelOff, tip.Id);
            StringAssert.Contains(tip.Text, "copy phase took 3.0 s, 73% of the build");
        }

        [TestMethod]
        public void ParallelOff_FiresWhenComponentsDominateWithSeveralComponents()
        {
            BuildRecord r = Quiet(components: 3000);
            r.Parallel = new ParallelInfo { Enabled = false, MaxJobs = 4 };

            CollectionAssert.Contains(Ids(r), Recommendations.ParallelOff);
        }

        [TestMethod]
        public void ParallelOff_IsSilentWhenParallelIsOnOrHugoDominatesOrThereIsOneComponent()
        {
            BuildRecord on = Quiet(copy: 3000);
            BuildRecord hugoDominates = Quiet(hugo: 3000);
            hugoDominates.Parallel = new ParallelInfo { Enabled = false };
            BuildRecord oneComponent = Quiet(components: 3000);
            oneComponent.Parallel = new ParallelInfo { Enabled = false };
            oneComponent.Components = oneComponent.Components!.Take(1).ToList();
            BuildRecord balanced = Quiet();
            balanced.Parallel = new ParallelInfo { Enabled = false };

            CollectionAssert.DoesNotContain(Ids(on), Recommendations.ParallelOff);
            CollectionAssert.DoesNotContain(Ids(hugoDominates), Recommendations.ParallelOff);
            CollectionAssert.DoesNotContain(Ids(oneComponent), Recommendations.ParallelOff);
            CollectionAssert.DoesNotContain(Ids(balanced), Recommendations.ParallelOff);
        }

        [TestMethod]
        public void CopyRecopies_FiresWhenThisAndThePreviousBuildCopiedMostFiles()
        {
            BuildRecord previous = Quiet();
            previous.Copy = new CopyInfo { Copied = 95, Skipped = 5 };
            BuildRecord current = Quiet();
            current.Copy = new CopyInfo { Copied = 98, Skipped = 2 };

            Recommendation tip = Recommendations.For(current, Known(previous)).Single();

            Assert.AreEqual(Recommendations.CopyRecopies, tip.Id);
            StringAssert.Contains(tip.Text, "copied 98 of 100 files in this build and 95 of 100 in the previous one");
        }

        [TestMethod]
        public void CopyRecopies_IsSilentForAOneOffFullCopyFewFilesOrACheapCopy()
        {
            BuildRecord previousSkipped = Quiet();
            BuildRecord current = Quiet();
            current.Copy = new CopyInfo { Copied = 98, Skipped = 2 };
            BuildRecord previousCopied = Quiet();
            previousCopied.Copy = new CopyInfo { Copied = 98, Skipped = 2 };
            BuildRecord few = Quiet();
            few.Copy = new CopyInfo { Copied = 10, Skipped = 0 };
            BuildRecord cheap = Quiet(copy: 50, setup: 2000);
            cheap.Copy = new CopyInfo { Copied = 98, Skipped = 2 };

            CollectionAssert.DoesNotContain(Ids(current, Known(previousSkipped)), Recommendations.CopyRecopies, "previous build skipped most");
            CollectionAssert.DoesNotContain(Ids(few, Known(previousCopied)), Recommendations.CopyRecopies, "too few files");
            CollectionAssert.DoesNotContain(Ids(cheap, Known(previousCopied)), Recommendations.CopyRecopies, "copy is 2% of the build");
            CollectionAssert.DoesNotContain(Ids(current, Window(new[] { previousCopied }.Select(p => { p.Project = "/other"; return p; }))),
                Recommendations.CopyRecopies, "previous build was another site");
        }

        [TestMethod]
        public void ComponentDominates_FiresWhenOneComponentTakesMostOfTheComponentsPhase()
        {
            BuildRecord r = Quiet(components: 1000);
            r.Components![0].DurationMs = 800;
            r.Components[1].DurationMs = 150;
            r.Components[2].DurationMs = 50;

            Recommendation tip = Recommendations.For(r, Known()).Single();

            Assert.AreEqual(Recommendations.ComponentDominates, tip.Id);
            StringAssert.Contains(tip.Text, "'search' took 800 ms of the 1.0 s components phase (80%)");
        }

        [TestMethod]
        public void ComponentDominates_IsSilentWhenBalancedSingleOrTheComponentsPhaseIsSmall()
        {
            BuildRecord single = Quiet(components: 1000);
            single.Components = new List<ComponentTiming> { new ComponentTiming { Name = "search", DurationMs = 1000 } };
            BuildRecord small = Quiet(components: 50, hugo: 2000);
            small.Components![0].DurationMs = 45;

            CollectionAssert.DoesNotContain(Ids(Quiet(components: 1000)), Recommendations.ComponentDominates, "balanced");
            CollectionAssert.DoesNotContain(Ids(single), Recommendations.ComponentDominates, "one component");
            CollectionAssert.DoesNotContain(Ids(small), Recommendations.ComponentDominates, "components are 2% of the build");
        }

        [TestMethod]
        public void HugoDominates_FiresWithTemplateMetricsAndPartialCached()
        {
            BuildRecord r = Quiet(hugo: 4000);
            r.Hugo = new HugoInfo { Stats = new Dictionary<string, long> { ["pages"] = 1234 } };

            Recommendation tip = Recommendations.For(r, Known()).Single();

            Assert.AreEqual(Recommendations.HugoDominates, tip.Id);
            StringAssert.Contains(tip.Text, "Hugo took 4.0 s, 80% of the build for 1,234 pages");
            StringAssert.Contains(tip.Text, "--templateMetrics --templateMetricsHints");
            StringAssert.Contains(tip.Text, "partialCached");
        }

        [TestMethod]
        public void HugoDominates_IsSilentUnderHalfTheBuildOrUnderOneSecond()
        {
            CollectionAssert.DoesNotContain(Ids(Quiet(setup: 800, hugo: 1200)), Recommendations.HugoDominates, "hugo is 46% of the build");
            CollectionAssert.Contains(Ids(Quiet(hugo: 1000)), Recommendations.HugoDominates, "exactly half counts");
            CollectionAssert.DoesNotContain(Ids(Quiet(setup: 10, copy: 10, components: 10, hugo: 900)), Recommendations.HugoDominates, "under 1 s");
        }

        [TestMethod]
        public void CacheMiss_FiresWithTheReasonWhenTheCacheIsOnAndMissed()
        {
            BuildRecord r = Quiet();
            r.Cache = new CacheInfo { Enabled = true, Hit = false, MissReason = "3 inputs changed: content/a.md, …" };

            Recommendation tip = Recommendations.For(r, Known()).Single();

            Assert.AreEqual(Recommendations.CacheMiss, tip.Id);
            StringAssert.Contains(tip.Text, "The build cache missed: 3 inputs changed: content/a.md");
        }

        [TestMethod]
        public void CacheMiss_IsSilentOnAHitOrWithTheCacheOff()
        {
            BuildRecord hit = Quiet();
            hit.Cache = new CacheInfo { Enabled = true, Hit = true };
            BuildRecord off = Quiet();
            off.Cache = new CacheInfo { Enabled = false, Hit = false, MissReason = "cache disabled" };

            CollectionAssert.DoesNotContain(Ids(hit), Recommendations.CacheMiss);
            CollectionAssert.DoesNotContain(Ids(off), Recommendations.CacheMiss);
        }

        [TestMethod]
        public void FirstBuild_FiresWhenTheWholeHistoryHasNoBuildOfThisSiteOnThisMachine()
        {
            var history = Window(new[] { Record(1000, host: "other-host"), Record(1000, project: "/sites/docs") });

            Recommendation tip = Recommendations.For(Quiet(), history).Single();

            Assert.AreEqual(Recommendations.FirstBuild, tip.Id);
            StringAssert.Contains(tip.Text, "first recorded build of this site on this machine (" + Host + ")");
        }

        [TestMethod]
        public void FirstBuild_IsSilentWhenTheSiteWasBuiltHereOrTheHistoryWasOnlyPartlyRead()
        {
            var partial = new HistoryWindow(new[] { Record(1000, host: "other-host") }, 0, complete: false);

            CollectionAssert.DoesNotContain(Ids(Quiet(), Known()), Recommendations.FirstBuild);
            CollectionAssert.DoesNotContain(Ids(Quiet(), partial), Recommendations.FirstBuild);
            CollectionAssert.DoesNotContain(Ids(Quiet(), HistoryWindow.Unknown), Recommendations.FirstBuild);
        }
    }
}
