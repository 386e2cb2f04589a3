using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The globs of Include, Exclude and Preserve.</summary>
    [TestClass]
    public sealed class ParallelCopyPatternTests
    {
        private static PathPattern Parse(string text, bool caseSensitive = true)
        {
            var pattern = PathPattern.TryParse(text, caseSensitive, out string? problem);
            Assert.IsNotNull(pattern, problem);
            return pattern;
        }

        private static string[] Path(string relative) => relative.Split('/');

        [TestMethod]
        [DataRow("**/*.md", "a.md", true)]
        [DataRow("**/*.md", "x/y/a.md", true)]
        [DataRow("**/*.md", "x/y/a.mdx", false)]
        [DataRow("*.md", "a.md", true)]
        [DataRow("*.md", "x/a.md", true)]
        [DataRow("./*.md", "x/a.md", false)]
        [DataRow("./*.md", "a.md", true)]
        [DataRow(".DS_Store", ".DS_Store", true)]
        [DataRow(".DS_Store", "posts/2024/.DS_Store", true)]
        [DataRow(".git", "themes/x/.git", true)]
        [DataRow("Thumbs.db", "img/Thumbs.db", true)]
        [DataRow("drafts", "posts/drafts", true)]
        [DataRow("drafts/", "posts/drafts", false)]
        [DataRow("drafts/", "drafts", true)]
        [DataRow("static/*.zip", "static/a.zip", true)]
        [DataRow("static/*.zip", "x/static/a.zip", false)]
        [DataRow("drafts/**", "drafts", true)]
        [DataRow("drafts/**", "drafts/a/b.md", true)]
        [DataRow("drafts/**", "posts/drafts/b.md", false)]
        [DataRow("a/**/b", "a/b", true)]
        [DataRow("a/**/b", "a/x/y/b", true)]
        [DataRow("a/**/b", "a/x/y/c", false)]
        [DataRow("a?c", "abc", true)]
        [DataRow("a?c", "ac", false)]
        [DataRow("*a*b*", "xxaYYbZZ", true)]
        [DataRow("*a*b*", "xxbYYaZZ", false)]
        [DataRow("./static\\css", "static/css", true)]
        [DataRow(".hugo_build.lock", ".hugo_build.lock", true)]
        public void Matches_FollowsGlobRules(string pattern, string path, bool expected)
        {
            Assert.AreEqual(expected, Parse(pattern).Matches(Path(path)));
        }

        [TestMethod]
        [DataRow("docs/**/*.md", "docs", true)]
        [DataRow("docs/**/*.md", "docs/deep/deeper", true)]
        [DataRow("docs/**/*.md", "node_modules", false)]
        [DataRow("docs/api/*.md", "docs/guide", false)]
        [DataRow("**/*.md", "anything", true)]
        [DataRow("*.md", "sub", true)]
        [DataRow("./*.md", "sub", false)]
        public void CouldMatchBelow_TellsWhichFoldersAWalkMaySkip(string pattern, string folder, bool expected)
        {
            Assert.AreEqual(expected, Parse(pattern).CouldMatchBelow(Path(folder)));
        }

        [TestMethod]
        public void CaseSensitivity_FollowsTheSetting()
        {
            Assert.IsFalse(Parse("*.MD", caseSensitive: true).Matches(Path("a.md")));
            Assert.IsTrue(Parse("*.MD", caseSensitive: false).Matches(Path("a.md")));
            Assert.IsTrue(Parse("Docs/**", caseSensitive: false).Matches(Path("docs/x")));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("   ")]
        [DataRow("/etc/**")]
        [DataRow("C:/x")]
        [DataRow("../x")]
        [DataRow("a/../../x")]
        [DataRow("a**")]
        [DataRow("./")]
        public void InvalidPatterns_AreRejectedWithAReason(string text)
        {
            Assert.IsNull(PathPattern.TryParse(text, true, out string? problem));
            Assert.IsFalse(string.IsNullOrEmpty(problem));
        }

        [TestMethod]
        public void ParseList_SplitsOnSemicolons_AndCollectsProblems()
        {
            var problems = new List<string>();
            var patterns = PathPattern.ParseList(" **/*.md ; ;drafts/**;../bad", true, problems);

            CollectionAssert.AreEqual(new[] { "**/*.md", "drafts/**" }, patterns.Select(p => p.Text).ToArray());
            Assert.AreEqual(1, problems.Count);
            StringAssert.Contains(problems[0], "../bad");
        }
    }
}
