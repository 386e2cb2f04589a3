using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Tests.Copy;
using Microsoft.Build.Framework;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>What ParallelCopy copies, skips and reports; every test runs parallel and sequential.</summary>
    [TestClass]
    public sealed class ParallelCopyTests
    {
        private static readonly DateTime Past = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NoSources_SucceedsAndWritesNothing(Mode mode)
        {
            var engine = new TestEngine();
            var task = NewTask(engine, mode);

            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(0, task.CopiedCount);
            Assert.AreEqual(0, task.CopiedFiles.Length);
            Assert.IsFalse(task.WroteFiles);
            Assert.IsTrue(engine.HasMessage("copied 0 (0 B), skipped 0, removed 0"), engine.AllText());
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Copy_CreatesMissingDestination_WithNestedAndEmptyFolders(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "A");
            tmp.Write("src/sub/b.txt", "BB");
            tmp.Write("src/sub/deeper/c.txt", "CCC");
            Directory.CreateDirectory(tmp.Combine("src", "empty", "nested-empty"));
            string dest = tmp.Combine("out", "not", "yet");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), dest));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("a.txt=A\nempty/nested-empty/\nsub/b.txt=BB\nsub/deeper/c.txt=CCC", Tree(dest));
            Assert.AreEqual(3, task.CopiedCount);
            Assert.AreEqual(6L, task.CopiedBytes);
            Assert.IsTrue(task.WroteFiles);
            Assert.AreEqual(0, TemporaryFiles(dest).Length);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Copy_IntoExistingDestination_KeepsUnrelatedFilesWithoutMirror(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "new");
            tmp.Write("dest/a.txt", "old content");
            tmp.Write("dest/other.txt", "mine");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("a.txt=new\nother.txt=mine", Tree(tmp.Combine("dest")));
            Assert.AreEqual(1, task.CopiedCount);
            Assert.AreEqual(0, task.RemovedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void OverlappingSources_LaterSourceWins_WithExactCounts(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("template/config.toml", "template");
            tmp.Write("template/layouts/base.html", "template");
            tmp.Write("theme/layouts/base.html", "theme");
            tmp.Write("theme/layouts/list.html", "theme");
            tmp.Write("site/config.toml", "site");
            string dest = tmp.Combine("work");
            var engine = new TestEngine();
            var task = NewTask(
                engine,
                mode,
                Source(tmp.Combine("template"), dest),
                Source(tmp.Combine("theme"), dest),
                Source(tmp.Combine("site"), dest));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("config.toml=site\nlayouts/base.html=theme\nlayouts/list.html=theme", Tree(dest));
            Assert.AreEqual(3, task.CopiedCount, "one copy per destination file, however many sources offer it");
            Assert.AreEqual(3, task.CopiedFiles.Length);
            var overlap = engine.Messages.Where(m => m.Message!.Contains("later source wins", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(2, overlap.Count, engine.AllText());
            Assert.IsTrue(overlap.All(m => m.Importance == MessageImportance.Low));
            Assert.IsTrue(overlap.Any(m => m.Message!.Contains(tmp.Combine("site", "config.toml"), StringComparison.Ordinal)
                                           && m.Message.Contains(tmp.Combine("template", "config.toml"), StringComparison.Ordinal)));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void LastSourceWins_ForEveryFile_WhateverTheTiming(Mode mode)
        {
            using var tmp = new TempDir();
            for (int i = 0; i < 60; i++)
            {
                tmp.Write($"a/f{i}.txt", "a" + i);
                tmp.Write($"b/f{i}.txt", "b" + i);
                tmp.Write($"c/f{i}.txt", "c" + i);
            }

            string dest = tmp.Combine("dest");
            for (int round = 0; round < 3; round++)
            {
                var engine = new TestEngine();
                var task = NewTask(engine, mode, Source(tmp.Combine("a"), dest), Source(tmp.Combine("c"), dest), Source(tmp.Combine("b"), dest));
                Assert.IsTrue(task.Execute(), engine.AllText());
                Assert.AreEqual(round == 0 ? 60 : 0, task.CopiedCount);
                for (int i = 0; i < 60; i++)
                {
                    Assert.AreEqual("b" + i, File.ReadAllText(Path.Combine(dest, $"f{i}.txt")));
                }
            }
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void DuplicatePairs_AreCopiedOnce(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "A");
            tmp.Write("src/b.txt", "B");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")), Source(tmp.Combine("src") + "/", tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(2, task.CopiedCount);
            Assert.AreEqual(2, task.CopiedFiles.Length);
            Assert.IsFalse(engine.HasMessage("later source wins"), "the same file listed twice is no overlap");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void UnchangedFiles_SameSizeAndTime_AreSkippedAndNotTouched(Mode mode)
        {
            using var tmp = new TempDir();
            string src = tmp.Write("src/a.txt", "same");
            tmp.Write("src/b.txt", "other");
            string dest = tmp.Combine("dest");
            var first = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), dest));
            Assert.IsTrue(first.Execute());

            // Same size and time but different bytes: the rule trusts size + time, so this must stay as it is.
            File.WriteAllText(Path.Combine(dest, "a.txt"), "SAME");
            SetTime(Path.Combine(dest, "a.txt"), File.GetLastWriteTimeUtc(src));
            var engine = new TestEngine();
            var second = NewTask(engine, mode, Source(tmp.Combine("src"), dest));

            Assert.IsTrue(second.Execute(), engine.AllText());

            Assert.AreEqual(0, second.CopiedCount);
            Assert.AreEqual(2, second.SkippedCount);
            Assert.IsFalse(second.WroteFiles);
            Assert.AreEqual("SAME", File.ReadAllText(Path.Combine(dest, "a.txt")));
            Assert.IsTrue(engine.HasMessage("copied 0 (0 B), skipped 2, removed 0"), engine.AllText());
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void ChangedFiles_AreCopied_WhenSizeOrTimeDiffers(Mode mode)
        {
            using var tmp = new TempDir();
            string a = tmp.Write("src/a.txt", "aaaa");
            string b = tmp.Write("src/b.txt", "bbbb");
            string dest = tmp.Combine("dest");
            Assert.IsTrue(NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), dest)).Execute());

            File.WriteAllText(a, "aaaaa");                       // size changes
            File.WriteAllText(b, "BBBB");                        // same size, new time
            SetTime(b, File.GetLastWriteTimeUtc(b).AddSeconds(5));
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), dest));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(2, task.CopiedCount);
            Assert.AreEqual("a.txt=aaaaa\nb.txt=BBBB", Tree(dest));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void CopiedFiles_KeepTheSourceLastWriteTime(Mode mode)
        {
            using var tmp = new TempDir();
            string src = tmp.Write("src/a.txt", "A");
            SetTime(src, Past);
            var task = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute());

            Assert.AreEqual(Past, File.GetLastWriteTimeUtc(tmp.Combine("dest", "a.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void MissingSourceFolder_IsAnError(Mode mode)
        {
            using var tmp = new TempDir();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("nope"), tmp.Combine("dest")));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1005" }, engine.ErrorCodes.ToArray());
            StringAssert.Contains(engine.Errors.Single().Message, tmp.Combine("nope"));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SourceThatIsAFile_IsAnError(Mode mode)
        {
            using var tmp = new TempDir();
            string file = tmp.Write("file.txt");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(file, tmp.Combine("dest")));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1005" }, engine.ErrorCodes.ToArray());
            StringAssert.Contains(engine.Errors.Single().Message, "is a file");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SelfCopy_ThroughAnAlias_IsANoOpThatNeverTruncates(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("site/a.txt", "keep me");
            tmp.Write("site/sub/b.txt", "and me");
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            string alias = tmp.Combine("site", ".", "sub", "..");
            var task = NewTask(engine, mode, Source(tmp.Combine("site"), alias));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("a.txt=keep me\nsub/b.txt=and me", Tree(tmp.Combine("site")));
            Assert.AreEqual(0, task.CopiedCount);
            Assert.AreEqual(2, task.SkippedCount);
            Assert.AreEqual(0, fs.Count("CopyFile") + fs.Count("Replace") + fs.Count("DeleteFile"));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void DestinationInsideSource_IsNotCopiedIntoItself(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("site/a.txt", "A");
            string dest = tmp.Combine("site", "out");
            var engine = new TestEngine();
            Assert.IsTrue(NewTask(engine, mode, Source(tmp.Combine("site"), dest)).Execute(), engine.AllText());
            var again = NewTask(new TestEngine(), mode, Source(tmp.Combine("site"), dest));
            Assert.IsTrue(again.Execute());

            Assert.AreEqual("a.txt=A\nout/a.txt=A", Tree(tmp.Combine("site")));
            Assert.AreEqual(0, again.CopiedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NamesWithSpacesPercentSemicolonsAndNonAscii_AreCopiedAndReportedLiterally(Mode mode)
        {
            using var tmp = new TempDir();
            string[] names = { "with space.txt", "100%25 sure.txt", "a;b.txt", "café ünï 日本.md", "$(Prop)@(Item)'x'.txt" };
            foreach (string name in names)
            {
                tmp.Write(Path.Combine("src dir;%", name), name);
            }

            string dest = tmp.Combine("dest %41;x");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src dir;%"), dest));

            Assert.IsTrue(task.Execute(), engine.AllText());

            foreach (string name in names)
            {
                Assert.AreEqual(name, File.ReadAllText(Path.Combine(dest, name)));
            }

            CollectionAssert.AreEquivalent(names.Select(n => Path.Combine(dest, n)).ToArray(), task.CopiedFiles.Select(i => i.ItemSpec).ToArray());
            CollectionAssert.AreEquivalent(names.Select(n => Path.Combine(tmp.Combine("src dir;%"), n)).ToArray(), task.CopiedFiles.Select(i => i.GetMetadata("SourceFile")).ToArray());
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NamesDifferingOnlyInCase_AreDistinctFilesOnLinux(Mode mode)
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("Only Linux file systems are case-sensitive by default.");
            }

            using var tmp = new TempDir();
            tmp.Write("src/Readme.md", "upper");
            tmp.Write("src/readme.md", "lower");
            tmp.Write("src/Dir/x.txt", "X");
            tmp.Write("src/dir/x.txt", "x");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("Dir/x.txt=X\nReadme.md=upper\ndir/x.txt=x\nreadme.md=lower", Tree(tmp.Combine("dest")));
            Assert.AreEqual(4, task.CopiedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void CopiedFiles_AreListedInPlanOrder(Mode mode)
        {
            using var tmp = new TempDir();
            foreach (string name in new[] { "e.txt", "a.txt", "c/z.txt", "b.txt", "c/a.txt" })
            {
                tmp.Write("src/" + name, name);
            }

            var task = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            Assert.IsTrue(task.Execute());

            string[] expected = { "a.txt", "b.txt", "e.txt", "c/a.txt", "c/z.txt" };
            CollectionAssert.AreEqual(expected.Select(n => tmp.Combine("dest", n)).ToArray(), task.CopiedFiles.Select(i => i.ItemSpec).ToArray());
        }

        [TestMethod]
        public void SummaryLine_SaysCopiedSkippedRemovedTimeAndJobs()
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", new string('x', 2048));
            tmp.Write("src/b.txt", "b");
            var engine = new TestEngine();
            var task = NewTask(engine, Mode.Parallel, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.MaxParallelism = 3;

            Assert.IsTrue(task.Execute());

            var summary = engine.Messages.Where(m => m.Message!.StartsWith("ParallelCopy: ", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(1, summary.Count);
            Assert.AreEqual(MessageImportance.High, summary[0].Importance);
            StringAssert.Matches(summary[0].Message, new System.Text.RegularExpressions.Regex(@"^ParallelCopy: copied 2 \(2\.0 KB\), skipped 0, removed 0, in \d+ ms with 3 jobs$"));
            Assert.AreEqual(3, task.Jobs);
        }

        [TestMethod]
        public void Size_UsesBinaryUnits()
        {
            Assert.AreEqual("0 B", HugoSite.Build.Tasks.Analysis.Format.Size(0));
            Assert.AreEqual("1023 B", HugoSite.Build.Tasks.Analysis.Format.Size(1023));
            Assert.AreEqual("1.5 KB", HugoSite.Build.Tasks.Analysis.Format.Size(1536));
            Assert.AreEqual("118.3 MB", HugoSite.Build.Tasks.Analysis.Format.Size((long)(118.3 * 1024 * 1024)));
            Assert.AreEqual("2.00 GB", HugoSite.Build.Tasks.Analysis.Format.Size(2L * 1024 * 1024 * 1024));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void DryRun_ReportsAndWritesNothing(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "A");
            tmp.Write("dest/stale.txt", "S");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.Mirror = true;
            task.DryRun = true;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual("stale.txt=S", Tree(tmp.Combine("dest")));
            Assert.AreEqual(1, task.CopiedCount);
            Assert.AreEqual(1, task.RemovedCount);
            Assert.IsFalse(task.WroteFiles);
            Assert.IsTrue(engine.HasMessage("would copy 1"), engine.AllText());
            Assert.IsTrue(engine.HasMessage("Would remove '" + tmp.Combine("dest", "stale.txt") + "'"), engine.AllText());
        }
    }
}
