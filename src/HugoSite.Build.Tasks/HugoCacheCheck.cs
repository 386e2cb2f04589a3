using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The cache-check phase: fingerprints every input of the site and, when a verified cache entry matches, restores
    /// the site into the output folder so that copy, components and Hugo are skipped (<see cref="CacheCheckAndRestore"/>).
    /// Its parameters are <see cref="CacheCheckParameters"/>, declared there once.
    /// </summary>
    public sealed class HugoCacheCheck : CacheCheckParameters
    {
        public override bool Execute() => new CacheCheckAndRestore(this, new TaskLoggingHelper(this)).Run(Cancellation);
    }
}
