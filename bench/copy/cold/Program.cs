using System.Collections;
using System.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using HugoSite.Build.Tasks;

// Usage: cold <samplesDir> <workDir> [fileToTouch]
// Mirrors samples/templates/default, samples/themes/compose and samples/DocsSite/content into <workDir>
// (as the build does: Mirror=true, MirrorRoot=<workDir>, the default Exclude and Preserve). Before each of the
// two Executes in this one process it changes the time of fileToTouch, so each copies one file. Prints both times.
string samples = args[0];
string work = args[1].TrimEnd('/') + "/";
string template = Path.Combine(samples, "templates/default");
string theme = Path.Combine(samples, "themes/compose");
string content = Path.Combine(samples, "DocsSite/content");

ITaskItem Source(string dir, string dest)
{
    var item = new TaskItem(dir);
    item.SetMetadata("DestinationFolder", dest);
    item.SetMetadata("Exclude", ".git;.DS_Store;Thumbs.db");
    return item;
}

ParallelCopy NewTask() => new ParallelCopy
{
    BuildEngine = new Eng(),
    Sources = new[] { Source(template, work), Source(theme, work + "themes/compose/"), Source(content, work + "content/") },
    Mirror = true,
    MirrorRoot = work,
    Preserve = new[] { ".hugo_build.lock;resources/**" },
    OverwriteReadOnlyFiles = true,
    Parallel = Environment.GetEnvironmentVariable("COLD_PARALLEL") != "false",
};

// One changed source file, as in an edit-and-build loop.
void Touch() { if (args.Length > 2) File.SetLastWriteTimeUtc(args[2], DateTime.UtcNow); }

Touch();
var sw = Stopwatch.StartNew();
var t1 = NewTask();
bool ok1 = t1.Execute();
double first = sw.Elapsed.TotalMilliseconds;
int copied1 = t1.CopiedCount;

Touch();
sw.Restart();
var t2 = NewTask();
bool ok2 = t2.Execute();
double second = sw.Elapsed.TotalMilliseconds;
Console.WriteLine($"first {first:0.0} ms (copied {copied1}, ok {ok1}) second {second:0.0} ms (copied {t2.CopiedCount}, skipped {t2.SkippedCount}, jobs {t2.Jobs}, ok {ok2})");

class Eng : IBuildEngine4
{
    public bool IsRunningMultipleNodes => false;
    public bool ContinueOnError => false; public int LineNumberOfTaskNode => 0; public int ColumnNumberOfTaskNode => 0; public string ProjectFileOfTaskNode => "x.proj";
    public void LogErrorEvent(BuildErrorEventArgs e) => Console.WriteLine("E " + e.Message);
    public void LogWarningEvent(BuildWarningEventArgs e) => Console.WriteLine("W " + e.Message);
    public void LogMessageEvent(BuildMessageEventArgs e) { if (Environment.GetEnvironmentVariable("COLD_VERBOSE") == "1") Console.WriteLine("M " + e.Message); }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string a, string[] b, IDictionary c, IDictionary d) => true;
    public bool BuildProjectFile(string a, string[] b, IDictionary c, IDictionary d, string v) => true;
    public bool BuildProjectFilesInParallel(string[] a, string[] b, IDictionary[] c, IDictionary[] d, string[] e, bool f, bool g) => true;
    public BuildEngineResult BuildProjectFilesInParallel(string[] a, string[] b, IDictionary[] c, IList<string>[] d, string[] e, bool f) => default;
    public void Yield() { } public void Reacquire() { }
    public void RegisterTaskObject(object k, object o, RegisteredTaskObjectLifetime l, bool a) { }
    public object GetRegisteredTaskObject(object k, RegisteredTaskObjectLifetime l) => null;
    public object UnregisterTaskObject(object k, RegisteredTaskObjectLifetime l) => null;
}
