using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>What every component's command is told about the site (the HUGO_* variables).</summary>
    internal sealed class SiteContext
    {
        public string WorkDirectory { get; init; } = string.Empty;
        public string Template { get; init; } = string.Empty;
        public string Theme { get; init; } = string.Empty;
        public string SiteDirectory { get; init; } = string.Empty;
    }

    /// <summary>Turns checked definitions (in dependency order) into what the scheduler runs.</summary>
    internal static class ComponentRequests
    {
        /// <summary>
        /// One scheduled component per definition. A missing working folder is reported (and that component left
        /// out); callers run nothing when <paramref name="diagnostics"/> has errors.
        /// </summary>
        public static List<ScheduledComponent> Build(IReadOnlyList<ComponentDefinition> order, SiteContext site, ComponentDiagnostics diagnostics)
        {
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < order.Count; i++)
            {
                index[order[i].Name] = i;
            }

            var scheduled = new List<ScheduledComponent>();
            foreach (var component in order)
            {
                var dependencies = component.DependsOn.Select(d => index[d]).Distinct().ToList();
                ProcessRequest? request = null;
                if (component.Command.Length > 0)
                {
                    request = Request(component, site, diagnostics);
                    if (request == null)
                    {
                        continue;
                    }
                }

                scheduled.Add(new ScheduledComponent(component, request, dependencies));
            }

            return scheduled;
        }

        private static ProcessRequest? Request(ComponentDefinition component, SiteContext site, ComponentDiagnostics diagnostics)
        {
            string workingDirectory;
            try
            {
                workingDirectory = Path.GetFullPath(Path.Combine(site.WorkDirectory, component.WorkingDirectory));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                workingDirectory = component.WorkingDirectory + " (" + ex.Message + ")";
            }

            if (!Directory.Exists(workingDirectory))
            {
                diagnostics.Error(ComponentCodes.WorkingDirectoryMissing,
                    $"Component '{component.Name}': its working folder {workingDirectory} does not exist (after the components' files were overlaid). Fix WorkingDirectory (relative paths are relative to the work folder) or add the folder to the component's files/.",
                    component.ManifestPath);
                return null;
            }

            var request = new ProcessRequest(ShellCommand.ResolveScriptPaths(component.Command, component.SourceFolder, PathCompat.IsWindows), workingDirectory)
            {
                Timeout = component.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(component.TimeoutSeconds) : (TimeSpan?)null,
            };
            foreach (var variable in component.Environment)
            {
                request.Environment.Add(variable);
            }

            // The documented variables come last, so a component's own environment cannot hide them.
            Add(request, "HUGO_WORK_DIR", site.WorkDirectory);
            Add(request, "HUGO_COMPONENT", component.Name);
            Add(request, "HUGO_COMPONENT_DIR", component.SourceFolder);
            Add(request, "HUGO_TEMPLATE", site.Template);
            Add(request, "HUGO_THEME", site.Theme);
            Add(request, "HUGO_SITE_DIR", site.SiteDirectory);
            return request;
        }

        private static void Add(ProcessRequest request, string name, string value) =>
            request.Environment.Add(new KeyValuePair<string, string>(name, value));
    }
}
