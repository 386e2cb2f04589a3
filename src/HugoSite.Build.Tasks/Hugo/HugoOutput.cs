using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>A problem Hugo reported, with the file and position when Hugo named them.</summary>
    public sealed class HugoDiagnostic
    {
        public HugoDiagnostic(bool isError, string message, string? file, int line, int column)
        {
            IsError = isError;
            Message = message;
            File = file;
            Line = line;
            Column = column;
        }

        public bool IsError { get; }

        public string Message { get; }

        public string? File { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// Reads what Hugo prints: the version line, the statistics table (by row name, since rows differ
    /// between versions), "Total in N ms", and error and warning lines with their positions.
    /// </summary>
    public static class HugoOutput
    {
        // The version, the total and the table rows are read by hand (every build reads them, and a pattern costs a fresh
        // build process its construction and compilation); Hugo's problem lines by patterns built on first use only (a
        // holder class with a static constructor, so the runtime may not build them early), when a line can be one.
        private static class DiagnosticPatterns
        {
            // "path/file.md:12:3": message  — Hugo quotes the position before the message.
            internal static readonly Regex Position = new Regex("\"(?<file>(?:[A-Za-z]:)?[^\":]+):(?<line>\\d+)(?::(?<col>\\d+))?\"", RegexOptions.CultureInvariant);
            internal static readonly Regex ErrorPrefix = new Regex(@"^(?:ERROR|Error:)\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$", RegexOptions.CultureInvariant);
            internal static readonly Regex WarnPrefix = new Regex(@"^WARN\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$", RegexOptions.CultureInvariant);

            static DiagnosticPatterns()
            {
            }
        }

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

        /// <summary>
        /// The first version number "N.N" or "N.N.N" that starts a word, optionally after a "v" ("v0.111.3+extended" gives
        /// "0.111.3"); null when there is none. Digits are Unicode decimal digits; a word starts where a word character
        /// (a letter, non-spacing mark, decimal digit, connector or zero-width (non-)joiner, as a regular expression's
        /// '\b' counts them) follows a non-word character or the start.
        /// </summary>
        internal static string? FindVersion(string text)
        {
            for (int p = 0; p < text.Length; p++)
            {
                if (IsWordChar(text, p - 1) == IsWordChar(text, p))
                {
                    continue;
                }

                int start = text[p] == 'v' ? p + 1 : p;
                int end = Digits(text, start);
                if (end == start || end >= text.Length || text[end] != '.')
                {
                    continue;
                }

                int minor = Digits(text, end + 1);
                if (minor == end + 1)
                {
                    continue;
                }

                if (minor < text.Length && text[minor] == '.')
                {
                    int patch = Digits(text, minor + 1);
                    if (patch > minor + 1)
                    {
                        minor = patch;
                    }
                }

                return text.Substring(start, minor - start);
            }

            return null;
        }

        /// <summary>
        /// The number of a line that is, apart from white space around it, "Total in N ms" or "Total in N.N ms" (the space
        /// before "ms" optional); null for any other line.
        /// </summary>
        internal static string? TotalNumber(string line)
        {
            const string Prefix = "Total in ";
            int i = SkipSpace(line, 0);
            if (string.CompareOrdinal(line, i, Prefix, 0, Prefix.Length) != 0)
            {
                return null;
            }

            int start = i + Prefix.Length;
            int end = Digits(line, start);
            if (end == start)
            {
                return null;
            }

            if (end < line.Length && line[end] == '.' && Digits(line, end + 1) > end + 1)
            {
                end = Digits(line, end + 1);
            }

            int unit = end < line.Length && line[end] == ' ' ? end + 1 : end;
            if (string.CompareOrdinal(line, unit, "ms", 0, 2) != 0 || unit + 2 > line.Length)
            {
                return null;
            }

            return SkipSpace(line, unit + 2) == line.Length ? line.Substring(start, end - start) : null;
        }

        /// <summary>
        /// A statistics row, "  Pages            | 16 ": a name that starts with an ASCII letter and goes on with ASCII letters,
        /// spaces and dashes up to the first "|" that is followed by a number (the shortest such name; white space before
        /// the "|" is not part of it), and that number.
        /// </summary>
        internal static bool TryStatRow(string line, out string name, out string count)
        {
            name = count = string.Empty;
            int start = SkipSpace(line, 0);
            if (start >= line.Length || !IsAsciiLetter(line[start]))
            {
                return false;
            }

            for (int end = start + 1; end <= line.Length; end++)
            {
                int bar = SkipSpace(line, end);
                if (bar < line.Length && line[bar] == '|')
                {
                    int digits = SkipSpace(line, bar + 1);
                    int last = Digits(line, digits);
                    if (last > digits)
                    {
                        name = line.Substring(start, end - start);
                        count = line.Substring(digits, last - digits);
                        return true;
                    }
                }

                if (end == line.Length || !(IsAsciiLetter(line[end]) || line[end] == ' ' || line[end] == '-'))
                {
                    return false;
                }
            }

            return false;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        /// <summary>The index after the Unicode decimal digits that start at <paramref name="i"/>.</summary>
        private static int Digits(string text, int i)
        {
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }

            return i;
        }

        /// <summary>The index after the white space that starts at <paramref name="i"/>.</summary>
        private static int SkipSpace(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i;
        }

        /// <summary>Whether the character at <paramref name="i"/> (none outside the text) is a word character.</summary>
        private static bool IsWordChar(string text, int i)
        {
            if (i < 0 || i >= text.Length)
            {
                return false;
            }

            char c = text[i];
            if (c < 128)
            {
                return (c >= '0' && c <= '9') || IsAsciiLetter(c) || c == '_';
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                    return true;
                default:
                    return c == '\u200D' || c == '\u200C';
            }
        }

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

            // What the prefixes need; ordinary lines never reach the regular expressions.
            if (!trimmed.StartsWith("ERROR", StringComparison.Ordinal) && !trimmed.StartsWith("Error:", StringComparison.Ordinal) &&
                !trimmed.StartsWith("WARN", StringComparison.Ordinal))
            {
                return null;
            }

            bool isError;
            Match match = DiagnosticPatterns.ErrorPrefix.Match(trimmed);
            if (match.Success)
            {
                isError = true;
            }
            else
            {
                match = DiagnosticPatterns.WarnPrefix.Match(trimmed);
                if (!match.Success)
                {
                    return null;
                }

                isError = false;
            }

            string message = match.Groups["msg"].Value.Trim();
            if (message.Length == 0)
            {
                return null;
            }

            Match position = DiagnosticPatterns.Position.Match(message);
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
