using System.Collections;
using HugoSite.Build.Tasks.Site;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Reading Hugo's printed configuration, turning it into folders, and keeping the answer.</summary>
    [TestClass]
    public sealed class StandardSiteTests
    {
        [TestMethod]
        public void ParseSettings_ReadsQuotedTopLevelValues_InBothOfHugosStyles()
        {
            Dictionary<string, string> values = HugoConfigOutput.ParseSettings(new[]
            {
                "publishdir = \"dist\"",
                "resourcedir: \"cache/hugo\"",
                "theme = [a b]",
                "  nested = \"ignored\"",
                "title = \"A \\\"quoted\\\" title\"",
                "workingdir = \"C:\\\\sites\\\\one\"",
                "not a setting",
            });
            Assert.AreEqual("dist", values["publishdir"]);
            Assert.AreEqual("cache/hugo", values["resourcedir"]);
            Assert.AreEqual("A \"quoted\" title", values["title"]);
            Assert.AreEqual("C:\\sites\\one", values["workingdir"]);
            Assert.IsFalse(values.ContainsKey("theme"), "A list is not a string value.");
            Assert.IsFalse(values.ContainsKey("nested"), "Only top-level lines count.");
        }

        [TestMethod]
        public void ParseMounts_ReadsEveryModule_InOrder_EvenWithBracesInStrings()
        {
            string text = """
                {
                   "path": "project",
                   "owner": "",
                   "dir": "/site",
                   "mounts": [ { "source": "pages", "target": "content" }, { "source": "static", "target": "static" } ]
                }
                {
                   "path": "callouts",
                   "owner": "project",
                   "dir": "/site/themes/call}outs{/",
                   "mounts": [ { "source": "layouts", "target": "layouts" } ]
                }
                """;
            List<HugoModule> modules = HugoConfigOutput.ParseMounts(text);
            Assert.AreEqual(2, modules.Count);
            Assert.IsTrue(modules[0].IsProject);
            Assert.AreEqual("pages", modules[0].Mounts[0].Source);
            Assert.AreEqual("content", modules[0].Mounts[0].Target);
            Assert.AreEqual("callouts", modules[1].Path);
            Assert.IsFalse(modules[1].IsProject);
            Assert.AreEqual("/site/themes/call}outs{/", modules[1].Directory);
        }

        [TestMethod]
        public void ParseMounts_Truncated_IsAFormatError()
        {
            Assert.ThrowsExactly<FormatException>(() => HugoConfigOutput.ParseMounts("{ \"path\": \"project\", \"mounts\": ["));
        }

        [TestMethod]
        public void ParseMounts_Nothing_IsNoModules() => Assert.AreEqual(0, HugoConfigOutput.ParseMounts(string.Empty).Count);

        [TestMethod]
        public void Resolve_Defaults_ArePublicAndResources_InTheProject()
        {
            using var dir = new TempDir();
            SiteFolders folders = StandardSite.Resolve(dir.Path, new Dictionary<string, string>(), Array.Empty<HugoModule>());
            Assert.AreEqual(Sep(dir.Combine("public")), folders.PublishDirectory);
            Assert.AreEqual(Sep(dir.Combine("resources")), folders.ResourceDirectory);
            Assert.AreEqual(0, folders.Themes.Count);
            Assert.AreEqual(0, folders.ExternalFolders.Count);
        }

        [TestMethod]
        public void Resolve_MovedFolders_ThemesInOrder_AndOnlyOutsideFoldersAsExternal()
        {
            using var dir = new TempDir();
            string site = dir.Combine("site");
            string outside = dir.Combine("shared");
            var settings = new Dictionary<string, string> { ["publishdir"] = "dist", ["resourcedir"] = Path.Combine(outside, "res"), ["workingdir"] = site };
            var modules = new List<HugoModule>
            {
                new("project", string.Empty, site, new[] { new HugoMount("pages", "content"), new HugoMount("../shared/content", "content"), new HugoMount("../shared/content/blog", "content/blog") }),
                new("extras", "project", Path.Combine(site, "themes", "extras"), Array.Empty<HugoMount>()),
                new("base", "project", Path.Combine(outside, "themes", "base"), Array.Empty<HugoMount>()),
            };
            SiteFolders folders = StandardSite.Resolve(site, settings, modules);
            Assert.AreEqual(Sep(Path.Combine(site, "dist")), folders.PublishDirectory);
            Assert.AreEqual(Sep(Path.Combine(outside, "res")), folders.ResourceDirectory);
            CollectionAssert.AreEqual(new[] { "extras", "base" }, folders.Themes);
            CollectionAssert.AreEqual(
                new[] { "content=" + Sep(Path.Combine(site, "pages")), "content=" + Sep(Path.Combine(outside, "content")), "content/blog=" + Sep(Path.Combine(outside, "content", "blog")),
                        "theme=" + Sep(Path.Combine(site, "themes", "extras")), "theme=" + Sep(Path.Combine(outside, "themes", "base")) },
                folders.SourceFolders.Select(p => p.Key + "=" + p.Value).ToArray(), "Every folder Hugo reads, for the output guard.");
            CollectionAssert.AreEqual(new[] { Sep(Path.Combine(outside, "content")), Sep(Path.Combine(outside, "themes", "base")) }, folders.ExternalFolders,
                "Folders inside the project are covered by the project; a folder inside another external one is not listed twice.");
        }

        [TestMethod]
        public void CacheKey_ChangesWithEveryConfigSource_AndNotWithContent()
        {
            using var dir = new TempDir();
            dir.Write("hugo.toml", "title = 'x'");
            dir.Write("content/a.md", "a");
            string theme = dir.Combine("themes", "t");
            dir.Write("themes/t/theme.toml", "name = 't'");
            var env = new Hashtable { ["PATH"] = "/bin" };
            string Key(IDictionary e, string environment = "production", string themeOverride = "") =>
                SiteConfigCache.Key(dir.Path, new[] { theme }, "/usr/bin/hugo", environment, themeOverride, e);

            string key = Key(env);
            Assert.AreEqual(key, Key(env), "The key is stable.");
            dir.Write("content/a.md", "changed content, longer");
            Assert.AreEqual(key, Key(env), "Content is not configuration.");

            var keys = new HashSet<string> { key };
            Assert.IsTrue(keys.Add(Key(env, "staging")), "environment");
            Assert.IsTrue(keys.Add(Key(env, "production", "other")), "theme override");
            Assert.IsTrue(keys.Add(Key(new Hashtable { ["PATH"] = "/bin", ["HUGO_PUBLISHDIR"] = "out" })), "HUGO_ variables");
            Assert.AreEqual(key, Key(new Hashtable { ["PATH"] = "/usr/bin" }), "Other variables do not count.");
            dir.Write("config/production/params.toml", "a = 1");
            Assert.IsTrue(keys.Add(Key(env)), "a file added under config/");
            dir.Write("themes/t/theme.toml", "name = 'a longer name'");
            Assert.IsTrue(keys.Add(Key(env)), "a theme's theme.toml");
            dir.Write("hugo.toml", "title = 'a longer title'");
            Assert.IsTrue(keys.Add(Key(env)), "the site's config");
            dir.Write("go.mod", "module x");
            Assert.IsTrue(keys.Add(Key(env)), "go.mod");
        }

        [TestMethod]
        public void CacheFile_RoundTrips_AndAnotherKeyIsAMiss()
        {
            using var dir = new TempDir();
            string file = dir.Combine("obj", "site-config.txt");
            var folders = new SiteFolders { PublishDirectory = "/s/dist/", ResourceDirectory = "/s/resources/" };
            folders.Themes.Add("a");
            folders.ThemeDirectories.Add("/s/themes/a/");
            folders.ExternalFolders.Add("/shared/content/");
            folders.SourceFolders.Add(new KeyValuePair<string, string>("static", "/s/static/"));
            SiteConfigCache.Save(file, "k1", folders);

            SiteFolders? loaded = SiteConfigCache.Load(file, "k1");
            Assert.IsNotNull(loaded);
            Assert.AreEqual("/s/dist/", loaded!.PublishDirectory);
            Assert.AreEqual("/s/resources/", loaded.ResourceDirectory);
            CollectionAssert.AreEqual(new[] { "a" }, loaded.Themes);
            CollectionAssert.AreEqual(new[] { "/s/themes/a/" }, loaded.ThemeDirectories);
            CollectionAssert.AreEqual(new[] { "/shared/content/" }, loaded.ExternalFolders);
            Assert.AreEqual(new KeyValuePair<string, string>("static", "/s/static/"), loaded.SourceFolders.Single());
            Assert.IsNull(SiteConfigCache.Load(file, "k2"));
            CollectionAssert.AreEqual(new[] { "/s/themes/a/" }, SiteConfigCache.StoredThemeDirectories(file), "The next key needs the themes whatever the key was.");

            File.WriteAllText(file, "something else\nkey\tk1\n");
            Assert.IsNull(SiteConfigCache.Load(file, "k1"), "A file of another format is a miss.");
            Assert.IsNull(SiteConfigCache.Load(dir.Combine("missing.txt"), "k1"));
        }

        private static string Sep(string path) => path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;
    }
}
