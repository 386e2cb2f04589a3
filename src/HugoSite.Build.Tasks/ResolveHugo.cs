using System;
using System.Globalization;
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

        /// <summary>
        /// A file that remembers the version of the executable across builds (each dotnet build is a new process,
        /// and starting Hugo only to ask its version costs tens of milliseconds). Keyed by path, size and time.
        /// </summary>
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

            bool pinned = !string.IsNullOrWhiteSpace(HugoVersion);
            HugoVersionNumber requested = default;
            if (pinned && !ValidatePinned(file, out requested))
            {
                return false;
            }

            string? path;
            if (pinned && string.IsNullOrWhiteSpace(HugoExecutable))
            {
                path = InstallPinned(requested, edition);
                if (path == null)
                {
                    return false;
                }

                Source = "download";
            }
            else
            {
                if (pinned)
                {
                    Log.LogMessage(MessageImportance.Low, "HugoExecutable '{0}' is set, so it is used and {1}={2} is not fetched.", HugoExecutable, SourceName(), HugoVersion);
                }

                path = HugoLocator.Find(HugoExecutable, Environment.GetEnvironmentVariable("PATH"), Compat.PathCompat.IsWindows);
                if (path == null)
                {
                    string what = string.IsNullOrWhiteSpace(HugoExecutable)
                        ? "Hugo was not found on PATH."
                        : "Hugo was not found at HugoExecutable='" + HugoExecutable + "'.";
                    Log.LogError(null, HugoCodes.NotFound, null, file, 0, 0, 0, 0,
                        what + " Install Hugo (extended edition, 0.111 or newer): Linux 'sudo apt-get install hugo' or 'sudo snap install hugo'; " +
                        "macOS 'brew install hugo'; Windows 'winget install Hugo.Hugo.Extended' or 'choco install hugo-extended'. " +
                        "Or set the HugoExecutable property to the full path of the hugo executable, or set HugoVersion to have the build fetch one.");
                    return false;
                }

                Source = string.IsNullOrWhiteSpace(HugoExecutable) ? "path" : "executable";
            }

            string? versionText = ResolveVersionText(path);
            if (versionText == null)
            {
                return false;
            }

            ExecutablePath = path;
            VersionText = versionText;
            Version = HugoOutput.ParseVersion(versionText) ?? string.Empty;
            HugoEdition actualEdition = HugoRelease.EditionOf(versionText);
            Edition = HugoRelease.EditionName(actualEdition);
            Extended = actualEdition != Tools.HugoEdition.Standard;

            if (Source == "download" && !MatchesRequest(path, versionText, requested, edition))
            {
                return false;
            }

            Log.LogMessage(MessageImportance.Low, "Hugo {0} {1} at {2} ({3})", Version, Edition, path, Source);
            return CheckRequirements();
        }

        private bool ValidatePinned(string file, out HugoVersionNumber requested)
        {
            if (!HugoVersionNumber.TryParse(HugoVersion, out requested))
            {
                Log.LogError(null, HugoToolCodes.BadVersion, null, file, 0, 0, 0, 0,
                    SourceName() + " is '" + HugoVersion!.Trim() + "', which is not a Hugo version. Set it to an exact release such as 0.139.4 (or v0.139.4), or leave it empty to use the Hugo on PATH.");
                return false;
            }

            string baseUrl = string.IsNullOrWhiteSpace(DownloadBaseUrl) ? HugoRelease.DefaultBaseUrl : DownloadBaseUrl!.Trim();
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                Log.LogError(null, HugoToolCodes.BadBaseUrl, null, file, 0, 0, 0, 0,
                    "HugoDownloadBaseUrl is '" + baseUrl + "'. Set it to an absolute http or https address that serves Hugo's release files as v<version>/<file> (the default is " + HugoRelease.DefaultBaseUrl + ").");
                return false;
            }

            if (!string.IsNullOrWhiteSpace(DownloadTimeoutSeconds) &&
                (!int.TryParse(DownloadTimeoutSeconds!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 1))
            {
                Log.LogError(null, HugoToolCodes.BadTimeout, null, file, 0, 0, 0, 0,
                    "HugoDownloadTimeoutSeconds is '" + DownloadTimeoutSeconds + "'. Set it to a whole number of seconds of at least 1 (the default is 60).");
                return false;
            }

            return true;
        }

        private string? InstallPinned(HugoVersionNumber requested, HugoEdition edition)
        {
            string tools = string.IsNullOrWhiteSpace(ToolsDirectory) ? DefaultToolsDirectory() : ToolsDirectory!.Trim();
            int seconds = string.IsNullOrWhiteSpace(DownloadTimeoutSeconds) ? 60 : int.Parse(DownloadTimeoutSeconds!.Trim(), CultureInfo.InvariantCulture);
            var request = new HugoInstallRequest
            {
                Version = requested,
                Edition = edition,
                ToolsDirectory = tools,
                BaseUrl = string.IsNullOrWhiteSpace(DownloadBaseUrl) ? HugoRelease.DefaultBaseUrl : DownloadBaseUrl!.Trim(),
                Timeout = TimeSpan.FromSeconds(seconds),
                Cancellation = _cancel.Token,
                Progress = p => Log.LogMessage(MessageImportance.Normal, p.Done ? "Downloaded {0}: {1} in {2:0.0} s" : "Downloading {0}: {1}", p.Url, p, p.Elapsed.TotalSeconds),
                ReadVersion = exe =>
                {
                    VersionAnswer answer = HugoVersionProbe.Run(exe, TimeSpan.FromSeconds(Math.Max(1, VersionTimeoutSeconds)));
                    if (answer.Line == null)
                    {
                        throw new HugoInstallException(answer.TimedOut ? HugoToolCodes.VersionHung : HugoToolCodes.VersionMismatch,
                            "The Hugo fetched for " + SourceName() + "=" + requested + " did not report a version when run as '" + exe + " version' (" + answer.Failure + "). " +
                            "Nothing was installed. Check that the archive is built for this machine, or set HugoExecutable to a working Hugo.");
                    }

                    HugoEdition got = HugoRelease.EditionOf(answer.Line);
                    if (HugoOutput.ParseVersion(answer.Line) != requested.ToString() || got != edition)
                    {
                        throw new HugoInstallException(HugoToolCodes.VersionMismatch, MismatchText(answer.Line, requested, edition, "The archive fetched") + " Nothing was installed.");
                    }

                    return answer.Line;
                },
            };

            try
            {
                HugoInstallResult result = HugoInstaller.Install(request);
                SourceUrl = result.SourceUrl;
                if (result.Downloaded)
                {
                    Log.LogMessage(MessageImportance.Normal, "Hugo {0} {1} installed in {2} (from {3}, SHA-256 verified).", requested, HugoRelease.EditionName(edition),
                        Path.GetDirectoryName(result.Executable), result.SourceUrl);
                }

                return result.Executable;
            }
            catch (HugoInstallException e)
            {
                Log.LogError(null, e.Code, null, ErrorFile(), 0, 0, 0, 0, e.Message);
                return null;
            }
            catch (OperationCanceledException)
            {
                Log.LogMessage(MessageImportance.High, "The download of Hugo {0} was cancelled; nothing was installed.", requested);
                return null;
            }
        }

        private bool MatchesRequest(string path, string versionText, HugoVersionNumber requested, HugoEdition edition)
        {
            if (Version == requested.ToString() && HugoRelease.EditionOf(versionText) == edition)
            {
                return true;
            }

            Log.LogError(null, HugoToolCodes.VersionMismatch, null, path, 0, 0, 0, 0,
                MismatchText(versionText, requested, edition, "The installed Hugo at '" + path + "'") +
                " Remove the folder '" + Path.GetDirectoryName(path) + "' so the next build installs it again.");
            return false;
        }

        private string MismatchText(string versionText, HugoVersionNumber requested, HugoEdition edition, string what) =>
            what + " reports '" + versionText + "' but " + SourceName() + " asks for " + requested + " " + HugoRelease.EditionName(edition) + ". " +
            "Check that HugoDownloadBaseUrl serves Hugo's own release files, and that HugoEdition names the edition you need.";

        private bool CheckRequirements()
        {
            if ((SiteDirectories == null || SiteDirectories.Length == 0) && (ThemeDirectories == null || ThemeDirectories.Length == 0))
            {
                return true;
            }

            if (!HugoVersionNumber.TryParse(Version, out HugoVersionNumber actual))
            {
                return true;
            }

            bool ok = true;
            foreach (HugoRequirement need in HugoRequirements.Read(SiteDirectories ?? Array.Empty<string>(), ThemeDirectories ?? Array.Empty<string>()))
            {
                if (need.Minimum.HasValue && actual < need.Minimum.Value)
                {
                    Log.LogError(null, HugoToolCodes.TooOld, null, need.File, 0, 0, 0, 0,
                        "'" + need.File + "' needs Hugo " + need.Minimum.Value + " or newer (" + need.Key + (need.Key == "min_version" ? string.Empty : ".min") + ") but Hugo " + Version + " is used (" + ExecutablePath + "). " +
                        "Pin one with <HugoVersion>" + need.Minimum.Value + "</HugoVersion> in the project (or -p:HugoVersion=" + need.Minimum.Value + ", or HUGO_VERSION) and the build fetches it, or install a newer Hugo.");
                    ok = false;
                }

                if (need.Extended && !Extended)
                {
                    Log.LogError(null, HugoToolCodes.NeedsExtended, null, need.File, 0, 0, 0, 0,
                        "'" + need.File + "' needs Hugo extended (" + need.Key + ".extended) but Hugo " + Version + " at " + ExecutablePath + " is the standard edition. " +
                        "Pin one with <HugoVersion>" + Version + "</HugoVersion> and <HugoEdition>extended</HugoEdition> and the build fetches it, or install Hugo extended.");
                    ok = false;
                }
            }

            return ok;
        }

        private string? ResolveVersionText(string path)
        {
            string key = HugoVersionFile.Key(path);
            string? versionText = BuildEngine is IBuildEngine4 engine
                ? engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.AppDomain) as string
                : null;

            versionText ??= HugoVersionFile.Read(VersionCacheFile, key);
            if (versionText == null)
            {
                VersionAnswer answer = HugoVersionProbe.Run(path, TimeSpan.FromSeconds(Math.Max(1, VersionTimeoutSeconds)));
                if (answer.TimedOut)
                {
                    Log.LogError(null, HugoToolCodes.VersionHung, null, path, 0, 0, 0, 0,
                        "'" + path + " version' did not finish within " + Math.Max(1, VersionTimeoutSeconds) + " seconds; it and every process it started were stopped. " +
                        "Check that this file is Hugo and runs on this machine without waiting for input, or point HugoExecutable at a working Hugo.");
                    return null;
                }

                versionText = answer.Line;
                if (versionText == null)
                {
                    Log.LogError(null, HugoCodes.NoVersion, null, path, 0, 0, 0, 0,
                        "'" + path + " version' did not report a Hugo version (" + answer.Failure + "). " +
                        "Check that this file is Hugo and runs on this machine, or point HugoExecutable at a working Hugo.");
                    return null;
                }

                string? notWritten = HugoVersionFile.Write(VersionCacheFile, key, versionText);
                if (notWritten != null)
                {
                    Log.LogMessage(MessageImportance.Low, "The Hugo version could not be remembered in {0}: {1}", VersionCacheFile, notWritten);
                }
            }

            (BuildEngine as IBuildEngine4)?.RegisterTaskObject(key, versionText, RegisteredTaskObjectLifetime.AppDomain, allowEarlyCollection: false);
            return versionText;
        }

        private string ErrorFile() => !string.IsNullOrWhiteSpace(ProjectFile) ? ProjectFile! : BuildEngine?.ProjectFileOfTaskNode ?? string.Empty;

        private string SourceName() => string.IsNullOrWhiteSpace(HugoVersionSource) ? "HugoVersion" : HugoVersionSource!;

        /// <summary>~/.hugo-template-perf/tools: "tools" beside the default history.</summary>
        public static string DefaultToolsDirectory() =>
            Path.Combine(Path.GetDirectoryName(History.HistoryStore.DefaultPath())!, "tools");
    }
}
