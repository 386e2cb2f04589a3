using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HugoSite.Build.IntegrationTests
{
    /// <summary>
    /// The real Turborepo remote cache server (the npm package turborepo-remote-cache, pinned), on a free loopback port
    /// with local storage in a folder of the test. Found in /opt/hsb-remote-cache (where .ci/run installs it) or
    /// HSB_REMOTE_CACHE_DIR; installed once per run under the test root when neither has it.
    /// </summary>
    public sealed class RemoteCacheServer : IDisposable
    {
        public const string Version = "2.12.0";
        public const string Token = "hsb-test-token-9f2c";
        public const string Team = "sites";
        private static readonly object InstallGate = new();
        private static string? _cli;
        private readonly Process _process;

        private RemoteCacheServer(Process process, int port, string storage)
        {
            _process = process;
            Port = port;
            StoragePath = storage;
        }

        public int Port { get; }

        public string StoragePath { get; }

        public string Url => "http://127.0.0.1:" + Port;

        /// <summary>Where the server keeps an artifact: STORAGE_PATH/&lt;team&gt;/&lt;hash&gt;.</summary>
        public string ArtifactPath(string hash) => Path.Combine(StoragePath, Team, hash);

        public static RemoteCacheServer Start(string storage, string? signatureKey = null)
        {
            string cli = Cli();
            Directory.CreateDirectory(storage);
            int port = FreePort();
            var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(cli);
            start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["HOST"] = "127.0.0.1";
            start.Environment["TURBO_TOKEN"] = Token;
            start.Environment["STORAGE_PROVIDER"] = "local";
            start.Environment["STORAGE_PATH"] = storage;
            start.Environment["STORAGE_PATH_USE_TMP_FOLDER"] = "false";
            start.Environment["LOG_LEVEL"] = "warn";
            start.Environment["NODE_ENV"] = "production";
            if (signatureKey != null)
            {
                start.Environment["TURBO_REMOTE_CACHE_SIGNATURE_KEY"] = signatureKey;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RemoteCacheServer(process, port, storage);
            var watch = Stopwatch.StartNew();
            while (!server.Listening())
            {
                if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(90))
                {
                    server.Dispose();
                    throw new InvalidOperationException("turborepo-remote-cache did not start listening on port " + port);
                }

                Thread.Sleep(200);
            }

            return server;
        }

        /// <summary>Stops the server; a stopped server's port refuses connections.</summary>
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private bool Listening()
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static string Cli()
        {
            lock (InstallGate)
            {
                if (_cli != null)
                {
                    return _cli;
                }

                var places = new List<string>();
                string? configured = Environment.GetEnvironmentVariable("HSB_REMOTE_CACHE_DIR");
                if (!string.IsNullOrEmpty(configured))
                {
                    places.Add(configured);
                }

                places.Add("/opt/hsb-remote-cache");
                places.Add(Path.Combine(Harness.Root, "remote-cache-server"));
                foreach (string place in places)
                {
                    string package = Path.Combine(place, "node_modules", "turborepo-remote-cache");
                    if (File.Exists(Path.Combine(package, "package.json"))
                        && File.ReadAllText(Path.Combine(package, "package.json")).Contains("\"version\": \"" + Version + "\"", StringComparison.Ordinal))
                    {
                        return _cli = Path.Combine(package, "dist", "cli.js");
                    }
                }

                string target = places[^1];
                Directory.CreateDirectory(target);
                var npm = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in new[] { "install", "--prefix", target, "--no-audit", "--no-fund", "--loglevel=error", "turborepo-remote-cache@" + Version })
                {
                    npm.ArgumentList.Add(a);
                }

                using Process install = Process.Start(npm)!;
                string output = install.StandardOutput.ReadToEnd() + install.StandardError.ReadToEnd();
                install.WaitForExit();
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException("npm could not install turborepo-remote-cache@" + Version + ":\n" + output);
                }

                return _cli = Path.Combine(target, "node_modules", "turborepo-remote-cache", "dist", "cli.js");
            }
        }
    }
}
