using System.Collections;
using HugoSite.Build.Tasks.Cache;

namespace HugoSite.Build.Tasks.Tests
{
    [TestClass]
    public sealed class CacheEnvironmentTests
    {
        private static Dictionary<string, string> Properties(Hashtable environment, params string[] extra)
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            EnvironmentInputs.AddTo(properties, environment, extra);
            return properties;
        }

        [TestMethod]
        public void EveryHugoVariableAndCi_AreInputs_OthersOnlyWhenNamed()
        {
            var environment = new Hashtable
            {
                ["HUGO_BASEURL"] = "https://env.example.org/",
                ["HUGO_PARAMS_GREETING"] = "hi",
                ["HUGOxPARAMSxMODE"] = "x",
                ["HUGO_IGNOREERRORS"] = "error-x",
                ["CI"] = "true",
                ["PATH"] = "/usr/bin",
                ["SITE_TOKEN"] = "secret-token",
            };

            Dictionary<string, string> plain = Properties(environment);
            CollectionAssert.AreEquivalent(
                new[] { "env:HUGO_BASEURL", "env:HUGO_PARAMS_GREETING", "env:HUGOxPARAMSxMODE", "env:HUGO_IGNOREERRORS", "env:CI" },
                plain.Keys.ToArray());

            Dictionary<string, string> named = Properties(environment, " SITE_TOKEN ", "", "NOT_SET");
            Assert.IsTrue(named.ContainsKey("env:SITE_TOKEN"), "A name the project lists is an input when it is set.");
            Assert.IsFalse(named.ContainsKey("env:NOT_SET"), "A listed name that is not set adds nothing.");
            Assert.IsFalse(named.Values.Any(v => v.Contains("secret", StringComparison.Ordinal) || v.Contains("example", StringComparison.Ordinal)),
                "Values are kept as hashes: the state file and cache entries never hold a variable's value.");
        }

        [TestMethod]
        public void ChangedValue_ChangesTheFingerprint_AndTheReasonNamesTheVariable()
        {
            using var temp = new TempDir();
            var files = new List<InputFile> { new("content/a.md", temp.Write("content/a.md", "a")) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));
            FingerprintResult without = fingerprinter.Compute("v", Properties(new Hashtable { ["HUGO_IGNOREERRORS"] = "error-x" }), files, null, CancellationToken.None);

            FingerprintResult set = fingerprinter.Compute("v", Properties(new Hashtable { ["HUGO_IGNOREERRORS"] = "error-x", ["HUGO_BASEURL"] = "https://env.example.org/" }), files, without.State, CancellationToken.None);
            Assert.AreNotEqual(without.Fingerprint, set.Fingerprint);
            Assert.AreEqual("environment variable HUGO_BASEURL (set)", set.DescribeChanges());

            FingerprintResult changed = fingerprinter.Compute("v", Properties(new Hashtable { ["HUGO_IGNOREERRORS"] = "error-x", ["HUGO_BASEURL"] = "https://other.example.org/" }), files, set.State, CancellationToken.None);
            Assert.AreNotEqual(set.Fingerprint, changed.Fingerprint);
            Assert.AreEqual("environment variable HUGO_BASEURL (changed)", changed.DescribeChanges());

            FingerprintResult removed = fingerprinter.Compute("v", Properties(new Hashtable { ["HUGO_BASEURL"] = "https://other.example.org/" }), files, changed.State, CancellationToken.None);
            Assert.AreEqual("environment variable HUGO_IGNOREERRORS (removed)", removed.DescribeChanges());

            var both = Properties(new Hashtable { ["HUGO_ENV"] = "staging" });
            both["HugoBaseUrl"] = "https://prop.example.org/";
            FingerprintResult two = fingerprinter.Compute("v", both, files, removed.State, CancellationToken.None);
            Assert.AreEqual("property HugoBaseUrl; environment variables HUGO_BASEURL (removed), HUGO_ENV (set)", two.DescribeChanges());
        }

        [TestMethod]
        public void SameVariables_InAnotherOrder_KeepTheFingerprint()
        {
            using var temp = new TempDir();
            var files = new List<InputFile> { new("content/a.md", temp.Write("content/a.md", "a")) };
            var fingerprinter = new Fingerprinter(() => DateTime.UtcNow.AddMinutes(10));
            var one = new Hashtable { ["HUGO_A"] = "1", ["HUGO_B"] = "2" };
            var other = new Hashtable { ["HUGO_B"] = "2", ["HUGO_A"] = "1" };
            FingerprintResult first = fingerprinter.Compute("v", Properties(one), files, null, CancellationToken.None);
            FingerprintResult second = fingerprinter.Compute("v", Properties(other), files, first.State, CancellationToken.None);
            Assert.IsTrue(second.Unchanged);
            Assert.AreEqual(first.Fingerprint, second.Fingerprint);
        }
    }
}
