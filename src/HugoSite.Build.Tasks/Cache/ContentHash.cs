using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>SHA-256 of files and text, as lower-case hex. One instance per thread (not thread-safe).</summary>
    internal sealed class ContentHash : IDisposable
    {
        private readonly SHA256 _sha = SHA256.Create();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public string OfFile(string path)
        {
            _sha.Initialize();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                int read;
                while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
                {
                    _sha.TransformBlock(_buffer, 0, read, null, 0);
                }
            }

            _sha.TransformFinalBlock(_buffer, 0, 0);
            return Hex(_sha.Hash!);
        }

        public static string OfText(string text)
        {
            using (var sha = SHA256.Create())
            {
                return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
            }
        }

        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        public void Dispose() => _sha.Dispose();
    }
}
