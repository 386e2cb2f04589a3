using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Processes;
using HugoSite.Build.Tasks.Site;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// For a standard Hugo site (the project file at the site's root): asks Hugo for the site's resolved
    /// configuration (`hugo config` and `hugo config mounts`) and returns its output folder, Hugo's resource
    /// folder, its themes and any input folder outside the project folder. Hugo is asked only when a config file,
    /// a theme's config, the environment, the theme override, a HUGO_* variable or Hugo itself changed; the answer
    /// is kept in the intermediate folder. When Hugo cannot answer (not installed, a broken config) Hugo's defaults
    /// are returned and nothing is kept: the Hugo run that follows reports the real error.
    /// </summary>
    public sealed class ReadHugoSite : Task
    {
        [Required] public string ProjectDirectory { get; set; } = string.Empty;

        /// <summary>obj/hugo/: where the answer is kept.</summary>
        [Required] public string IntermediateDirectory { get; set; } = string.Empty;

        public string? HugoExecutable { get; set; }

        public string? Environment { get; set; }

        /// <summary>HugoTheme: when set, it replaces the config's theme list, as Hugo's --theme does.</summary>
        public string? Theme { get; set; }

        public int TimeoutSeconds { get; set; } = 60;

        [Output] public string PublishDirectory { get; private set; } = string.Empty;

        [Output] public string ResourceDirectory { get; private set; } = string.Empty;

        /// <summary>The themes Hugo resolved, in its order, ';'-separated.</summary>
        [Output] public string Themes { get; private set; } = string.Empty;

        [Output] public ITaskItem[] ThemeDirectories { get; private set; } = Array.Empty<ITaskItem>();

        [Output] public ITaskItem[] ExternalFolders { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>Every folder Hugo reads the site from; Role metadata: the mount's target ("content", …) or "theme".</summary>
        [Output] public ITaskItem[] SourceFolders { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>Whether Hugo answered (now or in an earlier build); false: Hugo's defaults were assumed.</summary>
        [Output] public bool Resolved { get; private set; }

        public override bool Execute()
        {
            string project = Path.GetFullPath(ProjectDirectory);
            string cacheFile = Path.Combine(IntermediateDirectory, "site-config.txt");
            string executable = HugoLocator.Find(HugoExecutable, System.Environment.GetEnvironmentVariable("PATH"), Path.DirectorySeparatorChar == '\\') ?? string.Empty;
            string environment = (Environment ?? string.Empty).Trim();
            string theme = (Theme ?? string.Empty).Trim();
            System.Collections.IDictionary variables = System.Environment.GetEnvironmentVariables();

            SiteFolders? folders = null;
            if (executable.Length > 0)
            {
                string key = SiteConfigCache.Key(project, SiteConfigCache.StoredThemeDirectories(cacheFile), executable, environment, theme, variables);
                folders = SiteConfigCache.Load(cacheFile, key);
                if (folders != null)
                {
                    Log.LogMessage(MessageImportance.Low, "Hugo site configuration unchanged since it was read ({0}).", cacheFile);
                }
                else
                {
                    folders = Ask(executable, project, environment, theme);
                    if (folders != null)
                    {
                        try
                        {
                            SiteConfigCache.Save(cacheFile, SiteConfigCache.Key(project, folders.ThemeDirectories, executable, environment, theme, variables), folders);
                        }
                        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                        {
                            Log.LogMessage(MessageImportance.Low, "Hugo site configuration not kept ({0}); it is read again next build.", e.Message);
                        }
                    }
                }
            }
            else
            {
                Log.LogMessage(MessageImportance.Low, "Hugo was not found while reading the site configuration; Hugo's default folders are assumed.");
            }

            if (folders == null)
            {
                SiteConfigCache.Forget(cacheFile);
                folders = StandardSite.Resolve(project, new Dictionary<string, string>(), Array.Empty<HugoModule>());
            }
            else
            {
                Resolved = true;
            }

            PublishDirectory = folders.PublishDirectory;
            ResourceDirectory = folders.ResourceDirectory;
            Themes = string.Join(";", folders.Themes);
            ThemeDirectories = ToItems(folders.ThemeDirectories);
            ExternalFolders = ToItems(folders.ExternalFolders);
            var sources = new List<ITaskItem>(folders.SourceFolders.Count);
            foreach (KeyValuePair<string, string> source in folders.SourceFolders)
            {
                var item = new TaskItem(source.Value);
                item.SetMetadata("Role", source.Key);
                sources.Add(item);
            }

            SourceFolders = sources.ToArray();
            return !Log.HasLoggedErrors;
        }

        private SiteFolders? Ask(string executable, string project, string environment, string theme)
        {
            var common = new List<string> { "--source", project };
            if (environment.Length > 0)
            {
                common.Add("--environment");
                common.Add(environment);
            }

            var settingsArgs = new List<string> { "config" };
            settingsArgs.AddRange(common);
            var mountsArgs = new List<string> { "config", "mounts" };
            mountsArgs.AddRange(common);

            // Reading the config makes Hugo create the publishDir and resourceDir folders, empty. Folders that
            // appear at the site's root meanwhile are removed again (only if still empty): the build, not this question, decides what is written.
            var existed = new HashSet<string>(Directory.EnumerateDirectories(project), StringComparer.Ordinal);
            var stopwatch = Stopwatch.StartNew();
            // The two questions are independent: asked at once, they cost one Hugo start-up of wall time.
            using var settings = new Asked(executable, settingsArgs, project, theme);
            using var mounts = new Asked(executable, mountsArgs, project, theme);
            bool ok = settings.Wait(TimeoutSeconds) & mounts.Wait(TimeoutSeconds);
            foreach (string folder in Directory.EnumerateDirectories(project))
            {
                if (!existed.Contains(folder))
                {
                    RemoveIfOnlyEmptyFolders(folder);
                }
            }

            if (!ok || settings.ExitCode != 0 || mounts.ExitCode != 0)
            {
                Asked failed = !ok || settings.ExitCode != 0 ? settings : mounts;
                if (failed.ErrorTail().IndexOf("binary with name \"go\" not found", StringComparison.Ordinal) >= 0)
                {
                    Log.LogError(null, HugoCodes.ModulesNeedGo, null, Path.Combine(project, "go.mod"), 0, 0, 0, 0,
                        "This site imports Hugo Modules that are not vendored, and Hugo needs Go to download them, which is not installed. Install Go (https://go.dev/dl/), or run 'hugo mod vendor' once where Go is installed and commit the _vendor folder; Hugo then builds without Go or network.");
                    return null;
                }

                Log.LogMessage(MessageImportance.Normal,
                    "Hugo could not print the site configuration (exit code {0}: {1}); Hugo's default folders are assumed and Hugo's own run will report the problem.",
                    failed.ExitCode, failed.ErrorTail());
                return null;
            }

            try
            {
                Dictionary<string, string> values = HugoConfigOutput.ParseSettings(settings.Output.ToString().Split('\n'));
                List<HugoModule> modules = HugoConfigOutput.ParseMounts(mounts.Output.ToString());
                SiteFolders folders = StandardSite.Resolve(project, values, modules);
                Log.LogMessage(MessageImportance.Low, "Hugo site configuration read in {0} ms: output {1}, resources {2}, themes '{3}'.",
                    stopwatch.ElapsedMilliseconds, folders.PublishDirectory, folders.ResourceDirectory, string.Join(";", folders.Themes));
                return folders;
            }
            catch (Exception e) when (e is FormatException || e is System.Text.Json.JsonException)
            {
                Log.LogMessage(MessageImportance.Normal, "Hugo's site configuration could not be read ({0}); Hugo's default folders are assumed.", e.Message);
                return null;
            }
        }

        /// <summary>Removes a folder that holds nothing but empty folders; anything else leaves it alone.</summary>
        internal static void RemoveIfOnlyEmptyFolders(string folder)
        {
            try
            {
                if (!Directory.Exists(folder) || Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).GetEnumerator().MoveNext())
                {
                    return;
                }

                var dirs = new List<string>(Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories));
                dirs.Sort((a, b) => b.Length.CompareTo(a.Length));
                dirs.Add(folder);
                foreach (string dir in dirs)
                {
                    Directory.Delete(dir, recursive: false);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Something appeared in it meanwhile (a non-empty folder cannot be deleted this way): it stays.
            }
        }

        private static ITaskItem[] ToItems(List<string> paths)
        {
            var items = new ITaskItem[paths.Count];
            for (int i = 0; i < paths.Count; i++)
            {
                items[i] = new TaskItem(paths[i]);
            }

            return items;
        }

        /// <summary>One `hugo config` process, its output read as it comes.</summary>
        private sealed class Asked : IDisposable
        {
            private readonly StringBuilder _error = new StringBuilder();
            private readonly ChildProcess _process;

            public Asked(string executable, List<string> arguments, string workingDirectory, string theme)
            {
                var launch = new ProcessLaunch(executable, arguments) { WorkingDirectory = workingDirectory };
                if (theme.Length > 0)
                {
                    // `hugo config` has no --theme flag; Hugo reads every setting from HUGO_<NAME> too.
                    launch.Environment.Add(new KeyValuePair<string, string>("HUGO_THEME", theme));
                }

                _process = ChildProcess.Start(launch, (line, isError) =>
                {
                    StringBuilder into = isError ? _error : Output;
                    lock (into)
                    {
                        into.Append(line).Append('\n');
                    }
                });
            }

            public StringBuilder Output { get; } = new StringBuilder();

            public int ExitCode { get; private set; } = -1;

            public bool Wait(int timeoutSeconds)
            {
                if (!_process.WaitForExit(Math.Max(1, timeoutSeconds) * 1000))
                {
                    _process.Kill();
                    return false;
                }

                _process.WaitForOutput(System.Threading.Timeout.InfiniteTimeSpan);
                ExitCode = _process.ExitCode;
                return true;
            }

            public string ErrorTail()
            {
                lock (_error)
                {
                    string text = _error.ToString().Trim();
                    if (text.Length == 0)
                    {
                        lock (Output)
                        {
                            text = Output.ToString().Trim();
                        }
                    }

                    return text.Length > 400 ? text.Substring(text.Length - 400) : text;
                }
            }

            public void Dispose() => _process.Dispose();
        }
    }
}
