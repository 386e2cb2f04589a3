using System;
using System.Collections.Generic;
using System.IO;
using HugoSite.Build.Tasks.Output;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Checks, before anything is moved, that the output folder can be replaced without touching anything else: it
    /// may not be, contain or lie inside a source (template, theme, content, a component) or the build's own folders
    /// (obj/hugo, the cache), may not be or contain the project folder or HugoSourceRoot, and may not be a file.
    /// Links and <c>..</c> are resolved first; names are compared without case where the platform ignores it.
    /// </summary>
    public sealed class HugoGuardOutput : Microsoft.Build.Utilities.Task
    {
        [Required] public string OutputDirectory { get; set; } = string.Empty;

        [Required] public string ProjectDirectory { get; set; } = string.Empty;

        public string? SourceRoot { get; set; }

        /// <summary>The copy sources: ItemSpec the folder, Role its kind (template, theme, content).</summary>
        public ITaskItem[] Sources { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The components: SourceFolder metadata.</summary>
        public ITaskItem[] Components { get; set; } = Array.Empty<ITaskItem>();

        public string? IntermediateDirectory { get; set; }

        public string? CacheDirectory { get; set; }

        public override bool Execute()
        {
            string output;
            try
            {
                output = OutputPaths.Resolve(OutputDirectory);
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is NotSupportedException)
            {
                Log.LogError(null, OutputCodes.OverlapsSource, null, BuildEngine?.ProjectFileOfTaskNode ?? string.Empty, 0, 0, 0, 0,
                    "HugoOutputDir '" + OutputDirectory + "' cannot be used: " + e.Message + " Set HugoOutputDir to a folder of its own, such as public.");
                return false;
            }

            if (File.Exists(output))
            {
                Log.LogError(null, OutputCodes.OutputIsAFile, null, BuildEngine?.ProjectFileOfTaskNode ?? string.Empty, 0, 0, 0, 0,
                    OutputMessages.OutputIsFile(output));
                return false;
            }

            string? overlap = OutputGuard.FindOverlap(output, Folders());
            if (overlap != null)
            {
                Log.LogError(null, OutputCodes.OverlapsSource, null, BuildEngine?.ProjectFileOfTaskNode ?? string.Empty, 0, 0, 0, 0,
                    "HugoOutputDir '" + output + "' " + overlap + ", so replacing it would replace or remove files the build does not own. Nothing was changed. Set HugoOutputDir to a folder of its own, such as public.");
                return false;
            }

            return true;
        }

        private IEnumerable<GuardedFolder> Folders()
        {
            foreach (ITaskItem source in Sources)
            {
                string role = source.GetMetadata("Role");
                yield return new GuardedFolder("the " + (role.Length == 0 ? "source" : role) + " folder", Full(source.ItemSpec), OutputMayLieInside: false);
            }

            foreach (ITaskItem component in Components)
            {
                string folder = component.GetMetadata("SourceFolder");
                if (folder.Length > 0)
                {
                    yield return new GuardedFolder("the folder of component '" + component.ItemSpec + "'", Full(folder), OutputMayLieInside: false);
                }
            }

            if (!string.IsNullOrEmpty(IntermediateDirectory))
            {
                yield return new GuardedFolder("the build's intermediate folder", Full(IntermediateDirectory!), OutputMayLieInside: false);
            }

            if (!string.IsNullOrEmpty(CacheDirectory))
            {
                yield return new GuardedFolder("the build cache folder", Full(CacheDirectory!), OutputMayLieInside: false);
            }

            yield return new GuardedFolder("the project folder", Full(ProjectDirectory), OutputMayLieInside: true);
            if (!string.IsNullOrEmpty(SourceRoot))
            {
                yield return new GuardedFolder("HugoSourceRoot", Full(SourceRoot!), OutputMayLieInside: true);
            }
        }

        private string Full(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(ProjectDirectory, path));
    }
}
