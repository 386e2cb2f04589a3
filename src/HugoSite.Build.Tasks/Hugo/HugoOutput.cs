using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>A problem Hugo reported, with the file and position when Hugo named them.</summary>
    public sealed record HugoDiagnostic(bool IsError, string Message, string? File, int Line, int Column);

    /// <summary>
    /// Reads what Hugo prints: the version line, the statistics table (by row name, since rows differ
    /// between versions), "Total in N ms", and error and warning lines with their positions.
    /// </summary>
    public static partial class HugoOutput
    {
        private const string VersionPattern = @"\bv?(\d+\.\d+(?:\.\d+)?)(?:[-+][0-9A-Za-z.+-]*)?";
        private const string TotalPattern = @"^\s*Total in (\d+(?:\.\d+)?) ?ms\s*$";
        private const string StatRowPattern = @"^\s*([A-Za-z][A-Za-z -]*?)\s*\|\s*(\d+)";

        // "path/file.md:12:3": message  — Hugo quotes the position before the message.
        private const string PositionPattern = "\"(?<file>(?:[A-Za-z]:)?[^\":]+):(?<line>\\d+)(?::(?<col>\\d+))?\"";
        private const string ErrorPrefixPattern = @"^(?:ERROR|Error:)\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$";
        private const string WarnPrefixPattern = @"^WARN\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$";

#if NET7_0_OR_GREATER
        [GeneratedRegex(VersionPattern, RegexOptions.CultureInvariant)]
        private static partial Regex VersionRegex();

        [GeneratedRegex(TotalPattern, RegexOptions.CultureInvariant)]
        private static partial Regex TotalRegex();

        [GeneratedRegex(StatRowPattern, RegexOptions.CultureInvariant)]
        private static partial Regex StatRowRegex();

        [GeneratedRegex(PositionPattern, RegexOptions.CultureInvariant)]
        private static partial Regex PositionRegex();

        [GeneratedRegex(ErrorPrefixPattern, RegexOptions.CultureInvariant)]
        private static partial Regex ErrorPrefixRegex();

        [GeneratedRegex(WarnPrefixPattern, RegexOptions.CultureInvariant)]
        private static partial Regex WarnPrefixRegex();
#else
        // Each built on first use, as the generated ones are.
        private static Regex? _version, _total, _statRow, _position, _errorPrefix, _warnPrefix;

        private static Regex VersionRegex() => _version ??= new Regex(VersionPattern, RegexOptions.CultureInvariant);

        private static Regex TotalRegex() => _total ??= new Regex(TotalPattern, RegexOptions.CultureInvariant);

        private static Regex StatRowRegex() => _statRow ??= new Regex(StatRowPattern, RegexOptions.CultureInvariant);

        private static Regex PositionRegex() => _position ??= new Regex(PositionPattern, RegexOptions.CultureInvariant);

        private static Regex ErrorPrefixRegex() => _errorPrefix ??= new Regex(ErrorPrefixPattern, RegexOptions.CultureInvariant);

        private static Regex WarnPrefixRegex() => _warnPrefix ??= new Regex(WarnPrefixPattern, RegexOptions.CultureInvariant);
#endif

        /// <summary>"0.111.3" from "hugo v0.111.3+extended linux/amd64 BuildDate=…"; null when there is none.</summary>
        public static string? ParseVersion(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            int index = text!.IndexOf("hugo", StringComparison.OrdinalIgnoreCase);
            return FindVersion(index >= 0 ? text.Substring(index) : text);
        }

        /// <summary>Hugo's own "Total in N ms", or null.</summary>
        public static double? ParseTotalMilliseconds(IEnumerable<string> lines)
        {
            double? total = null;
            foreach (string line in lines)
            {
                string? number = TotalNumber(line);
                if (number != null)
                {
                    total = double.Parse(number, CultureInfo.InvariantCulture);
                }
            }

            return total;
        }

        /// <summary>The statistics table as snake_case row name to the first language's count.</summary>
        public static Dictionary<string, long> ParseStatistics(IEnumerable<string> lines)
        {
            var stats = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string line in lines)
            {
                if (!TryStatRow(line, out string name, out string count))
                {
                    continue;
                }

                string key = ToSnakeCase(name);
                if (key.Length > 0 && long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                {
                    stats[key] = value;
                }
            }

            return stats;
        }

        /// <summary>The first version number "N.N" or "N.N.N" that starts a word, optionally after a "v"; null when there is none.</summary>
        internal static string? FindVersion(string text) => GroupOrNull(VersionRegex().Match(text));

        /// <summary>The number of a line that is "Total in N ms" (or N.N, the space before "ms" optional); null for any other line.</summary>
        internal static string? TotalNumber(string line) => GroupOrNull(TotalRegex().Match(line));

        /// <summary>A statistics row, "  Pages            | 16 ": its name and its first number.</summary>
        internal static bool TryStatRow(string line, out string name, out string count)
        {
            Match match = StatRowRegex().Match(line);
            name = match.Success ? match.Groups[1].Value : string.Empty;
            count = match.Success ? match.Groups[2].Value : string.Empty;
            return match.Success;
        }

        private static string? GroupOrNull(Match match) => match.Success ? match.Groups[1].Value : null;

        /// <summary>"pages=34;static_files=3", sorted by name, for an MSBuild property.</summary>
        public static string FormatStatistics(IDictionary<string, long> stats)
        {
            var keys = new List<string>(stats.Keys);
            keys.Sort(StringComparer.Ordinal);
            var builder = new StringBuilder();
            foreach (string key in keys)
            {
                if (builder.Length > 0)
                {
                    builder.Append(';');
                }

                builder.Append(key).Append('=').Append(stats[key].ToString(CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        /// <summary>An error or warning from one line of Hugo's output, or null for an ordinary line.</summary>
        public static HugoDiagnostic? ParseDiagnostic(string line)
        {
            string trimmed = line.Trim();

            // Most lines are neither: they do not need the patterns at all.
            if (!trimmed.StartsWith("ERROR", StringComparison.Ordinal) && !trimmed.StartsWith("Error:", StringComparison.Ordinal) &&
                !trimmed.StartsWith("WARN", StringComparison.Ordinal))
            {
                return null;
            }

            Match match = ErrorPrefixRegex().Match(trimmed);
            bool isError = match.Success;
            if (!isError)
            {
                match = WarnPrefixRegex().Match(trimmed);
                if (!match.Success)
                {
                    return null;
                }
            }

            string message = match.Groups["msg"].Value.Trim();
            if (message.Length == 0)
            {
                return null;
            }

            Match position = PositionRegex().Match(message);
            if (!position.Success)
            {
                return new HugoDiagnostic(isError, message, null, 0, 0);
            }

            int lineNumber = int.Parse(position.Groups["line"].Value, CultureInfo.InvariantCulture);
            int column = position.Groups["col"].Success ? int.Parse(position.Groups["col"].Value, CultureInfo.InvariantCulture) : 0;
            return new HugoDiagnostic(isError, message, position.Groups["file"].Value, lineNumber, column);
        }

        /// <summary>
        /// The message without the wrappers Hugo puts around an error it already printed ("Error building site: ",
        /// "failed to render pages: "), so the summary line and the error line it repeats compare equal.
        /// </summary>
        public static string CoreMessage(string message)
        {
            string core = message.Trim();
            bool stripped = true;
            while (stripped)
            {
                stripped = false;
                foreach (string wrapper in Wrappers)
                {
                    if (core.StartsWith(wrapper, StringComparison.OrdinalIgnoreCase))
                    {
                        core = core.Substring(wrapper.Length).TrimStart();
                        stripped = true;
                    }
                }
            }

            return core;
        }

        private static readonly string[] Wrappers = { "Error building site:", "failed to render pages:", "Error:" };

        /// <summary>
        /// Replaces each path under <paramref name="workDirectory"/> in a message by what <paramref name="map"/> makes
        /// of it (the user's own file), keeping what follows the path (":14:21", a quote).
        /// </summary>
        public static string MapPathsInText(string message, string workDirectory, Func<string, string?> map)
        {
            if (string.IsNullOrEmpty(workDirectory))
            {
                return message;
            }

            string root = workDirectory.TrimEnd('/', '\\');
            var pattern = new Regex(Regex.Escape(root) + @"(?:[/\\][^\s""':<>|]*)?", RegexOptions.CultureInvariant | (Compat.PathCompat.IsCaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase));
            return pattern.Replace(message, m =>
            {
                string path = m.Value.TrimEnd('.', ',', ')');
                string rest = m.Value.Substring(path.Length);
                return (map(path) ?? path) + rest;
            });
        }

        private static string ToSnakeCase(string rowName)
        {
            var builder = new StringBuilder(rowName.Length);
            foreach (char c in rowName.Trim())
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
                else if (builder.Length > 0 && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }
            }

            return builder.ToString().TrimEnd('_');
        }
    }
}
