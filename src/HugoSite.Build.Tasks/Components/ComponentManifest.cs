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
    internal static class ComponentManifestReader
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

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
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    Invalid(diagnostics, path, componentName, "the top level must be a JSON object such as { \"command\": \"sh init.sh\" }");
                    return null;
                }

                var manifest = new ComponentManifest { Path = path };
                int errorsBefore = CountErrors(diagnostics);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    ReadProperty(manifest, property, path, componentName, diagnostics);
                }

                return CountErrors(diagnostics) == errorsBefore ? manifest : null;
            }
        }

        private static void ReadProperty(ComponentManifest manifest, JsonProperty property, string path, string name, ComponentDiagnostics diagnostics)
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "command":
                    manifest.Command = ReadString(value, property.Name, path, name, diagnostics);
                    break;
                case "windowscommand":
                    manifest.WindowsCommand = ReadString(value, property.Name, path, name, diagnostics);
                    break;
                case "arguments":
                    manifest.Arguments = ReadString(value, property.Name, path, name, diagnostics);
                    break;
                case "workingdirectory":
                    manifest.WorkingDirectory = ReadString(value, property.Name, path, name, diagnostics);
                    break;
                case "description":
                    manifest.Description = ReadString(value, property.Name, path, name, diagnostics);
                    break;
                case "dependson":
                    manifest.DependsOn = ReadNames(value, property.Name, path, name, diagnostics, "component names", "[\"search\"]");
                    break;
                case "timeoutseconds":
                    manifest.TimeoutSeconds = ReadTimeout(value, property.Name, path, name, diagnostics);
                    break;
                case "environment":
                    manifest.Environment = ReadEnvironment(value, property.Name, path, name, diagnostics);
                    break;
                case "alwaysrun":
                    manifest.AlwaysRun = ReadBool(value, property.Name, path, name, diagnostics);
                    break;
                case "inputs":
                    manifest.Inputs = ReadNames(value, property.Name, path, name, diagnostics, "globs relative to the composed site", "[\"content/**/*.md\"]");
                    break;
                default:
                    diagnostics.Warning(ComponentCodes.UnknownManifestProperty,
                        $"Component '{name}': {path} has a property '{property.Name}' that is not used. Known properties: command, windowsCommand, arguments, workingDirectory, dependsOn, timeoutSeconds, environment, alwaysRun, inputs, description.",
                        path);
                    break;
            }
        }

        private static string? ReadString(JsonElement value, string property, string path, string name, ComponentDiagnostics diagnostics)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            Invalid(diagnostics, path, name, $"'{property}' must be a string");
            return null;
        }

        private static IReadOnlyList<string>? ReadNames(JsonElement value, string property, string path, string name, ComponentDiagnostics diagnostics, string what, string example)
        {
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
                            Invalid(diagnostics, path, name, $"'{property}' must be a list of {what} (strings)");
                            return null;
                        }

                        names.AddRange(ComponentText.SplitList(entry.GetString()));
                    }

                    return names;
                default:
                    Invalid(diagnostics, path, name, $"'{property}' must be a list of {what}, such as {example}");
                    return null;
            }
        }

        private static double? ReadTimeout(JsonElement value, string property, string path, string name, ComponentDiagnostics diagnostics)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            string? text = value.ValueKind == JsonValueKind.Number ? value.GetRawText()
                : value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (text != null && ComponentText.TryParseTimeout(text, out double seconds))
            {
                return seconds;
            }

            diagnostics.Error(ComponentCodes.InvalidTimeout,
                $"Component '{name}': '{property}' in {path} is {value.GetRawText()}; it must be a number of seconds, 0 or more (0 = no time-out).",
                path);
            return null;
        }

        private static IReadOnlyList<KeyValuePair<string, string>>? ReadEnvironment(JsonElement value, string property, string path, string name, ComponentDiagnostics diagnostics)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Error(ComponentCodes.InvalidEnvironment,
                    $"Component '{name}': '{property}' in {path} must be an object of names and values, such as {{ \"SEARCH_LANG\": \"en\" }}.",
                    path);
                return null;
            }

            var variables = new List<KeyValuePair<string, string>>();
            foreach (var variable in value.EnumerateObject())
            {
                string? text;
                switch (variable.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        text = variable.Value.GetString();
                        break;
                    case JsonValueKind.Number:
                        text = variable.Value.GetRawText();
                        break;
                    case JsonValueKind.True:
                        text = "true";
                        break;
                    case JsonValueKind.False:
                        text = "false";
                        break;
                    default:
                        text = null;
                        break;
                }

                if (text == null || !ComponentText.IsValidVariableName(variable.Name))
                {
                    diagnostics.Error(ComponentCodes.InvalidEnvironment,
                        $"Component '{name}': environment variable '{variable.Name}' in {path} needs a name without '=' and a string, number or boolean value.",
                        path);
                    return null;
                }

                variables.Add(new KeyValuePair<string, string>(variable.Name, text));
            }

            return variables;
        }

        private static bool? ReadBool(JsonElement value, string property, string path, string name, ComponentDiagnostics diagnostics)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.Null:
                    return null;
                case JsonValueKind.String when ComponentText.TryParseBool(value.GetString(), out bool parsed):
                    return parsed;
                default:
                    diagnostics.Error(ComponentCodes.InvalidAlwaysRun,
                        $"Component '{name}': '{property}' in {path} is {value.GetRawText()}; it must be true or false.", path);
                    return null;
            }
        }

        private static void Invalid(ComponentDiagnostics diagnostics, string path, string name, string what) =>
            diagnostics.Error(ComponentCodes.InvalidManifest, $"Component '{name}': {path} is not a valid manifest: {what}.", path);

        private static int CountErrors(ComponentDiagnostics diagnostics)
        {
            int count = 0;
            foreach (var d in diagnostics.Items)
            {
                if (d.IsError)
                {
                    count++;
                }
            }

            return count;
        }

        private static string FirstSentence(string message)
        {
            int end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).TrimEnd('.');
        }
    }

    /// <summary>Parsing shared by manifest values and item metadata, so both accept the same text.</summary>
    internal static class ComponentText
    {
        public static IReadOnlyList<string> SplitList(string? text)
        {
            var items = new List<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                return items;
            }

            foreach (string part in text!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
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
            value = false;
            if (string.Equals(text?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                value = true;
                return true;
            }

            return string.Equals(text?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
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
