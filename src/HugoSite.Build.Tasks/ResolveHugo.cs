using System;
using System.Diagnostics;
using System.IO;
using HugoSite.Build.Tasks.Hugo;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Finds Hugo (HugoExecutable, else PATH) and reads its version once. The version is remembered for the
    /// life of the MSBuild node, keyed by the executable's path, size and time, so repeated builds in an IDE
    /// do not start Hugo just to ask its version.
    /// </summary>
    public sealed class ResolveHugo : Microsoft.Build.Utilities.Task
    {
        /// <summary>A path to Hugo, or a name to look up on PATH. Empty: "hugo" on PATH.</summary>
        public string? HugoExecutable { get; set; }

        /// <summary>
        /// A file that remembers the version of the executable across builds (each dotnet build is a new process,
        /// and starting Hugo only to ask its version costs tens of milliseconds). Keyed by path, size and time.
        /// </summary>
        public string? VersionCacheFile { get; set; }

        [Output] public string ExecutablePath { get; private set; } = string.Empty;

        /// <summary>The version number, such as 0.111.3.</summary>
        [Output] public string Version { get; private set; } = string.Empty;

        /// <summary>Hugo's whole version line.</summary>
        [Output] public string VersionText { get; private set; } = string.Empty;

        [Output] public bool Extended { get; private set; }

        public override bool Execute()
        {
            bool isWindows = Compat.PathCompat.IsWindows;
            string? path = HugoLocator.Find(HugoExecutable, Environment.GetEnvironmentVariable("PATH"), isWindows);
            if (path == null)
            {
                string what = string.IsNullOrWhiteSpace(HugoExecutable)
                    ? "Hugo was not found on PATH."
                    : "Hugo was not found at HugoExecutable='" + HugoExecutable + "'.";
                Log.LogError(null, "HSB0001", null, BuildEngine?.ProjectFileOfTaskNode ?? string.Empty, 0, 0, 0, 0,
                    what + " Install Hugo (extended edition, 0.111 or newer): Linux 'sudo apt-get install hugo' or 'sudo snap install hugo'; " +
                    "macOS 'brew install hugo'; Windows 'winget install Hugo.Hugo.Extended' or 'choco install hugo-extended'. " +
                    "Or set the HugoExecutable property to the full path of the hugo executable.");
                return false;
            }

            var info = new FileInfo(path);
            string key = "HugoSite.Build.HugoVersion|" + path + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks;
            string? versionText = BuildEngine is IBuildEngine4 engine
                ? engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.AppDomain) as string
                : null;

            versionText ??= ReadCachedVersion(key);
            if (versionText == null)
            {
                versionText = ReadVersion(path, out string? failure);
                if (versionText == null)
                {
                    Log.LogError(null, "HSB0002", null, path, 0, 0, 0, 0,
                        "'" + path + " version' did not report a Hugo version (" + failure + "). " +
                        "Check that this file is Hugo and runs on this machine, or point HugoExecutable at a working Hugo.");
                    return false;
                }

                WriteCachedVersion(key, versionText);
            }

            (BuildEngine as IBuildEngine4)?.RegisterTaskObject(key, versionText, RegisteredTaskObjectLifetime.AppDomain, allowEarlyCollection: false);

            ExecutablePath = path;
            VersionText = versionText;
            Version = HugoOutput.ParseVersion(versionText) ?? string.Empty;
            Extended = versionText.IndexOf("extended", StringComparison.OrdinalIgnoreCase) >= 0;
            Log.LogMessage(MessageImportance.Low, "Hugo {0} at {1}", Version, path);
            return true;
        }

        private string? ReadCachedVersion(string key)
        {
            if (string.IsNullOrEmpty(VersionCacheFile) || !File.Exists(VersionCacheFile))
            {
                return null;
            }

            try
            {
                string[] lines = File.ReadAllLines(VersionCacheFile);
                return lines.Length >= 2 && lines[0] == key && HugoOutput.ParseVersion(lines[1]) != null ? lines[1] : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private void WriteCachedVersion(string key, string versionText)
        {
            if (string.IsNullOrEmpty(VersionCacheFile))
            {
                return;
            }

            try
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(VersionCacheFile));
                if (!string.IsNullOrEmpty(dir))
                {
                    Directory.CreateDirectory(dir);
                }

                File.WriteAllText(VersionCacheFile, key + "\n" + versionText + "\n");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "The Hugo version could not be remembered in {0}: {1}", VersionCacheFile, e.Message);
            }
        }

        private static string? ReadVersion(string path, out string? failure)
        {
            failure = null;
            try
            {
                var startInfo = new ProcessStartInfo(path, "version")
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    CreateNoWindow = true,
                };
                using var process = Process.Start(startInfo)!;
                string output = process.StandardOutput.ReadToEnd();
                string error = process.StandardError.ReadToEnd();
                if (!process.WaitForExit(30000))
                {
                    process.Kill();
                    failure = "it did not answer within 30 seconds";
                    return null;
                }

                string text = (output + "\n" + error).Trim();
                if (HugoOutput.ParseVersion(text) == null)
                {
                    failure = "exit code " + process.ExitCode + ", output '" + Truncate(text, 200) + "'";
                    return null;
                }

                return text.Split('\n')[0].Trim();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException)
            {
                failure = e.Message;
                return null;
            }
        }

        private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";
    }
}
