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
        // Each pattern is built on first use only (a holder class per pattern, with a static constructor so that the
        // runtime may not build it early): a fresh build process pays for the version and the two patterns every run
        // needs, and for the diagnostic ones only when Hugo reports a problem.
        private static class VersionPattern
        {
            internal static readonly Regex Regex = new Regex(@"\bv?(\d+\.\d+(?:\.\d+)?)(?:[-+][0-9A-Za-z.+-]*)?", RegexOptions.CultureInvariant);

            static VersionPattern()
            {
            }
        }

        private static class TotalPattern
        {
            internal static readonly Regex Regex = new Regex(@"^\s*Total in (\d+(?:\.\d+)?) ?ms\s*$", RegexOptions.CultureInvariant);

            static TotalPattern()
            {
            }
        }

        private static class StatRowPattern
        {
            internal static readonly Regex Regex = new Regex(@"^\s*([A-Za-z][A-Za-z -]*?)\s*\|\s*(\d+)", RegexOptions.CultureInvariant);

            static StatRowPattern()
            {
            }
        }

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
            Match match = VersionPattern.Regex.Match(index >= 0 ? text.Substring(index) : text);
            return match.Success ? match.Groups[1].Value : null;
        }

        /// <summary>Hugo's own "Total in N ms", or null.</summary>
        public static double? ParseTotalMilliseconds(IEnumerable<string> lines)
        {
            double? total = null;
            foreach (string line in lines)
            {
                // The literal the pattern needs; most lines lack it and never reach the regular expression.
                if (line.IndexOf("Total in ", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                Match match = TotalPattern.Regex.Match(line);
                if (match.Success)
                {
                    total = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
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
                if (line.IndexOf('|') < 0)
                {
                    continue;
                }

                Match match = StatRowPattern.Regex.Match(line);
                if (!match.Success)
                {
                    continue;
                }

                string key = ToSnakeCase(match.Groups[1].Value);
                if (key.Length > 0 && long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                {
                    stats[key] = value;
                }
            }

            return stats;
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
