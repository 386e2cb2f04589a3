namespace HugoSite.Build.IntegrationTests
{
    /// <summary>Links that lead outside the site's sources, and page names that differ only in case.</summary>
    [TestClass]
    public sealed class SourceLinksAndNamesTests
    {
        private static string[] Lines(RunResult result, string code) =>
            result.Output.Split('\n').Where(l => l.Contains(code, StringComparison.Ordinal)).Distinct().ToArray();

        [TestMethod]
        public void ExternalLink_IsFollowedWithAWarning_KeptPrivateInTheCache_AndSkippedOnRequest()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Symbolic links need privileges on Windows.");
            }

            SampleSite site = SampleSite.NoTargets();
            // Outside the samples folder (the source root) and the project: someone's private notes.
            string outside = Path.Combine(Path.GetTempPath(), "hsb-outside-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(outside);
            try
            {
                File.WriteAllText(Path.Combine(outside, "private.md"), "---\ntitle: Private notes\n---\nNot meant for the site.\n");
                File.SetUnixFileMode(Path.Combine(outside, "private.md"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                string link = Path.Combine(site.SiteDir, "content", "private");
                Directory.CreateSymbolicLink(link, outside);

                RunResult followed = site.Build();
                Assert.AreEqual(0, followed.ExitCode, followed.ToString());
                string[] warnings = Lines(followed, "warning HSB1201");
                Assert.AreEqual(1, warnings.Length, followed.ToString());
                StringAssert.Contains(warnings[0], "'" + link + "'");
                StringAssert.Contains(warnings[0], "'" + outside + "'");
                Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "private", "private", "index.html")), "Followed by default, as plain Hugo does.");

                string fingerprint = site.History().Last().GetProperty("cache").GetProperty("fingerprint").GetString()!;
                string entry = Path.Combine(site.CacheDir, "entries", fingerprint);
                Assert.IsTrue(Directory.Exists(entry), "The site is stored.\n" + followed);
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(entry),
                    "Files from outside the sources are stored where only this user can read them.");

                RunResult skipped = site.Build("-p:HugoFollowExternalLinks=false");
                Assert.AreEqual(0, skipped.ExitCode, skipped.ToString());
                Assert.IsFalse(skipped.Output.Contains("up to date", StringComparison.Ordinal), "The switch changes the site.\n" + skipped);
                Assert.AreEqual(0, Lines(skipped, "HSB1201").Length, skipped.ToString());
                Assert.IsFalse(Directory.Exists(Path.Combine(site.PublicDir, "private")), skipped.ToString());
                Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "index.html")));
            }
            finally
            {
                Directory.Delete(outside, true);
            }
        }

        [TestMethod]
        public void PagesThatDifferOnlyInCase_AreAWarningNamingBoth()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("Needs a case-sensitive file system.");
            }

            SampleSite site = SampleSite.NoTargets();
            string lower = Path.Combine(site.SiteDir, "content", "about.md");
            string upper = Path.Combine(site.SiteDir, "content", "About.md");
            File.WriteAllText(upper, "---\ntitle: About (capital)\n---\nThe other one.\n");
            RunResult result = site.Build();
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            string[] twins = Lines(result, "warning HSB1200");
            Assert.AreEqual(1, twins.Length, result.ToString());
            StringAssert.Contains(twins[0], upper);
            StringAssert.Contains(twins[0], lower);
        }
    }
}
