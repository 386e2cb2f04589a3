using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Mirror mode: what is removed, when, and what never is; every test runs parallel and sequential.</summary>
    [TestClass]
    public sealed class ParallelCopyMirrorTests
    {
        private static ParallelCopy Mirror(TestEngine engine, Mode mode, string mirrorRoot, params Microsoft.Build.Framework.ITaskItem[] sources)
        {
            var task = NewTask(engine, mode, sources);
            task.Mirror = true;
            task.MirrorRoot = mirrorRoot;
            task.Preserve = new[] { ".hugo_build.lock;resources/**" };
            return task;
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_RemovesFilesAndFoldersMissingFromEverySource(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("template/config.toml", "c");
            tmp.Write("theme/layouts/a.html", "a");
            tmp.Write("content/post.md", "p");
            string work = tmp.Combine("work");
            tmp.Write("work/stale.txt", "s");
            tmp.Write("work/old/deep/x.txt", "x");
            Directory.CreateDirectory(tmp.Combine("work", "empty-old"));
            tmp.Write("work/themes/t/stale-theme.html", "s");
            tmp.Write("work/content/old-post.md", "o");
            var engine = new TestEngine();
            var task = Mirror(
                engine,
                mode,
                work,
                Source(tmp.Combine("template"), work),
                Source(tmp.Combine("theme"), tmp.Combine("work", "themes", "t")),
                Source(tmp.Combine("content"), tmp.Combine("work", "content")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("config.toml=c\ncontent/post.md=p\nthemes/t/layouts/a.html=a", Tree(work));
            CollectionAssert.AreEquivalent(
                new[] { "stale.txt", "old/deep/x.txt", "old/deep", "old", "empty-old", "themes/t/stale-theme.html", "content/old-post.md" }.Select(p => Path.Combine(work, p)).ToArray(),
                task.RemovedFiles.Select(i => i.ItemSpec).ToArray());
            Assert.AreEqual(7, task.RemovedCount);
            Assert.IsTrue(engine.HasMessage("removed 7"), engine.AllText());
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_KeepsPreservedEntries(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            tmp.Write("src/resources/own.txt", "from source");
            string work = tmp.Combine("work");
            tmp.Write("work/.hugo_build.lock", "");
            tmp.Write("work/resources/_gen/images/x.png", "img");
            tmp.Write("work/sub/.hugo_build.lock", "preserved too: a pattern without '/' matches at any depth");
            tmp.Write("work/sub/resources/x.txt", "not preserved: 'resources/**' is anchored at the root");
            var engine = new TestEngine();
            var task = Mirror(engine, mode, work, Source(tmp.Combine("src"), work));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(".hugo_build.lock=\na.txt=a\nresources/_gen/images/x.png=img\nresources/own.txt=from source\nsub/.hugo_build.lock=preserved too: a pattern without '/' matches at any depth", Tree(work));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_KeepsAFolderThatHoldsAPreservedFileDeepInside(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            string work = tmp.Combine("work");
            tmp.Write("work/old/keep.me", "k");
            tmp.Write("work/old/drop.txt", "d");
            tmp.Write("work/gone/drop.txt", "d");
            var engine = new TestEngine();
            var task = Mirror(engine, mode, work, Source(tmp.Combine("src"), work));
            task.Preserve = new[] { "**/*.me" };

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("a.txt=a\nold/keep.me=k", Tree(work));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_WithoutMirrorRoot_MirrorsEachDestination(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            tmp.Write("dest/stale.txt", "s");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.Mirror = true;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("a.txt=a", Tree(tmp.Combine("dest")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_RemovesNothing_WhenACopyFailed(Mode mode)
        {
            using var tmp = new TempDir();
            string bad = tmp.Write("src/bad.txt", "b");
            tmp.Write("src/good.txt", "g");
            tmp.Write("work/stale.txt", "s");
            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "CopyFile" && path == bad ? new IOException("locked") : null };
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));
            task.FileSystem = fs;
            task.Retries = 0;

            Assert.IsFalse(task.Execute());

            Assert.AreEqual("good.txt=g\nstale.txt=s", Tree(tmp.Combine("work")));
            Assert.AreEqual(0, task.RemovedCount);
            Assert.AreEqual(0, fs.Count("DeleteFile " + tmp.Combine("work", "stale.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_RemovesNothing_WhenASourceIsMissing(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("template/a.txt", "a");
            tmp.Write("work/content/post.md", "a post the missing source used to give");
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("template"), tmp.Combine("work")), Source(tmp.Combine("content"), tmp.Combine("work", "content")));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1005" }, engine.ErrorCodes.ToArray());
            Assert.IsTrue(File.Exists(tmp.Combine("work", "content", "post.md")));
            Assert.IsTrue(File.Exists(tmp.Combine("work", "a.txt")), "the sources that exist are still copied");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_RemovesNothing_WhenASourceFolderCannotBeRead(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            tmp.Write("src/locked/b.txt", "b");
            tmp.Write("work/locked/b.txt", "b");
            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "List" && path.EndsWith("locked", StringComparison.Ordinal) && path.Contains("src") ? new UnauthorizedAccessException("Permission denied") : null };
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));
            task.FileSystem = fs;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1007" }, engine.ErrorCodes.ToArray());
            Assert.IsTrue(File.Exists(tmp.Combine("work", "locked", "b.txt")));
            Assert.IsTrue(File.Exists(tmp.Combine("work", "a.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_MaxDeletions_StopsEverythingBeforeAnyWrite(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/new.txt", "n");
            for (int i = 0; i < 5; i++)
            {
                tmp.Write($"work/stale{i}.txt", "s");
            }

            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));
            task.MaxDeletions = 4;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1013" }, engine.ErrorCodes.ToArray());
            StringAssert.Contains(engine.Errors.Single().Message, "remove 5 entries");
            Assert.IsFalse(File.Exists(tmp.Combine("work", "new.txt")), "nothing copied either");
            Assert.AreEqual(5, Directory.GetFiles(tmp.Combine("work")).Length);

            var engine2 = new TestEngine();
            var allowed = Mirror(engine2, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));
            allowed.MaxDeletions = 5;
            Assert.IsTrue(allowed.Execute(), engine2.AllText());
            Assert.AreEqual("new.txt=n", Tree(tmp.Combine("work")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_NeverFollowsLinks_AndRemovesOnlyTheLink(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            string outside = tmp.Write("outside/precious.txt", "precious");
            string outsideFile = tmp.Write("outside-file.txt", "also precious");
            Directory.CreateDirectory(tmp.Combine("work"));
            Directory.CreateSymbolicLink(tmp.Combine("work", "linked-dir"), tmp.Combine("outside"));
            File.CreateSymbolicLink(tmp.Combine("work", "linked-file.txt"), outsideFile);
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("precious", File.ReadAllText(outside));
            Assert.AreEqual("also precious", File.ReadAllText(outsideFile));
            Assert.IsFalse(File.Exists(tmp.Combine("work", "linked-file.txt")) || Directory.Exists(tmp.Combine("work", "linked-dir")));
            Assert.AreEqual("a.txt=a", Tree(tmp.Combine("work")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_ReplacesAFolderWhereAFileGoes_AndAFileWhereAFolderGoes(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/was-folder", "now a file");
            tmp.Write("src/was-file/inside.txt", "now a folder");
            tmp.Write("work/was-folder/old.txt", "old");
            tmp.Write("work/was-file", "old");
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("was-file/inside.txt=now a folder\nwas-folder=now a file", Tree(tmp.Combine("work")));
            Assert.AreEqual(3, task.RemovedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_ReplacesALinkWhereAFolderGoes_WithoutWritingThroughIt(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/theme/a.html", "a");
            tmp.Write("elsewhere/keep.txt", "k");
            Directory.CreateDirectory(tmp.Combine("work"));
            Directory.CreateSymbolicLink(tmp.Combine("work", "theme"), tmp.Combine("elsewhere"));
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("keep.txt=k", Tree(tmp.Combine("elsewhere")));
            Assert.IsFalse(new DirectoryInfo(tmp.Combine("work", "theme")).Attributes.HasFlag(FileAttributes.ReparsePoint));
            Assert.AreEqual("theme/a.html=a", Tree(tmp.Combine("work")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_UnchangedTree_WritesNothing(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            tmp.Write("src/sub/b.txt", "b");
            Directory.CreateDirectory(tmp.Combine("src", "empty"));
            Assert.IsTrue(Mirror(new TestEngine(), mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work"))).Execute());
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = Mirror(engine, mode, tmp.Combine("work"), Source(tmp.Combine("src"), tmp.Combine("work")));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.IsFalse(task.WroteFiles);
            Assert.AreEqual(2, task.SkippedCount);
            Assert.AreEqual(0, fs.Count("CopyFile") + fs.Count("CreateDirectory") + fs.Count("DeleteFile") + fs.Count("DeleteDirectory") + fs.Count("Replace"), string.Join("\n", fs.Calls));
        }
    }
}
