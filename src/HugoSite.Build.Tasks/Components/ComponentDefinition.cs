using System.Collections.Generic;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>A component after item metadata and component.json are merged and checked.</summary>
    internal sealed class ComponentDefinition
    {
        public ComponentDefinition(string name)
        {
            Name = name;
        }

        public string Name { get; }
        /// <summary>Full path of the component folder; empty for a component described only by item metadata.</summary>
        public string SourceFolder { get; set; } = string.Empty;
        /// <summary>The component.json read, if any; problems with this component are reported against it.</summary>
        public string? ManifestPath { get; set; }
        /// <summary>The command line to run (command and arguments), empty when the component only adds files.</summary>
        public string Command { get; set; } = string.Empty;
        /// <summary>Working folder as given (relative paths are relative to the work folder); empty = the work folder.</summary>
        public string WorkingDirectory { get; set; } = string.Empty;
        /// <summary>Seconds before the command's process tree is stopped; 0 = no limit.</summary>
        public double TimeoutSeconds { get; set; }
        public IReadOnlyList<KeyValuePair<string, string>> Environment { get; set; } = new KeyValuePair<string, string>[0];
        public IReadOnlyList<string> DependsOn { get; set; } = new string[0];
        public bool AlwaysRun { get; set; }
        /// <summary>Globs relative to the composed site of what the command reads; the preview runs it again when they change.</summary>
        public IReadOnlyList<string> Inputs { get; set; } = new string[0];
    }
}
