using HugoSite.Build.Tasks.Cache;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Starts getting the build process ready for the cache check as soon as the build is known to run, so that
    /// the check's code compiles and the hash provider loads on thread-pool threads while setup runs, instead of
    /// on the check's own thread (see <see cref="WarmStart"/>). Never fails: a cache that cannot warm up is only
    /// slower.
    /// </summary>
    public sealed class HugoCacheWarmStart : Task
    {
        /// <summary>False when the check will only compute the fingerprint.</summary>
        public bool Restore { get; set; } = true;

        /// <summary>HugoCacheVerify: content also starts the hash provider. A bad value is the check's to report.</summary>
        public string? Verify { get; set; }

        public override bool Execute()
        {
            bool content = !CacheOptions.TryParseVerify(Verify, out VerifyMode verify) || verify == VerifyMode.Content;
            WarmStart.Begin(Restore, content);
            return true;
        }
    }
}
