namespace HugoSite.Build.Tasks
{
    // Every HSB code the tasks raise, by the part of the build that raises it; docs/errors.md has a row for each with
    // what to do, and the targets raise the codes that need no task (property checks) themselves. A code is written
    // only here: the sentence that goes with it stays where the facts it names are known.

    /// <summary>Hugo's own run (RunHugo, ResolveHugo, ReadHugoSite).</summary>
    internal static class HugoCodes
    {
        public const string NotFound = "HSB0001";
        public const string NoVersion = "HSB0002";
        public const string HugoError = "HSB0003";
        public const string HugoWarning = "HSB0004";
        public const string ExitedSilently = "HSB0005";
        public const string TimedOut = "HSB0006";
        public const string CannotPublish = "HSB0007";
        public const string MissingWorkFolder = "HSB0008";
        public const string Cancelled = "HSB0009";
        public const string StagingNotEmptied = "HSB0106";
        public const string ModulesNeedGo = "HSB0603";
    }

    /// <summary>The output folder and the project lock (HugoGuardOutput, HugoProjectLock, the publish, HugoCleanOutput).</summary>
    internal static class OutputCodes
    {
        public const string OverlapsSource = "HSB0100";
        public const string LockTimedOut = "HSB0102";
        public const string OutputIsAFile = "HSB0103";
        public const string UserFileReplaced = "HSB0104";
        public const string StaleHugoStopped = "HSB0105";
        public const string OldSiteNotRemoved = "HSB0107";
        public const string PublishReplayed = "HSB0108";
        public const string InvalidLockAction = "HSB0109";
        public const string LockNotCreated = "HSB0110";
        public const string PublishNotUndone = "HSB0111";
        public const string CleanFailed = "HSB0112";
    }

    /// <summary>The pinned Hugo: download, verification, install and version requirements.</summary>
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

    /// <summary>The live preview (HugoServe).</summary>
    internal static class ServeCodes
    {
        public const string InvalidPort = "HSB0500";
        public const string InvalidBind = "HSB0501";
        public const string AlreadyServing = "HSB0502";
        public const string NoFreePort = "HSB0503";
        public const string HugoDidNotStart = "HSB0504";
        public const string HugoError = "HSB0505";
        public const string HugoWarning = "HSB0506";
        public const string HugoExited = "HSB0507";
        public const string CannotWatch = "HSB0508";
        public const string InvalidArguments = "HSB0509";
        public const string MissingWorkFolder = "HSB0510";
        public const string SiteDoesNotBuild = "HSB0511";
        public const string InvalidInput = "HSB0512";
    }

    /// <summary>The copy phase (ParallelCopy).</summary>
    internal static class CopyCodes
    {
        public const string MissingDestination = "HSB1001";
        public const string InvalidParameter = "HSB1002";
        public const string InvalidPattern = "HSB1003";
        public const string InvalidPath = "HSB1004";
        public const string MissingSource = "HSB1005";
        public const string UnsafeMirrorRoot = "HSB1006";
        public const string CannotRead = "HSB1007";
        public const string SourcesDisagree = "HSB1008";
        public const string KindMismatch = "HSB1009";
        public const string ReadOnlyDestination = "HSB1010";
        public const string Retrying = "HSB1011";
        public const string CopyFailed = "HSB1012";
        public const string TooManyDeletions = "HSB1013";
        public const string RemoveFailed = "HSB1014";
        public const string Cancelled = "HSB1015";
        public const string LinkCycle = "HSB1016";
        public const string DanglingLink = "HSB1017";
        public const string Unexpected = "HSB1018";
        public const string CaseTwins = "HSB1200";
        public const string ExternalLink = "HSB1201";
    }

    /// <summary>The components phase (InitComponents).</summary>
    internal static class ComponentCodes
    {
        public const string InvalidMaxParallelJobs = "HSB2001";
        public const string DuplicateComponent = "HSB2002";
        public const string InvalidName = "HSB2003";
        public const string FolderMissing = "HSB2004";
        public const string InvalidManifest = "HSB2005";
        public const string UnknownManifestProperty = "HSB2006";
        public const string InvalidTimeout = "HSB2007";
        public const string InvalidEnvironment = "HSB2008";
        public const string InvalidAlwaysRun = "HSB2009";
        public const string UnknownDependency = "HSB2010";
        public const string DependencyCycle = "HSB2011";
        public const string OverlayFailed = "HSB2012";
        public const string WorkingDirectoryMissing = "HSB2013";
        public const string StartFailed = "HSB2014";
        public const string CommandFailed = "HSB2015";
        public const string TimedOut = "HSB2016";
        public const string Cancelled = "HSB2017";
        public const string StrayProcesses = "HSB2018";
        public const string WorkDirectoryUnusable = "HSB2019";
    }

    /// <summary>Phase timing (RecordPhase and its state file).</summary>
    internal static class PhaseCodes
    {
        public const string EndWithoutStart = "HSB3001";
        public const string StartedTwice = "HSB3002";
        public const string StillRunningAtTotal = "HSB3003";
        public const string InvalidCall = "HSB3004";
        public const string StateUnreadable = "HSB3005";
        public const string StateNotWritten = "HSB3006";
        public const string EndBeforeStart = "HSB3007";
    }

    /// <summary>The performance history file and its report.</summary>
    internal static class HistoryCodes
    {
        public const string NotWritten = "HSB3010";
        public const string LinesSkipped = "HSB3011";
        public const string ReportUnreadable = "HSB3012";
        public const string ReportInvalidCount = "HSB3013";
        public const string ReportNotWritten = "HSB3014";
    }

    /// <summary>The analysis of a build (AnalyzePerformance).</summary>
    internal static class AnalysisCodes
    {
        public const string HistoryUnreadable = "HSB4001";
        public const string NotAppended = "HSB4002";
        public const string LinesSkipped = "HSB4003";
        public const string Regression = "HSB4004";
        public const string OverBudget = "HSB4005";
        public const string PhaseOverBudget = "HSB4006";
        public const string InvalidPhaseBudget = "HSB4007";
        public const string InvalidThreshold = "HSB4008";
        public const string TraceNotWritten = "HSB4009";
        public const string StepSummaryNotWritten = "HSB4010";
        public const string NoPhaseTimes = "HSB4011";
        public const string InvalidSetting = "HSB4012";
        public const string Failed = "HSB4013";
        public const string HistoryIsAFolder = "HSB4200";
    }

    /// <summary>The HTML report, the build comparison and the history merge.</summary>
    internal static class ReportCodes
    {
        public const string HistoryUnreadable = "HSB4100";
        public const string NotWritten = "HSB4101";
        public const string InvalidCount = "HSB4102";
        public const string NothingToCompare = "HSB4103";
        public const string BuildsNotFound = "HSB4104";
        public const string NothingToMerge = "HSB4110";
        public const string MergeFailed = "HSB4111";
    }

    /// <summary>The local build cache.</summary>
    internal static class CacheCodes
    {
        public const string EntryFailedVerification = "HSB5001";
        public const string RestoreFailed = "HSB5002";
        public const string StoreFailed = "HSB5003";
        public const string TooLarge = "HSB5004";
        public const string StatsUnreadable = "HSB5005";
        public const string FingerprintFailed = "HSB5006";
        public const string InvalidMaxSize = "HSB5007";
        public const string InvalidRestoreMode = "HSB5008";
        public const string StatsLinesSkipped = "HSB5009";
        public const string InvalidVerify = "HSB5010";
        public const string FingerprintNotWritten = "HSB5011";
    }

    /// <summary>The remote build cache.</summary>
    internal static class RemoteCacheCodes
    {
        public const string InvalidUrl = "HSB5300";
        public const string InvalidTimeout = "HSB5301";
        public const string Unreachable = "HSB5302";
        public const string TimedOut = "HSB5303";
        public const string Unauthorized = "HSB5304";
        public const string ServerError = "HSB5305";
        public const string UploadTooLarge = "HSB5306";
        public const string InvalidEntry = "HSB5307";
        public const string BadSignature = "HSB5308";
        public const string UnexpectedStatus = "HSB5309";
        public const string LocalCacheFailed = "HSB5310";
        public const string InvalidReadOnly = "HSB5311";
    }
}
