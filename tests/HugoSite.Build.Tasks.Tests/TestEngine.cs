using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using Moq;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// A mocked <see cref="IBuildEngine4"/>: collects every logged event and keeps registered task objects,
    /// so a test can run a task without MSBuild and assert on what it logged.
    /// </summary>
    public sealed class TestEngine
    {
        private readonly ConcurrentDictionary<object, object> _objects = new();

        public TestEngine()
        {
            Mock = new Mock<IBuildEngine4>();
            Mock.Setup(e => e.LogErrorEvent(It.IsAny<BuildErrorEventArgs>())).Callback<BuildErrorEventArgs>(e => Errors.Add(e));
            Mock.Setup(e => e.LogWarningEvent(It.IsAny<BuildWarningEventArgs>())).Callback<BuildWarningEventArgs>(e => Warnings.Add(e));
            Mock.Setup(e => e.LogMessageEvent(It.IsAny<BuildMessageEventArgs>())).Callback<BuildMessageEventArgs>(e => Messages.Add(e));
            Mock.Setup(e => e.LogCustomEvent(It.IsAny<CustomBuildEventArgs>()));
            Mock.Setup(e => e.ProjectFileOfTaskNode).Returns("test.proj");
            Mock.Setup(e => e.ContinueOnError).Returns(false);
            Mock.Setup(e => e.RegisterTaskObject(It.IsAny<object>(), It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>(), It.IsAny<bool>()))
                .Callback<object, object, RegisteredTaskObjectLifetime, bool>((k, v, _, _) => _objects[k] = v);
            Mock.Setup(e => e.GetRegisteredTaskObject(It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>()))
                .Returns<object, RegisteredTaskObjectLifetime>((k, _) => _objects.TryGetValue(k, out var v) ? v : null!);
            Mock.Setup(e => e.UnregisterTaskObject(It.IsAny<object>(), It.IsAny<RegisteredTaskObjectLifetime>()))
                .Returns<object, RegisteredTaskObjectLifetime>((k, _) => _objects.TryRemove(k, out var v) ? v : null!);
        }

        public Mock<IBuildEngine4> Mock { get; }

        public IBuildEngine4 Object => Mock.Object;

        public ConcurrentBag<BuildErrorEventArgs> Errors { get; } = new();

        public ConcurrentBag<BuildWarningEventArgs> Warnings { get; } = new();

        public ConcurrentBag<BuildMessageEventArgs> Messages { get; } = new();

        public IDictionary RegisteredObjects => _objects;

        /// <summary>Codes of every error, in no particular order.</summary>
        public IReadOnlyList<string> ErrorCodes => Errors.Select(e => e.Code).ToList();

        public IReadOnlyList<string> WarningCodes => Warnings.Select(e => e.Code).ToList();

        public bool HasMessage(string fragment) => Messages.Any(m => m.Message?.Contains(fragment, StringComparison.Ordinal) == true);

        public string AllText() => string.Join("\n", Errors.Select(e => "error " + e.Code + ": " + e.Message)
            .Concat(Warnings.Select(w => "warning " + w.Code + ": " + w.Message))
            .Concat(Messages.Select(m => m.Message)));
    }

    /// <summary>A fresh temporary folder per test, removed afterwards.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hsb-test-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

        /// <summary>Writes a file (creating folders) and returns its full path.</summary>
        public string Write(string relative, string content = "x")
        {
            string full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        public void Dispose()
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
                    {
                        File.SetAttributes(f, FileAttributes.Normal);
                    }

                    Directory.Delete(Path, true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
