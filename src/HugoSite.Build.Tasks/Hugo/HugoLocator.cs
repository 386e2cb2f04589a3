using System;
using System.Collections.Generic;
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
                foreach (string candidate in Candidates(name, isWindows))
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }

                return null;
            }

            foreach (string dir in SplitPath(pathVariable, isWindows))
            {
                foreach (string candidate in Candidates(Path.Combine(dir, name), isWindows))
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }

            return null;
        }

        private static IEnumerable<string> Candidates(string path, bool isWindows)
        {
            yield return path;
            if (isWindows && !path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                yield return path + ".exe";
            }
        }

        private static IEnumerable<string> SplitPath(string? pathVariable, bool isWindows)
        {
            if (string.IsNullOrEmpty(pathVariable))
            {
                yield break;
            }

            foreach (string part in pathVariable!.Split(isWindows ? ';' : ':'))
            {
                string dir = part.Trim().Trim('"');
                if (dir.Length > 0)
                {
                    yield return dir;
                }
            }
        }
    }
}
