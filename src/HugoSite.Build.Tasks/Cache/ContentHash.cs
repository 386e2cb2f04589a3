using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// SHA-256 of files and text, as lower-case hex. One instance per thread (not thread-safe). The algorithm is
    /// created on first use: its first creation in a process costs milliseconds (the native library loads), which
    /// a check that finds nothing to hash should not pay.
    /// </summary>
    internal sealed class ContentHash : IDisposable
    {
        private SHA256? _sha;
        private byte[]? _buffer;

        public string OfFile(string path)
        {
            SHA256 sha = _sha ??= SHA256.Create();
            byte[] buffer = _buffer ??= new byte[64 * 1024];
            sha.Initialize();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.TransformBlock(buffer, 0, read, null, 0);
                }
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            return Hex(sha.Hash!);
        }

        /// <summary>
        /// Loads the hash provider on a thread-pool thread, so that its one-time start-up (a native library on
        /// Linux) overlaps the reading of inputs and state instead of following it.
        /// </summary>
        public static void WarmUpInBackground()
        {
            System.Threading.ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    using (var sha = SHA256.Create())
                    {
                        sha.ComputeHash(Array.Empty<byte>());
                    }
                }
#pragma warning disable CA1031 // Nothing may escape a pool thread: it would end the build process. The real use reports any failure.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            });
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

        public void Dispose() => _sha?.Dispose();
    }
}
