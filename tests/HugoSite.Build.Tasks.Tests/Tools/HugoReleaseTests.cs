using System.Runtime.InteropServices;
using HugoSite.Build.Tasks.Tools;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    [TestClass]
    public sealed class HugoReleaseTests
    {
        private static HugoVersionNumber V(string text)
        {
            Assert.IsTrue(HugoVersionNumber.TryParse(text, out HugoVersionNumber v), text);
            return v;
        }

        [TestMethod]
        // Names as the releases publish them (checked against published checksums files and installers that fetch them).
        [DataRow("0.111.3", HugoEdition.Extended, "linux", "amd64", "hugo_extended_0.111.3_linux-amd64.tar.gz")]
        [DataRow("0.111.3", HugoEdition.Extended, "linux", "arm64", "hugo_extended_0.111.3_linux-arm64.tar.gz")]
        [DataRow("0.111.3", HugoEdition.Standard, "linux", "arm", "hugo_0.111.3_linux-arm.tar.gz")]
        [DataRow("0.111.3", HugoEdition.Extended, "darwin", "arm64", "hugo_extended_0.111.3_darwin-universal.tar.gz")]
        [DataRow("0.105.0", HugoEdition.Standard, "darwin", "amd64", "hugo_0.105.0_darwin-universal.tar.gz")]
        [DataRow("0.111.3", HugoEdition.Extended, "windows", "amd64", "hugo_extended_0.111.3_windows-amd64.zip")]
        [DataRow("0.139.4", HugoEdition.Standard, "windows", "arm64", "hugo_0.139.4_windows-arm64.zip")]
        [DataRow("0.137.0", HugoEdition.Withdeploy, "linux", "amd64", "hugo_extended_withdeploy_0.137.0_linux-amd64.tar.gz")]
        [DataRow("0.140.2", HugoEdition.Withdeploy, "linux", "arm64", "hugo_extended_withdeploy_0.140.2_linux-arm64.tar.gz")]
        [DataRow("0.139.4", HugoEdition.Withdeploy, "darwin", "amd64", "hugo_extended_withdeploy_0.139.4_darwin-universal.tar.gz")]
        [DataRow("0.139.4", HugoEdition.Standard, "freebsd", "amd64", "hugo_0.139.4_freebsd-amd64.tar.gz")]
        // Before 0.103.0 the platform was spelled Linux-64bit, macOS-64bit, Windows-64bit…
        [DataRow("0.101.0", HugoEdition.Extended, "linux", "amd64", "hugo_extended_0.101.0_Linux-64bit.tar.gz")]
        [DataRow("0.55.5", HugoEdition.Extended, "linux", "amd64", "hugo_extended_0.55.5_Linux-64bit.tar.gz")]
        [DataRow("0.101.0", HugoEdition.Standard, "linux", "arm64", "hugo_0.101.0_Linux-ARM64.tar.gz")]
        [DataRow("0.88.1", HugoEdition.Extended, "darwin", "amd64", "hugo_extended_0.88.1_macOS-64bit.tar.gz")]
        [DataRow("0.101.0", HugoEdition.Extended, "windows", "amd64", "hugo_extended_0.101.0_Windows-64bit.zip")]
        public void AssetName_FollowsTheReleaseLayout(string version, HugoEdition edition, string os, string arch, string expected)
        {
            Assert.AreEqual(expected, HugoRelease.AssetName(V(version), edition, os, arch));
        }

        [TestMethod]
        public void Urls_AreUnderTheVersionTag()
        {
            Assert.AreEqual("https://github.com/gohugoio/hugo/releases/download/v0.139.4/hugo_0.139.4_checksums.txt",
                HugoRelease.FileUrl(HugoRelease.DefaultBaseUrl, V("0.139.4"), HugoRelease.ChecksumsName(V("0.139.4"))));
            Assert.AreEqual("http://mirror/hugo/v0.111.3/x.zip", HugoRelease.FileUrl("http://mirror/hugo/", V("v0.111.3"), "x.zip"));
        }

        [TestMethod]
        [DataRow(Architecture.X64, "amd64")]
        [DataRow(Architecture.Arm64, "arm64")]
        [DataRow(Architecture.Arm, "arm")]
        [DataRow(Architecture.X86, "386")]
        [DataRow(Architecture.S390x, "s390x")]
        [DataRow(Architecture.Ppc64le, "ppc64le")]
        [DataRow(Architecture.LoongArch64, "loong64")]
        public void GoArchitecture_MapsDotNetNames(Architecture architecture, string expected)
        {
            Assert.AreEqual(expected, HugoRelease.GoArchitecture(architecture));
        }

        [TestMethod]
        public void CurrentPlatform_IsThisMachine()
        {
            Assert.AreEqual(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "freebsd", HugoRelease.CurrentOs());
            Assert.AreEqual(HugoRelease.GoArchitecture(RuntimeInformation.OSArchitecture), HugoRelease.CurrentArchitecture());
        }

        [TestMethod]
        [DataRow("0.139.4", true, 0, 139, 4)]
        [DataRow("v0.111.3", true, 0, 111, 3)]
        [DataRow(" 0.120 ", true, 0, 120, 0)]
        [DataRow("latest", false, 0, 0, 0)]
        [DataRow("0.139.4-extended", false, 0, 0, 0)]
        [DataRow("1", false, 0, 0, 0)]
        [DataRow("0..1", false, 0, 0, 0)]
        [DataRow("", false, 0, 0, 0)]
        public void VersionNumber_Parses(string text, bool ok, int major, int minor, int patch)
        {
            Assert.AreEqual(ok, HugoVersionNumber.TryParse(text, out HugoVersionNumber v));
            if (ok)
            {
                Assert.AreEqual(new HugoVersionNumber(major, minor, patch), v);
            }
        }

        [TestMethod]
        public void VersionNumber_OrdersNumerically()
        {
            Assert.IsTrue(V("0.99.0") < V("0.100.0"));
            Assert.IsTrue(V("0.111.3") > V("0.111"));
            Assert.IsTrue(V("1.0.0") > V("0.150.9"));
        }

        [TestMethod]
        [DataRow("standard", true, HugoEdition.Standard)]
        [DataRow("Extended", true, HugoEdition.Extended)]
        [DataRow("", true, HugoEdition.Extended)]
        [DataRow("withdeploy", true, HugoEdition.Withdeploy)]
        [DataRow("extended_withdeploy", true, HugoEdition.Withdeploy)]
        [DataRow("deluxe", false, HugoEdition.Extended)]
        public void Edition_Parses(string text, bool ok, HugoEdition expected)
        {
            Assert.AreEqual(ok, HugoRelease.TryParseEdition(text, out HugoEdition edition));
            Assert.AreEqual(expected, edition);
        }

        [TestMethod]
        [DataRow("hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1", HugoEdition.Extended)]
        [DataRow("hugo v0.139.4-3afe91d4b1b069abbedd6a96ed755b1e12581dfe linux/amd64 BuildDate=2024-12-09T17:45:23Z VendorInfo=gohugoio", HugoEdition.Standard)]
        [DataRow("hugo v0.137.0-59c115813595cba1b1c0e70b867e734992648d1b+extended+withdeploy linux/amd64 BuildDate=2024-11-04T16:04:06Z", HugoEdition.Withdeploy)]
        public void EditionOf_ReadsTheVersionLine(string line, HugoEdition expected)
        {
            Assert.AreEqual(expected, HugoRelease.EditionOf(line));
        }

        [TestMethod]
        public void Checksums_ParseHashAndName_SkipOtherLines()
        {
            string hash = new string('0', 63) + "F";
            var map = HugoRelease.ParseChecksums(hash + "  hugo_0.139.4_linux-amd64.tar.gz\r\nnot a line\n\n" + new string('b', 64) + " *hugo_0.139.4_windows-amd64.zip\n" + "zz" + new string('1', 62) + "  bad.tar.gz\n");
            Assert.AreEqual(2, map.Count);
            Assert.AreEqual(hash.ToLowerInvariant(), map["hugo_0.139.4_linux-amd64.tar.gz"]);
            Assert.IsTrue(map.ContainsKey("hugo_0.139.4_windows-amd64.zip"));
            CollectionAssert.AreEqual(new[] { "a.tar.gz", "b.zip" }, HugoRelease.Archives(new[] { "b.zip", "x.deb", "a.tar.gz", "y.pkg" }));
        }

        [TestMethod]
        [DataRow("hugo", "hugo")]
        [DataRow("./hugo", "hugo")]
        [DataRow("sub/hugo", "sub/hugo")]
        [DataRow("../hugo", null)]
        [DataRow("a/../../hugo", null)]
        [DataRow("/etc/passwd", null)]
        [DataRow("C:/x", null)]
        [DataRow("dir/", null)]
        public void ArchiveEntries_StayInsideTheFolder(string name, string? expected)
        {
            string? path = ArchiveExtractor.SafePath("/dest", name);
            Assert.AreEqual(expected == null ? null : Path.Combine("/dest", expected), path);
        }
    }
}
