using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Walks larger than the part one thread lists alone, and the order entries are listed in.</summary>
    [TestClass]
    public sealed class ParallelCopyWalkTests
    {
        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void Mirror_OfMoreFoldersThanOneThreadListsAlone_CopiesEveryFileAndRemovesEveryStaleOne(Mode mode)
        {
            using var tmp = new TempDir();
            int folders = TreeWalker.SequentialFolders + 8;
            for (int i = 0; i < folders; i++)
            {
                tmp.Write($"src/d{i}/f.txt", "new " + i);
                tmp.Write($"dest/d{i}/stale.txt", "stale");
            }

            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("src"), tmp.Combine("dest")));
            task.Mirror = true;

            Assert.IsTrue(task.Execute(), engine.AllText());

            Assert.AreEqual(folders, task.CopiedCount);
            Assert.AreEqual(folders, task.RemovedCount);
            for (int i = 0; i < folders; i++)
            {
                Assert.AreEqual("new " + i, File.ReadAllText(tmp.Combine("dest", $"d{i}", "f.txt")));
                Assert.IsFalse(File.Exists(tmp.Combine("dest", $"d{i}", "stale.txt")));
            }
        }

        [TestMethod]
        [DataRow(5)]
        [DataRow(100)]
        public void SortByName_OrdersEntriesOrdinally(int count)
        {
            var random = new Random(count);
            var entries = new FsEntry[count];
            for (int i = 0; i < count; i++)
            {
                entries[i] = new FsEntry((i % 2 == 0 ? "b" : "B") + random.Next(1000).ToString("D3") + "-" + i, EntryKind.File, i, default, false);
            }

            var expected = entries.Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            TreeWalker.SortByName(entries);

            CollectionAssert.AreEqual(expected, entries.Select(e => e.Name).ToArray());
        }
    }
}
