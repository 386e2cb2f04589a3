using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>What one exchange with the remote cache came to.</summary>
    internal enum RemoteStatus
    {
        Ok,
        NotFound,
        Unreachable,
        TimedOut,
        Refused,
        TooLarge,
        ServerError,
        Unexpected,
    }

    internal sealed record RemoteResponse(RemoteStatus Status, string Detail = "")
    {
        public long Bytes { get; set; }

        /// <summary>The x-artifact-tag header of a download, when there was one.</summary>
        public string? Tag { get; set; }
    }

    /// <summary>
    /// Turborepo's artifacts API: <c>HEAD</c>, <c>GET</c> and <c>PUT /v8/artifacts/&lt;hash&gt;?teamId=|slug=</c> with a
    /// bearer token. Every request has its own time limit (headers and body); 5xx answers are retried after the
    /// configured pauses, nothing else is. Never throws for what the network or the server does; the token never
    /// appears in a result.
    /// </summary>
    internal sealed class ArtifactClient : IDisposable
    {
        private readonly RemoteCacheSettings _settings;
        private readonly HttpClient _http;
        private readonly Action<TimeSpan, CancellationToken> _sleep;

        public ArtifactClient(RemoteCacheSettings settings, Action<TimeSpan, CancellationToken>? sleep = null)
        {
            _settings = settings;
            _http = new HttpClient();
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            _sleep = sleep ?? ((delay, token) => token.WaitHandle.WaitOne(delay));
        }

        public RemoteResponse Exists(string hash, CancellationToken cancellation) =>
            Send(() => Request(HttpMethod.Head, hash), null, cancellation);

        /// <summary>Downloads the artifact into <paramref name="file"/> (created or truncated).</summary>
        public RemoteResponse Download(string hash, string file, CancellationToken cancellation) =>
            Send(() => Request(HttpMethod.Get, hash), file, cancellation);

        public RemoteResponse Upload(string hash, string file, string? tag, CancellationToken cancellation)
        {
            long length = new FileInfo(file).Length;
            RemoteResponse response = Send(() =>
            {
                HttpRequestMessage request = Request(HttpMethod.Put, hash);
                var content = new StreamContent(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.ContentLength = length;
                request.Content = content;
                if (tag != null)
                {
                    request.Headers.TryAddWithoutValidation(ArtifactSignature.Header, tag);
                }

                return request;
            }, null, cancellation);
            if (response.Status == RemoteStatus.Ok)
            {
                response.Bytes = length;
            }

            return response;
        }

        public void Dispose() => _http.Dispose();

        private HttpRequestMessage Request(HttpMethod method, string hash)
        {
            var request = new HttpRequestMessage(method, _settings.ArtifactUrl(hash));
            if (_settings.Token.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
            }

            return request;
        }

        private RemoteResponse Send(Func<HttpRequestMessage> create, string? bodyFile, CancellationToken cancellation)
        {
            for (int attempt = 0; ; attempt++)
            {
                RemoteResponse response = SendOnce(create, bodyFile, cancellation);
                if (response.Status != RemoteStatus.ServerError || attempt >= _settings.RetryDelays.Length)
                {
                    return response;
                }

                _sleep(_settings.RetryDelays[attempt], cancellation);
                cancellation.ThrowIfCancellationRequested();
            }
        }

        private RemoteResponse SendOnce(Func<HttpRequestMessage> create, string? bodyFile, CancellationToken cancellation)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(_settings.Timeout);
            try
            {
                using HttpRequestMessage request = create();
                using HttpResponseMessage response = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).GetAwaiter().GetResult();
                int code = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return new RemoteResponse(RemoteStatus.NotFound);
                }

                if (!response.IsSuccessStatusCode)
                {
                    RemoteStatus status = code == 401 || code == 403 ? RemoteStatus.Refused
                        : code == 413 ? RemoteStatus.TooLarge
                        : code >= 500 ? RemoteStatus.ServerError
                        : RemoteStatus.Unexpected;
                    return new RemoteResponse(status, "HTTP " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + response.ReasonPhrase);
                }

                var result = new RemoteResponse(RemoteStatus.Ok);
                if (response.Headers.TryGetValues(ArtifactSignature.Header, out var tags))
                {
                    foreach (string tag in tags)
                    {
                        result.Tag = tag;
                    }
                }

                if (bodyFile != null)
                {
                    using Stream body = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
                    using var file = new FileStream(bodyFile, FileMode.Create, FileAccess.Write, FileShare.None, 81920);
                    var buffer = new byte[81920];
                    int read;
                    while ((read = body.ReadAsync(buffer, 0, buffer.Length, limit.Token).GetAwaiter().GetResult()) > 0)
                    {
                        file.Write(buffer, 0, read);
                        result.Bytes += read;
                    }
                }

                return result;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return TimedOut();
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is WebException || ex is ObjectDisposedException)
            {
                return limit.IsCancellationRequested && !cancellation.IsCancellationRequested ? TimedOut() : new RemoteResponse(RemoteStatus.Unreachable, Innermost(ex));
            }
        }

        private RemoteResponse TimedOut() =>
            new RemoteResponse(RemoteStatus.TimedOut, "no complete answer within " + _settings.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s");

        private static string Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex.Message;
        }
    }
}
