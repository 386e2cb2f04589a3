using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;

namespace HugoSite.Build.Tasks.Phases
{
    /// <summary>
    /// Records phase starts and ends for one project's state file. The state lives in two places:
    /// an object registered with MSBuild for the build (fast, in-process) and the state file (so a task in
    /// another process, such as one run by TaskHostFactory, sees the same times). The file is the truth: the
    /// registered object is used only while the file still holds exactly what that object last wrote.
    /// </summary>
    public sealed class PhaseRecorder
    {
        private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

        private readonly IBuildEngine4? _engine;
        private readonly Func<DateTime> _utcNow;

        public PhaseRecorder(IBuildEngine? engine, Func<DateTime>? utcNow = null)
        {
            _engine = engine as IBuildEngine4;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>The key a project's phase state is registered under: the state file's full path.</summary>
        public static string RegistrationKey(string stateFile) => "HugoSite.Build.PhaseState|" + NormalizePath(stateFile);

        /// <summary>
        /// The current phase state for a state file: the registered object while it matches the file, else the file.
        /// For readers such as the analysis, which need the times but change nothing.
        /// </summary>
        public static PhaseStore Read(IBuildEngine? engine, string stateFile)
        {
            SharedPhaseState? shared = Find(engine as IBuildEngine4, RegistrationKey(stateFile));
            if (shared != null)
            {
                lock (shared.Gate)
                {
                    byte[]? bytes = TryReadAll(stateFile);
                    if (bytes == null || bytes.Length == 0 || shared.LastBytes != null && BytesEqual(bytes, shared.LastBytes))
                    {
                        return shared.Store.Clone();
                    }
                }
            }

            return PhaseStore.Load(stateFile);
        }

        /// <summary>Applies a start or end taken at clock value <paramref name="now"/> (read it before any I/O).</summary>
        public PhaseOutcome Record(string stateFile, string phase, PhaseAction action, long now)
        {
            string key = RegistrationKey(stateFile);
            SharedPhaseState? shared = Find(_engine, key);
            bool isNew = shared == null;
            shared ??= new SharedPhaseState();

            PhaseOutcome outcome;
            lock (shared.Gate)
            {
                FileStream? file = Open(stateFile, out string? problem);
                try
                {
                    var warnings = new List<PhaseWarning>();
                    PhaseStore store = Current(shared, isNew, file, stateFile, warnings);
                    outcome = PhaseTracker.Apply(store, phase, action, now, Stopwatch.Frequency, _utcNow());
                    outcome.Warnings.InsertRange(0, warnings);
                    shared.Store = store;
                    if (file != null)
                    {
                        problem = Write(file, store.ToJson(), shared);
                    }

                    // On a problem the times stay in memory; the registered object carries the build on in this process.
                    shared.FileBroken = problem != null;
                    if (problem != null && !shared.WarnedUnwritable)
                    {
                        shared.WarnedUnwritable = true;
                        outcome.Warnings.Add(new PhaseWarning(PhaseCodes.StateNotWritten, string.Format(CultureInfo.InvariantCulture,
                            "Could not write the phase state file '{0}': {1} Phase times are kept in memory for this build, so tasks run out of process will not see them. Make sure the intermediate folder is writable.",
                            stateFile, problem)));
                    }
                }
                finally
                {
                    file?.Dispose();
                }
            }

            if (isNew && _engine != null)
            {
                try
                {
                    _engine.RegisterTaskObject(key, shared, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
                }
                catch (Exception ex) when (ex is NotImplementedException || ex is NotSupportedException || ex is InvalidOperationException)
                {
                    // Some hosts do not keep task objects; the state file still carries the times.
                }
            }

            return outcome;
        }

        /// <summary>Opens the state file exclusively (creating its folder); null with the problem when it cannot be.</summary>
        private static FileStream? Open(string stateFile, out string? problem)
        {
            problem = null;
            try
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(stateFile));
                if (!string.IsNullOrEmpty(dir))
                {
                    Directory.CreateDirectory(dir);
                }

                return LockedFile.Open(stateFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, LockTimeout);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
            {
                problem = ex.Message;
                return null;
            }
        }

        /// <summary>Rewrites the open state file with <paramref name="json"/>; the problem, or null.</summary>
        private static string? Write(FileStream file, byte[] json, SharedPhaseState shared)
        {
            try
            {
                file.Position = 0;
                file.Write(json, 0, json.Length);
                file.SetLength(json.Length);
                file.Flush();
                shared.LastBytes = json;
                return null;
            }
            catch (IOException ex)
            {
                shared.LastBytes = null;
                return ex.Message;
            }
        }

        private static PhaseStore Current(SharedPhaseState shared, bool isNew, FileStream? file, string stateFile, List<PhaseWarning> warnings)
        {
            if (file == null)
            {
                // No file to compare with: what this process remembers is all there is.
                return isNew ? new PhaseStore() : shared.Store;
            }

            byte[] bytes = LockedFile.ReadAll(file);
            if (!isNew && (shared.FileBroken || bytes.Length == 0 || shared.LastBytes != null && BytesEqual(bytes, shared.LastBytes)))
            {
                return shared.Store;
            }

            if (bytes.Length == 0)
            {
                return new PhaseStore();
            }

            if (PhaseStore.TryParse(bytes, out PhaseStore? parsed, out string? problem) && parsed != null)
            {
                return parsed;
            }

            warnings.Add(new PhaseWarning(PhaseCodes.StateUnreadable, string.Format(CultureInfo.InvariantCulture,
                "The phase state file '{0}' could not be read ({1}); phase times start afresh. It is rewritten now; if this repeats, delete the file.",
                stateFile, problem)));
            return isNew ? new PhaseStore() : shared.Store;
        }

        private static SharedPhaseState? Find(IBuildEngine4? engine, string key)
        {
            if (engine == null)
            {
                return null;
            }

            try
            {
                // Another version of this assembly in the same node registers its own type: treat it as absent.
                return engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) as SharedPhaseState;
            }
            catch (Exception ex) when (ex is NotImplementedException || ex is NotSupportedException || ex is InvalidOperationException)
            {
                return null;
            }
        }

        private static byte[]? TryReadAll(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static bool BytesEqual(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string NormalizePath(string path)
        {
            string full = Path.GetFullPath(path);
            return Compat.PathCompat.IsCaseSensitive ? full : full.ToUpperInvariant();
        }

        /// <summary>The object registered with MSBuild for one state file.</summary>
        private sealed class SharedPhaseState
        {
            public readonly object Gate = new object();

            public PhaseStore Store { get; set; } = new PhaseStore();

            /// <summary>The bytes this process last wrote to the file; the file still matching them means nobody else wrote since.</summary>
            public byte[]? LastBytes { get; set; }

            /// <summary>The file could not be written: the in-memory state is ahead of it.</summary>
            public bool FileBroken { get; set; }

            public bool WarnedUnwritable { get; set; }
        }
    }
}
