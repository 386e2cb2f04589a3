using System;
using System.IO;
using System.IO.Compression;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>
    /// Extracts a verified Hugo archive (.zip or .tar.gz) into an empty folder: regular files only, and only entries whose
    /// names stay inside the folder (no rooted names, no ".." segments, no links), so an archive cannot write elsewhere.
    /// </summary>
    /// <remarks>
    /// .tar.gz is read with System.Formats.Tar, which exists from .NET 7. The net472 build runs only in Visual Studio's
    /// MSBuild, that is on Windows, where every Hugo release archive is a .zip; so that build reads .zip only and says so
    /// for anything else, rather than carrying a tar reader of its own that would never run.
    /// </remarks>
    public static class ArchiveExtractor
    {
        /// <summary>Extracts <paramref name="archive"/> into <paramref name="destination"/>; throws HugoInstallException (HSB0410).</summary>
        public static void Extract(string archive, string destination, string url)
        {
            Directory.CreateDirectory(destination);
            try
            {
                if (archive.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    ExtractZip(archive, destination);
                }
                else
                {
#if NETFRAMEWORK
                    throw new HugoInstallException(HugoToolCodes.BadArchive,
                        "The archive " + url + " is a .tar.gz, which the .NET Framework build of the tasks does not read (Hugo publishes .zip archives for Windows). " +
                        "Nothing was installed. Build with the dotnet CLI, or set HugoExecutable to an installed Hugo.");
#else
                    ExtractTarGz(archive, destination);
#endif
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is EndOfStreamException || e is FormatException || e is ArgumentException)
            {
                throw new HugoInstallException(HugoToolCodes.BadArchive,
                    "The archive " + url + " matches its checksum but cannot be read (" + e.Message + "). Nothing was installed. " +
                    "Check that HugoDownloadBaseUrl serves Hugo's own release files.");
            }
        }

        /// <summary>The path inside <paramref name="destination"/> for an entry name, or null when the name must be skipped.</summary>
        internal static string? SafePath(string destination, string entryName)
        {
            string name = entryName.Replace('\\', '/');
            while (name.StartsWith("./", StringComparison.Ordinal))
            {
                name = name.Substring(2);
            }

            if (name.Length == 0 || name.StartsWith("/", StringComparison.Ordinal) || name.EndsWith("/", StringComparison.Ordinal) ||
                name.IndexOf(':') >= 0)
            {
                return null;
            }

            foreach (string part in name.Split('/'))
            {
                if (part.Length == 0 || part == "." || part == "..")
                {
                    return null;
                }
            }

            return Path.Combine(destination, name.Replace('/', Path.DirectorySeparatorChar));
        }

        private static void ExtractZip(string archive, string destination)
        {
            using ZipArchive zip = ZipFile.OpenRead(archive);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                string? target = SafePath(destination, entry.FullName);
                if (target == null)
                {
                    continue;
                }

                using Stream input = entry.Open();
                Write(target, input);
            }
        }

        private static void Write(string target, Stream input)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
            input.CopyTo(output);
        }

#if !NETFRAMEWORK
        private static void ExtractTarGz(string archive, string destination)
        {
            using FileStream file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new System.Formats.Tar.TarReader(gzip);
            System.Formats.Tar.TarEntry? entry;
            while ((entry = reader.GetNextEntry()) != null)
            {
                if (entry.EntryType != System.Formats.Tar.TarEntryType.RegularFile && entry.EntryType != System.Formats.Tar.TarEntryType.V7RegularFile)
                {
                    continue;
                }

                string? target = SafePath(destination, entry.Name);
                if (target == null || entry.DataStream == null)
                {
                    continue;
                }

                Write(target, entry.DataStream);
            }
        }
#endif

        /// <summary>The hugo executable in an extracted folder (top level first), or null.</summary>
        public static string? FindExecutable(string folder, bool isWindows)
        {
            string name = isWindows ? "hugo.exe" : "hugo";
            string top = Path.Combine(folder, name);
            if (File.Exists(top))
            {
                return top;
            }

            foreach (string candidate in Directory.EnumerateFiles(folder, name, SearchOption.AllDirectories))
            {
                return candidate;
            }

            return null;
        }

        /// <summary>Makes the file executable for everyone who can read it (rwxr-xr-x) where files have Unix modes.</summary>
        public static void MakeExecutable(string path)
        {
#if !NETFRAMEWORK
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
#else
            _ = path;
#endif
        }
    }
}
