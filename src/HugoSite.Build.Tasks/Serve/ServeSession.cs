using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using HugoSite.Build.Tasks.Copy;
using HugoSite.Build.Tasks.Site;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>A component the preview runs again when its own folder or one of its declared inputs changes.</summary>
    internal sealed class ServeComponent
    {
        public ServeComponent(string name, string folder, IReadOnlyList<PathPattern>? inputs = null)
        {
            Name = name;
            Folder = folder.Length == 0 ? string.Empty : ServeLayer.FullFolder(folder);
            Inputs = inputs ?? Array.Empty<PathPattern>();
        }

        public string Name { get; }

        /// <summary>The component's own folder; empty for one the project describes with item metadata alone (it reruns on its inputs only).</summary>
        public string Folder { get; }

        /// <summary>Globs relative to the composed site of what its command reads ("inputs" in component.json, or Inputs metadata).</summary>
        public IReadOnlyList<PathPattern> Inputs { get; }

        /// <summary>Whether a changed work-relative path (a file, or a folder that was moved or deleted) is or holds one of its inputs.</summary>
        public bool ReadsFrom(string workPath)
        {
            if (Inputs.Count == 0 || workPath.Length == 0)
            {
                return false;
            }

            string[] segments = workPath.Split('/');
            return PathPattern.AnyMatches(Inputs, segments) || PathPattern.AnyCouldMatchBelow(Inputs, segments);
        }
    }

    internal sealed class ServeSettings
    {
        public string Executable { get; set; } = string.Empty;

        public string WorkDirectory { get; set; } = string.Empty;

        public IReadOnlyList<ServeLayer> Layers { get; set; } = Array.Empty<ServeLayer>();

        public IReadOnlyList<PathPattern> Preserve { get; set; } = Array.Empty<PathPattern>();

        public IReadOnlyList<ServeComponent> Components { get; set; } = Array.Empty<ServeComponent>();

        public string Bind { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 1313;

        /// <summary>Arguments after the preview's own (theme, bind, port), from HugoServeArguments.</summary>
        public IReadOnlyList<string> Arguments { get; set; } = Array.Empty<string>();

        public string? Theme { get; set; }

        /// <summary>
        /// The quiet time that ends a burst of events. An editor's save (write, or temporary file and rename) arrives
        /// within a millisecond or two, and Hugo itself picks changes up on a 500 ms tick, so waiting longer only adds
        /// to every edit's latency.
        /// </summary>
        public int DebounceMilliseconds { get; set; } = 10;

        public int RescanIntervalMilliseconds { get; set; } = 2000;

        public int CopyParallelism { get; set; } = 4;

        /// <summary>The site's name on the error page (the project's name).</summary>
        public string SiteName { get; set; } = string.Empty;
    }

    /// <summary>What the session tells the task (which logs it) and asks of it (running component commands).</summary>
    internal interface IServeHost
    {
        ICopyLog Log { get; }

        /// <summary>One line Hugo printed; the MSBuild line it was reported as, when it was an error or a warning.</summary>
        string? HugoLine(string line);

        /// <summary>The preview serves at this address: Hugo, or (<paramref name="siteBroken"/>) the error page until the site builds.</summary>
        void Serving(string url, bool siteBroken);

        /// <summary>Runs the init commands of these components (null: all of them); the ones that failed.</summary>
        IReadOnlyList<ComponentFailure> RunComponents(IReadOnlyCollection<string>? names, CancellationToken cancellationToken);
    }

    /// <summary>
    /// The preview: starts `hugo server` on the preview's work folder, then follows every watched source on one
    /// thread: watcher events are collected, a short quiet period lets a burst settle, the changed paths are
    /// mirrored incrementally, components whose folder changed run again, and a periodic rescan of the sources
    /// catches anything the watchers missed. Edits that arrive during a pass are handled by the next one.
    /// </summary>
    internal sealed class ServeSession : IDisposable
    {
        private const int BurstThreshold = 64;

        /// <summary>How many ports from <see cref="ServeSettings.Port"/> on are tried.</summary>
        private const int PortAttempts = 50;

        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

        private readonly ServeSettings _settings;
        private readonly IServeHost _host;
        private readonly IncrementalMirror _mirror;
        private readonly ConcurrentQueue<string> _events = new ConcurrentQueue<string>();
        private readonly AutoResetEvent _signal = new AutoResetEvent(false);
        private readonly List<FileSystemWatcher> _watchers = new List<FileSystemWatcher>();
        private readonly SourceSnapshot[] _layerSnapshots;
        private readonly SourceSnapshot[] _componentSnapshots;
        private readonly string[] _componentFingerprints;
        private readonly object _serverGate = new object();
        private readonly ComponentErrorTemplates _errorTemplates;
        private readonly List<string> _attemptProblems = new List<string>();
        private List<ComponentFailure> _failures = new List<ComponentFailure>();
        private HugoServerProcess? _server;
        private ErrorPageServer? _errorPage;
        private bool _attemptSiteError;
        private volatile bool _overflow;
        private volatile bool _stopping;

        public ServeSession(ServeSettings settings, IServeHost host)
        {
            _settings = settings;
            _host = host;
            _mirror = new IncrementalMirror(settings.Layers, settings.WorkDirectory, settings.Preserve, host.Log, settings.CopyParallelism);
            _layerSnapshots = new SourceSnapshot[settings.Layers.Count];
            _componentSnapshots = new SourceSnapshot[settings.Components.Count];
            _componentFingerprints = new string[settings.Components.Count];
            _errorTemplates = new ComponentErrorTemplates(_mirror, LayoutsFolder);
        }

        /// <summary>How an attempt to start hugo server ended.</summary>
        internal enum StartResult
        {
            Serving,

            /// <summary>Hugo exited reporting an error in a file of the site: the preview shows it and waits for a fix.</summary>
            SiteBroken,
            Failed,
        }

        /// <summary>The port Hugo serves on (0 before it does).</summary>
        public int Port { get; private set; }

        public string Url { get; private set; } = string.Empty;

        /// <summary>Passes run since the start, and the paths they mirrored.</summary>
        public int Passes { get; private set; }

        /// <summary>Runs until cancelled. False (with an error logged) when Hugo could not be started.</summary>
        public bool Run(CancellationToken cancellationToken)
        {
            using (cancellationToken.Register(Stop))
            {
                Watch();
                if (_settings.Components.Count > 0)
                {
                    _failures = new List<ComponentFailure>(_host.RunComponents(null, cancellationToken));
                }

                var started = StartHugo(cancellationToken, anyPort: true);
                if (started == StartResult.Failed)
                {
                    return cancellationToken.IsCancellationRequested;
                }

                _host.Serving(Url, started == StartResult.SiteBroken);
                Loop(cancellationToken);
                return true;
            }
        }

        /// <summary>Stops Hugo's process tree at once (called from MSBuild's cancellation thread too).</summary>
        public void Stop()
        {
            _stopping = true;
            lock (_serverGate)
            {
                _server?.Stop();
                _errorPage?.Dispose();
            }

            _signal.Set();
        }

        /// <summary>Whether the error page holds the address (Hugo waits for the site to build).</summary>
        internal bool ShowsErrorPage
        {
            get
            {
                lock (_serverGate)
                {
                    return _errorPage != null;
                }
            }
        }

        public void Dispose()
        {
            Stop();
            foreach (var watcher in _watchers)
            {
                watcher.EnableRaisingEvents = false;
                watcher.Dispose();
            }

            lock (_serverGate)
            {
                _server?.Dispose();
                _server = null;
                _errorPage?.Dispose();
                _errorPage = null;
            }

            _signal.Dispose();
        }

        /// <summary>The host for a bind address in a URL: "localhost" for the wildcard addresses, brackets around IPv6.</summary>
        internal static string UrlHost(string bind)
        {
            if (!IPAddress.TryParse(bind, out var address))
            {
                return bind;
            }

            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                return "localhost";
            }

            return address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        }

        /// <summary>Whether nothing listens on the port at that address now.</summary>
        internal static bool IsPortFree(IPAddress address, int port)
        {
            try
            {
                var listener = new TcpListener(address, port);
                listener.ExclusiveAddressUse = true;
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        internal void Watch()
        {
            for (int i = 0; i < _settings.Layers.Count; i++)
            {
                var layer = _settings.Layers[i];
                _layerSnapshots[i] = new SourceSnapshot(layer.SourceFolder, layer.IsExcluded);
            }

            for (int i = 0; i < _settings.Components.Count; i++)
            {
                _componentSnapshots[i] = new SourceSnapshot(_settings.Components[i].Folder, IsVersionControl);
                _componentFingerprints[i] = _componentSnapshots[i].Fingerprint();
            }

            foreach (string root in WatchedRoots().Where(Directory.Exists))
            {
                try
                {
                    var watcher = new FileSystemWatcher(root)
                    {
                        IncludeSubdirectories = true,
                        NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
                        InternalBufferSize = 64 * 1024,
                    };
                    watcher.Changed += (_, e) => Enqueue(e.FullPath);
                    watcher.Created += (_, e) => Enqueue(e.FullPath);
                    watcher.Deleted += (_, e) => Enqueue(e.FullPath);
                    watcher.Renamed += (_, e) =>
                    {
                        Enqueue(e.OldFullPath);
                        Enqueue(e.FullPath);
                    };
                    watcher.Error += (_, e) =>
                    {
                        _overflow = true;
                        _signal.Set();
                    };
                    watcher.EnableRaisingEvents = true;
                    _watchers.Add(watcher);
                }
                catch (Exception ex) when (ex is IOException || ex is ArgumentException || ex is UnauthorizedAccessException || ex is PlatformNotSupportedException)
                {
                    _host.Log.Warning(ServeCodes.CannotWatch, root,
                        $"The preview cannot watch '{root}' ({ex.Message}); changes there are found by the rescan every {_settings.RescanIntervalMilliseconds} ms instead. On Linux, raise fs.inotify.max_user_watches.");
                }
            }
        }

        /// <summary>Every layer's and component's folder, except one inside another: a watcher sees what is below its folder.</summary>
        private List<string> WatchedRoots()
        {
            var roots = _settings.Layers.Select(l => l.SourceFolder).Concat(_settings.Components.Select(c => c.Folder).Where(f => f.Length > 0));
            var chosen = new List<string>();
            foreach (string root in roots.OrderBy(r => r.Length))
            {
                if (!chosen.Exists(c => IsSameOrInside(root, c)))
                {
                    chosen.Add(root);
                }
            }

            return chosen;
        }

        private static bool IsVersionControl(string relative) =>
            relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal);

        private void Enqueue(string fullPath)
        {
            _events.Enqueue(fullPath);
            _signal.Set();
        }

        /// <summary>
        /// Starts Hugo with no failed component's template in the way (Hugo 0.111 does not start on a template that does
        /// not parse), then puts those templates back so Hugo shows the failures on its own error page. When the site
        /// itself does not build, the preview's error page holds the address instead.
        /// </summary>
        private StartResult StartHugo(CancellationToken cancellationToken, bool anyPort)
        {
            _errorTemplates.Hide();
            var result = StartServer(cancellationToken, anyPort);
            if (result == StartResult.Serving)
            {
                _errorTemplates.Update(_settings.Components.Select(c => c.Name), _failures, _host.Log);
            }
            else if (result == StartResult.SiteBroken)
            {
                ShowErrorPage();
            }

            return result;
        }

        private void ShowErrorPage()
        {
            var problems = _failures.Select(f => f.Message).ToList();
            lock (_attemptProblems)
            {
                problems.AddRange(_attemptProblems);
            }

            string html = ErrorPageServer.Render(SiteName(), problems,
                "hugo server cannot start while the site does not build. Fix the file: the preview starts Hugo again when a source changes, and this page reloads by itself.");
            lock (_serverGate)
            {
                if (_stopping)
                {
                    return;
                }

                _errorPage = ErrorPageServer.TryStart(IPAddress.Parse(_settings.Bind), Port, html);
            }

            if (_errorPage == null)
            {
                _host.Log.Message(MessageImportance.High, $"Port {Port} was taken meanwhile; the error page cannot be shown. The preview still starts Hugo when a source changes.");
            }
        }

        private string SiteName() => string.IsNullOrEmpty(_settings.SiteName) ? "The site" : _settings.SiteName;

        /// <summary>After a change while the error page shows: Hugo gets the address back and tries the site again.</summary>
        private void RetryAfterFix(CancellationToken cancellationToken)
        {
            lock (_serverGate)
            {
                _errorPage?.Dispose();
                _errorPage = null;
            }

            if (StartHugo(cancellationToken, anyPort: false) == StartResult.Serving)
            {
                _host.Log.Message(MessageImportance.High, $"The site builds again; Hugo serves the preview at {Url}.");
            }
        }

        private StartResult StartServer(CancellationToken cancellationToken, bool anyPort)
        {
            var address = IPAddress.Parse(_settings.Bind);
            int first = anyPort ? _settings.Port : Port;
            int attempts = anyPort ? PortAttempts : 1;
            for (int n = 0; n < attempts && !cancellationToken.IsCancellationRequested; n++)
            {
                int port = first + n;
                if (port > 65535)
                {
                    break;
                }

                // The preview's own port is tried as it is: Hugo binds with SO_REUSEADDR, and the error page that held
                // it leaves its closed connections in TIME_WAIT, which an exclusive probe would take for a listener.
                if (anyPort && !IsPortFree(address, port))
                {
                    continue;
                }

                var server = Launch(port);
                if (server == null)
                {
                    return StartResult.Failed;
                }

                if (server.WaitUntilServing(StartTimeout, cancellationToken))
                {
                    ServeAt(port);
                    return StartResult.Serving;
                }

                string output = server.EarlyOutput;
                lock (_serverGate)
                {
                    server.Dispose();
                    _server = null;
                }

                if (cancellationToken.IsCancellationRequested || _stopping)
                {
                    return StartResult.Failed;
                }

                if (output.IndexOf("address already in use", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    return NotStarted(port, server.ExitCode, output);
                }
            }

            if (anyPort)
            {
                _host.Log.Error(ServeCodes.NoFreePort, null,
                    $"No free port for the preview at {_settings.Bind} from {_settings.Port} to {Math.Min(65535, _settings.Port + attempts - 1)}. Stop what listens there or set HugoServePort to another port.");
            }

            return StartResult.Failed;
        }

        /// <summary>Starts hugo server on the port with a fresh record of its problems; null when the preview stops.</summary>
        private HugoServerProcess? Launch(int port)
        {
            var arguments = ServerArguments(port);
            _host.Log.Message(MessageImportance.Normal, _settings.Executable + " " + Hugo.CommandLine.Join(arguments));
            lock (_serverGate)
            {
                if (_stopping)
                {
                    return null;
                }

                lock (_attemptProblems)
                {
                    _attemptProblems.Clear();
                    _attemptSiteError = false;
                }

                _server = new HugoServerProcess(_settings.Executable, arguments, _mirror.WorkDirectory, OnLine);
                return _server;
            }
        }

        /// <summary>Hugo exited for another reason than a busy port: the site does not build, or Hugo itself failed.</summary>
        private StartResult NotStarted(int port, int exitCode, string output)
        {
            bool siteError;
            lock (_attemptProblems)
            {
                siteError = _attemptSiteError;
            }

            if (siteError)
            {
                ServeAt(port);
                _host.Log.Warning(ServeCodes.SiteDoesNotBuild, null,
                    $"hugo server cannot start because the site does not build (the errors above). The preview shows them at {Url} and starts Hugo again when a source changes; fix the file and the page reloads by itself.");
                return StartResult.SiteBroken;
            }

            _host.Log.Error(ServeCodes.HugoDidNotStart, _mirror.WorkDirectory,
                $"hugo server did not start (exit code {exitCode}). Fix what Hugo reports above; its first lines were: {Tail(output)}");
            return StartResult.Failed;
        }

        private List<string> ServerArguments(int port)
        {
            var arguments = new List<string> { "server", "--source", _mirror.WorkDirectory, "--bind", _settings.Bind, "--port", port.ToString(CultureInfo.InvariantCulture) };
            if (!string.IsNullOrWhiteSpace(_settings.Theme))
            {
                arguments.Add("--theme");
                arguments.Add(_settings.Theme!.Trim());
            }

            arguments.AddRange(_settings.Arguments);
            return arguments;
        }

        private void ServeAt(int port)
        {
            Port = port;
            Url = "http://" + UrlHost(_settings.Bind) + ":" + port.ToString(CultureInfo.InvariantCulture) + "/";
        }

        private void OnLine(string line)
        {
            // While a port is being tried, its refusal is not the user's problem: the next port is tried.
            if (Port == 0 && line.IndexOf("address already in use", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return;
            }

            if (_stopping)
            {
                return;
            }

            var diagnostic = Hugo.HugoOutput.ParseDiagnostic(line);
            if (ComponentErrorTemplates.IsAbout(line))
            {
                // A failed component's template: the failure was reported by the components phase already.
                if (diagnostic != null && diagnostic.IsError)
                {
                    lock (_attemptProblems)
                    {
                        _attemptSiteError = true;
                    }
                }

                return;
            }

            string? reported = _host.HugoLine(line);
            if (diagnostic != null && diagnostic.IsError)
            {
                lock (_attemptProblems)
                {
                    _attemptProblems.Add(reported ?? diagnostic.Message);
                    _attemptSiteError |= diagnostic.File != null;
                }
            }
        }

        private void Loop(CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var nextRescan = clock.ElapsedMilliseconds + _settings.RescanIntervalMilliseconds;
            long restartAt = -1;
            while (!cancellationToken.IsCancellationRequested && !_stopping)
            {
                long wait = Math.Max(1, Math.Min(250, nextRescan - clock.ElapsedMilliseconds));
                _signal.WaitOne((int)wait);
                if (cancellationToken.IsCancellationRequested || _stopping)
                {
                    break;
                }

                if (!ShowsErrorPage && ServerExited(out int exitCode))
                {
                    if (restartAt < 0)
                    {
                        _host.Log.Warning(ServeCodes.HugoExited, _mirror.WorkDirectory,
                            $"hugo server stopped unexpectedly (exit code {exitCode}); the preview starts it again on port {Port}. If it keeps stopping, fix what Hugo reports above.");
                        restartAt = clock.ElapsedMilliseconds + 1000;
                    }
                    else if (clock.ElapsedMilliseconds >= restartAt)
                    {
                        restartAt = StartHugo(cancellationToken, anyPort: false) == StartResult.Failed ? clock.ElapsedMilliseconds + 5000 : -1;
                    }
                }

                bool rescan = clock.ElapsedMilliseconds >= nextRescan;
                bool changed = false;
                if (!_events.IsEmpty)
                {
                    int count = Settle(cancellationToken);
                    rescan |= count >= BurstThreshold;
                    changed |= Pass(Drain(), cancellationToken);
                }

                if (_overflow)
                {
                    _overflow = false;
                    rescan = true;
                }

                if (rescan)
                {
                    changed |= Rescan(cancellationToken);
                    nextRescan = clock.ElapsedMilliseconds + _settings.RescanIntervalMilliseconds;
                }

                if (changed && ShowsErrorPage && !cancellationToken.IsCancellationRequested)
                {
                    RetryAfterFix(cancellationToken);
                }
            }
        }

        /// <summary>Whether no hugo server runs; its exit code, -1 when unknown.</summary>
        private bool ServerExited(out int exitCode)
        {
            lock (_serverGate)
            {
                bool exited = _server == null || _server.HasExited;
                exitCode = _server?.ExitCode ?? -1;
                return exited;
            }
        }

        /// <summary>Waits until no event arrived for the debounce time (at most half a second); returns how many are queued.</summary>
        private int Settle(CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            int count = _events.Count;
            while (watch.ElapsedMilliseconds < 500 && !cancellationToken.IsCancellationRequested)
            {
                Thread.Sleep(Math.Max(1, _settings.DebounceMilliseconds));
                int now = _events.Count;
                if (now == count)
                {
                    break;
                }

                count = now;
            }

            return count;
        }

        private List<string> Drain()
        {
            var paths = new List<string>();
            while (_events.TryDequeue(out string? path))
            {
                paths.Add(path);
            }

            return paths;
        }

        /// <summary>One pass: the changed source paths mirrored, the components whose folder changed run again.</summary>
        internal bool Pass(IReadOnlyCollection<string> fullPaths, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var workPaths = new HashSet<string>(ServeLayer.PathComparer);
            var refreshed = new HashSet<(SourceSnapshot, string)>();
            var touched = new HashSet<int>();
            foreach (string full in fullPaths)
            {
                for (int i = 0; i < _settings.Layers.Count; i++)
                {
                    var layer = _settings.Layers[i];
                    string? relative = RelativeTo(full, layer.SourceFolder);
                    if (relative == null || relative.Length == 0 || layer.IsExcluded(relative))
                    {
                        continue;
                    }

                    workPaths.Add(layer.ToWork(relative));
                    if (refreshed.Add((_layerSnapshots[i], relative)))
                    {
                        _layerSnapshots[i].Refresh(relative);
                    }
                }

                for (int i = 0; i < _settings.Components.Count; i++)
                {
                    string? relative = _settings.Components[i].Folder.Length == 0 ? null : RelativeTo(full, _settings.Components[i].Folder);
                    if (relative != null && !IsVersionControl(relative))
                    {
                        if (refreshed.Add((_componentSnapshots[i], relative)))
                        {
                            _componentSnapshots[i].Refresh(relative);
                        }

                        touched.Add(i);
                    }
                }
            }

            return Apply(workPaths, touched, watch, cancellationToken);
        }

        /// <summary>Walks every source again and mirrors what differs from the last look (what the watchers missed).</summary>
        internal bool Rescan(CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var workPaths = new HashSet<string>(ServeLayer.PathComparer);
            for (int i = 0; i < _settings.Layers.Count; i++)
            {
                foreach (string relative in _layerSnapshots[i].Rescan())
                {
                    workPaths.Add(_settings.Layers[i].ToWork(relative));
                }
            }

            var touched = new HashSet<int>();
            for (int i = 0; i < _settings.Components.Count; i++)
            {
                if (_componentSnapshots[i].Rescan().Count > 0)
                {
                    touched.Add(i);
                }
            }

            return (workPaths.Count > 0 || touched.Count > 0) && Apply(workPaths, touched, watch, cancellationToken);
        }

        /// <summary>Mirrors the paths and runs the components again; whether anything changed.</summary>
        private bool Apply(HashSet<string> workPaths, HashSet<int> touched, Stopwatch watch, CancellationToken cancellationToken)
        {
            MirrorPass pass;
            try
            {
                pass = _mirror.Sync(workPaths, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            var rerun = new List<string>();
            foreach (int i in touched)
            {
                string fingerprint = _componentSnapshots[i].Fingerprint();
                if (!string.Equals(fingerprint, _componentFingerprints[i], StringComparison.Ordinal))
                {
                    _componentFingerprints[i] = fingerprint;
                    rerun.Add(_settings.Components[i].Name);
                }
            }

            // What the pass changed in the composed site reruns the components that declared it as an input.
            if (pass.Copied + pass.Removed > 0)
            {
                foreach (var component in _settings.Components)
                {
                    if (!rerun.Contains(component.Name) && workPaths.Any(component.ReadsFrom))
                    {
                        rerun.Add(component.Name);
                    }
                }
            }

            if (workPaths.Count == 0 && rerun.Count == 0)
            {
                return false;
            }

            Passes++;
            double mirrored = watch.Elapsed.TotalMilliseconds;
            if (rerun.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                var failures = _host.RunComponents(rerun, cancellationToken);
                _failures.RemoveAll(f => rerun.Exists(name => string.Equals(name, f.Name, StringComparison.OrdinalIgnoreCase)));
                _failures.AddRange(failures);
                if (!ShowsErrorPage)
                {
                    _errorTemplates.Update(rerun, failures, _host.Log);
                }
            }

            string what = workPaths.Count == 1 ? workPaths.First() : workPaths.Count.ToString(CultureInfo.InvariantCulture) + " paths";
            string reran = rerun.Count == 0 ? string.Empty : "; components run again: " + string.Join(", ", rerun);
            _host.Log.Message(MessageImportance.High, FormattableString.Invariant($"Preview: {what} changed: copied {pass.Copied}, removed {pass.Removed} in {mirrored:0.0} ms{reran}."));
            return true;
        }

        /// <summary>
        /// The composed site's layouts folder relative to the work folder, as Hugo mounts it (`layoutDir`, or a module
        /// mount), from `hugo config mounts`; "layouts" when Hugo cannot say or the folder is outside the work folder.
        /// Asked only when a component fails, so a preview without failures starts no extra Hugo.
        /// </summary>
        private string LayoutsFolder()
        {
            const string fallback = "layouts";
            string work = _mirror.WorkDirectory;
            try
            {
                string? mounts = HugoConfigMounts(work);
                var layouts = mounts == null
                    ? null
                    : HugoConfigOutput.ParseMounts(mounts).Where(m => m.IsProject).SelectMany(m => m.Mounts).FirstOrDefault(m => m.Target == "layouts");
                if (layouts != null)
                {
                    string? relative = RelativeTo(Path.GetFullPath(Path.Combine(work, layouts.Source)), work);
                    return string.IsNullOrEmpty(relative) ? fallback : relative!;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.ComponentModel.Win32Exception
                || ex is InvalidOperationException || ex is System.Text.Json.JsonException || ex is ArgumentException)
            {
                _host.Log.Message(MessageImportance.Low, $"Hugo's layouts folder could not be read ({ex.Message}); '{fallback}' is assumed.");
            }

            return fallback;
        }

        /// <summary>What `hugo config mounts` prints about the work folder; null when Hugo fails or takes over 10 seconds.</summary>
        private string? HugoConfigMounts(string work)
        {
            HashSet<string> existed = Hugo.HugoConfigQuestion.FoldersIn(work);
            bool succeeded;
            string output;
            using (var question = new Hugo.HugoConfigQuestion(_settings.Executable, work, mounts: true, string.Empty, (_settings.Theme ?? string.Empty).Trim()))
            {
                succeeded = question.Wait(10) && question.ExitCode == 0;
                output = question.Output;
            }

            Hugo.HugoConfigQuestion.RemoveNewEmptyFolders(work, existed);
            return succeeded ? output : null;
        }

        private string? RelativeTo(string full, string folder)
        {
            if (string.Equals(full, folder, ServeLayer.PathComparison))
            {
                return string.Empty;
            }

            if (full.Length > folder.Length + 1 && full.StartsWith(folder, ServeLayer.PathComparison) && (full[folder.Length] == Path.DirectorySeparatorChar || full[folder.Length] == Path.AltDirectorySeparatorChar))
            {
                return full.Substring(folder.Length + 1).Replace(Path.DirectorySeparatorChar, '/');
            }

            return null;
        }

        private bool IsSameOrInside(string path, string folder) => RelativeTo(path, folder) != null;

        private static string Tail(string text)
        {
            var lines = text.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
            int start = Math.Max(0, lines.Length - 8);
            return string.Join(" | ", lines, start, lines.Length - start).Replace("\r", string.Empty);
        }
    }
}
