using System.Globalization;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Output
{
    /// <summary>What a publish says about the user's files, the same after a Hugo run and after a cache restore.</summary>
    internal static class OutputMessages
    {
        private const int Named = 5;

        /// <summary>HSB0103, raised by the guard before a build and by the publish itself should the folder become a file meanwhile.</summary>
        public static string OutputIsFile(string path) =>
            "The output folder '" + path + "' is a file. Set HugoOutputDir to a folder (it is created when missing); the file was not changed.";

        public static void Report(TaskLoggingHelper log, PublishResult published)
        {
            if (published.Kept.Count > 0)
            {
                log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    "Kept {0} file(s) and folder(s) in '{1}' that no build of this project published: {2}",
                    published.Kept.Count, published.Output, First(published.Kept));
            }

            if (published.Replaced.Count > 0)
            {
                log.LogWarning(null, OutputCodes.UserFileReplaced, null, published.Output, 0, 0, 0, 0,
                    "The site now publishes {0} path(s) in '{1}' that held your own files, which no build of this project wrote: {2}. The site's version is in place; yours were moved to '{3}'. Take what you need from there, and keep your own files at paths the site does not use.",
                    published.Replaced.Count.ToString(CultureInfo.InvariantCulture), published.Output, First(published.Replaced), published.SavedFolder);
            }

            if (published.LeftOver != null)
            {
                log.LogWarning(null, OutputCodes.OldSiteNotRemoved, null, published.LeftOver, 0, 0, 0, 0,
                    "The new site is in place in '{0}', but the previous one, moved aside to '{1}', could not be removed: {2} It holds only files the build published; delete it when whatever holds it lets go.",
                    published.Output, published.LeftOver, published.LeftOverReason);
            }
        }

        private static string First(System.Collections.Generic.List<string> paths) =>
            paths.Count <= Named ? string.Join(", ", paths) : string.Join(", ", paths.GetRange(0, Named)) + " and " + (paths.Count - Named).ToString(CultureInfo.InvariantCulture) + " more";
    }
}
