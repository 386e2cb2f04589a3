using System;
using System.Collections.Generic;
using System.Linq;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// Checks DependsOn (every name known, no cycles) and gives the dependency order: each component after the
    /// ones it depends on, otherwise in the order the site listed them.
    /// </summary>
    internal static class DependencyGraph
    {
        /// <summary>
        /// The components (given in the site's order) in dependency order, or null when a dependency is unknown or the graph has a cycle
        /// (reported to <paramref name="diagnostics"/>).
        /// </summary>
        public static List<ComponentDefinition>? Order(IReadOnlyList<ComponentDefinition> components, ComponentDiagnostics diagnostics)
        {
            var byName = new Dictionary<string, ComponentDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var component in components)
            {
                byName[component.Name] = component;
            }

            bool ok = true;
            foreach (var component in components)
            {
                foreach (string dependency in component.DependsOn)
                {
                    if (!byName.ContainsKey(dependency))
                    {
                        ok = false;
                        diagnostics.Error(ComponentCodes.UnknownDependency,
                            $"Component '{component.Name}' depends on '{dependency}', which is not one of this site's components ({string.Join(", ", components.Select(c => c.Name))}). Add '{dependency}' to HugoComponents or fix DependsOn.",
                            component.ManifestPath);
                    }
                }
            }

            if (!ok)
            {
                return null;
            }

            // Each step places the first component in the site's order whose dependencies are all placed, so ties keep that order.
            var pending = new List<ComponentDefinition>(components);
            var order = new List<ComponentDefinition>();
            ComponentDefinition? next;
            while ((next = pending.FirstOrDefault(c => Dependencies(c, byName).All(order.Contains))) != null)
            {
                order.Add(next);
                pending.Remove(next);
            }

            if (pending.Count == 0)
            {
                return order;
            }

            var cycle = FindCycle(pending, byName);
            diagnostics.Error(ComponentCodes.DependencyCycle,
                $"Components depend on each other in a circle: {string.Join(" -> ", cycle.Select(c => c.Name))}. Remove one of these DependsOn entries so the components can run in order.",
                cycle[0].ManifestPath);
            return null;
        }

        /// <summary>The distinct components <paramref name="component"/> depends on (a name listed twice counts once).</summary>
        private static IEnumerable<ComponentDefinition> Dependencies(ComponentDefinition component, IReadOnlyDictionary<string, ComponentDefinition> byName) =>
            component.DependsOn.Select(d => byName[d]).Distinct();

        private static List<ComponentDefinition> FindCycle(List<ComponentDefinition> stuck, Dictionary<string, ComponentDefinition> byName)
        {
            // Every stuck component has a stuck dependency, so walking dependencies from any of them must revisit one.
            var path = new List<ComponentDefinition>();
            var current = stuck[0];
            while (!path.Contains(current))
            {
                path.Add(current);
                var dependencies = Dependencies(current, byName).ToList();
                current = stuck.First(dependencies.Contains);
            }

            var cycle = path.Skip(path.IndexOf(current)).ToList();
            cycle.Add(current);
            return cycle;
        }
    }
}
