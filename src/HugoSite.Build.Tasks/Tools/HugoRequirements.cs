using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>One stated need: a minimum version and/or the extended edition, and the file and key that state it.</summary>
    public sealed class HugoRequirement
    {
        public string File { get; set; } = string.Empty;
        /// <summary>"module.hugoVersion.min" or "min_version".</summary>
        public string Key { get; set; } = string.Empty;
        public HugoVersionNumber? Minimum { get; set; }
        public bool Extended { get; set; }
    }

    /// <summary>
    /// Reads what a site and its themes say about the Hugo they need, the way Hugo states it: <c>module.hugoVersion.min</c>
    /// and <c>module.hugoVersion.extended</c> in the site's or a theme's configuration (hugo.* or config.*, TOML, YAML or
    /// JSON, also config/_default/ and its module.* file), and <c>min_version</c> in a theme's theme.toml. Only these keys
    /// are read, by small line readers for TOML and YAML (tables, dotted keys and inline tables in TOML; nested keys in
    /// YAML) and System.Text.Json for JSON; keys are matched without regard to case, as Hugo does.
    /// </summary>
    public static class HugoRequirements
    {
        private static readonly string[] ConfigNames = { "hugo", "config" };
        private static readonly string[] Extensions = { ".toml", ".yaml", ".yml", ".json" };

        /// <summary>
        /// Logs an error for each need of the site and its themes that Hugo <paramref name="version"/> at
        /// <paramref name="executable"/> does not meet; false when there is one. Nothing is checked for a version
        /// that cannot be read.
        /// </summary>
        public static bool Check(string[]? siteDirectories, string[]? themeDirectories, string version, bool extended, string executable, TaskLoggingHelper log)
        {
            if ((siteDirectories == null || siteDirectories.Length == 0) && (themeDirectories == null || themeDirectories.Length == 0))
            {
                return true;
            }

            if (!HugoVersionNumber.TryParse(version, out HugoVersionNumber actual))
            {
                return true;
            }

            bool ok = true;
            foreach (HugoRequirement need in Read(siteDirectories ?? Array.Empty<string>(), themeDirectories ?? Array.Empty<string>()))
            {
                if (need.Minimum.HasValue && actual < need.Minimum.Value)
                {
                    log.LogError(null, HugoToolCodes.TooOld, null, need.File, 0, 0, 0, 0,
                        "'" + need.File + "' needs Hugo " + need.Minimum.Value + " or newer (" + need.Key + (need.Key == "min_version" ? string.Empty : ".min") + ") but Hugo " + version + " is used (" + executable + "). " +
                        "Pin one with <HugoVersion>" + need.Minimum.Value + "</HugoVersion> in the project (or -p:HugoVersion=" + need.Minimum.Value + ", or HUGO_VERSION) and the build fetches it, or install a newer Hugo.");
                    ok = false;
                }

                if (need.Extended && !extended)
                {
                    log.LogError(null, HugoToolCodes.NeedsExtended, null, need.File, 0, 0, 0, 0,
                        "'" + need.File + "' needs Hugo extended (" + need.Key + ".extended) but Hugo " + version + " at " + executable + " is the standard edition. " +
                        "Pin one with <HugoVersion>" + version + "</HugoVersion> and <HugoEdition>extended</HugoEdition> and the build fetches it, or install Hugo extended.");
                    ok = false;
                }
            }

            return ok;
        }

        /// <summary>Every requirement stated in the given site folders and theme folders (missing folders are skipped).</summary>
        public static List<HugoRequirement> Read(IEnumerable<string> siteDirectories, IEnumerable<string> themeDirectories)
        {
            var found = new List<HugoRequirement>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string dir in siteDirectories)
            {
                if (!string.IsNullOrWhiteSpace(dir) && seen.Add(Path.GetFullPath(dir).TrimEnd('/', '\\')))
                {
                    ReadConfigs(dir, found);
                }
            }

            foreach (string dir in themeDirectories)
            {
                if (string.IsNullOrWhiteSpace(dir) || !seen.Add(Path.GetFullPath(dir).TrimEnd('/', '\\')))
                {
                    continue;
                }

                ReadConfigs(dir, found);
                string themeToml = Path.Combine(dir, "theme.toml");
                if (File.Exists(themeToml))
                {
                    foreach (KeyValuePair<string, string> pair in TomlValues(SafeRead(themeToml)))
                    {
                        if (string.Equals(pair.Key, "min_version", StringComparison.OrdinalIgnoreCase) && HugoVersionNumber.TryParse(pair.Value, out HugoVersionNumber min))
                        {
                            found.Add(new HugoRequirement { File = themeToml, Key = "min_version", Minimum = min });
                        }
                    }
                }
            }

            return found;
        }

        private static void ReadConfigs(string dir, List<HugoRequirement> found)
        {
            if (string.IsNullOrWhiteSpace(dir) || !Directory.Exists(dir))
            {
                return;
            }

            foreach (string name in ConfigNames)
            {
                foreach (string ext in Extensions)
                {
                    Add(Path.Combine(dir, name + ext), "module.", found);
                    Add(Path.Combine(dir, "config", "_default", name + ext), "module.", found);
                }
            }

            foreach (string ext in Extensions)
            {
                // config/_default/module.toml holds the module section's keys at its top level.
                Add(Path.Combine(dir, "config", "_default", "module" + ext), string.Empty, found);
            }
        }

        private static void Add(string file, string prefix, List<HugoRequirement> found)
        {
            if (!File.Exists(file))
            {
                return;
            }

            string text = SafeRead(file);
            List<KeyValuePair<string, string>> values = file.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? TomlValues(text)
                : file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonValues(text)
                : YamlValues(text);
            var requirement = new HugoRequirement { File = file, Key = prefix + "hugoVersion" };
            bool any = false;
            foreach (KeyValuePair<string, string> pair in values)
            {
                if (string.Equals(pair.Key, prefix + "hugoVersion.min", StringComparison.OrdinalIgnoreCase) && HugoVersionNumber.TryParse(pair.Value, out HugoVersionNumber min))
                {
                    requirement.Minimum = min;
                    any = true;
                }
                else if (string.Equals(pair.Key, prefix + "hugoVersion.extended", StringComparison.OrdinalIgnoreCase) && string.Equals(pair.Value, "true", StringComparison.OrdinalIgnoreCase))
                {
                    requirement.Extended = true;
                    any = true;
                }
            }

            if (any)
            {
                found.Add(requirement);
            }
        }

        private static string SafeRead(string file)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return string.Empty;
            }
        }

        /// <summary>Dotted key to scalar value for a TOML text: [table] headers, dotted keys, one level of inline tables.</summary>
        private static List<KeyValuePair<string, string>> TomlValues(string text)
        {
            var values = new List<KeyValuePair<string, string>>();
            string table = string.Empty;
            foreach (string raw in text.Split('\n'))
            {
                string line = StripComment(raw).Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith("[", StringComparison.Ordinal))
                {
                    string header = line.Trim('[', ']').Trim();
                    table = Unquote(header.Replace(" ", string.Empty));
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq > 0)
                {
                    string key = Join(table, Unquote(line.Substring(0, eq).Trim().Replace(" ", string.Empty)));
                    AddValue(values, key, line.Substring(eq + 1).Trim(), '=');
                }
            }

            return values;
        }

        /// <summary>Dotted key to scalar value for block-style YAML ("key:" nests by indentation; flow maps one level).</summary>
        private static List<KeyValuePair<string, string>> YamlValues(string text)
        {
            var values = new List<KeyValuePair<string, string>>();
            var stack = new List<KeyValuePair<int, string>>();
            foreach (string raw in text.Split('\n'))
            {
                string noComment = StripComment(raw).TrimEnd('\r', ' ', '\t');
                string line = noComment.TrimStart();
                if (line.Length == 0 || line.StartsWith("-", StringComparison.Ordinal) || line == "---")
                {
                    continue;
                }

                int indent = noComment.Length - line.Length;
                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                while (stack.Count > 0 && stack[stack.Count - 1].Key >= indent)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                string name = Unquote(line.Substring(0, colon).Trim());
                string parent = stack.Count > 0 ? stack[stack.Count - 1].Value : string.Empty;
                string key = Join(parent, name);
                string value = line.Substring(colon + 1).Trim();
                if (value.Length == 0)
                {
                    stack.Add(new KeyValuePair<int, string>(indent, key));
                }
                else
                {
                    AddValue(values, key, value, ':');
                }
            }

            return values;
        }

        /// <summary>A scalar under <paramref name="key"/>, or each pair of a one-level inline table ("{ min = '0.1' }" in TOML, "{ min: 0.1 }" in YAML).</summary>
        private static void AddValue(List<KeyValuePair<string, string>> values, string key, string value, char separator)
        {
            if (!value.StartsWith("{", StringComparison.Ordinal) || !value.EndsWith("}", StringComparison.Ordinal))
            {
                values.Add(new KeyValuePair<string, string>(key, Unquote(value)));
                return;
            }

            foreach (string part in value.Substring(1, value.Length - 2).Split(','))
            {
                int at = part.IndexOf(separator);
                if (at > 0)
                {
                    values.Add(new KeyValuePair<string, string>(Join(key, Unquote(part.Substring(0, at).Trim())), Unquote(part.Substring(at + 1).Trim())));
                }
            }
        }

        private static List<KeyValuePair<string, string>> JsonValues(string text)
        {
            var list = new List<KeyValuePair<string, string>>();
            try
            {
                using JsonDocument doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                Flatten(doc.RootElement, string.Empty, list, 0);
            }
            catch (JsonException)
            {
            }

            return list;
        }

        private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> list, int depth)
        {
            if (element.ValueKind != JsonValueKind.Object || depth > 4)
            {
                return;
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                string key = Join(prefix, property.Name);
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Object:
                        Flatten(property.Value, key, list, depth + 1);
                        break;
                    case JsonValueKind.String:
                        list.Add(new KeyValuePair<string, string>(key, property.Value.GetString() ?? string.Empty));
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                    case JsonValueKind.Number:
                        list.Add(new KeyValuePair<string, string>(key, property.Value.GetRawText()));
                        break;
                }
            }
        }

        private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

        private static string StripComment(string line)
        {
            bool inSingle = false, inDouble = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '"' && !inSingle)
                {
                    inDouble = !inDouble;
                }
                else if (c == '\'' && !inDouble)
                {
                    inSingle = !inSingle;
                }
                else if (c == '#' && !inSingle && !inDouble)
                {
                    return line.Substring(0, i);
                }
            }

            return line;
        }

        private static string Unquote(string value)
        {
            string v = value.Trim();
            if (v.Length >= 2 && ((v[0] == '"' && v[v.Length - 1] == '"') || (v[0] == '\'' && v[v.Length - 1] == '\'')))
            {
                return v.Substring(1, v.Length - 2);
            }

            return v;
        }
    }
}
