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
