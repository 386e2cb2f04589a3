using System.Collections.Generic;

namespace HugoSite.Build.Tasks.Components
{
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

        public int ErrorCount { get; private set; }

        public bool HasErrors => ErrorCount > 0;

        public void Error(string code, string message, string? file = null, int line = 0, int column = 0)
        {
            _items.Add(new ComponentDiagnostic(code, true, message, file, line, column));
            ErrorCount++;
        }

        public void Warning(string code, string message, string? file = null) =>
            _items.Add(new ComponentDiagnostic(code, false, message, file));
    }
}
