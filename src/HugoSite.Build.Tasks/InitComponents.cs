using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HugoSite.Build.Tasks.Compat;
using HugoSite.Build.Tasks.Components;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Task = Microsoft.Build.Utilities.Task;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The components phase: overlays every component's files/ folder onto the work folder in dependency order, then
    /// runs each component's init command through the platform shell, at most <see cref="MaxParallelJobs"/> at once,
    /// in dependency order. Each component's output is logged as one block under its name when it finishes.
    /// </summary>
    public sealed class InitComponents : Task, ICancelableTask
    {
        private static readonly string[] MetadataNames =
        {
            "SourceFolder", "Command", "Arguments", "WorkingDirectory", "TimeoutSeconds", "Environment", "DependsOn", "AlwaysRun", "Inputs",
        };

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private int _reported;

        /// <summary>The components; ItemSpec is the name, metadata overrides the folder's component.json.</summary>
        [Required]
        public ITaskItem[] Components { get; set; } = new ITaskItem[0];

        /// <summary>The work folder the site is composed in (HUGO_WORK_DIR, and the default working folder).</summary>
        [Required]
        public string WorkDirectory { get; set; } = string.Empty;

        public string Template { get; set; } = string.Empty;

        public string Theme { get; set; } = string.Empty;

        /// <summary>The site project's folder (HUGO_SITE_DIR); relative SourceFolder values are relative to it.</summary>
        public string SiteDirectory { get; set; } = string.Empty;

        /// <summary>Where a component without SourceFolder metadata is looked for (default: SiteDirectory/components).</summary>
        public string ComponentsDirectory { get; set; } = string.Empty;

        public int MaxParallelJobs { get; set; } = 4;

        /// <summary>False runs one component at a time, in dependency order.</summary>
        public bool Parallel { get; set; } = true;

        /// <summary>True lets the other components finish after one fails (the build still fails).</summary>
        public bool ContinueOnComponentFailure { get; set; }

        /// <summary>Time-out for components that set none; 0 = no time-out.</summary>
        public double DefaultTimeoutSeconds { get; set; }

        /// <summary>
        /// One item per component, in the order given: metadata Result (Succeeded|Failed|TimedOut|Cancelled|NotStarted),
        /// ExitCode (-1 when no exit code), DurationMs, StartOffsetMs (from the start of the task; -1 when not started),
        /// FirstOutputMs (start to first output line; empty when none), AlwaysRun.
        /// </summary>
        [Output]
        public ITaskItem[] Results { get; set; } = new ITaskItem[0];

        /// <summary>Runs the commands; tests put a fake here.</summary>
        internal IProcessRunner Runner { get; set; } = new ShellProcessRunner();

        /// <summary>When set, only these components' commands run; the others' files are still overlaid (the preview re-runs what changed).</summary>
        internal ICollection<string>? RunOnly { get; set; }

        public void Cancel() => _cancellation.Cancel();

        public override bool Execute()
        {
            var clock = Stopwatch.StartNew();
            var runs = new Dictionary<string, ComponentRunResult>(StringComparer.OrdinalIgnoreCase);
            var definitions = new Dictionary<string, ComponentDefinition>(StringComparer.OrdinalIgnoreCase);
            try
            {
                Run(clock, definitions, runs);
            }
            catch (OperationCanceledException)
            {
                LogCancelled(runs.Values);
            }
            finally
            {
                Results = BuildResults(definitions, runs);
            }

            return !Log.HasLoggedErrors && !_cancellation.IsCancellationRequested;
        }

        private void Run(Stopwatch clock, Dictionary<string, ComponentDefinition> definitionsByName, Dictionary<string, ComponentRunResult> runs)
        {
            if (Components.Length == 0)
            {
                Log.LogMessage(MessageImportance.Low, "Components: none listed.");
                return;
            }

            if (MaxParallelJobs < 1)
            {
                LogError(ComponentCodes.InvalidMaxParallelJobs, null,
                    $"MaxParallelJobs is {MaxParallelJobs}; it must be 1 or more. Set HugoMaxParallelJobs to the number of component commands that may run at once (default 4), or HugoParallel=false to run them one at a time.");
                return;
            }

            var diagnostics = new ComponentDiagnostics();
            var resolver = new ComponentResolver(SiteDirectory, ComponentsDirectory, PathCompat.IsWindows, DefaultTimeoutSeconds);
            var definitions = resolver.Resolve(Components.Select(ToComponentItem).ToList(), diagnostics);
            foreach (var definition in definitions)
            {
                definitionsByName[definition.Name] = definition;
            }

            var order = diagnostics.HasErrors ? null : DependencyGraph.Order(definitions, diagnostics);
            string workDirectory = PrepareWorkDirectory(diagnostics);
            if (Report(diagnostics) || order == null)
            {
                return;
            }

            var token = _cancellation.Token;
            var conflicts = new List<OverlayConflict>();
            var plan = ComponentOverlay.Plan(order, conflicts, diagnostics);
            foreach (var conflict in conflicts)
            {
                Log.LogMessage(MessageImportance.Normal,
                    $"Components '{conflict.Loser.Name}' and '{conflict.Winner.Name}' both provide {conflict.RelativePath}; '{conflict.Winner.Name}' comes later in dependency order, so its file is used.");
            }

            if (Report(diagnostics))
            {
                return;
            }

            int written = ComponentOverlay.Apply(plan, workDirectory, diagnostics, token);
            Log.LogMessage(MessageImportance.Low, $"Components: {plan.Count} files overlaid onto {workDirectory} ({written} written, {plan.Count - written} already up to date).");
            var site = new SiteContext
            {
                WorkDirectory = workDirectory,
                Template = Template ?? string.Empty,
                Theme = Theme ?? string.Empty,
                SiteDirectory = string.IsNullOrEmpty(SiteDirectory) ? string.Empty : Path.GetFullPath(SiteDirectory),
                IsWindows = PathCompat.IsWindows,
            };
            var scheduled = ComponentRequests.Build(order, site, diagnostics);
            if (RunOnly != null)
            {
                var only = new HashSet<string>(RunOnly, StringComparer.OrdinalIgnoreCase);
                scheduled = scheduled.Select(s => only.Contains(s.Name) ? s : new ScheduledComponent(s.Definition, null, s.Dependencies)).ToList();
            }
            if (Report(diagnostics))
            {
                return;
            }

            int jobs = !Parallel || scheduled.Count(s => s.Request != null) <= 1 ? 1 : MaxParallelJobs;
            Log.LogMessage(MessageImportance.Normal,
                $"Components: {string.Join(", ", order.Select(c => c.Name))} ({(jobs == 1 ? "one at a time" : "at most " + jobs.ToString(CultureInfo.InvariantCulture) + " at once")}, in dependency order).");
            var scheduler = new ComponentScheduler(Runner)
            {
                MaxParallelJobs = jobs,
                ContinueOnFailure = ContinueOnComponentFailure,
                Clock = clock,
                Started = c => Log.LogMessage(MessageImportance.Low, $"{c.Name}: started: {c.Request!.CommandLine}"),
                Finished = r =>
                {
                    runs[r.Component.Name] = r;
                    LogFinished(r);
                },
            };
            var results = scheduler.Run(scheduled, token);
            foreach (var result in results)
            {
                runs[result.Component.Name] = result;
                if (result.Result == ComponentResultKind.NotStarted)
                {
                    Log.LogMessage(MessageImportance.High, $"{result.Component.Name}: {result.Reason}.");
                }
            }

            if (token.IsCancellationRequested)
            {
                LogCancelled(results);
                return;
            }

            int succeeded = results.Count(r => r.Result == ComponentResultKind.Succeeded);
            Log.LogMessage(MessageImportance.Normal,
                $"Components: {succeeded} of {results.Length} succeeded; phase ran in {clock.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms.");
        }

        private string PrepareWorkDirectory(ComponentDiagnostics diagnostics)
        {
            string full = string.Empty;
            try
            {
                full = Path.GetFullPath(WorkDirectory);
                Directory.CreateDirectory(full);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                diagnostics.Error(ComponentCodes.WorkDirectoryUnusable,
                    $"The work folder '{WorkDirectory}' cannot be used: {ex.Message} Check the path and that the build may write there.");
            }

            return full;
        }

        /// <summary>Logs one finished component: a header, its output lines (stdout normal, stderr high), then its problems.</summary>
        private void LogFinished(ComponentRunResult result)
        {
            string name = result.Component.Name;
            var outcome = result.Outcome;
            if (outcome == null)
            {
                Log.LogMessage(MessageImportance.Low, $"{name}: files only, no command to run.");
                return;
            }

            bool ok = result.Result == ComponentResultKind.Succeeded;
            Log.LogMessage(ok ? MessageImportance.Normal : MessageImportance.High, ComponentReport.Header(result));
            foreach (var line in outcome.Output.Head)
            {
                LogLine(name, line);
            }

            if (outcome.Output.Dropped > 0)
            {
                Log.LogMessage(MessageImportance.Normal, $"[{name}] ... {outcome.Output.Dropped} lines not shown ...");
            }

            foreach (var line in outcome.Output.Tail)
            {
                LogLine(name, line);
            }

            LogAll(ComponentReport.Problems(result, PathCompat.IsWindows));
        }

        private void LogLine(string name, OutputLine line) =>
            Log.LogMessage(line.IsError ? MessageImportance.High : MessageImportance.Normal, "[" + name + "] " + line.Text);

        private void LogCancelled(IEnumerable<ComponentRunResult> results)
        {
            var stopped = results.Where(r => r.Result == ComponentResultKind.Cancelled).Select(r => r.Component.Name).ToList();
            LogWarning(ComponentCodes.Cancelled, null,
                stopped.Count == 0
                    ? "The build was cancelled during the components phase; no component command was left running."
                    : $"The build was cancelled; the process trees of {string.Join(", ", stopped)} were stopped. Build again to run the components.");
        }

        /// <summary>Logs the diagnostics not logged yet; true when any diagnostic so far was an error.</summary>
        private bool Report(ComponentDiagnostics diagnostics)
        {
            var fresh = diagnostics.Items.Skip(_reported).ToList();
            _reported = diagnostics.Items.Count;
            LogAll(fresh);
            return diagnostics.HasErrors;
        }

        private void LogAll(IEnumerable<ComponentDiagnostic> diagnostics)
        {
            foreach (var d in diagnostics)
            {
                if (d.IsError)
                {
                    Log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else
                {
                    Log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
            }
        }

        private void LogError(string code, string? file, string message) =>
            Log.LogError(null, code, null, file, 0, 0, 0, 0, message);

        private void LogWarning(string code, string? file, string message) =>
            Log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);

        internal static ComponentItem ToComponentItem(ITaskItem item)
        {
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in MetadataNames)
            {
                metadata[name] = item.GetMetadata(name);
            }

            return new ComponentItem(item.ItemSpec, metadata);
        }

        private ITaskItem[] BuildResults(Dictionary<string, ComponentDefinition> definitions, Dictionary<string, ComponentRunResult> runs)
        {
            var items = new List<ITaskItem>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var component in Components)
            {
                string name = component.ItemSpec.Trim();
                if (!seen.Add(name))
                {
                    continue;
                }

                runs.TryGetValue(name, out var run);
                definitions.TryGetValue(name, out var definition);
                var item = new TaskItem(name);
                item.SetMetadata("Result", (run?.Result ?? ComponentResultKind.NotStarted).ToString());
                item.SetMetadata("ExitCode", (run?.ExitCode ?? -1).ToString(CultureInfo.InvariantCulture));
                item.SetMetadata("DurationMs", Math.Round(run?.DurationMs ?? 0).ToString("0", CultureInfo.InvariantCulture));
                item.SetMetadata("StartOffsetMs", Math.Round(run?.StartOffsetMs ?? -1).ToString("0", CultureInfo.InvariantCulture));
                item.SetMetadata("FirstOutputMs", run?.FirstOutputMs?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty);
                item.SetMetadata("AlwaysRun", definition?.AlwaysRun == true ? "true" : "false");
                items.Add(item);
            }

            return items.ToArray();
        }
    }
}
