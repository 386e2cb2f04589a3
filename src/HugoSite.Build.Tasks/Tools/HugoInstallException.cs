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
}
