using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The cache-check phase: fingerprints every input of the site and, when a verified cache entry matches,
    /// restores the site into the output folder so that copy, components and Hugo can be skipped (the work is
    /// <see cref="CacheCheckAndRestore"/>'s; this task maps MSBuild's items to it and logs).
    /// </summary>
    public sealed class HugoCacheCheck : Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private double _componentsMs;

        /// <summary>obj/hugo/: holds the fingerprint state and the restore's scratch folders.</summary>
        [Required] public string IntermediateDirectory { get; set; } = string.Empty;

        /// <summary>public/: what a hit replaces.</summary>
        [Required] public string OutputDirectory { get; set; } = string.Empty;

        /// <summary>HugoCacheDir; empty = ~/.hugo-template-perf/cache.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>The work folder, to name each copy source's role from its DestinationFolder.</summary>
        public string? WorkDirectory { get; set; }

        /// <summary>The project folder: inputs outside every source are keyed relative to it.</summary>
        public string? ProjectDirectory { get; set; }

        /// <summary>Every input file. Empty: every file under Sources and Components.</summary>
        public ITaskItem[]? Inputs { get; set; }

        /// <summary>Copy sources (folders) with DestinationFolder; optional Role metadata names the role.</summary>
        public ITaskItem[]? Sources { get; set; }

        /// <summary>Components by name with SourceFolder, and the metadata InitComponents reads.</summary>
        public ITaskItem[]? Components { get; set; }

        public string? HugoVersion { get; set; }

        /// <summary>standard, extended or withdeploy: part of the fingerprint with the version (same version, other edition, other output).</summary>
        public string? HugoEdition { get; set; }

        public string? Template { get; set; }

        public string? Theme { get; set; }

        public string? ComponentNames { get; set; }

        public string? Environment { get; set; }

        public string? BaseUrl { get; set; }

        public string? Arguments { get; set; }

        /// <summary>HugoCacheKey: any text; changing it starts from an empty cache for this site.</summary>
        public string? Key { get; set; }

        /// <summary>HugoInputEnvironmentVariables: variables the site reads besides HUGO* and CI.</summary>
        public string[]? EnvironmentVariables { get; set; }

        /// <summary>More output-affecting properties, as Name=Value.</summary>
        public string[]? AdditionalProperties { get; set; }

        public bool IgnoreAlwaysRun { get; set; }

        /// <summary>False: compute the fingerprint only.</summary>
        public bool Restore { get; set; } = true;

        /// <summary>auto | link | copy.</summary>
        public string? RestoreMode { get; set; }

        /// <summary>content (size and SHA-256 of every cached file, default) | metadata (size, time, read-only).</summary>
        public string? Verify { get; set; }

        /// <summary>When set, the fingerprint is written there (for a CI cache key).</summary>
        public string? FingerprintFile { get; set; }

        /// <summary>HugoRemoteCacheUrl: a Turborepo remote cache asked on a local miss; empty = none.</summary>
        public string? RemoteUrl { get; set; }

        /// <summary>HugoRemoteCacheToken; empty = TURBO_TOKEN.</summary>
        public string? RemoteToken { get; set; }

        /// <summary>HugoRemoteCacheTeam; empty = TURBO_TEAM.</summary>
        public string? RemoteTeam { get; set; }

        public string? RemoteSignatureKey { get; set; }

        public string? RemoteTimeoutSeconds { get; set; }

        /// <summary>HugoRemoteCacheReadOnly: only validated here (so that a bad value fails before Hugo runs); the store uses it.</summary>
        public string? RemoteReadOnly { get; set; }

        [Output] public bool Hit { get; private set; }

        /// <summary>The hit came from the remote cache.</summary>
        [Output] public bool RemoteHit { get; private set; }

        [Output] public long RemoteBytes { get; private set; }

        [Output] public double RemoteMilliseconds { get; private set; }

        [Output] public bool Enabled { get; private set; }

        [Output] public string Fingerprint { get; private set; } = string.Empty;

        [Output] public string MissReason { get; private set; } = string.Empty;

        [Output] public double SavedMilliseconds { get; private set; }

        [Output] public int RestoredFileCount { get; private set; }

        [Output] public int InputFileCount { get; private set; }

        [Output] public int HashedFileCount { get; private set; }

        [Output] public double FingerprintMilliseconds { get; private set; }

        [Output] public double RestoreMilliseconds { get; private set; }

        /// <summary>Where the check spent its time ("state 0.3 ms, inputs 2.0 ms, …").</summary>
        [Output] public string Timings { get; private set; } = string.Empty;

        /// <summary>';'-list of the components that always run.</summary>
        [Output] public string AlwaysRunComponents { get; private set; } = string.Empty;

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
#if !NETFRAMEWORK
            TimeSpan jitStarted = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
            long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
#endif
            // Rare paths (bad options, failures, misses) live in methods of their own: a fresh build process compiles
            // a method whole on its first call, so what a hit never runs should not sit in what it does run.
            if (!CacheOptions.TryParseRestoreMode(RestoreMode, out bool useLinks) || !CacheOptions.TryParseVerify(Verify, out VerifyMode verify))
            {
                return LogBadOption();
            }

            if (!Cache.Remote.RemoteCacheTask.TryCreate(Log, RemoteUrl, RemoteToken, RemoteTeam, RemoteReadOnly, RemoteSignatureKey, RemoteTimeoutSeconds, out Cache.Remote.RemoteCache? remote))
            {
                return false;
            }

            if (Restore && verify == VerifyMode.Content)
            {
                ContentHash.WarmUpInBackground();
            }

            CacheCheckRequest request;
            CacheCheckResult result;
            try
            {
                request = BuildRequest(verify, useLinks);
                request.Remote = remote;
                double collectMs = PhaseClock.Since(started);
                Timings = "collect " + Ms(collectMs) + " ms (components " + Ms(_componentsMs) + " ms), ";
                result = new CacheCheckAndRestore().Run(request, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return LogCancelled();
            }
#pragma warning disable CA1031 // A cache that cannot work must cost a build, never fail one: restores only ever swap a complete tree in.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return LogUnusable(ex);
            }

            Enabled = true;
            Fingerprint = result.Fingerprint;
            Hit = result.Hit;
            MissReason = result.MissReason;
            SavedMilliseconds = Math.Round(result.SavedMilliseconds, 1);
            InputFileCount = result.InputCount;
            HashedFileCount = result.HashedCount;
            FingerprintMilliseconds = Math.Round(result.FingerprintMilliseconds, 3);
            RestoreMilliseconds = Math.Round(result.RestoreMilliseconds, 3);
            Timings += result.Timings;
            RestoredFileCount = result.Hit && result.Restore != null ? result.Restore.LinkedCount + result.Restore.CopiedCount : 0;
            long reportStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!string.IsNullOrEmpty(FingerprintFile))
            {
                WriteFingerprintFile();
            }

            Cache.Remote.RemoteCacheTask.Report(Log, result.Remote, result.Fingerprint);
            RemoteHit = result.Hit && result.Remote?.Hit == true;
            RemoteBytes = result.Remote?.Bytes ?? 0;
            RemoteMilliseconds = Math.Round(result.Remote?.Milliseconds ?? 0, 1);
            Report(result, request);
            if (result.Hit && result.Restore?.Published != null)
            {
                Output.OutputMessages.Report(Log, result.Restore.Published);
            }

            Timings += ", report " + Ms(PhaseClock.Since(reportStarted)) + " ms, task " + Ms(PhaseClock.Since(started)) + " ms";
#if !NETFRAMEWORK
            // A fresh build process compiles this code on first use; how much of the task that was.
            Timings += " (jit " + Ms((System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitStarted).TotalMilliseconds) + " ms, "
                + (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - jitMethods).ToString(CultureInfo.InvariantCulture) + " methods)";
#endif
            return !Log.HasLoggedErrors;
        }

        private bool LogBadOption()
        {
            if (!CacheOptions.TryParseRestoreMode(RestoreMode, out _))
            {
                Log.LogError(null, "HSB5008", null, null, 0, 0, 0, 0, CacheOptions.BadRestoreModeMessage, RestoreMode);
            }
            else
            {
                Log.LogError(null, "HSB5010", null, null, 0, 0, 0, 0, CacheOptions.BadVerifyMessage, Verify);
            }

            return false;
        }

        private bool LogCancelled()
        {
            Log.LogMessage(MessageImportance.High, "Build cache check cancelled.");
            return true;
        }

        private bool LogUnusable(Exception ex)
        {
            Log.LogWarning(null, "HSB5006", null, null, 0, 0, 0, 0,
                "The build cache could not fingerprint the inputs or save its state ({0}: {1}); this build runs without the cache. Check that every input file is readable and the intermediate folder writable.",
                ex.GetType().Name, ex.Message);
            MissReason = "inputs could not be read";
            return !Log.HasLoggedErrors;
        }

        private CacheCheckRequest BuildRequest(VerifyMode verify, bool useLinks)
        {
            var request = new CacheCheckRequest
            {
                Verify = verify,
                IntermediateDirectory = Path.GetFullPath(IntermediateDirectory),
                OutputDirectory = Path.GetFullPath(OutputDirectory),
                CacheRoot = CacheOptions.ResolveRoot(CacheDirectory),
                HugoVersion = string.IsNullOrWhiteSpace(HugoEdition) ? HugoVersion ?? string.Empty : (HugoVersion ?? string.Empty) + " " + HugoEdition!.Trim(),
                IgnoreAlwaysRun = IgnoreAlwaysRun,
                Restore = Restore,
                UseLinks = useLinks,
            };
            AddProperties(request.Properties);
            List<InputRoot> roots = Roots(request);
            if (Inputs != null && Inputs.Length > 0)
            {
                var paths = new List<string>(Inputs.Length);
                foreach (ITaskItem item in Inputs)
                {
                    // Relative item specs are relative to the project folder, MSBuild's current folder while a task runs.
                    paths.Add(item.ItemSpec);
                }

                request.Files.AddRange(InputCollector.FromFiles(paths, roots, ProjectDirectory ?? string.Empty));
            }
            else
            {
                request.Files.AddRange(InputCollector.FromRoots(roots));
            }

            AlwaysRunComponents = string.Join(";", request.AlwaysRun);
            return request;
        }

        private void Report(CacheCheckResult result, CacheCheckRequest request)
        {
            if (result.StateProblem != null)
            {
                LogStateProblem(result.StateProblem);
            }

            RestoreResult? restore = result.Restore;
            if (!result.Hit || restore == null)
            {
                ReportMiss(result, request);
                return;
            }

            // One line on the fast path: logging is a visible part of a 20 ms phase.
            Log.LogMessage(MessageImportance.High,
                "Build cache hit {0}: restored {1} files into {2} in {3} ms ({4}); copy, components and Hugo skipped.",
                result.Fingerprint, RestoredFileCount, request.OutputDirectory, Ms(result.RestoreMilliseconds),
                restore.CopiedCount == 0 ? "hard links" : restore.LinkedCount == 0 ? "copies" : "links and copies");
            Log.LogMessage(MessageImportance.Low, "Build cache: {0} inputs ({1} hashed); {2}.", result.InputCount, result.HashedCount, Timings);
        }

        private void LogStateProblem(string problem) =>
            Log.LogMessage(MessageImportance.Low, "Build cache: previous fingerprint state ignored ({0}); every input was hashed.", problem);

        private void ReportMiss(CacheCheckResult result, CacheCheckRequest request)
        {
            RestoreResult? restore = result.Restore;
            Log.LogMessage(MessageImportance.Low, "Build cache: fingerprint {0} of {1} inputs ({2} hashed) in {3} ms ({4}).",
                result.Fingerprint, result.InputCount, result.HashedCount, Ms(result.FingerprintMilliseconds), result.Timings);

            if (restore?.Outcome == RestoreOutcome.Corrupt)
            {
                Log.LogWarning(null, "HSB5001", null, null, 0, 0, 0, 0,
                    "Build cache entry {0} failed verification ({1}) and was removed; the site is built normally. If this repeats, something writes into the output folder in place: set HugoCacheRestoreMode=copy.",
                    result.Fingerprint, restore.Detail);
            }
            else if (restore?.Outcome == RestoreOutcome.Failed)
            {
                Log.LogWarning(null, "HSB5002", null, null, 0, 0, 0, 0,
                    "Build cache entry {0} could not be restored into {1} ({2}); the previous output is untouched and the site is built normally. Check that nothing holds the output folder open.",
                    result.Fingerprint, request.OutputDirectory, restore.Detail);
            }

            Log.LogMessage(MessageImportance.Normal, "Build cache miss ({0}); fingerprint {1}.", result.MissReason, result.Fingerprint);
        }

        private void AddProperties(Dictionary<string, string> properties)
        {
            properties["HugoTemplate"] = Template ?? string.Empty;
            properties["HugoTheme"] = Theme ?? string.Empty;
            properties["HugoComponents"] = ComponentNames ?? string.Empty;
            properties["HugoEnvironment"] = Environment ?? string.Empty;
            properties["HugoBaseUrl"] = BaseUrl ?? string.Empty;
            properties["HugoArguments"] = Arguments ?? string.Empty;
            properties["HugoCacheKey"] = Key ?? string.Empty;
            EnvironmentInputs.AddTo(properties, System.Environment.GetEnvironmentVariables(), EnvironmentVariables ?? Array.Empty<string>());
            foreach (string pair in AdditionalProperties ?? Array.Empty<string>())
            {
                int eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    properties[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1);
                }
            }
        }

        /// <summary>Roots for the copy sources and components; collects component metadata and always-run names.</summary>
        private List<InputRoot> Roots(CacheCheckRequest request)
        {
            var roots = new List<InputRoot>();
            foreach (ITaskItem source in Sources ?? Array.Empty<ITaskItem>())
            {
                string role = source.GetMetadata("Role");
                if (string.IsNullOrWhiteSpace(role))
                {
                    role = InputCollector.RoleForDestination(WorkDirectory ?? string.Empty, source.GetMetadata("DestinationFolder"));
                }

                var exclude = Copy.PathPattern.ParseList(source.GetMetadata("Exclude"), Copy.PathPattern.PlatformCaseSensitive, new List<string>());
                roots.Add(new InputRoot(role.Trim(), source.GetMetadata("FullPath"), exclude));
            }

            long componentsStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (ITaskItem component in Components ?? Array.Empty<ITaskItem>())
            {
                string name = component.ItemSpec;
                string folder = component.GetMetadata("SourceFolder");
                if (!string.IsNullOrEmpty(folder))
                {
                    roots.Add(new InputRoot("component/" + name, folder));
                }

                IDictionary metadata = component.CloneCustomMetadata();
                foreach (DictionaryEntry meta in metadata)
                {
                    string metaName = (string)meta.Key;
                    if (!ComponentSettings.IsMachinePath(metaName))
                    {
                        request.Properties["HugoComponent[" + name + "]." + metaName] = (string)meta.Value!;
                    }
                }

                if (ComponentSettings.IsAlwaysRun(component.GetMetadata("AlwaysRun"), folder))
                {
                    request.AlwaysRun.Add(name);
                }
            }

            _componentsMs = PhaseClock.Since(componentsStarted);
            return roots;
        }

        private void WriteFingerprintFile()
        {
            string path = Path.GetFullPath(FingerprintFile!);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Fingerprint + "\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogError(null, "HSB5011", null, path, 0, 0, 0, 0,
                    "The fingerprint could not be written to {0} ({1}). Point HugoCacheFingerprintFile at a writable place.", path, ex.Message);
                return;
            }

            Log.LogMessage(MessageImportance.High, "Build cache fingerprint: {0} (written to {1})", Fingerprint, path);
        }

        private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
