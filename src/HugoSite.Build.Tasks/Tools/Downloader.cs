using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>How a download is going, for a progress line: bytes so far, the total when the server said, time taken.</summary>
    public readonly record struct DownloadProgress(string Url, long Received, long? Total, TimeSpan Elapsed, bool Done)
    {
        /// <summary>"12.3 of 20.1 MB (61%), 4.5 MB/s".</summary>
        public override string ToString()
        {
            double seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
            string size = Mb(Received) + (Total.HasValue ? " of " + Mb(Total.Value) + " MB (" + (Total.Value > 0 ? (100 * Received / Total.Value) : 100) + "%)" : " MB");
            return size + ", " + Mb((long)(Received / seconds)) + " MB/s";
        }

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// HTTP GETs with coded failures. The client is .NET's default (HttpClientHandler): proxies come from HTTPS_PROXY,
    /// HTTP_PROXY and NO_PROXY (or the system settings on Windows) exactly as for any .NET program, redirects are
    /// followed (GitHub's release downloads redirect to its object store), and no token is sent. The time-out is one of
    /// inactivity: the answer's headers must come, and each block of the body must follow the one before, within it, so
    /// a large archive on a slow line is fine and a stalled server is not.
    /// </summary>
    public sealed class Downloader : IDisposable
    {
        private readonly HttpClient _client;
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _cancellation;

        public Downloader(TimeSpan timeout, CancellationToken cancellation)
        {
            _timeout = timeout;
            _cancellation = cancellation;
            _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }) { Timeout = Timeout.InfiniteTimeSpan };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd("HugoSite.Build");
        }

        /// <summary>The body as text.</summary>
        public string GetText(string url)
        {
            using var memory = new MemoryStream();
            Send(url, notFoundIsNull: false, response => Copy(url, response, memory, null));
            return Encoding.UTF8.GetString(memory.ToArray());
        }

        /// <summary>Whether the server has the file (status 2xx); a 404 is false; other failures throw as for a download.</summary>
        public bool Exists(string url) => Send(url, notFoundIsNull: true, response => string.Empty) != null;

        /// <summary>
        /// Streams the body into <paramref name="destination"/> and returns its SHA-256 (lower-case hex). Progress is
        /// reported once a second after the first second, and at the end when it took longer than that.
        /// </summary>
        public string Download(string url, Stream destination, Action<DownloadProgress>? progress) =>
            Send(url, notFoundIsNull: false, response => Copy(url, response, destination, progress))!;

        public void Dispose() => _client.Dispose();

        /// <summary>What <paramref name="onSuccess"/> makes of a 2xx answer; null for a 404 when <paramref name="notFoundIsNull"/>; throws for any other failure.</summary>
        private string? Send(string url, bool notFoundIsNull, Func<HttpResponseMessage, string> onSuccess)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
            cts.CancelAfter(_timeout);
            HttpResponseMessage response;
            try
            {
                response = _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
            {
                throw TimedOut(url);
            }
            catch (HttpRequestException e)
            {
                throw new HugoInstallException(HugoToolCodes.ConnectionFailed,
                    "Could not connect to " + url + " (" + Describe(e) + "). Nothing was installed. Check the network, the proxy settings " +
                    "(HTTPS_PROXY, NO_PROXY), or set HugoDownloadBaseUrl to a mirror you can reach.");
            }

            using (response)
            {
                if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new HugoInstallException(HugoToolCodes.HttpError,
                        url + " answered " + (int)response.StatusCode + " " + response.ReasonPhrase + ". Nothing was installed. " +
                        "Check that HugoVersion names a released Hugo and that HugoDownloadBaseUrl serves Hugo's release files (laid out as v<version>/<file>).");
                }

                return onSuccess(response);
            }
        }

        private string Copy(string url, HttpResponseMessage response, Stream destination, Action<DownloadProgress>? progress)
        {
            long? total = response.Content.Headers.ContentLength;
            var clock = Stopwatch.StartNew();
            long received = 0;
            TimeSpan nextReport = TimeSpan.FromSeconds(1);
            var buffer = new byte[81920];
            using var sha = SHA256.Create();
            Stream body;
            using (var headerCts = CancellationTokenSource.CreateLinkedTokenSource(_cancellation))
            {
                headerCts.CancelAfter(_timeout);
                body = ReadWithin(response.Content.ReadAsStreamAsync(), headerCts.Token, url, response);
            }

            using (body)
            {
                while (true)
                {
                    int read;
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_cancellation))
                    {
                        cts.CancelAfter(_timeout);
                        read = ReadWithin(body.ReadAsync(buffer, 0, buffer.Length, cts.Token), cts.Token, url, response);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    sha.TransformBlock(buffer, 0, read, null, 0);
                    destination.Write(buffer, 0, read);
                    received += read;
                    if (progress != null && clock.Elapsed >= nextReport)
                    {
                        progress(new DownloadProgress(url, received, total, clock.Elapsed, false));
                        nextReport = clock.Elapsed + TimeSpan.FromSeconds(1);
                    }
                }
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            if (progress != null && clock.Elapsed >= TimeSpan.FromSeconds(1))
            {
                progress(new DownloadProgress(url, received, total, clock.Elapsed, true));
            }

            return Cache.ContentHash.Hex(sha.Hash!);
        }

        // Not every runtime's response stream honours the token (.NET Framework's does not), so a cancelled token also
        // disposes the response, which ends a pending read everywhere.
        private T ReadWithin<T>(Task<T> read, CancellationToken token, string url, HttpResponseMessage response)
        {
            using (token.Register(response.Dispose))
            {
                try
                {
                    return read.GetAwaiter().GetResult();
                }
                catch (Exception e) when (token.IsCancellationRequested && !_cancellation.IsCancellationRequested &&
                                          (e is OperationCanceledException || e is IOException || e is ObjectDisposedException || e is HttpRequestException))
                {
                    throw TimedOut(url);
                }
                catch (Exception e) when (e is IOException || e is HttpRequestException)
                {
                    throw new HugoInstallException(HugoToolCodes.ConnectionFailed,
                        "The download of " + url + " broke off (" + Describe(e) + "). Nothing was installed. Build again, or set HugoDownloadBaseUrl to a mirror you can reach.");
                }
            }
        }

        private HugoInstallException TimedOut(string url) =>
            new HugoInstallException(HugoToolCodes.TimedOut,
                url + " sent nothing for " + _timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds; the download was stopped and nothing was installed. " +
                "Build again, raise HugoDownloadTimeoutSeconds for a slow network, or set HugoDownloadBaseUrl to a nearer mirror.");

        private static string Describe(Exception e)
        {
            string text = e.Message;
            for (Exception? inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                text += ": " + inner.Message;
            }

            return text;
        }
    }
}
