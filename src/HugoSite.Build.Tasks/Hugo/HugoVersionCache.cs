using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>
    /// The answer of "hugo version", asked as seldom as possible: each dotnet build is a new process, and starting
    /// Hugo only to ask its version costs tens of milliseconds. The answer is remembered for the life of the MSBuild
    /// node (a registered task object) and between builds in one small file (two lines: the executable's key, the
    /// answer). The key holds the executable's path, size and write time: a replaced Hugo is asked again.
    /// </summary>
    internal static class HugoVersionCache
    {
        /// <summary>
        /// Hugo's version line for <paramref name="executable"/>: remembered by this MSBuild node, else in
        /// <paramref name="file"/>, else asked (and then remembered in both). Null after the error is logged.
        /// </summary>
        public static string? VersionText(string executable, string? file, int timeoutSeconds, IBuildEngine4? engine, TaskLoggingHelper log)
        {
            string key = Key(executable);
            string? versionText = engine?.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.AppDomain) as string ?? Read(file, key);
            if (versionText == null)
            {
                int seconds = Math.Max(1, timeoutSeconds);
                VersionAnswer answer = HugoVersionProbe.Run(executable, TimeSpan.FromSeconds(seconds));
                if (answer.TimedOut)
                {
                    log.LogError(null, HugoToolCodes.VersionHung, null, executable, 0, 0, 0, 0,
                        "'" + executable + " version' did not finish within " + seconds + " seconds; it and every process it started were stopped. " +
                        "Check that this file is Hugo and runs on this machine without waiting for input, or point HugoExecutable at a working Hugo.");
                    return null;
                }

                versionText = answer.Line;
                if (versionText == null)
                {
                    log.LogError(null, HugoCodes.NoVersion, null, executable, 0, 0, 0, 0,
                        "'" + executable + " version' did not report a Hugo version (" + answer.Failure + "). " +
                        "Check that this file is Hugo and runs on this machine, or point HugoExecutable at a working Hugo.");
                    return null;
                }

                if (!string.IsNullOrEmpty(file))
                {
                    try
                    {
                        Cache.FileTree.WriteAtomically(file!, key + "\n" + versionText + "\n");
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        log.LogMessage(MessageImportance.Low, "The Hugo version could not be remembered in {0}: {1}", file, e.Message);
                    }
                }
            }

            engine?.RegisterTaskObject(key, versionText, RegisteredTaskObjectLifetime.AppDomain, allowEarlyCollection: false);
            return versionText;
        }

        private static string Key(string executable)
        {
            var info = new FileInfo(executable);
            return "HugoSite.Build.HugoVersion|" + executable + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks;
        }

        /// <summary>The remembered version line for <paramref name="key"/>, or null (no file, another key, unreadable).</summary>
        private static string? Read(string? file, string key)
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
    }
}
