using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Phases;

namespace HugoSite.Build.Tasks.Cache
{
    internal sealed class CacheStoreRequest
    {
        public string IntermediateDirectory { get; set; } = string.Empty;

        public string OutputDirectory { get; set; } = string.Empty;

        public string CacheRoot { get; set; } = string.Empty;

        /// <summary>The fingerprint the check reported; empty = whatever the state says.</summary>
        public string? Fingerprint { get; set; }

        /// <summary>phases.json, to record what the build cost (and so what a hit saves).</summary>
        public string? PhaseFile { get; set; }

        public string Project { get; set; } = string.Empty;

        public bool IgnoreAlwaysRun { get; set; }

        public bool UseLinks { get; set; } = true;

        public long MaxBytes { get; set; } = CacheOptions.DefaultMaxSizeMb * 1024 * 1024;

        /// <summary>The remote tier the stored entry is uploaded to; null when none is configured.</summary>
        public Remote.RemoteCache? Remote { get; set; }
    }

    internal enum StoreDecision
    {
        Stored,
        AlreadyCached,
        TooLarge,
        NoFingerprint,
        AlwaysRun,
        InputsChanged,
        NotPublished,
    }

    internal sealed class CacheStoreResult
    {
        public StoreDecision Decision { get; set; }

        public string Fingerprint { get; set; } = string.Empty;

        /// <summary>Why nothing was stored, for the skipping decisions.</summary>
        public string? Detail { get; set; }

        public StoreResult? Store { get; set; }

        public List<EntryInfo> Evicted { get; } = new List<EntryInfo>();

        /// <summary>What uploading the entry came to, when there was an entry and a remote cache.</summary>
        public Remote.RemoteUploadResult? Upload { get; set; }
    }

    /// <summary>
    /// After a successful Hugo run: stores the output under the fingerprint the check computed, unless an input
    /// changed while the site was being built (the output might then not match the fingerprint), then evicts
    /// least recently used entries down to the size cap.
    /// </summary>
    internal sealed class CacheStorer
    {
        /// <summary>The phases a hit skips; their sum is what the entry saves.</summary>
        public static readonly string[] SkippedPhases = { "copy", "components", "hugo" };

        private readonly IFileLinker? _linker;
        private readonly Func<DateTime>? _utcNow;

        public CacheStorer(IFileLinker? linker = null, Func<DateTime>? utcNow = null)
        {
            _linker = linker;
            _utcNow = utcNow;
        }

        public CacheStoreResult Run(CacheStoreRequest request, CancellationToken cancellation)
        {
            var result = new CacheStoreResult();
            FingerprintState? state = FingerprintState.Load(FingerprintState.PathIn(request.IntermediateDirectory), out _);
            if (state == null || !BuildCache.IsFingerprint(state.Fingerprint)
                || (!string.IsNullOrEmpty(request.Fingerprint) && !string.Equals(request.Fingerprint, state.Fingerprint, StringComparison.Ordinal)))
            {
                result.Decision = StoreDecision.NoFingerprint;
                result.Detail = "no fingerprint of this build's inputs";
                return result;
            }

            result.Fingerprint = state.Fingerprint;
            if (state.AlwaysRun.Count > 0 && !request.IgnoreAlwaysRun)
            {
                result.Decision = StoreDecision.AlwaysRun;
                result.Detail = "always-run component " + string.Join(", ", state.AlwaysRun);
                return result;
            }

            string? moved = FirstChangedInput(state);
            if (moved != null)
            {
                result.Decision = StoreDecision.InputsChanged;
                result.Detail = moved + " changed during the build";
                return result;
            }

            // Only what this build published, exactly as it was published: never the user's own files in the output
            // folder, never a site that did not finish or that something changed afterwards.
            string output = Output.OutputPaths.Resolve(request.OutputDirectory);
            Output.PublishedList? published = Output.PublishedList.Load(Output.PublishedList.PathIn(request.IntermediateDirectory));
            string? unpublished = published == null || !Output.OutputPaths.SamePath(published.Output, output)
                ? "no complete published site in " + output
                : FirstChangedOutput(published);
            if (unpublished != null)
            {
                result.Decision = StoreDecision.NotPublished;
                result.Detail = unpublished;
                return result;
            }

            var about = new CacheManifest
            {
                BuildMilliseconds = BuildMilliseconds(request.PhaseFile),
                Project = request.Project,
                HugoVersion = state.HugoVersion,
            };
            // A miss has just spent seconds in Hugo: the right moment to finish removing earlier outputs.
            Trash.In(request.IntermediateDirectory, request.OutputDirectory).Empty();
            var cache = new BuildCache(request.CacheRoot, _linker, _utcNow);
            result.Store = cache.Store(state.Fingerprint, output, about, request.UseLinks, request.MaxBytes, cancellation, published,
                ownerOnly: HasExternalLinks(request.IntermediateDirectory));
            result.Decision = result.Store.Outcome == StoreOutcome.Stored ? StoreDecision.Stored
                : result.Store.Outcome == StoreOutcome.TooLarge ? StoreDecision.TooLarge
                : StoreDecision.AlreadyCached;
            result.Evicted.AddRange(cache.Evict(request.MaxBytes, state.Fingerprint));
            if (request.Remote != null && result.Decision != StoreDecision.TooLarge && cache.HasEntry(state.Fingerprint))
            {
                result.Upload = request.Remote.Upload(cache, state.Fingerprint, cancellation);
            }

            return result;
        }

        /// <summary>The copy's record of links followed outside the sources (obj/hugo/external-links.txt).</summary>
        public const string ExternalLinksFile = "external-links.txt";

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
