using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>One file a component adds to the work folder.</summary>
    internal sealed record OverlayFile(string Source, string RelativePath, ComponentDefinition Component);

    /// <summary>Two components provide the same path; <see cref="Winner"/> comes later in dependency order.</summary>
    internal sealed record OverlayConflict(string RelativePath, ComponentDefinition Loser, ComponentDefinition Winner);

    /// <summary>
    /// Overlays each component's files/ folder onto the work folder. A plan is made first, so where two components
    /// provide the same path the one later in dependency order wins regardless of timing, and only the winner is
    /// copied. Files already identical in the work folder (same size and time) are left alone.
    /// </summary>
    internal static class ComponentOverlay
    {
        public const string FilesFolder = "files";

        public static List<OverlayFile> Plan(IReadOnlyList<ComponentDefinition> dependencyOrder, List<OverlayConflict> conflicts, ComponentDiagnostics diagnostics)
        {
            // Where two components provide a path, the later one's file takes the earlier one's place in the plan.
            var plan = new List<OverlayFile>();
            var index = new Dictionary<string, int>(PathCompat.IsCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            foreach (var component in dependencyOrder)
            {
                if (component.SourceFolder.Length == 0)
                {
                    continue;
                }

                string root = Path.Combine(component.SourceFolder, FilesFolder);
                if (!Directory.Exists(root))
                {
                    continue;
                }

                foreach (string file in ListFiles(root, component, diagnostics))
                {
                    string relative = PathCompat.GetRelativePath(root, file);
                    var entry = new OverlayFile(file, relative, component);
                    if (!index.TryGetValue(relative, out int earlier))
                    {
                        index[relative] = plan.Count;
                        plan.Add(entry);
                        continue;
                    }

                    if (plan[earlier].Component != component)
                    {
                        conflicts.Add(new OverlayConflict(relative, plan[earlier].Component, component));
                    }

                    plan[earlier] = entry;
                }
            }

            return plan;
        }

        private static List<string> ListFiles(string root, ComponentDefinition component, ComponentDiagnostics diagnostics)
        {
            try
            {
                return new List<string>(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                diagnostics.Error(ComponentCodes.OverlayFailed,
                    $"Component '{component.Name}': cannot list the files in {root}: {ex.Message} Check the folder's permissions and links.",
                    component.ManifestPath);
                return new List<string>();
            }
        }

        /// <summary>Copies the plan into <paramref name="workDirectory"/>. Returns how many files were written.</summary>
        public static int Apply(IReadOnlyList<OverlayFile> plan, string workDirectory, ComponentDiagnostics diagnostics, CancellationToken cancellationToken)
        {
            int written = 0;
            foreach (var file in plan)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string destination = Path.Combine(workDirectory, file.RelativePath);
                try
                {
                    var source = new FileInfo(file.Source);
                    var target = new FileInfo(destination);
                    if (target.Exists && target.Length == source.Length && target.LastWriteTimeUtc == source.LastWriteTimeUtc)
                    {
                        continue;
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    if (target.Exists && target.IsReadOnly)
                    {
                        target.IsReadOnly = false;
                    }

                    File.Copy(source.FullName, destination, true);
                    File.SetLastWriteTimeUtc(destination, source.LastWriteTimeUtc);
                    written++;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    diagnostics.Error(ComponentCodes.OverlayFailed,
                        $"Component '{file.Component.Name}': cannot copy {file.Source} to {destination}: {ex.Message} Check that nothing in the work folder blocks that path (a folder of the same name, a locked file).",
                        file.Source);
                }
            }

            return written;
        }
    }
}
