using System;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// How a command line reaches the platform shell, the way MSBuild's Exec runs it: /bin/sh -c on Unix (in a
    /// process group of its own when setsid is available, so the whole tree can be stopped), cmd.exe /c on Windows.
    /// </summary>
    internal static class ShellCommand
    {
        /// <summary>Characters that make a word shell syntax rather than a plain path (a backslash is a separator on Windows).</summary>
        private static readonly char[] ShellSpecials = "$`|&;<>*?()[]{}%!^~='\"".ToCharArray();

        /// <summary>The command line through the shell, in a process group of its own where the machine can.</summary>
        public static ProcessLaunch CreateLaunch(ProcessRequest request)
        {
            ProcessLaunch launch;
            if (Compat.PathCompat.IsWindows)
            {
                // /s strips exactly the outer quotes and keeps the rest as typed; /d skips AutoRun macros.
                launch = new ProcessLaunch(Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe", Array.Empty<string>())
                {
                    RawArguments = "/d /s /c \"" + request.CommandLine + "\"",
                };
            }
            else
            {
                launch = new ProcessLaunch("/bin/sh", new[] { "-c", request.CommandLine }) { OwnProcessGroup = true };
            }

            launch.WorkingDirectory = request.WorkingDirectory;
            foreach (var variable in request.Environment)
            {
                launch.Environment.Add(variable);
            }

            return launch;
        }

        /// <summary>
        /// Rewrites words of <paramref name="commandLine"/> that name a file in the component folder (such as
        /// "init.sh" in "sh init.sh") to that file's full path, so scripts are found whatever the working folder.
        /// Options, absolute paths and words with shell syntax are left alone.
        /// </summary>
        public static string ResolveScriptPaths(string commandLine, string componentFolder, bool isWindows)
        {
            if (componentFolder.Length == 0 || commandLine.Length == 0)
            {
                return commandLine;
            }

            var result = new StringBuilder(commandLine.Length + 64);
            int i = 0;
            while (i < commandLine.Length)
            {
                if (char.IsWhiteSpace(commandLine[i]))
                {
                    result.Append(commandLine[i]);
                    i++;
                    continue;
                }

                int start = i;
                string word = ReadWord(commandLine, ref i);
                string? resolved = ResolveWord(word, componentFolder, isWindows);
                result.Append(resolved == null ? commandLine.Substring(start, i - start) : Quote(resolved, isWindows));
            }

            return result.ToString();
        }

        /// <summary>Quotes a path for the shell when it needs it.</summary>
        public static string Quote(string path, bool isWindows)
        {
            bool plain = path.Length > 0;
            foreach (char c in path)
            {
                if (!(char.IsLetterOrDigit(c) || c == '/' || c == '\\' || c == '.' || c == '_' || c == '-' || c == '+' || c == ':' || c == '@' || c == ','))
                {
                    plain = false;
                    break;
                }
            }

            if (plain)
            {
                return path;
            }

            return isWindows ? "\"" + path + "\"" : "'" + path.Replace("'", "'\\''") + "'";
        }

        private static string? ResolveWord(string word, string componentFolder, bool isWindows)
        {
            if (word.Length == 0 || word[0] == '-' || (isWindows && word[0] == '/') || word.IndexOfAny(ShellSpecials) >= 0 ||
                (!isWindows && word.IndexOf('\\') >= 0) || Path.IsPathRooted(word))
            {
                return null;
            }

            try
            {
                string candidate = Path.GetFullPath(Path.Combine(componentFolder, word));
                return File.Exists(candidate) ? candidate : null;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                return null;
            }
        }

        /// <summary>
        /// Reads the word at <paramref name="i"/> up to the next whitespace outside quotes and moves past it. A quoted
        /// word is returned without its quotes; a word like pre"fix" is unusual enough to leave exactly as typed, so it
        /// reads as empty.
        /// </summary>
        private static string ReadWord(string commandLine, ref int i)
        {
            var text = new StringBuilder();
            char quote = '\0';
            bool mixed = false;
            while (i < commandLine.Length && (quote != '\0' || !char.IsWhiteSpace(commandLine[i])))
            {
                char c = commandLine[i];
                if (quote == '\0' && (c == '"' || c == '\''))
                {
                    quote = c;
                    mixed |= text.Length > 0;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    text.Append(c);
                }

                i++;
            }

            return mixed ? string.Empty : text.ToString();
        }
    }
}
