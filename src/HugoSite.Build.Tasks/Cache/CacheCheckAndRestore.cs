using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HugoSite.Build.Tasks.Cache.Remote;
using HugoSite.Build.Tasks.Components;
using Microsoft.Build.Framework;
using TaskLoggingHelper = Microsoft.Build.Utilities.TaskLoggingHelper;
using static HugoSite.Build.Tasks.Cache.CacheParameters;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// HugoCacheCheck's parameters, inputs and outputs, declared once: the task derives from this class, and
    /// <see cref="CacheCheckAndRestore"/> reads the inputs and sets the outputs.
    /// </summary>
    public abstract class CacheCheckParameters : CacheParameters
    {
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
        /// <summary>False: compute the fingerprint only (for a CI cache key), never touch the output.</summary>
        public bool Restore { get; set; } = true;
        /// <summary>content (size and SHA-256 of every cached file, default) | metadata (size, time, read-only).</summary>
        public string? Verify { get; set; }
        /// <summary>When set, the fingerprint is written there (for a CI cache key).</summary>
        public string? FingerprintFile { get; set; }

        [Output] public bool Hit { get; internal set; }
        /// <summary>The hit came from the remote cache.</summary>
        [Output] public bool RemoteHit { get; internal set; }
        [Output] public long RemoteBytes { get; internal set; }
        [Output] public double RemoteMilliseconds { get; internal set; }
        [Output] public bool Enabled { get; internal set; }
        [Output] public string Fingerprint { get; internal set; } = string.Empty;
        /// <summary>Why there was no hit; empty on a hit.</summary>
        [Output] public string MissReason { get; internal set; } = string.Empty;
        /// <summary>On a hit: the entry's build time minus this check's time.</summary>
        [Output] public double SavedMilliseconds { get; internal set; }
        [Output] public int RestoredFileCount { get; internal set; }
        [Output] public int InputFileCount { get; internal set; }
        [Output] public int HashedFileCount { get; internal set; }
        [Output] public double FingerprintMilliseconds { get; internal set; }
        [Output] public double RestoreMilliseconds { get; internal set; }
        /// <summary>Where the check spent its time ("state 0.3 ms, inputs 2.0 ms, …").</summary>
        [Output] public string Timings { get; internal set; } = string.Empty;
        /// <summary>';'-list of the components that always run.</summary>
        [Output] public string AlwaysRunComponents { get; internal set; } = string.Empty;
    }

    /// <summary>
    /// The cache-check phase: fingerprints the inputs (re-reading only files whose size or time moved), names what
    /// changed, and on a matching verified entry (local, else remote) restores the site into the output folder. Reads
    /// the task's parameters, sets its outputs and logs; a cache that cannot work costs a build, never fails one.
    /// </summary>
    internal sealed class CacheCheckAndRestore
    {
        /// <summary>The last state saved off the critical path: a later check in this process waits for it first.</summary>
        private static Task? _pendingSave;
        private readonly CacheCheckParameters _in;
        private readonly TaskLoggingHelper _log;
        private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<InputFile> _files = new List<InputFile>();
        private readonly List<string> _alwaysRun = new List<string>();
        private string _output = string.Empty;
        private bool _useLinks;
        private VerifyMode _verify;
        private RemoteCache? _remote;

        // What the check found; outputs only once it has finished, so that a check that fails half-way (HSB5006)
        // leaves Enabled and Fingerprint unset and no store follows it.
        private string _fingerprint = string.Empty;
        private string _missReason = string.Empty;
        private bool _hit;
        private int _hashed;
        private double _savedMs;
        private double _fingerprintMs;
        private double _restoreMs;
        private string _checkTimings = string.Empty;
        private string? _stateProblem;
        private RestoreResult? _restore;
        private RemoteFetchResult? _fetch;

        public CacheCheckAndRestore(CacheCheckParameters parameters, TaskLoggingHelper log)
        {
            _in = parameters;
            _log = log;
        }

        /// <summary>False when a parameter is malformed (an error is logged) or the fingerprint file cannot be written.</summary>
        public bool Run(CancellationToken cancellation)
        {
            long started = Stopwatch.GetTimestamp();
#if !NETFRAMEWORK
            TimeSpan jitStarted = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
            long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
#endif
            // Rare paths (failures, misses) live in methods of their own: a fresh build process compiles
            // a method whole on its first call, so what a hit never runs should not sit in what it does run.
            if (!_in.TryReadRestoreMode(_log, out _useLinks) || !TryReadVerify() || !_in.TryCreateRemote(_log, out _remote))
            {
                return false;
            }

            if (_in.Restore && _verify == VerifyMode.Content)
            {
                ContentHash.WarmUpInBackground();
            }

            try
            {
                double componentsMs = Collect();
                _in.Timings = "collect " + Ms(PhaseClock.Since(started)) + " ms (components " + Ms(componentsMs) + " ms), ";
                Check(cancellation);
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

            _in.Enabled = true;
            _in.Fingerprint = _fingerprint;
            _in.Hit = _hit;
            _in.MissReason = _missReason;
            _in.SavedMilliseconds = Math.Round(_savedMs, 1);
            _in.InputFileCount = _files.Count;
            _in.HashedFileCount = _hashed;
            _in.FingerprintMilliseconds = Math.Round(_fingerprintMs, 3);
            _in.RestoreMilliseconds = Math.Round(_restoreMs, 3);
            _in.Timings += _checkTimings;
            _in.RestoredFileCount = _hit && _restore is not null ? _restore.LinkedCount + _restore.CopiedCount : 0;
            long reportStarted = Stopwatch.GetTimestamp();
            if (!string.IsNullOrEmpty(_in.FingerprintFile))
            {
                WriteFingerprintFile();
            }

            ReportRemote();
            _in.RemoteHit = _hit && _fetch?.Hit == true;
            _in.RemoteBytes = _fetch?.Bytes ?? 0;
            _in.RemoteMilliseconds = Math.Round(_fetch?.Milliseconds ?? 0, 1);
            Report();
            if (_hit && _restore?.Published != null)
            {
                Output.OutputMessages.Report(_log, _restore.Published);
            }

            _in.Timings += ", report " + Ms(PhaseClock.Since(reportStarted)) + " ms, task " + Ms(PhaseClock.Since(started)) + " ms";
#if !NETFRAMEWORK
            // A fresh build process compiles this code on first use; how much of the task that was.
            _in.Timings += " (jit " + Ms((System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jitStarted).TotalMilliseconds) + " ms, "
                + Ms(System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - jitMethods, "0") + " methods)";
#endif
            return !_log.HasLoggedErrors;
        }

        /// <summary>HugoCacheVerify: "content" (default) or "metadata"; false with HSB5010 logged for anything else.</summary>
        private bool TryReadVerify()
        {
            string text = (_in.Verify ?? string.Empty).Trim();
            _verify = text.Equals("metadata", StringComparison.OrdinalIgnoreCase) ? VerifyMode.Metadata : VerifyMode.Content;
            if (text.Length == 0 || _verify == VerifyMode.Metadata || text.Equals("content", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            _log.LogError(null, CacheCodes.InvalidVerify, null, null, 0, 0, 0, 0, "HugoCacheVerify is '{0}'; it must be content or metadata. Fix the property or remove it (default content).", _in.Verify);
            return false;
        }

        private bool LogCancelled()
        {
            _log.LogMessage(MessageImportance.High, "Build cache check cancelled.");
            return true;
        }

        private bool LogUnusable(Exception ex)
        {
            _log.LogWarning(null, CacheCodes.FingerprintFailed, null, null, 0, 0, 0, 0,
                "The build cache could not fingerprint the inputs or save its state ({0}: {1}); this build runs without the cache. Check that every input file is readable and the intermediate folder writable.",
                ex.GetType().Name, ex.Message);
            _in.MissReason = "inputs could not be read";
            return !_log.HasLoggedErrors;
        }

        /// <summary>
        /// The fingerprint's properties and input files from the parameters: roots for the copy sources and components,
        /// component metadata, always-run names. Returns the milliseconds the components took.
        /// </summary>
        private double Collect()
        {
            _output = Path.GetFullPath(_in.OutputDirectory);
            _properties["HugoTemplate"] = _in.Template ?? string.Empty;
            _properties["HugoTheme"] = _in.Theme ?? string.Empty;
            _properties["HugoComponents"] = _in.ComponentNames ?? string.Empty;
            _properties["HugoEnvironment"] = _in.Environment ?? string.Empty;
            _properties["HugoBaseUrl"] = _in.BaseUrl ?? string.Empty;
            _properties["HugoArguments"] = _in.Arguments ?? string.Empty;
            _properties["HugoCacheKey"] = _in.Key ?? string.Empty;
            EnvironmentInputs.AddTo(_properties, System.Environment.GetEnvironmentVariables(), _in.EnvironmentVariables ?? Array.Empty<string>());
            foreach (string pair in _in.AdditionalProperties ?? Array.Empty<string>())
            {
                int eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    _properties[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1);
                }
            }

            var roots = new List<InputRoot>();
            foreach (ITaskItem source in _in.Sources ?? Array.Empty<ITaskItem>())
            {
                string role = source.GetMetadata("Role");
                if (string.IsNullOrWhiteSpace(role))
                {
                    role = InputCollector.RoleForDestination(_in.WorkDirectory ?? string.Empty, source.GetMetadata("DestinationFolder"));
                }

                var exclude = Copy.PathPattern.ParseList(source.GetMetadata("Exclude"), Copy.PathPattern.PlatformCaseSensitive, new List<string>());
                roots.Add(new InputRoot(role.Trim(), source.GetMetadata("FullPath"), exclude));
            }

            long componentsStarted = Stopwatch.GetTimestamp();
            foreach (ITaskItem component in _in.Components ?? Array.Empty<ITaskItem>())
            {
                string name = component.ItemSpec;
                string folder = component.GetMetadata("SourceFolder");
                if (!string.IsNullOrEmpty(folder))
                {
                    roots.Add(new InputRoot("component/" + name, folder));
                }

                foreach (DictionaryEntry meta in component.CloneCustomMetadata())
                {
                    // Paths on this machine are no part of the fingerprint; the files in them are.
                    string metaName = (string)meta.Key;
                    if (!string.Equals(metaName, "SourceFolder", StringComparison.OrdinalIgnoreCase) && !string.Equals(metaName, "WorkingDirectory", StringComparison.OrdinalIgnoreCase))
                    {
                        _properties["HugoComponent[" + name + "]." + metaName] = (string)meta.Value!;
                    }
                }

                if (IsAlwaysRun(component.GetMetadata("AlwaysRun"), folder))
                {
                    _alwaysRun.Add(name);
                }
            }

            double componentsMs = PhaseClock.Since(componentsStarted);
            if (_in.Inputs != null && _in.Inputs.Length > 0)
            {
                var paths = new List<string>(_in.Inputs.Length);
                foreach (ITaskItem item in _in.Inputs)
                {
                    // Relative item specs are relative to the project folder, MSBuild's current folder while a task runs.
                    paths.Add(item.ItemSpec);
                }

                _files.AddRange(InputCollector.FromFiles(paths, roots, _in.ProjectDirectory ?? string.Empty));
            }
            else
            {
                _files.AddRange(InputCollector.FromRoots(roots));
            }

            _in.AlwaysRunComponents = string.Join(";", _alwaysRun);
            return componentsMs;
        }

        /// <summary>
        /// Whether a component always runs: its item's AlwaysRun metadata when set, else "alwaysRun" in its
        /// component.json, read as the components phase reads it. A component.json with errors counts as not set (the
        /// components phase reports them).
        /// </summary>
        internal static bool IsAlwaysRun(string? metadataValue, string? sourceFolder)
        {
            if (!string.IsNullOrWhiteSpace(metadataValue))
            {
                return string.Equals(metadataValue!.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            }

            if (string.IsNullOrEmpty(sourceFolder))
            {
                return false;
            }

            string path = Path.Combine(sourceFolder, ComponentManifest.FileName);
            return ComponentManifestReader.Read(path, Path.GetFileName(sourceFolder), new ComponentDiagnostics())?.AlwaysRun == true;
        }

        /// <summary>The check itself. Throws IOException/UnauthorizedAccessException when an input cannot be read.</summary>
        private void Check(CancellationToken cancellation)
        {
            long started = Stopwatch.GetTimestamp();
            var clock = new PhaseClock();
            string intermediate = Path.GetFullPath(_in.IntermediateDirectory);
            WaitQuietly(Volatile.Read(ref _pendingSave), cancellation);
            string statePath = FingerprintState.PathIn(intermediate);
            FingerprintState? previous = FingerprintState.Load(statePath, out _stateProblem);
            clock.Lap("state");

            string hugoVersion = string.IsNullOrWhiteSpace(_in.HugoEdition) ? _in.HugoVersion ?? string.Empty : (_in.HugoVersion ?? string.Empty) + " " + _in.HugoEdition!.Trim();
            FingerprintResult fp = new Fingerprinter().Compute(hugoVersion, _properties, _files, previous, cancellation);
            clock.Lap("inputs");
            fp.State.AlwaysRun.AddRange(_alwaysRun);
            _fingerprint = fp.Fingerprint;
            _hashed = fp.HashedCount;

            // The new state is written beside the restore. A build that goes on to build the site waits for it (its
            // store reads it); a hit does not, since a state that is not written costs the next check some reading,
            // nothing more. When only files in the racy window were read again, and matched, the saved state still
            // describes every input; the newer one only lets the next check trust those files.
            bool stateMoved = previous == null || !fp.Unchanged || fp.TimesMoved || previous.AlwaysRun.Count != fp.State.AlwaysRun.Count;
            Task? save = null;
            if (stateMoved || fp.HashedCount > 0)
            {
                FingerprintState newer = fp.State;
                save = Task.Run(() => newer.Save(statePath));
                Volatile.Write(ref _pendingSave, save);
            }

            _fingerprintMs = PhaseClock.Since(started);
            _checkTimings = clock.ToString();
            if (_alwaysRun.Count > 0 && !_in.IgnoreAlwaysRun)
            {
                _missReason = "always-run component " + string.Join(", ", _alwaysRun);
                WaitForSave(save, stateMoved);
                return;
            }

            if (!_in.Restore)
            {
                _missReason = SinceLast(fp, previous);
                WaitForSave(save, stateMoved);
                return;
            }

            long restoreStarted = Stopwatch.GetTimestamp();
            var cache = new BuildCache(ResolveRoot(_in.CacheDirectory));
            ReplacedOutputs replaced = new ReplacedOutputs(intermediate, _output);
            RestoreResult restore = cache.Restore(fp.Fingerprint, _output, _useLinks, _verify, replaced, cancellation);
            if (restore.Outcome == RestoreOutcome.NoEntry && _remote != null)
            {
                // A remote hit becomes a local entry first (checked file by file), then is restored as any local hit.
                _fetch = _remote.Fetch(cache, fp.Fingerprint, cancellation);
                if (_fetch.Hit)
                {
                    restore = cache.Restore(fp.Fingerprint, _output, _useLinks, _verify, replaced, cancellation);
                }
            }

            _restore = restore;
            // The previous output (and anything an ended process left) goes away off the critical path.
            long trashStarted = Stopwatch.GetTimestamp();
            replaced.EmptyInBackground();
            _restoreMs = PhaseClock.Since(restoreStarted);
            _checkTimings += (restore.Timings.Length > 0 ? ", " + restore.Timings : string.Empty) + ", trash " + Ms(PhaseClock.Since(trashStarted)) + " ms";
            switch (restore.Outcome)
            {
                case RestoreOutcome.Restored:
                    _hit = true;
                    double build = restore.Manifest?.BuildMilliseconds ?? 0;
                    _savedMs = build > 0 ? Math.Max(0, build - PhaseClock.Since(started)) : 0;
                    return;
                case RestoreOutcome.Corrupt:
                    _missReason = "cache entry failed verification: " + restore.Detail;
                    break;
                case RestoreOutcome.Failed:
                    _missReason = "cache restore failed: " + restore.Detail;
                    break;
                default:
                    _missReason = SinceLast(fp, previous);
                    break;
            }

            WaitForSave(save, stateMoved);
        }

        /// <summary>
        /// Waits for the state save when the store will read it; a save that failed throws here as it would have
        /// in place (an IOException or UnauthorizedAccessException), unless the saved state was still right.
        /// </summary>
        private static void WaitForSave(Task? save, bool stateMoved)
        {
            if (save != null && stateMoved)
            {
                save.GetAwaiter().GetResult();
            }
            else
            {
                WaitQuietly(save, CancellationToken.None);
            }
        }

        private static void WaitQuietly(Task? task, CancellationToken cancellation)
        {
            if (task == null || task.IsCompleted)
            {
                return;
            }

            try
            {
                task.Wait(cancellation);
            }
            catch (AggregateException)
            {
                // A save that failed leaves the state as it was: the next check reads those inputs again.
            }
        }

        /// <summary>A miss's reason: what changed since this project's last fingerprint.</summary>
        private static string SinceLast(FingerprintResult fp, FingerprintState? previous) =>
            previous == null ? "first build of this project" : fp.DescribeChanges() ?? "same inputs as the last build, but no cache entry for them";

        private void Report()
        {
            if (_stateProblem != null)
            {
                LogStateProblem();
            }

            if (!_hit || _restore is null)
            {
                ReportMiss();
                return;
            }

            // One line on the fast path: logging is a visible part of a 20 ms phase.
            _log.LogMessage(MessageImportance.High,
                "Build cache hit {0}: restored {1} files into {2} in {3} ms ({4}); copy, components and Hugo skipped.",
                _fingerprint, _in.RestoredFileCount, _output, Ms(_restoreMs),
                _restore.CopiedCount == 0 ? "hard links" : _restore.LinkedCount == 0 ? "copies" : "links and copies");
            _log.LogMessage(MessageImportance.Low, "Build cache: {0} inputs ({1} hashed); {2}.", _files.Count, _hashed, _in.Timings);
        }

        private void LogStateProblem() =>
            _log.LogMessage(MessageImportance.Low, "Build cache: previous fingerprint state ignored ({0}); every input was hashed.", _stateProblem);

        private void ReportMiss()
        {
            _log.LogMessage(MessageImportance.Low, "Build cache: fingerprint {0} of {1} inputs ({2} hashed) in {3} ms ({4}).",
                _fingerprint, _files.Count, _hashed, Ms(_fingerprintMs), _checkTimings);
            if (_restore?.Outcome == RestoreOutcome.Corrupt)
            {
                _log.LogWarning(null, CacheCodes.EntryFailedVerification, null, null, 0, 0, 0, 0,
                    "Build cache entry {0} failed verification ({1}) and was removed; the site is built normally. If this repeats, something writes into the output folder in place: set HugoCacheRestoreMode=copy.",
                    _fingerprint, _restore.Detail);
            }
            else if (_restore?.Outcome == RestoreOutcome.Failed)
            {
                _log.LogWarning(null, CacheCodes.RestoreFailed, null, null, 0, 0, 0, 0,
                    "Build cache entry {0} could not be restored into {1} ({2}); the previous output is untouched and the site is built normally. Check that nothing holds the output folder open.",
                    _fingerprint, _output, _restore.Detail);
            }

            _log.LogMessage(MessageImportance.Normal, "Build cache miss ({0}); fingerprint {1}.", _missReason, _fingerprint);
        }

        private void ReportRemote()
        {
            if (_fetch == null)
            {
                return;
            }

            Warn(_log, _fetch.Problem);
            if (_fetch.Hit)
            {
                _log.LogMessage(MessageImportance.High, "Remote build cache hit {0}: downloaded {1} in {2} ms.", _fingerprint, Analysis.Format.Size(_fetch.Bytes), Ms(_fetch.Milliseconds, "0"));
            }
            else if (_fetch.Problem is null)
            {
                _log.LogMessage(MessageImportance.Normal, "Remote build cache: no entry {0} ({1} ms).", _fingerprint, Ms(_fetch.Milliseconds, "0"));
            }
        }

        private void WriteFingerprintFile()
        {
            string path = Path.GetFullPath(_in.FingerprintFile!);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, _fingerprint + "\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                _log.LogError(null, CacheCodes.FingerprintNotWritten, null, path, 0, 0, 0, 0,
                    "The fingerprint could not be written to {0} ({1}). Point HugoCacheFingerprintFile at a writable place.", path, ex.Message);
                return;
            }

            _log.LogMessage(MessageImportance.High, "Build cache fingerprint: {0} (written to {1})", _fingerprint, path);
        }
    }
}
