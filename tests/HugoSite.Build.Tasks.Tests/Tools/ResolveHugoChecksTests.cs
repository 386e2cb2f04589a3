using System.Diagnostics;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    /// <summary>ResolveHugo's checks before Hugo runs: minimum versions, the extended edition, and a "hugo version" that hangs.</summary>
    [TestClass]
    public sealed class ResolveHugoChecksTests
    {
        private static (ResolveHugo Task, TestEngine Engine) Task(string? site, string? theme, string executable = ReleaseFiles.MachineHugo)
        {
            var engine = new TestEngine();
            var task = new ResolveHugo
            {
                BuildEngine = engine.Object,
                HugoExecutable = executable,
                SiteDirectories = site == null ? null : new[] { site },
                ThemeDirectories = theme == null ? null : new[] { theme },
            };
            return (task, engine);
        }

        [TestMethod]
        public void SiteModuleMinimum_TooNew_IsACodedErrorThatSaysHowToPin()
        {
            using var dir = new TempDir();
            string config = dir.Write("site/hugo.toml", "[module.hugoVersion]\nmin = '0.200.0'\n");
            var (task, engine) = Task(dir.Combine("site"), null);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0411" }, engine.ErrorCodes.ToList(), engine.AllText());
            var error = engine.Errors.Single();
            Assert.AreEqual(config, error.File);
            StringAssert.Contains(error.Message, "needs Hugo 0.200.0 or newer (module.hugoVersion.min)");
            StringAssert.Contains(error.Message, "<HugoVersion>0.200.0</HugoVersion>");
        }

        [TestMethod]
        public void ThemeModuleMinimum_TooNew_IsACodedError()
        {
            using var dir = new TempDir();
            string config = dir.Write("theme/hugo.yaml", "module:\n  hugoVersion:\n    min: 0.150.0\n");
            var (task, engine) = Task(null, dir.Combine("theme"));
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0411" }, engine.ErrorCodes.ToList(), engine.AllText());
            Assert.AreEqual(config, engine.Errors.Single().File);
        }

        [TestMethod]
        public void ThemeTomlMinVersion_TooNew_IsACodedError()
        {
            using var dir = new TempDir();
            string themeToml = dir.Write("theme/theme.toml", "name = 'x'\nmin_version = \"0.300\"\n");
            var (task, engine) = Task(null, dir.Combine("theme"));
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0411" }, engine.ErrorCodes.ToList(), engine.AllText());
            Assert.AreEqual(themeToml, engine.Errors.Single().File);
            StringAssert.Contains(engine.Errors.Single().Message, "(min_version)");
        }

        [TestMethod]
        public void Minimums_Met_Pass()
        {
            using var dir = new TempDir();
            dir.Write("site/config.toml", "[module]\n[module.hugoVersion]\nmin = '0.111.3'\nextended = true\n");
            dir.Write("theme/theme.toml", "min_version = '0.41'\n");
            var (task, engine) = Task(dir.Combine("site"), dir.Combine("theme"));
            Assert.IsTrue(task.Execute(), engine.AllText());
        }

        [TestMethod]
        public void ExtendedRequired_WithAStandardHugo_IsACodedError()
        {
            using var dir = new TempDir();
            // This machine has only an extended Hugo; a standard edition's answer to "hugo version" stands in for one.
            string standard = dir.Write("bin/hugo", "#!/bin/sh\necho 'hugo v0.139.4-3afe91d4b1b069abbedd6a96ed755b1e12581dfe linux/amd64 BuildDate=2024-12-09T17:45:23Z VendorInfo=gohugoio'\n");
            File.SetUnixFileMode(standard, (UnixFileMode)0b111_101_101);
            string config = dir.Write("theme/hugo.json", "{\"module\":{\"hugoVersion\":{\"extended\":true,\"min\":\"0.120.0\"}}}");
            var (task, engine) = Task(null, dir.Combine("theme"), standard);
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0412" }, engine.ErrorCodes.ToList(), engine.AllText());
            Assert.AreEqual(config, engine.Errors.Single().File);
            StringAssert.Contains(engine.Errors.Single().Message, "<HugoEdition>extended</HugoEdition>");
            Assert.AreEqual("standard", task.Edition);
        }

        [TestMethod]
        public void HugoVersionThatHangs_TimesOut_AndItsProcessTreeIsStopped()
        {
            using var dir = new TempDir();
            string pids = dir.Combine("pids.txt");
            // A child keeps the output pipe open and the parent never exits: reading the output "to the end" would wait forever.
            string hanging = dir.Write("bin/hugo", "#!/bin/sh\necho $$ > '" + pids + "'\nsleep 300 &\necho $! >> '" + pids + "'\nwait\n");
            File.SetUnixFileMode(hanging, (UnixFileMode)0b111_101_101);
            var (task, engine) = Task(null, null, hanging);
            task.VersionTimeoutSeconds = 1;

            var clock = Stopwatch.StartNew();
            Assert.IsFalse(task.Execute());
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
            CollectionAssert.AreEqual(new[] { "HSB0414" }, engine.ErrorCodes.ToList(), engine.AllText());
            StringAssert.Contains(engine.Errors.Single().Message, hanging);

            int[] ids = File.ReadAllLines(pids).Where(l => l.Length > 0).Select(int.Parse).ToArray();
            Assert.AreEqual(2, ids.Length);
            var deadline = Stopwatch.StartNew();
            while (ids.Any(ProcessTree.IsAlive) && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(50);
            }

            Assert.IsFalse(ids.Any(ProcessTree.IsAlive), "The hanging process and its child are stopped.");
        }
    }
}
