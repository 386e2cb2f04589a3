using System;
using System.IO;

namespace HugoSite.Build.Tasks.Hugo
{
    /// <summary>
    /// Replaces the site output folder with a freshly built one so that a reader sees either the old site or
    /// the new one, and a failure at any step leaves the old site in place.
    /// </summary>
    public static class OutputSwap
    {
        /// <summary>
        /// Moves <paramref name="staging"/> to <paramref name="output"/>. The old output is first renamed
        /// aside (in the same parent folder, so the rename cannot cross volumes), then removed.
        /// </summary>
        public static void Replace(string staging, string output)
        {
            staging = Path.GetFullPath(staging);
            output = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            string parent = Path.GetDirectoryName(output) ?? throw new IOException("The output folder has no parent: " + output);
            Directory.CreateDirectory(parent);
            string name = Path.GetFileName(output);
            string suffix = Guid.NewGuid().ToString("N").Substring(0, 8);

            // Staging on another volume cannot be renamed into place: copy it next to the output first.
            string incoming = staging;
            if (!SameRoot(staging, parent))
            {
                incoming = Path.Combine(parent, "." + name + ".new-" + suffix);
                CopyTree(staging, incoming);
            }

            string? aside = null;
            if (Directory.Exists(output))
            {
                aside = Path.Combine(parent, "." + name + ".old-" + suffix);
                Directory.Move(output, aside);
            }

            try
            {
                try
                {
                    Directory.Move(incoming, output);
                }
                catch (IOException) when (string.Equals(incoming, staging, StringComparison.Ordinal))
                {
                    // A rename across mount points (obj/ on tmpfs, the output on disk): copy next to the output, then rename.
                    incoming = Path.Combine(parent, "." + name + ".new-" + suffix);
                    CopyTree(staging, incoming);
                    Directory.Move(incoming, output);
                }
            }
            catch
            {
                if (aside != null && !Directory.Exists(output))
                {
                    Directory.Move(aside, output);
                }

                throw;
            }

            if (aside != null)
            {
                DeleteTree(aside);
            }

            if (!string.Equals(incoming, staging, StringComparison.Ordinal))
            {
                DeleteTree(staging);
            }
        }

        /// <summary>Deletes a folder tree, clearing read-only attributes first; missing is fine.</summary>
        public static void DeleteTree(string path)
        {
            if (!Directory.Exists(path))
            {
                return;
            }

            try
            {
                Directory.Delete(path, true);
            }
            catch (UnauthorizedAccessException)
            {
                foreach (string file in Directory.GetFiles(path, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(path, true);
            }
        }

        private static bool SameRoot(string a, string b)
        {
            // Same drive on Windows; on Unix a rename across mount points fails, which Replace reports.
            return string.Equals(Path.GetPathRoot(a), Path.GetPathRoot(b), StringComparison.OrdinalIgnoreCase);
        }

        private static void CopyTree(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (string dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(destination, dir.Substring(source.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
            }

            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(destination, file.Substring(source.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)), true);
            }
        }
    }
}
