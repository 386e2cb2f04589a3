using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HugoSite.Build.Tasks.Copy;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>A component whose init command failed in the preview.</summary>
    /// <param name="Message">What the components phase reported (its coded error, with the tail of the command's output).</param>
    internal sealed record ComponentFailure(string Name, int ExitCode, string Message);

    /// <summary>
    /// Shows a failed component in the browser through Hugo's own error page: a template in the preview's work folder
    /// that does not parse, whose last lines (the ones Hugo's page shows around the error) say which component failed
    /// and why. Hugo parses every template on each rebuild, so while the file is there every page is Hugo's error page;
    /// when the component succeeds the file goes and Hugo serves the site again. The folder is the preview's own, and no
    /// layer of the site provides it (checked before each write), so nothing of the user's is ever overwritten.
    /// </summary>
    internal sealed class ComponentErrorTemplates
    {
        /// <summary>The templates' folder below the site's layouts folder; a name Hugo's lookup never reaches (partials are only called by name).</summary>
        public const string Name = "partials/_hugosite-preview";

        private readonly IncrementalMirror _mirror;
        private readonly Func<string> _layoutsFolder;
        private string? _folder;

        /// <param name="layoutsFolder">The work-relative folder Hugo reads layouts from (layoutDir, or a mount); asked once, at the first failure.</param>
        public ComponentErrorTemplates(IncrementalMirror mirror, Func<string> layoutsFolder)
        {
            _mirror = mirror;
            _layoutsFolder = layoutsFolder;
        }

        public static string RelativePathOf(string component, string layoutsFolder = "layouts") =>
            layoutsFolder + "/" + Name + "/component-" + Identifier(component) + ".html";

        /// <summary>Whether a line Hugo printed is about one of these templates (already reported as the component's failure).</summary>
        public static bool IsAbout(string hugoLine) => hugoLine.IndexOf("_hugosite-preview", StringComparison.Ordinal) >= 0;

        /// <summary>The template's text: two lines of explanation, then the line that fails to parse.</summary>
        public static string Text(ComponentFailure failure)
        {
            var text = new StringBuilder();
            text.Append("{{/* HugoSite.Build preview: this file stands for a failed component and goes when it succeeds. */}}\n");
            text.Append("{{/* Component '").Append(Comment(failure.Name)).Append("' failed (exit code ")
                .Append(failure.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("): ")
                .Append(Comment(failure.Message)).Append(" */}}\n");
            text.Append("{{/* Fix it: the preview runs the component again when its files or declared inputs change. */}}\n");
            text.Append("{{ component_").Append(Identifier(failure.Name)).Append("_failed_see_the_build_output }}\n");
            return text.ToString();
        }

        /// <summary>Writes the template of each failed component and removes those of components that now succeed.</summary>
        public void Update(IEnumerable<string> ran, IReadOnlyList<ComponentFailure> failures, ICopyLog log)
        {
            var failed = new Dictionary<string, ComponentFailure>(StringComparer.OrdinalIgnoreCase);
            foreach (var failure in failures)
            {
                failed[failure.Name] = failure;
            }

            if (_folder == null)
            {
                if (failed.Count == 0)
                {
                    return;
                }

                _folder = _layoutsFolder();
            }

            foreach (string name in ran)
            {
                string relative = RelativePathOf(name, _folder);
                string path = _mirror.WorkPathOf(relative);
                try
                {
                    if (failed.TryGetValue(name, out var failure))
                    {
                        if (_mirror.Resolve(relative, out _) != EntryKind.Missing)
                        {
                            continue;
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(path, Text(failure), new UTF8Encoding(false));
                    }
                    else if (File.Exists(path) && _mirror.Resolve(relative, out _) == EntryKind.Missing)
                    {
                        File.Delete(path);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    log.Message(MessageImportance.Normal, $"Cannot update '{path}', which shows the component's failure in the browser: {ex.Message}");
                }
            }

            RemoveFolderIfEmpty(_folder + "/" + Name);
        }

        /// <summary>
        /// Removes every such template (before Hugo starts: Hugo 0.111 does not start on a template that does not parse),
        /// also one a stopped session left in another layouts folder: every top-level folder of the work folder is looked at.
        /// </summary>
        public void Hide()
        {
            string work = _mirror.WorkPathOf(string.Empty);
            string[] tops;
            try
            {
                tops = Directory.GetDirectories(work);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return;
            }

            foreach (string top in tops)
            {
                string relative = Path.GetFileName(top) + "/" + Name;
                string folder = _mirror.WorkPathOf(relative);
                if (!Directory.Exists(folder) || _mirror.Resolve(relative, out _) != EntryKind.Missing)
                {
                    continue;
                }

                foreach (string file in Directory.GetFiles(folder, "component-*.html"))
                {
                    try
                    {
                        File.Delete(file);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // Hugo then reports it at start, which the preview shows on its error page.
                    }
                }

                RemoveFolderIfEmpty(relative);
            }
        }

        private void RemoveFolderIfEmpty(string relative)
        {
            string folder = _mirror.WorkPathOf(relative);
            try
            {
                if (Directory.Exists(folder) && Directory.GetFileSystemEntries(folder).Length == 0 && _mirror.Resolve(relative, out _) == EntryKind.Missing)
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // An empty folder of the preview's own; it goes with the next update.
            }
        }

        private static string Identifier(string name) =>
            string.Concat(name.Select(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_'));

        private static string Comment(string text) =>
            text.Replace("*/", "* /").Replace("{{", "{ {").Replace("}}", "} }").Replace("\r", " ").Replace("\n", " ");
    }
}
