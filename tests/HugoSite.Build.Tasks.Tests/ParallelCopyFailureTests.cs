using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Bad input, failing files, retries and cancellation; every test runs parallel and sequential.</summary>
    [TestClass]
    public sealed class ParallelCopyFailureTests
    {
        public static IEnumerable<object[]> InvalidParameters()
        {
            foreach (var mode in new[] { Mode.Parallel, Mode.Sequential })
            {
                yield return new object[] { mode, "Retries=-1", "HSB1002" };
                yield return new object[] { mode, "RetryDelayMilliseconds=-5", "HSB1002" };
                yield return new object[] { mode, "MaxParallelism=-2", "HSB1002" };
                yield return new object[] { mode, "MaxDeletions=-2", "HSB1002" };
                yield return new object[] { mode, "NoDestination", "HSB1001" };
                yield return new object[] { mode, "Include=/abs/**", "HSB1003" };
                yield return new object[] { mode, "Exclude=../up", "HSB1003" };
                yield return new object[] { mode, "Exclude=a**b", "HSB1003" };
                yield return new object[] { mode, "Preserve=../x", "HSB1003" };
                yield return new object[] { mode, "NulInSource", "HSB1004" };
                yield return new object[] { mode, "MirrorRootIsFileSystemRoot", "HSB1006" };
                yield return new object[] { mode, "DestinationOutsideMirrorRoot", "HSB1006" };
                yield return new object[] { mode, "SourceInsideMirrorRoot", "HSB1006" };
            }
        }

        [TestMethod]
        [DynamicData(nameof(InvalidParameters))]
        public void InvalidParameters_AreRejectedBeforeAnyIo(Mode mode, string setting, string code)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt");
            var source = Source(tmp.Combine("src"), tmp.Combine("work", "dest"));
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, source);
            task.FileSystem = fs;
            switch (setting)
            {
                case "Retries=-1": task.Retries = -1; break;
                case "RetryDelayMilliseconds=-5": task.RetryDelayMilliseconds = -5; break;
                case "MaxParallelism=-2": task.MaxParallelism = -2; break;
                case "MaxDeletions=-2": task.MaxDeletions = -2; break;
                case "NoDestination": source.RemoveMetadata("DestinationFolder"); break;
                case "Include=/abs/**": source.SetMetadata("Include", "**/*.md;/abs/**"); break;
                case "Exclude=../up": source.SetMetadata("Exclude", "../up"); break;
                case "Exclude=a**b": source.SetMetadata("Exclude", "a**b"); break;
                case "Preserve=../x": task.Mirror = true; task.Preserve = new[] { ".hugo_build.lock", "../x" }; break;
                case "NulInSource": task.Sources = new[] { Source(tmp.Combine("s\0rc"), tmp.Combine("dest")) }; break;
                case "MirrorRootIsFileSystemRoot": task.Mirror = true; task.MirrorRoot = "/"; break;
                case "DestinationOutsideMirrorRoot": task.Mirror = true; task.MirrorRoot = tmp.Combine("elsewhere"); break;
                case "SourceInsideMirrorRoot": task.Mirror = true; task.MirrorRoot = tmp.Path; break;
                default: Assert.Fail(setting); break;
            }

            Assert.IsFalse(task.Execute());

            CollectionAssert.Contains(engine.ErrorCodes.ToArray(), code, engine.AllText());
            Assert.IsTrue(engine.ErrorCodes.All(c => c == code), engine.AllText());
            Assert.AreEqual(0, fs.Calls.Count, "no I/O at all: " + string.Join(", ", fs.Calls));
            Assert.IsFalse(Directory.Exists(tmp.Combine("work")));
            Assert.IsFalse(task.WroteFiles);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void TransientFailure_IsRetriedWithAWarning_ThenSucceeds(Mode mode)
        {
            using var tmp = new TempDir();
            string flaky = tmp.Write("src/flaky.txt", "F");
            tmp.Write("src/ok.txt", "O");
            var fs = new FaultyFileSystem { Fail = (op, path, attempt) => op == "CopyFile" && path == flaky && attempt <= 2 ? new IOException("The file is in use.") : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 3;

            Assert.IsTrue(task.Execute(), engine.AllText());

            CollectionAssert.AreEqual(new[] { "HSB1011", "HSB1011" }, engine.WarningCodes.ToArray());
            Assert.IsTrue(engine.Warnings.Any(w => w.Message!.Contains("retry 1 of 3", StringComparison.Ordinal)), engine.AllText());
            Assert.AreEqual(0, engine.Errors.Count);
            Assert.AreEqual("flaky.txt=F\nok.txt=O", Tree(tmp.Combine("dest")));
            Assert.AreEqual(2, task.CopiedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void RetryDelay_IsWaitedBetweenAttempts(Mode mode)
        {
            using var tmp = new TempDir();
            string flaky = tmp.Write("src/flaky.txt", "F");
            var fs = new FaultyFileSystem { Fail = (op, path, attempt) => op == "CopyFile" && attempt <= 2 ? new IOException("busy") : null };
            var slept = new List<TimeSpan>();
            var task = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.RetryDelayMilliseconds = 250;
            task.Sleep = (delay, _) => { lock (slept) { slept.Add(delay); } };

            Assert.IsTrue(task.Execute());

            CollectionAssert.AreEqual(new[] { TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250) }, slept);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void RetriesExhausted_IsAnError_AndTheOtherFilesAreCopied(Mode mode)
        {
            using var tmp = new TempDir();
            string bad = tmp.Write("src/bad.txt", "B");
            tmp.Write("src/good1.txt", "1");
            tmp.Write("src/good2.txt", "2");
            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "CopyFile" && path == bad ? new IOException("Locked.") : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 2;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1011", "HSB1011" }, engine.WarningCodes.ToArray());
            CollectionAssert.AreEqual(new[] { "HSB1012" }, engine.ErrorCodes.ToArray());
            StringAssert.Contains(engine.Errors.Single().Message, "gave up after 2 retries");
            Assert.AreEqual(3, fs.Count("CopyFile " + bad));
            Assert.AreEqual("good1.txt=1\ngood2.txt=2", Tree(tmp.Combine("dest")));
            Assert.AreEqual(2, task.CopiedCount);
            Assert.AreEqual(0, TemporaryFiles(tmp.Combine("dest")).Length);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void ZeroRetries_FailsAtOnceWithoutWarnings(Mode mode)
        {
            using var tmp = new TempDir();
            string bad = tmp.Write("src/bad.txt", "B");
            tmp.Write("dest/bad.txt", "old"); // an existing file is replaced through a rename, which fails here
            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "Replace" ? new IOException("Locked.") : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 0;

            Assert.IsFalse(task.Execute());

            Assert.AreEqual(0, engine.Warnings.Count, engine.AllText());
            CollectionAssert.AreEqual(new[] { "HSB1012" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual(1, fs.Count("CopyFile " + bad));
            Assert.AreEqual(0, TemporaryFiles(tmp.Combine("dest")).Length, "the temporary copy is removed when the rename fails");
            Assert.AreEqual("old", File.ReadAllText(tmp.Combine("dest", "bad.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void PartialFailure_OutputsListOnlySuccesses_InPlanOrder(Mode mode)
        {
            using var tmp = new TempDir();
            foreach (string name in new[] { "a", "b", "c", "d", "e", "f" })
            {
                tmp.Write($"src/{name}.txt", name);
            }

            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "CopyFile" && (path.EndsWith("c.txt") || path.EndsWith("e.txt")) ? new UnauthorizedAccessException("Access denied.") : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 1;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "a", "b", "d", "f" }.Select(n => tmp.Combine("dest", n + ".txt")).ToArray(), task.CopiedFiles.Select(i => i.ItemSpec).ToArray());
            Assert.AreEqual(4, task.CopiedCount);
            Assert.AreEqual(2, engine.ErrorCodes.Count(c => c == "HSB1012"));
            Assert.IsTrue(task.WroteFiles);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SourceVanishingDuringTheCopy_IsNotRetried(Mode mode)
        {
            using var tmp = new TempDir();
            string gone = tmp.Write("src/gone.txt", "G");
            var fs = new FaultyFileSystem { Fail = (op, path, _) => op == "CopyFile" && path == gone ? new FileNotFoundException("Could not find file.", gone) : null };
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 5;

            Assert.IsFalse(task.Execute());

            Assert.AreEqual(0, engine.Warnings.Count);
            CollectionAssert.AreEqual(new[] { "HSB1012" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual(1, fs.Count("CopyFile " + gone));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void FolderWhereAFileGoes_IsAnErrorWithoutRetry_AndTheRestIsCopied(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/clash.txt", "file");
            tmp.Write("src/ok.txt", "ok");
            tmp.Write("dest/clash.txt/inner.txt", "folder content");
            var fs = new FaultyFileSystem();
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.Retries = 5;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1009" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual(0, engine.Warnings.Count);
            Assert.AreEqual(0, fs.Count("CopyFile " + tmp.Combine("src", "clash.txt")));
            Assert.AreEqual("folder content", File.ReadAllText(tmp.Combine("dest", "clash.txt", "inner.txt")));
            Assert.AreEqual("ok", File.ReadAllText(tmp.Combine("dest", "ok.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void FileWhereAFolderGoes_IsAnErrorWithoutRetry_ForEveryFileBelow(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/sub/a.txt", "a");
            tmp.Write("src/sub/b.txt", "b");
            tmp.Write("src/top.txt", "t");
            tmp.Write("dest/sub", "I am a file");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.Retries = 5;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1009" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual(0, engine.Warnings.Count);
            Assert.AreEqual("I am a file", File.ReadAllText(tmp.Combine("dest", "sub")));
            Assert.AreEqual(1, task.CopiedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SourcesDisagreeOnFileOrFolder_IsAnError(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("one/x", "file");
            tmp.Write("two/x/y.txt", "in folder");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("one"), tmp.Combine("dest")), Source(tmp.Combine("two"), tmp.Combine("dest")));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1008" }, engine.ErrorCodes.ToArray());
            Assert.IsTrue(File.Exists(tmp.Combine("dest", "x", "y.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void ReadOnlyDestination_ThatDiffers_IsAnErrorUnlessOverwriteIsAllowed(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/ro.txt", "new content");
            tmp.Write("src/other.txt", "o");
            string ro = tmp.Write("dest/ro.txt", "old");
            File.SetAttributes(ro, FileAttributes.ReadOnly);
            Assert.IsTrue(new FileInfo(ro).IsReadOnly, "the test needs the attribute, not the OS, to say read-only (root may write anyway)");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.Retries = 3;

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1010" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual(0, engine.Warnings.Count, "not retried");
            Assert.AreEqual("old", File.ReadAllText(ro));
            Assert.AreEqual("o", File.ReadAllText(tmp.Combine("dest", "other.txt")));

            var engine2 = new TestEngine();
            var allowed = NewTask(engine2, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            allowed.OverwriteReadOnlyFiles = true;
            Assert.IsTrue(allowed.Execute(), engine2.AllText());
            Assert.AreEqual("new content", File.ReadAllText(ro));
            Assert.AreEqual(1, allowed.CopiedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void ReadOnlyDestination_ThatIsUnchanged_IsSkippedQuietly(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/ro.txt", "same");
            var first = NewTask(new TestEngine(), mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            Assert.IsTrue(first.Execute());
            File.SetAttributes(tmp.Combine("dest", "ro.txt"), FileAttributes.ReadOnly);
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));

            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual(1, task.SkippedCount);
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void OverLongDestination_IsAnErrorNotAnException(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("src/a.txt", "a");
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest", new string('n', 300))));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1004" }, engine.ErrorCodes.Distinct().ToArray(), engine.AllText());
            Assert.AreEqual(0, engine.Warnings.Count, "a bad path is not retried");
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void OverLongFileDestination_FailsThatFileOnly(Mode mode)
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("Built around Linux's 4096-byte path limit.");
            }

            using var tmp = new TempDir();
            tmp.Write("src/" + new string('f', 200) + ".txt", "long");
            tmp.Write("src/a.txt", "a");

            // A destination folder whose path is just short enough to exist, so only the long name overflows.
            string dest = tmp.Path;
            while (dest.Length < 4000)
            {
                dest = Path.Combine(dest, new string('d', Math.Min(200, 4000 - dest.Length)));
            }

            Directory.CreateDirectory(dest);
            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), dest));

            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1004" }, engine.ErrorCodes.ToArray(), engine.AllText());
            Assert.AreEqual(1, task.CopiedCount);
            Assert.IsTrue(File.Exists(Path.Combine(dest, "a.txt")));
        }

        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Cancel_StopsPromptly_AndLeavesNoHalfWrittenFile(Mode mode)
        {
            using var tmp = new TempDir();
            for (int i = 0; i < 40; i++)
            {
                tmp.Write($"src/f{i:00}.txt", "content " + i);
            }

            string dest = tmp.Combine("dest");
            tmp.Write("dest/stale.txt", "stale");
            ParallelCopy? task = null;
            using var blocked = new ManualResetEventSlim();
            var fs = new FaultyFileSystem
            {
                DuringCopy = (source, temporary, token) =>
                {
                    if (source.EndsWith("f05.txt", StringComparison.Ordinal))
                    {
                        // The content sits under its temporary name when the user presses Ctrl+C.
                        Assert.IsTrue(File.Exists(temporary));
                        task!.Cancel();
                        blocked.Set();
                        token.ThrowIfCancellationRequested();
                    }
                },
            };
            var engine = new TestEngine();
            task = NewTask(engine, mode, Source(tmp.Combine("src"), dest));
            task.FileSystem = fs;
            task.Mirror = true;
            if (mode == Mode.Parallel)
            {
                task.MaxParallelism = 2;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.IsFalse(task.Execute());
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(30), "returns promptly");

            Assert.IsTrue(blocked.IsSet);
            CollectionAssert.Contains(engine.ErrorCodes.ToArray(), "HSB1015");
            Assert.IsFalse(File.Exists(Path.Combine(dest, "f05.txt")), "never under its final name");
            Assert.AreEqual(0, TemporaryFiles(dest).Length, "temporary copies are removed");
            Assert.IsTrue(File.Exists(Path.Combine(dest, "stale.txt")), "nothing is removed after a cancel");
            Assert.IsTrue(task.CopiedCount < 40);
            foreach (var item in task.CopiedFiles)
            {
                Assert.AreEqual(File.ReadAllText(item.GetMetadata("SourceFile")), File.ReadAllText(item.ItemSpec), "listed files are complete");
            }
        }

        [TestMethod]
        public void Cancel_MidWayThroughALargeFile_RemovesTheTemporaryCopy()
        {
            using var tmp = new TempDir();
            using var cancel = new CancellationTokenSource();
            string source = tmp.Combine("big.bin");
            using (var stream = File.Create(source))
            {
                stream.SetLength(3 * 1024 * 1024);
            }

            string destination = tmp.Combine("copy.tmp");
            cancel.Cancel();

            Assert.ThrowsExactly<OperationCanceledException>(() => new PhysicalCopyFileSystem(chunkedCopyThreshold: 1024, systemCalls: false).CopyFile(source, destination, new FileInfo(source).Length, default, cancel.Token));
            Assert.IsFalse(File.Exists(destination));
        }

        [TestMethod]
        public void LargeFiles_AreCopiedInChunks_WithContentTimeAndMode()
        {
            using var tmp = new TempDir();
            string source = tmp.Combine("big.bin");
            var data = new byte[(3 * 1024 * 1024) + 12345];
            new Random(7).NextBytes(data);
            File.WriteAllBytes(source, data);
            File.SetLastWriteTimeUtc(source, new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            string destination = tmp.Combine("copy.bin");
            new PhysicalCopyFileSystem(chunkedCopyThreshold: 1024, systemCalls: false).CopyFile(source, destination, data.Length, default, CancellationToken.None);

            CollectionAssert.AreEqual(data, File.ReadAllBytes(destination));
            Assert.AreEqual(File.GetLastWriteTimeUtc(source), File.GetLastWriteTimeUtc(destination));
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(File.GetUnixFileMode(source), File.GetUnixFileMode(destination));
            }
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(5)]
        public void MaxParallelism_IsHonouredExactly(int parallelism)
        {
            using var tmp = new TempDir();
            for (int i = 0; i < 24; i++)
            {
                tmp.Write($"src/f{i:00}.txt", "x");
            }

            int inside = 0;
            var fs = new FaultyFileSystem
            {
                DuringCopy = (_, _, _) =>
                {
                    // Hold each copy until as many as allowed are running (or a generous timeout), so more would show.
                    Interlocked.Increment(ref inside);
                    SpinWait.SpinUntil(() => Volatile.Read(ref inside) >= parallelism, TimeSpan.FromSeconds(20));
                    Thread.Sleep(5);
                },
            };
            var engine = new TestEngine();
            var task = NewTask(engine, Mode.Parallel, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.FileSystem = fs;
            task.MaxParallelism = parallelism;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(parallelism, fs.MaxConcurrentCopies);
            Assert.AreEqual(parallelism, task.Jobs);
            Assert.AreEqual(24, task.CopiedCount);
        }

        [TestMethod]
        public void ParallelFalse_RunsOnOneThread_WhateverMaxParallelismSays()
        {
            using var tmp = new TempDir();
            for (int i = 0; i < 10; i++)
            {
                tmp.Write($"src/f{i}.txt", "x");
            }

            var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
            var fs = new FaultyFileSystem { DuringCopy = (_, _, _) => threads[Environment.CurrentManagedThreadId] = true };
            var engine = new TestEngine();
            var task = NewTask(engine, Mode.Sequential, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.MaxParallelism = 8;
            task.FileSystem = fs;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(1, fs.MaxConcurrentCopies);
            CollectionAssert.AreEqual(new[] { Environment.CurrentManagedThreadId }, threads.Keys.ToArray(), "the caller's own thread");
            Assert.AreEqual(1, task.Jobs);
            Assert.IsTrue(engine.HasMessage("with 1 job"), engine.AllText());
        }
    }
}
