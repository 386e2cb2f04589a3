using System.Text.RegularExpressions;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>Every code the package can raise is documented, and every public property is in the README's table.</summary>
    [TestClass]
    public sealed class DocumentationTests
    {
        private static readonly Regex Code = new(@"\bHSB\d{4}\b");

        [TestMethod]
        public void EveryErrorCode_InTheSourcesAndTargets_HasARowInDocsErrors()
        {
            string errors = File.ReadAllText(Path.Combine(Harness.RepoRoot, "docs", "errors.md"));
            var documented = new HashSet<string>(Regex.Matches(errors, @"^\|\s*(HSB\d{4})\s*\|", RegexOptions.Multiline).Select(m => m.Groups[1].Value));

            var used = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Harness.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
                         .Concat(Directory.EnumerateFiles(Path.Combine(Harness.RepoRoot, "build"), "*.*", SearchOption.AllDirectories)))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                {
                    continue;
                }

                foreach (Match m in Code.Matches(File.ReadAllText(file)))
                {
                    used.Add(m.Value);
                }
            }

            Assert.IsTrue(used.Count > 50, "The scan found too few codes to be right: " + used.Count);
            var missing = used.Where(c => !documented.Contains(c)).ToList();
            Assert.AreEqual(0, missing.Count, "Codes raised but not in docs/errors.md: " + string.Join(", ", missing));
        }

        [TestMethod]
        public void EveryCodeTheTasksRaise_IsWrittenOnceInTheRegistry_AndNowhereElseInTheSources()
        {
            string src = Path.Combine(Harness.RepoRoot, "src", "HugoSite.Build.Tasks");
            string registry = Path.Combine(src, "Codes.cs");
            var declared = Regex.Matches(File.ReadAllText(registry), @"= ""(HSB\d{4})"";").Select(m => m.Groups[1].Value).ToList();
            Assert.IsTrue(declared.Count > 100, "The scan found too few codes to be right: " + declared.Count);
            Assert.AreEqual(declared.Count, declared.Distinct().Count(), "a code is declared twice: " + string.Join(", ", declared.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key)));

            var literals = new List<string>();
            foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
            {
                if (file == registry || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                {
                    continue;
                }

                foreach (Match m in Regex.Matches(File.ReadAllText(file), @"""(HSB\d{4})"""))
                {
                    literals.Add(Path.GetRelativePath(src, file) + ": " + m.Groups[1].Value);
                }
            }

            Assert.AreEqual(0, literals.Count, "Codes written as literals instead of a name from Codes.cs: " + string.Join("; ", literals));
        }

        [TestMethod]
        public void EveryPublicProperty_InTheProps_IsInTheReadmeTable()
        {
            string readme = File.ReadAllText(Path.Combine(Harness.RepoRoot, "README.md"));
            var properties = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.EnumerateFiles(Path.Combine(Harness.RepoRoot, "build"), "*.props", SearchOption.AllDirectories)
                         .Concat(Directory.EnumerateFiles(Path.Combine(Harness.RepoRoot, "build"), "*.targets", SearchOption.AllDirectories)))
            {
                foreach (Match m in Regex.Matches(File.ReadAllText(file), @"<(Hugo[A-Za-z]+) Condition=""'\$\(\1\)' == ''"""))
                {
                    properties.Add(m.Groups[1].Value);
                }
            }

            Assert.IsTrue(properties.Count > 30, "The scan found too few properties to be right: " + properties.Count);
            var missing = properties.Where(p => !readme.Contains("| `" + p + "` |", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(0, missing.Count, "Public properties missing from the README table: " + string.Join(", ", missing));
        }
    }
}
