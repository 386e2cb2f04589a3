using System;
using System.IO;
using System.Text;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>The answer of "hugo version": its first line, or why there is none.</summary>
    public sealed class VersionAnswer
    {
        public string? Line { get; set; }

        public string? Failure { get; set; }

        /// <summary>True when the process did not finish in time and its process tree was stopped.</summary>
        public bool TimedOut { get; set; }
    }

    /// <summary>
    /// Runs "&lt;hugo&gt; version" with a time limit. Output is read as it comes (never "to the end" before waiting), so a
    /// Hugo that hangs, or leaves a child holding its output open, cannot hang the build: past the limit the whole
    /// process tree is stopped.
    /// </summary>
    public static class HugoVersionProbe
    {
        public static VersionAnswer Run(string path, TimeSpan timeout)
        {
            var output = new StringBuilder();
            ChildProcess process;
            try
            {
                process = ChildProcess.Start(new ProcessLaunch(path, new[] { "version" }), (line, _) =>
                {
                    lock (output)
                    {
                        output.Append(line).Append('\n');
                    }
                });
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException)
            {
                return new VersionAnswer { Failure = e.Message };
            }

            using (process)
            {
                int limit = (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
                if (!process.WaitForExit(limit))
                {
                    process.Kill();
                    return new VersionAnswer
                    {
                        TimedOut = true,
                        Failure = "it did not finish within " + timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds and was stopped",
                    };
                }

                // The process has ended; its output ends with it unless a child it left behind holds the pipe open.
                process.WaitForOutput(TimeSpan.FromSeconds(2));
                string text;
                lock (output)
                {
                    text = output.ToString().Trim();
                }

                if (HugoOutput.ParseVersion(text) == null)
                {
                    return new VersionAnswer { Failure = "exit code " + process.ExitCode + ", output '" + Truncate(text, 200) + "'" };
                }

                return new VersionAnswer { Line = FirstVersionLine(text) };
            }
        }

        private static string FirstVersionLine(string text)
        {
            foreach (string line in text.Split('\n'))
            {
                if (HugoOutput.ParseVersion(line) != null)
                {
                    return line.Trim();
                }
            }

            return text.Split('\n')[0].Trim();
        }

        private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";
    }
}
