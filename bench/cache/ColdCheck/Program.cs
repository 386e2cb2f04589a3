using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// usage: ColdCheck <task dll> <samples root> <site folder name> <cache dir> [runs=2] [restore=true] [prewarm=true]
// <samples root> holds templates/, themes/, components/ and the site folder, as run-sample.sh lays them out.
internal static class Program
{
    private static int Main(string[] args)
    {
        long processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;
        string dll = Path.GetFullPath(args[0]);
        string root = Path.GetFullPath(args[1]);
        string site = Path.Combine(root, args[2]);
        string cache = Path.GetFullPath(args[3]);
        int runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
        bool restore = args.Length <= 5 || bool.Parse(args[5]);
        bool prewarm = args.Length <= 6 || bool.Parse(args[6]);

        if (prewarm)
        {
            Prewarm(site);
        }

        // What the targets pass (HugoSite.Build.targets, _HugoCollectInputs): DocsSite's template, theme, content, components.
        string template = Path.Combine(root, "templates", "default") + "/";
        string theme = Path.Combine(root, "themes", "compose") + "/";
        string content = Path.Combine(site, "content") + "/";
        string work = Path.Combine(site, "obj", "hugo", "work") + "/";
        var inputs = new List<ITaskItem>();
        var components = new List<ITaskItem>();
        foreach (string dir in new[] { template, theme, content })
        {
            AddFiles(inputs, dir);
        }

        foreach (string name in new[] { "search", "analytics" })
        {
            string folder = Path.Combine(root, "components", name) + "/";
            AddFiles(inputs, folder);
            var item = new TaskItem(name);
            foreach (string meta in new[] { "AlwaysRun", "Arguments", "Command", "DependsOn", "TimeoutSeconds", "WorkingDirectory" })
            {
                item.SetMetadata(meta, string.Empty);
            }

            item.SetMetadata("Environment", name == "analytics" ? "HUGO_ANALYTICS_ID=docs-demo-001" : string.Empty);
            item.SetMetadata("SourceFolder", folder);
            components.Add(item);
        }

        var sources = new List<ITaskItem>
        {
            Source(template, work, "template"),
            Source(theme, work + "themes/compose/", "theme"),
            Source(content, work + "content/", "content"),
        };

        long loadStarted = Stopwatch.GetTimestamp();
        TimeSpan jit0 = System.Runtime.JitInfo.GetCompilationTime();
        Assembly assembly = Assembly.LoadFrom(dll);
        Type type = assembly.GetType("HugoSite.Build.Tasks.HugoCacheCheck", throwOnError: true);
        Console.WriteLine("load {0:0.0} ms, since process start {1:0} ms",
            Ms(loadStarted), (DateTime.UtcNow.Ticks - processStart) / 10000.0);

        var values = new Dictionary<string, object>
        {
            ["IntermediateDirectory"] = Path.Combine(site, "obj", "hugo") + "/",
            ["OutputDirectory"] = Path.Combine(site, "public") + "/",
            ["CacheDirectory"] = cache,
            ["WorkDirectory"] = work,
            ["ProjectDirectory"] = site,
            ["Inputs"] = inputs.ToArray(),
            ["Sources"] = sources.ToArray(),
            ["Components"] = components.ToArray(),
            ["HugoVersion"] = "0.111.3",
            ["Template"] = "default",
            ["Theme"] = "compose",
            ["ComponentNames"] = "search;analytics",
            ["Environment"] = "production",
            ["IgnoreAlwaysRun"] = false,
            ["Restore"] = restore,
            ["RestoreMode"] = "auto",
            ["Verify"] = "content",
        };

        for (int run = 1; run <= runs; run++)
        {
            var engine = new Engine();
            TimeSpan jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            long methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            long started = Stopwatch.GetTimestamp();
            var task = (ITask)Activator.CreateInstance(type);
            task.BuildEngine = engine;
            foreach (KeyValuePair<string, object> p in values)
            {
                type.GetProperty(p.Key).SetValue(task, p.Value);
            }

            bool ok = task.Execute();
            string hit = Convert.ToString(type.GetProperty("Hit").GetValue(task), CultureInfo.InvariantCulture);
            string timings = (string)type.GetProperty("Timings").GetValue(task);
            double ms = Ms(started);
            TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
            long methods = System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore;
            Console.WriteLine("run {0}: {1:0.0} ms, jit {2:0.0} ms ({3} methods), ok={4} hit={5} | {6}",
                run, ms, jit.TotalMilliseconds, methods, ok, hit, timings);
            foreach (string m in engine.Problems)
            {
                Console.WriteLine("  " + m);
            }
        }

        Console.WriteLine("jit total since load {0:0.0} ms", (System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds);
        return 0;
    }

    private static double Ms(long since) => (Stopwatch.GetTimestamp() - since) * 1000.0 / Stopwatch.Frequency;

    private static TaskItem Source(string folder, string destination, string role)
    {
        var item = new TaskItem(folder);
        item.SetMetadata("DestinationFolder", destination);
        item.SetMetadata("Exclude", ".git;.DS_Store;Thumbs.db");
        item.SetMetadata("Role", role);
        return item;
    }

    private static void AddFiles(List<ITaskItem> items, string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (!file.Contains("/.git/", StringComparison.Ordinal))
            {
                items.Add(new TaskItem(file));
            }
        }
    }

    /// <summary>What MSBuild and the earlier tasks of a build have certainly used before the cache check runs.</summary>
    private static void Prewarm(string site)
    {
        string scratch = Path.Combine(Path.GetTempPath(), "coldcheck-prewarm-" + Environment.ProcessId);
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "a.txt"), "a\tb\n");
        using (var reader = new StreamReader(Path.Combine(scratch, "a.txt")))
        {
            _ = reader.ReadLine()?.Split('\t');
        }

        _ = new FileInfo(Path.Combine(scratch, "a.txt")).LastWriteTimeUtc;
        foreach (string f in Directory.EnumerateFiles(site))
        {
            _ = Path.GetFullPath(f);
        }

        Directory.Delete(scratch, true);
        var set = new HashSet<string>(StringComparer.Ordinal) { "x" };
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x"] = "y" };
        _ = string.Join(";", set) + map.Count.ToString(CultureInfo.InvariantCulture);
        using var done = new System.Threading.ManualResetEventSlim();
        System.Threading.ThreadPool.QueueUserWorkItem(_ => done.Set());
        done.Wait();
    }

    private sealed class Engine : IBuildEngine4
    {
        public List<string> Problems { get; } = new List<string>();

        public bool IsRunningMultipleNodes => false;

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "DocsSite.proj";

        public void LogErrorEvent(BuildErrorEventArgs e) => Problems.Add("error " + e.Code + ": " + e.Message);

        public void LogWarningEvent(BuildWarningEventArgs e) => Problems.Add("warning " + e.Code + ": " + e.Message);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public bool BuildProjectFile(string a, string[] b, IDictionary c, IDictionary d) => true;

        public bool BuildProjectFile(string a, string[] b, IDictionary c, IDictionary d, string v) => true;

        public bool BuildProjectFilesInParallel(string[] a, string[] b, IDictionary[] c, IDictionary[] d, string[] e, bool f, bool g) => true;

        public BuildEngineResult BuildProjectFilesInParallel(string[] a, string[] b, IDictionary[] c, IList<string>[] d, string[] e, bool f) => default;

        public void Yield()
        {
        }

        public void Reacquire()
        {
        }

        public void RegisterTaskObject(object k, object o, RegisteredTaskObjectLifetime l, bool a)
        {
        }

        public object GetRegisteredTaskObject(object k, RegisteredTaskObjectLifetime l) => null;

        public object UnregisterTaskObject(object k, RegisteredTaskObjectLifetime l) => null;
    }
}
