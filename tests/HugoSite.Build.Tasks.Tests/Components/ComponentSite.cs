using System.Collections.Concurrent;
using HugoSite.Build.Tasks.Components;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Moq;

namespace HugoSite.Build.Tasks.Tests.Components
{
    /// <summary>
    /// A throw-away site for component tests: a components/ folder, a work/ folder, a marks/ folder commands write
    /// marker files to, and a log that keeps every event in the order it was raised.
    /// </summary>
    public sealed class ComponentSite : IDisposable
    {
        private readonly TempDir _dir = new();

        public ComponentSite()
        {
            Directory.CreateDirectory(ComponentsDir);
            Directory.CreateDirectory(WorkDir);
            Directory.CreateDirectory(Marks);
            Engine = new TestEngine();
            Engine.Mock.Setup(e => e.LogMessageEvent(It.IsAny<BuildMessageEventArgs>())).Callback<BuildMessageEventArgs>(e =>
            {
                Engine.Messages.Add(e);
                Events.Enqueue(e);
            });
            Engine.Mock.Setup(e => e.LogErrorEvent(It.IsAny<BuildErrorEventArgs>())).Callback<BuildErrorEventArgs>(e =>
            {
                Engine.Errors.Add(e);
                Events.Enqueue(e);
            });
            Engine.Mock.Setup(e => e.LogWarningEvent(It.IsAny<BuildWarningEventArgs>())).Callback<BuildWarningEventArgs>(e =>
            {
                Engine.Warnings.Add(e);
                Events.Enqueue(e);
            });
        }

        public string Root => _dir.Path;

        public string ComponentsDir => _dir.Combine("components");

        public string WorkDir => _dir.Combine("work");

        /// <summary>Where commands leave marker files ($MARKS in every command's environment).</summary>
        public string Marks => _dir.Combine("marks");

        public TestEngine Engine { get; }

        /// <summary>Every logged event in the order it arrived.</summary>
        public ConcurrentQueue<BuildEventArgs> Events { get; } = new();

        /// <summary>The message texts in arrival order.</summary>
        public List<string> MessageTexts => Events.OfType<BuildMessageEventArgs>().Select(m => m.Message ?? string.Empty).ToList();

        /// <summary>Creates components/NAME/ with an optional component.json and files under files/.</summary>
        public string AddComponent(string name, string? manifestJson = null, params (string Path, string Content)[] files)
        {
            string folder = Path.Combine(ComponentsDir, name);
            Directory.CreateDirectory(folder);
            if (manifestJson != null)
            {
                File.WriteAllText(Path.Combine(folder, "component.json"), manifestJson);
            }

            foreach (var (path, content) in files)
            {
                string full = Path.Combine(folder, "files", path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }

            return folder;
        }

        /// <summary>Writes a file into a component's folder (next to component.json), e.g. a script.</summary>
        public string AddComponentFile(string name, string relative, string content)
        {
            string full = Path.Combine(ComponentsDir, name, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        /// <summary>An item for a component: name plus metadata pairs ("Command", "echo hi", ...).</summary>
        public static ITaskItem Item(string name, params string[] metadata)
        {
            var item = new TaskItem(name);
            for (int i = 0; i + 1 < metadata.Length; i += 2)
            {
                item.SetMetadata(metadata[i], metadata[i + 1]);
            }

            return item;
        }

        /// <summary>A component that runs an inline shell command, with MARKS in its environment.</summary>
        public ITaskItem Shell(string name, string command, params string[] metadata)
        {
            AddComponent(name);
            var pairs = new List<string> { "Command", command, "Environment", "MARKS=" + Marks };
            pairs.AddRange(metadata);
            return Item(name, pairs.ToArray());
        }

        public InitComponents Task(params ITaskItem[] items) => new()
        {
            BuildEngine = Engine.Object,
            Components = items,
            WorkDirectory = WorkDir,
            SiteDirectory = Root,
            ComponentsDirectory = ComponentsDir,
            Template = "default",
            Theme = "compose",
        };

        public string Mark(string name) => Path.Combine(Marks, name);

        public bool HasMark(string name) => File.Exists(Mark(name));

        public static IDictionary<string, ITaskItem> ByName(InitComponents task) => task.Results.ToDictionary(r => r.ItemSpec);

        public static string ResultOf(InitComponents task, string name) => ByName(task)[name].GetMetadata("Result");

        public void Dispose() => _dir.Dispose();
    }
}
