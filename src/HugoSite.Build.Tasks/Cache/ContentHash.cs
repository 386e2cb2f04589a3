using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// SHA-256 of files and text, as lower-case hex. One instance per thread (not thread-safe). Nothing is created
    /// before the first file is hashed: the hash provider's first use in a process costs milliseconds (a native
    /// library loads), which a check that finds nothing to hash should not pay. On .NET a file that fits the
    /// buffer is hashed in one call, which starts faster than a hash object.
    /// </summary>
    internal sealed class ContentHash : IDisposable
    {
        private const int BufferSize = 64 * 1024;
        private SHA256? _sha;
        private byte[]? _buffer;

        public string OfFile(string path)
        {
            using FileStream stream = OpenRead(path);
            return OfStream(stream);
        }

        /// <summary>Opens a file for hashing: shared, unbuffered, sequential.</summary>
        public static FileStream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

        /// <summary>The hash of everything from the stream's position to its end.</summary>
        public string OfStream(Stream stream)
        {
            byte[] buffer = _buffer ??= new byte[BufferSize];
            int filled = 0;
            int read;
            while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
            {
                filled += read;
            }

#if !NETFRAMEWORK
            if (filled < buffer.Length)
            {
                return Hex(SHA256.HashData(new ReadOnlySpan<byte>(buffer, 0, filled)));
            }
#endif

            SHA256 sha = _sha ??= SHA256.Create();
            sha.Initialize();
            sha.TransformBlock(buffer, 0, filled, null, 0);
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.TransformBlock(buffer, 0, read, null, 0);
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            return Hex(sha.Hash!);
        }

        /// <summary>
        /// Starts the hash provider on a thread-pool thread, so that its one-time start-up (a native library on
        /// Linux, milliseconds) overlaps the reading of inputs and state instead of following it.
        /// </summary>
        public static void WarmUpInBackground()
        {
            System.Threading.ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    OfText(string.Empty);
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
#if NETFRAMEWORK
            using var sha = SHA256.Create();
            return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
#else
            return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
#endif
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
