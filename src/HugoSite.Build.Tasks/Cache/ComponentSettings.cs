using System;
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
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(manifest);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }

            // Most components say "alwaysRun": false or nothing: then no JSON parser needs loading in a fresh build
            // process. The scan answers only when it is sure; anything unusual goes to the parser.
            return !SurelyNotTrue(bytes) && ReadAlwaysRun(bytes);
        }

        /// <summary>Metadata names that are paths on this machine, hence not part of the fingerprint (the files are).</summary>
        public static bool IsMachinePath(string metadataName) =>
            string.Equals(metadataName, "SourceFolder", StringComparison.OrdinalIgnoreCase)
            || string.Equals(metadataName, "WorkingDirectory", StringComparison.OrdinalIgnoreCase);

        private static readonly byte[] AlwaysRunName = { (byte)'a', (byte)'l', (byte)'w', (byte)'a', (byte)'y', (byte)'s', (byte)'R', (byte)'u', (byte)'n' };

        private static bool ReadAlwaysRun(byte[] bytes)
        {
            try
            {
                var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
                using JsonDocument doc = JsonDocument.Parse(bytes, options);
                return doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("alwaysRun", out JsonElement value)
                    && value.ValueKind == JsonValueKind.True;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>
        /// True when the text cannot hold a true "alwaysRun": it has no backslash (an escape could spell the name or
        /// hide a quote), and every "alwaysRun" in quotes is followed by a colon and a value that does not start
        /// with t, or ends a string value (a comma, brace or bracket follows). A comment or anything else next to
        /// it makes the answer unsure (false).
        /// </summary>
        private static bool SurelyNotTrue(byte[] text)
        {
            if (Array.IndexOf(text, (byte)'\\') >= 0)
            {
                return false;
            }

            for (int i = 0; i + AlwaysRunName.Length + 2 <= text.Length; i++)
            {
                if (text[i] != (byte)'"' || text[i + AlwaysRunName.Length + 1] != (byte)'"' || !NameAt(text, i + 1))
                {
                    continue;
                }

                int next = SkipSpace(text, i + AlwaysRunName.Length + 2);
                byte c = next < text.Length ? text[next] : (byte)0;
                if (c == (byte)',' || c == (byte)'}' || c == (byte)']')
                {
                    continue;
                }

                int value = c == (byte)':' ? SkipSpace(text, next + 1) : text.Length;
                byte v = value < text.Length ? text[value] : (byte)0;
                if (!(v == (byte)'f' || v == (byte)'n' || v == (byte)'"' || v == (byte)'[' || v == (byte)'{' || v == (byte)'-' || (v >= (byte)'0' && v <= (byte)'9')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool NameAt(byte[] text, int start)
        {
            for (int j = 0; j < AlwaysRunName.Length; j++)
            {
                if (text[start + j] != AlwaysRunName[j])
                {
                    return false;
                }
            }

            return true;
        }

        private static int SkipSpace(byte[] text, int i)
        {
            while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\t' || text[i] == (byte)'\n' || text[i] == (byte)'\r'))
            {
                i++;
            }

            return i;
        }
    }
}
