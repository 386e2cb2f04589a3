using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace HugoSite.Build.Tasks.Processes
{
    /// <summary>
    /// Stops a process and everything it started: the runtime's tree kill (it stops the process before listing its
    /// children, so none escapes by being re-parented), plus, on Unix, a signal to the process's own group, which also
    /// reaches grandchildren whose parent had already exited. .NET Framework has no tree kill: taskkill /T there.
    /// </summary>
    internal static partial class ProcessTree
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

            try
            {
#if NETFRAMEWORK
                if (Compat.PathCompat.IsWindows)
                {
                    using var taskkill = ChildProcess.Start(new ProcessLaunch("taskkill", new[] { "/T", "/F", "/PID", id.ToString(CultureInfo.InvariantCulture) }), null);
                    taskkill.WaitForExit(10000);
                }

                if (!process.HasExited)
                {
                    process.Kill();
                }
#else
                process.Kill(entireProcessTree: true);
#endif
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception || ex is AggregateException || ex is NotSupportedException)
            {
                // Already gone, or going.
            }

            if (ownProcessGroup && !Compat.PathCompat.IsWindows)
            {
                try
                {
                    _ = NativeMethods.kill(-id, SigKill);
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    // No libc to ask: the tree kill above is all there is.
                }
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

        /// <summary>Signalling a process group: .NET has no API for it.</summary>
        private static partial class NativeMethods
        {
#if NET7_0_OR_GREATER
            [LibraryImport("libc", SetLastError = true)]
            internal static partial int kill(int pid, int sig);
#else
            [DllImport("libc", SetLastError = true)]
            internal static extern int kill(int pid, int sig);
#endif
        }
    }
}
