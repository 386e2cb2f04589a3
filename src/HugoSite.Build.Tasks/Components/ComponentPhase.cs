using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using HugoSite.Build.Tasks.Compat;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// The components phase: overlays every component's files/ folder onto the work folder in dependency order, then
    /// runs each component's init command through the platform shell, at most <see cref="InitComponents.MaxParallelJobs"/>
    /// at once, in dependency order. Each component's output is logged as one block under its name when it finishes.
    /// </summary>
    internal sealed class ComponentPhase
    {
        private readonly InitComponents _in;
        private readonly TaskLoggingHelper _log;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ComponentDiagnostics _diagnostics = new ComponentDiagnostics();
        private readonly Dictionary<string, ComponentRunResult> _runs = new Dictionary<string, ComponentRunResult>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ComponentDefinition> _definitions = new Dictionary<string, ComponentDefinition>(StringComparer.OrdinalIgnoreCase);
        private int _reported;

        public ComponentPhase(InitComponents inputs, TaskLoggingHelper log)
        {
            _in = inputs;
            _log = log;
        }

        /// <summary>Runs the phase, logging as it goes; returns InitComponents' Results.</summary>
        public ITaskItem[] Run(CancellationToken token)
        {
            try
            {
                RunCore(token);
            }
            catch (OperationCanceledException)
            {
                LogCancelled(_runs.Values);
            }

            return Results();
        }

        private void RunCore(CancellationToken token)
        {
            if (_in.Components.Length == 0)
            {
                _log.LogMessage(MessageImportance.Low, "Components: none listed.");
                return;
            }

            if (_in.MaxParallelJobs < 1)
            {
                _diagnostics.Error(ComponentCodes.InvalidMaxParallelJobs,
                    $"MaxParallelJobs is {_in.MaxParallelJobs}; it must be 1 or more. Set HugoMaxParallelJobs to the number of component commands that may run at once (default 4), or HugoParallel=false to run them one at a time.");
                Report();
                return;
            }

            var order = ResolveInOrder(_in, _diagnostics, out var definitions);
            foreach (var definition in definitions)
            {
                _definitions[definition.Name] = definition;
            }

            string workDirectory = PrepareWorkDirectory();
            if (Report() || order == null)
            {
                return;
            }

            var conflicts = new List<OverlayConflict>();
            var plan = ComponentOverlay.Plan(order, conflicts, _diagnostics);
            foreach (var conflict in conflicts)
            {
                _log.LogMessage(MessageImportance.Normal,
                    $"Components '{conflict.Loser.Name}' and '{conflict.Winner.Name}' both provide {conflict.RelativePath}; '{conflict.Winner.Name}' comes later in dependency order, so its file is used.");
            }

            if (Report())
            {
                return;
            }

            int written = ComponentOverlay.Apply(plan, workDirectory, _diagnostics, token);
            _log.LogMessage(MessageImportance.Low, $"Components: {plan.Count} files overlaid onto {workDirectory} ({written} written, {plan.Count - written} already up to date).");
            var site = new SiteContext
            {
                WorkDirectory = workDirectory,
                Template = _in.Template ?? string.Empty,
                Theme = _in.Theme ?? string.Empty,
                SiteDirectory = string.IsNullOrEmpty(_in.SiteDirectory) ? string.Empty : Path.GetFullPath(_in.SiteDirectory),
            };
            var scheduled = ComponentRequests.Build(order, site, _diagnostics);
            if (_in.RunOnly != null)
            {
                var only = new HashSet<string>(_in.RunOnly, StringComparer.OrdinalIgnoreCase);
                scheduled = scheduled.Select(s => only.Contains(s.Name) ? s : s with { Request = null }).ToList();
            }

            if (Report())
            {
                return;
            }

            int jobs = !_in.Parallel || scheduled.Count(s => s.Request != null) <= 1 ? 1 : _in.MaxParallelJobs;
            _log.LogMessage(MessageImportance.Normal,
                $"Components: {string.Join(", ", order.Select(c => c.Name))} ({(jobs == 1 ? "one at a time" : "at most " + jobs.ToString(CultureInfo.InvariantCulture) + " at once")}, in dependency order).");
            var scheduler = new ComponentScheduler(new ShellProcessRunner())
            {
                MaxParallelJobs = jobs,
                ContinueOnFailure = _in.ContinueOnComponentFailure,
                Clock = _clock,
                Started = c => _log.LogMessage(MessageImportance.Low, $"{c.Name}: started: {c.Request!.CommandLine}"),
                Finished = Finished,
            };
            var results = scheduler.Run(scheduled, token);
            foreach (var result in results)
            {
                _runs[result.Component.Name] = result;
                if (result.Result == ComponentResultKind.NotStarted)
                {
                    _log.LogMessage(MessageImportance.High, $"{result.Component.Name}: {result.Reason}.");
                }
            }

            if (token.IsCancellationRequested)
            {
                LogCancelled(results);
                return;
            }

            int succeeded = results.Count(r => r.Result == ComponentResultKind.Succeeded);
            _log.LogMessage(MessageImportance.Normal,
                $"Components: {succeeded} of {results.Length} succeeded; phase ran in {_clock.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms.");
        }

        /// <summary>
        /// The listed components resolved (<paramref name="definitions"/>, in the order given) and put in dependency
        /// order; null when any of them is in error (reported to <paramref name="diagnostics"/>).
        /// </summary>
        internal static List<ComponentDefinition>? ResolveInOrder(InitComponents inputs, ComponentDiagnostics diagnostics, out List<ComponentDefinition> definitions)
        {
            var resolver = new ComponentResolver(inputs.SiteDirectory, inputs.ComponentsDirectory, PathCompat.IsWindows, inputs.DefaultTimeoutSeconds);
            definitions = resolver.Resolve(inputs.Components, diagnostics);
            return diagnostics.HasErrors ? null : DependencyGraph.Order(definitions, diagnostics);
        }

        /// <summary>Logs each diagnostic as an MSBuild error or warning with its code and position.</summary>
        internal static void Log(TaskLoggingHelper log, IEnumerable<ComponentDiagnostic> diagnostics)
        {
            foreach (var d in diagnostics)
            {
                if (d.IsError)
                {
                    log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
                else
                {
                    log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                }
            }
        }

        private string PrepareWorkDirectory()
        {
            try
            {
                string full = Path.GetFullPath(_in.WorkDirectory);
                Directory.CreateDirectory(full);
                return full;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                _diagnostics.Error(ComponentCodes.WorkDirectoryUnusable,
                    $"The work folder '{_in.WorkDirectory}' cannot be used: {ex.Message} Check the path and that the build may write there.");
                return string.Empty;
            }
        }

        /// <summary>Keeps and logs one finished component: a header, its output lines (stdout normal, stderr high), then its problems.</summary>
        private void Finished(ComponentRunResult result)
        {
            string name = result.Component.Name;
            var output = result.Outcome?.Output;
            if (output == null)
            {
                _log.LogMessage(MessageImportance.Low, $"{name}: files only, no command to run.");
                return;
            }

            bool ok = result.Result == ComponentResultKind.Succeeded;
            _log.LogMessage(ok ? MessageImportance.Normal : MessageImportance.High, ComponentReport.Header(result));
            LogLines(name, output.Head);
            if (output.Dropped > 0)
            {
                _log.LogMessage(MessageImportance.Normal, $"[{name}] ... {output.Dropped} lines not shown ...");
            }

            LogLines(name, output.Tail);
            Log(_log, ComponentReport.Problems(result, PathCompat.IsWindows));
        }

        private void LogLines(string name, IReadOnlyList<OutputLine> lines)
        {
            foreach (var line in lines)
            {
                _log.LogMessage(line.IsError ? MessageImportance.High : MessageImportance.Normal, "[" + name + "] " + line.Text);
            }
        }

        private void LogCancelled(IEnumerable<ComponentRunResult> results)
        {
            var stopped = results.Where(r => r.Result == ComponentResultKind.Cancelled).Select(r => r.Component.Name).ToList();
            _log.LogWarning(null, ComponentCodes.Cancelled, null, null, 0, 0, 0, 0,
                stopped.Count == 0
                    ? "The build was cancelled during the components phase; no component command was left running."
                    : $"The build was cancelled; the process trees of {string.Join(", ", stopped)} were stopped. Build again to run the components.");
        }

        /// <summary>Logs the diagnostics not logged yet; true when any diagnostic so far was an error.</summary>
        private bool Report()
        {
            Log(_log, _diagnostics.Items.Skip(_reported));
            _reported = _diagnostics.Items.Count;
            return _diagnostics.HasErrors;
        }

        private ITaskItem[] Results()
        {
            var items = new List<ITaskItem>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var component in _in.Components)
            {
                string name = component.ItemSpec.Trim();
                if (!seen.Add(name))
                {
                    continue;
                }

                _runs.TryGetValue(name, out var run);
                _definitions.TryGetValue(name, out var definition);
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
