using System.Reflection.PortableExecutable;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// The package carries ReadyToRun images of the tasks for .NET 10 on six runtimes, and the targets load one only
    /// where it matches MSBuild's runtime exactly; everywhere else (and with HugoPrecompiledTasks=false) the portable
    /// net8.0 assembly builds the same site.
    /// </summary>
    [TestClass]
    public sealed class PrecompiledTasksTests
    {
        private static readonly string[] Runtimes = { "linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64" };

        [TestMethod]
        public void Package_HasOnePrecompiledImagePerRuntime_ForThatOsAndArchitecture()
        {
            using ZipArchive zip = ZipFile.OpenRead(Harness.Package);
            Assert.IsNull(zip.GetEntry("tasks/net10.0/HugoSite.Build.Tasks.dll"), "Only the precompiled images go to tasks/net10.0/; the portable assembly is tasks/net8.0/.");
            foreach (string runtime in Runtimes)
            {
                ZipArchiveEntry? entry = zip.GetEntry("tasks/net10.0/" + runtime + "/HugoSite.Build.Tasks.dll");
                Assert.IsNotNull(entry, "The package lacks the precompiled tasks for " + runtime);
                using PEReader pe = Open(entry);
                Assert.IsTrue(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, runtime + ": the image is not ReadyToRun.");
                Assert.AreEqual(ExpectedMachine(runtime), (ushort)pe.PEHeaders.CoffHeader.Machine, runtime + ": the image was compiled for another OS or architecture.");
            }

            using PEReader portable = Open(zip.GetEntry("tasks/net8.0/HugoSite.Build.Tasks.dll")!);
            Assert.AreEqual(0, portable.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, "The net8.0 assembly must stay portable (IL only).");
        }

        [TestMethod]
        public void Targets_LoadThePrecompiledImage_OnlyWhereItMatchesTheRuntime_AndTheFallbackBuildsTheSameSite()
        {
            SampleSite site = SampleSite.NoTargets();
            string runtime = RuntimeInformation.RuntimeIdentifier;
            bool expectPrecompiled = Environment.Version.Major == 10 && Runtimes.Contains(runtime);

            // The runtime lists every method it compiles at run time: with the precompiled image, next to none of ours.
            string jitLog = Path.Combine(site.SiteDir, "jit.txt");
            RunResult precompiled = Dotnet.RunWithEnvironment(site.SiteDir,
                new Dictionary<string, string?> { ["DOTNET_JitStdOutFile"] = jitLog, ["DOTNET_JitDisasmSummary"] = "1" },
                "build", site.ProjectFile, "-nologo", "-v:m", "-p:HugoPerformanceHistoryFile=" + site.HistoryFile, "-p:HugoCacheDir=" + site.CacheDir);
            Assert.AreEqual(0, precompiled.ExitCode, precompiled.ToString());
            if (expectPrecompiled)
            {
                Assert.IsTrue(File.Exists(jitLog), "The runtime wrote no list of compiled methods to " + jitLog);
                // Methods marked AggressiveOptimization are never precompiled, and generic code over our value types
                // may be compiled where the framework's generic code is shared; a whole task's worth means the image
                // was loaded but its code refused (the ~1,300 methods of the portable assembly).
                List<string> ours = File.ReadLines(jitLog).Where(l => l.Contains(" HugoSite.Build.Tasks.", StringComparison.Ordinal)).ToList();
                Assert.IsTrue(ours.Count < 40, ours.Count + " of the tasks' methods were compiled at run time despite the precompiled image:\n" + string.Join("\n", ours.Take(60)));
            }

            string expected = expectPrecompiled ? "/tasks/net10.0/" + runtime + "/HugoSite.Build.Tasks.dll" : "/tasks/net8.0/HugoSite.Build.Tasks.dll";
            StringAssert.EndsWith(TasksAssembly(site), expected, "MSBuild on .NET " + Environment.Version + " (" + runtime + ") took the wrong task assembly.");
            StringAssert.EndsWith(TasksAssembly(site, "-p:HugoPrecompiledTasks=false"), "/tasks/net8.0/HugoSite.Build.Tasks.dll");

            SampleSite portable = SampleSite.NoTargets();
            RunResult fallback = portable.Build("-p:HugoPrecompiledTasks=false");
            Assert.AreEqual(0, fallback.ExitCode, fallback.ToString());
            Assert.IsTrue(portable.History().Single().GetProperty("success").GetBoolean());
            CollectionAssert.AreEquivalent(
                SampleSite.Snapshot(site.PublicDir).Keys.ToList(),
                SampleSite.Snapshot(portable.PublicDir).Keys.ToList(),
                "The portable and the precompiled tasks must build the same site.");
        }

        private static string TasksAssembly(SampleSite site, params string[] extra)
        {
            var arguments = new List<string> { "msbuild", site.ProjectFile, "-nologo", "-getProperty:HugoTasksAssembly" };
            arguments.AddRange(extra);
            RunResult result = Dotnet.Run(site.SiteDir, arguments.ToArray());
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            return result.Output.Trim().Replace('\\', '/');
        }

        private static PEReader Open(ZipArchiveEntry entry)
        {
            var buffer = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }

            buffer.Position = 0;
            return new PEReader(buffer);
        }

        /// <summary>ReadyToRun images mark their OS by XOR-ing the COFF machine with a per-OS constant (none for Windows).</summary>
        private static ushort ExpectedMachine(string runtime)
        {
            ushort machine = runtime.EndsWith("-arm64", StringComparison.Ordinal) ? (ushort)0xAA64 : (ushort)0x8664;
            ushort os = runtime.StartsWith("linux", StringComparison.Ordinal) ? (ushort)0x7B79
                : runtime.StartsWith("osx", StringComparison.Ordinal) ? (ushort)0x4644
                : (ushort)0;
            return (ushort)(machine ^ os);
        }
    }
}
