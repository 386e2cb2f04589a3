using System;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Tools;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Finds Hugo and reads its version once. With HugoVersion (the property, HUGO_VERSION or a .hvm file) an exact
    /// Hugo is fetched, verified and installed under HugoToolsDir the first time (Tools/HugoInstaller) and used from
    /// there after; HugoExecutable, when set, always wins; else "hugo" on PATH. The version is remembered for the life
    /// of the MSBuild node and in a file, keyed by the executable's path, size and time, so repeated builds do not start
    /// Hugo just to ask its version. Then the site's and themes' minimum versions are checked, before Hugo runs.
    /// </summary>
    public sealed class ResolveHugo : Microsoft.Build.Utilities.Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>A path to Hugo, or a name to look up on PATH. Empty: "hugo" on PATH (or the pinned Hugo).</summary>
        public string? HugoExecutable { get; set; }

        /// <summary>A file that remembers the version of the executable across builds (<see cref="HugoVersionCache"/>).</summary>
        public string? VersionCacheFile { get; set; }

        /// <summary>The exact Hugo to use (0.139.4 or v0.139.4); empty: no pinning.</summary>
        public string? HugoVersion { get; set; }

        /// <summary>Where HugoVersion came from, for messages: "HugoVersion", "HUGO_VERSION" or the .hvm file's path.</summary>
        public string? HugoVersionSource { get; set; }

        /// <summary>standard, extended (the default) or withdeploy.</summary>
        public string? HugoEdition { get; set; }

        /// <summary>HugoToolsDir; empty: ~/.hugo-template-perf/tools (beside the default history).</summary>
        public string? ToolsDirectory { get; set; }

        /// <summary>HugoDownloadBaseUrl; empty: Hugo's GitHub releases.</summary>
        public string? DownloadBaseUrl { get; set; }

        /// <summary>HugoDownloadTimeoutSeconds: the longest a download may receive nothing; empty: 60.</summary>
        public string? DownloadTimeoutSeconds { get; set; }

        /// <summary>How long "hugo version" may take before its process tree is stopped.</summary>
        public int VersionTimeoutSeconds { get; set; } = 30;

        /// <summary>Folders holding the site's configuration (module.hugoVersion is read from them).</summary>
        public string[]? SiteDirectories { get; set; }

        /// <summary>Theme folders (module.hugoVersion in their configuration, min_version in theme.toml).</summary>
        public string[]? ThemeDirectories { get; set; }

        /// <summary>The project the errors are attributed to (not the targets file that calls the task).</summary>
        public string? ProjectFile { get; set; }

        [Output] public string ExecutablePath { get; private set; } = string.Empty;

        /// <summary>The version number, such as 0.111.3.</summary>
        [Output] public string Version { get; private set; } = string.Empty;

        /// <summary>Hugo's whole version line.</summary>
        [Output] public string VersionText { get; private set; } = string.Empty;

        [Output] public bool Extended { get; private set; }

        /// <summary>standard, extended or withdeploy, as the executable reports it.</summary>
        [Output] public string Edition { get; private set; } = string.Empty;

        /// <summary>Where the executable came from: "executable" (HugoExecutable), "path" (PATH) or "download" (HugoVersion).</summary>
        [Output] public string Source { get; private set; } = string.Empty;

        /// <summary>For a pinned Hugo, the archive's URL.</summary>
        [Output] public string SourceUrl { get; private set; } = string.Empty;

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            string file = ErrorFile();
            if (!HugoRelease.TryParseEdition(HugoEdition, out HugoEdition edition))
            {
                Log.LogError(null, HugoToolCodes.BadEdition, null, file, 0, 0, 0, 0,
                    "HugoEdition is '" + HugoEdition + "'. Set it to standard, extended (the default) or withdeploy (extended with the deploy command, from Hugo 0.137.0).");
                return false;
            }

            HugoInstallRequest? pin = null;
            string? path;
            try
            {
                if (!string.IsNullOrWhiteSpace(HugoVersion))
                {
                    pin = HugoInstallRequest.FromSettings(HugoVersion!, SourceName(), edition, DownloadBaseUrl, DownloadTimeoutSeconds);
                }

                path = pin != null && string.IsNullOrWhiteSpace(HugoExecutable) ? InstallPinned(pin) : Locate(file, pin != null);
            }
            catch (HugoInstallException e)
            {
                Log.LogError(null, e.Code, null, file, 0, 0, 0, 0, e.Message);
                return false;
            }
            catch (OperationCanceledException)
            {
                Log.LogMessage(MessageImportance.High, "The download of Hugo {0} was cancelled; nothing was installed.", pin!.Version);
                return false;
            }

            string? versionText = path == null ? null : HugoVersionCache.VersionText(path, VersionCacheFile, VersionTimeoutSeconds, BuildEngine as IBuildEngine4, Log);
            if (versionText == null)
            {
                return false;
            }

            ExecutablePath = path!;
            VersionText = versionText;
            Version = HugoOutput.ParseVersion(versionText) ?? string.Empty;
            HugoEdition actualEdition = HugoRelease.EditionOf(versionText);
            Edition = HugoRelease.EditionName(actualEdition);
            Extended = actualEdition != Tools.HugoEdition.Standard;

            if (Source == "download" && !pin!.IsAnsweredBy(versionText))
            {
                Log.LogError(null, HugoToolCodes.VersionMismatch, null, path, 0, 0, 0, 0,
                    pin.Mismatch(versionText, "The installed Hugo at '" + path + "'") +
                    " Remove the folder '" + Path.GetDirectoryName(path) + "' so the next build installs it again.");
                return false;
            }

            Log.LogMessage(MessageImportance.Low, "Hugo {0} {1} at {2} ({3})", Version, Edition, path, Source);
            return HugoRequirements.Check(SiteDirectories, ThemeDirectories, Version, Extended, ExecutablePath, Log);
        }

        /// <summary>HugoExecutable, or "hugo" on PATH; null (after the error) when there is none.</summary>
        private string? Locate(string file, bool pinned)
        {
            if (pinned)
            {
                Log.LogMessage(MessageImportance.Low, "HugoExecutable '{0}' is set, so it is used and {1}={2} is not fetched.", HugoExecutable, SourceName(), HugoVersion);
            }

            string? path = HugoLocator.Find(HugoExecutable, Environment.GetEnvironmentVariable("PATH"), Compat.PathCompat.IsWindows);
            if (path == null)
            {
                string what = string.IsNullOrWhiteSpace(HugoExecutable)
                    ? "Hugo was not found on PATH."
                    : "Hugo was not found at HugoExecutable='" + HugoExecutable + "'.";
                Log.LogError(null, HugoCodes.NotFound, null, file, 0, 0, 0, 0,
                    what + " Install Hugo (extended edition, 0.111 or newer): Linux 'sudo apt-get install hugo' or 'sudo snap install hugo'; " +
                    "macOS 'brew install hugo'; Windows 'winget install Hugo.Hugo.Extended' or 'choco install hugo-extended'. " +
                    "Or set the HugoExecutable property to the full path of the hugo executable, or set HugoVersion to have the build fetch one.");
                return null;
            }

            Source = string.IsNullOrWhiteSpace(HugoExecutable) ? "path" : "executable";
            return path;
        }

        /// <summary>The pinned Hugo, fetched and installed under the tools folder unless it is there already.</summary>
        private string InstallPinned(HugoInstallRequest pin)
        {
            TimeSpan versionTimeout = TimeSpan.FromSeconds(Math.Max(1, VersionTimeoutSeconds));
            pin.ToolsDirectory = string.IsNullOrWhiteSpace(ToolsDirectory) ? DefaultToolsDirectory() : ToolsDirectory!.Trim();
            pin.Cancellation = _cancel.Token;
            pin.Progress = p => Log.LogMessage(MessageImportance.Normal, p.Done ? "Downloaded {0}: {1} in {2:0.0} s" : "Downloading {0}: {1}", p.Url, p, p.Elapsed.TotalSeconds);
            pin.ReadVersion = exe => pin.ReadFetchedVersion(exe, versionTimeout);
            HugoInstallResult result = HugoInstaller.Install(pin);
            SourceUrl = result.SourceUrl;
            if (result.Downloaded)
            {
                Log.LogMessage(MessageImportance.Normal, "Hugo {0} {1} installed in {2} (from {3}, SHA-256 verified).", pin.Version, HugoRelease.EditionName(pin.Edition),
                    Path.GetDirectoryName(result.Executable), result.SourceUrl);
            }

            Source = "download";
            return result.Executable;
        }

        private string ErrorFile() => !string.IsNullOrWhiteSpace(ProjectFile) ? ProjectFile! : BuildEngine?.ProjectFileOfTaskNode ?? string.Empty;

        private string SourceName() => string.IsNullOrWhiteSpace(HugoVersionSource) ? "HugoVersion" : HugoVersionSource!;

        /// <summary>~/.hugo-template-perf/tools: "tools" beside the default history.</summary>
        public static string DefaultToolsDirectory() =>
            Path.Combine(Path.GetDirectoryName(History.HistoryStore.DefaultPath())!, "tools");
    }
}
