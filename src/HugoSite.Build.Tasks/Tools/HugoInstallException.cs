using System;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>A failure to fetch, verify or install a pinned Hugo, with its HSB code and a sentence that says what to do.</summary>
    public sealed class HugoInstallException : Exception
    {
        public HugoInstallException(string code, string message)
            : base(message)
        {
            Code = code;
        }

        public string Code { get; }
    }

    /// <summary>The codes the pinned-Hugo code raises (docs/errors.md has a row for each).</summary>
    public static class HugoToolCodes
    {
        /// <summary>HugoVersion (or HUGO_VERSION, or .hvm) is not a version number.</summary>
        public const string BadVersion = "HSB0400";
        /// <summary>HugoEdition is not standard, extended or withdeploy.</summary>
        public const string BadEdition = "HSB0401";
        /// <summary>The release has no archive for this platform and edition.</summary>
        public const string MissingAsset = "HSB0402";
        /// <summary>The server answered with an HTTP error status.</summary>
        public const string HttpError = "HSB0403";
        /// <summary>The server did not answer, or stopped sending, within HugoDownloadTimeoutSeconds.</summary>
        public const string TimedOut = "HSB0404";
        /// <summary>The archive's SHA-256 differs from the checksums file's.</summary>
        public const string ChecksumMismatch = "HSB0405";
        /// <summary>The archive exists but the checksums file has no entry for it.</summary>
        public const string MissingChecksum = "HSB0406";
        /// <summary>No connection to the server (DNS, refused, TLS, proxy).</summary>
        public const string ConnectionFailed = "HSB0407";
        /// <summary>HugoToolsDir cannot be created or written.</summary>
        public const string ToolsDirUnwritable = "HSB0408";
        /// <summary>The installed Hugo does not report the requested version or edition.</summary>
        public const string VersionMismatch = "HSB0409";
        /// <summary>The verified archive cannot be read or holds no hugo executable.</summary>
        public const string BadArchive = "HSB0410";
        /// <summary>A site or theme needs a newer Hugo (module.hugoVersion.min, theme.toml min_version).</summary>
        public const string TooOld = "HSB0411";
        /// <summary>A site or theme needs Hugo extended (module.hugoVersion.extended) and Hugo is not.</summary>
        public const string NeedsExtended = "HSB0412";
        /// <summary>HugoDownloadBaseUrl is not an absolute http or https address.</summary>
        public const string BadBaseUrl = "HSB0413";
        /// <summary>"hugo version" did not finish in time; its process tree was stopped.</summary>
        public const string VersionHung = "HSB0414";
        /// <summary>HugoDownloadTimeoutSeconds is not a whole number of at least 1.</summary>
        public const string BadTimeout = "HSB0415";
    }
}
