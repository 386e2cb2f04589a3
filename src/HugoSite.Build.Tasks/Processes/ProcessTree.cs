using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace HugoSite.Build.Tasks.Components
{
    /// <summary>
    /// Stops a process and everything it started. On Unix the command's own process group is signalled (it catches
    /// grandchildren even after their parent has exited) and descendants found through /proc (or ps) are signalled
    /// too; on Windows the runtime's tree kill is used, or taskkill /T on .NET Framework.
    /// </summary>
    internal static class ProcessTree
    {
        private const int SigKill = 9;

        public static void Kill(Process process, bool ownProcessGroup)
        {
            int id;
            try
            {
                id = process.Id;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (Compat.PathCompat.IsWindows)
            {
                KillOnWindows(process, id);
                return;
            }

            // Find descendants before signalling: once a parent dies its children are re-parented and lost to the walk.
            var victims = Descendants(id);
            victims.Insert(0, id);
            if (ownProcessGroup)
            {
                Signal(-id, SigKill);
            }

            foreach (int victim in victims)
            {
                Signal(victim, SigKill);
            }
        }

        /// <summary>Whether a process with this id is running (not a zombie). Unix only; used by tests and checks.</summary>
        public static bool IsAlive(int pid)
        {
            string stat = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat";
            if (Directory.Exists("/proc/self"))
            {
                try
                {
                    string text = File.ReadAllText(stat);
                    int close = text.LastIndexOf(')');
                    return close > 0 && close + 2 < text.Length && text[close + 2] != 'Z' && text[close + 2] != 'X';
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    return false;
                }
            }

            try
            {
                using (var process = Process.GetProcessById(pid))
                {
                    return !process.HasExited;
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>Every descendant of <paramref name="root"/>, parents before children.</summary>
        public static List<int> Descendants(int root)
        {
            var children = new Dictionary<int, List<int>>();
            foreach (var pair in ParentLinks())
            {
                if (!children.TryGetValue(pair.Value, out var list))
                {
                    children[pair.Value] = list = new List<int>();
                }

                list.Add(pair.Key);
            }

            var result = new List<int>();
            var queue = new Queue<int>();
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                int parent = queue.Dequeue();
                if (children.TryGetValue(parent, out var list))
                {
                    foreach (int child in list)
                    {
                        if (child != root && !result.Contains(child))
                        {
                            result.Add(child);
                            queue.Enqueue(child);
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>(pid, parent pid) of every process, from /proc on Linux and from ps elsewhere.</summary>
        private static IEnumerable<KeyValuePair<int, int>> ParentLinks()
        {
            var links = new List<KeyValuePair<int, int>>();
            if (Directory.Exists("/proc/self"))
            {
                foreach (string dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                    {
                        continue;
                    }

                    try
                    {
                        // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so parse after the last ')'.
                        string text = File.ReadAllText(Path.Combine(dir, "stat"));
                        string[] fields = text.Substring(text.LastIndexOf(')') + 2).Split(' ');
                        if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid))
                        {
                            links.Add(new KeyValuePair<int, int>(pid, ppid));
                        }
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentOutOfRangeException)
                    {
                        // The process ended while we looked.
                    }
                }

                return links;
            }

            foreach (string line in RunQuietly("ps", "-A -o pid= -o ppid="))
            {
                string[] parts = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) &&
                    int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid))
                {
                    links.Add(new KeyValuePair<int, int>(pid, ppid));
                }
            }

            return links;
        }

        private static void Signal(int pid, int signal)
        {
            try
            {
                NativeMethods.kill(pid, signal);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                RunQuietly("/bin/kill", "-" + signal.ToString(CultureInfo.InvariantCulture) + " -- " + pid.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static void KillOnWindows(Process process, int id)
        {
#if NETFRAMEWORK
            RunQuietly("taskkill", "/T /F /PID " + id.ToString(CultureInfo.InvariantCulture));
#else
            try
            {
                process.Kill(true);
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception || ex is AggregateException)
            {
                // Fall through to the plain kill below.
            }
#endif
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception)
            {
                // Already gone.
            }
        }

        private static List<string> RunQuietly(string fileName, string arguments)
        {
            var lines = new List<string>();
            try
            {
                var info = new ProcessStartInfo(fileName, arguments)
                {
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using (var process = Process.Start(info))
                {
                    if (process == null)
                    {
                        return lines;
                    }

                    process.ErrorDataReceived += (_, e) => { };
                    process.BeginErrorReadLine();
                    string? line;
                    while ((line = process.StandardOutput.ReadLine()) != null)
                    {
                        lines.Add(line);
                    }

                    process.WaitForExit(10000);
                }
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is IOException)
            {
                // Best effort: the caller has no better way to stop the tree.
            }

            return lines;
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int kill(int pid, int sig);
        }
    }
}
