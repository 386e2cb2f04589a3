using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Serve;

namespace HugoSite.Build.Tasks.Tests.Serve
{
    /// <summary>The preview's passes without Hugo: watcher paths and rescans mirrored, components run again only when their folder changed.</summary>
    [TestClass]
    public sealed class ServeSessionTests
    {
        private static (ServeSession Session, FakeHost Host) Create(TempDir tmp)
        {
            tmp.Write("template/hugo.toml", "title = 'x'");
            tmp.Write("content/a.md", "a");
            tmp.Write("components/search/files/layouts/partials/search.html", "search v1");
            tmp.Write("components/search/init.sh", "echo search");
            tmp.Write("components/analytics/init.sh", "echo analytics");
            var none = Array.Empty<PathPattern>();
            var settings = new ServeSettings
            {
                Executable = "hugo",
                WorkDirectory = tmp.Combine("work"),
                Layers = new[]
                {
                    new ServeLayer(tmp.Combine("template"), string.Empty, none),
                    new ServeLayer(tmp.Combine("content"), "content", none),
                    new ServeLayer(tmp.Combine("components/search/files"), string.Empty, none),
                },
                Components = new[]
                {
                    new ServeComponent("search", tmp.Combine("components/search"), PathPattern.ParseList("content/**/*.md", PathPattern.PlatformCaseSensitive, new List<string>())),
                    new ServeComponent("analytics", tmp.Combine("components/analytics")),
                },
            };
            Directory.CreateDirectory(settings.WorkDirectory);
            var host = new FakeHost();
            var session = new ServeSession(settings, host);
            session.Watch();
            return (session, host);
        }

        [TestMethod]
        public void Pass_ContentEdit_RunsTheComponentThatDeclaredItAsAnInput_Only()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                tmp.Write("content/a.md", "a edited");
                session.Pass(new[] { tmp.Combine("content/a.md") }, CancellationToken.None);
                CollectionAssert.AreEqual(new[] { "search" }, host.Runs.Single().ToArray(), host.Log.Text);

                // Not an input of either (a template file): nothing runs. A moved folder of content: search runs.
                tmp.Write("template/layouts/page.html", "page");
                session.Pass(new[] { tmp.Combine("template/layouts/page.html") }, CancellationToken.None);
                Assert.AreEqual(1, host.Runs.Count);
                tmp.Write("content/blog/b.md", "b");
                session.Pass(new[] { tmp.Combine("content/blog") }, CancellationToken.None);
                Assert.AreEqual(2, host.Runs.Count);

                // An event that changed nothing in the composed site runs nothing.
                session.Pass(new[] { tmp.Combine("content/a.md") }, CancellationToken.None);
                Assert.AreEqual(2, host.Runs.Count);
            }
        }

        [TestMethod]
        public void Pass_AComponentWithoutAFolder_RunsAgainOnItsDeclaredInputs_AndIsNotWatchedElsewhere()
        {
            using var tmp = new TempDir();
            tmp.Write("template/hugo.toml", "title = 'x'");
            tmp.Write("content/a.md", "a");
            var none = Array.Empty<PathPattern>();
            var settings = new ServeSettings
            {
                Executable = "hugo",
                WorkDirectory = tmp.Combine("work"),
                Layers = new[] { new ServeLayer(tmp.Combine("template"), string.Empty, none), new ServeLayer(tmp.Combine("content"), "content", none) },
                Components = new[] { new ServeComponent("inline", string.Empty, PathPattern.ParseList("content/**", PathPattern.PlatformCaseSensitive, new List<string>())) },
            };
            Directory.CreateDirectory(settings.WorkDirectory);
            var host = new FakeHost();
            using var session = new ServeSession(settings, host);
            session.Watch();

            tmp.Write("template/layouts/page.html", "page");
            session.Pass(new[] { tmp.Combine("template/layouts/page.html") }, CancellationToken.None);
            session.Rescan(CancellationToken.None);
            Assert.AreEqual(0, host.Runs.Count, "not an input, and the component has no folder to change: " + host.Log.Text);

            tmp.Write("content/a.md", "a edited");
            session.Pass(new[] { tmp.Combine("content/a.md") }, CancellationToken.None);
            CollectionAssert.AreEqual(new[] { "inline" }, host.Runs.Single().ToArray(), host.Log.Text);
        }

        [TestMethod]
        public void Pass_AFailedComponent_LeavesATemplateHugoCannotParse_ThatGoesWhenItSucceeds()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                string template = tmp.Combine("work/" + ComponentErrorTemplates.RelativePathOf("search"));
                host.Failing.Add("search");
                string partial = tmp.Combine("components/search/files/layouts/partials/search.html");
                File.WriteAllText(partial, "search v2");
                session.Pass(new[] { partial }, CancellationToken.None);

                string text = File.ReadAllText(template);
                StringAssert.Contains(text, "Component 'search' failed (exit code 3)");
                StringAssert.Contains(text, "{{ component_search_failed_see_the_build_output }}");
                Assert.AreEqual(3, CountOf(text, "*/}}"), "the component's message cannot close its comment early: " + text);
                Assert.AreEqual(1, CountOf(text, "{{ "), "nor open an action: " + text);
                Assert.IsTrue(ComponentErrorTemplates.IsAbout("ERROR ... \"" + template + ":4:1\": parse failed"));

                host.Failing.Clear();
                File.WriteAllText(partial, "search v3");
                session.Pass(new[] { partial }, CancellationToken.None);
                Assert.IsFalse(File.Exists(template));
                Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(template)), "the preview's own folder goes when empty");
            }
        }

        [TestMethod]
        public void Pass_AFailedComponent_WritesItsTemplateIntoTheLayoutDirHugoReads_AndHideFindsItThere()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                // The composed site moves its layouts (layoutDir); Hugo is asked where they are at the first failure.
                tmp.Write("work/hugo.toml", "title = 'x'\nlayoutDir = 'templates'\n");
                string template = tmp.Combine("work/" + ComponentErrorTemplates.RelativePathOf("search", "templates"));
                host.Failing.Add("search");
                string partial = tmp.Combine("components/search/files/layouts/partials/search.html");
                File.WriteAllText(partial, "search v2");
                session.Pass(new[] { partial }, CancellationToken.None);

                StringAssert.Contains(File.ReadAllText(template), "Component 'search' failed");
                Assert.IsFalse(File.Exists(tmp.Combine("work/" + ComponentErrorTemplates.RelativePathOf("search"))), "not in layouts/, which Hugo does not read here");
                Assert.IsFalse(Directory.Exists(tmp.Combine("work/public")), "the folders `hugo config` creates are removed again");

                // A session stopped while the component failed leaves the file; the next one removes it before Hugo starts.
                var mirror = new IncrementalMirror(Array.Empty<ServeLayer>(), tmp.Combine("work"), Array.Empty<PathPattern>(), host.Log, 1);
                new ComponentErrorTemplates(mirror, () => throw new AssertFailedException("hiding asks Hugo nothing")).Hide();
                Assert.IsFalse(File.Exists(template));
                Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(template)));
                Assert.IsTrue(File.Exists(tmp.Combine("work/hugo.toml")));
            }
        }

        private static int CountOf(string text, string part)
        {
            int count = 0;
            for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        [TestMethod]
        public void Pass_ContentEdit_IsMirrored_AndRunsNoComponentWithoutInputs()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                tmp.Write("template/a.txt", "a edited");
                session.Pass(new[] { tmp.Combine("template/a.txt") }, CancellationToken.None);

                Assert.AreEqual("a edited", File.ReadAllText(tmp.Combine("work/a.txt")), host.Log.Text);
                Assert.AreEqual(0, host.Runs.Count);
                session.Rescan(CancellationToken.None);
                Assert.AreEqual(1, session.Passes, "the rescan after the pass finds nothing new");
            }
        }

        [TestMethod]
        public void Pass_ComponentFileEdit_OverlaysIt_AndRunsThatComponentOnly()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                string partial = tmp.Combine("components/search/files/layouts/partials/search.html");
                File.WriteAllText(partial, "search v2");
                session.Pass(new[] { partial }, CancellationToken.None);

                Assert.AreEqual("search v2", File.ReadAllText(tmp.Combine("work/layouts/partials/search.html")), host.Log.Text);
                CollectionAssert.AreEqual(new[] { "search" }, host.Runs.Single().ToArray());

                // The same path reported again without a change (an editor's second event): nothing runs again.
                session.Pass(new[] { partial }, CancellationToken.None);
                Assert.AreEqual(1, host.Runs.Count);
            }
        }

        [TestMethod]
        public void Rescan_FindsWhatNoWatcherReported_InLayersAndComponents()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                tmp.Write("content/new.md", "new");
                tmp.Write("template/layouts/page.html", "page");
                File.WriteAllText(tmp.Combine("components/analytics/init.sh"), "echo analytics v2");

                session.Rescan(CancellationToken.None);

                Assert.AreEqual("new", File.ReadAllText(tmp.Combine("work/content/new.md")), host.Log.Text);
                Assert.AreEqual("page", File.ReadAllText(tmp.Combine("work/layouts/page.html")));
                CollectionAssert.AreEqual(new[] { "analytics", "search" }, host.Runs.Single().ToArray(), "analytics: its folder; search: content is its input");
            }
        }

        [TestMethod]
        public void Pass_EditDuringAPass_IsTakenByTheNext()
        {
            using var tmp = new TempDir();
            var (session, host) = Create(tmp);
            using (session)
            {
                tmp.Write("content/a.md", "first");
                session.Pass(new[] { tmp.Combine("content/a.md") }, CancellationToken.None);

                // Written after the pass looked (same size, later time): the next pass (or rescan) copies it.
                File.WriteAllText(tmp.Combine("content/a.md"), "secnd");
                File.SetLastWriteTimeUtc(tmp.Combine("content/a.md"), DateTime.UtcNow.AddSeconds(5));
                session.Rescan(CancellationToken.None);
                Assert.AreEqual("secnd", File.ReadAllText(tmp.Combine("work/content/a.md")), host.Log.Text);
            }
        }

        private sealed class FakeHost : IServeHost
        {
            public IncrementalMirrorTests.RecordingLog Log { get; } = new();

            ICopyLog IServeHost.Log => Log;

            public List<List<string>> Runs { get; } = new();

            /// <summary>Components whose next run fails.</summary>
            public HashSet<string> Failing { get; } = new(StringComparer.OrdinalIgnoreCase);

            public string? HugoLine(string line) => null;

            public void Serving(string url, bool siteBroken)
            {
            }

            public IReadOnlyList<ComponentFailure> RunComponents(IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
            {
                var ran = names?.ToList() ?? new List<string> { "search", "analytics" };
                Runs.Add(ran);
                return ran.Where(Failing.Contains).Select(n => new ComponentFailure(n, 3, $"error HSB0201: Component '{n}' failed */}} {{{{ with exit code 3.")).ToList();
            }
        }
    }
}
