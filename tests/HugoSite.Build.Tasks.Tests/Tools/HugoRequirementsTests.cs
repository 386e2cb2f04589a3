using HugoSite.Build.Tasks.Tools;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    [TestClass]
    public sealed class HugoRequirementsTests
    {
        private static HugoRequirement Single(string relative, string content, bool theme = false)
        {
            using var dir = new TempDir();
            dir.Write(relative, content);
            var found = theme ? HugoRequirements.Read(Array.Empty<string>(), new[] { dir.Path }) : HugoRequirements.Read(new[] { dir.Path }, Array.Empty<string>());
            Assert.AreEqual(1, found.Count, string.Join(", ", found.Select(f => f.File)));
            return found[0];
        }

        [TestMethod]
        public void Toml_Table()
        {
            var r = Single("hugo.toml", "title = 'x'\n[module]\n  [module.hugoVersion]\n    extended = true # needs SCSS\n    min = \"0.120.0\"\n[params]\nmin = '9.9.9'\n");
            Assert.AreEqual("0.120.0", r.Minimum.ToString());
            Assert.IsTrue(r.Extended);
            Assert.AreEqual("module.hugoVersion", r.Key);
        }

        [TestMethod]
        public void Toml_DottedKeysAndInlineTable()
        {
            Assert.AreEqual("0.115.0", Single("config.toml", "[module]\nhugoVersion.min = \"0.115.0\"\n").Minimum.ToString());
            var r = Single("hugo.toml", "[module]\nhugoVersion = { min = \"0.125.1\", extended = true }\n");
            Assert.AreEqual("0.125.1", r.Minimum.ToString());
            Assert.IsTrue(r.Extended);
        }

        [TestMethod]
        public void Yaml_Nested()
        {
            var r = Single("hugo.yaml", "title: x\nmodule:\n  imports:\n    - path: a\n  hugoVersion:\n    extended: false\n    min: 0.130.0\nparams:\n  min: 5.0.0\n");
            Assert.AreEqual("0.130.0", r.Minimum.ToString());
            Assert.IsFalse(r.Extended);
        }

        [TestMethod]
        public void Json_CaseInsensitive()
        {
            var r = Single("config.json", "{ \"Module\": { \"HugoVersion\": { \"Min\": \"0.112.0\", \"extended\": true } } }");
            Assert.AreEqual("0.112.0", r.Minimum.ToString());
            Assert.IsTrue(r.Extended);
        }

        [TestMethod]
        public void ConfigDefaultFolder_AndModuleFile()
        {
            Assert.AreEqual("0.119.0", Single("config/_default/module.toml", "[hugoVersion]\nmin = '0.119.0'\n").Minimum.ToString());
            Assert.AreEqual("0.118.0", Single("config/_default/hugo.toml", "[module.hugoVersion]\nmin = '0.118.0'\n").Minimum.ToString());
        }

        [TestMethod]
        public void ThemeToml_MinVersion()
        {
            var r = Single("theme.toml", "name = \"Compose\"\nmin_version = \"0.41\"\n", theme: true);
            Assert.AreEqual("0.41.0", r.Minimum.ToString());
            Assert.AreEqual("min_version", r.Key);
        }

        [TestMethod]
        public void NothingStated_NothingFound_AndBrokenFilesAreSkipped()
        {
            using var dir = new TempDir();
            dir.Write("hugo.toml", "title = 'x'\n[module.hugoVersion]\nmin = 'soon'\n");
            dir.Write("config.json", "{ not json");
            Assert.AreEqual(0, HugoRequirements.Read(new[] { dir.Path, dir.Combine("missing") }, new[] { dir.Path }).Count);
        }
    }
}
