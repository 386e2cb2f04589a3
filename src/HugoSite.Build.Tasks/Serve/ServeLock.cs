using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using HugoSite.Build.Tasks.Processes;

namespace HugoSite.Build.Tasks.Serve
{
    /// <summary>Who holds a project's preview: the process and where it serves.</summary>
    internal sealed class ServeOwner
    {
        public int ProcessId { get; set; }

        public string Url { get; set; } = string.Empty;

        public string Started { get; set; } = string.Empty;
    }

    /// <summary>
    /// One preview per project: a state file in the preview's folder, created exclusively, holding the owner's
    /// process id and address. A file left by a process that is gone (killed, machine restarted) is taken over.
    /// The build's own files are never involved, so a build of the same project runs while the preview serves.
    /// </summary>
    internal sealed class ServeLock : IDisposable
    {
        private readonly string _path;
        private readonly ServeOwner _owner;
        private bool _released;

        private ServeLock(string path, ServeOwner owner)
        {
            _path = path;
            _owner = owner;
        }

        /// <summary>Takes the lock, or returns null with the live owner in <paramref name="holder"/>.</summary>
        public static ServeLock? TryAcquire(string path, int processId, out ServeOwner? holder, Func<int, bool>? isAlive = null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var owner = new ServeOwner { ProcessId = processId, Started = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture) };
            for (int attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                    {
                        byte[] bytes = Serialize(owner);
                        stream.Write(bytes, 0, bytes.Length);
                    }

                    holder = null;
                    return new ServeLock(path, owner);
                }
                catch (IOException) when (File.Exists(path))
                {
                    holder = LiveOwner(path, processId, isAlive);
                    if (holder != null)
                    {
                        return null;
                    }

                    // Left by a preview that is gone (or unreadable, half written by one that died): take it over.
                    try
                    {
                        File.Delete(path);
                    }
                    catch (IOException)
                    {
                    }
                }
            }

            holder = Read(path);
            return null;
        }

        /// <summary>The owner in the state file when it is another process that still runs; null when the preview is free to take.</summary>
        public static ServeOwner? LiveOwner(string path, int processId, Func<int, bool>? isAlive = null)
        {
            var owner = File.Exists(path) ? Read(path) : null;
            bool live = owner != null && owner.ProcessId > 0 && owner.ProcessId != processId && (isAlive ?? ProcessTree.IsAlive)(owner.ProcessId);
            return live ? owner : null;
        }

        public static ServeOwner? Read(string path)
        {
            try
            {
                using (var document = JsonDocument.Parse(File.ReadAllBytes(path)))
                {
                    var root = document.RootElement;
                    return new ServeOwner
                    {
                        ProcessId = root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out int id) ? id : 0,
                        Url = root.TryGetProperty("url", out var url) ? url.GetString() ?? string.Empty : string.Empty,
                        Started = root.TryGetProperty("started", out var started) ? started.GetString() ?? string.Empty : string.Empty,
                    };
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException || ex is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>Records where the preview serves, for a second preview to say.</summary>
        public void SetUrl(string url)
        {
            _owner.Url = url;
            string temporary = _path + "." + _owner.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            File.WriteAllBytes(temporary, Serialize(_owner));
            File.Copy(temporary, _path, true);
            File.Delete(temporary);
        }

        public void Dispose()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            var current = Read(_path);
            if (current == null || current.ProcessId == _owner.ProcessId)
            {
                try
                {
                    File.Delete(_path);
                }
                catch (IOException)
                {
                }
            }
        }

        private static byte[] Serialize(ServeOwner owner)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("pid", owner.ProcessId);
                    writer.WriteString("url", owner.Url);
                    writer.WriteString("started", owner.Started);
                    writer.WriteEndObject();
                }

                return stream.ToArray();
            }
        }
    }
}
