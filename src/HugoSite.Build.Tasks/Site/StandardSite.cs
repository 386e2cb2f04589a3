using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Site
{
    /// <summary>What the build needs to know about a standard Hugo site, drawn from Hugo's resolved configuration.</summary>
    public sealed class SiteFolders
    {
        /// <summary>Hugo's publishDir, absolute: the default output folder.</summary>
        public string PublishDirectory { get; set; } = string.Empty;

        /// <summary>Hugo's resourceDir, absolute: Hugo's own cache of processed resources, never an input.</summary>
        public string ResourceDirectory { get; set; } = string.Empty;

        /// <summary>Themes and theme components in Hugo's order, by name.</summary>
        public List<string> Themes { get; } = new List<string>();

        /// <summary>Each theme's folder, absolute, in the order of <see cref="Themes"/>.</summary>
        public List<string> ThemeDirectories { get; } = new List<string>();

        /// <summary>
        /// Every folder Hugo reads the site from, with its role: each mount of the project by its target ("content",
        /// "static", "layouts", …) and each theme's folder ("theme"). The output folder may overlap none of them.
        /// </summary>
        public List<KeyValuePair<string, string>> SourceFolders { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Input folders outside the project folder (a contentDir of "../content", a themesDir elsewhere), absolute.</summary>
        public List<string> ExternalFolders { get; } = new List<string>();
    }

    /// <summary>Turns Hugo's printed configuration into the folders the build treats as inputs, output and Hugo's own.</summary>
    public static class StandardSite
    {
        private static readonly StringComparison PathComparison =
            PathCompat.IsCaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

        /// <summary>The config file names Hugo looks for at a site's root, in its own order of preference.</summary>
        public static readonly string[] RootConfigFiles =
        {
            "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json",
        };

        public static SiteFolders Resolve(string projectDirectory, IReadOnlyDictionary<string, string> settings, IReadOnlyList<HugoModule> modules)
        {
            string project = PathCompat.AppendSeparator(Path.GetFullPath(projectDirectory));
            string working = settings.TryGetValue("workingdir", out string? w) && w.Length > 0 ? w : project;
            var folders = new SiteFolders
            {
                PublishDirectory = Absolute(working, Setting(settings, "publishdir", "public")),
                ResourceDirectory = Absolute(working, Setting(settings, "resourcedir", "resources")),
            };

            foreach (HugoModule module in modules)
            {
                if (module.IsProject)
                {
                    string dir = module.Directory.Length > 0 ? module.Directory : working;
                    foreach (HugoMount mount in module.Mounts)
                    {
                        string source = Absolute(dir, mount.Source);
                        folders.SourceFolders.Add(new KeyValuePair<string, string>(mount.Target.Length > 0 ? mount.Target : "site", source));
                        AddIfExternal(folders.ExternalFolders, project, source);
                    }

                    continue;
                }

                if (module.Directory.Length == 0)
                {
                    continue;
                }

                string themeDir = PathCompat.AppendSeparator(Path.GetFullPath(module.Directory));
                folders.Themes.Add(module.Path);
                folders.ThemeDirectories.Add(themeDir);
                folders.SourceFolders.Add(new KeyValuePair<string, string>("theme", themeDir));
                AddIfExternal(folders.ExternalFolders, project, themeDir);
            }

            return folders;
        }

        /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
        public static bool IsInside(string path, string folder)
        {
            string p = PathCompat.AppendSeparator(Path.GetFullPath(path));
            string f = PathCompat.AppendSeparator(Path.GetFullPath(folder));
            return p.StartsWith(f, PathComparison);
        }

        /// <summary>Adds <paramref name="full"/> (absolute, with a trailing separator) unless the project or a listed folder holds it.</summary>
        private static void AddIfExternal(List<string> list, string project, string full)
        {
            if (IsInside(full, project))
            {
                return;
            }

            foreach (string known in list)
            {
                if (IsInside(full, known))
                {
                    return;
                }
            }

            list.RemoveAll(known => IsInside(known, full));
            list.Add(full);
        }

        private static string Setting(IReadOnlyDictionary<string, string> settings, string key, string fallback) =>
            settings.TryGetValue(key, out string? value) && value.Trim().Length > 0 ? value.Trim() : fallback;

        private static string Absolute(string baseDirectory, string path) =>
            PathCompat.AppendSeparator(Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path)));
    }
}
