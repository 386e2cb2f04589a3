using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Bench
{
    /// <summary>The least an MSBuild engine must do for RecordPhase: drop log events, keep registered objects.</summary>
    internal sealed class BenchEngine : IBuildEngine4
    {
        private readonly ConcurrentDictionary<object, object> _objects = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "bench.proj";

        public bool IsRunningMultipleNodes => false;

        public int Warnings { get; private set; }

        public void LogErrorEvent(BuildErrorEventArgs e) => throw new InvalidOperationException(e.Message);

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings++;

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => false;

        public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => false;

        public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => default;

        public void Yield()
        {
        }

        public void Reacquire()
        {
        }

        public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _objects[key] = obj;

        public object GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _objects.TryGetValue(key, out object? value) ? value : null!;

        public object UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _objects.TryRemove(key, out object? value) ? value : null!;
    }
}
