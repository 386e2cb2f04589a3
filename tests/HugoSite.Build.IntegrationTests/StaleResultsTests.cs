using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>What MSBuild's up-to-date check and the build cache must see, so no build serves a stale site.</summary>
    [TestClass]
    public sealed class StaleResultsTests
    {
        private const string UpToDate = "site is up to date";

        private static RunResult Build(SampleSite site, IDictionary<string, string?>? environment, params string[] extra)
        {
            var arguments = new List<string> { "build", site.ProjectFile, "-nologo", "-v:m", "-clp:NoSummary",
                "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir };
            arguments.AddRange(extra);
            return Dotnet.RunWithEnvironment(site.SiteDir, environment, arguments.ToArray());
        }

        private static string MissReason(SampleSite site) =>
            site.History().Last().GetProperty("cache").GetProperty("miss_reason").GetString() ?? string.Empty;

        private static bool Hit(SampleSite site) => site.History().Last().GetProperty("cache").GetProperty("hit").GetBoolean();

        [TestMethod]
        public void HugoEnvironmentVariables_AreInputsOfTheUpToDateCheckAndTheCache()
        {
            SampleSite site = SampleSite.NoTargets();
            var none = new Dictionary<string, string?> { ["HUGO_BASEURL"] = null, ["HUGO_IGNOREERRORS"] = null };
            var baseUrl = new Dictionary<string, string?> { ["HUGO_BASEURL"] = "https://env.example.org/", ["HUGO_IGNOREERRORS"] = null };
            string index = Path.Combine(site.PublicDir, "index.html");

            RunResult first = Build(site, none);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.IsFalse(File.ReadAllText(index).Contains("env.example.org", StringComparison.Ordinal));

            RunResult set = Build(site, baseUrl);
            Assert.AreEqual(0, set.ExitCode, set.ToString());
            Assert.IsFalse(set.Output.Contains(UpToDate, StringComparison.Ordinal), "Setting HUGO_BASEURL must rebuild.\n" + set);
            Assert.IsFalse(Hit(site), "No cache entry was built with this base URL.");
            StringAssert.Contains(MissReason(site), "environment variable HUGO_BASEURL (set)");
            StringAssert.Contains(File.ReadAllText(index), "https://env.example.org/", "Hugo used the variable.");

            RunResult same = Build(site, baseUrl);
            StringAssert.Contains(same.Output, UpToDate, "The same variables again: nothing to do.\n" + same);

            // Another value after a touch: a miss, never the entry that serves the old base URL.
            File.SetLastWriteTimeUtc(Path.Combine(site.SiteDir, "content", "_index.md"), DateTime.UtcNow);
            var other = new Dictionary<string, string?> { ["HUGO_BASEURL"] = "https://other.example.org/", ["HUGO_IGNOREERRORS"] = null };
            RunResult changed = Build(site, other);
            Assert.AreEqual(0, changed.ExitCode, changed.ToString());
            Assert.IsFalse(Hit(site), "A changed HUGO_BASEURL is not a hit on the entry of the old one.");
            StringAssert.Contains(MissReason(site), "HUGO_BASEURL (changed)");
            StringAssert.Contains(File.ReadAllText(index), "https://other.example.org/");

            var ignore = new Dictionary<string, string?> { ["HUGO_BASEURL"] = "https://other.example.org/", ["HUGO_IGNOREERRORS"] = "error-remote-getjson" };
            Assert.AreEqual(0, Build(site, ignore).ExitCode);
            StringAssert.Contains(MissReason(site), "environment variable HUGO_IGNOREERRORS (set)");
            int lines = site.History().Count;

            // Removing a variable is a change too; back to the inputs of an earlier build: its entry is right.
            RunResult removed = Build(site, other);
            Assert.AreEqual(0, removed.ExitCode, removed.ToString());
            Assert.IsFalse(removed.Output.Contains(UpToDate, StringComparison.Ordinal), "Removing HUGO_IGNOREERRORS must rebuild.\n" + removed);
            Assert.AreEqual(lines + 1, site.History().Count);
            Assert.IsTrue(Hit(site), "The inputs are those of the build before: its entry is the right site.");
            StringAssert.Contains(File.ReadAllText(index), "https://other.example.org/");

            RunResult back = Build(site, none);
            Assert.IsFalse(back.Output.Contains(UpToDate, StringComparison.Ordinal), back.ToString());
            Assert.IsFalse(File.ReadAllText(index).Contains("example.org", StringComparison.Ordinal), "Without the variable the config's base URL is back.");
            string[] envFiles = Directory.GetFiles(Path.Combine(site.SiteDir, "obj", "hugo", "env"));
            Assert.IsFalse(envFiles.Any(f => File.ReadAllText(f).Contains("example.org", StringComparison.Ordinal)), "Only hashes of values are written.");
        }

        [TestMethod]
        public void NewFolderThroughASymbolicLinkInContent_IsSeen()
        {
            SampleSite site = SampleSite.NoTargets();
            string shared = Path.Combine(site.Root, "shared-notes");
            Directory.CreateDirectory(shared);
            File.WriteAllText(Path.Combine(shared, "first.md"), "---\ntitle: First note\n---\nFirst.\n");
            Directory.CreateSymbolicLink(Path.Combine(site.SiteDir, "content", "notes"), shared);
            RunResult first = Build(site, null);
            Assert.AreEqual(0, first.ExitCode, first.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "notes", "first", "index.html")), first.ToString());
            StringAssert.Contains(Build(site, null).Output, UpToDate);

            // A new folder inside the linked folder, with a page written long ago (a checkout, cp -p, a move).
            string added = Path.Combine(shared, "later");
            Directory.CreateDirectory(added);
            string page = Path.Combine(added, "second.md");
            File.WriteAllText(page, "---\ntitle: Second note\n---\nSecond.\n");
            File.SetLastWriteTimeUtc(page, DateTime.UtcNow.AddDays(-30));
            Directory.SetLastWriteTimeUtc(added, DateTime.UtcNow.AddDays(-30));
            RunResult second = Build(site, null);
            Assert.AreEqual(0, second.ExitCode, second.ToString());
            Assert.IsFalse(second.Output.Contains(UpToDate, StringComparison.Ordinal), "A new folder through a link is a new input.\n" + second);
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "notes", "later", "second", "index.html")), second.ToString());

            // A second link to a new folder, made after the build.
            string more = Path.Combine(site.Root, "more-notes");
            Directory.CreateDirectory(more);
            File.WriteAllText(Path.Combine(more, "third.md"), "---\ntitle: Third\n---\nThird.\n");
            File.SetLastWriteTimeUtc(Path.Combine(more, "third.md"), DateTime.UtcNow.AddDays(-30));
            Directory.CreateSymbolicLink(Path.Combine(site.SiteDir, "content", "notes-more"), more);
            RunResult third = Build(site, null);
            Assert.AreEqual(0, third.ExitCode, third.ToString());
            Assert.IsFalse(third.Output.Contains(UpToDate, StringComparison.Ordinal), "A new link to a folder is a new input.\n" + third);
            Assert.IsTrue(File.Exists(Path.Combine(site.PublicDir, "notes-more", "third", "index.html")), third.ToString());
            StringAssert.Contains(Build(site, null).Output, UpToDate);

            // The link pointed at another folder: same file names, older times. Only the link itself changed.
            string other = Path.Combine(site.Root, "other-notes");
            Directory.CreateDirectory(other);
            File.WriteAllText(Path.Combine(other, "third.md"), "---\ntitle: Third, other folder\n---\nFrom the other folder.\n");
            File.SetLastWriteTimeUtc(Path.Combine(other, "third.md"), DateTime.UtcNow.AddDays(-60));
            Directory.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddDays(-60));
            Directory.Delete(Path.Combine(site.SiteDir, "content", "notes-more"));
            Directory.CreateSymbolicLink(Path.Combine(site.SiteDir, "content", "notes-more"), other);
            RunResult retargeted = Build(site, null);
            Assert.AreEqual(0, retargeted.ExitCode, retargeted.ToString());
            Assert.IsFalse(retargeted.Output.Contains(UpToDate, StringComparison.Ordinal), "A link pointed elsewhere is a changed input.\n" + retargeted);
            StringAssert.Contains(File.ReadAllText(Path.Combine(site.PublicDir, "notes-more", "third", "index.html")), "From the other folder.");
            StringAssert.Contains(Build(site, null).Output, UpToDate, "Recorded again: the next build has nothing to do.");
        }
    }
}
