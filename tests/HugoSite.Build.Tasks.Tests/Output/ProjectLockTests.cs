using System.Diagnostics;
using HugoSite.Build.Tasks.Output;

namespace HugoSite.Build.Tasks.Tests.Output
{
    [TestClass]
    public sealed class ProjectLockTests
    {
        [TestMethod]
        public void SecondAcquire_WaitsThenTimesOut_AndSaysWhoHoldsIt()
        {
            using var temp = new TempDir();
            string path = temp.Combine("obj", "hugo", ProjectLock.FileName);
            using ProjectLock first = ProjectLock.Acquire(path, "session-a", TimeSpan.FromSeconds(1), _ => Assert.Fail("free lock"), CancellationToken.None)!;
            string? told = null;
            var watch = Stopwatch.StartNew();
            ProjectLock? second = ProjectLock.Acquire(path, "session-b", TimeSpan.FromMilliseconds(300), h => told = h, CancellationToken.None);
            Assert.IsNull(second);
            Assert.IsTrue(watch.ElapsedMilliseconds >= 300);
            StringAssert.Contains(told, "session-a");
        }

        [TestMethod]
        public void Release_LetsTheWaitingBuildIn()
        {
            using var temp = new TempDir();
            string path = temp.Combine("build.lock");
            ProjectLock first = ProjectLock.Acquire(path, "a", null, _ => { }, CancellationToken.None)!;
            var waiter = System.Threading.Tasks.Task.Run(() => ProjectLock.Acquire(path, "b", TimeSpan.FromSeconds(10), _ => { }, CancellationToken.None));
            Thread.Sleep(300);
            Assert.IsFalse(waiter.IsCompleted, "The second build must wait while the first holds the lock.");
            first.Dispose();
            using ProjectLock? second = waiter.Result;
            Assert.IsNotNull(second);
        }

        [TestMethod]
        public void LockHeldByAnotherProcess_IsSeen()
        {
            using var temp = new TempDir();
            string path = temp.Combine("build.lock");
            // flock(1) holds an exclusive flock on the file, as .NET's FileShare.None does, in another process.
            using var holder = Process.Start(new ProcessStartInfo("flock", new[] { path, "sleep", "3" }) { UseShellExecute = false })!;
            Thread.Sleep(500);
            Assert.IsNull(ProjectLock.Acquire(path, "b", TimeSpan.FromMilliseconds(200), _ => { }, CancellationToken.None));
            holder.WaitForExit();
            using ProjectLock? after = ProjectLock.Acquire(path, "b", TimeSpan.FromSeconds(2), _ => { }, CancellationToken.None);
            Assert.IsNotNull(after, "When the holding process ends, its lock is gone.");
        }

        [TestMethod]
        public void Task_AcquireReleaseAcquire_AndTimeoutIsHSB0102()
        {
            using var temp = new TempDir();
            var engine = new TestEngine();
            var acquire = new HugoProjectLock { BuildEngine = engine.Object, Action = "Acquire", IntermediateDirectory = temp.Path, Session = "s1" };
            Assert.IsTrue(acquire.Execute());

            var other = new TestEngine();
            var blocked = new HugoProjectLock { BuildEngine = other.Object, Action = "Acquire", IntermediateDirectory = temp.Path, TimeoutSeconds = 1 };
            Assert.IsFalse(blocked.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0102" }, other.ErrorCodes.ToArray());

            Assert.IsTrue(new HugoProjectLock { BuildEngine = engine.Object, Action = "Release", IntermediateDirectory = temp.Path }.Execute());
            var again = new TestEngine();
            Assert.IsTrue(new HugoProjectLock { BuildEngine = again.Object, Action = "Acquire", IntermediateDirectory = temp.Path, TimeoutSeconds = 1 }.Execute());
            Assert.IsTrue(new HugoProjectLock { BuildEngine = again.Object, Action = "Release", IntermediateDirectory = temp.Path }.Execute());
        }

        [TestMethod]
        public void Task_StopsAHugoThatAnInterruptedBuildLeftRunning()
        {
            using var temp = new TempDir();
            using var leftover = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
            HugoProcessRecord.Write(temp.Path, leftover);
            var engine = new TestEngine();
            Assert.IsTrue(new HugoProjectLock { BuildEngine = engine.Object, Action = "Acquire", IntermediateDirectory = temp.Path }.Execute());
            Assert.IsTrue(leftover.WaitForExit(5000), "The leftover process must be stopped.");
            CollectionAssert.Contains(engine.WarningCodes.ToList(), "HSB0105");
            Assert.IsFalse(File.Exists(Path.Combine(temp.Path, HugoProcessRecord.FileName)));
            new HugoProjectLock { BuildEngine = engine.Object, Action = "Release", IntermediateDirectory = temp.Path }.Execute();
        }

        [TestMethod]
        public void Task_ARecordOfAnotherProcessWithTheSameIdButAnotherStart_IsNotKilled()
        {
            using var temp = new TempDir();
            using var bystander = Process.Start(new ProcessStartInfo("sleep", "5") { UseShellExecute = false })!;
            File.WriteAllText(Path.Combine(temp.Path, HugoProcessRecord.FileName), bystander.Id + "\t" + DateTime.UtcNow.AddDays(-1).Ticks + "\n");
            var engine = new TestEngine();
            Assert.IsTrue(new HugoProjectLock { BuildEngine = engine.Object, Action = "Acquire", IntermediateDirectory = temp.Path }.Execute());
            Assert.IsFalse(bystander.HasExited, "A process that merely reuses the id is not the build's Hugo.");
            bystander.Kill();
            new HugoProjectLock { BuildEngine = engine.Object, Action = "Release", IntermediateDirectory = temp.Path }.Execute();
        }
    }
}
