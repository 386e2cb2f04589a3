using System;
using System.IO;
using System.Threading.Tasks;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// The outputs a restore replaced, and other folders on their way out: the last one is kept as the spare the next
    /// restore reuses, the rest wait in obj/hugo/cache-trash (or beside the output) to be removed. Removing a tree
    /// costs a few milliseconds per folder and per freed file on a journaled disk with online discard, far more than
    /// building the tree by links, so a restore only renames the previous output aside and the removal happens off
    /// the build's critical path (a background thread, or the next store). Whatever an ended process leaves is
    /// removed by a later build.
    /// </summary>
    internal sealed class ReplacedOutputs
    {
        private static readonly object Gate = new object();
        private readonly string _folder;
        private readonly string _output;

        /// <param name="intermediateDirectory">obj/hugo: old outputs are moved into its cache-trash folder, out of the user's sight.</param>
        /// <param name="output">The output folder, whose restore leftovers beside it are removed too.</param>
        public ReplacedOutputs(string intermediateDirectory, string output)
        {
            IntermediateDirectory = Path.GetFullPath(intermediateDirectory);
            _folder = Path.Combine(IntermediateDirectory, "cache-trash");
            SpareFolder = Path.Combine(IntermediateDirectory, "cache-spare");
            _output = output;
        }

        /// <summary>obj/hugo, where the trash and the spare live.</summary>
        public string IntermediateDirectory { get; }

        /// <summary>obj/hugo/cache-spare: the output the last restore replaced, kept for the next restore to reuse.</summary>
        public string SpareFolder { get; }

        /// <summary>
        /// Takes a folder: renamed into the trash folder when that is on the same volume; otherwise renamed to a
        /// leftover name beside the output (removed from there later); failing both, removed now.
        /// </summary>
        public void Take(string path)
        {
            try
            {
                Directory.CreateDirectory(_folder);
                Directory.Move(path, Path.Combine(_folder, FileTree.UniqueSuffix()));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Another volume.
            }

            try
            {
                Directory.Move(path, OutputSibling.Old(_output));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Removed below.
            }

            FileTree.TryDelete(path);
        }

        /// <summary>Keeps a replaced output as the spare for the next restore; when it cannot be kept, takes it.</summary>
        public void KeepAsSpare(string path)
        {
            try
            {
                if (Directory.Exists(SpareFolder))
                {
                    Take(SpareFolder);
                }

                Directory.CreateDirectory(IntermediateDirectory);
                Directory.Move(path, SpareFolder);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Take(path);
            }
        }

        /// <summary>Moves the spare to <paramref name="staging"/> (which must not exist); false when there is none or it cannot move.</summary>
        public bool TakeSpare(string staging)
        {
            if (!Directory.Exists(SpareFolder))
            {
                return false;
            }

            try
            {
                Directory.Move(SpareFolder, staging);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Take(SpareFolder);
                return false;
            }
        }

        /// <summary>Removes everything in the trash now; failures are left for a later try.</summary>
        public void Empty()
        {
            lock (Gate)
            {
                if (Directory.Exists(_folder))
                {
                    foreach (string dir in Directory.GetDirectories(_folder))
                    {
                        FileTree.TryDelete(dir);
                    }
                }

                foreach (string dir in OutputSibling.Leftovers(_output, DateTime.UtcNow))
                {
                    FileTree.TryDelete(dir);
                }
            }
        }

        /// <summary>
        /// Starts emptying the trash on a thread-pool thread, which never keeps the process alive. A pool thread,
        /// not a thread of its own: starting a thread waits for it to be scheduled, milliseconds on a busy machine.
        /// </summary>
        public Task EmptyInBackground() => Task.Run(EmptyQuietly);

        private void EmptyQuietly()
        {
            try
            {
                Empty();
            }
#pragma warning disable CA1031 // Nothing may escape: what cannot be removed now is left for the next build.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
