using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>
    /// One `hugo config` (or `hugo config mounts`) process about one site, its output read as it comes. Reading the
    /// config makes Hugo create the publishDir and resourceDir folders, empty: <see cref="FoldersIn"/> before and
    /// <see cref="RemoveNewEmptyFolders"/> after keep the question from leaving them behind, since the build, not the
    /// question, decides what is written.
    /// </summary>
    internal sealed class HugoConfigQuestion : IDisposable
    {
        private readonly StringBuilder _output = new StringBuilder();
        private readonly StringBuilder _error = new StringBuilder();
        private readonly ChildProcess _process;

        /// <param name="mounts">true: `hugo config mounts`; false: the settings (`hugo config`).</param>
        /// <param name="environment">Hugo's --environment; empty: Hugo's default.</param>
        /// <param name="theme">HugoTheme; empty: the config's theme list.</param>
        public HugoConfigQuestion(string executable, string site, bool mounts, string environment, string theme)
        {
            var arguments = new List<string> { "config" };
            if (mounts)
            {
                arguments.Add("mounts");
            }

            arguments.Add("--source");
            arguments.Add(site);
            if (environment.Length > 0)
            {
                arguments.Add("--environment");
                arguments.Add(environment);
            }

            var launch = new ProcessLaunch(executable, arguments) { WorkingDirectory = site };
            if (theme.Length > 0)
            {
                // `hugo config` has no --theme flag; Hugo reads every setting from HUGO_<NAME> too.
                launch.Environment.Add(new KeyValuePair<string, string>("HUGO_THEME", theme));
            }

            _process = ChildProcess.Start(launch, (line, isError) =>
            {
                StringBuilder into = isError ? _error : _output;
                lock (into)
                {
                    into.Append(line).Append('\n');
                }
            });
        }

        /// <summary>What Hugo printed on standard output.</summary>
        public string Output => Text(_output);

        public int ExitCode { get; private set; } = -1;

        /// <summary>
        /// Whether Hugo exited within <paramref name="timeoutSeconds"/> and its output ended within as long again (a
        /// child it left behind can hold the output open). A Hugo that does not exit in time is stopped with its process tree.
        /// </summary>
        public bool Wait(int timeoutSeconds)
        {
            TimeSpan limit = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
            if (!_process.WaitForExit((int)limit.TotalMilliseconds))
            {
                _process.Kill();
                return false;
            }

            ExitCode = _process.ExitCode;
            return _process.WaitForOutput(limit);
        }

        /// <summary>The end of what Hugo printed on standard error (standard output when that is empty).</summary>
        public string ErrorTail()
        {
            string text = Text(_error).Trim();
            if (text.Length == 0)
            {
                text = Output.Trim();
            }

            return text.Length > 400 ? text.Substring(text.Length - 400) : text;
        }

        public void Dispose() => _process.Dispose();

        private static string Text(StringBuilder lines)
        {
            lock (lines)
            {
                return lines.ToString();
            }
        }

        /// <summary>The folders at the site's root, to tell afterwards which ones the question created.</summary>
        public static HashSet<string> FoldersIn(string site) =>
            new HashSet<string>(Directory.EnumerateDirectories(site), StringComparer.Ordinal);

        /// <summary>Removes each folder at the site's root that is not in <paramref name="before"/>, if it holds nothing but empty folders.</summary>
        public static void RemoveNewEmptyFolders(string site, HashSet<string> before)
        {
            foreach (string folder in Directory.EnumerateDirectories(site))
            {
                if (!before.Contains(folder))
                {
                    RemoveIfOnlyEmptyFolders(folder);
                }
            }
        }

        /// <summary>Removes a folder that holds nothing but empty folders; anything else leaves it alone.</summary>
        private static void RemoveIfOnlyEmptyFolders(string folder)
        {
            try
            {
                if (!Directory.Exists(folder))
                {
                    return;
                }

                using (IEnumerator<string> files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).GetEnumerator())
                {
                    if (files.MoveNext())
                    {
                        return;
                    }
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
    }
}
