using System.Formats.Tar;
using System.IO.Compression;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Tools;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    /// <summary>The installer as a plain class: the Windows .zip layout, and archives that try to write outside their folder.</summary>
    [TestClass]
    public sealed class HugoInstallerTests
    {
        private static HugoInstallRequest Request(string tools, string baseUrl, string os, string arch) => new HugoInstallRequest
        {
            Version = new HugoVersionNumber(0, 111, 3),
            Edition = HugoEdition.Extended,
            ToolsDirectory = tools,
            BaseUrl = baseUrl,
            Os = os,
            Architecture = arch,
            Timeout = TimeSpan.FromSeconds(10),
            ReadVersion = exe => HugoVersionProbe.Run(exe, TimeSpan.FromSeconds(10)).Line ?? throw new AssertFailedException("no version from " + exe),
        };

        [TestMethod]
        public void WindowsZip_IsExtracted_AndHugoExeInstalled()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            byte[] zip;
            using (var memory = new MemoryStream())
            {
                using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
                {
                    // The real Linux hugo under Windows' name: it still runs here, so the version check is real too.
                    archive.CreateEntryFromFile(ReleaseFiles.MachineHugo, "hugo.exe", CompressionLevel.Fastest);
                    using var license = new StreamWriter(archive.CreateEntry("LICENSE").Open());
                    license.Write("Apache");
                }

                zip = memory.ToArray();
            }

            ReleaseFiles.Publish(server, "0.111.3", "hugo_extended_0.111.3_windows-amd64.zip", zip);
            HugoInstallResult result = HugoInstaller.Install(Request(dir.Combine("tools"), server.BaseUrl, "windows", "amd64"));
            Assert.IsTrue(result.Downloaded);
            Assert.AreEqual(Path.Combine(dir.Combine("tools"), "hugo", "0.111.3-extended", "hugo.exe"), result.Executable);
            StringAssert.StartsWith(result.VersionText, "hugo v0.111.3+extended");
        }

        [TestMethod]
        public void EntriesOutsideTheFolder_AndLinks_AreNeverWritten()
        {
            using var dir = new TempDir();
            using var server = new LoopbackReleaseServer();
            byte[] tgz;
            using (var memory = new MemoryStream())
            {
                using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
                using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../../escaped.txt") { DataStream = new MemoryStream(new byte[] { 1 }) });
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" });
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hugo") { Mode = (UnixFileMode)0b111_101_101, DataStream = File.OpenRead(ReleaseFiles.MachineHugo) });
                }

                tgz = memory.ToArray();
            }

            string arch = HugoRelease.CurrentArchitecture();
            ReleaseFiles.Publish(server, "0.111.3", "hugo_extended_0.111.3_linux-" + arch + ".tar.gz", tgz);
            HugoInstallResult result = HugoInstaller.Install(Request(dir.Combine("tools"), server.BaseUrl, "linux", arch));
            Assert.IsTrue(File.Exists(result.Executable));
            Assert.IsFalse(File.Exists(dir.Combine("escaped.txt")) || File.Exists(dir.Combine("tools", "escaped.txt")) || File.Exists(dir.Combine("tools", "hugo", "escaped.txt")));
            Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(result.Executable)!, "link")));
        }
    }
}
