using System;
using System.IO;
using HugoSite.Build.Tasks.Components;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>What the cache needs to know about a component besides its files.</summary>
    internal static class ComponentSettings
    {
        /// <summary>
        /// Whether a component always runs: its item's AlwaysRun metadata when set, else "alwaysRun" in its
        /// component.json, read as the components phase reads it. A component.json with errors counts as not set (the
        /// components phase reports them).
        /// </summary>
        public static bool IsAlwaysRun(string? metadataValue, string? sourceFolder)
        {
            if (!string.IsNullOrWhiteSpace(metadataValue))
            {
                return string.Equals(metadataValue!.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            }

            if (string.IsNullOrEmpty(sourceFolder))
            {
                return false;
            }

            string path = Path.Combine(sourceFolder, ComponentManifest.FileName);
            return ComponentManifestReader.Read(path, Path.GetFileName(sourceFolder), new ComponentDiagnostics())?.AlwaysRun == true;
        }

        /// <summary>Metadata names that are paths on this machine, hence not part of the fingerprint (the files are).</summary>
        public static bool IsMachinePath(string metadataName) =>
            string.Equals(metadataName, "SourceFolder", StringComparison.OrdinalIgnoreCase)
            || string.Equals(metadataName, "WorkingDirectory", StringComparison.OrdinalIgnoreCase);
    }
}
