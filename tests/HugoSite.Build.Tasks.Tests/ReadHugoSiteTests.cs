namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The task against the real Hugo on PATH, on small sites in temporary folders.</summary>
    [TestClass]
    public sealed class ReadHugoSiteTests
    {
        [TestMethod]
        public void RealHugo_ReportsPublishDirThemesAndOutsideFolders_ThenAnswersFromItsFile()
        {
            using var dir = new TempDir();
            string site = dir.Combine("site");
            dir.Write("site/hugo.toml", "title = 'x'\ntheme = ['extras', 'base']\npublishDir = 'dist'\ncontentDir = '../pages'\n");
            dir.Write("site/themes/extras/layouts/_default/single.html", "{{ .Title }}");
            dir.Write("site/themes/base/layouts/_default/list.html", "{{ .Title }}");
            dir.Write("pages/_index.md", "---\ntitle: home\n---\n");

            var engine = new TestEngine();
            ReadHugoSite task = Task(engine, site);
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.IsTrue(task.Resolved, engine.AllText());
            Assert.AreEqual(Path.Combine(site, "dist") + Path.DirectorySeparatorChar, task.PublishDirectory);
            Assert.AreEqual(Path.Combine(site, "resources") + Path.DirectorySeparatorChar, task.ResourceDirectory);
            Assert.AreEqual("extras;base", task.Themes);
            Assert.AreEqual(dir.Combine("pages") + Path.DirectorySeparatorChar, task.SourceFolders.Single(i => i.GetMetadata("Role") == "content").ItemSpec);
            Assert.AreEqual(2, task.SourceFolders.Count(i => i.GetMetadata("Role") == "theme"));
            CollectionAssert.AreEqual(new[] { dir.Combine("pages") + Path.DirectorySeparatorChar }, task.ExternalFolders.Select(i => i.ItemSpec).ToArray());
            Assert.IsTrue(File.Exists(Path.Combine(site, "obj", "site-config.txt")));
            Assert.IsFalse(Directory.Exists(Path.Combine(site, "public")), "Hugo's empty default folders, made while it read the config, are removed.");
            Assert.IsFalse(Directory.Exists(Path.Combine(site, "resources")));
            Assert.IsFalse(Directory.Exists(Path.Combine(site, "dist")), "Nor the configured publishDir.");

            var again = new TestEngine();
            ReadHugoSite second = Task(again, site);
            Assert.IsTrue(second.Execute(), again.AllText());
            Assert.IsTrue(again.HasMessage("unchanged since it was read"), "Nothing changed: Hugo is not asked again.\n" + again.AllText());
            Assert.AreEqual(task.PublishDirectory, second.PublishDirectory);

            dir.Write("site/hugo.toml", "title = 'x'\ntheme = ['base']\npublishDir = 'out'\n");
            var changed = new TestEngine();
            ReadHugoSite third = Task(changed, site);
            Assert.IsTrue(third.Execute(), changed.AllText());
            Assert.IsFalse(changed.HasMessage("unchanged since it was read"), changed.AllText());
            Assert.AreEqual(Path.Combine(site, "out") + Path.DirectorySeparatorChar, third.PublishDirectory);
            Assert.AreEqual("base", third.Themes);
            Assert.AreEqual(0, third.ExternalFolders.Length);
        }

        [TestMethod]
        public void ThemeOverride_ReplacesTheConfigsThemes_AndAMissingOneFallsBackToDefaults()
        {
            using var dir = new TempDir();
            string site = dir.Combine("site");
            dir.Write("site/hugo.toml", "title = 'x'\ntheme = 'a'\npublishDir = 'dist'\n");
            dir.Write("site/themes/a/layouts/index.html", "a");
            dir.Write("site/themes/b/layouts/index.html", "b");

            var engine = new TestEngine();
            ReadHugoSite task = Task(engine, site, theme: "b");
            Assert.IsTrue(task.Execute(), engine.AllText());
            Assert.AreEqual("b", task.Themes);

            var missing = new TestEngine();
            ReadHugoSite bad = Task(missing, site, theme: "nope");
            Assert.IsTrue(bad.Execute(), "A config Hugo cannot read is Hugo's run to report, not this task's.\n" + missing.AllText());
            Assert.IsFalse(bad.Resolved);
            Assert.AreEqual(Path.Combine(site, "public") + Path.DirectorySeparatorChar, bad.PublishDirectory, "Hugo's defaults when Hugo cannot answer.");
            Assert.IsTrue(missing.HasMessage("nope"), "The message carries Hugo's own words.\n" + missing.AllText());
            Assert.IsFalse(File.Exists(Path.Combine(site, "obj", "site-config.txt")), "A failed answer is not kept.");
            Assert.AreEqual(0, missing.Errors.Count + missing.Warnings.Count);
        }

        [TestMethod]
        public void FoldersThatExistedOrHoldFiles_AreLeftAlone()
        {
            using var dir = new TempDir();
            string site = dir.Combine("site");
            dir.Write("site/hugo.toml", "title = 'x'\n");
            Directory.CreateDirectory(Path.Combine(site, "public"));
            dir.Write("site/resources/_gen/assets/kept.json", "{}");
            var engine = new TestEngine();
            Assert.IsTrue(Task(engine, site).Execute(), engine.AllText());
            Assert.IsTrue(Directory.Exists(Path.Combine(site, "public")), "An empty public/ the user had stays.");
            Assert.IsTrue(File.Exists(Path.Combine(site, "resources", "_gen", "assets", "kept.json")));
        }

        [TestMethod]
        public void BrokenConfig_And_NoHugo_GiveDefaults_WithoutErrors()
        {
            using var dir = new TempDir();
            string site = dir.Combine("site");
            dir.Write("site/hugo.toml", "title = = broken");

            var broken = new TestEngine();
            ReadHugoSite task = Task(broken, site);
            Assert.IsTrue(task.Execute(), broken.AllText());
            Assert.IsFalse(task.Resolved);
            Assert.AreEqual(0, broken.Errors.Count);

            dir.Write("site/hugo.toml", "title = 'fine'\npublishDir = 'dist'\n");
            var noHugo = new TestEngine();
            ReadHugoSite without = Task(noHugo, site, executable: dir.Combine("no-such-hugo"));
            Assert.IsTrue(without.Execute(), noHugo.AllText());
            Assert.IsFalse(without.Resolved);
            Assert.AreEqual(Path.Combine(site, "public") + Path.DirectorySeparatorChar, without.PublishDirectory);
            Assert.IsTrue(noHugo.HasMessage("Hugo was not found"), noHugo.AllText());
        }

        private static ReadHugoSite Task(TestEngine engine, string site, string theme = "", string? executable = null) => new()
        {
            BuildEngine = engine.Object,
            ProjectDirectory = site,
            IntermediateDirectory = Path.Combine(site, "obj"),
            Environment = "production",
            Theme = theme,
            HugoExecutable = executable,
        };
    }
}
