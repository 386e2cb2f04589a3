using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>The words the components phase logs about a finished component: its block header and its problems.</summary>
    internal static class ComponentReport
    {
        /// <summary>The first line of a component's output block.</summary>
        public static string Header(ComponentRunResult result)
        {
            string name = result.Component.Name;
            string duration = result.DurationMs.ToString("0", CultureInfo.InvariantCulture);
            return result.Result switch
            {
                ComponentResultKind.Cancelled => $"{name}: {result.Reason} after {duration} ms; its process tree was stopped.",
                ComponentResultKind.TimedOut => $"{name}: timed out after {duration} ms; its process tree was stopped.",
                ComponentResultKind.Succeeded => $"{name}: finished in {duration} ms (exit code {result.ExitCode}).",
                _ => $"{name}: failed in {duration} ms (exit code {result.ExitCode}).",
            };
        }

        /// <summary>The warnings and errors a finished component raises (none when it succeeded cleanly).</summary>
        public static List<ComponentDiagnostic> Problems(ComponentRunResult result, bool isWindows)
        {
            var problems = new List<ComponentDiagnostic>();
            var outcome = result.Outcome;
            if (outcome == null)
            {
                return problems;
            }

            string name = result.Component.Name;
            string? file = result.Component.Definition.ManifestPath;
            if (outcome.StoppedLeftoverProcesses)
            {
                problems.Add(new ComponentDiagnostic(ComponentCodes.StrayProcesses, false,
                    $"Component '{name}': its command exited, but processes it started kept running with its output open, so " +
                    (outcome.LeftoverOutputAbandoned
                        ? "the build stopped what it could and no longer reads their output; some may still be running."
                        : "they were stopped.") +
                    " Wait for background processes in the init command (for example with 'wait'), or redirect their output.",
                    file));
            }

            string command = " Command: " + (result.Component.Request?.CommandLine ?? string.Empty);
            switch (result.Result)
            {
                case ComponentResultKind.Failed when outcome.End == ProcessEnd.FailedToStart:
                    problems.Add(new ComponentDiagnostic(ComponentCodes.StartFailed, true,
                        $"Component '{name}': its command could not be started: {outcome.StartError} Check that the shell ({(isWindows ? "cmd.exe" : "/bin/sh")}) exists and the working folder is accessible." + command,
                        file));
                    break;
                case ComponentResultKind.Failed:
                    problems.Add(new ComponentDiagnostic(ComponentCodes.CommandFailed, true,
                        $"Component '{name}' failed with exit code {result.ExitCode}.{NotFoundHint(result.ExitCode)}{ErrorTail(outcome)}" + command,
                        file));
                    break;
                case ComponentResultKind.TimedOut:
                    string limit = result.Component.Definition.TimeoutSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                    problems.Add(new ComponentDiagnostic(ComponentCodes.TimedOut, true,
                        $"Component '{name}' did not finish within {limit} s, so its whole process tree (the command and every process it started) was stopped. Find out why it hangs, or raise its TimeoutSeconds.{ErrorTail(outcome)}" + command,
                        file));
                    break;
            }

            return problems;
        }

        private static string NotFoundHint(int exitCode) =>
            exitCode == 127 || exitCode == 9009
                ? " The shell could not find the command: check that the program is installed and on PATH, or that the script exists in the component folder."
                : string.Empty;

        private static string ErrorTail(ProcessOutcome outcome)
        {
            var tail = outcome.Output.ErrorTail;
            return tail.Count == 0
                ? " It wrote nothing to its error output."
                : " Last lines of its error output:" + Environment.NewLine + string.Join(Environment.NewLine, tail.Select(l => "    " + l)) + Environment.NewLine;
        }
    }
}
