using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>
    /// Holds the preview's address while `hugo server` cannot run because the site does not build: Hugo 0.111 exits on
    /// a failed first build instead of serving its error page. Every request gets one page with the errors, marked by a
    /// response header; the page asks again every 300 ms and reloads itself once the answer comes from Hugo.
    /// </summary>
    internal sealed class ErrorPageServer : IDisposable
    {
        /// <summary>The header that tells the page it is still this placeholder, not Hugo.</summary>
        public const string Header = "X-HugoSite-Preview";

        private readonly TcpListener _listener;
        private readonly Thread _thread;
        private readonly byte[] _response;
        private readonly byte[] _head;
        private int _stopped;

        private ErrorPageServer(TcpListener listener, string html)
        {
            _listener = listener;
            byte[] body = new UTF8Encoding(false).GetBytes(html);
            string headers = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                + Header + ": error\r\nConnection: close\r\nContent-Length: " + body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n\r\n";
            _head = Encoding.ASCII.GetBytes(headers);
            _response = _head.Concat(body).ToArray();
            _thread = new Thread(Accept) { IsBackground = true, Name = "preview error page" };
            _thread.Start();
        }

        /// <summary>Listens on the address, or null when something else holds it now.</summary>
        public static ErrorPageServer? TryStart(IPAddress address, int port, string html)
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                return null;
            }

            return new ErrorPageServer(listener, html);
        }

        /// <summary>The page: the errors as the build prints them, in the manner of Hugo's own error page.</summary>
        public static string Render(string site, IReadOnlyList<string> problems, string explanation)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hugo Server: Error</title>");
            html.Append("<style>body{background:#1f2029;color:#e8e8e8;font:14px system-ui,sans-serif;margin:0}")
                .Append("main{max-width:110ch;margin:auto;padding:2ch}h1{font-size:1.1rem;color:#ff8a80}")
                .Append("pre{white-space:pre-wrap;word-wrap:break-word;background:#2a2c38;padding:1ch;border-left:3px solid #ff5252;font:13px ui-monospace,monospace}")
                .Append("p{color:#b0b0b0}</style></head><body><main>");
            html.Append("<h1>").Append(WebUtility.HtmlEncode(site)).Append(": the site does not build</h1>");
            foreach (string problem in problems)
            {
                html.Append("<pre>").Append(WebUtility.HtmlEncode(problem)).Append("</pre>");
            }

            html.Append("<p>").Append(WebUtility.HtmlEncode(explanation)).Append("</p>");
            html.Append("<script>setInterval(function(){fetch(location.href,{cache:'no-store'}).then(function(r){if(!r.headers.get('")
                .Append(Header)
                .Append("'))location.reload();}).catch(function(){});},300);</script>");
            html.Append("</main></body></html>");
            return html.ToString();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0)
            {
                return;
            }

            _listener.Stop();
            _thread.Join(2000);
        }

        private void Accept()
        {
            while (Volatile.Read(ref _stopped) == 0)
            {
                TcpClient client;
                try
                {
                    client = _listener.AcceptTcpClient();
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                using (client)
                {
                    try
                    {
                        Answer(client);
                    }
                    catch (Exception ex) when (ex is System.IO.IOException || ex is SocketException || ex is ObjectDisposedException)
                    {
                        // The browser went away mid-answer; the next request is answered the same way.
                    }
                }
            }
        }

        private void Answer(TcpClient client)
        {
            client.ReceiveTimeout = 2000;
            client.SendTimeout = 2000;
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (request.Length < 16384 && request.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            bool head = request.ToString().StartsWith("HEAD ", StringComparison.Ordinal);
            byte[] answer = head ? _head : _response;
            stream.Write(answer, 0, answer.Length);
        }
    }
}
