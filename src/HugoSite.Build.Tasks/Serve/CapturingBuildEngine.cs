using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>
    /// Passes every event of a task the preview runs inside itself (the components phase) on to MSBuild, and keeps its
    /// errors and warnings, so a failed component's own message can also be shown in the browser.
    /// </summary>
    internal sealed class CapturingBuildEngine : IBuildEngine
    {
        private readonly IBuildEngine _inner;
        private readonly List<string> _problems = new List<string>();

        public CapturingBuildEngine(IBuildEngine inner)
        {
            _inner = inner;
        }

        public bool ContinueOnError => _inner.ContinueOnError;

        public int LineNumberOfTaskNode => _inner.LineNumberOfTaskNode;

        public int ColumnNumberOfTaskNode => _inner.ColumnNumberOfTaskNode;

        public string ProjectFileOfTaskNode => _inner.ProjectFileOfTaskNode;

        /// <summary>The errors and warnings that name the component, one per line, as MSBuild prints them.</summary>
        public string ProblemsAbout(string component)
        {
            lock (_problems)
            {
                return string.Join("\n", _problems.Where(p =>
                    p.IndexOf("'" + component + "'", StringComparison.OrdinalIgnoreCase) >= 0
                    || p.IndexOf(component + ":", StringComparison.OrdinalIgnoreCase) >= 0));
            }
        }

        public void LogErrorEvent(BuildErrorEventArgs e)
        {
            Keep(e.Code, "error", e.Message);
            _inner.LogErrorEvent(e);
        }

        public void LogWarningEvent(BuildWarningEventArgs e)
        {
            Keep(e.Code, "warning", e.Message);
            _inner.LogWarningEvent(e);
        }

        public void LogMessageEvent(BuildMessageEventArgs e) => _inner.LogMessageEvent(e);

        public void LogCustomEvent(CustomBuildEventArgs e) => _inner.LogCustomEvent(e);

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
            _inner.BuildProjectFile(projectFileName, targetNames, globalProperties, targetOutputs);

        private void Keep(string? code, string kind, string? message)
        {
            lock (_problems)
            {
                _problems.Add(kind + " " + (code ?? string.Empty) + ": " + (message ?? string.Empty));
            }
        }
    }
}
