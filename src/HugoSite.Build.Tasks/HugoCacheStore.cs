using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a successful Hugo run: stores the output folder in the build cache under the fingerprint the cache check
    /// computed, keeps the cache under its size cap and feeds the remote cache (<see cref="CacheStorer"/>). Its
    /// parameters are <see cref="CacheStoreParameters"/>, declared there once.
    /// </summary>
    public sealed class HugoCacheStore : CacheStoreParameters
    {
        public override bool Execute() => new CacheStorer(this, new TaskLoggingHelper(this)).Run(Cancellation);
    }
}
