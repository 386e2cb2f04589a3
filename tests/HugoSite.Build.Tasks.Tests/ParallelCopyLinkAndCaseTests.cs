using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Tests.Copy;
using Microsoft.Build.Framework;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Links that lead outside the site's sources, and names that differ only in case.</summary>
    [TestClass]
    public sealed class ParallelCopyLinkAndCaseTests
    {
        private static bool NoLinks() => OperatingSystem.IsWindows();

        private static (TempDir Tmp, string Content, string Work) Site()
        {
            var tmp = new TempDir();
            tmp.Write("site/content/_index.md", "home");
            tmp.Write("outside/secret/key.txt", "private");
            tmp.Write("outside/notes.md", "notes");
            tmp.Write("site/shared/inside.md", "inside the project");
            return (tmp, tmp.Combine("site", "content"), tmp.Combine("site", "obj", "work"));
        }

        private static ParallelCopy Copy(TestEngine engine, Mode mode, string content, string work, string project, bool follow = true)
        {
            ParallelCopy task = NewTask(engine, mode, Source(content, Path.Combine(work, "content")));
            task.Mirror = true;
            task.MirrorRoot = work;
            task.LinkRoots = new[] { project };
            task.FollowExternalLinks = follow;
            return task;
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void LinksOutsideTheSources_AreCopied_WithAWarningNamingLinkAndTarget(Mode mode)
        {
            if (NoLinks())
            {
                Assert.Inconclusive("Symbolic links need privileges on Windows.");
            }

            var (tmp, content, work) = Site();
            using (tmp)
            {
                Directory.CreateSymbolicLink(Path.Combine(content, "secret"), tmp.Combine("outside", "secret"));
                File.CreateSymbolicLink(Path.Combine(content, "notes.md"), tmp.Combine("outside", "notes.md"));
                Directory.CreateSymbolicLink(Path.Combine(content, "shared"), tmp.Combine("site", "shared"));
                var engine = new TestEngine();
                ParallelCopy task = Copy(engine, mode, content, work, tmp.Combine("site"));

                Assert.IsTrue(task.Execute(), engine.AllText());

                var warnings = engine.Warnings.Where(w => w.Code == "HSB1201").ToList();
                Assert.AreEqual(2, warnings.Count, engine.AllText());
                Assert.IsTrue(warnings.Any(w => w.Message!.Contains("'" + Path.Combine(content, "notes.md") + "'", StringComparison.Ordinal)
                    && w.Message.Contains("'" + tmp.Combine("outside", "notes.md") + "'", StringComparison.Ordinal)), engine.AllText());
                Assert.IsTrue(warnings.Any(w => w.Message!.Contains("'" + Path.Combine(content, "secret") + "'", StringComparison.Ordinal)
                    && w.Message.Contains("'" + tmp.Combine("outside", "secret") + "'", StringComparison.Ordinal)), engine.AllText());
                Assert.AreEqual("private", File.ReadAllText(Path.Combine(work, "content", "secret", "key.txt")), "Followed by default, like plain Hugo.");
                Assert.IsTrue(File.Exists(Path.Combine(work, "content", "shared", "inside.md")), "A link inside the project is no warning.");
                CollectionAssert.AreEqual(new[] { Path.Combine(content, "notes.md"), Path.Combine(content, "secret") }, task.ExternalLinks.Select(i => i.ItemSpec).ToArray());
                Assert.AreEqual(tmp.Combine("outside", "secret"), task.ExternalLinks[1].GetMetadata("LinkTarget"));
            }
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void FollowExternalLinksFalse_SkipsThem_AndSaysSo(Mode mode)
        {
            if (NoLinks())
            {
                Assert.Inconclusive("Symbolic links need privileges on Windows.");
            }

            var (tmp, content, work) = Site();
            using (tmp)
            {
                Directory.CreateSymbolicLink(Path.Combine(content, "secret"), tmp.Combine("outside", "secret"));
                File.CreateSymbolicLink(Path.Combine(content, "notes.md"), tmp.Combine("outside", "notes.md"));
                var engine = new TestEngine();
                ParallelCopy task = Copy(engine, mode, content, work, tmp.Combine("site"), follow: false);

                Assert.IsTrue(task.Execute(), engine.AllText());

                Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
                Assert.IsFalse(Directory.Exists(Path.Combine(work, "content", "secret")));
                Assert.IsFalse(File.Exists(Path.Combine(work, "content", "notes.md")));
                Assert.IsTrue(File.Exists(Path.Combine(work, "content", "_index.md")));
                Assert.IsTrue(engine.HasMessage("HugoFollowExternalLinks=false"), engine.AllText());
                Assert.AreEqual(0, task.ExternalLinks.Length);
            }
        }

        [TestMethod]
        public void WithoutLinkRoots_LinksAreNotChecked()
        {
            if (NoLinks())
            {
                Assert.Inconclusive("Symbolic links need privileges on Windows.");
            }

            var (tmp, content, work) = Site();
            using (tmp)
            {
                File.CreateSymbolicLink(Path.Combine(content, "notes.md"), tmp.Combine("outside", "notes.md"));
                var engine = new TestEngine();
                ParallelCopy task = Copy(engine, Mode.Sequential, content, work, tmp.Combine("site"));
                task.LinkRoots = null;
                Assert.IsTrue(task.Execute(), engine.AllText());
                Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            }
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NamesThatDifferOnlyInCase_AreAWarningNamingBoth(Mode mode)
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("Needs a case-sensitive file system.");
            }

            using var tmp = new TempDir();
            string about = tmp.Write("content/About.md", "A");
            string lower = tmp.Write("content/about.md", "a");
            tmp.Write("content/Docs/x.md", "x");
            tmp.Write("content/docs/y.md", "y");
            tmp.Write("content/other.md", "o");
            var engine = new TestEngine();
            ParallelCopy task = NewTask(engine, mode, Source(tmp.Combine("content"), tmp.Combine("work")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            var twins = engine.Warnings.Where(w => w.Code == "HSB1200").ToList();
            Assert.AreEqual(2, twins.Count, engine.AllText());
            Assert.IsTrue(twins.Any(w => w.Message!.Contains(about, StringComparison.Ordinal) && w.Message.Contains(lower, StringComparison.Ordinal)), engine.AllText());
            Assert.IsTrue(twins.Any(w => w.Message!.Contains("Docs", StringComparison.Ordinal) && w.Message.Contains("docs", StringComparison.Ordinal)), engine.AllText());
            Assert.AreEqual("A", File.ReadAllText(tmp.Combine("work", "About.md")), "Both are still copied: Linux has both.");
        }

        [TestMethod]
        public void OneSourceOverridingAnother_WithTheSameName_IsNoTwin()
        {
            using var tmp = new TempDir();
            tmp.Write("template/about.md", "template");
            tmp.Write("content/about.md", "content");
            var engine = new TestEngine();
            ParallelCopy task = NewTask(engine, Mode.Sequential, Source(tmp.Combine("template"), tmp.Combine("work")), Source(tmp.Combine("content"), tmp.Combine("work")));
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
        }

        [TestMethod]
        public void Store_OfASiteWithExternalLinks_IsAnEntryOnlyTheOwnerCanOpen()
        {
            if (NoLinks())
            {
                Assert.Inconclusive("Unix permissions.");
            }

            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            File.WriteAllText(Path.Combine(site.Intermediate, CacheStorer.ExternalLinksFile), "/site/content/secret -> /home/me/secret\n");
            Assert.IsTrue(site.Store(check.Fingerprint).Stored);
            string entry = site.EntryDir(check.Fingerprint);
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(entry));
            CollectionAssert.AreEqual(site.OutputTree(), CacheSiteFixture.Tree(Path.Combine(entry, "files")), "The entry is complete and restores as before.");
        }

        [TestMethod]
        public void Store_WithoutExternalLinks_KeepsTheUsualPermissions()
        {
            if (NoLinks())
            {
                Assert.Inconclusive("Unix permissions.");
            }

            using var site = new CacheSiteFixture();
            HugoCacheCheck check = site.Check();
            site.RunFakeHugo();
            File.WriteAllText(Path.Combine(site.Intermediate, CacheStorer.ExternalLinksFile), "");
            Assert.IsTrue(site.Store(check.Fingerprint).Stored);
            Assert.AreNotEqual(UnixFileMode.None, File.GetUnixFileMode(site.EntryDir(check.Fingerprint)) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        }
    }
}
