using System;
using System.Globalization;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>Where and how to reach a Turborepo-protocol remote cache; parsed from the HugoRemoteCache* properties.</summary>
    internal sealed class RemoteCacheSettings
    {
        public const int DefaultTimeoutSeconds = 30;

        public Uri BaseUrl { get; set; } = new Uri("http://localhost/");
        /// <summary>The bearer token; never logged.</summary>
        public string Token { get; set; } = string.Empty;
        /// <summary>A Vercel team id (team_…) is sent as teamId, anything else as slug.</summary>
        public string Team { get; set; } = string.Empty;
        public bool ReadOnly { get; set; }
        /// <summary>When set, uploads are signed and downloads must carry a matching x-artifact-tag.</summary>
        public string? SignatureKey { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        /// <summary>Pauses between attempts after a 5xx answer; one attempt more than there are pauses.</summary>
        public TimeSpan[] RetryDelays { get; set; } = { TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1) };

        public static bool TryParseUrl(string? value, out Uri? url)
        {
            url = null;
            if (string.IsNullOrWhiteSpace(value))
            {
                return true;
            }

            if (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out Uri? parsed)
                || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
            {
                return false;
            }

            url = parsed;
            return true;
        }

        public static bool TryParseTimeout(string? value, out TimeSpan timeout)
        {
            timeout = TimeSpan.FromSeconds(DefaultTimeoutSeconds);
            if (string.IsNullOrWhiteSpace(value))
            {
                return true;
            }

            if (!int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 1 || seconds > 3600)
            {
                return false;
            }

            timeout = TimeSpan.FromSeconds(seconds);
            return true;
        }

        /// <summary>The artifact's address: the base URL's path, then v8/artifacts/&lt;hash&gt;, then the team.</summary>
        public Uri ArtifactUrl(string hash)
        {
            string root = BaseUrl.AbsoluteUri.TrimEnd('/');
            string query = Team.Length == 0 ? string.Empty
                : (Team.StartsWith("team_", StringComparison.Ordinal) ? "?teamId=" : "?slug=") + Uri.EscapeDataString(Team);
            return new Uri(root + "/v8/artifacts/" + Uri.EscapeDataString(hash) + query);
        }
    }
}
