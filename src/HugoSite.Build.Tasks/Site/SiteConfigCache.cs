using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace HugoSite.Build.Tasks.Site
{
    /// <summary>
    /// Keeps what Hugo said about a site's configuration in obj/hugo/site-config.txt, keyed on every file and
    /// setting Hugo's configuration can come from, so that Hugo is asked only when one of them changed.
    /// </summary>
    public static class SiteConfigCache
    {
        private const string Header = "hsb-site-config 2";

        /// <summary>
        /// The key: the stamps (path, size, time) of the config files at the site's root and in its config folder,
        /// of each known theme's config files, of the module files, and the Hugo executable, the environment, the
        /// theme override and every HUGO_* environment variable (Hugo reads those as settings).
        /// </summary>
        public static string Key(string projectDirectory, IEnumerable<string> themeDirectories, string hugoExecutable, string environment, string themeOverride, IDictionary environmentVariables)
        {
            var text = new StringBuilder();
            text.Append(Header).Append('\n');
            text.Append("hugo=").Append(hugoExecutable).Append('|').Append(Stamp(hugoExecutable)).Append('\n');
            text.Append("environment=").Append(environment).Append('\n');
            text.Append("theme=").Append(themeOverride).Append('\n');
            var names = new List<string>();
            foreach (DictionaryEntry entry in environmentVariables)
            {
                string name = (string)entry.Key;
                if (name.StartsWith("HUGO_", StringComparison.OrdinalIgnoreCase))
                {
                    names.Add(name + "=" + (entry.Value as string ?? string.Empty));
                }
            }

            names.Sort(StringComparer.Ordinal);
            foreach (string pair in names)
            {
                text.Append("env ").Append(pair).Append('\n');
            }

            AppendConfigStamps(text, projectDirectory, includeModuleFiles: true);
            foreach (string theme in themeDirectories)
            {
                AppendStamp(text, Path.Combine(theme, "theme.toml"));
                AppendConfigStamps(text, theme, includeModuleFiles: false);
            }

            return Cache.ContentHash.OfText(text.ToString());
        }

        /// <summary>The stored folders when the stored key is <paramref name="key"/>; else null.</summary>
        public static SiteFolders? Load(string path, string key)
        {
            string[]? lines = ReadLines(path);
            if (lines == null || lines.Length < 2 || lines[0] != Header || lines[1] != "key\t" + key)
            {
                return null;
            }

            return Parse(lines);
        }

        /// <summary>The theme folders of the stored entry, whatever its key: the next key needs their config files.</summary>
        public static List<string> StoredThemeDirectories(string path)
        {
            string[]? lines = ReadLines(path);
            return lines == null ? new List<string>() : Parse(lines).ThemeDirectories;
        }

        public static void Save(string path, string key, SiteFolders folders)
        {
            var lines = new List<string> { Header, "key\t" + key, "publish\t" + folders.PublishDirectory, "resources\t" + folders.ResourceDirectory };
            for (int i = 0; i < folders.Themes.Count; i++)
            {
                lines.Add("theme\t" + folders.Themes[i] + "\t" + folders.ThemeDirectories[i]);
            }

            foreach (string external in folders.ExternalFolders)
            {
                lines.Add("external\t" + external);
            }

            foreach (KeyValuePair<string, string> source in folders.SourceFolders)
            {
                lines.Add("source\t" + source.Key + "\t" + source.Value);
            }

            Cache.FileTree.WriteAtomically(path, string.Join(Environment.NewLine, lines) + Environment.NewLine);
        }

        public static void Forget(string path) => Output.OutputPublisher.TryDeleteFile(path);

        /// <summary>The stored file's lines; null when there is none or it cannot be read.</summary>
        private static string[]? ReadLines(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllLines(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static SiteFolders Parse(string[] lines)
        {
            var folders = new SiteFolders();
            foreach (string line in lines)
            {
                string[] parts = line.Split('\t');
                switch (parts[0])
                {
                    case "publish" when parts.Length == 2:
                        folders.PublishDirectory = parts[1];
                        break;
                    case "resources" when parts.Length == 2:
                        folders.ResourceDirectory = parts[1];
                        break;
                    case "theme" when parts.Length == 3:
                        folders.Themes.Add(parts[1]);
                        folders.ThemeDirectories.Add(parts[2]);
                        break;
                    case "external" when parts.Length == 2:
                        folders.ExternalFolders.Add(parts[1]);
                        break;
                    case "source" when parts.Length == 3:
                        folders.SourceFolders.Add(new KeyValuePair<string, string>(parts[1], parts[2]));
                        break;
                }
            }

            return folders;
        }

        private static void AppendConfigStamps(StringBuilder text, string directory, bool includeModuleFiles)
        {
            foreach (string name in StandardSite.RootConfigFiles)
            {
                AppendStamp(text, Path.Combine(directory, name));
            }

            if (includeModuleFiles)
            {
                AppendStamp(text, Path.Combine(directory, "go.mod"));
                AppendStamp(text, Path.Combine(directory, "go.sum"));
                AppendStamp(text, Path.Combine(directory, "_vendor", "modules.txt"));
            }

            string configDir = Path.Combine(directory, "config");
            if (Directory.Exists(configDir))
            {
                var files = new List<string>(Directory.EnumerateFiles(configDir, "*", SearchOption.AllDirectories));
                files.Sort(StringComparer.Ordinal);
                foreach (string file in files)
                {
                    AppendStamp(text, file);
                }
            }
        }

        private static void AppendStamp(StringBuilder text, string path)
        {
            string stamp = Stamp(path);
            if (stamp.Length > 0)
            {
                text.Append(path).Append('|').Append(stamp).Append('\n');
            }
        }

        private static string Stamp(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return string.Empty;
            }

            var info = new FileInfo(path);
            return info.Exists
                ? info.Length.ToString(CultureInfo.InvariantCulture) + "|" + info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)
                : string.Empty;
        }
    }
}
