using System.Diagnostics;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>A history that cannot be written because it is read-only says so at once, never "locked" after a wait.</summary>
    [TestClass]
    public sealed class HistoryReadOnlyTests
    {
        private static bool IsRoot() => !OperatingSystem.IsWindows() && Environment.UserName == "root";

        private static int Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using Process p = Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode;
        }

        [TestMethod]
        public void ReadOnlyBindMount_FailsAtOnce_SayingReadOnly()
        {
            if (!IsRoot())
            {
                Assert.Inconclusive("A read-only bind mount needs root.");
            }

            using var temp = new TempDir();
            string source = Directory.CreateDirectory(temp.Combine("source")).FullName;
            string mount = Directory.CreateDirectory(temp.Combine("mounted")).FullName;
            HistoryStore.Append(Path.Combine(source, "history.jsonl"), AnalysisTestData.Record(1000));
            if (Run("mount", "-o", "bind,ro", source, mount) != 0)
            {
                Assert.Inconclusive("mount -o bind,ro is not allowed here.");
            }

            try
            {
                string history = Path.Combine(mount, "history.jsonl");
                var clock = Stopwatch.StartNew();
                var options = new HistoryWriteOptions { LockTimeout = TimeSpan.FromSeconds(10) };
                var error = Assert.ThrowsExactly<LockedFile.ReadOnlyException>(() => HistoryStore.Append(history, AnalysisTestData.Record(1000), options));
                Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(2), "No wait for a lock nobody holds: " + clock.Elapsed);
                StringAssert.Contains(error.Message, "read-only file system");
                Assert.IsFalse(error.Message.Contains("locked", StringComparison.OrdinalIgnoreCase), error.Message);
                Assert.AreEqual(1, File.ReadAllLines(history).Length, "The history on the read-only disk still reads.");

                Assert.IsFalse(HistoryStore.TryAppend(history, AnalysisTestData.Record(1000), options, out _, out string? problem));
                StringAssert.Contains(problem ?? string.Empty, "read-only");
            }
            finally
            {
                Run("umount", mount);
            }
        }

        [TestMethod]
        public void ReadOnlyFile_AsAnOrdinaryUser_SaysReadOnlyFile()
        {
            if (OperatingSystem.IsWindows() || IsRoot())
            {
                Assert.Inconclusive("Root writes read-only files anyway; this case needs an ordinary user.");
            }

            using var temp = new TempDir();
            string history = temp.Combine("history.jsonl");
            HistoryStore.Append(history, AnalysisTestData.Record(1000));
            File.SetAttributes(history + ".lock", FileAttributes.ReadOnly);
            var error = Assert.ThrowsExactly<LockedFile.ReadOnlyException>(() => HistoryStore.Append(history, AnalysisTestData.Record(1000)));
            StringAssert.Contains(error.Message, "is a read-only file");
        }

        [TestMethod]
        public void ReadOnlyReason_NamesAReadOnlyFile_AndNothingElse()
        {
            using var temp = new TempDir();
            string file = temp.Write("ro.txt", "x");
            Assert.IsNull(LockedFile.ReadOnlyReason(file), "A writable file is not read-only.");
            File.SetAttributes(file, FileAttributes.ReadOnly);
            Assert.AreEqual("is a read-only file", LockedFile.ReadOnlyReason(file));
            Assert.IsNull(LockedFile.ReadOnlyReason(temp.Combine("missing", "x.txt")), "A missing folder is another problem.");
        }

        [TestMethod]
        public void InUseByAnotherWriter_StillWaitsAndSaysLocked()
        {
            using var temp = new TempDir();
            string path = temp.Write("held.lock", "");
            using var held = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            var error = Assert.ThrowsExactly<LockedFile.TimeoutException>(() =>
                LockedFile.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, TimeSpan.FromMilliseconds(200)).Dispose());
            StringAssert.Contains(error.Message, "locked by another process");
        }
    }
}
