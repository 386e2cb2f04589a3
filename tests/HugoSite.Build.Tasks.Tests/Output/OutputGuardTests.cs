using HugoSite.Build.Tasks.Output;

namespace HugoSite.Build.Tasks.Tests.Output
{
    [TestClass]
    public sealed class OutputGuardTests
    {
        private static List<GuardedFolder> Folders(TempDir temp) => new()
        {
            new GuardedFolder("the content folder", temp.Combine("site", "content"), OutputMayLieInside: false),
            new GuardedFolder("the project folder", temp.Combine("site"), OutputMayLieInside: true),
        };

        [TestMethod]
        public void Output_SameAsSource_IsRefused()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("site", "content"), Folders(temp)), "is the content folder");
        }

        [TestMethod]
        public void Output_WithDotDotAndTrailingSeparator_IsResolvedBeforeComparing()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            string sneaky = temp.Combine("site", "public", "..", "content") + Path.DirectorySeparatorChar;
            StringAssert.StartsWith(OutputGuard.FindOverlap(sneaky, Folders(temp)), "is the content folder");
        }

        [TestMethod]
        public void PathCase_FollowsTheFileSystem_SoAnOutputSpelledInOtherCaseIsStillRefused()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            bool namesDifferByCase = !File.Exists(temp.Combine("SITE", "CONTENT", "A.MD"));
            Assert.AreEqual(namesDifferByCase, Compat.PathCompat.IsCaseSensitive, "the platform's case rule must match the file system's");
            if (!namesDifferByCase)
            {
                StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("SITE", "CONTENT"), Folders(temp)), "is the content folder");
            }
        }

        [TestMethod]
        public void Output_InsideSource_IsRefused()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("site", "content", "out"), Folders(temp)), "lies inside the content folder");
        }

        [TestMethod]
        public void Output_ProjectFolderOrAncestor_IsRefused_InsideProject_IsFine()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("site"), Folders(temp)), "contains the content folder");
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Path, Folders(temp)), "contains");
            Assert.IsNull(OutputGuard.FindOverlap(temp.Combine("site", "public"), Folders(temp)));
            Assert.IsNull(OutputGuard.FindOverlap(temp.Combine("docs"), Folders(temp)));
        }

        [TestMethod]
        public void Output_ThatIsALinkToASource_IsRefused()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            File.CreateSymbolicLink(temp.Combine("site", "public"), temp.Combine("site", "content"));
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("site", "public"), Folders(temp)), "is the content folder");
        }

        [TestMethod]
        public void Output_BelowALinkedParent_IsResolved()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            Directory.CreateDirectory(temp.Combine("elsewhere"));
            File.CreateSymbolicLink(temp.Combine("elsewhere", "up"), temp.Combine("site"));
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("elsewhere", "up", "content", "x"), Folders(temp)), "lies inside the content folder");
        }

        [TestMethod]
        public void SourceReachedThroughALink_StillCounts()
        {
            using var temp = new TempDir();
            temp.Write("real/content/a.md");
            File.CreateSymbolicLink(temp.Combine("site"), temp.Combine("real"));
            var folders = new List<GuardedFolder> { new GuardedFolder("the content folder", temp.Combine("site", "content"), false) };
            StringAssert.StartsWith(OutputGuard.FindOverlap(temp.Combine("real", "content"), folders), "is the content folder");
        }

        [TestMethod]
        public void Compare_NamesThatOnlyShareAPrefix_DoNotOverlap()
        {
            Assert.AreEqual(Overlap.None, OutputPaths.Compare("/a/content", "/a/content2"));
            Assert.AreEqual(Overlap.Inside, OutputPaths.Compare("/a/content/x", "/a/content"));
            Assert.AreEqual(Overlap.Contains, OutputPaths.Compare("/a", "/a/content"));
            Assert.AreEqual(Overlap.Same, OutputPaths.Compare("/a/content", "/a/content"));
        }

        [TestMethod]
        public void Compare_Case_FollowsThePlatform()
        {
            Overlap expected = OperatingSystem.IsLinux() ? Overlap.None : Overlap.Same;
            Assert.AreEqual(expected, OutputPaths.Compare("/a/Content", "/a/content"));
        }

        [TestMethod]
        public void Resolve_LinkLoop_Throws()
        {
            using var temp = new TempDir();
            File.CreateSymbolicLink(temp.Combine("a"), temp.Combine("b"));
            File.CreateSymbolicLink(temp.Combine("b"), temp.Combine("a"));
            Assert.ThrowsExactly<IOException>(() => OutputPaths.Resolve(temp.Combine("a", "x")));
        }

        [TestMethod]
        public void GuardTask_OutputIsAFile_IsHSB0103_AndOverlapIsHSB0100()
        {
            using var temp = new TempDir();
            temp.Write("site/content/a.md");
            string file = temp.Write("site/outfile", "mine");
            var engine = new TestEngine();
            var task = new HugoGuardOutput { BuildEngine = engine.Object, OutputDirectory = file, ProjectDirectory = temp.Combine("site") };
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0103" }, engine.ErrorCodes.ToArray());
            Assert.AreEqual("mine", File.ReadAllText(file));

            engine = new TestEngine();
            task = new HugoGuardOutput
            {
                BuildEngine = engine.Object, OutputDirectory = temp.Combine("site", "content"), ProjectDirectory = temp.Combine("site"),
                Sources = new Microsoft.Build.Framework.ITaskItem[] { new Microsoft.Build.Utilities.TaskItem(temp.Combine("site", "content"), new Dictionary<string, string> { ["Role"] = "content" }) },
            };
            Assert.IsFalse(task.Execute());
            CollectionAssert.AreEqual(new[] { "HSB0100" }, engine.ErrorCodes.ToArray());
            StringAssert.Contains(engine.Errors.Single().Message, "the content folder");
        }
    }
}
