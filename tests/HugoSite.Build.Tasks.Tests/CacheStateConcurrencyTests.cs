using HugoSite.Build.Tasks.Cache;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The cache check saves the new fingerprint state on a pool thread while the calling thread works out the miss
    /// reason from the same state. Neither may change what the other reads.
    /// </summary>
    [TestClass]
    public sealed class CacheStateConcurrencyTests
    {
        [TestMethod]
        public void SaveOnAPoolThread_WhileTheMissReasonIsDescribed_NeverThrows()
        {
            using var temp = new TempDir();
            string path = temp.Combine(FingerprintState.FileName);
            const int Files = 20000;
            var previous = new FingerprintState { Fingerprint = new string('a', 32), HugoVersion = "v" };
            for (int i = 0; i < Files; i++)
            {
                previous.Files.Add(new InputRecord("content/p" + i.ToString("D5") + ".md", "/src/p" + i + ".md", 10, 1, "h" + i));
            }

            for (int round = 0; round < 40; round++)
            {
                // A state as a pass leaves it: files in walk order (not sorted), one changed, one added.
                var current = new FingerprintState { Fingerprint = new string('b', 32), HugoVersion = "v" };
                for (int i = Files - 1; i >= 0; i--)
                {
                    current.Files.Add(new InputRecord("content/p" + i.ToString("D5") + ".md", "/src/p" + i + ".md", 10, 1, i == 7 ? "changed" : "h" + i));
                }

                current.Files.Add(new InputRecord("content/new.md", "/src/new.md", 10, 1, "n"));
                var fp = new FingerprintResult(current, previous, Unchanged: false, TimesMoved: true, HashedCount: 2);

                Task save = Task.Run(() => current.Save(path));
                string? reason = null;
                while (!save.IsCompleted)
                {
                    reason = fp.DescribeChanges();
                }

                save.GetAwaiter().GetResult();
                reason ??= fp.DescribeChanges();
                Assert.AreEqual("changed content/p00007.md; added content/new.md", reason);
            }

            FingerprintState? read = FingerprintState.Load(path, out string? problem);
            Assert.IsNull(problem);
            Assert.AreEqual(Files + 1, read!.Files.Count);
            Assert.AreEqual("content/new.md", read.Files[0].Key, "The state file lists files in ordinal order of their keys.");
        }

        [TestMethod]
        public void Compute_HandsOutAFrozenSortedState_ThatSortingLeavesAlone()
        {
            using var temp = new TempDir();
            var files = new List<InputFile>
            {
                new("content/b.md", temp.Write("content/b.md", "b")),
                new("content/a.md", temp.Write("content/a.md", "a")),
            };
            FingerprintResult fp = new Fingerprinter().Compute("v", new Dictionary<string, string>(), files, null, CancellationToken.None);

            Assert.IsTrue(fp.State.IsFrozen);
            CollectionAssert.AreEqual(new[] { "content/a.md", "content/b.md" }, fp.State.Files.Select(f => f.Key).ToArray());
            using IEnumerator<InputRecord> reading = fp.State.Files.GetEnumerator();
            reading.MoveNext();
            fp.State.SortFiles();
            fp.State.Save(temp.Combine(FingerprintState.FileName));
            Assert.IsTrue(reading.MoveNext(), "Neither sorting nor saving a frozen state may change the list a reader enumerates.");
        }
    }
}
