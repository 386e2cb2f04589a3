using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// Files the destination scan did not see are created under their final name: complete when the copy
    /// returns, gone when it fails or is cancelled, and a name taken meanwhile goes through the temporary name.
    /// </summary>
    [TestClass]
    public sealed class ParallelCopyNewFileTests
    {
        private static readonly DateTime Time = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NewFiles_AreCreatedUnderTheirFinalName_WithContentTimeAndMode(Mode mode)
        {
            RequireLinux();
            using var tmp = new TempDir();
            var files = new Dictionary<string, UnixFileMode>
            {
                ["run.sh"] = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
                ["readonly.txt"] = UnixFileMode.UserRead | UnixFileMode.GroupRead,
                ["private/key.txt"] = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                ["empty.txt"] = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead,
            };
            foreach (var (name, fileMode) in files.Select(p => (p.Key, p.Value)))
            {
                string path = tmp.Write("src/" + name, name == "empty.txt" ? string.Empty : "content of " + name + new string('x', 5000));
                File.SetLastWriteTimeUtc(path, Time);
                File.SetUnixFileMode(path, fileMode);
            }

            string changed = tmp.Write("src/changed.txt", "new");
            tmp.Write("dest/changed.txt", "old content");
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(5, task.CopiedCount);
            foreach (var (name, fileMode) in files.Select(p => (p.Key, p.Value)))
            {
                string source = tmp.Combine("src", name);
                string destination = tmp.Combine("dest", name);
                Assert.AreEqual(File.ReadAllText(source), File.ReadAllText(destination), name);
                Assert.AreEqual(Time, File.GetLastWriteTimeUtc(destination), name);
                Assert.AreEqual(fileMode, File.GetUnixFileMode(destination), name);
                Assert.AreEqual(1, fs.Count("Create " + destination), name);
                Assert.AreEqual(0, fs.Count("Replace " + destination), name + " needs no rename");
            }

            Assert.AreEqual("new", File.ReadAllText(tmp.Combine("dest", "changed.txt")));
            Assert.AreEqual(0, fs.Count("Create " + tmp.Combine("dest", "changed.txt")), "an existing file is never written under its own name");
            Assert.AreEqual(1, fs.Count("Replace " + tmp.Combine("dest", "changed.txt")));
            Assert.AreEqual(File.GetLastWriteTimeUtc(changed), File.GetLastWriteTimeUtc(tmp.Combine("dest", "changed.txt")));
            Assert.AreEqual(0, TemporaryFiles(tmp.Combine("dest")).Length);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void FailureMidCopy_OfANewFile_LeavesNothingUnderItsFinalName(Mode mode)
        {
            RequireLinux();
            using var tmp = new TempDir();
            tmp.Write("src/bad.txt", "B");
            tmp.Write("src/good1.txt", "1");
            tmp.Write("src/sub/good2.txt", "2");
            string bad = tmp.Combine("dest", "bad.txt");
            bool seenUnderFinalName = false;
            var fs = new FaultyFileSystem
            {
                Fail = (op, path, _) =>
                {
                    if (op == "Write" && path == bad)
                    {
                        // The real copy has created the file under its final name and fails before its content.
                        seenUnderFinalName = File.Exists(bad);
                        return new IOException("No space left on device.");
                    }

                    return null;
                },
            };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 0;

            Assert.IsFalse(task.Execute());

            Assert.IsTrue(seenUnderFinalName, "the failure came after the file was created");
            CollectionAssert.AreEqual(new[] { "HSB1012" }, engine.ErrorCodes.ToArray());
            Assert.IsFalse(File.Exists(bad), "a failed copy leaves nothing under the final name");
            Assert.AreEqual("good1.txt=1\nsub/good2.txt=2", Tree(tmp.Combine("dest")));
            Assert.AreEqual(2, task.CopiedCount);
            Assert.AreEqual(0, TemporaryFiles(tmp.Combine("dest")).Length);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void FailureMidCopy_OfANewFile_IsRetriedUnderItsFinalName(Mode mode)
        {
            RequireLinux();
            using var tmp = new TempDir();
            string source = tmp.Write("src/flaky.txt", "content");
            string flaky = tmp.Combine("dest", "flaky.txt");
            var fs = new FaultyFileSystem { Fail = (op, path, attempt) => op == "Write" && path == flaky && attempt == 1 ? new IOException("Input/output error.") : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 1;

            Assert.IsTrue(task.Execute(), engine.AllText());

            CollectionAssert.AreEqual(new[] { "HSB1011" }, engine.WarningCodes.ToArray());
            Assert.AreEqual("content", File.ReadAllText(flaky));
            Assert.AreEqual(File.GetLastWriteTimeUtc(source), File.GetLastWriteTimeUtc(flaky));
            Assert.AreEqual(2, fs.Count("Create " + flaky), "the failed attempt removed its file, so the retry creates it again");
            Assert.AreEqual(0, fs.Count("Replace " + flaky));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Cancel_WhileANewFileIsWritten_LeavesNoFileUnderItsFinalName(Mode mode)
        {
            RequireLinux();
            using var tmp = new TempDir();
            for (int i = 0; i < 40; i++)
            {
                tmp.Write($"src/f{i:00}.txt", "content " + i);
            }

            string dest = tmp.Combine("dest");
            string target = Path.Combine(dest, "f05.txt");
            ParallelCopy? task = null;
            bool seenUnderFinalName = false;
            var fs = new FaultyFileSystem
            {
                DuringCopy = (_, path, _) =>
                {
                    if (path == target)
                    {
                        // Ctrl+C while the content goes in; the copy itself notices and removes its file.
                        seenUnderFinalName = File.Exists(target);
                        task!.Cancel();
                    }
                },
            };
            var engine = new TestEngine();
            task = NewTask(engine, mode, Source(tmp.Combine("src"), dest));
            task.FileSystem = fs;
            if (mode == Mode.Parallel)
            {
                task.MaxParallelism = 2;
            }

            Assert.IsFalse(task.Execute());

            Assert.IsTrue(seenUnderFinalName, "the file was being written under its final name");
            CollectionAssert.Contains(engine.ErrorCodes.ToArray(), "HSB1015");
            Assert.IsFalse(File.Exists(target), "a cancelled copy leaves nothing under the final name");
            Assert.AreEqual(0, TemporaryFiles(dest).Length);
            Assert.IsTrue(task.CopiedCount < 40);
            foreach (var item in task.CopiedFiles)
            {
                Assert.AreEqual(File.ReadAllText(item.GetMetadata("SourceFile")), File.ReadAllText(item.ItemSpec), "listed files are complete");
            }

            foreach (var file in Directory.EnumerateFiles(dest))
            {
                Assert.AreEqual(File.ReadAllText(Path.Combine(tmp.Combine("src"), Path.GetFileName(file))), File.ReadAllText(file), "every file under its final name is complete");
            }
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void NameTakenMeanwhile_FallsBackToTheTemporaryNameAndReplacesIt(Mode mode)
        {
            RequireLinux();
            using var tmp = new TempDir();
            string victim = tmp.Write("outside/victim.txt", "victim");
            tmp.Write("src/link.txt", "from source (link)");
            tmp.Write("src/file.txt", "from source (file)");
            string link = tmp.Combine("dest", "link.txt");
            string file = tmp.Combine("dest", "file.txt");
            var fs = new FaultyFileSystem
            {
                Fail = (op, path, _) =>
                {
                    // Something appears after the scan saw nothing, just before the exclusive create.
                    if (op == "Create" && path == link)
                    {
                        File.CreateSymbolicLink(link, victim);
                    }
                    else if (op == "Create" && path == file)
                    {
                        File.WriteAllText(file, "appeared meanwhile");
                    }

                    return null;
                },
            };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(2, task.CopiedCount);
            Assert.AreEqual("victim", File.ReadAllText(victim), "a link that appeared is never written through");
            Assert.IsNull(new FileInfo(link).LinkTarget, "the link is replaced by a file");
            Assert.AreEqual("from source (link)", File.ReadAllText(link));
            Assert.AreEqual("from source (file)", File.ReadAllText(file));
            Assert.AreEqual(1, fs.Count("Replace " + link));
            Assert.AreEqual(1, fs.Count("Replace " + file));
            Assert.AreEqual(0, TemporaryFiles(tmp.Combine("dest")).Length);
        }

        [TestMethod]
        public void TryCopyToNewFile_NeverTouchesWhatIsThere()
        {
            RequireLinux();
            using var tmp = new TempDir();
            string source = tmp.Write("src.txt", "source");
            string existing = tmp.Write("existing.txt", "existing");
            string target = tmp.Write("target.txt", "target");
            string link = tmp.Combine("link.txt");
            File.CreateSymbolicLink(link, target);
            string dangling = tmp.Combine("dangling.txt");
            File.CreateSymbolicLink(dangling, tmp.Combine("nowhere.txt"));
            var fs = new PhysicalCopyFileSystem();

            foreach (string destination in new[] { existing, link, dangling })
            {
                Assert.IsFalse(fs.TryCopyToNewFile(source, destination, 6, Time, CancellationToken.None), destination);
            }

            Assert.AreEqual("existing", File.ReadAllText(existing));
            Assert.AreEqual("target", File.ReadAllText(target));
            Assert.AreEqual(target, new FileInfo(link).LinkTarget);
            Assert.IsFalse(File.Exists(tmp.Combine("nowhere.txt")), "a dangling link is not followed either");
        }

        [TestMethod]
        public void TryCopyToNewFile_Cancelled_RemovesWhatItCreated()
        {
            RequireLinux();
            using var tmp = new TempDir();
            string source = tmp.Write("src.txt", "source");
            string destination = tmp.Combine("copy.txt");
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            Assert.ThrowsExactly<OperationCanceledException>(() => new PhysicalCopyFileSystem().TryCopyToNewFile(source, destination, 6, Time, cancel.Token));

            Assert.IsFalse(File.Exists(destination));
        }

        [TestMethod]
        [DataRow(3, "abc")]
        [DataRow(10, "abcdefghij")]
        [DataRow(99, "abcdefghij")]
        [DataRow(-1, "abcdefghij")]
        public void TryCopyToNewFile_CopiesUpToTheSizeTheWalkSaw(long length, string expected)
        {
            RequireLinux();
            using var tmp = new TempDir();
            string source = tmp.Write("src.txt", "abcdefghij");
            string destination = tmp.Combine("copy.txt");

            // A file that grew after the walk keeps the walk's size and time, so the next build copies it again.
            Assert.IsTrue(new PhysicalCopyFileSystem().TryCopyToNewFile(source, destination, length, Time, CancellationToken.None));

            Assert.AreEqual(expected, File.ReadAllText(destination));
            Assert.AreEqual(Time, File.GetLastWriteTimeUtc(destination));
        }

        private static void RequireLinux()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("Files are created under their final name by the Linux copy only.");
            }
        }
    }
}
