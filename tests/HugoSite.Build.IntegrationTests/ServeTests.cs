using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// The live preview, the way a user runs it: a real `dotnet build -t:HugoServe` (and `dotnet run`) on a copy of a
    /// sample, real hugo server on a free loopback port, edits to the sample's sources, real HTTP and a real headless
    /// Chromium, and a real SIGINT at the end.
    /// </summary>
    [TestClass]
    public sealed class ServeTests
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

        [TestMethod]
        public void HugoServe_FollowsEveryKindOfEdit_RecoversFromABrokenLayout_AndStopsOnSigint()
        {
            var site = SampleSite.Docs();

            // HugoServePort is taken: the next free port is used, and its address printed.
            int taken = FreePort();
            var blocker = new TcpListener(IPAddress.Loopback, taken);
            blocker.Start();
            Preview serve;
            try
            {
                serve = Preview.Start(site.SiteDir, "build", site.ProjectFile, "-t:HugoServe", "-p:HugoServePort=" + taken,
                    "-p:HugoPerformanceHistoryFile=" + site.HistoryFile);
            }
            finally
            {
                blocker.Stop();
            }

            using var _ = serve;
            int port = new Uri(serve.Url).Port;
            Assert.IsTrue(port > taken && port <= taken + 50, serve.Url);
            Assert.AreEqual($"http://127.0.0.1:{port}/", serve.Url, serve.Output);

            // Composed as a build composes it: template, theme, content, and both components (files and init commands).
            string home = serve.WaitFor("/", html => html.Contains("search", StringComparison.Ordinal));
            StringAssert.Contains(home, "docs-demo-001", "The analytics component's generated partial is served.");
            serve.WaitFor("/search-index.json", json => json.Contains("\"title\"", StringComparison.Ordinal));

            // Content, layout and static edits.
            Edit(site, "content/docs/faq.md", text => text.Replace("title: Frequently asked questions", "title: Questions edited in preview"));
            serve.WaitFor("/docs/faq/", html => html.Contains("Questions edited in preview", StringComparison.Ordinal));
            Edit(Path.Combine(site.Root, "themes/compose/layouts/partials/footer.html"), text => text + "\n<p>footer-marker-1</p>\n");
            serve.WaitFor("/docs/faq/", html => html.Contains("footer-marker-1", StringComparison.Ordinal));
            Edit(Path.Combine(site.Root, "themes/compose/static/css/compose.css"), text => text + "\n/* css-marker-1 */\n");
            serve.WaitFor("/css/compose.css", css => css.Contains("css-marker-1", StringComparison.Ordinal));

            // Additions, deletions, renames.
            site.Write("content/docs/added-in-preview.md", "---\ntitle: Added in preview\n---\nNew page.\n");
            serve.WaitFor("/docs/added-in-preview/", html => html.Contains("Added in preview", StringComparison.Ordinal));
            File.Delete(Path.Combine(site.SiteDir, "content/docs/faq.md"));
            // hugo server keeps a removed page's last rendering in memory (as with plain hugo server), so removal shows
            // in the site's own lists: the sitemap, rebuilt from the pages Hugo has.
            serve.WaitFor("/sitemap.xml", xml => !xml.Contains("/docs/faq/", StringComparison.Ordinal));
            Assert.IsFalse(File.Exists(Path.Combine(serve.WorkDir, "content/docs/faq.md")));
            File.Move(Path.Combine(site.SiteDir, "content/docs/upgrading.md"), Path.Combine(site.SiteDir, "content/docs/upgrading-renamed.md"));
            serve.WaitForStatus("/docs/upgrading-renamed/", HttpStatusCode.OK);
            serve.WaitFor("/sitemap.xml", xml => !xml.Contains("/docs/upgrading/", StringComparison.Ordinal));
            Directory.Move(Path.Combine(site.SiteDir, "content/blog/graceful-shutdown"), Path.Combine(site.SiteDir, "content/blog/graceful-shutdown-moved"));
            serve.WaitForStatus("/blog/graceful-shutdown-moved/", HttpStatusCode.OK);
            serve.WaitFor("/sitemap.xml", xml => !xml.Contains("/blog/graceful-shutdown/", StringComparison.Ordinal));
            Assert.IsFalse(Directory.Exists(Path.Combine(serve.WorkDir, "content/blog/graceful-shutdown")), "The moved folder is gone from the preview's work folder.");

            // A component whose files changed is overlaid and its init command runs again; the other component does not.
            Edit(Path.Combine(site.Root, "components/search/files/layouts/partials/search.html"), text => text + "\n<span>search-marker-1</span>\n");
            serve.WaitFor("/", html => html.Contains("search-marker-1", StringComparison.Ordinal));
            serve.WaitForOutput("components run again: search");
            Assert.IsFalse(serve.Output.Contains("components run again: analytics", StringComparison.Ordinal), serve.Output);

            // A burst (a branch switch): 150 files written, then 75 of them removed, ends in the right state.
            for (int i = 0; i < 150; i++)
            {
                site.Write($"content/burst/page-{i:000}.md", $"---\ntitle: Burst {i}\n---\nBurst page {i}.\n");
            }

            for (int i = 0; i < 150; i += 2)
            {
                File.Delete(Path.Combine(site.SiteDir, $"content/burst/page-{i:000}.md"));
            }

            serve.WaitForStatus("/burst/page-149/", HttpStatusCode.OK);
            serve.WaitFor("/sitemap.xml", xml => !xml.Contains("/burst/page-000/", StringComparison.Ordinal) && xml.Contains("/burst/page-001/", StringComparison.Ordinal));
            Poll(() => Directory.GetFiles(Path.Combine(serve.WorkDir, "content/burst")).Length == 75, "75 burst pages in the work folder", serve);

            // A broken layout: a coded error at the user's theme file, Hugo's error page in the browser; fixed, it serves again.
            string single = Path.Combine(site.Root, "themes/compose/layouts/_default/single.html");
            string good = File.ReadAllText(single);
            File.WriteAllText(single, good + "\n{{ .Broken \n");
            serve.WaitFor("/docs/quick-start/", html => html.Contains("Hugo Server: Error", StringComparison.Ordinal), anyStatus: true);
            serve.WaitForOutput(single + "(");
            StringAssert.Contains(serve.Output, "error HSB0505");
            Assert.IsFalse(serve.Output.Contains("error HSB1012", StringComparison.Ordinal), "a file removed during a pass is not a copy error");
            File.WriteAllText(single, good);
            serve.WaitFor("/docs/quick-start/", html => !html.Contains("Hugo Server: Error", StringComparison.Ordinal) && html.Contains("footer-marker-1", StringComparison.Ordinal));

            // One preview per project: a second says where the first serves. A build still works while previewing.
            var second = site.Dotnet("build", "-t:HugoServe", "-p:HugoServePort=" + FreePort());
            Assert.AreNotEqual(0, second.ExitCode, second.ToString());
            StringAssert.Contains(second.Output, "HSB0502");
            StringAssert.Contains(second.Output, serve.Url);
            Assert.IsFalse(Directory.Exists(site.PublicDir), "The preview never writes the site output.");
            Assert.AreEqual(0, site.History().Count, "The preview never writes the history.");
            var build = site.Build();
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            var published = SampleSite.Snapshot(site.PublicDir);
            serve.WaitForStatus("/docs/added-in-preview/", HttpStatusCode.OK);

            // Ctrl+C: Hugo and its tree stop within a second, the port closes, the state file goes, public/ stays as it was.
            var hugo = serve.HugoProcesses();
            Assert.IsTrue(hugo.Count > 0, "hugo server runs under the preview");
            var stopped = serve.Interrupt();
            Poll(() => hugo.All(pid => !IsAlive(pid)), "every hugo process gone", serve, TimeSpan.FromSeconds(1));
            Assert.IsTrue(stopped < TimeSpan.FromSeconds(1) || hugo.All(pid => !IsAlive(pid)));
            Assert.IsTrue(serve.WaitForExit(TimeSpan.FromSeconds(60)), serve.Output);
            Assert.IsFalse(PortOpen(port), "the port is closed");
            Assert.IsFalse(File.Exists(Path.Combine(site.SiteDir, "obj/hugo/serve/serve.json")), "the state file is removed");
            CollectionAssert.AreEqual(published.ToList(), SampleSite.Snapshot(site.PublicDir).ToList(), "public/ is untouched by the preview");
            StringAssert.Contains(serve.Output, "Preview stopped");
        }

        [TestMethod]
        public async Task DotnetRun_InTheNoTargetsForm_ServesAndAnOpenPageInChromiumReloadsItselfAfterAnEdit()
        {
            string chromium = Chromium();
            var site = SampleSite.NoTargets();
            int port = FreePort();
            using var serve = Preview.Start(site.SiteDir, "run", "--project", site.ProjectFile, "-p:HugoServePort=" + port,
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir);
            serve.WaitFor("/", html => html.Contains("<title>", StringComparison.Ordinal));

            int debugPort = FreePort();
            using var browser = StartChromium(chromium, debugPort, Path.Combine(site.Root, "chromium-profile"), serve.Url + "about/");
            try
            {
                using var page = await DevTools.ConnectToPage(debugPort, serve.Url + "about/");
                await page.WaitUntil("document.readyState === 'complete' && !!document.querySelector('script[src*=livereload]')", TimeSpan.FromSeconds(60));
                string before = await page.Evaluate("document.title");
                await page.Evaluate("window.__previewMarker = 'not reloaded'");

                // The page's live-reload socket connects a moment after the page loads; an edit before that reloads
                // nothing, so edits are repeated (each with a new title) until the page follows one, at most five times.
                await page.WaitUntil(LiveReloadConnected, TimeSpan.FromSeconds(60));
                bool reloaded = false;
                for (int attempt = 1; attempt <= 5 && !reloaded; attempt++)
                {
                    string title = "About, reloaded by itself " + attempt;
                    Edit(site, "content/about.md", text => ReplaceTitle(text, title));
                    reloaded = await page.TryWaitUntil($"document.title.indexOf('{title}') >= 0", TimeSpan.FromSeconds(15));
                }

                Assert.IsTrue(reloaded, "The open page never showed the edited title.");
                Assert.AreEqual("undefined", await page.Evaluate("typeof window.__previewMarker"), "The page was reloaded (a new document), not patched by the test.");
                Assert.AreNotEqual(before, await page.Evaluate("document.title"));
            }
            catch (AssertFailedException ex)
            {
                throw new AssertFailedException(ex.Message + "\nPreview output:\n" + serve.Output, ex);
            }
            finally
            {
                try
                {
                    browser.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }

            // Ctrl+C in the terminal reaches dotnet run and its child build (one process group): everything stops.
            var hugo = serve.HugoProcesses();
            Assert.IsTrue(hugo.Count > 0, serve.Output);
            serve.Interrupt(group: true);
            Poll(() => hugo.All(pid => !IsAlive(pid)), "every hugo process gone", serve, TimeSpan.FromSeconds(1));
            Assert.IsTrue(serve.WaitForExit(TimeSpan.FromSeconds(60)), serve.Output);
            Assert.IsFalse(PortOpen(port), "the port is closed");
        }

        [TestMethod]
        [DataRow(false, DisplayName = "tasks in the build process")]
        [DataRow(true, DisplayName = "tasks in MSBuild's task host (HugoUseTaskHost)")]
        public void DotnetRun_InTheSdkForm_ServesTheSite_WithThePropertiesGivenToDotnetRun_AndCtrlCStopsIt(bool taskHost)
        {
            var site = SampleSite.Docs();
            int port = FreePort();
            using var serve = Preview.Start(site.SiteDir, "run", "-p:HugoServePort=" + port, "-p:HugoAnalyticsId=given-to-dotnet-run.42",
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir, "-p:HugoUseTaskHost=" + (taskHost ? "true" : "false"));
            Assert.AreEqual($"http://127.0.0.1:{port}/", serve.Url, serve.Output);
            serve.WaitFor("/docs/faq/", html => html.Contains("Frequently asked questions", StringComparison.Ordinal));

            // A property given to dotnet run reaches the preview (the analytics component is configured from it).
            serve.WaitFor("/", html => html.Contains("given-to-dotnet-run.42", StringComparison.Ordinal));

            var hugo = serve.HugoProcesses();
            Assert.IsTrue(hugo.Count > 0, serve.Output);
            serve.Interrupt(group: true);
            Poll(() => hugo.All(pid => !IsAlive(pid)), "every hugo process gone", serve, TimeSpan.FromSeconds(1));
            Assert.IsTrue(serve.WaitForExit(TimeSpan.FromSeconds(60)), serve.Output);
            Assert.IsFalse(PortOpen(port), "the port is closed");
        }

        [TestMethod]
        public async Task HugoServe_StartsOnABrokenSite_ShowsItsErrorInChromium_RecoversWhenFixed_ShowsAFailingComponentUntilFixed()
        {
            string chromium = Chromium();
            var site = SampleSite.Docs();

            // hugo server 0.111 exits on a site that does not build: the preview serves anyway, with the error.
            string single = Path.Combine(site.Root, "themes/compose/layouts/_default/single.html");
            string good = File.ReadAllText(single);
            File.WriteAllText(single, good + "\n{{ .Broken \n");
            int port = FreePort();
            using var serve = Preview.Start(site.SiteDir, "build", site.ProjectFile, "-t:HugoServe", "-p:HugoServePort=" + port,
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile);
            Assert.AreEqual($"http://127.0.0.1:{port}/", serve.Url, serve.Output);
            StringAssert.Contains(serve.Output, "warning HSB0511");
            StringAssert.Contains(serve.Output, single + "(", "the error is at the user's theme file");
            serve.WaitFor("/docs/faq/", html => html.Contains("Hugo Server: Error", StringComparison.Ordinal) && html.Contains(single, StringComparison.Ordinal), anyStatus: true);

            int debugPort = FreePort();
            using var browser = StartChromium(chromium, debugPort, Path.Combine(site.Root, "chromium-profile"), serve.Url + "docs/faq/");
            string init = Path.Combine(site.Root, "components/search/init.sh");
            string initGood = File.ReadAllText(init);
            try
            {
                using var tab = await DevTools.ConnectToPage(debugPort, serve.Url + "docs/faq/");
                await tab.WaitUntil("document.title === 'Hugo Server: Error' && document.body.innerText.indexOf('single.html') >= 0", TimeSpan.FromSeconds(60));
                await tab.Evaluate("window.__previewMarker = 'error page'");

                // Fixed: Hugo takes the address, and the open error page reloads itself into the site.
                File.WriteAllText(single, good);
                await tab.WaitUntil("document.title.indexOf('Hugo Server: Error') < 0 && !!document.querySelector('script[src*=livereload]')", TimeSpan.FromSeconds(90));
                Assert.AreEqual("undefined", await tab.Evaluate("typeof window.__previewMarker"), "a new document, reloaded by the page itself");
                serve.WaitForOutput("The site builds again");

                // A component that fails: an MSBuild line with its name and exit code, and Hugo's error page in the open tab.
                await tab.WaitUntil(LiveReloadConnected, TimeSpan.FromSeconds(60));
                File.WriteAllText(init, "echo 'search: the index cannot be written here' >&2\nexit 3\n");
                serve.WaitForOutput("components run again: search");
                await tab.WaitUntil("document.title === 'Hugo Server: Error' && document.body.innerText.indexOf(\"Component 'search' failed (exit code 3)\") >= 0", TimeSpan.FromSeconds(60));
                using (var response = await Http.GetAsync(serve.Url + "docs/faq/"))
                {
                    Assert.IsFalse(response.Headers.Contains("X-HugoSite-Preview"), "Hugo's own error page, not the preview's");
                }

                Assert.IsTrue(serve.Output.Split('\n').Any(l => l.Contains(": error HSB", StringComparison.Ordinal) && l.Contains("search", StringComparison.Ordinal) && l.Contains('3')), serve.Output);
                Assert.IsFalse(serve.Output.Contains("_hugosite-preview", StringComparison.Ordinal), "the stand-in template is not reported as the user's error");

                // Fixed: the component runs again, succeeds, and the page comes back by itself.
                File.WriteAllText(init, initGood);
                await tab.WaitUntil("document.title.indexOf('Hugo Server: Error') < 0 && !!document.querySelector('script[src*=livereload]')", TimeSpan.FromSeconds(90));
                Assert.IsFalse(Directory.Exists(Path.Combine(serve.WorkDir, "layouts/partials/_hugosite-preview")));
            }
            catch (AssertFailedException ex)
            {
                throw new AssertFailedException(ex.Message + "\nPreview output:\n" + serve.Output, ex);
            }
            finally
            {
                File.WriteAllText(init, initGood);
                try
                {
                    browser.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }

            // Declared inputs ("inputs": ["content/**/*.md"] in search's component.json): a content edit runs search again, not analytics.
            Edit(site, "content/docs/faq.md", text => text.Replace("title: Frequently asked questions", "title: Questions indexed in preview"));
            serve.WaitFor("/search-index.json", json => json.Contains("Questions indexed in preview", StringComparison.Ordinal));
            Assert.IsFalse(serve.Output.Contains("components run again: analytics", StringComparison.Ordinal), serve.Output);

            // Edits while passes copy: 200 new pages written while one page is edited ten times; the last edit wins.
            for (int i = 0; i < 200; i++)
            {
                site.Write($"content/during/page-{i:000}.md", $"---\ntitle: During {i}\n---\nPage {i}.\n");
                if (i % 20 == 19)
                {
                    Edit(site, "content/docs/faq.md", text => ReplaceTitle(text, $"Edit {i / 20} during the copies"));
                }
            }

            serve.WaitFor("/docs/faq/", html => html.Contains("Edit 9 during the copies", StringComparison.Ordinal));
            serve.WaitForStatus("/during/page-199/", HttpStatusCode.OK);
            Poll(() => Directory.GetFiles(Path.Combine(serve.WorkDir, "content/during")).Length == 200
                && File.ReadAllText(Path.Combine(serve.WorkDir, "content/docs/faq.md")) == site.Read("content/docs/faq.md"), "the work folder equals the sources", serve);

            // Ctrl+C: no process of the preview is left (Hugo, component shells), and the port closes.
            var hugo = serve.HugoProcesses();
            Assert.IsTrue(hugo.Count > 0, serve.Output);
            serve.Interrupt();
            Poll(() => hugo.All(pid => !IsAlive(pid)), "every hugo process gone", serve, TimeSpan.FromSeconds(1));
            Assert.IsTrue(serve.WaitForExit(TimeSpan.FromSeconds(60)), serve.Output);
            Assert.IsFalse(PortOpen(port), "the port is closed");
            Assert.AreEqual(0, ProcessesIn(site.Root).Count, "no process left working in the site's folders: " + string.Join(", ", ProcessesIn(site.Root)));
        }

        [TestMethod]
        public void HugoServe_WithTheLayoutsFolderMoved_ShowsAFailingComponentThere_RerunsAnItemComponentOnItsInputs_AndSigintStopsItMidRun()
        {
            var site = SampleSite.Docs();

            // The template keeps its layouts under another name (layoutDir): Hugo reads no layouts/ folder of the site.
            string template = Path.Combine(site.Root, "templates/default");
            Edit(Path.Combine(template, "hugo.toml"), text => text.Replace("baseURL = \"/\"", "baseURL = \"/\"\nlayoutDir = \"site-layouts\""));
            Directory.Move(Path.Combine(template, "layouts"), Path.Combine(template, "site-layouts"));

            // A component described by item metadata: a command and declared inputs, in a folder with no component.json.
            // (Backquotes, not $(...), which MSBuild would read as a property.)
            Directory.CreateDirectory(Path.Combine(site.Root, "components/stamp"));
            const string stampCommand = "if [ -f \"$HUGO_WORK_DIR/content/slow.md\" ]; then sleep 120; fi; mkdir -p \"$HUGO_WORK_DIR/static\"; echo stamp `find \"$HUGO_WORK_DIR/content\" -name '*.md' | wc -l` > \"$HUGO_WORK_DIR/static/stamp.txt\"";
            Edit(site.ProjectFile, text => text.Replace("</ItemGroup>", "  <HugoComponent Include=\"stamp\" Command=\"" + System.Security.SecurityElement.Escape(stampCommand) + "\" Inputs=\"content/**/*.md\" />\n  </ItemGroup>"));

            int port = FreePort();
            using var serve = Preview.Start(site.SiteDir, "build", site.ProjectFile, "-t:HugoServe", "-p:HugoServePort=" + port,
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile);
            try
            {
                string first = serve.WaitFor("/stamp.txt", text => System.Text.RegularExpressions.Regex.IsMatch(text.Trim(), @"^stamp [1-9][0-9]*$")).Trim();
                int pages = int.Parse(first.Substring("stamp ".Length), System.Globalization.CultureInfo.InvariantCulture);
                serve.WaitFor("/robots.txt", text => text.Length > 0);

                // Its input changes: it runs again (and only it, of the components without that input).
                site.Write("content/docs/new-page.md", "---\ntitle: New page\n---\nNew.\n");
                serve.WaitFor("/stamp.txt", text => text.Trim() == "stamp " + (pages + 1));
                Assert.IsTrue(serve.Output.Split('\n').Any(l => l.Contains("components run again: ", StringComparison.Ordinal) && l.Contains("stamp", StringComparison.Ordinal) && l.Contains("new-page.md", StringComparison.Ordinal)), serve.Output);

                // A failing component is shown on Hugo's error page through the layouts folder Hugo reads here.
                string init = Path.Combine(site.Root, "components/search/init.sh");
                string initGood = File.ReadAllText(init);
                File.WriteAllText(init, "echo 'search: the index cannot be written here' >&2\nexit 3\n");
                serve.WaitFor("/docs/faq/", html => html.Contains("Hugo Server: Error", StringComparison.Ordinal)
                    && html.Contains("site-layouts/partials/_hugosite-preview/component-search.html", StringComparison.Ordinal)
                    && html.Contains("search&#39; failed (exit code 3)", StringComparison.Ordinal), anyStatus: true);
                Assert.IsTrue(File.Exists(Path.Combine(serve.WorkDir, "site-layouts/partials/_hugosite-preview/component-search.html")), serve.Output);
                Assert.IsFalse(Directory.Exists(Path.Combine(serve.WorkDir, "layouts/partials/_hugosite-preview")), "nothing written where Hugo does not look");
                File.WriteAllText(init, initGood);
                serve.WaitFor("/docs/faq/", html => !html.Contains("Hugo Server: Error", StringComparison.Ordinal) && html.Contains("livereload", StringComparison.Ordinal));
                Assert.IsFalse(Directory.Exists(Path.Combine(serve.WorkDir, "site-layouts/partials/_hugosite-preview")), serve.Output);
                Assert.IsFalse(Directory.Exists(Path.Combine(serve.WorkDir, "public")), "hugo config's folders are removed again");

                // Ctrl+C while a component's command runs: its whole tree, Hugo and the port go within a second.
                site.Write("content/slow.md", "---\ntitle: Slow\n---\nSlow.\n");
                Poll(() => ProcessesIn(site.Root).Any(pid => File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep\0120", StringComparison.Ordinal)), "the component's command is running", serve);
                var left = ProcessesIn(site.Root).Concat(serve.HugoProcesses()).Distinct().ToList();
                serve.Interrupt();
                Poll(() => left.All(pid => !IsAlive(pid)), "every process of the preview gone", serve, TimeSpan.FromSeconds(1));
                Assert.IsTrue(serve.WaitForExit(TimeSpan.FromSeconds(60)), serve.Output);
                Assert.IsFalse(PortOpen(port), "the port is closed");
                Assert.AreEqual(0, ProcessesIn(site.Root).Count, "no process left working in the site's folders: " + string.Join(", ", ProcessesIn(site.Root)));
                Assert.IsFalse(Directory.Exists(Path.Combine(site.SiteDir, "public")), "the preview never writes public/");
            }
            catch (AssertFailedException ex)
            {
                throw new AssertFailedException(ex.Message + "\nPreview output:\n" + serve.Output, ex);
            }
        }

        private const string LiveReloadConnected =
            "typeof LiveReload !== 'undefined' && !!LiveReload.connector && !!LiveReload.connector.socket && LiveReload.connector.socket.readyState === 1";

        private static string Chromium() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new AssertFailedException("Chromium is not installed; .ci/run installs it (apt-get install -y chromium).");

        private static Process StartChromium(string chromium, int debugPort, string profile, string url)
        {
            var info = new ProcessStartInfo(chromium)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=" + debugPort, "--user-data-dir=" + profile, url })
            {
                info.ArgumentList.Add(argument);
            }

            var browser = Process.Start(info)!;
            browser.BeginOutputReadLine();
            browser.BeginErrorReadLine();
            return browser;
        }

        /// <summary>Processes whose working folder is inside <paramref name="folder"/> (a component's command runs in the work folder).</summary>
        private static List<int> ProcessesIn(string folder)
        {
            var pids = new List<int>();
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid) || !IsAlive(pid))
                {
                    continue;
                }

                try
                {
                    var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                    if (cwd != null && (cwd + "/").StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal))
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return pids;
        }

        private static string ReplaceTitle(string text, string title)
        {
            var lines = text.Split('\n').ToList();
            int i = lines.FindIndex(l => l.StartsWith("title", StringComparison.Ordinal));
            Assert.IsTrue(i >= 0, "the page has a title line");
            lines[i] = lines[i].Contains('=') ? $"title = \"{title}\"" : $"title: \"{title}\"";
            return string.Join('\n', lines);
        }

        private static void Edit(SampleSite site, string relative, Func<string, string> change) => Edit(Path.Combine(site.SiteDir, relative), change);

        private static void Edit(string path, Func<string, string> change)
        {
            string before = File.ReadAllText(path);
            string after = change(before);
            Assert.AreNotEqual(before, after, "the edit changes " + path);
            File.WriteAllText(path, after);
        }

        internal static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static bool PortOpen(int port)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                char state = stat[stat.LastIndexOf(')') + 2];
                return state != 'Z' && state != 'X';
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static void Poll(Func<bool> condition, string what, Preview serve, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Timed out waiting for {what}.\n{serve.Output}");
                }

                Thread.Sleep(20);
            }
        }

        /// <summary>A running preview: the dotnet process, its output, and helpers that poll the served site.</summary>
        private sealed class Preview : IDisposable
        {
            private readonly Process _process;
            private readonly StringBuilder _output = new();

            private Preview(Process process, string siteDir)
            {
                _process = process;
                WorkDir = Path.Combine(siteDir, "obj", "hugo", "serve", "work");
            }

            public string Url { get; private set; } = string.Empty;

            public string WorkDir { get; }

            public string Output
            {
                get
                {
                    lock (_output)
                    {
                        return _output.ToString();
                    }
                }
            }

            /// <summary>Starts dotnet in a process group of its own (as a terminal would), and waits for the preview's address.</summary>
            public static Preview Start(string workingDirectory, params string[] arguments)
            {
                // A process group of its own, as a terminal gives a command, and SIGINT at its default (a shell's
                // background job starts with it ignored, and that would be inherited).
                var info = new ProcessStartInfo("env")
                {
                    WorkingDirectory = workingDirectory,
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                info.ArgumentList.Add("--default-signal=INT");
                info.ArgumentList.Add("setsid");
                info.ArgumentList.Add("dotnet");
                foreach (string argument in arguments)
                {
                    info.ArgumentList.Add(argument);
                }

                info.ArgumentList.Add("-nologo");
                foreach (string key in info.Environment.Keys.ToList())
                {
                    if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                    {
                        info.Environment.Remove(key);
                    }
                }

                info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
                info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
                info.Environment["DOTNET_NOLOGO"] = "1";
                var process = new Process { StartInfo = info };
                var preview = new Preview(process, workingDirectory);
                process.OutputDataReceived += (_, e) => preview.Append(e.Data);
                process.ErrorDataReceived += (_, e) => preview.Append(e.Data);
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
                while (preview.Url.Length == 0)
                {
                    if (process.HasExited || DateTime.UtcNow > deadline)
                    {
                        preview.Dispose();
                        Assert.Fail("The preview did not start:\n" + preview.Output);
                    }

                    Thread.Sleep(50);
                }

                return preview;
            }

            public string WaitFor(string path, Func<string, bool> condition, bool anyStatus = false)
            {
                string last = string.Empty;
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (DateTime.UtcNow < deadline)
                {
                    try
                    {
                        using var response = Http.GetAsync(Url.TrimEnd('/') + path).GetAwaiter().GetResult();
                        last = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                        if ((anyStatus || response.StatusCode == HttpStatusCode.OK) && condition(last))
                        {
                            return last;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    Thread.Sleep(50);
                }

                Assert.Fail($"{path} never showed what was expected. Last response:\n{last}\nPreview output:\n{Output}");
                return last;
            }

            public void WaitForStatus(string path, HttpStatusCode status)
            {
                HttpStatusCode last = 0;
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (DateTime.UtcNow < deadline)
                {
                    try
                    {
                        using var response = Http.GetAsync(Url.TrimEnd('/') + path).GetAwaiter().GetResult();
                        last = response.StatusCode;
                        if (last == status)
                        {
                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    Thread.Sleep(50);
                }

                Assert.Fail($"{path} answered {last}, not {status}.\n{Output}");
            }

            public void WaitForOutput(string text)
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (!Output.Contains(text, StringComparison.Ordinal))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        Assert.Fail($"The preview never printed '{text}':\n{Output}");
                    }

                    Thread.Sleep(50);
                }
            }

            /// <summary>hugo processes serving this preview's work folder.</summary>
            public List<int> HugoProcesses()
            {
                var pids = new List<int>();
                foreach (string dir in Directory.GetDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), out int pid))
                    {
                        continue;
                    }

                    try
                    {
                        string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                        if (cmdline.Contains("server", StringComparison.Ordinal) && cmdline.Contains(WorkDir.TrimEnd('/'), StringComparison.Ordinal))
                        {
                            pids.Add(pid);
                        }
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                return pids;
            }

            /// <summary>SIGINT to dotnet (or to its whole process group, as Ctrl+C in a terminal sends it).</summary>
            public TimeSpan Interrupt(bool group = false)
            {
                var watch = Stopwatch.StartNew();
                const int SigInt = 2;
                Assert.AreEqual(0, Kill(group ? -_process.Id : _process.Id, SigInt), "kill(2) failed");
                return watch.Elapsed;
            }

            [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
            private static extern int Kill(int pid, int signal);

            public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit((int)timeout.TotalMilliseconds);

            public void Dispose()
            {
                try
                {
                    if (!_process.HasExited)
                    {
                        _process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                }

                foreach (int pid in HugoProcesses())
                {
                    try
                    {
                        Process.GetProcessById(pid).Kill(entireProcessTree: true);
                    }
                    catch (ArgumentException)
                    {
                    }
                }

                _process.Dispose();
            }

            private void Append(string? line)
            {
                if (line == null)
                {
                    return;
                }

                lock (_output)
                {
                    _output.AppendLine(line);
                }

                const string marker = "Preview of ";
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0 && Url.Length == 0)
                {
                    int start = line.IndexOf("http://", at, StringComparison.Ordinal);
                    int end = line.IndexOf(' ', start);
                    Url = line.Substring(start, end - start);
                }
            }
        }

        /// <summary>The Chrome DevTools protocol over a WebSocket: just enough to evaluate script in one page.</summary>
        private sealed class DevTools : IDisposable
        {
            private readonly ClientWebSocket _socket;
            private int _id;

            private DevTools(ClientWebSocket socket)
            {
                _socket = socket;
            }

            public static async Task<DevTools> ConnectToPage(int port, string url)
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (true)
                {
                    try
                    {
                        string list = await Http.GetStringAsync($"http://127.0.0.1:{port}/json/list");
                        using var document = JsonDocument.Parse(list);
                        foreach (var target in document.RootElement.EnumerateArray())
                        {
                            if (target.GetProperty("type").GetString() == "page" && target.GetProperty("url").GetString()!.StartsWith(url, StringComparison.Ordinal))
                            {
                                var socket = new ClientWebSocket();
                                await socket.ConnectAsync(new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
                                return new DevTools(socket);
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        throw new AssertFailedException("Chromium never opened " + url);
                    }

                    await Task.Delay(100);
                }
            }

            /// <summary>Evaluates an expression in the page; its value as a string.</summary>
            public async Task<string> Evaluate(string expression)
            {
                int id = Interlocked.Increment(ref _id);
                string request = JsonSerializer.Serialize(new { id, method = "Runtime.evaluate", @params = new { expression, returnByValue = true } });
                await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
                var buffer = new byte[1 << 16];
                while (true)
                {
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                        result = await _socket.ReceiveAsync(buffer, timeout.Token);
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);

                    using var document = JsonDocument.Parse(message.ToArray());
                    if (document.RootElement.TryGetProperty("id", out var got) && got.GetInt32() == id)
                    {
                        if (!document.RootElement.TryGetProperty("result", out var outer) || !outer.TryGetProperty("result", out var value))
                        {
                            return string.Empty;
                        }

                        return value.TryGetProperty("value", out var v) ? v.ToString() : value.GetProperty("type").GetString() ?? string.Empty;
                    }
                }
            }

            public async Task WaitUntil(string condition, TimeSpan timeout)
            {
                if (!await TryWaitUntil(condition, timeout))
                {
                    throw new AssertFailedException($"The page never satisfied {condition}.");
                }
            }

            public async Task<bool> TryWaitUntil(string condition, TimeSpan timeout)
            {
                var deadline = DateTime.UtcNow + timeout;
                string last = string.Empty;
                while (DateTime.UtcNow < deadline)
                {
                    try
                    {
                        last = await Evaluate(condition);
                        if (last == "True" || last == "true")
                        {
                            return true;
                        }
                    }
                    catch (WebSocketException)
                    {
                    }

                    await Task.Delay(50);
                }

                return false;
            }

            public void Dispose() => _socket.Dispose();
        }
    }
}
