using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using HugoSite.Build.Tasks.Components;
using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Serve;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// The live preview: runs `hugo server` on the preview's own work folder (already composed by the targets) and
    /// follows every source until MSBuild cancels it (Ctrl+C). Never touches the site output or the history.
    /// </summary>
    public sealed class HugoServe : Task, ICancelableTask
    {
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        /// <summary>The Hugo executable.</summary>
        [Required]
        public string Executable { get; set; } = string.Empty;

        /// <summary>The preview's composed site (obj/hugo/serve/work/).</summary>
        [Required]
        public string WorkDirectory { get; set; } = string.Empty;

        /// <summary>The state file that makes one preview per project (pid and address).</summary>
        [Required]
        public string StateFile { get; set; } = string.Empty;

        /// <summary>The copy phase's sources: item spec the source folder; metadata WorkPath (relative to the work folder) and Exclude.</summary>
        public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Globs relative to the work folder the preview never removes (HugoCopyPreserve).</summary>
        public string? Preserve { get; set; }

        /// <summary>HugoComponent items (SourceFolder set), as for InitComponents.</summary>
        public ITaskItem[] Components { get; set; } = Array.Empty<ITaskItem>();

        public string Template { get; set; } = string.Empty;

        public string? Theme { get; set; }

        public string SiteDirectory { get; set; } = string.Empty;

        public string ComponentsDirectory { get; set; } = string.Empty;

        public double DefaultTimeoutSeconds { get; set; }

        public int MaxParallelJobs { get; set; } = 4;

        public bool Parallel { get; set; } = true;

        /// <summary>The first port tried (HugoServePort); the next free one is taken when it is busy.</summary>
        public string Port { get; set; } = "1313";

        /// <summary>The address Hugo listens on (HugoServeBind).</summary>
        public string Bind { get; set; } = "127.0.0.1";

        /// <summary>More arguments for hugo server (HugoServeArguments).</summary>
        public string? Arguments { get; set; }

        public int RescanIntervalMilliseconds { get; set; } = 2000;

        /// <summary>Only report a preview that already serves this project (before the site is composed for another).</summary>
        public bool CheckOnly { get; set; }

        public int DebounceMilliseconds { get; set; } = 10;

        /// <summary>The site project, named in messages and in errors without a file of their own.</summary>
        public string? ProjectFile { get; set; }

        private string ProjectPath => string.IsNullOrEmpty(ProjectFile) ? BuildEngine?.ProjectFileOfTaskNode ?? string.Empty : ProjectFile!;

        /// <summary>Where the preview served.</summary>
        [Output]
        public string Url { get; private set; } = string.Empty;

        public void Cancel() => _cancel.Cancel();

        public override bool Execute()
        {
            if (CheckOnly)
            {
                var owner = ServeLock.LiveOwner(StateFile, PhysicalCopyFileSystem.ProcessId);
                if (owner != null)
                {
                    ReportHeld(owner);
                    return false;
                }

                return true;
            }

            var settings = ReadSettings();
            if (settings == null)
            {
                return false;
            }

            using (var serveLock = ServeLock.TryAcquire(StateFile, PhysicalCopyFileSystem.ProcessId, out var holder))
            {
                if (serveLock == null)
                {
                    ReportHeld(holder);
                    return false;
                }

                var host = new Host(this, serveLock, settings.Layers);
                using (var session = new ServeSession(settings, host))
                {
                    bool ok = session.Run(_cancel.Token);
                    Url = session.Url;
                    if (_cancel.IsCancellationRequested)
                    {
                        Log.LogMessage(MessageImportance.High, $"Preview stopped{(session.Url.Length == 0 ? string.Empty : " (" + session.Url + ")")}; {session.Passes} change passes. The site output was not touched.");
                    }

                    return ok && !Log.HasLoggedErrors;
                }
            }
        }

        private void ReportHeld(ServeOwner? holder)
        {
            string where = holder == null || holder.Url.Length == 0 ? "(it is still starting)" : "at " + holder.Url;
            Log.LogError(null, ServeCodes.AlreadyServing, null, ProjectPath, 0, 0, 0, 0,
                $"A preview of this project already runs {where} (process {holder?.ProcessId.ToString(CultureInfo.InvariantCulture) ?? "?"}). Open that address, or stop that preview (Ctrl+C) before starting another.");
        }

        private ServeSettings? ReadSettings()
        {
            string project = ProjectPath;
            bool ok = true;
            if (!int.TryParse((Port ?? string.Empty).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                Log.LogError(null, ServeCodes.InvalidPort, null, project, 0, 0, 0, 0,
                    $"HugoServePort is '{Port}'. Set it to a port number from 1 to 65535 (the default is 1313); when that port is busy the next free one is used.");
                ok = false;
            }

            string bind = (Bind ?? string.Empty).Trim();
            if (!IPAddress.TryParse(bind, out _))
            {
                Log.LogError(null, ServeCodes.InvalidBind, null, project, 0, 0, 0, 0,
                    $"HugoServeBind is '{Bind}'. Set it to an IP address to listen on: 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every network interface).");
                ok = false;
            }

            List<string> arguments;
            try
            {
                arguments = CommandLine.Split(Arguments);
            }
            catch (FormatException ex)
            {
                Log.LogError(null, ServeCodes.InvalidArguments, null, project, 0, 0, 0, 0, $"HugoServeArguments cannot be read: {ex.Message} Quote each argument that contains spaces.");
                return null;
            }

            foreach (string owned in new[] { "--port", "-p", "--bind", "--source", "-s", "--renderToDisk", "--destination", "-d" })
            {
                if (arguments.Any(a => a == owned || a.StartsWith(owned + "=", StringComparison.Ordinal)))
                {
                    Log.LogError(null, ServeCodes.InvalidArguments, null, project, 0, 0, 0, 0,
                        $"HugoServeArguments contains '{owned}', which the preview sets itself. Use HugoServePort and HugoServeBind for the address; the preview serves its own work folder from memory and never writes the site output.");
                    ok = false;
                }
            }

            if (!Directory.Exists(WorkDirectory))
            {
                Log.LogError(null, ServeCodes.MissingWorkFolder, null, WorkDirectory, 0, 0, 0, 0,
                    $"The preview's work folder '{WorkDirectory}' does not exist. Start the preview with the HugoServe target (dotnet build -t:HugoServe), which composes the site first.");
                ok = false;
            }

            var problems = new List<string>();
            bool caseSensitive = PathPattern.PlatformCaseSensitive;
            var preserve = PathPattern.ParseList(Preserve, caseSensitive, problems);
            var layers = new List<ServeLayer>();
            foreach (var item in Sources ?? Array.Empty<ITaskItem>())
            {
                var exclude = PathPattern.ParseList(item.GetMetadata("Exclude"), caseSensitive, problems);
                layers.Add(new ServeLayer(item.ItemSpec, item.GetMetadata("WorkPath"), exclude));
            }

            foreach (string problem in problems)
            {
                Log.LogError(null, CopyCodes.InvalidPattern, null, project, 0, 0, 0, 0, $"A preserve or exclude pattern {problem}.");
                ok = false;
            }

            var components = new List<ServeComponent>();
            ok &= ReadComponents(layers, components);
            if (!ok)
            {
                return null;
            }

            return new ServeSettings
            {
                Executable = Executable,
                WorkDirectory = WorkDirectory,
                Layers = layers,
                Preserve = preserve,
                Components = components,
                Bind = bind,
                Port = port,
                Arguments = arguments,
                Theme = Theme,
                RescanIntervalMilliseconds = Math.Max(100, RescanIntervalMilliseconds),
                DebounceMilliseconds = Math.Max(1, DebounceMilliseconds),
                CopyParallelism = Parallel ? 4 : 1,
                SiteName = Path.GetFileNameWithoutExtension(project),
            };
        }

        /// <summary>
        /// The components in dependency order: what reruns each of them, and their files/ folders as the last layers.
        /// Only errors are logged: the components phase resolves them again when it runs, and warns then.
        /// </summary>
        private bool ReadComponents(List<ServeLayer> layers, List<ServeComponent> components)
        {
            if (Components == null || Components.Length == 0)
            {
                return true;
            }

            var diagnostics = new ComponentDiagnostics();
            var order = ComponentPhase.ResolveInOrder(ComponentsPhase(), diagnostics, out _);
            ComponentPhase.Log(Log, diagnostics.Items.Where(d => d.IsError));
            bool ok = !diagnostics.HasErrors;
            foreach (var definition in order ?? new List<ComponentDefinition>())
            {
                var problems = new List<string>();
                var inputs = PathPattern.ParseList(string.Join(";", definition.Inputs), PathPattern.PlatformCaseSensitive, problems);
                foreach (string problem in problems)
                {
                    Log.LogError(null, ServeCodes.InvalidInput, null, definition.ManifestPath ?? ProjectPath, 0, 0, 0, 0,
                        $"Component '{definition.Name}': an input pattern {problem}. Inputs are globs relative to the composed site, such as content/**/*.md.");
                    ok = false;
                }

                components.Add(new ServeComponent(definition.Name, definition.SourceFolder, inputs));
                if (definition.SourceFolder.Length > 0)
                {
                    string files = Path.Combine(definition.SourceFolder, ComponentOverlay.FilesFolder);
                    layers.Add(new ServeLayer(files, string.Empty, Array.Empty<PathPattern>()));
                }
            }

            return ok;
        }

        /// <summary>The components phase as the build runs it, except that one failure does not stop the others.</summary>
        private InitComponents ComponentsPhase() => new InitComponents
        {
            HostObject = HostObject,
            Components = Components,
            WorkDirectory = WorkDirectory,
            Template = Template,
            Theme = Theme ?? string.Empty,
            SiteDirectory = SiteDirectory,
            ComponentsDirectory = ComponentsDirectory,
            DefaultTimeoutSeconds = DefaultTimeoutSeconds,
            MaxParallelJobs = Math.Max(1, MaxParallelJobs),
            Parallel = Parallel,
            ContinueOnComponentFailure = true,
        };

        /// <summary>The session's view of MSBuild: every log call serialised, Hugo's lines turned into coded errors.</summary>
        private sealed class Host : IServeHost, ICopyLog
        {
            private readonly HugoServe _task;
            private readonly ServeLock _lock;
            private readonly WorkFolderMap _map;
            private readonly object _gate = new object();
            private string _lastKey = string.Empty;
            private DateTime _lastAt;

            public Host(HugoServe task, ServeLock serveLock, IReadOnlyList<ServeLayer> layers)
            {
                _task = task;
                _lock = serveLock;
                LogsLowImportance = task.Log.LogsMessagesOfImportance(MessageImportance.Low);

                // The last layer wins where two provide a path, so it is looked at first.
                var parts = layers.Reverse().Select(l => new KeyValuePair<string, string>(l.WorkPath.Length == 0 ? "/" : l.WorkPath, l.SourceFolder));
                _map = new WorkFolderMap(task.WorkDirectory, parts);
            }

            public ICopyLog Log => this;

            public bool LogsLowImportance { get; }

            public void Error(string code, string? file, string message)
            {
                lock (_gate)
                {
                    _task.Log.LogError(null, code, null, file, 0, 0, 0, 0, message);
                }
            }

            public void Warning(string code, string? file, string message)
            {
                lock (_gate)
                {
                    _task.Log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
                }
            }

            public void Message(MessageImportance importance, string message)
            {
                lock (_gate)
                {
                    _task.Log.LogMessage(importance, message);
                }
            }

            public string? HugoLine(string line)
            {
                var diagnostic = HugoOutput.ParseDiagnostic(line);
                if (diagnostic == null)
                {
                    if (line.Trim().Length > 0)
                    {
                        Message(MessageImportance.High, "hugo: " + line);
                    }

                    return null;
                }

                lock (_gate)
                {
                    string file = _map.Map(diagnostic.File) ?? _task.ProjectPath;

                    // Hugo repeats one problem in several lines per rebuild; the position is reported once per rebuild.
                    string key = FormattableString.Invariant($"{diagnostic.IsError}|{file}|{diagnostic.Line}|{diagnostic.Column}");
                    var now = DateTime.UtcNow;
                    if (key == _lastKey && now - _lastAt < TimeSpan.FromSeconds(2))
                    {
                        return null;
                    }

                    _lastKey = key;
                    _lastAt = now;
                    string code = diagnostic.IsError ? ServeCodes.HugoError : ServeCodes.HugoWarning;
                    string message = diagnostic.IsError
                        ? "Hugo: " + diagnostic.Message + " The preview keeps serving and rebuilds when the file is fixed."
                        : "Hugo: " + diagnostic.Message;
                    if (diagnostic.IsError)
                    {
                        _task.Log.LogError(null, code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, message);
                    }
                    else
                    {
                        _task.Log.LogWarning(null, code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, message);
                    }

                    string position = diagnostic.Line > 0 ? FormattableString.Invariant($"({diagnostic.Line},{diagnostic.Column})") : string.Empty;
                    return file + position + ": " + (diagnostic.IsError ? "error " : "warning ") + code + ": " + message;
                }
            }

            public void Serving(string url, bool siteBroken)
            {
                try
                {
                    _lock.SetUrl(url);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    Message(MessageImportance.Low, $"Cannot record the preview's address in '{_task.StateFile}': {ex.Message}");
                }

                string name = Path.GetFileNameWithoutExtension(_task.ProjectPath);
                Message(MessageImportance.High, siteBroken
                    ? $"Preview of {name} at {url} (the site does not build yet: the errors are shown there, and Hugo starts when a source changes). Press Ctrl+C to stop."
                    : $"Preview of {name} at {url} (live reload; drafts, future and expired pages shown). Press Ctrl+C to stop.");
            }

            public IReadOnlyList<ComponentFailure> RunComponents(IReadOnlyCollection<string>? names, CancellationToken cancellationToken)
            {
                var engine = new CapturingBuildEngine(_task.BuildEngine);
                var task = _task.ComponentsPhase();
                task.BuildEngine = engine;
                task.RunOnly = names?.ToList();
                using (cancellationToken.Register(task.Cancel))
                {
                    task.Execute();
                }

                var failures = new List<ComponentFailure>();
                foreach (var result in task.Results)
                {
                    string outcome = result.GetMetadata("Result");
                    if (outcome != "Failed" && outcome != "TimedOut")
                    {
                        continue;
                    }

                    int.TryParse(result.GetMetadata("ExitCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int exitCode);
                    string said = engine.ProblemsAbout(result.ItemSpec);
                    failures.Add(new ComponentFailure(result.ItemSpec, exitCode, said.Length > 0 ? said : $"the component '{result.ItemSpec}' failed; its output is in the build output."));
                }

                return failures;
            }
        }
    }
}
