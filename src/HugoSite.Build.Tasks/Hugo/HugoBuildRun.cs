using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.Compat;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>The command line of one site build: the work folder into the staging folder, and what the project sets.</summary>
    internal static class HugoBuildArguments
    {
        public static List<string> For(string source, string staging, string? theme, string? environment, string? baseUrl, string? extra, bool templateMetrics)
        {
            var arguments = new List<string>
            {
                "--source", Path.GetFullPath(source),
                "--destination", Path.GetFullPath(staging),
                "--cleanDestinationDir",
                "--noBuildLock",
            };
            AddOption(arguments, "--theme", theme);
            AddOption(arguments, "--environment", environment);
            AddOption(arguments, "--baseURL", baseUrl);
            arguments.AddRange(CommandLine.Split(extra));
            if (templateMetrics)
            {
                arguments.AddRange(TemplateMetricsTable.Arguments);
            }

            return arguments;
        }

        private static void AddOption(List<string> arguments, string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                arguments.Add(name);
                arguments.Add(value!.Trim());
            }
        }
    }

    /// <summary>
    /// Maps a file of the composed work folder back to the user's own file: each part of the work folder ("content",
    /// "themes/compose", "" for the template) came from a source folder, and the longest part that holds the file wins.
    /// </summary>
    internal sealed class WorkFolderMap
    {
        private readonly string _workDirectory;
        private readonly List<KeyValuePair<string, string>> _parts;

        /// <param name="parts">Folder relative to the work folder, and the user's folder it was composed from.</param>
        public WorkFolderMap(string workDirectory, IEnumerable<KeyValuePair<string, string>> parts)
        {
            _workDirectory = workDirectory;
            _parts = new List<KeyValuePair<string, string>>(parts);
        }

        public string WorkDirectory => _workDirectory;

        /// <summary>The user's file for <paramref name="workFile"/> (relative to the work folder or full); the full path when no part holds it.</summary>
        public string? Map(string? workFile)
        {
            if (string.IsNullOrEmpty(workFile))
            {
                return null;
            }

            string full = Path.GetFullPath(Path.IsPathRooted(workFile) ? workFile! : Path.Combine(_workDirectory, workFile!));
            string relative = PathCompat.GetRelativePath(_workDirectory, full).Replace('\\', '/');
            if (relative.StartsWith("..", StringComparison.Ordinal))
            {
                return full;
            }

            // The longest matching prefix wins: "themes/compose/layouts/x.html" maps to the theme, not the template.
            int bestLength = -1;
            foreach (var part in _parts)
            {
                string prefix = part.Key.Replace('\\', '/').Trim('/');
                bool matches = prefix.Length == 0 || relative.Equals(prefix, StringComparison.Ordinal) || relative.StartsWith(prefix + "/", StringComparison.Ordinal);
                if (matches && prefix.Length > bestLength)
                {
                    string candidate = Path.Combine(part.Value, prefix.Length == 0 ? relative : relative.Substring(Math.Min(relative.Length, prefix.Length + 1)));
                    if (File.Exists(candidate))
                    {
                        bestLength = prefix.Length;
                        full = candidate;
                    }
                }
            }

            return full;
        }
    }

    /// <summary>
    /// What one site build by Hugo tells the user: each problem Hugo printed as an error or warning at the user's own
    /// file, every other line as a low-importance message, and an error for a run that was cancelled, timed out or
    /// failed without printing one.
    /// </summary>
    internal static class HugoBuildLog
    {
        /// <summary>Logs what <paramref name="result"/> holds; false when the build failed.</summary>
        /// <param name="project">The project being built: where problems that name no file of the site belong.</param>
        /// <param name="output">The site output, kept when the build fails.</param>
        /// <param name="arguments">HugoArguments, named when Hugo's error names no file.</param>
        public static bool Report(HugoRunResult result, WorkFolderMap map, string project, string output, string? arguments, int timeoutSeconds, TaskLoggingHelper log)
        {
            int errors = 0;
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (string line in result.Lines)
            {
                HugoDiagnostic? diagnostic = HugoOutput.ParseDiagnostic(line);
                if (diagnostic == null)
                {
                    log.LogMessage(MessageImportance.Low, "hugo: {0}", line);
                    continue;
                }

                // Paths in the text are the user's, like the file and line the problem is filed under.
                string? mapped = map.Map(diagnostic.File);
                string file = mapped ?? project;
                string text = HugoOutput.MapPathsInText(HugoOutput.CoreMessage(diagnostic.Message), Path.GetFullPath(map.WorkDirectory), map.Map);
                string key = (diagnostic.IsError ? "E|" : "W|") + file + "|" + diagnostic.Line.ToString(CultureInfo.InvariantCulture) + "|"
                    + diagnostic.Column.ToString(CultureInfo.InvariantCulture) + "|" + text;
                errors += diagnostic.IsError ? 1 : 0;
                if (!reported.Add(key))
                {
                    // Hugo prints an error once per page it failed on and once more in its summary: one cause, one error.
                    log.LogMessage(MessageImportance.Low, "hugo (repeated): {0}", line);
                }
                else if (diagnostic.IsError)
                {
                    log.LogError(null, HugoCodes.HugoError, null, file, diagnostic.Line, diagnostic.Column, 0, 0,
                        "Hugo: " + Sentence(text) + (mapped != null
                            ? " Fix it in this file; the previous site in '" + output + "' was kept."
                            : " Hugo named no file, so the cause is in what Hugo was given: the site's configuration, HugoArguments ('" + (arguments ?? string.Empty).Trim()
                              + "'), HugoEnvironment or a HUGO_* environment variable. The previous site in '" + output + "' was kept."));
                }
                else
                {
                    log.LogWarning(null, HugoCodes.HugoWarning, null, file, diagnostic.Line, diagnostic.Column, 0, 0, "Hugo: " + text);
                }
            }

            if (result.Cancelled)
            {
                log.LogError(null, HugoCodes.Cancelled, null, project, 0, 0, 0, 0,
                    "The Hugo run was cancelled; the previous site was kept. Build again to produce the site.");
                return false;
            }

            if (result.TimedOut)
            {
                log.LogError(null, HugoCodes.TimedOut, null, project, 0, 0, 0, 0,
                    "Hugo did not finish within " + timeoutSeconds.ToString(CultureInfo.InvariantCulture) +
                    " seconds and was stopped; the previous site was kept. Raise HugoTimeoutSeconds if the site needs longer.");
                return false;
            }

            if (result.ExitCode != 0 && errors == 0)
            {
                log.LogError(null, HugoCodes.ExitedSilently, null, project, 0, 0, 0, 0,
                    "Hugo failed with exit code " + result.ExitCode.ToString(CultureInfo.InvariantCulture) + "; the previous site was kept. Hugo's last output: " + Tail(result.Lines, 5));
            }

            return result.ExitCode == 0;
        }

        private static string Sentence(string text)
        {
            string trimmed = text.TrimEnd();
            return trimmed.Length == 0 || trimmed.EndsWith(".", StringComparison.Ordinal) ? trimmed : trimmed + ".";
        }

        private static string Tail(List<string> lines, int count)
        {
            int start = Math.Max(0, lines.Count - count);
            return lines.Count == 0 ? "(nothing)" : string.Join(" | ", lines.GetRange(start, lines.Count - start));
        }
    }
}
