using System;
using System.Collections.Generic;
using System.Text.Json;

namespace HugoSite.Build.Tasks.Site
{
    /// <summary>One module of a site as `hugo config mounts` prints it: the project itself, a theme, a theme component.</summary>
    /// <param name="Path">"project" for the site itself, else the theme's name or module path.</param>
    /// <param name="Owner">The module that imports this one ("project" for a theme the site names); empty for the project.</param>
    /// <param name="Directory">The module's folder, absolute.</param>
    /// <param name="Mounts">Its folders and where Hugo mounts them.</param>
    public sealed record HugoModule(string Path, string Owner, string Directory, IReadOnlyList<HugoMount> Mounts)
    {
        public bool IsProject => string.Equals(Path, "project", StringComparison.Ordinal) && Owner.Length == 0;
    }

    /// <summary>A folder of a module mounted into one of Hugo's component folders (content, static, layouts, …).</summary>
    /// <param name="Source">Relative to the module's folder, or absolute.</param>
    /// <param name="Target">The component folder it is mounted as (content, static, layouts, …).</param>
    public sealed record HugoMount(string Source, string Target);

    /// <summary>
    /// Reads what Hugo itself prints about a site's resolved configuration, so that the build never interprets
    /// TOML, YAML, JSON, config folders, environments or theme configs on its own: `hugo config` (one
    /// `key = value` or `key: value` line per top-level setting, lower-cased) and `hugo config mounts` (one JSON object per module).
    /// </summary>
    public static class HugoConfigOutput
    {
        /// <summary>Top-level settings whose value is a quoted string (`publishdir = "public"`), by lower-case key.</summary>
        public static Dictionary<string, string> ParseSettings(IEnumerable<string> lines)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in lines)
            {
                // Hugo prints `key = value` or, for sites configured in YAML or JSON, `key: value`.
                string line = raw.TrimEnd('\r');
                int keyEnd = 0;
                while (keyEnd < line.Length && (char.IsLetterOrDigit(line[keyEnd]) || line[keyEnd] == '_'))
                {
                    keyEnd++;
                }

                int valueStart = keyEnd == 0 ? -1
                    : string.CompareOrdinal(line, keyEnd, " = ", 0, 3) == 0 ? keyEnd + 3
                    : string.CompareOrdinal(line, keyEnd, ": ", 0, 2) == 0 ? keyEnd + 2
                    : -1;
                if (valueStart < 0)
                {
                    continue;
                }

                string key = line.Substring(0, keyEnd).ToLowerInvariant();
                string value = line.Substring(valueStart).Trim();
                if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"')
                {
                    result[key] = Unquote(value);
                }
            }

            return result;
        }

        /// <summary>The modules in the order Hugo prints them (the project first, then its themes in priority order).</summary>
        public static List<HugoModule> ParseMounts(string text)
        {
            var modules = new List<HugoModule>();
            foreach (string json in SplitObjects(text))
            {
                using JsonDocument document = JsonDocument.Parse(json);
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var mounts = new List<HugoMount>();
                if (root.TryGetProperty("mounts", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement mount in list.EnumerateArray())
                    {
                        string source = String(mount, "source");
                        if (source.Length > 0)
                        {
                            mounts.Add(new HugoMount(source, String(mount, "target")));
                        }
                    }
                }

                modules.Add(new HugoModule(String(root, "path"), String(root, "owner"), String(root, "dir"), mounts));
            }

            return modules;
        }

        /// <summary>Splits a stream of top-level JSON objects ("{…}\n{…}") at depth zero, outside strings.</summary>
        private static List<string> SplitObjects(string text)
        {
            var result = new List<string>();
            int depth = 0;
            int start = -1;
            bool inString = false;
            bool escaped = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (c == '\\')
                    {
                        escaped = true;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = depth > 0;
                }
                else if (c == '{')
                {
                    if (depth == 0)
                    {
                        start = i;
                    }

                    depth++;
                }
                else if (c == '}' && depth > 0)
                {
                    depth--;
                    if (depth == 0)
                    {
                        result.Add(text.Substring(start, i - start + 1));
                    }
                }
            }

            if (depth != 0)
            {
                throw new FormatException("The module list ends inside an object.");
            }

            return result;
        }

        private static string String(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

        private static string Unquote(string quoted)
        {
            var builder = new System.Text.StringBuilder(quoted.Length);
            int end = quoted.Length - 1;
            for (int i = 1; i < end; i++)
            {
                char c = quoted[i];
                if (c == '\\' && i + 1 < end)
                {
                    i++;
                    char n = quoted[i];
                    builder.Append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }
}
