using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Serve;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Tests.Serve
{
    /// <summary>The preview's incremental mirror: only the changed paths, resolved through the layers in the build's order.</summary>
    [TestClass]
    public sealed class IncrementalMirrorTests
    {
        private static (IncrementalMirror Mirror, RecordingLog Log) Create(TempDir tmp, params ServeLayer[] layers)
        {
            var log = new RecordingLog();
            var preserve = PathPattern.ParseList(".hugo_build.lock;resources/**", PathPattern.PlatformCaseSensitive, new List<string>());
            return (new IncrementalMirror(layers, tmp.Combine("work"), preserve, log), log);
        }

        private static ServeLayer Layer(TempDir tmp, string folder, string workPath, string exclude = "")
        {
            Directory.CreateDirectory(tmp.Combine(folder));
            return new ServeLayer(tmp.Combine(folder), workPath, PathPattern.ParseList(exclude, PathPattern.PlatformCaseSensitive, new List<string>()));
        }

        [TestMethod]
        public void Sync_CopiesOnlyTheChangedPath_AndLeavesEverythingElseAlone()
        {
            using var tmp = new TempDir();
            tmp.Write("content/a.md", "new a");
            tmp.Write("content/b.md", "new b");
            tmp.Write("work/content/b.md", "old b");
            tmp.Write("work/static/search-index.json", "generated");
            var (mirror, log) = Create(tmp, Layer(tmp, "content", "content"));

            var pass = mirror.Sync(new[] { "content/a.md" }, CancellationToken.None);

            Assert.AreEqual(1, pass.Copied, log.Text);
            Assert.AreEqual("new a", File.ReadAllText(tmp.Combine("work/content/a.md")));
            Assert.AreEqual("old b", File.ReadAllText(tmp.Combine("work/content/b.md")), "a path nobody named is not looked at");
            Assert.AreEqual("generated", File.ReadAllText(tmp.Combine("work/static/search-index.json")));
            Assert.IsFalse(pass.HadErrors, log.Text);
        }

        [TestMethod]
        public void Sync_LaterLayerWins_AndRemovingItsFileBringsBackTheEarlierOne()
        {
            using var tmp = new TempDir();
            tmp.Write("template/layouts/page.html", "template");
            tmp.Write("component/layouts/page.html", "component");
            var (mirror, log) = Create(tmp, Layer(tmp, "template", string.Empty), Layer(tmp, "component", string.Empty));

            mirror.Sync(new[] { "layouts/page.html" }, CancellationToken.None);
            Assert.AreEqual("component", File.ReadAllText(tmp.Combine("work/layouts/page.html")), log.Text);

            File.Delete(tmp.Combine("component/layouts/page.html"));
            mirror.Sync(new[] { "layouts/page.html" }, CancellationToken.None);
            Assert.AreEqual("template", File.ReadAllText(tmp.Combine("work/layouts/page.html")), log.Text);

            File.Delete(tmp.Combine("template/layouts/page.html"));
            var pass = mirror.Sync(new[] { "layouts/page.html" }, CancellationToken.None);
            Assert.IsFalse(File.Exists(tmp.Combine("work/layouts/page.html")));
            Assert.AreEqual(1, pass.Removed);
        }

        [TestMethod]
        public void Sync_FolderRenamed_OldFolderGone_NewOneComplete()
        {
            using var tmp = new TempDir();
            tmp.Write("content/blog/post/index.md", "post");
            tmp.Write("content/blog/post/image.png", "png");
            var (mirror, log) = Create(tmp, Layer(tmp, "content", "content"));
            mirror.Sync(new[] { "content/blog/post" }, CancellationToken.None);
            Assert.IsTrue(File.Exists(tmp.Combine("work/content/blog/post/image.png")));

            Directory.Move(tmp.Combine("content/blog/post"), tmp.Combine("content/blog/moved"));
            mirror.Sync(new[] { "content/blog/post", "content/blog/moved" }, CancellationToken.None);

            Assert.IsFalse(Directory.Exists(tmp.Combine("work/content/blog/post")), log.Text);
            Assert.AreEqual("post", File.ReadAllText(tmp.Combine("work/content/blog/moved/index.md")));
            Assert.AreEqual("png", File.ReadAllText(tmp.Combine("work/content/blog/moved/image.png")));
        }

        [TestMethod]
        public void Sync_ChangedFolder_RemovesWhatNoLayerHasInIt_ButKeepsPreservedPaths()
        {
            using var tmp = new TempDir();
            tmp.Write("template/resources/keep.txt", "t");
            tmp.Write("template/static/a.css", "a");
            tmp.Write("work/static/a.css", "a");
            tmp.Write("work/static/stale.css", "stale");
            tmp.Write("work/resources/_gen/cache.bin", "hugo's");
            var (mirror, log) = Create(tmp, Layer(tmp, "template", string.Empty));

            mirror.Sync(new[] { "static", "resources" }, CancellationToken.None);

            Assert.IsFalse(File.Exists(tmp.Combine("work/static/stale.css")), log.Text);
            Assert.IsTrue(File.Exists(tmp.Combine("work/static/a.css")));
            Assert.IsTrue(File.Exists(tmp.Combine("work/resources/_gen/cache.bin")), "Preserve keeps Hugo's resource cache");
        }

        [TestMethod]
        public void Sync_FileBecomesFolder_AndFolderBecomesFile()
        {
            using var tmp = new TempDir();
            tmp.Write("content/x/index.md", "bundle");
            tmp.Write("work/content/x", "was a file");
            tmp.Write("content/y", "now a file");
            tmp.Write("work/content/y/old.md", "was a folder");
            var (mirror, log) = Create(tmp, Layer(tmp, "content", "content"));

            var pass = mirror.Sync(new[] { "content/x", "content/y" }, CancellationToken.None);

            Assert.AreEqual("bundle", File.ReadAllText(tmp.Combine("work/content/x/index.md")), log.Text);
            Assert.AreEqual("now a file", File.ReadAllText(tmp.Combine("work/content/y")));
            Assert.IsFalse(pass.HadErrors, log.Text);
        }

        [TestMethod]
        public void Sync_ExcludedPaths_AreNeverCopied()
        {
            using var tmp = new TempDir();
            tmp.Write("content/.git/config", "git");
            tmp.Write("content/page.md", "page");
            var (mirror, _) = Create(tmp, Layer(tmp, "content", "content", ".git"));

            mirror.Sync(new[] { "content/.git/config", "content/page.md" }, CancellationToken.None);

            Assert.IsFalse(Directory.Exists(tmp.Combine("work/content/.git")));
            Assert.IsTrue(File.Exists(tmp.Combine("work/content/page.md")));
        }

        [TestMethod]
        public void Sync_NamesWithGlobCharacters_AndUnsafePaths()
        {
            using var tmp = new TempDir();
            tmp.Write("content/what*is?.md", "glob");
            tmp.Write("outside.txt", "never");
            var (mirror, log) = Create(tmp, Layer(tmp, "content", "content"));

            mirror.Sync(new[] { "content/what*is?.md", "../outside.txt", "content/../../outside.txt", string.Empty }, CancellationToken.None);

            Assert.AreEqual("glob", File.ReadAllText(tmp.Combine("work/content/what*is?.md")), log.Text);
            Assert.IsFalse(File.Exists(tmp.Combine("outside.txt.copy")));
            Assert.AreEqual(1, Directory.GetFiles(tmp.Combine("work"), "*", SearchOption.AllDirectories).Length);
        }

        [TestMethod]
        public void Sync_ABurstOfHundredsOfPaths_EndsEqualToTheSource()
        {
            using var tmp = new TempDir();
            var changed = new List<string>();
            for (int i = 0; i < 400; i++)
            {
                tmp.Write($"content/burst/p{i:000}.md", "v" + i);
                changed.Add($"content/burst/p{i:000}.md");
            }

            for (int i = 0; i < 400; i += 3)
            {
                tmp.Write($"work/content/burst/p{i:000}.md", "old");
            }

            tmp.Write("work/content/burst/gone.md", "gone");
            File.Delete(tmp.Combine("content/burst/p007.md"));
            changed.Add("content/burst/gone.md");
            var (mirror, log) = Create(tmp, Layer(tmp, "content", "content"));

            mirror.Sync(changed, CancellationToken.None);

            var source = Directory.GetFiles(tmp.Combine("content/burst")).Select(Path.GetFileName).OrderBy(n => n).ToList();
            var work = Directory.GetFiles(tmp.Combine("work/content/burst")).Select(Path.GetFileName).OrderBy(n => n).ToList();
            CollectionAssert.AreEqual(source, work, log.Text);
            foreach (string? name in source)
            {
                Assert.AreEqual(File.ReadAllText(tmp.Combine("content/burst", name!)), File.ReadAllText(tmp.Combine("work/content/burst", name!)));
            }
        }

        [TestMethod]
        public void Minimize_DropsPathsInsideAnotherAndDuplicates()
        {
            using var tmp = new TempDir();
            var (mirror, _) = Create(tmp, Layer(tmp, "content", "content"));
            CollectionAssert.AreEqual(new[] { "content/a", "content/b.md" }, mirror.Minimize(new[] { "content/a/x.md", "content/a", "content/b.md", "content/b.md", "/content/a/y/" }).ToArray());
        }

        internal sealed class RecordingLog : ICopyLog
        {
            private readonly List<string> _lines = new();

            public bool LogsLowImportance => true;

            public string Text
            {
                get
                {
                    lock (_lines)
                    {
                        return string.Join("\n", _lines);
                    }
                }
            }

            public List<string> Codes { get; } = new();

            public void Error(string code, string? file, string message) => Add("error " + code + ": " + message, code);

            public void Warning(string code, string? file, string message) => Add("warning " + code + ": " + message, code);

            public void Message(MessageImportance importance, string message) => Add(message, null);

            private void Add(string line, string? code)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                    if (code != null)
                    {
                        Codes.Add(code);
                    }
                }
            }
        }
    }
}
