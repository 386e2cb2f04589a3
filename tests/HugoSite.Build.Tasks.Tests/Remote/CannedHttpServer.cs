using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HugoSite.Build.Tasks.Tests.Remote
{
    /// <summary>
    /// A loopback HTTP/1.1 server that answers each request with the next canned response (status, headers, body), or
    /// never answers at all (<see cref="Stall"/>); records every request's head and body. One request per connection.
    /// </summary>
    internal sealed class CannedHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Queue<(int Status, string Headers, byte[] Body)> _responses = new();
        private readonly List<TcpClient> _held = new();
        private readonly Thread _thread;
        private volatile bool _stopped;

        public CannedHttpServer(bool stall = false)
        {
            Stall = stall;
            _listener.Start();
            _thread = new Thread(Serve) { IsBackground = true };
            _thread.Start();
        }

        public bool Stall { get; }

        public Uri Url => new("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        public List<string> RequestHeads { get; } = new();

        public List<byte[]> RequestBodies { get; } = new();

        public void Enqueue(int status, string body = "", string headers = "") =>
            Enqueue(status, Encoding.UTF8.GetBytes(body), headers);

        public void Enqueue(int status, byte[] body, string headers = "")
        {
            lock (_responses)
            {
                _responses.Enqueue((status, headers, body));
            }
        }

        public void Dispose()
        {
            _stopped = true;
            _listener.Stop();
            lock (_held)
            {
                foreach (TcpClient client in _held)
                {
                    client.Dispose();
                }
            }
        }

        private void Serve()
        {
            while (!_stopped)
            {
                TcpClient client;
                try
                {
                    client = _listener.AcceptTcpClient();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (Stall)
                {
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    continue;
                }

                using (client)
                {
                    try
                    {
                        Answer(client.GetStream());
                    }
                    catch (IOException)
                    {
                        // The client gave up; the next connection is served as usual.
                    }
                }
            }
        }

        private void Answer(NetworkStream stream)
        {
            var head = new List<byte>();
            while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    return;
                }

                head.Add((byte)b);
            }

            string text = Encoding.ASCII.GetString(head.ToArray());
            long length = 0;
            foreach (string line in text.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(line.Substring(15).Trim());
                }
            }

            var body = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = stream.Read(body, read, (int)length - read);
                if (n <= 0)
                {
                    break;
                }

                read += n;
            }

            (int Status, string Headers, byte[] Body) response;
            lock (_responses)
            {
                RequestHeads.Add(text);
                RequestBodies.Add(body);
                response = _responses.Count > 0 ? _responses.Dequeue() : (404, string.Empty, Array.Empty<byte>());
            }

            bool head_ = text.StartsWith("HEAD ", StringComparison.Ordinal);
            string status = "HTTP/1.1 " + response.Status + " Canned\r\nContent-Length: " + response.Body.Length + "\r\nConnection: close\r\n" + response.Headers + "\r\n";
            byte[] bytes = Encoding.ASCII.GetBytes(status);
            stream.Write(bytes, 0, bytes.Length);
            if (!head_)
            {
                stream.Write(response.Body, 0, response.Body.Length);
            }

            stream.Flush();
        }
    }
}
