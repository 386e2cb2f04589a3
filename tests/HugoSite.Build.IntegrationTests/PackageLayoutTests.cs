using System.IO.Compression;
using System.Xml.Linq;

namespace HugoSite.Build.IntegrationTests
{
    [TestClass]
    public sealed class PackageLayoutTests
    {
        [TestMethod]
        public void Package_HasTasksForBothRuntimes_BuildFiles_AndNoLib()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);

            foreach (string expected in new[]
            {
                "tasks/net472/HugoSite.Build.Tasks.dll",
                "tasks/net8.0/HugoSite.Build.Tasks.dll",
                "build/HugoSite.Build.props",
                "build/HugoSite.Build.targets",
                "build/HugoSite.Build.Standalone.targets",
                "Sdk/Sdk.props",
                "Sdk/Sdk.targets",
                "README.md",
                "LICENSE",
            })
            {
                CollectionAssert.Contains(entries.ToList(), expected, "The package lacks " + expected);
            }

            Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), "Nothing may go to lib/: a task package adds no reference to its consumers.");
            Assert.IsFalse(entries.Any(e => e.EndsWith("Microsoft.Build.Framework.dll", StringComparison.Ordinal) || e.EndsWith("Microsoft.Build.Utilities.Core.dll", StringComparison.Ordinal)),
                "MSBuild's own assemblies must not ship: MSBuild provides them.");
            Assert.IsFalse(entries.Any(e => e.EndsWith("System.Text.Json.dll", StringComparison.Ordinal)),
                "System.Text.Json must not ship: MSBuild (and Visual Studio) provide it.");
        }

        [TestMethod]
        public void Nuspec_IsADevelopmentDependency_WithNoDependencies()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            XDocument nuspec = XDocument.Load(stream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            XElement metadata = nuspec.Root.Element(ns + "metadata")!;

            Assert.AreEqual("HugoSite.Build", metadata.Element(ns + "id")!.Value);
            Assert.AreEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
            Assert.AreEqual("MIT", metadata.Element(ns + "license")?.Value);
            XElement? dependencies = metadata.Element(ns + "dependencies");
            Assert.IsTrue(dependencies == null || !dependencies.Descendants(ns + "dependency").Any(), "The package must not pull dependencies into a site project.");
        }

        [TestMethod]
        public void MSBuildFiles_ImportThePackagesOwnFilesUnconditionally_AndEachIsPacked()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
            int imports = 0;
            foreach (string file in entries.Where(e => (e.StartsWith("build/", StringComparison.Ordinal) || e.StartsWith("buildMultiTargeting/", StringComparison.Ordinal) || e.StartsWith("Sdk/", StringComparison.Ordinal))
                                                   && (e.EndsWith(".props", StringComparison.Ordinal) || e.EndsWith(".targets", StringComparison.Ordinal))))
            {
                using var stream = zip.GetEntry(file)!.Open();
                XDocument document = XDocument.Load(stream);
                foreach (XElement import in document.Descendants().Where(e => e.Name.LocalName == "Import"))
                {
                    string project = import.Attribute("Project")!.Value;
                    const string Here = "$(MSBuildThisFileDirectory)";
                    if (!project.StartsWith(Here, StringComparison.Ordinal))
                    {
                        continue; // the user's Directory.Build.props/targets
                    }

                    imports++;
                    string condition = import.Attribute("Condition")?.Value ?? string.Empty;
                    Assert.IsFalse(condition.Contains("Exists(", StringComparison.Ordinal),
                        file + " imports " + project + " only if it exists: a file missing from the package would be skipped silently.");
                    string target = Resolve(file.Substring(0, file.LastIndexOf('/')), project.Substring(Here.Length));
                    CollectionAssert.Contains(entries.ToList(), target, file + " imports " + project + ", which the package lacks.");
                }
            }

            Assert.IsTrue(imports >= 10, "Too few imports found: " + imports);
        }

        /// <summary>A path inside the package: <paramref name="relative"/> (may start with ../) from <paramref name="folder"/>.</summary>
        private static string Resolve(string folder, string relative)
        {
            var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
            foreach (string part in relative.Replace('\\', '/').Split('/'))
            {
                if (part == "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (part != "." && part.Length > 0)
                {
                    parts.Add(part);
                }
            }

            return string.Join('/', parts);
        }

        [TestMethod]
        public void Targets_PickTheTaskAssemblyByRuntime_AndSkipDesignTimeBuilds()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            using var reader = new StreamReader(zip.GetEntry("build/HugoSite.Build.targets")!.Open());
            string targets = reader.ReadToEnd();
            StringAssert.Contains(targets, "'$(MSBuildRuntimeType)' == 'Core'");
            StringAssert.Contains(targets, "net472");
            StringAssert.Contains(targets, "'$(DesignTimeBuild)' != 'true'");
        }
    }
}
