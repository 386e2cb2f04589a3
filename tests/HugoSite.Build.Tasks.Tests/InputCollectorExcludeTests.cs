using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>The cache's own walk of the sources skips what the copy skips: HugoCopyExclude's rule.</summary>
    [TestClass]
    public sealed class InputCollectorExcludeTests
    {
        private static List<string> Keys(TempDir temp, string? exclude)
        {
            var patterns = exclude == null ? null : PathPattern.ParseList(exclude, true, new List<string>());
            var roots = new[] { new InputRoot("content", temp.Combine("content"), patterns) };
            return InputCollector.FromRoots(roots).Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }

        [TestMethod]
        public void FromRoots_SkipsNamesAtAnyDepth_AndAnchoredGlobsOnlyAtTheRoot()
        {
            using var temp = new TempDir();
            temp.Write("content/a.md");
            temp.Write("content/.DS_Store");
            temp.Write("content/blog/.DS_Store");
            temp.Write("content/blog/b.md");
            temp.Write("content/blog/.git/HEAD");
            temp.Write("content/drafts/c.md");
            temp.Write("content/blog/drafts/d.md");
            temp.Write("content/img/Thumbs.db");

            CollectionAssert.AreEqual(
                new[] { "content/a.md", "content/blog/b.md", "content/blog/drafts/d.md" },
                Keys(temp, ".git;.DS_Store;Thumbs.db;drafts/**"));
        }

        [TestMethod]
        public void FromRoots_WithoutGlobs_SkipsOnlyGitFolders()
        {
            using var temp = new TempDir();
            temp.Write("content/a.md");
            temp.Write("content/blog/.git/HEAD");
            temp.Write("content/blog/.DS_Store");

            CollectionAssert.AreEqual(new[] { "content/a.md", "content/blog/.DS_Store" }, Keys(temp, null));
        }
    }
}
