using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using HugoSite.Build.Tasks.Hugo;
using HugoSite.Build.Tasks.Output;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// Runs Hugo on the composed work folder into a staging folder and, only when Hugo succeeds, replaces the
    /// site output with it. Hugo's errors become MSBuild errors at the user's own source file where possible;
    /// its statistics, its own total time and its peak memory are returned for the history record.
    /// </summary>
    public sealed class RunHugo : Microsoft.Build.Utilities.Task, ICancelableTask
    {
        private readonly HugoRunner _runner = new HugoRunner();

        [Required] public string Executable { get; set; } = string.Empty;

        /// <summary>The composed work folder Hugo builds from.</summary>
        [Required] public string SourceDirectory { get; set; } = string.Empty;

        /// <summary>Where Hugo writes; emptied first.</summary>
        [Required] public string StagingDirectory { get; set; } = string.Empty;

        /// <summary>The site output (public/), replaced by the staging folder after a successful build.</summary>
        [Required] public string OutputDirectory { get; set; } = string.Empty;

        /// <summary>obj/hugo: the published-file list, the publish journal and the Hugo process record; default the staging folder's parent.</summary>
        public string? IntermediateDirectory { get; set; }

        public string? Theme { get; set; }

        public string? Environment { get; set; }

        public string? BaseUrl { get; set; }

        /// <summary>Extra arguments for Hugo, as one string ("--minify --gc").</summary>
        public string? Arguments { get; set; }

        /// <summary>Seconds Hugo may run before it is stopped (HSB0006); 0 or less: no limit.</summary>
        public int TimeoutSeconds { get; set; } = 600;

        /// <summary>The site's project file: Hugo errors that name no file are filed under it.</summary>
        public string? ProjectFile { get; set; }

        /// <summary>
        /// Where the work folder's parts came from: ItemSpec is a folder relative to the work folder ("content",
        /// "themes/compose", "" for the template), SourceFolder the user's folder. Used to point errors at the
        /// user's file instead of its copy.
        /// </summary>
        public ITaskItem[] SourceMap { get; set; } = Array.Empty<ITaskItem>();

        [Output] public double TotalMilliseconds { get; private set; }

        [Output] public double PeakMemoryMb { get; private set; }

        [Output] public string Statistics { get; private set; } = string.Empty;

        [Output] public int ExitCode { get; private set; } = -1;

        /// <summary>true: Hugo also runs with --templateMetrics --templateMetricsHints and <see cref="Templates"/> returns its table.</summary>
        public bool TemplateMetrics { get; set; }

        /// <summary>With <see cref="TemplateMetrics"/>: the slowest templates (see Report.ReportFields.ToItems).</summary>
        [Output] public ITaskItem[] Templates { get; private set; } = Array.Empty<ITaskItem>();

        public void Cancel() => _runner.Cancel();

        public override bool Execute()
        {
            if (!Directory.Exists(SourceDirectory))
            {
                Log.LogError(null, HugoCodes.MissingWorkFolder, null, SourceDirectory, 0, 0, 0, 0,
                    "The work folder '" + SourceDirectory + "' does not exist, so Hugo has nothing to build. Run a full build (dotnet build -t:Rebuild).");
                return false;
            }

            string staging = Path.GetFullPath(StagingDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            string intermediate = string.IsNullOrEmpty(IntermediateDirectory) ? Path.GetDirectoryName(staging)! : Path.GetFullPath(IntermediateDirectory);
            try
            {
                Cache.FileTree.Delete(StagingDirectory);
                Directory.CreateDirectory(StagingDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(null, HugoCodes.StagingNotEmptied, null, StagingDirectory, 0, 0, 0, 0,
                    "The staging folder '" + StagingDirectory + "' could not be emptied: " + e.Message +
                    " Hugo was not run and the previous site in '" + OutputDirectory + "' is unchanged. Stop whatever still writes there (a Hugo left running by an interrupted build) and build again.");
                return false;
            }

            List<string> arguments = HugoBuildArguments.For(SourceDirectory, StagingDirectory, Theme, Environment, BaseUrl, Arguments, TemplateMetrics);
            Log.LogMessage(MessageImportance.Normal, "{0} {1}", Executable, CommandLine.Join(arguments));
            HugoRunResult result;
            try
            {
                result = _runner.Run(Executable, arguments, SourceDirectory, TimeoutSeconds > 0 ? TimeSpan.FromSeconds(TimeoutSeconds) : Timeout.InfiniteTimeSpan,
                    onStarted: process => HugoProcessRecord.Write(intermediate, process));
            }
            finally
            {
                HugoProcessRecord.Clear(intermediate);
            }

            ExitCode = result.ExitCode;
            PeakMemoryMb = Math.Round(result.PeakMemoryBytes / (1024.0 * 1024.0), 1);
            TotalMilliseconds = HugoOutput.ParseTotalMilliseconds(result.Lines) ?? result.ElapsedMilliseconds;
            Statistics = HugoOutput.FormatStatistics(HugoOutput.ParseStatistics(result.Lines));
            Templates = TemplateMetrics ? HugoSite.Build.Tasks.Report.ReportFields.ToItems(TemplateMetricsTable.Top(result.Lines)) : Array.Empty<ITaskItem>();

            if (!HugoBuildLog.Report(result, SourceMapping(), ProjectPath(), OutputDirectory, Arguments, TimeoutSeconds, Log))
            {
                return false;
            }

            if (!Publish(staging, intermediate))
            {
                return false;
            }

            Log.LogMessage(MessageImportance.Normal, "Hugo built {0} in {1:0} ms ({2}); peak memory {3:0.0} MiB",
                OutputDirectory, TotalMilliseconds, Statistics, PeakMemoryMb);
            return true;
        }

        /// <summary>The staged site replaces the output; the user's own files in the output stay.</summary>
        private bool Publish(string staging, string intermediate)
        {
            PublishResult published;
            try
            {
                published = OutputPublisher.PublishStaged(staging, OutputDirectory, intermediate);
            }
            catch (OutputIsFileException e)
            {
                Log.LogError(null, OutputCodes.OutputIsAFile, null, BuildEngine?.ProjectFileOfTaskNode ?? string.Empty, 0, 0, 0, 0,
                    OutputMessages.OutputIsFile(e.Path));
                return false;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(null, HugoCodes.CannotPublish, null, OutputDirectory, 0, 0, 0, 0,
                    "Hugo built the site but it could not be put in place of '" + OutputDirectory + "': " + e.Message +
                    " The previous site was kept unchanged. Check that the folder and its parent are writable and not a mount point, close programs that hold files in it open, and build again.");
                return false;
            }

            OutputMessages.Report(Log, published);
            return true;
        }

        private WorkFolderMap SourceMapping()
        {
            var parts = new List<KeyValuePair<string, string>>(SourceMap.Length);
            foreach (ITaskItem item in SourceMap)
            {
                parts.Add(new KeyValuePair<string, string>(item.ItemSpec, item.GetMetadata("SourceFolder")));
            }

            return new WorkFolderMap(SourceDirectory, parts);
        }

        /// <summary>The project being built: where errors that name no file of the site belong (never the package's targets).</summary>
        private string ProjectPath() =>
            !string.IsNullOrWhiteSpace(ProjectFile) ? ProjectFile! : BuildEngine?.ProjectFileOfTaskNode ?? string.Empty;
    }
}
