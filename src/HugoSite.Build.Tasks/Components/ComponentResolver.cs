using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// Turns the site's component list into checked definitions: finds each folder, reads its component.json and
    /// lets non-empty item metadata override it (environment variables merge, the item's value winning per name).
    /// </summary>
    internal sealed class ComponentResolver
    {
        private static readonly char[] BadNameCharacters = { '/', '\\', ':', '*', '?', '"', '<', '>', '|', ';' };

        private readonly string _siteDirectory;
        private readonly string _componentsDirectory;
        private readonly bool _isWindows;
        private readonly double _defaultTimeoutSeconds;

        public ComponentResolver(string siteDirectory, string componentsDirectory, bool isWindows, double defaultTimeoutSeconds = 0)
        {
            _siteDirectory = string.IsNullOrEmpty(siteDirectory) ? Directory.GetCurrentDirectory() : Path.GetFullPath(siteDirectory);
            _componentsDirectory = string.IsNullOrEmpty(componentsDirectory)
                ? Path.Combine(_siteDirectory, "components")
                : Path.GetFullPath(Path.Combine(_siteDirectory, componentsDirectory));
            _isWindows = isWindows;
            _defaultTimeoutSeconds = defaultTimeoutSeconds;
        }

        /// <summary>The definitions in the order given, without duplicates; check diagnostics for errors.</summary>
        public List<ComponentDefinition> Resolve(IReadOnlyList<ITaskItem> items, ComponentDiagnostics diagnostics)
        {
            var result = new List<ComponentDefinition>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                string name = item.ItemSpec.Trim();
                if (name.Length == 0 || name == "." || name == ".." || name.IndexOfAny(BadNameCharacters) >= 0)
                {
                    diagnostics.Error(ComponentCodes.InvalidName,
                        $"'{item.ItemSpec}' is not a valid component name. Use a folder name such as 'search' (no path separators or wildcards).");
                    continue;
                }

                if (!seen.Add(name))
                {
                    diagnostics.Warning(ComponentCodes.DuplicateComponent,
                        $"Component '{name}' is listed more than once; the first entry is used. Remove the extra entry from HugoComponents or the HugoComponent items.");
                    continue;
                }

                var definition = ResolveOne(item, name, diagnostics);
                if (definition != null)
                {
                    result.Add(definition);
                }
            }

            return result;
        }

        private ComponentDefinition? ResolveOne(ITaskItem item, string name, ComponentDiagnostics diagnostics)
        {
            var definition = new ComponentDefinition(name);
            string given = Get(item, "SourceFolder");
            string folder;
            try
            {
                folder = given.Length == 0 ? Path.Combine(_componentsDirectory, name) : Path.Combine(_siteDirectory, given);
                folder = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                diagnostics.Error(ComponentCodes.FolderMissing,
                    $"Component '{name}': SourceFolder '{given}' is not a usable path ({ex.Message}). Set SourceFolder to the component's folder.");
                return null;
            }

            ComponentManifest? manifest;
            if (Directory.Exists(folder))
            {
                definition.SourceFolder = folder;
                manifest = ComponentManifestReader.Read(Path.Combine(folder, ComponentManifest.FileName), name, diagnostics);
                if (manifest == null)
                {
                    return null;
                }
            }
            else if (Get(item, "Command").Length > 0)
            {
                // A component the project describes entirely with item metadata: nothing to overlay, no manifest.
                manifest = new ComponentManifest();
            }
            else
            {
                diagnostics.Error(ComponentCodes.FolderMissing,
                    $"Component '{name}': its folder {PathCompat.AppendSeparator(folder)} does not exist. Create it (with a component.json and/or a files/ folder), set the item's SourceFolder metadata, or remove '{name}' from HugoComponents.");
                return null;
            }

            definition.ManifestPath = manifest.Path;
            string? fromManifest = _isWindows && !string.IsNullOrWhiteSpace(manifest.WindowsCommand) ? manifest.WindowsCommand : manifest.Command;
            string command = Either(Get(item, "Command"), fromManifest);
            string arguments = Either(Get(item, "Arguments"), manifest.Arguments);
            definition.Command = command.Length > 0 && arguments.Length > 0 ? command + " " + arguments : command;
            if (command.Length == 0 && arguments.Length > 0)
            {
                diagnostics.Warning(ComponentCodes.InvalidManifest,
                    $"Component '{name}' has arguments but no command, so nothing runs. Give it a command or remove the arguments.", definition.ManifestPath);
            }

            definition.WorkingDirectory = Either(Get(item, "WorkingDirectory"), manifest.WorkingDirectory);
            int errors = diagnostics.ErrorCount;
            definition.TimeoutSeconds = ResolveTimeout(item, name, manifest, diagnostics);
            definition.Environment = ResolveEnvironment(item, name, manifest, diagnostics);
            definition.DependsOn = Either(Get(item, "DependsOn"), manifest.DependsOn);
            definition.Inputs = Either(Get(item, "Inputs"), manifest.Inputs);
            string alwaysRun = Get(item, "AlwaysRun");
            if (alwaysRun.Length == 0)
            {
                definition.AlwaysRun = manifest.AlwaysRun ?? false;
            }
            else if (ComponentText.TryParseBool(alwaysRun, out bool parsed))
            {
                definition.AlwaysRun = parsed;
            }
            else
            {
                diagnostics.Error(ComponentCodes.InvalidAlwaysRun,
                    $"Component '{name}': AlwaysRun metadata is '{alwaysRun}'; it must be true or false.");
            }

            return diagnostics.ErrorCount == errors ? definition : null;
        }

        /// <summary>The item's metadata value, trimmed; empty means "not set".</summary>
        private static string Get(ITaskItem item, string name) => item.GetMetadata(name)?.Trim() ?? string.Empty;

        /// <summary>The item's value when it has one (already trimmed), else the manifest's.</summary>
        private static string Either(string fromItem, string? fromManifest) => fromItem.Length > 0 ? fromItem : (fromManifest ?? string.Empty).Trim();

        private static IReadOnlyList<string> Either(string fromItem, IReadOnlyList<string>? fromManifest) =>
            fromItem.Length > 0 ? ComponentText.SplitList(fromItem) : fromManifest ?? new string[0];

        private double ResolveTimeout(ITaskItem item, string name, ComponentManifest manifest, ComponentDiagnostics diagnostics)
        {
            string text = Get(item, "TimeoutSeconds");
            if (text.Length == 0)
            {
                return manifest.TimeoutSeconds ?? _defaultTimeoutSeconds;
            }

            if (ComponentText.TryParseTimeout(text, out double seconds))
            {
                return seconds;
            }

            diagnostics.Error(ComponentCodes.InvalidTimeout,
                $"Component '{name}': TimeoutSeconds metadata is '{text}'; it must be a number of seconds, 0 or more (0 = no time-out).");
            return 0;
        }

        private static IReadOnlyList<KeyValuePair<string, string>> ResolveEnvironment(ITaskItem item, string name, ComponentManifest manifest, ComponentDiagnostics diagnostics)
        {
            var merged = new List<KeyValuePair<string, string>>(manifest.Environment ?? new KeyValuePair<string, string>[0]);
            string text = Get(item, "Environment");
            if (text.Length == 0)
            {
                return merged;
            }

            if (!ComponentText.TryParseEnvironment(text, out var fromItem, out string bad))
            {
                diagnostics.Error(ComponentCodes.InvalidEnvironment,
                    $"Component '{name}': Environment metadata entry '{bad}' is not NAME=VALUE. Write entries as NAME=VALUE separated by ';'.");
                return merged;
            }

            var comparer = PathCompat.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            foreach (var variable in fromItem)
            {
                merged.RemoveAll(v => comparer.Equals(v.Key, variable.Key));
                merged.Add(variable);
            }

            return merged;
        }
    }
}
