using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>What the cache needs to know about a component besides its files.</summary>
    internal static class ComponentSettings
    {
        public const string ManifestName = "component.json";

        /// <summary>
        /// Whether a component always runs: its item's AlwaysRun metadata when set, else "alwaysRun" in its
        /// component.json. An unreadable component.json counts as not set (the components phase reports it).
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

            string manifest = Path.Combine(sourceFolder, ManifestName);
            if (!File.Exists(manifest))
            {
                return false;
            }

            try
            {
                var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(manifest), options);
                return doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("alwaysRun", out JsonElement value)
                    && value.ValueKind == JsonValueKind.True;
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Metadata names that are paths on this machine, hence not part of the fingerprint (the files are).</summary>
        public static readonly HashSet<string> MachinePathMetadata = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "SourceFolder",
            "WorkingDirectory",
        };
    }
}
