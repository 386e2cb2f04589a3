using Moq;
using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.Tests.Components;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The scheduler with a fake runner whose "processes" end only when the test says so: throttle, slot reuse,
    /// dependency order, fail-fast, continue and cancel, without timing assumptions.
    /// </summary>
    [TestClass]
    public sealed class InitComponentsSchedulerTests
    {
        private readonly GatedRunner _runner = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ManualResetEventSlim> _reported = new();

        private static List<ScheduledComponent> Components(params (string Name, string[] DependsOn)[] specs)
        {
            var names = specs.Select(s => s.Name).ToList();
            return specs.Select(s => new ScheduledComponent(
                new ComponentDefinition(s.Name) { Command = s.Name, DependsOn = s.DependsOn },
                new ProcessRequest(s.Name, "."),
                s.DependsOn.Select(d => names.IndexOf(d)).ToList())).ToList();
        }

        private static (string, string[]) C(string name, params string[] dependsOn) => (name, dependsOn);

        private ComponentScheduler Scheduler(int jobs, bool continueOnFailure = false) => new(_runner)
        {
            MaxParallelJobs = jobs,
            ContinueOnFailure = continueOnFailure,
            Finished = r => _reported.GetOrAdd(r.Component.Name, _ => new ManualResetEventSlim()).Set(),
        };

        /// <summary>Waits until the scheduler has reported <paramref name="name"/> finished (and so filled the freed slot).</summary>
        private void WaitReported(string name)
        {
            Assert.IsTrue(_reported.GetOrAdd(name, _ => new ManualResetEventSlim()).Wait(TimeSpan.FromSeconds(30)), name + " was never reported finished");
        }

        private static Task<ComponentRunResult[]> RunInBackground(ComponentScheduler scheduler, List<ScheduledComponent> components, CancellationToken token = default) =>
            Task.Factory.StartNew(() => scheduler.Run(components, token), TaskCreationOptions.LongRunning);

        private static ComponentRunResult[] Await(Task<ComponentRunResult[]> run)
        {
            Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(30)), "the scheduler did not return");
            return run.Result;
        }

        [TestMethod]
        public void Throttle_NeverMoreThanMaxParallelJobsAlive_AndEverySlotUsed()
        {
            var components = Components(C("a"), C("b"), C("c"), C("d"), C("e"), C("f"), C("g"));
            var run = RunInBackground(Scheduler(3), components);

            foreach (string name in new[] { "a", "b", "c", "d", "e", "f", "g" })
            {
                _runner.WaitUntilStarted(name);
                _runner.Finish(name);
            }

            var results = Await(run);
            Assert.AreEqual(3, _runner.MaxAlive, "at most 3 alive, and the throttle should fill all 3 slots");
            Assert.IsTrue(results.All(r => r.Result == ComponentResultKind.Succeeded));
            CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e", "f", "g" }, _runner.StartOrder);
        }

        [TestMethod]
        public void Throttle_FreedSlotGoesToNextComponent_NotBeforeOneFinishes()
        {
            var components = Components(C("a"), C("b"), C("c"));
            var run = RunInBackground(Scheduler(2), components);
            _runner.WaitUntilStarted("a");
            _runner.WaitUntilStarted("b");
            _runner.Finish("b");
            WaitReported("b");
            Assert.IsTrue(_runner.HasStarted("c"), "the slot b freed goes to c before b is reported");
            _runner.Finish("a");
            _runner.Finish("c");
            Await(run);
            Assert.AreEqual(2, _runner.MaxAlive);
        }

        [TestMethod]
        public void SlotReuse_LongJobDoesNotHoldBackShortOnes()
        {
            var components = Components(C("long"), C("s1"), C("s2"), C("s3"), C("s4"));
            var run = RunInBackground(Scheduler(2), components);

            // "long" never finishes until every short one has run: waiting on the oldest job would deadlock here.
            foreach (string name in new[] { "s1", "s2", "s3", "s4" })
            {
                _runner.WaitUntilStarted(name);
                _runner.Finish(name);
                WaitReported(name);
            }

            Assert.IsFalse(_runner.FinishOrder.Contains("long"));
            _runner.Finish("long");
            var results = Await(run);
            Assert.IsTrue(results.All(r => r.Result == ComponentResultKind.Succeeded));
            Assert.AreEqual("long", _runner.FinishOrder.Last());
        }

        [TestMethod]
        public void Dependencies_ComponentStartsOnlyAfterAllItsDependenciesSucceeded()
        {
            var components = Components(C("a"), C("b"), C("c", "a", "b"), C("d"));
            var run = RunInBackground(Scheduler(4), components);
            _runner.WaitUntilStarted("a");
            _runner.WaitUntilStarted("b");
            _runner.WaitUntilStarted("d");
            _runner.Finish("a");
            WaitReported("a");
            Assert.IsFalse(_runner.HasStarted("c"), "c still waits for b");
            _runner.Finish("b");
            _runner.WaitUntilStarted("c");
            _runner.Finish("c");
            _runner.Finish("d");
            Await(run);
            CollectionAssert.AreEqual(new[] { "a", "b", "d", "c" }, _runner.StartOrder);
        }

        [TestMethod]
        public void Sequential_OneJobRunsInDependencyOrder_OneAtATime()
        {
            // Listed as given to the scheduler (already in dependency order); each must wait for the previous.
            var components = Components(C("base"), C("mid", "base"), C("other"), C("top", "mid"));
            foreach (var c in new[] { "base", "mid", "other", "top" })
            {
                _runner.Instant[c] = 0;
            }

            var results = Scheduler(1).Run(components, CancellationToken.None);
            CollectionAssert.AreEqual(new[] { "base", "mid", "other", "top" }, _runner.StartOrder);
            CollectionAssert.AreEqual(_runner.StartOrder, _runner.FinishOrder);
            Assert.AreEqual(1, _runner.MaxAlive);
            Assert.IsTrue(results.All(r => r.Result == ComponentResultKind.Succeeded));
        }

        [TestMethod]
        public void FailFast_StopsRunningComponentsAndStartsNoMore()
        {
            var components = Components(C("bad"), C("busy"), C("later"));
            var run = RunInBackground(Scheduler(2), components);
            _runner.WaitUntilStarted("bad");
            _runner.WaitUntilStarted("busy");
            _runner.Finish("bad", 3);
            var results = Await(run).ToDictionary(r => r.Component.Name);

            Assert.AreEqual(ComponentResultKind.Failed, results["bad"].Result);
            Assert.AreEqual(3, results["bad"].ExitCode);
            Assert.AreEqual(ComponentResultKind.Cancelled, results["busy"].Result);
            StringAssert.Contains(results["busy"].Reason, "'bad' failed");
            Assert.AreEqual(ComponentResultKind.NotStarted, results["later"].Result);
            StringAssert.Contains(results["later"].Reason, "'bad' failed");
            CollectionAssert.AreEqual(new[] { "busy" }, _runner.Cancelled);
            Assert.IsFalse(_runner.HasStarted("later"));
        }

        [TestMethod]
        public void ContinueOnFailure_OthersFinish_DependentsOfTheFailedOneDoNotStart()
        {
            var components = Components(C("bad"), C("fine"), C("child", "bad"), C("grandchild", "child"), C("last"));
            _runner.Instant["bad"] = 1;
            foreach (var c in new[] { "fine", "child", "grandchild", "last" })
            {
                _runner.Instant[c] = 0;
            }

            var results = Scheduler(2, continueOnFailure: true).Run(components, CancellationToken.None).ToDictionary(r => r.Component.Name);

            Assert.AreEqual(ComponentResultKind.Failed, results["bad"].Result);
            Assert.AreEqual(ComponentResultKind.Succeeded, results["fine"].Result);
            Assert.AreEqual(ComponentResultKind.Succeeded, results["last"].Result);
            Assert.AreEqual(ComponentResultKind.NotStarted, results["child"].Result);
            StringAssert.Contains(results["child"].Reason, "'bad'");
            Assert.AreEqual(ComponentResultKind.NotStarted, results["grandchild"].Result);
            StringAssert.Contains(results["grandchild"].Reason, "'child'");
            Assert.IsFalse(_runner.HasStarted("child"));
        }

        [TestMethod]
        public void Cancel_StopsRunningComponentsAndReturns()
        {
            using var cancellation = new CancellationTokenSource();
            var components = Components(C("a"), C("b"), C("c"));
            var run = RunInBackground(Scheduler(2), components, cancellation.Token);
            _runner.WaitUntilStarted("a");
            _runner.WaitUntilStarted("b");
            cancellation.Cancel();
            var results = Await(run).ToDictionary(r => r.Component.Name);

            Assert.AreEqual(ComponentResultKind.Cancelled, results["a"].Result);
            Assert.AreEqual(ComponentResultKind.Cancelled, results["b"].Result);
            StringAssert.Contains(results["a"].Reason, "cancelled");
            Assert.AreEqual(ComponentResultKind.NotStarted, results["c"].Result);
            Assert.IsFalse(_runner.HasStarted("c"));
        }

        [TestMethod]
        public void FilesOnlyComponents_HoldNoSlot_AndReleaseTheirDependents()
        {
            var components = Components(C("run1"), C("files", "run1"), C("run2", "files"));
            components[1] = new ScheduledComponent(components[1].Definition, null, components[1].Dependencies);
            _runner.Instant["run1"] = 0;
            _runner.Instant["run2"] = 0;

            var results = Scheduler(1).Run(components, CancellationToken.None).ToDictionary(r => r.Component.Name);

            Assert.AreEqual(ComponentResultKind.Succeeded, results["files"].Result);
            Assert.AreEqual(0, results["files"].ExitCode);
            CollectionAssert.AreEqual(new[] { "run1", "run2" }, _runner.StartOrder);
        }

        [TestMethod]
        public void RunnerThatThrows_IsAFailedComponent_NotACrash()
        {
            var throwing = new Mock<IProcessRunner>();
            throwing.Setup(r => r.RunAsync(It.IsAny<ProcessRequest>(), It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("boom"));
            var results = new ComponentScheduler(throwing.Object).Run(Components(C("x")), CancellationToken.None);
            Assert.AreEqual(ComponentResultKind.Failed, results[0].Result);
            Assert.AreEqual("boom", results[0].Outcome!.StartError);
        }
    }
}
