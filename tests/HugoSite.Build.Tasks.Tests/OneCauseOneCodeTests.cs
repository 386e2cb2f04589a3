using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Tests.Copy;
using static HugoSite.Build.Tasks.Tests.Copy.CopyTestSupport;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>One cause gives one code, in words that are true where it happens.</summary>
    [TestClass]
    public sealed class OneCauseOneCodeTests
    {
        [TestMethod]
        [DataRow(Mode.Parallel)]
        [DataRow(Mode.Sequential)]
        public void SourcesDisagree_InAMirror_IsHSB1008Alone(Mode mode)
        {
            using var tmp = new TempDir();
            tmp.Write("one/x", "file");
            tmp.Write("two/x/y.txt", "in folder");
            string work = tmp.Combine("work");
            var first = new TestEngine();
            var before = NewTask(first, mode, Source(tmp.Combine("one"), work));
            before.Mirror = true;
            before.MirrorRoot = work;
            Assert.IsTrue(before.Execute(), first.AllText());
            Assert.IsTrue(File.Exists(tmp.Combine("work", "x")), "The work folder holds the file from the build before.");

            var engine = new TestEngine();
            var task = NewTask(engine, mode, Source(tmp.Combine("one"), work), Source(tmp.Combine("two"), work));
            task.Mirror = true;
            task.MirrorRoot = work;
            Assert.IsFalse(task.Execute());

            CollectionAssert.AreEqual(new[] { "HSB1008" }, engine.ErrorCodes.ToArray(), engine.AllText());
            Assert.IsFalse(engine.AllText().Contains("build with a mirror", StringComparison.Ordinal), "Advice to use a mirror is wrong in a mirror.");
        }

        [TestMethod]
        public void DanglingLinkAmongTheInputs_IsNoInput_AndNoException()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Symbolic links need privileges on Windows.");
            }

            using var tmp = new TempDir();
            string page = tmp.Write("content/a.md", "a");
            string link = tmp.Combine("content", "gone.md");
            File.CreateSymbolicLink(link, tmp.Combine("nowhere", "gone.md"));
            var files = new List<InputFile> { new("content/a.md", page), new("content/gone.md", link) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));

            FingerprintResult first = fingerprinter.Compute("v", new Dictionary<string, string>(), files, null, CancellationToken.None);
            Assert.AreEqual(1, first.State.Files.Count, "The link to nothing is left out (the copy warns HSB1017 about it).");

            tmp.Write("nowhere/gone.md", "now there");
            FingerprintResult second = fingerprinter.Compute("v", new Dictionary<string, string>(), files, first.State, CancellationToken.None);
            Assert.AreEqual(2, second.State.Files.Count);
            Assert.AreEqual("added content/gone.md", second.DescribeChanges(), "Once the target exists the link is an input.");
        }

        [TestMethod]
        public void VanishedPlainFile_StillThrows()
        {
            using var tmp = new TempDir();
            var files = new List<InputFile> { new("content/a.md", tmp.Combine("content", "missing.md")) };
            FingerprintResult fp = new Fingerprinter().Compute("v", new Dictionary<string, string>(), files, null, CancellationToken.None);
            Assert.AreEqual(0, fp.State.Files.Count, "A file that is not there is no input (as before).");
        }
    }
}
