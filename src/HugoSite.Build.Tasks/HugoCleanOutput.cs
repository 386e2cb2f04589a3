using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.Cache;
using HugoSite.Build.Tasks.Output;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// dotnet clean: removes from the output folder exactly the files the build published there (obj/hugo/published.txt)
    /// and still as published, then the folders that leaves empty. The user's own files, files changed since, and
    /// <c>.git</c> stay, like after plain Hugo.
    /// </summary>
    public sealed class HugoCleanOutput : Microsoft.Build.Utilities.Task
    {
        [Required] public string IntermediateDirectory { get; set; } = string.Empty;

        [Output] public int RemovedCount { get; private set; }

        [Output] public int KeptCount { get; private set; }

        public override bool Execute()
        {
            PublishedList? list = PublishedList.Load(PublishedList.PathIn(Path.GetFullPath(IntermediateDirectory)));
            if (list == null || !Directory.Exists(list.Output))
            {
                return true;
            }

            var changed = new List<string>();
            foreach (PublishedFile file in list.Files)
            {
                string path = FileTree.Under(list.Output, file.Relative);
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    continue;
                }

                if (!file.Matches(info))
                {
                    changed.Add(file.Relative);
                    continue;
                }

                try
                {
                    FileTree.DeleteFile(path);
                    RemovedCount++;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning(null, OutputCodes.CleanFailed, null, path, 0, 0, 0, 0,
                        "'{0}' was published by the build but could not be removed: {1} Remove it by hand once nothing holds it.", path, e.Message);
                }
            }

            var folders = new List<string>(list.Directories);
            folders.Sort((a, b) => b.Length.CompareTo(a.Length));
            foreach (string folder in folders)
            {
                RemoveIfEmpty(FileTree.Under(list.Output, folder));
            }

            RemoveIfEmpty(list.Output);
            KeptCount = changed.Count;
            if (changed.Count > 0)
            {
                Log.LogMessage(MessageImportance.Normal, "Clean kept {0} published file(s) that changed since they were published: {1}",
                    changed.Count.ToString(CultureInfo.InvariantCulture), string.Join(", ", changed.GetRange(0, Math.Min(5, changed.Count))));
            }

            Log.LogMessage(MessageImportance.Normal, "Clean removed {0} published file(s) from '{1}'; anything else there was left as it was.",
                RemovedCount.ToString(CultureInfo.InvariantCulture), list.Output);
            return true;
        }

        private static void RemoveIfEmpty(string folder)
        {
            try
            {
                var info = new DirectoryInfo(folder);
                if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    using IEnumerator<FileSystemInfo> any = info.EnumerateFileSystemInfos().GetEnumerator();
                    if (!any.MoveNext())
                    {
                        info.Delete();
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A folder that cannot go stays; it holds nothing of the build's.
            }
        }
    }
}
