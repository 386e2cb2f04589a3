using HugoSite.Build.Tasks.Tests.Components;
using static HugoSite.Build.Tasks.Tests.Components.ComponentSite;

namespace HugoSite.Build.Tasks.Tests.Serve
{
    /// <summary>What the preview asks of InitComponents when a component's folder changed: that command again, no other.</summary>
    [TestClass]
    public sealed class ComponentRerunTests
    {
        [TestMethod]
        public void RunOnly_RunsTheNamedComponentsCommand_OverlaysEveryComponentsFiles_AndReportsAFailure()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("These tests use /bin/sh command lines.");
            }

            using var site = new ComponentSite();
            site.AddComponent("first", "{}");
            site.AddComponent("second", "{}");
            site.AddComponentFile("second", "files/static/second.txt", "overlay");
            var task = site.Task(
                Item("first", "Command", "echo run >> \"$HUGO_WORK_DIR/first.txt\""),
                Item("second", "Command", "echo run >> \"$HUGO_WORK_DIR/second-ran.txt\""));
            task.RunOnly = new[] { "first" };

            Assert.IsTrue(task.Execute(), site.Engine.AllText());
            Assert.IsTrue(File.Exists(Path.Combine(site.WorkDir, "first.txt")));
            Assert.IsFalse(File.Exists(Path.Combine(site.WorkDir, "second-ran.txt")), "the other component's command does not run");
            Assert.AreEqual("overlay", File.ReadAllText(Path.Combine(site.WorkDir, "static", "second.txt")));

            var failing = site.Task(Item("first", "Command", "echo broken >&2; exit 3"), Item("second", "Command", "true"));
            failing.RunOnly = new[] { "first" };
            failing.ContinueOnComponentFailure = true;
            failing.Execute();
            StringAssert.Contains(site.Engine.AllText(), "first");
            StringAssert.Contains(site.Engine.AllText(), "broken");
        }
    }
}
