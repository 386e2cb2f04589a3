using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HugoSite.Build.Tasks.Cache.Remote
{
    /// <summary>
    /// Turborepo's artifact signature (the <c>x-artifact-tag</c> header): HMAC-SHA256, keyed with the signature key,
    /// over the artifact hash, then the team, then the artifact's bytes, all as UTF-8; sent as standard base64.
    /// </summary>
    internal static class ArtifactSignature
    {
        public const string Header = "x-artifact-tag";

        /// <summary>The tag of the artifact in <paramref name="body"/> (read from its start to its end).</summary>
        public static string Tag(string key, string hash, string team, Stream body)
        {
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
            byte[] metadata = Encoding.UTF8.GetBytes(hash + team);
            hmac.TransformBlock(metadata, 0, metadata.Length, null, 0);
            var buffer = new byte[81920];
            int read;
            while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
            {
                hmac.TransformBlock(buffer, 0, read, null, 0);
            }

            hmac.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return Convert.ToBase64String(hmac.Hash!);
        }

        public static string Tag(string key, string hash, string team, byte[] body)
        {
            using var stream = new MemoryStream(body, writable: false);
            return Tag(key, hash, team, stream);
        }

        /// <summary>Whether <paramref name="tag"/> is the artifact's tag; compared in constant time.</summary>
        public static bool Matches(string key, string hash, string team, Stream body, string? tag)
        {
            if (string.IsNullOrEmpty(tag))
            {
                return false;
            }

            byte[] expected = Encoding.ASCII.GetBytes(Tag(key, hash, team, body));
            byte[] actual = Encoding.ASCII.GetBytes(tag!.Trim());
            if (expected.Length != actual.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                diff |= expected[i] ^ actual[i];
            }

            return diff == 0;
        }
    }
}
