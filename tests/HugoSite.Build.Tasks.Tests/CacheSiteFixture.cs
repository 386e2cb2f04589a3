using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// A tiny site in a temp folder (template, content, optional component), a stand-in for Hugo that turns each
    /// content file into public/&lt;name&gt;/index.html, and the cache tasks wired the way the targets wire them.
    /// </summary>
    internal sealed class CacheSiteFixture : IDisposable
    {
        private readonly TempDir _temp = new();

        public CacheSiteFixture(string? cacheRoot = null)
        {
            CacheRoot = cacheRoot ?? _temp.Combine("cache");
            _temp.Write("site/template/hugo.toml", "title = 'test'\n");
            _temp.Write("site/template/layouts/index.html", "<html>{{ .Title }}</html>");
            WriteContent("a.md", "alpha");
            WriteContent("b.md", "beta");
        }

        public string Root => _temp.Path;

        public string CacheRoot { get; }

        public string SiteDir => _temp.Combine("site");

        public string Intermediate => _temp.Combine("site", "obj", "hugo");

        public string Output => _temp.Combine("site", "public");

        public string HugoVersion { get; set; } = "0.111.3";

        public string? HugoEdition { get; set; }

        public string BaseUrl { get; set; } = "https://example.org/";

        public bool IgnoreAlwaysRun { get; set; }

        public string RestoreMode { get; set; } = "auto";

        public string Verify { get; set; } = "content";

        /// <summary>HugoRemoteCacheUrl for the check (empty: none); the token and team are fixed test values.</summary>
        public string? RemoteUrl { get; set; }

        public string? RemoteSignatureKey { get; set; }

        public List<ITaskItem> Components { get; } = new();

        public TestEngine Engine { get; private set; } = new();

        public string WriteContent(string name, string text) => _temp.Write(Path.Combine("site", "content", name), text);

        public string AddComponent(string name, string? manifest, string? alwaysRunMetadata = null)
        {
            string folder = _temp.Combine("site", "components", name);
            _temp.Write(Path.Combine("site", "components", name, "files", "static", name + ".js"), "// " + name);
            if (manifest != null)
            {
                _temp.Write(Path.Combine("site", "components", name, "component.json"), manifest);
            }

            var item = new TaskItem(name);
            item.SetMetadata("SourceFolder", folder);
            if (alwaysRunMetadata != null)
            {
                item.SetMetadata("AlwaysRun", alwaysRunMetadata);
            }

            Components.Add(item);
            return folder;
        }

        public HugoCacheCheck Check(bool restore = true)
        {
            Engine = new TestEngine();
            var template = new TaskItem(_temp.Combine("site", "template"));
            template.SetMetadata("DestinationFolder", _temp.Combine("site", "obj", "hugo", "work") + "/");
            var content = new TaskItem(_temp.Combine("site", "content"));
            content.SetMetadata("DestinationFolder", _temp.Combine("site", "obj", "hugo", "work", "content") + "/");
            var task = new HugoCacheCheck
            {
                BuildEngine = Engine.Object,
                IntermediateDirectory = Intermediate,
                OutputDirectory = Output,
                CacheDirectory = CacheRoot,
                WorkDirectory = _temp.Combine("site", "obj", "hugo", "work"),
                ProjectDirectory = SiteDir,
                Sources = new ITaskItem[] { template, content },
                Components = Components.ToArray(),
                HugoVersion = HugoVersion,
                HugoEdition = HugoEdition,
                Template = "default",
                Theme = "plain",
                BaseUrl = BaseUrl,
                IgnoreAlwaysRun = IgnoreAlwaysRun,
                Restore = restore,
                RestoreMode = RestoreMode,
                Verify = Verify,
                RemoteUrl = RemoteUrl,
                RemoteToken = RemoteUrl == null ? null : "fixture-token",
                RemoteTeam = RemoteUrl == null ? null : "fixture-team",
                RemoteSignatureKey = RemoteSignatureKey,
            };
            Assert.IsTrue(task.Execute(), Engine.AllText());
            return task;
        }

        /// <summary>What Hugo would do: build the output from the content, into a fresh folder swapped in.</summary>
        public void RunFakeHugo()
        {
            string staging = Output + ".staging";
            foreach (string file in Directory.GetFiles(Path.Combine(SiteDir, "content")))
            {
                string page = Path.Combine(staging, Path.GetFileNameWithoutExtension(file), "index.html");
                Directory.CreateDirectory(Path.GetDirectoryName(page)!);
                File.WriteAllText(page, "<p>" + File.ReadAllText(file) + "</p>");
            }

            File.WriteAllText(Path.Combine(staging, "index.html"), "<html>home " + BaseUrl + "</html>");
            Directory.CreateDirectory(Intermediate);
            HugoSite.Build.Tasks.Output.OutputPublisher.Publish(staging, Output, Intermediate, HugoSite.Build.Tasks.Cache.FileTree.Delete);
        }

        public HugoCacheStore Store(string? fingerprint = null, string? maxSizeMb = null)
        {
            Engine = new TestEngine();
            var task = new HugoCacheStore
            {
                BuildEngine = Engine.Object,
                IntermediateDirectory = Intermediate,
                OutputDirectory = Output,
                CacheDirectory = CacheRoot,
                Fingerprint = fingerprint,
                ProjectPath = Path.Combine(SiteDir, "site.csproj"),
                MaxSizeMb = maxSizeMb,
                IgnoreAlwaysRun = IgnoreAlwaysRun,
                RestoreMode = RestoreMode,
            };
            Assert.IsTrue(task.Execute(), Engine.AllText());
            return task;
        }

        /// <summary>One build as the targets run it: check, and on a miss build and store. Returns the check.</summary>
        public HugoCacheCheck Build()
        {
            HugoCacheCheck check = Check();
            if (!check.Hit)
            {
                RunFakeHugo();
                Store(check.Fingerprint);
            }

            return check;
        }

        public string EntryDir(string fingerprint) => Path.Combine(CacheRoot, "entries", fingerprint);

        /// <summary>Every file under the output as "relative path: content", sorted.</summary>
        public List<string> OutputTree() => Tree(Output);

        public static List<string> Tree(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/') + ": " + File.ReadAllText(f))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

        public BuildCache Cache(Func<DateTime>? clock = null, IFileLinker? linker = null) => new(CacheRoot, linker, clock);

        public void Dispose() => _temp.Dispose();
    }
}
