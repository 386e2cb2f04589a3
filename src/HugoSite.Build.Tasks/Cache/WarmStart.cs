using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// Gets a fresh build process ready for a cache hit while the check's own thread is still busy with what comes
    /// first. A `dotnet build` process compiles each method on its first call (about a millisecond per kilobyte
    /// of code on a busy machine), and in a small site that costs more than the hit's work. So, on thread-pool
    /// threads: the SHA-256 provider starts (its native library loads), and the methods the check runs after
    /// collecting its inputs are compiled (the fingerprint, then the restore), and the link call is bound. The
    /// check's thread then finds them ready, or compiles them itself if it gets there first: the work is never
    /// needed, only moved. Once per process: a process that has run the check once is warm.
    /// </summary>
    internal static class WarmStart
    {
        private static int _begun;

        /// <summary>Starts the warm-up, unless it ran in this process before.</summary>
        /// <param name="restore">Whether the check may restore (else only the fingerprint's code is compiled).</param>
        /// <param name="hashOutput">Whether the restore hashes every cached file (HugoCacheVerify=content).</param>
        public static void Begin(bool restore, bool hashOutput)
        {
            if (Interlocked.Exchange(ref _begun, 1) != 0)
            {
                return;
            }

            if (restore && hashOutput)
            {
                ThreadPool.QueueUserWorkItem(_ => Quietly(ContentHash.StartProvider));
            }

            ThreadPool.QueueUserWorkItem(_ => Quietly(() => Compile(restore)));
        }

        /// <summary>
        /// The methods compiled ahead, by type, in the order the check needs them ("get_*": every getter). What the
        /// check's thread needs at once (the task's parameters, collecting the inputs) is left to it. A name that no
        /// longer exists fails a unit test.
        /// </summary>
        internal static List<KeyValuePair<Type, string[]>> Plan(bool restore)
        {
            var plan = new List<KeyValuePair<Type, string[]>>
            {
                Step(typeof(CacheCheck), ".ctor", "Run"),
                Step(typeof(CacheCheckResult), ".ctor", "get_*", "set_*"),
                Step(typeof(FingerprintState), ".ctor", "Load", "PathIn", "Save", "SortFiles", "SortedPropertyNames", "get_*", "set_*"),
                Step(typeof(InputRecord), ".ctor", "get_*"),
                Step(typeof(Fingerprinter), ".ctor", "Compute", "SameProperties", "Digest"),
                Step(typeof(FingerprintResult), ".ctor", "get_*"),
                Step(typeof(Tsv), "Escape", "Unescape", "Number", "TryLong", "TryDouble"),
                Step(typeof(PhaseClock), ".ctor", "Lap", "Since", "ToString"),
                Step(typeof(FileTree), "WriteAtomically"),
                Step(typeof(ContentHash), "OfFile", "OpenRead", "OfStream", "OfText", "Hex"),
            };
            if (restore)
            {
                plan.Add(Step(typeof(BuildCache), ".ctor", "EntryPath", "IsFingerprint", "Restore", "Assemble", "Discard", "Swap", "Touch"));
                plan.Add(Step(typeof(EntryVerifier), ".ctor", "Start", "Finish", "Work", "Verify"));
                plan.Add(Step(typeof(CacheManifest), ".ctor", "Load", "TrySetHeader", "get_*", "set_*"));
                plan.Add(Step(typeof(ManifestFile), ".ctor", "get_*"));
                plan.Add(Step(typeof(Trash), ".ctor", "In", "TakeSpare", "KeepAsSpare", "EmptyInBackground", "EmptyQuietly", "Empty"));
                plan.Add(Step(typeof(OutputSibling), "Restore", "Old", "Named", "Normalize", "Leftovers"));
                plan.Add(Step(typeof(FileTree), "Prune", "PruneUnder", "DeleteFile", "Under", "IsSafeRelative", "UniqueSuffix"));
                plan.Add(Step(typeof(NativeFileLinker), "TryLink"));
                plan.Add(Step(typeof(RestoreResult), ".ctor", "get_*", "set_*"));
                plan.Add(Step(typeof(HugoCacheCheck), "Report", "get_*", "set_*"));
            }

            return plan;
        }

        private static KeyValuePair<Type, string[]> Step(Type type, params string[] methods) => new KeyValuePair<Type, string[]>(type, methods);

        private static void Compile(bool restore)
        {
            const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (KeyValuePair<Type, string[]> step in Plan(restore))
            {
                if (Array.IndexOf(step.Value, ".ctor") >= 0)
                {
                    foreach (ConstructorInfo ctor in step.Key.GetConstructors(declared))
                    {
                        RuntimeHelpers.PrepareMethod(ctor.MethodHandle);
                    }
                }

                foreach (MethodInfo method in step.Key.GetMethods(declared))
                {
                    if (Matches(step.Value, method.Name) && !method.IsAbstract && !method.ContainsGenericParameters)
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                }
            }

            if (restore)
            {
                // The call into the C library needs a marshalling stub, compiled on first use: bind it now.
                MethodInfo? link = typeof(NativeFileLinker).GetMethod(NativeFileLinker.NativeMethodName, declared);
                if (link != null)
                {
                    Marshal.Prelink(link);
                }
            }
        }

        /// <summary>Whether a method name is one of <paramref name="patterns"/>: a name, or a prefix ending in '*'.</summary>
        internal static bool Matches(string[] patterns, string name)
        {
            foreach (string pattern in patterns)
            {
                if (pattern.EndsWith("*", StringComparison.Ordinal)
                    ? name.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)
                    : string.Equals(pattern, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Quietly(Action action)
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // Nothing may escape a pool thread: it would end the build process. The real use reports any failure.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
