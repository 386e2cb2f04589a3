using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// What a component folder's component.json says. Every value is optional; null means "not given", so item
    /// metadata and defaults can fill the gaps.
    /// </summary>
    internal sealed class ComponentManifest
    {
        public const string FileName = "component.json";

        public string? Path { get; set; }
        public string? Command { get; set; }
        public string? WindowsCommand { get; set; }
        public string? Arguments { get; set; }
        public string? WorkingDirectory { get; set; }
        public IReadOnlyList<string>? DependsOn { get; set; }
        public double? TimeoutSeconds { get; set; }
        public IReadOnlyList<KeyValuePair<string, string>>? Environment { get; set; }
        public bool? AlwaysRun { get; set; }

        /// <summary>Globs, relative to the composed site, of what the command reads ("content/**/*.md").</summary>
        public IReadOnlyList<string>? Inputs { get; set; }

        public string? Description { get; set; }
    }

    /// <summary>
    /// Reads component.json, for the components phase and for the cache (which needs alwaysRun). Problems become
    /// diagnostics that name the file; reading never throws. A JsonDocument rather than a serializer: every property
    /// is matched without regard to case, takes more than one JSON shape ("dependsOn" a string or a list,
    /// "timeoutSeconds" a number or a string) and has its own code and sentence when it is wrong.
    /// </summary>
    internal sealed class ComponentManifestReader
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        /// <summary>Every property a manifest may have and how it is read, in the order the unknown-property warning lists them.</summary>
        private static readonly (string Name, Action<ComponentManifestReader, ComponentManifest, JsonProperty> Read)[] Properties =
        {
            ("command", (r, m, p) => m.Command = r.String(p)),
            ("windowsCommand", (r, m, p) => m.WindowsCommand = r.String(p)),
            ("arguments", (r, m, p) => m.Arguments = r.String(p)),
            ("workingDirectory", (r, m, p) => m.WorkingDirectory = r.String(p)),
            ("dependsOn", (r, m, p) => m.DependsOn = r.List(p, "component names", "[\"search\"]")),
            ("timeoutSeconds", (r, m, p) => m.TimeoutSeconds = r.Timeout(p)),
            ("environment", (r, m, p) => m.Environment = r.Environment(p)),
            ("alwaysRun", (r, m, p) => m.AlwaysRun = r.Bool(p)),
            ("inputs", (r, m, p) => m.Inputs = r.List(p, "globs relative to the composed site", "[\"content/**/*.md\"]")),
            ("description", (r, m, p) => m.Description = r.String(p)),
        };

        private readonly string _path;
        private readonly string _component;
        private readonly ComponentDiagnostics _diagnostics;

        private ComponentManifestReader(string path, string component, ComponentDiagnostics diagnostics)
        {
            _path = path;
            _component = component;
            _diagnostics = diagnostics;
        }

        /// <summary>
        /// Reads <paramref name="path"/>. Returns null when the file has errors (reported to
        /// <paramref name="diagnostics"/>); an empty manifest when the file does not exist.
        /// </summary>
        public static ComponentManifest? Read(string path, string componentName, ComponentDiagnostics diagnostics)
        {
            if (!File.Exists(path))
            {
                return new ComponentManifest();
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                diagnostics.Error(ComponentCodes.InvalidManifest,
                    $"Component '{componentName}': cannot read {path}: {ex.Message} Check that the file is readable.", path);
                return null;
            }

            return Parse(text, path, componentName, diagnostics);
        }

        public static ComponentManifest? Parse(string text, string path, string componentName, ComponentDiagnostics diagnostics)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, Options);
            }
            catch (JsonException ex)
            {
                int line = (int)(ex.LineNumber ?? -1) + 1;
                int column = (int)(ex.BytePositionInLine ?? -1) + 1;
                diagnostics.Error(ComponentCodes.InvalidManifest,
                    $"Component '{componentName}': {path} is not valid JSON ({FirstSentence(ex.Message)}). Fix the file or remove it; item metadata can describe the component instead.",
                    path, line, column);
                return null;
            }

            using (document)
            {
                var reader = new ComponentManifestReader(path, componentName, diagnostics);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    reader.Invalid("the top level must be a JSON object such as { \"command\": \"sh init.sh\" }");
                    return null;
                }

                var manifest = new ComponentManifest { Path = path };
                int errorsBefore = diagnostics.ErrorCount;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    reader.Read(manifest, property);
                }

                return diagnostics.ErrorCount == errorsBefore ? manifest : null;
            }
        }

        private void Read(ComponentManifest manifest, JsonProperty property)
        {
            foreach (var known in Properties)
            {
                if (string.Equals(known.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                {
                    known.Read(this, manifest, property);
                    return;
                }
            }

            _diagnostics.Warning(ComponentCodes.UnknownManifestProperty,
                $"Component '{_component}': {_path} has a property '{property.Name}' that is not used. Known properties: {string.Join(", ", Array.ConvertAll(Properties, p => p.Name))}.",
                _path);
        }

        private string? String(JsonProperty property)
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    return property.Value.GetString();
                case JsonValueKind.Null:
                    return null;
                default:
                    Invalid($"'{property.Name}' must be a string");
                    return null;
            }
        }

        private IReadOnlyList<string>? List(JsonProperty property, string what, string example)
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    return null;
                case JsonValueKind.String:
                    return ComponentText.SplitList(value.GetString());
                case JsonValueKind.Array:
                    var names = new List<string>();
                    foreach (var entry in value.EnumerateArray())
                    {
                        if (entry.ValueKind != JsonValueKind.String)
                        {
                            Invalid($"'{property.Name}' must be a list of {what} (strings)");
                            return null;
                        }

                        names.AddRange(ComponentText.SplitList(entry.GetString()));
                    }

                    return names;
                default:
                    Invalid($"'{property.Name}' must be a list of {what}, such as {example}");
                    return null;
            }
        }

        private double? Timeout(JsonProperty property)
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            string? text = ScalarText(value);
            if (text != null && ComponentText.TryParseTimeout(text, out double seconds))
            {
                return seconds;
            }

            _diagnostics.Error(ComponentCodes.InvalidTimeout,
                $"Component '{_component}': '{property.Name}' in {_path} is {value.GetRawText()}; it must be a number of seconds, 0 or more (0 = no time-out).",
                _path);
            return null;
        }

        private IReadOnlyList<KeyValuePair<string, string>>? Environment(JsonProperty property)
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                _diagnostics.Error(ComponentCodes.InvalidEnvironment,
                    $"Component '{_component}': '{property.Name}' in {_path} must be an object of names and values, such as {{ \"SEARCH_LANG\": \"en\" }}.",
                    _path);
                return null;
            }

            var variables = new List<KeyValuePair<string, string>>();
            foreach (var variable in value.EnumerateObject())
            {
                string? text = ScalarText(variable.Value);
                if (text == null || !ComponentText.IsValidVariableName(variable.Name))
                {
                    _diagnostics.Error(ComponentCodes.InvalidEnvironment,
                        $"Component '{_component}': environment variable '{variable.Name}' in {_path} needs a name without '=' and a string, number or boolean value.",
                        _path);
                    return null;
                }

                variables.Add(new KeyValuePair<string, string>(variable.Name, text));
            }

            return variables;
        }

        private bool? Bool(JsonProperty property)
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (ComponentText.TryParseBool(ScalarText(value), out bool parsed))
            {
                return parsed;
            }

            _diagnostics.Error(ComponentCodes.InvalidAlwaysRun,
                $"Component '{_component}': '{property.Name}' in {_path} is {value.GetRawText()}; it must be true or false.", _path);
            return null;
        }

        /// <summary>A string, number or boolean as the text item metadata would give for it; null for anything else.</summary>
        private static string? ScalarText(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };

        private void Invalid(string what) =>
            _diagnostics.Error(ComponentCodes.InvalidManifest, $"Component '{_component}': {_path} is not a valid manifest: {what}.", _path);

        private static string FirstSentence(string message)
        {
            int end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).TrimEnd('.');
        }
    }

    /// <summary>Parsing shared by manifest values and item metadata, so both accept the same text.</summary>
    internal static class ComponentText
    {
        private static readonly char[] ListSeparators = { ';', ',' };

        public static IReadOnlyList<string> SplitList(string? text)
        {
            var items = new List<string>();
            foreach (string part in (text ?? string.Empty).Split(ListSeparators))
            {
                string trimmed = part.Trim();
                if (trimmed.Length > 0)
                {
                    items.Add(trimmed);
                }
            }

            return items;
        }

        public static bool TryParseTimeout(string text, out double seconds)
        {
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
                   && seconds >= 0 && !double.IsInfinity(seconds) && !double.IsNaN(seconds);
        }

        public static bool TryParseBool(string? text, out bool value)
        {
            string trimmed = text?.Trim() ?? string.Empty;
            value = string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase);
            return value || string.Equals(trimmed, "false", StringComparison.OrdinalIgnoreCase);
        }

        public static bool IsValidVariableName(string name) =>
            name.Length > 0 && name.IndexOf('=') < 0 && name.IndexOf('\0') < 0 && name.Trim().Length == name.Length;

        /// <summary>Parses "NAME=VALUE;NAME2=VALUE2". Returns false and the bad entry when one has no name.</summary>
        public static bool TryParseEnvironment(string text, out List<KeyValuePair<string, string>> variables, out string badEntry)
        {
            variables = new List<KeyValuePair<string, string>>();
            badEntry = string.Empty;
            foreach (string entry in text.Split(';'))
            {
                if (entry.Trim().Length == 0)
                {
                    continue;
                }

                int equals = entry.IndexOf('=');
                string variable = equals > 0 ? entry.Substring(0, equals).Trim() : string.Empty;
                if (!IsValidVariableName(variable))
                {
                    badEntry = entry;
                    return false;
                }

                variables.Add(new KeyValuePair<string, string>(variable, entry.Substring(equals + 1)));
            }

            return true;
        }
    }
}
