using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

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
            var outputDone = new ManualResetEventSlim(false);
            var errorDone = new ManualResetEventSlim(false);
            var startInfo = new ProcessStartInfo(path, "version")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };

            Process process;
            try
            {
                process = Process.Start(startInfo)!;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException || e is UnauthorizedAccessException)
            {
                return new VersionAnswer { Failure = e.Message };
            }

            using (process)
            {
                process.OutputDataReceived += (_, e) => Collect(output, e.Data, outputDone);
                process.ErrorDataReceived += (_, e) => Collect(output, e.Data, errorDone);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                try
                {
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                }

                int limit = (int)Math.Min(int.MaxValue, Math.Max(1, timeout.TotalMilliseconds));
                if (!process.WaitForExit(limit))
                {
                    Components.ProcessTree.Kill(process, ownProcessGroup: false);
                    return new VersionAnswer
                    {
                        TimedOut = true,
                        Failure = "it did not finish within " + timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds and was stopped",
                    };
                }

                // The process has ended; its output ends with it unless a child it left behind holds the pipe open.
                outputDone.Wait(TimeSpan.FromSeconds(2));
                errorDone.Wait(TimeSpan.FromSeconds(1));
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

        private static void Collect(StringBuilder output, string? line, ManualResetEventSlim done)
        {
            if (line == null)
            {
                done.Set();
                return;
            }

            lock (output)
            {
                output.Append(line).Append('\n');
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
