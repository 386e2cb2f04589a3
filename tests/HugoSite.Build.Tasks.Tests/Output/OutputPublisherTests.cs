using HugoSite.Build.Tasks.Output;

namespace HugoSite.Build.Tasks.Tests.Output
{
    [TestClass]
    public sealed class OutputPublisherTests
    {
        private static string Obj(TempDir temp) => Directory.CreateDirectory(temp.Combine("obj", "hugo")).FullName;

        private static string Stage(TempDir temp, string name, params (string Path, string Text)[] files)
        {
            foreach (var (path, text) in files)
            {
                temp.Write(name + "/" + path, text);
            }

            return temp.Combine(name);
        }

        private static void Noop(string aside) => Directory.Delete(aside, true);

        [TestMethod]
        public void FirstPublish_ListsEveryFile_AndLeavesNoJournal()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string staging = Stage(temp, "s1", ("index.html", "1"), ("a/b.html", "2"));
            PublishResult result = OutputPublisher.Publish(staging, temp.Combine("public"), obj, Noop);

            Assert.AreEqual("1", File.ReadAllText(temp.Combine("public", "index.html")));
            PublishedList list = PublishedList.Load(PublishedList.PathIn(obj))!;
            CollectionAssert.AreEquivalent(new[] { "a/b.html", "index.html" }, list.Files.Select(f => f.Relative).ToArray());
            Assert.IsFalse(File.Exists(Path.Combine(obj, OutputPublisher.JournalName)));
            Assert.AreEqual(0, result.Kept.Count);
        }

        [TestMethod]
        public void UserFiles_AndGit_SurviveEveryPublish_OldBuildFilesGo()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("docs");
            temp.Write("docs/CNAME", "example.org");
            temp.Write("docs/README.md", "mine");
            temp.Write("docs/.git/HEAD", "ref: refs/heads/gh-pages");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1"), ("old.html", "old"), ("blog/p.html", "p")), output, obj, Noop);
            temp.Write("docs/blog/my-note.txt", "note inside a site folder");

            PublishResult second = OutputPublisher.Publish(Stage(temp, "s2", ("index.html", "2"), ("blog/p.html", "p2")), output, obj, Noop);

            Assert.AreEqual("example.org", File.ReadAllText(Path.Combine(output, "CNAME")));
            Assert.AreEqual("mine", File.ReadAllText(Path.Combine(output, "README.md")));
            Assert.AreEqual("ref: refs/heads/gh-pages", File.ReadAllText(Path.Combine(output, ".git", "HEAD")));
            Assert.AreEqual("note inside a site folder", File.ReadAllText(Path.Combine(output, "blog", "my-note.txt")));
            Assert.AreEqual("2", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.IsFalse(File.Exists(Path.Combine(output, "old.html")), "A file the previous build published and this one does not is removed.");
            CollectionAssert.IsSubsetOf(new[] { "CNAME", "README.md", ".git", "blog/my-note.txt" }, second.Kept);
            PublishedList list = PublishedList.Load(PublishedList.PathIn(obj))!;
            CollectionAssert.AreEquivalent(new[] { "blog/p.html", "index.html" }, list.Files.Select(f => f.Relative).ToArray(), "The user's files never become the build's.");
        }

        [TestMethod]
        public void UserFileAtAPathTheSiteNowHas_IsSavedNotLost_IdenticalOneIsAdopted()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("public");
            temp.Write("public/robots.txt", "user's robots");
            temp.Write("public/same.txt", "same");
            PublishResult result = OutputPublisher.Publish(Stage(temp, "s1", ("robots.txt", "site robots"), ("same.txt", "same")), output, obj, Noop);

            Assert.AreEqual("site robots", File.ReadAllText(Path.Combine(output, "robots.txt")));
            CollectionAssert.AreEqual(new[] { "robots.txt" }, result.Replaced);
            Assert.AreEqual("user's robots", File.ReadAllText(Path.Combine(result.SavedFolder!, "robots.txt")));
            StringAssert.StartsWith(result.SavedFolder!, OutputPublisher.SavedRoot(obj));
        }

        [TestMethod]
        public void SwapFailure_UndoesEverything_UserFilesBackInPlace()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("public");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), output, obj, Noop);
            temp.Write("public/CNAME", "mine");
            string staging = Stage(temp, "s2", ("index.html", "2"), ("sub/x.html", "x"));

            // The new site cannot be moved into place once the old one is aside and the user's file carried.
            OutputPublisher.FaultBeforeFinalMove = () => throw new IOException("injected");
            try
            {
                Assert.ThrowsExactly<IOException>(() => OutputPublisher.Publish(staging, output, obj, Noop));
            }
            finally
            {
                OutputPublisher.FaultBeforeFinalMove = null;
            }

            Assert.AreEqual("1", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.AreEqual("mine", File.ReadAllText(Path.Combine(output, "CNAME")));
            Assert.IsTrue(File.Exists(Path.Combine(staging, "index.html")), "The staged site stays for the next try.");
            Assert.IsFalse(File.Exists(Path.Combine(obj, OutputPublisher.JournalName)));
        }

        [TestMethod]
        public void Recover_AfterAKillBetweenTheRenames_PutsTheOldSiteAndUserFilesBack()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("public");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), output, obj, Noop);
            temp.Write("public/CNAME", "mine");
            string staging = Stage(temp, "s2", ("index.html", "2"));

            // What a build killed just after moving the old site aside leaves: journal written, CNAME carried, old site aside.
            string aside = OutputPublisher.Sibling(output, ".old-");
            File.WriteAllText(Path.Combine(obj, OutputPublisher.JournalName),
                "hugosite-build publish 1\n" + output + "\n" + staging + "\n" + aside + "\n" + Path.Combine(output, "CNAME") + "\t" + Path.Combine(staging, "CNAME") + "\n");
            File.Move(Path.Combine(output, "CNAME"), Path.Combine(staging, "CNAME"));
            Directory.Move(output, aside);

            string? said = OutputPublisher.Recover(obj);

            StringAssert.Contains(said, "previous site was put back");
            Assert.AreEqual("1", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.AreEqual("mine", File.ReadAllText(Path.Combine(output, "CNAME")));
            Assert.IsFalse(Directory.Exists(aside));
            Assert.IsNull(OutputPublisher.Recover(obj), "Recovered once, nothing is left to do.");
        }

        [TestMethod]
        public void Recover_AfterAKillOnceTheNewSiteWasInPlace_KeepsItAndCommitsItsList()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("public");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), output, obj, Noop);
            string staging = Stage(temp, "s2", ("index.html", "2"), ("new.html", "n"));
            string aside = OutputPublisher.Sibling(output, ".old-");
            File.WriteAllText(Path.Combine(obj, OutputPublisher.JournalName), "hugosite-build publish 1\n" + output + "\n" + staging + "\n" + aside + "\n");
            PublishedList.Of(staging, output).Save(PublishedList.PathIn(obj) + ".new");
            Directory.Move(output, aside);
            Directory.Move(staging, output);

            StringAssert.Contains(OutputPublisher.Recover(obj), "new site");
            Assert.AreEqual("2", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.IsFalse(Directory.Exists(aside));
            CollectionAssert.Contains(PublishedList.Load(PublishedList.PathIn(obj))!.Files.Select(f => f.Relative).ToList(), "new.html");
        }

        [TestMethod]
        public void OldSiteThatCannotBeRemoved_IsReported_NewSiteIsInPlace()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("public");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), output, obj, Noop);
            PublishResult result = OutputPublisher.Publish(Stage(temp, "s2", ("index.html", "2")), output, obj, _ => throw new IOException("Operation not permitted"));
            Assert.AreEqual("2", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.IsNotNull(result.LeftOver);
            Assert.IsTrue(Directory.Exists(result.LeftOver));
        }

        [TestMethod]
        public void OutputThatIsALink_IsPublishedIntoItsTarget_LinkStays()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            Directory.CreateDirectory(temp.Combine("www"));
            temp.Write("www/CNAME", "mine");
            File.CreateSymbolicLink(temp.Combine("public"), temp.Combine("www"));
            PublishResult result = OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), temp.Combine("public"), obj, Noop);

            Assert.IsNotNull(new FileInfo(temp.Combine("public")).LinkTarget, "The link is kept.");
            Assert.AreEqual("1", File.ReadAllText(temp.Combine("www", "index.html")));
            Assert.AreEqual("mine", File.ReadAllText(temp.Combine("www", "CNAME")));
            Assert.AreEqual(temp.Combine("www"), result.Output);
        }

        [TestMethod]
        public void OutputThatIsAFile_IsRefused_FileUntouched()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string file = temp.Write("outfile", "mine");
            Assert.ThrowsExactly<OutputIsFileException>(() => OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1")), file, obj, Noop));
            Assert.AreEqual("mine", File.ReadAllText(file));
            Assert.AreEqual(0, Directory.GetFileSystemEntries(temp.Path, ".outfile*").Length, "Nothing is left beside the file.");
        }

        [TestMethod]
        public void Clean_RemovesOnlyWhatWasPublishedAndUnchanged()
        {
            using var temp = new TempDir();
            string obj = Obj(temp);
            string output = temp.Combine("docs");
            temp.Write("docs/CNAME", "mine");
            OutputPublisher.Publish(Stage(temp, "s1", ("index.html", "1"), ("a/b.html", "b"), ("a/c.html", "c")), output, obj, Noop);
            File.WriteAllText(Path.Combine(output, "a", "c.html"), "edited by hand, longer");

            var engine = new TestEngine();
            var clean = new HugoCleanOutput { BuildEngine = engine.Object, IntermediateDirectory = obj };
            Assert.IsTrue(clean.Execute());

            Assert.AreEqual("mine", File.ReadAllText(Path.Combine(output, "CNAME")));
            Assert.IsTrue(File.Exists(Path.Combine(output, "a", "c.html")), "A published file changed since is not the build's to remove.");
            Assert.IsFalse(File.Exists(Path.Combine(output, "index.html")));
            Assert.IsFalse(File.Exists(Path.Combine(output, "a", "b.html")));
            Assert.AreEqual(2, clean.RemovedCount);
            Assert.AreEqual(1, clean.KeptCount);
        }
    }
}
