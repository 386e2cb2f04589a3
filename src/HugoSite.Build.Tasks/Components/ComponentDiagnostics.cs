using System.Collections.Generic;
using System.Linq;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>The codes the components phase raises; docs/errors.md has one row for each.</summary>
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

    /// <summary>One error or warning found by the plain classes, logged by the task with its code and file.</summary>
    internal sealed record ComponentDiagnostic(string Code, bool IsError, string Message, string? File = null, int Line = 0, int Column = 0)
    {
        public override string ToString() => (IsError ? "error " : "warning ") + Code + ": " + Message;
    }

    /// <summary>Collects diagnostics in the order they were found.</summary>
    internal sealed class ComponentDiagnostics
    {
        private readonly List<ComponentDiagnostic> _items = new List<ComponentDiagnostic>();

        public IReadOnlyList<ComponentDiagnostic> Items => _items;

        public int ErrorCount => _items.Count(d => d.IsError);

        public bool HasErrors => _items.Any(d => d.IsError);

        public void Error(string code, string message, string? file = null, int line = 0, int column = 0) =>
            _items.Add(new ComponentDiagnostic(code, true, message, file, line, column));

        public void Warning(string code, string message, string? file = null, int line = 0, int column = 0) =>
            _items.Add(new ComponentDiagnostic(code, false, message, file, line, column));
    }
}
