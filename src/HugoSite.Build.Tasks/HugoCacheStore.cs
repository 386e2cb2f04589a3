using System.Threading;
using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// After a successful Hugo run: stores the output folder in the build cache under the fingerprint the cache check
    /// computed, keeps the cache under its size cap and feeds the remote cache (<see cref="CacheStorer"/>). Its
    /// parameters are <see cref="CacheStoreParameters"/>, declared there once.
    /// </summary>
    public sealed class HugoCacheStore : CacheStoreParameters, ITask, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        public IBuildEngine? BuildEngine { get; set; }

        public ITaskHost? HostObject { get; set; }

        public void Cancel() => _cancel.Cancel();

        public bool Execute() => new CacheStorer(this, new TaskLoggingHelper(this)).Run(_cancel.Token);
    }
}
