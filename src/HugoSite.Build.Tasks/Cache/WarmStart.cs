using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// Gets a fresh build process ready for a cache hit. A `dotnet build` process compiles each method on its
    /// first call (about a millisecond per kilobyte of code on a busy machine), and on a small site that costs
    /// more than the hit's work. So, on thread-pool threads: the SHA-256 provider starts (its native library
    /// loads), the methods of the check are compiled in the order it runs them, and the link call is bound. The
    /// HugoCacheWarmStart task starts this when the build's session starts, so it runs beside setup; the check
    /// starts it itself when that did not happen. The check's thread finds the code ready, or compiles a method
    /// itself if it gets there first: nothing is compiled twice. Once per process: a process that has run the
    /// check once is warm.
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
        /// The methods compiled ahead, by type, in the order the check needs them ("get_*": every getter). A name
        /// that no longer exists fails a unit test.
        /// </summary>
        internal static List<KeyValuePair<Type, string[]>> Plan(bool restore)
        {
            var plan = new List<KeyValuePair<Type, string[]>>
            {
                Step(typeof(HugoCacheCheck), ".ctor", "set_*", "Execute", "BuildRequest", "AddProperties", "Roots", "Ms", "get_*"),
                Step(typeof(CacheOptions), "TryParseRestoreMode", "TryParseVerify", "ResolveRoot"),
                Step(typeof(CacheCheckRequest), ".ctor", "get_*", "set_*"),
                Step(typeof(InputRoot), ".ctor", "get_*"),
                Step(typeof(Compat.PathCompat), "AppendSeparator"),
                Step(typeof(ComponentSettings), "IsMachinePath", "IsAlwaysRun", "SurelyNotTrue", "NameAt", "SkipSpace"),
                Step(typeof(InputCollector), "FromFiles", "KeyFor", "ToSlashes", "Unique"),
                Step(typeof(InputFile), ".ctor", "get_*"),
                Step(typeof(CacheCheck), ".ctor", "Run", "WaitQuietly"),
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
                plan.Add(Step(typeof(HugoCacheCheck), "Report"));
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
