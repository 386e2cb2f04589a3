using System;
using System.IO;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// Folders on their way out. Removing a tree costs a few milliseconds per folder and per freed file on a
    /// journaled disk with online discard, far more than building the tree by links, so a restore only renames
    /// the previous output in here and the removal happens off the build's critical path (a background thread,
    /// or the next store). Whatever an ended process leaves is removed by a later build.
    /// </summary>
    internal sealed class Trash
    {
        private static readonly object Gate = new object();

        public Trash(string folder)
        {
            Folder = Path.GetFullPath(folder);
        }

        public string Folder { get; }

        public static Trash In(string intermediateDirectory) => new Trash(Path.Combine(intermediateDirectory, "cache-trash"));

        /// <summary>Moves a folder into the trash by one rename (same volume); returns where it went.</summary>
        public string Put(string path)
        {
            Directory.CreateDirectory(Folder);
            string target = Path.Combine(Folder, FileTree.UniqueSuffix());
            Directory.Move(path, target);
            return target;
        }

        /// <summary>Removes everything in the trash now; failures are left for a later try.</summary>
        public void Empty()
        {
            lock (Gate)
            {
                if (!Directory.Exists(Folder))
                {
                    return;
                }

                foreach (string dir in Directory.GetDirectories(Folder))
                {
                    FileTree.TryDelete(dir);
                }
            }
        }

        /// <summary>Starts emptying the trash on a low-priority background thread that never keeps the process alive.</summary>
        public Thread? EmptyInBackground()
        {
            if (!Directory.Exists(Folder))
            {
                return null;
            }

            var thread = new Thread(() =>
            {
                try
                {
                    Empty();
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Left for the next build.
                }
            })
            {
                IsBackground = true,
                Priority = ThreadPriority.BelowNormal,
                Name = "HugoSite.Build cache trash",
            };
            thread.Start();
            return thread;
        }
    }
}
