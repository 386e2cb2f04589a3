using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace HugoSite.Build.Tasks.Tests.Tools
{
    /// <summary>What the server answers for one path.</summary>
    public sealed class Route
    {
        public int Status { get; set; } = 200;
        public byte[] Body { get; set; } = Array.Empty<byte>();
        /// <summary>Wait this long before sending anything (to make two clients overlap).</summary>
        public int DelayBeforeHeadersMs { get; set; }
        /// <summary>Send the headers, then never answer (until the server stops).</summary>
        public bool StallBeforeHeaders { get; set; }
        /// <summary>Send this many body bytes, then nothing more (until the server stops); -1: send everything.</summary>
        public long StallAfterBytes { get; set; } = -1;
        /// <summary>Pause after each 1 MiB block of the body.</summary>
        public int DelayPerMegabyteMs { get; set; }
    }

    /// <summary>
    /// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) built on TcpListener, so tests control every byte and every
    /// pause: stalls before the headers or in the middle of a body, slow bodies, error statuses. One request per connection.
    /// </summary>
    public sealed class LoopbackReleaseServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _requests = new();

        public LoopbackReleaseServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public string BaseUrl => "http://127.0.0.1:" + Port;

        public IReadOnlyList<string> Requests => _requests.ToList();

        public void Set(string path, Route route) => _routes[path] = route;

        public void Set(string path, byte[] body) => _routes[path] = new Route { Body = body };

        public void Stop()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        public void Dispose() => Stop();

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    return;
                }

                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    string head = await ReadHead(stream);
                    string[] first = head.Split("\r\n")[0].Split(' ');
                    string target = first.Length > 1 ? first[1] : "/";
                    _requests.Enqueue(target);
                    // A proxy is asked in absolute form ("GET http://host/path"); it serves the path as a mirror would.
                    string path = target.StartsWith("http://", StringComparison.Ordinal) ? "/" + target.Substring(7).Split('/', 2).ElementAtOrDefault(1) : target;
                    if (!_routes.TryGetValue(path, out Route? route))
                    {
                        route = new Route { Status = 404, Body = Encoding.ASCII.GetBytes("Not Found") };
                    }

                    if (route.DelayBeforeHeadersMs > 0)
                    {
                        await Task.Delay(route.DelayBeforeHeadersMs, _stop.Token);
                    }

                    if (route.StallBeforeHeaders)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }

                    string reason = route.Status switch { 200 => "OK", 404 => "Not Found", 500 => "Internal Server Error", _ => "Status" };
                    string headers = "HTTP/1.1 " + route.Status + " " + reason + "\r\nContent-Length: " + route.Body.Length +
                                     "\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), _stop.Token);
                    long limit = route.StallAfterBytes >= 0 ? Math.Min(route.StallAfterBytes, route.Body.Length) : route.Body.Length;
                    const int block = 1 << 20;
                    for (long offset = 0; offset < limit; offset += block)
                    {
                        int count = (int)Math.Min(block, limit - offset);
                        await stream.WriteAsync(route.Body.AsMemory((int)offset, count), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        if (route.DelayPerMegabyteMs > 0)
                        {
                            await Task.Delay(route.DelayPerMegabyteMs, _stop.Token);
                        }
                    }

                    if (route.StallAfterBytes >= 0)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException || e is OperationCanceledException || e is SocketException || e is ObjectDisposedException)
                {
                }
            }
        }

        private static async Task<string> ReadHead(NetworkStream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (bytes.Count < 65536)
            {
                int read = await stream.ReadAsync(one);
                if (read == 0)
                {
                    break;
                }

                bytes.Add(one[0]);
                int n = bytes.Count;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                {
                    break;
                }
            }

            return Encoding.ASCII.GetString(bytes.ToArray());
        }
    }

    /// <summary>Release-shaped archives and checksums files, as Hugo publishes them, built from real files on this machine.</summary>
    public static class ReleaseFiles
    {
        public const string MachineHugo = "/usr/bin/hugo";
        public const string MachineVersion = "0.111.3";

        private static readonly Lazy<byte[]> RealHugoTarGz = new(() => TarGz(("hugo", File.ReadAllBytes(MachineHugo), true)));

        /// <summary>A .tar.gz holding this machine's real hugo (0.111.3 extended), LICENSE and README.md, built once.</summary>
        public static byte[] RealHugoArchive() => RealHugoTarGz.Value;

        /// <summary>A .tar.gz with the given (name, content, executable) entries plus LICENSE and README.md.</summary>
        public static byte[] TarGz(params (string Name, byte[] Content, bool Executable)[] entries)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var (name, content, executable) in entries.Concat(new[] { ("LICENSE", Encoding.UTF8.GetBytes("Apache License"), false), ("README.md", Encoding.UTF8.GetBytes("# Hugo"), false) }))
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                    {
                        Mode = executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                        DataStream = new MemoryStream(content),
                    };
                    tar.WriteEntry(entry);
                }
            }

            return memory.ToArray();
        }

        public static string Sha256(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

        /// <summary>A checksums file: "hash  name" lines, the given ones and a few other platforms' archives of the same release.</summary>
        public static byte[] Checksums(string version, params (string Name, string Hash)[] lines)
        {
            var text = new StringBuilder();
            foreach (var (name, hash) in lines)
            {
                text.Append(hash).Append("  ").Append(name).Append('\n');
            }

            foreach (string other in new[] { "hugo_" + version + "_darwin-universal.tar.gz", "hugo_extended_" + version + "_windows-amd64.zip", "hugo_" + version + "_linux-amd64.deb" })
            {
                if (lines.Any(l => l.Name == other))
                {
                    continue;
                }

                text.Append(new string('a', 64)).Append("  ").Append(other).Append('\n');
            }

            return Encoding.ASCII.GetBytes(text.ToString());
        }

        /// <summary>Serves a release: the archive under its asset name and a checksums file with its real SHA-256.</summary>
        public static string Publish(LoopbackReleaseServer server, string version, string assetName, byte[] archive, Route? archiveRoute = null)
        {
            server.Set("/v" + version + "/hugo_" + version + "_checksums.txt", Checksums(version, (assetName, Sha256(archive))));
            Route route = archiveRoute ?? new Route();
            route.Body = archive;
            server.Set("/v" + version + "/" + assetName, route);
            return "/v" + version + "/" + assetName;
        }
    }
}
