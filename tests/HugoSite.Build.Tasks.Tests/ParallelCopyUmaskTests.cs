using System.Text;
using HugoSite.Build.Tasks.Copy;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>Reading the process umask from /proc/self/status for the Linux copy path.</summary>
    [TestClass]
    public sealed class ParallelCopyUmaskTests
    {
        [TestMethod]
        [DataRow("Name:\tdotnet\nUmask:\t0022\nState:\tR (running)\n", 18)]
        [DataRow("Umask:\t0077\n", 63)]
        [DataRow("Name:\tx\nUmask:\t0002", 2)]
        [DataRow("Name:\tx\nState:\tR\n", -1)]
        [DataRow("Name:\tUmask:\t0022\n", -1)]
        [DataRow("Umask:\t0089\n", -1)]
        [DataRow("Umask:\t\n", -1)]
        public void ParseUmask_ReadsTheOctalUmaskLine(string status, int expected)
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("The Linux copy path exists only on Linux.");
            }

            Assert.AreEqual(expected, LinuxFileOps.ParseUmask(Encoding.ASCII.GetBytes(status)));
        }
    }
}
