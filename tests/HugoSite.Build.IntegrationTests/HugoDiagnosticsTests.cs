namespace HugoSite.Build.IntegrationTests
{
    /// <summary>What a person reads when Hugo fails: one error per cause, at the user's own file, in the user's paths.</summary>
    [TestClass]
    public sealed class HugoDiagnosticsTests
    {
        private static string[] Lines(RunResult result, string code) =>
            result.Output.Split('\n').Where(l => l.Contains(code, StringComparison.Ordinal)).Distinct().ToArray();

        [TestMethod]
        public void BrokenLayout_IsOneErrorAtTheThemeFile_WithoutWorkFolderPaths_AndNoPhaseWarnings()
        {
            SampleSite site = SampleSite.NoTargets();
            Assert.AreEqual(0, site.Build().ExitCode);
            string layout = Path.Combine(site.Root, "themes", "compose", "layouts", "_default", "single.html");
            File.WriteAllText(layout, File.ReadAllText(layout).Replace("{{ .Content }}", "{{ .Content }}{{ partial \"no-such-partial.html\" . }}", StringComparison.Ordinal));

            RunResult broken = site.Build();
            Assert.AreNotEqual(0, broken.ExitCode, broken.ToString());
            string[] errors = Lines(broken, ": error ");
            Assert.AreEqual(1, errors.Length, "One Hugo error, reported once:\n" + broken);
            StringAssert.StartsWith(errors[0].Trim(), layout + "(", "The error is at the user's file:\n" + broken);
            StringAssert.Contains(errors[0], "HSB0003");
            StringAssert.Contains(errors[0], "no-such-partial.html");
            Assert.IsFalse(errors[0].Contains(Path.Combine("obj", "hugo"), StringComparison.Ordinal), "No work-folder path in the text:\n" + errors[0]);
            Assert.AreEqual(0, Lines(broken, "HSB3003").Length, "A failed build closes its phases; no warning repeats the error:\n" + broken);
            Assert.IsFalse(site.History().Last().GetProperty("success").GetBoolean());
        }

        [TestMethod]
        public void HugoErrorWithoutAFile_IsAttributedToTheProject_AndSaysWhatToCheck()
        {
            SampleSite site = SampleSite.NoTargets();
            RunResult failed = site.Build("-p:HugoArguments=--noSuchFlag");
            Assert.AreNotEqual(0, failed.ExitCode, failed.ToString());
            string[] errors = Lines(failed, ": error ");
            Assert.AreEqual(1, errors.Length, failed.ToString());
            StringAssert.StartsWith(errors[0].Trim(), site.ProjectFile + " : error HSB", failed.ToString());
            Assert.IsFalse(errors[0].Contains("HugoSite.Build.targets", StringComparison.Ordinal), errors[0]);
            Assert.IsFalse(errors[0].Contains("Fix the file Hugo names", StringComparison.Ordinal), errors[0]);
            StringAssert.Contains(errors[0], "noSuchFlag");
            Assert.AreEqual(0, Lines(failed, "HSB3003").Length, failed.ToString());
        }
    }
}
