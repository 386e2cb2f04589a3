using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Copy
{
    /// <summary>A copy's result as ParallelCopy's output items.</summary>
    internal static class CopyTaskItems
    {
        private static readonly char[] MsBuildSpecial = { '%', '*', '?', '@', '$', '(', ')', ';', '\'' };

        /// <summary>Links followed outside the sources, with metadata LinkTarget.</summary>
        public static ITaskItem[] ExternalLinks(CopyResult? result)
        {
            var links = result?.ExternalLinks ?? Array.Empty<KeyValuePair<string, string>>();
            var items = new ITaskItem[links.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = new TaskItem(links[i].Key);
                items[i].SetMetadata("LinkTarget", links[i].Value);
            }

            return items;
        }

        /// <summary>Destination files copied (in plan order), with metadata SourceFile.</summary>
        public static ITaskItem[] CopiedFiles(CopyResult? result)
        {
            var items = new List<ITaskItem>(result?.CopiedCount ?? 0);
            foreach (var file in result?.Files ?? Array.Empty<PlannedFile>())
            {
                if (file.Succeeded)
                {
                    var item = new TaskItem(EscapeItemSpec(file.DestinationPath));
                    item.SetMetadata("SourceFile", EscapeItemSpec(file.SourcePath));
                    items.Add(item);
                }
            }

            return items.ToArray();
        }

        public static ITaskItem[] RemovedFiles(CopyResult? result)
        {
            var removed = result?.Removed ?? new List<string>();
            var items = new ITaskItem[removed.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = new TaskItem(EscapeItemSpec(removed[i]));
            }

            return items;
        }

        /// <summary>TaskItem takes escaped text; a path with '%', ';', '*' and the like must reach MSBuild literally.</summary>
        internal static string EscapeItemSpec(string path)
        {
            if (path.IndexOfAny(MsBuildSpecial) < 0)
            {
                return path;
            }

            var builder = new StringBuilder(path.Length + 8);
            foreach (char c in path)
            {
                if (Array.IndexOf(MsBuildSpecial, c) >= 0)
                {
                    builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>Forwards the copy's reports to MSBuild's log, one at a time.</summary>
    internal sealed class TaskCopyLog : ICopyLog
    {
        private readonly TaskLoggingHelper _log;
        private readonly object _gate = new object();

        public TaskCopyLog(TaskLoggingHelper log)
        {
            _log = log;
            LogsLowImportance = log.LogsMessagesOfImportance(MessageImportance.Low);
        }

        public bool LogsLowImportance { get; }

        public void Error(string code, string? file, string message)
        {
            lock (_gate)
            {
                _log.LogError(null, code, null, file, 0, 0, 0, 0, message);
            }
        }

        public void Warning(string code, string? file, string message)
        {
            lock (_gate)
            {
                _log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
            }
        }

        public void Message(MessageImportance importance, string message)
        {
            lock (_gate)
            {
                _log.LogMessage(importance, message);
            }
        }
    }
}
