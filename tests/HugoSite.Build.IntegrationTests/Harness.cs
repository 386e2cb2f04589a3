using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// Packs the package once per test run into a feed of its own, with a package folder of its own, so every
    /// run uses the code just built (NuGet never re-extracts an id and version it already has).
    /// </summary>
    [TestClass]
    public static class Harness
    {
        private static string? _root;

        public static string RepoRoot { get; } = typeof(Harness).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        public static string Root => _root ?? throw new InvalidOperationException("The package was not packed.");

        public static string Feed => Path.Combine(Root, "feed");

        public static string Package => Path.Combine(Feed, "HugoSite.Build.1.0.0.nupkg");

        [AssemblyInitialize]
        public static void PackOnce(TestContext context)
        {
            _root = Path.Combine(Path.GetTempPath(), "hsb-it-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            Directory.CreateDirectory(Feed);
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" /></config>
                  <packageSources>
                    <clear />
                    <add key="feed" value="{Feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);

            string project = Path.Combine(RepoRoot, "src", "HugoSite.Build.Tasks", "HugoSite.Build.Tasks.csproj");
            var pack = Dotnet.Run(RepoRoot, "pack", project, "-c", "Release", "-o", Feed, "-p:Version=1.0.0", "-nologo");
            if (pack.ExitCode != 0 || !File.Exists(Package))
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
            }
        }

        [AssemblyCleanup]
        public static void RemoveRoot()
        {
            if (_root != null && Environment.GetEnvironmentVariable("HSB_KEEP_TEST_ROOT") != "1")
            {
                try
                {
                    Directory.Delete(_root, true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    public sealed record RunResult(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    public static class Dotnet
    {
        /// <summary>Runs dotnet with a clean MSBuild environment (no variables leaked from the test host), no node reuse.</summary>
        public static RunResult Run(string workingDirectory, params string[] arguments) => RunWithEnvironment(workingDirectory, null, arguments);

        public static RunResult RunWithEnvironment(string workingDirectory, IDictionary<string, string?>? environment, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (string key in startInfo.Environment.Keys.ToList())
            {
                if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
                    key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase) || key.StartsWith("GITHUB_STEP_SUMMARY", StringComparison.Ordinal))
                {
                    startInfo.Environment.Remove(key);
                }
            }

            startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    if (pair.Value == null)
                    {
                        startInfo.Environment.Remove(pair.Key);
                    }
                    else
                    {
                        startInfo.Environment[pair.Key] = pair.Value;
                    }
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(' ', arguments) + " did not finish in 5 minutes:\n" + output);
            }

            process.WaitForExit();
            lock (output)
            {
                return new RunResult(process.ExitCode, output.ToString());
            }
        }
    }

    /// <summary>
    /// A copy of one sample site in its own folder (with the shared templates, themes and components beside it,
    /// as in samples/), built with the packed package and its own history file and cache folder.
    /// </summary>
    public sealed class SampleSite
    {
        private SampleSite(string root, string siteName, string projectFile)
        {
            Root = root;
            SiteDir = Path.Combine(root, siteName);
            ProjectFile = Path.Combine(SiteDir, projectFile);
        }

        public string Root { get; }

        public string SiteDir { get; }

        public string ProjectFile { get; }

        public string PublicDir => Path.Combine(SiteDir, "public");

        public string WorkDir => Path.Combine(SiteDir, "obj", "hugo", "work");

        public string HistoryFile => Path.Combine(Root, "history.jsonl");

        public string CacheDir => Path.Combine(Root, "cache");

        public static SampleSite Create(string siteName, string projectFile)
        {
            string samples = Path.Combine(Harness.RepoRoot, "samples");
            string root = Path.Combine(Harness.Root, siteName + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            foreach (string shared in new[] { "templates", "themes", "components" })
            {
                CopyTree(Path.Combine(samples, shared), Path.Combine(root, shared));
            }

            CopyTree(Path.Combine(samples, siteName), Path.Combine(root, siteName));
            return new SampleSite(root, siteName, projectFile);
        }

        public static SampleSite Docs() => Create("DocsSite", "DocsSite.proj");

        public static SampleSite NoTargets() => Create("NoTargetsSite", "NoTargetsSite.proj");

        /// <summary>dotnet build (or another command) with this site's history file and cache folder.</summary>
        public RunResult Dotnet(string command, params string[] extra)
        {
            var arguments = new List<string> { command, ProjectFile, "-nologo", "-v:m", "-clp:NoSummary",
                "-p:HugoPerformanceHistoryFile=" + HistoryFile, "-p:HugoCacheDir=" + CacheDir };
            arguments.AddRange(extra);
            return IntegrationTests.Dotnet.Run(SiteDir, arguments.ToArray());
        }

        public RunResult Build(params string[] extra) => Dotnet("build", extra);

        public List<JsonElement> History()
        {
            if (!File.Exists(HistoryFile))
            {
                return new List<JsonElement>();
            }

            return File.ReadAllLines(HistoryFile).Where(l => l.Trim().Length > 0)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        }

        public string Read(string relativeToSite) => File.ReadAllText(Path.Combine(SiteDir, relativeToSite));

        public void Write(string relativeToSite, string content)
        {
            string path = Path.Combine(SiteDir, relativeToSite);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        /// <summary>Relative path → content hash of every file under a folder, for comparing trees.</summary>
        public static SortedDictionary<string, string> Snapshot(string folder)
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                using var stream = File.OpenRead(file);
                result[Path.GetRelativePath(folder, file).Replace('\\', '/')] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
            }

            return result;
        }

        private static void CopyTree(string source, string destination)
        {
            foreach (string dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, dir);
                if (IsBuildOutput(relative))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.Combine(destination, relative));
            }

            Directory.CreateDirectory(destination);
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (!IsBuildOutput(relative))
                {
                    File.Copy(file, Path.Combine(destination, relative));
                }
            }
        }

        private static bool IsBuildOutput(string relative)
        {
            string first = relative.Split('/', '\\')[0];
            return first is "obj" or "bin" or "public";
        }
    }
}
