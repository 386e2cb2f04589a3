using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Cache.Remote;
using HugoSite.Build.Tasks.Phases;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using static HugoSite.Build.Tasks.Analysis.Format;
using static HugoSite.Build.Tasks.Cache.CacheParameters;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// HugoCacheStore's parameters, inputs and outputs, declared once: the task derives from this class, and
    /// <see cref="CacheStorer"/> reads the inputs and sets the outputs.
    /// </summary>
    public abstract class CacheStoreParameters : CacheParameters
    {
        /// <summary>HugoCacheCheck's Fingerprint; when it differs from the state, nothing is stored.</summary>
        public string? Fingerprint { get; set; }
        /// <summary>phases.json: the copy, components and hugo times become the entry's cost.</summary>
        public string? PhaseFile { get; set; }
        public string? ProjectPath { get; set; }
        /// <summary>HugoCacheMaxSizeMb (default 1024).</summary>
        public string? MaxSizeMb { get; set; }

        [Output] public bool Stored { get; internal set; }
        [Output] public long UploadedBytes { get; internal set; }
        [Output] public double UploadMilliseconds { get; internal set; }
        [Output] public long EntryBytes { get; internal set; }
        [Output] public int EvictedCount { get; internal set; }
    }

    /// <summary>
    /// After a successful Hugo run: stores the output under the fingerprint the check computed, unless an input
    /// changed while the site was being built (the output might then not match the fingerprint), evicts least
    /// recently used entries down to the size cap, and uploads the entry to the remote cache. Never fails a build:
    /// a cache that cannot be written costs a warning.
    /// </summary>
    internal sealed class CacheStorer
    {
        /// <summary>The phases a hit skips; their sum is what the entry saves.</summary>
        public static readonly string[] SkippedPhases = { "copy", "components", "hugo" };

        /// <summary>The copy's record of links followed outside the sources (obj/hugo/external-links.txt).</summary>
        public const string ExternalLinksFile = "external-links.txt";

        private readonly CacheStoreParameters _in;
        private readonly TaskLoggingHelper _log;
        private readonly List<EntryInfo> _evicted = new List<EntryInfo>();
        private string _fingerprint = string.Empty;
        private StoreResult? _store;
        private RemoteUploadResult? _upload;

        public CacheStorer(CacheStoreParameters parameters, TaskLoggingHelper log)
        {
            _in = parameters;
            _log = log;
        }

        /// <summary>False when a parameter is malformed (an error is logged).</summary>
        public bool Run(CancellationToken cancellation)
        {
            if (!_in.TryReadRestoreMode(_log, out bool useLinks) || !TryReadMaxBytes(_log, _in.MaxSizeMb, out long maxBytes) || !_in.TryCreateRemote(_log, out RemoteCache? remote))
            {
                return false;
            }

            string intermediate = Path.GetFullPath(_in.IntermediateDirectory);
            string output = Path.GetFullPath(_in.OutputDirectory);
            string cacheRoot = ResolveRoot(_in.CacheDirectory);
            string? skipped;
            try
            {
                skipped = Store(intermediate, output, cacheRoot, useLinks, maxBytes, remote, cancellation);
            }
            catch (OperationCanceledException)
            {
                _log.LogMessage(MessageImportance.High, "Build cache store cancelled; nothing was stored.");
                return true;
            }
#pragma warning disable CA1031 // A cache that cannot store must never fail a build whose site is already in place.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _log.LogWarning(null, CacheCodes.StoreFailed, null, null, 0, 0, 0, 0,
                    "The build output could not be stored in the build cache at {0} ({1}: {2}); the site is fine, the next build of these inputs will not be a hit. Check free space and write access, or set HugoCacheDir.",
                    cacheRoot, ex.GetType().Name, ex.Message);
                return !_log.HasLoggedErrors;
            }

            if (skipped != null)
            {
                _log.LogMessage(MessageImportance.Normal, "Build cache: output not stored ({0}).", skipped);
            }
            else if (_store!.Outcome == StoreOutcome.Stored)
            {
                _in.Stored = true;
                _in.EntryBytes = _store.Bytes;
                _log.LogMessage(MessageImportance.Normal, "Build cache: stored {0} files ({1}) as entry {2}{3}.",
                    _store.FileCount, Size(_store.Bytes), _fingerprint, _store.Linked ? " (hard links)" : string.Empty);
            }
            else if (_store.Outcome == StoreOutcome.TooLarge)
            {
                _log.LogWarning(null, CacheCodes.TooLarge, null, null, 0, 0, 0, 0,
                    "The site ({0}) is larger than HugoCacheMaxSizeMb ({1}) and was not cached. Raise HugoCacheMaxSizeMb, or set HugoCache=false for this site.",
                    Size(_store.Bytes), Size(maxBytes));
            }
            else
            {
                _log.LogMessage(MessageImportance.Normal, "Build cache: entry {0} already stored.", _fingerprint);
            }

            _in.EvictedCount = _evicted.Count;
            foreach (EntryInfo e in _evicted)
            {
                _log.LogMessage(MessageImportance.Normal, "Build cache: evicted entry {0} ({1}, last used {2:u}) to stay under {3}.",
                    e.Fingerprint, Size(e.Bytes), e.LastUsedUtc, Size(maxBytes));
            }

            ReportUpload();
            return !_log.HasLoggedErrors;
        }

        /// <summary>
        /// Whether this build copied files reached through links outside the site's sources (warning HSB1201). Their
        /// entry is then kept where only this user can read it: the machine-wide cache must not hand a file from
        /// someone's home folder to every account on the machine.
        /// </summary>
        internal static bool HasExternalLinks(string intermediateDirectory)
        {
            try
            {
                var info = new FileInfo(Path.Combine(intermediateDirectory, ExternalLinksFile));
                return info.Exists && info.Length > 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return true;
            }
        }

        /// <summary>Stores the output unless something rules it out; returns why not, or null when the cache was asked to.</summary>
        private string? Store(string intermediate, string outputDirectory, string cacheRoot, bool useLinks, long maxBytes, RemoteCache? remote, CancellationToken cancellation)
        {
            FingerprintState? state = FingerprintState.Load(FingerprintState.PathIn(intermediate), out _);
            if (state == null || !BuildCache.IsFingerprint(state.Fingerprint)
                || (!string.IsNullOrEmpty(_in.Fingerprint) && !string.Equals(_in.Fingerprint, state.Fingerprint, StringComparison.Ordinal)))
            {
                return "no fingerprint of this build's inputs";
            }

            _fingerprint = state.Fingerprint;
            if (state.AlwaysRun.Count > 0 && !_in.IgnoreAlwaysRun)
            {
                return "always-run component " + string.Join(", ", state.AlwaysRun);
            }

            string? moved = FirstChangedInput(state);
            if (moved != null)
            {
                return moved + " changed during the build";
            }

            // Only what this build published, exactly as it was published: never the user's own files in the output
            // folder, never a site that did not finish or that something changed afterwards.
            string output = Output.OutputPaths.Resolve(outputDirectory);
            Output.PublishedList? published = Output.PublishedList.Load(Output.PublishedList.PathIn(intermediate));
            string? unpublished = published == null || !Output.OutputPaths.SamePath(published.Output, output)
                ? "no complete published site in " + output
                : FirstChangedOutput(published);
            if (unpublished != null)
            {
                return unpublished;
            }

            var about = new CacheManifest { BuildMilliseconds = BuildMilliseconds(_in.PhaseFile), Project = _in.ProjectPath ?? string.Empty, HugoVersion = state.HugoVersion };
            // A miss has just spent seconds in Hugo: the right moment to finish removing earlier outputs.
            new ReplacedOutputs(intermediate, outputDirectory).Empty();
            var cache = new BuildCache(cacheRoot);
            _store = cache.Store(state.Fingerprint, output, about, useLinks, maxBytes, cancellation, published, ownerOnly: HasExternalLinks(intermediate));
            _evicted.AddRange(cache.Evict(maxBytes, state.Fingerprint));
            if (remote != null && _store.Outcome != StoreOutcome.TooLarge && cache.HasEntry(state.Fingerprint))
            {
                _upload = remote.Upload(cache, state.Fingerprint, cancellation);
            }

            return null;
        }

        private void ReportUpload()
        {
            if (_upload == null)
            {
                return;
            }

            Warn(_log, _upload.Problem);
            if (_upload.Uploaded)
            {
                _in.UploadedBytes = _upload.Bytes;
                _in.UploadMilliseconds = Math.Round(_upload.Milliseconds, 1);
                _log.LogMessage(MessageImportance.Normal, "Remote build cache: uploaded entry {0} ({1}) in {2} ms.", _fingerprint, Size(_upload.Bytes), Ms(_upload.Milliseconds, "0"));
            }
            else if (_upload.Skipped != null)
            {
                _log.LogMessage(MessageImportance.Normal, "Remote build cache: entry {0} not uploaded ({1}).", _fingerprint, _upload.Skipped);
            }
        }

        /// <summary>The first input whose size or time differs from what the fingerprint saw, or null.</summary>
        private static string? FirstChangedInput(FingerprintState state)
        {
            foreach (InputRecord file in state.Files)
            {
                var info = new FileInfo(file.FullPath);
                if (!info.Exists || info.Length != file.Size || info.LastWriteTimeUtc.Ticks != file.LastWriteTicks)
                {
                    return file.Key;
                }
            }

            return null;
        }

        /// <summary>The first published file that is missing or no longer as published, in words, or null.</summary>
        private static string? FirstChangedOutput(Output.PublishedList published)
        {
            foreach (Output.PublishedFile file in published.Files)
            {
                if (!file.Matches(new FileInfo(FileTree.Under(published.Output, file.Relative))))
                {
                    return file.Relative + " in the output changed after it was published";
                }
            }

            return null;
        }

        private static double BuildMilliseconds(string? phaseFile)
        {
            if (string.IsNullOrEmpty(phaseFile))
            {
                return 0;
            }

            PhaseStore phases = PhaseStore.Load(phaseFile!);
            double total = 0;
            foreach (string phase in SkippedPhases)
            {
                if (phases.DurationsMs.TryGetValue(phase, out double ms))
                {
                    total += ms;
                }
            }

            return total;
        }
    }
}
