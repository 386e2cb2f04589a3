using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Hugo;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>What to install: an exact version and edition for one platform, from a base URL, into a tools folder.</summary>
    public sealed class HugoInstallRequest
    {
        public HugoVersionNumber Version { get; set; }
        public HugoEdition Edition { get; set; } = HugoEdition.Extended;
        /// <summary>HugoToolsDir: installs go to &lt;ToolsDirectory&gt;/hugo/&lt;version&gt;-&lt;edition&gt;/.</summary>
        public string ToolsDirectory { get; set; } = string.Empty;
        public string BaseUrl { get; set; } = HugoRelease.DefaultBaseUrl;
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Go's GOOS and GOARCH names of the platform (this machine's unless a test says otherwise).</summary>
        public string Os { get; set; } = HugoRelease.CurrentOs();
        public string Architecture { get; set; } = HugoRelease.CurrentArchitecture();
        public CancellationToken Cancellation { get; set; }
        public Action<DownloadProgress>? Progress { get; set; }
        /// <summary>
        /// Runs "hugo version" on a verified, extracted executable and returns its version line, or throws a
        /// HugoInstallException. Called before the install is published, so a wrong binary is never installed.
        /// </summary>
        public Func<string, string>? ReadVersion { get; set; }

        /// <summary>Where the version came from, for messages: "HugoVersion", "HUGO_VERSION" or a .hvm file's path.</summary>
        public string Source { get; set; } = "HugoVersion";

        /// <summary>
        /// The request a project's settings make (the tools folder, cancellation and callbacks are the caller's); throws
        /// HugoInstallException when the version, the base URL or the time-out is not valid.
        /// </summary>
        public static HugoInstallRequest FromSettings(string version, string source, HugoEdition edition, string? baseUrl, string? timeoutSeconds)
        {
            if (!HugoVersionNumber.TryParse(version, out HugoVersionNumber number))
            {
                throw new HugoInstallException(HugoToolCodes.BadVersion,
                    source + " is '" + version.Trim() + "', which is not a Hugo version. Set it to an exact release such as 0.139.4 (or v0.139.4), or leave it empty to use the Hugo on PATH.");
            }

            string url = string.IsNullOrWhiteSpace(baseUrl) ? HugoRelease.DefaultBaseUrl : baseUrl!.Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw new HugoInstallException(HugoToolCodes.BadBaseUrl,
                    "HugoDownloadBaseUrl is '" + url + "'. Set it to an absolute http or https address that serves Hugo's release files as v<version>/<file> (the default is " + HugoRelease.DefaultBaseUrl + ").");
            }

            int seconds = 60;
            if (!string.IsNullOrWhiteSpace(timeoutSeconds) &&
                (!int.TryParse(timeoutSeconds!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds < 1))
            {
                throw new HugoInstallException(HugoToolCodes.BadTimeout,
                    "HugoDownloadTimeoutSeconds is '" + timeoutSeconds + "'. Set it to a whole number of seconds of at least 1 (the default is 60).");
            }

            return new HugoInstallRequest { Version = number, Edition = edition, Source = source, BaseUrl = url, Timeout = TimeSpan.FromSeconds(seconds) };
        }

        /// <summary>Whether a "hugo version" line names this version and edition.</summary>
        public bool IsAnsweredBy(string versionText) =>
            HugoOutput.ParseVersion(versionText) == Version.ToString() && HugoRelease.EditionOf(versionText) == Edition;

        /// <summary>Why <paramref name="versionText"/>, reported by <paramref name="what"/>, is not the Hugo asked for.</summary>
        public string Mismatch(string versionText, string what) =>
            what + " reports '" + versionText + "' but " + Source + " asks for " + Version + " " + HugoRelease.EditionName(Edition) + ". " +
            "Check that HugoDownloadBaseUrl serves Hugo's own release files, and that HugoEdition names the edition you need.";

        /// <summary>
        /// The version line of a fetched, not yet installed hugo; throws HugoInstallException when it reports none, or
        /// another version or edition, so that it is never installed.
        /// </summary>
        public string ReadFetchedVersion(string executable, TimeSpan timeout)
        {
            VersionAnswer answer = HugoVersionProbe.Run(executable, timeout);
            if (answer.Line == null)
            {
                throw new HugoInstallException(answer.TimedOut ? HugoToolCodes.VersionHung : HugoToolCodes.VersionMismatch,
                    "The Hugo fetched for " + Source + "=" + Version + " did not report a version when run as '" + executable + " version' (" + answer.Failure + "). " +
                    "Nothing was installed. Check that the archive is built for this machine, or set HugoExecutable to a working Hugo.");
            }

            if (!IsAnsweredBy(answer.Line))
            {
                throw new HugoInstallException(HugoToolCodes.VersionMismatch, Mismatch(answer.Line, "The archive fetched") + " Nothing was installed.");
            }

            return answer.Line;
        }
    }

    /// <summary>The outcome: where hugo is, whether this call installed it, and from where.</summary>
    /// <param name="SourceUrl">The archive's URL (recorded in the install folder, so known offline too).</param>
    /// <param name="VersionText">The version line read during this install; null when it was already installed.</param>
    public sealed record HugoInstallResult(string Executable, bool Downloaded, string SourceUrl, string? VersionText);

    /// <summary>
    /// Fetches, verifies and installs one exact Hugo, once per version and edition. The layout under the tools folder:
    /// <code>
    /// hugo/0.139.4-extended/hugo        a finished install (its folder appears whole, by one rename)
    /// hugo/0.139.4-extended/.source     the archive's URL and SHA-256
    /// hugo/.tmp-&lt;random&gt;/               one install under way: the archive, then the extracted files
    /// </code>
    /// The checksums file is read first; the archive is hashed while it downloads and compared before anything is
    /// extracted; the extracted hugo is asked its version; only then is its folder renamed into place. Two builds that
    /// install at once each work in their own temporary folder; the first rename wins and the other discards its copy,
    /// so neither ever sees half a Hugo. Once installed, nothing touches the network.
    /// </summary>
    public static class HugoInstaller
    {
        private const string SourceFile = ".source";
        private const string TempPrefix = ".tmp-";

        /// <summary>&lt;tools&gt;/hugo/&lt;version&gt;-&lt;edition&gt;.</summary>
        public static string InstallDirectory(string toolsDirectory, HugoVersionNumber version, HugoEdition edition) =>
            Path.Combine(Path.GetFullPath(toolsDirectory), "hugo", version + "-" + HugoRelease.EditionName(edition));

        public static string ExecutableName(string os) => os == "windows" ? "hugo.exe" : "hugo";

        /// <summary>The installed hugo when it is there (no network), else null.</summary>
        public static HugoInstallResult? FindInstalled(HugoInstallRequest request)
        {
            string dir = InstallDirectory(request.ToolsDirectory, request.Version, request.Edition);
            string exe = Path.Combine(dir, ExecutableName(request.Os));
            if (!File.Exists(exe))
            {
                return null;
            }

            string url = string.Empty;
            try
            {
                string source = Path.Combine(dir, SourceFile);
                if (File.Exists(source))
                {
                    url = File.ReadAllLines(source)[0];
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is IndexOutOfRangeException)
            {
            }

            return new HugoInstallResult(exe, false, url, null);
        }

        public static HugoInstallResult Install(HugoInstallRequest request)
        {
            HugoInstallResult? installed = FindInstalled(request);
            if (installed != null)
            {
                return installed;
            }

            string finalDir = InstallDirectory(request.ToolsDirectory, request.Version, request.Edition);
            string parent = Path.GetDirectoryName(finalDir)!;
            string temp = Path.Combine(parent, TempPrefix + Guid.NewGuid().ToString("N").Substring(0, 12));
            try
            {
                Directory.CreateDirectory(temp);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new HugoInstallException(HugoToolCodes.ToolsDirUnwritable,
                    "Hugo " + request.Version + " cannot be installed: the tools folder '" + parent + "' cannot be written (" + e.Message + "). " +
                    "Set HugoToolsDir to a folder this build can write, or set HugoExecutable to an installed Hugo.");
            }

            try
            {
                RemoveAbandoned(parent, temp);
                return Fetch(request, finalDir, temp);
            }
            finally
            {
                FileTree.TryDelete(temp);
            }
        }

        private static HugoInstallResult Fetch(HugoInstallRequest request, string finalDir, string temp)
        {
            string asset = HugoRelease.AssetName(request.Version, request.Edition, request.Os, request.Architecture);
            string checksumsUrl = HugoRelease.FileUrl(request.BaseUrl, request.Version, HugoRelease.ChecksumsName(request.Version));
            string assetUrl = HugoRelease.FileUrl(request.BaseUrl, request.Version, asset);
            using var downloader = new Downloader(request.Timeout, request.Cancellation);

            string checksumsText = downloader.GetText(checksumsUrl);
            Dictionary<string, string> checksums = HugoRelease.ParseChecksums(checksumsText);
            if (!checksums.TryGetValue(asset, out string? expected))
            {
                // Not listed: either the release has no such archive (say what it has), or it has one that cannot be verified.
                if (!downloader.Exists(assetUrl))
                {
                    List<string> archives = HugoRelease.Archives(checksums.Keys);
                    throw new HugoInstallException(HugoToolCodes.MissingAsset,
                        "Hugo " + request.Version + " has no " + HugoRelease.EditionName(request.Edition) + " archive for " + request.Os + "-" + request.Architecture +
                        " (" + asset + " is not in " + checksumsUrl + "). The release has: " + (archives.Count == 0 ? "no archives" : string.Join(", ", archives)) + ". " +
                        "Choose another HugoEdition or HugoVersion, or set HugoExecutable to a Hugo built for this machine.");
                }

                throw new HugoInstallException(HugoToolCodes.MissingChecksum,
                    assetUrl + " exists but " + checksumsUrl + " has no SHA-256 for it, so it cannot be verified; nothing was installed. " +
                    "Make the mirror at HugoDownloadBaseUrl serve the release's own checksums file.");
            }

            string archivePath = Path.Combine(temp, asset);
            string actual;
            try
            {
                using var file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write);
                actual = downloader.Download(assetUrl, file, request.Progress);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new HugoInstallException(HugoToolCodes.ToolsDirUnwritable,
                    "The archive " + assetUrl + " cannot be saved under '" + temp + "' (" + e.Message + "). Nothing was installed. " +
                    "Set HugoToolsDir to a folder this build can write, with room for about 100 MB.");
            }

            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new HugoInstallException(HugoToolCodes.ChecksumMismatch,
                    "The archive " + assetUrl + " has SHA-256 " + actual + " but " + checksumsUrl + " lists " + expected + "; it was not extracted and nothing was installed. " +
                    "Build again (a download may have been damaged); if it persists, the server is not serving Hugo's release: check HugoDownloadBaseUrl.");
            }

            string extracted = Path.Combine(temp, "x");
            ArchiveExtractor.Extract(archivePath, extracted, assetUrl);
            string? exe = ArchiveExtractor.FindExecutable(extracted, request.Os == "windows");
            if (exe == null)
            {
                throw new HugoInstallException(HugoToolCodes.BadArchive,
                    "The archive " + assetUrl + " matches its checksum but holds no " + ExecutableName(request.Os) + ". Nothing was installed. " +
                    "Check that HugoDownloadBaseUrl serves Hugo's own release files.");
            }

            // The executable must sit at the top of the install folder.
            string top = Path.Combine(extracted, ExecutableName(request.Os));
            if (!string.Equals(exe, top, StringComparison.Ordinal))
            {
                File.Move(exe, top);
            }

            ArchiveExtractor.MakeExecutable(top);
            File.WriteAllText(Path.Combine(extracted, SourceFile), assetUrl + "\n" + actual + "\n");
            string? versionText = request.ReadVersion?.Invoke(top);

            try
            {
                Directory.Move(extracted, finalDir);
            }
            catch (IOException) when (File.Exists(Path.Combine(finalDir, ExecutableName(request.Os))))
            {
                // Another build published the same version first; its copy is as good as ours.
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new HugoInstallException(HugoToolCodes.ToolsDirUnwritable,
                    "Hugo " + request.Version + " was verified but cannot be installed as '" + finalDir + "' (" + e.Message + "). " +
                    "Set HugoToolsDir to a folder this build can write, or remove what is in the way there.");
            }

            return new HugoInstallResult(Path.Combine(finalDir, ExecutableName(request.Os)), true, assetUrl, versionText);
        }

        // Temporary folders of installs that were killed midway: only ours (the prefix, in our own folder) and only old ones.
        private static void RemoveAbandoned(string parent, string current)
        {
            try
            {
                foreach (string dir in Directory.EnumerateDirectories(parent, TempPrefix + "*"))
                {
                    if (!string.Equals(dir, current, StringComparison.Ordinal) && Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddDays(-1))
                    {
                        FileTree.TryDelete(dir);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
        }
    }
}
