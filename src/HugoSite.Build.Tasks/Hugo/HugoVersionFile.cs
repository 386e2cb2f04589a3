using System;
using System.IO;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>
    /// Remembers the answer of "hugo version" between builds in one small file (two lines: the executable's key, the
    /// answer), so a build does not start Hugo once more just to learn its version. The key holds the executable's
    /// path, size and write time: a replaced Hugo is asked again.
    /// </summary>
    internal static class HugoVersionFile
    {
        public static string Key(string executable)
        {
            var info = new FileInfo(executable);
            return "HugoSite.Build.HugoVersion|" + executable + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks;
        }

        /// <summary>The remembered version line for <paramref name="key"/>, or null (no file, another key, unreadable).</summary>
        public static string? Read(string? file, string key)
        {
            if (string.IsNullOrEmpty(file) || !File.Exists(file))
            {
                return null;
            }

            try
            {
                string[] lines = File.ReadAllLines(file);
                return lines.Length >= 2 && lines[0] == key && HugoOutput.ParseVersion(lines[1]) != null ? lines[1] : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Writes the file; null when done (or no file is wanted), else why it could not be.</summary>
        public static string? Write(string? file, string key, string versionText)
        {
            if (string.IsNullOrEmpty(file))
            {
                return null;
            }

            try
            {
                Cache.FileTree.WriteAtomically(file!, key + "\n" + versionText + "\n");
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return e.Message;
            }
        }
    }
}
