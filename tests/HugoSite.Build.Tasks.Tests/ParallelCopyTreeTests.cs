using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Walking trees: filters that prune, links in sources and destinations; parallel and sequential.</summary>
    [TestClass]
    public sealed class ParallelCopyTreeTests
    {
        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Exclude_PrunesWholeFolders_WithoutReadingThem(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/.git/objects/ab/cdef", "git");
            tmp.Write("src/drafts/secret.md", "draft");
            tmp.Write("src/posts/drafts/kept.md", "kept: the pattern is anchored");
            tmp.Write("src/posts/a.md", "a");
            tmp.Write("src/posts/a.tmp", "tmp");
            tmp.Write("src/b.tmp", "tmp");
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest"), exclude: ".git;drafts/**;**/*.tmp"));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("posts/a.md=a\nposts/drafts/kept.md=kept: the pattern is anchored", Tree(tmp.Combine("dest")));
            Assert.AreEqual(0, fs.Count("List " + tmp.Combine("src", ".git")), "an excluded folder is never read");
            Assert.AreEqual(0, fs.Count("List " + tmp.Combine("src", "drafts")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Include_CopiesOnlyMatches_AndSkipsFoldersThatCannotMatch(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/docs/guide.md", "g");
            tmp.Write("src/docs/img/logo.png", "png");
            tmp.Write("src/docs/deep/more.md", "m");
            tmp.Write("src/node_modules/pkg/readme.md", "nm");
            tmp.Write("src/top.md", "top");
            Directory.CreateDirectory(tmp.Combine("src", "docs", "empty"));
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest"), include: "docs/**/*.md"));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("docs/deep/more.md=m\ndocs/guide.md=g", Tree(tmp.Combine("dest")));
            Assert.AreEqual(0, fs.Count("List " + tmp.Combine("src", "node_modules")), "a folder no include pattern can reach is never read");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Include_OfAFolder_TakesEverythingInside_IncludingEmptyFolders(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/static/css/site.css", "css");
            Directory.CreateDirectory(tmp.Combine("src", "static", "empty"));
            tmp.Write("src/other.txt", "o");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest"), include: "static", exclude: "static/**/*.map"));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("static/css/site.css=css\nstatic/empty/", Tree(tmp.Combine("dest")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SymbolicLinkAtDestination_IsReplaced_NeverWrittenThrough(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "new");
            string target = tmp.Write("precious.txt", "precious");
            Directory.CreateDirectory(tmp.Combine("dest"));
            File.CreateSymbolicLink(tmp.Combine("dest", "a.txt"), target);
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("precious", File.ReadAllText(target));
            Assert.IsNull(new FileInfo(tmp.Combine("dest", "a.txt")).LinkTarget, "a real file now");
            Assert.AreEqual("new", File.ReadAllText(tmp.Combine("dest", "a.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void HardLinkAtDestination_IsReplaced_NeverWrittenThrough(Mode mode)
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Uses ln.");
            }

            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "new content");
            string target = tmp.Write("precious.txt", "precious");
            Directory.CreateDirectory(tmp.Combine("dest"));
            RunTool("ln", target, tmp.Combine("dest", "a.txt"));
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("precious", File.ReadAllText(target));
            Assert.AreEqual("new content", File.ReadAllText(tmp.Combine("dest", "a.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void CopiedFiles_AreIndependentOfTheirSource(Mode mode)
        {
            using var tmp = new TempDir();
            string source = tmp.Write("src/a.txt", "original");
            var task = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            Assert.IsTrue(task.Execute());

            File.WriteAllText(tmp.Combine("dest", "a.txt"), "changed by a later build step");

            Assert.AreEqual("original", File.ReadAllText(source));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void LinksInsideSources_AreFollowed_AndCopiedAsRealFilesAndFolders(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("shared/theme/layout.html", "L");
            string file = tmp.Write("shared/logo.svg", "SVG");
            Directory.CreateDirectory(tmp.Combine("src"));
            Directory.CreateSymbolicLink(tmp.Combine("src", "theme"), tmp.Combine("shared", "theme"));
            File.CreateSymbolicLink(tmp.Combine("src", "logo.svg"), file);
            File.SetLastWriteTimeUtc(file, new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("logo.svg=SVG\ntheme/layout.html=L", Tree(tmp.Combine("dest")));
            Assert.IsNull(new FileInfo(tmp.Combine("dest", "logo.svg")).LinkTarget);
            Assert.IsNull(new DirectoryInfo(tmp.Combine("dest", "theme")).LinkTarget);

            var again = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            Assert.IsTrue(again.Execute());
            Assert.AreEqual(2, again.SkippedCount, "a linked file is skipped by its target's size and time");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void LinkCycleInASource_IsAnError_NotAnEndlessWalk(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/sub/a.txt", "a");
            Directory.CreateSymbolicLink(tmp.Combine("src", "sub", "loop"), tmp.Combine("src"));
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1016" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual("sub/a.txt=a", Tree(tmp.Combine("dest")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void DanglingLinkInASource_IsSkippedWithAWarning(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            File.CreateSymbolicLink(tmp.Combine("src", "broken.txt"), tmp.Combine("nowhere.txt"));
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            CollectionAssert.AreEqual(new[] { "HSB1017" }, engine.WarningCodes.ToArray());
            Assert.AreEqual("a.txt=a", Tree(tmp.Combine("dest")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void HiddenFiles_AreCopied(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/.env", "hidden");
            tmp.Write("src/.well-known/security.txt", "s");
            var task = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute());

            Assert.AreEqual(".env=hidden\n.well-known/security.txt=s", Tree(tmp.Combine("dest")));
        }

        [TestMethod]
        public void PlanOrderAndRemovals_AreTheSame_WhateverTheParallelism()
        {
            using var tmp = new TempDir();
            for (int d = 0; d < 12; d++)
            {
                for (int f = 0; f < 4; f++)
                {
                    tmp.Write($"a/d{d}/sub{f % 2}/f{f}.txt", $"a{d}{f}");
                    tmp.Write($"b/d{d * 2}/sub{f % 2}/f{f}.txt", $"b{d}{f}");
                }
            }

            string Run(int parallelism)
            {
                string work = tmp.Combine("work" + parallelism);
                for (int d = 0; d < 8; d++)
                {
                    tmp.Write($"work{parallelism}/stale{d}/x/y.txt", "s");
                }

                var engine = new TestEngine();
                var task = NewTask(engine, Mode.Parallel, Source(tmp.Combine("a"), work), Source(tmp.Combine("b"), work));
                task.MaxParallelism = parallelism;
                task.Mirror = true;
                Assert.IsTrue(task.Execute(), engine.AllText());
                Assert.AreEqual(parallelism, task.Jobs);
                var overlaps = engine.Messages.Select(m => m.Message!).Where(m => m.Contains("later source wins", StringComparison.Ordinal)).Select(m => m.Replace(work, "W"));
                return string.Join("\n", task.CopiedFiles.Select(i => i.ItemSpec.Replace(work, "W"))
                    .Concat(task.RemovedFiles.Select(i => "-" + i.ItemSpec.Replace(work, "W")))
                    .Concat(overlaps)) + "\n" + Tree(work);
            }

            string sequential = Run(1);
            StringAssert.Contains(sequential, "later source wins");
            Assert.AreEqual(sequential, Run(3));
            Assert.AreEqual(sequential, Run(8));
        }
    }
}
