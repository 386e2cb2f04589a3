using System;
using System.IO;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>Finds the Hugo executable: an explicit path first, else the folders of PATH.</summary>
    public static class HugoLocator
    {
        /// <summary>
        /// Resolves <paramref name="configured"/> (a file path, or a bare name such as "hugo") or, when it is
        /// empty, "hugo" on PATH. Returns null when nothing executable is found.
        /// </summary>
        public static string? Find(string? configured, string? pathVariable, bool isWindows)
        {
            string name = string.IsNullOrWhiteSpace(configured) ? "hugo" : configured!.Trim();
            bool hasDirectory = name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0;
            if (hasDirectory || Path.IsPathRooted(name))
            {
                return Existing(name, isWindows);
            }

            if (string.IsNullOrEmpty(pathVariable))
            {
                return null;
            }

            foreach (string part in pathVariable!.Split(isWindows ? ';' : ':'))
            {
                string dir = part.Trim().Trim('"');
                string? found = dir.Length > 0 ? Existing(Path.Combine(dir, name), isWindows) : null;
                if (found != null)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>The full path of <paramref name="path"/>, or on Windows of path.exe, when that file exists.</summary>
        private static string? Existing(string path, bool isWindows)
        {
            if (File.Exists(path))
            {
                return Path.GetFullPath(path);
            }

            string exe = path + ".exe";
            return isWindows && !path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) && File.Exists(exe) ? Path.GetFullPath(exe) : null;
        }
    }
}
