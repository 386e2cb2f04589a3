using System;
using System.Runtime.InteropServices;
using HugoSite.Build.Tasks.Compat;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Makes hard links. Injected so that tests can stand in for a volume where links are impossible.</summary>
    internal interface IFileLinker
    {
        /// <summary>Links <paramref name="newPath"/> to the bytes of <paramref name="existingPath"/>; false when this volume or platform cannot.</summary>
        bool TryLink(string existingPath, string newPath);
    }

    /// <summary>
    /// Hard links through the operating system: link(2) on Linux and macOS, CreateHardLinkW on Windows.
    /// .NET has no API for them. Any failure (another volume, a file system without links, no libc) answers
    /// false and the caller copies instead.
    /// </summary>
    internal sealed partial class NativeFileLinker : IFileLinker
    {
        public static readonly NativeFileLinker Instance = new NativeFileLinker();

        private volatile bool _unavailable;

        public bool TryLink(string existingPath, string newPath)
        {
            if (_unavailable)
            {
                return false;
            }

            try
            {
                return PathCompat.IsWindows
                    ? CreateHardLinkW(newPath, existingPath, IntPtr.Zero)
                    : link(existingPath, newPath) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                _unavailable = true;
                return false;
            }
        }

#pragma warning disable IDE1006, SA1300 // the C name
#if NET7_0_OR_GREATER
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int link(string oldpath, string newpath);

        [LibraryImport("kernel32.dll", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static partial bool CreateHardLinkW(string lpFileName, string lpExistingFileName, IntPtr lpSecurityAttributes);
#else
        [DllImport("libc", SetLastError = true)]
        private static extern int link(string oldpath, string newpath);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CreateHardLinkW(string lpFileName, string lpExistingFileName, IntPtr lpSecurityAttributes);
#endif
#pragma warning restore IDE1006, SA1300
    }

    /// <summary>A linker that never links: every file is copied.</summary>
    internal sealed class NoFileLinker : IFileLinker
    {
        public static readonly NoFileLinker Instance = new NoFileLinker();

        public bool TryLink(string existingPath, string newPath) => false;
    }
}
