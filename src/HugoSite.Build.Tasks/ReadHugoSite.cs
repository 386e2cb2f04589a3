using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using HugoSite.Build.Tasks.Hugo;
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
            HashSet<string> existed = HugoConfigQuestion.FoldersIn(project);
            var stopwatch = Stopwatch.StartNew();
            // The two questions are independent: asked at once, they cost one Hugo start-up of wall time.
            using var settings = new HugoConfigQuestion(executable, project, mounts: false, environment, theme);
            using var mounts = new HugoConfigQuestion(executable, project, mounts: true, environment, theme);
            bool ok = settings.Wait(TimeoutSeconds) & mounts.Wait(TimeoutSeconds);
            HugoConfigQuestion.RemoveNewEmptyFolders(project, existed);
            if (!ok || settings.ExitCode != 0 || mounts.ExitCode != 0)
            {
                HugoConfigQuestion failed = !ok || settings.ExitCode != 0 ? settings : mounts;
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
                Dictionary<string, string> values = HugoConfigOutput.ParseSettings(settings.Output.Split('\n'));
                List<HugoModule> modules = HugoConfigOutput.ParseMounts(mounts.Output);
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

        private static ITaskItem[] ToItems(List<string> paths)
        {
            var items = new ITaskItem[paths.Count];
            for (int i = 0; i < paths.Count; i++)
            {
                items[i] = new TaskItem(paths[i]);
            }

            return items;
        }
    }
}
