using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;

namespace HugoSite.Build.Tasks.Tools
{
    /// <summary>A Hugo version number, major.minor.patch (a missing patch is 0). Ordered numerically.</summary>
    public readonly struct HugoVersionNumber : IComparable<HugoVersionNumber>, IEquatable<HugoVersionNumber>
    {
        public HugoVersionNumber(int major, int minor, int patch)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        /// <summary>"0.139.4", "v0.139.4", "0.139" (patch 0); surrounding blanks allowed; nothing else.</summary>
        public static bool TryParse(string? text, out HugoVersionNumber version)
        {
            version = default;
            if (text == null)
            {
                return false;
            }

            string t = text.Trim();
            if (t.StartsWith("v", StringComparison.OrdinalIgnoreCase))
            {
                t = t.Substring(1);
            }

            string[] parts = t.Split('.');
            if (parts.Length < 2 || parts.Length > 3)
            {
                return false;
            }

            var numbers = new int[3];
            for (int i = 0; i < parts.Length; i++)
            {
                // NumberStyles.None: ASCII digits only, no sign or blanks.
                if (parts[i].Length > 6 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                {
                    return false;
                }
            }

            version = new HugoVersionNumber(numbers[0], numbers[1], numbers[2]);
            return true;
        }

        public int CompareTo(HugoVersionNumber other)
        {
            int c = Major.CompareTo(other.Major);
            if (c == 0)
            {
                c = Minor.CompareTo(other.Minor);
            }

            return c != 0 ? c : Patch.CompareTo(other.Patch);
        }

        public bool Equals(HugoVersionNumber other) => CompareTo(other) == 0;

        public override bool Equals(object? obj) => obj is HugoVersionNumber other && Equals(other);

        public override int GetHashCode() => (Major * 1000 + Minor) * 1000 + Patch;

        public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture) + "." + Patch.ToString(CultureInfo.InvariantCulture);

        public static bool operator <(HugoVersionNumber a, HugoVersionNumber b) => a.CompareTo(b) < 0;

        public static bool operator >(HugoVersionNumber a, HugoVersionNumber b) => a.CompareTo(b) > 0;

        public static bool operator <=(HugoVersionNumber a, HugoVersionNumber b) => a.CompareTo(b) <= 0;

        public static bool operator >=(HugoVersionNumber a, HugoVersionNumber b) => a.CompareTo(b) >= 0;
    }

    /// <summary>Hugo's editions as its releases name them.</summary>
    public enum HugoEdition
    {
        Standard,
        Extended,
        /// <summary>Extended with the deploy command ("extended_withdeploy" in asset names, from 0.137.0).</summary>
        Withdeploy,
    }

    /// <summary>
    /// Where Hugo publishes a release and what its files are called. Since 0.103.0 the archives are
    /// <c>hugo[_extended|_extended_withdeploy]_&lt;ver&gt;_&lt;os&gt;-&lt;arch&gt;.tar.gz</c> (<c>.zip</c> on Windows; one
    /// <c>darwin-universal</c> archive for both Mac architectures), beside <c>hugo_&lt;ver&gt;_checksums.txt</c> (SHA-256,
    /// "hash  name" lines). Older releases used <c>Linux-64bit</c>, <c>macOS-64bit</c>, <c>Windows-64bit</c> style names;
    /// those are mapped too, and whatever the mapping says, the checksums file is the authority on what exists.
    /// </summary>
    public static class HugoRelease
    {
        public const string DefaultBaseUrl = "https://github.com/gohugoio/hugo/releases/download";

        private static readonly HugoVersionNumber NewNaming = new HugoVersionNumber(0, 103, 0);

        /// <summary>"standard", "extended" or "withdeploy" (also "extended_withdeploy"); case-insensitive.</summary>
        public static bool TryParseEdition(string? text, out HugoEdition edition)
        {
            switch ((text ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "standard":
                    edition = HugoEdition.Standard;
                    return true;
                case "":
                case "extended":
                    edition = HugoEdition.Extended;
                    return true;
                case "withdeploy":
                case "extended_withdeploy":
                    edition = HugoEdition.Withdeploy;
                    return true;
                default:
                    edition = HugoEdition.Extended;
                    return false;
            }
        }

        public static string EditionName(HugoEdition edition) => edition switch
        {
            HugoEdition.Standard => "standard",
            HugoEdition.Withdeploy => "withdeploy",
            _ => "extended",
        };

        /// <summary>The edition a "hugo version" line names: "+extended+withdeploy", "+extended", else standard.</summary>
        public static HugoEdition EditionOf(string versionText)
        {
            if (versionText.IndexOf("withdeploy", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return HugoEdition.Withdeploy;
            }

            return versionText.IndexOf("extended", StringComparison.OrdinalIgnoreCase) >= 0 ? HugoEdition.Extended : HugoEdition.Standard;
        }

        /// <summary>The operating system part of asset names for this machine: linux, darwin, windows, freebsd…</summary>
        public static string CurrentOs()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return "windows";
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return "darwin";
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return "linux";
            }

            return RuntimeInformation.IsOSPlatform(OSPlatform.Create("FREEBSD")) ? "freebsd" : "unknown";
        }

        /// <summary>The Go architecture name (GOARCH) of this machine's operating system architecture.</summary>
        public static string CurrentArchitecture() => GoArchitecture(RuntimeInformation.OSArchitecture);

        /// <summary>.NET's architecture as Go (and so Hugo's assets) names it: X64 amd64, Arm64 arm64, Arm arm, X86 386.</summary>
        public static string GoArchitecture(Architecture architecture)
        {
            switch (architecture)
            {
                case Architecture.X64:
                    return "amd64";
                case Architecture.Arm64:
                    return "arm64";
                case Architecture.Arm:
                    return "arm";
                case Architecture.X86:
                    return "386";
                default:
                    // S390x, Ppc64le, LoongArch64, RiscV64 on newer runtimes: Go's names are the lower-case ones, bar loong64.
                    string name = architecture.ToString().ToLowerInvariant();
                    return name == "loongarch64" ? "loong64" : name;
            }
        }

        /// <summary>The archive's file name for a version, edition, OS (Go's GOOS) and architecture (GOARCH).</summary>
        public static string AssetName(HugoVersionNumber version, HugoEdition edition, string os, string arch)
        {
            string prefix = edition switch
            {
                HugoEdition.Standard => "hugo_",
                HugoEdition.Withdeploy => "hugo_extended_withdeploy_",
                _ => "hugo_extended_",
            };
            string extension = os == "windows" ? ".zip" : ".tar.gz";
            string platform = version >= NewNaming ? NewPlatform(os, arch) : OldPlatform(os, arch);
            return prefix + version + "_" + platform + extension;
        }

        public static string ChecksumsName(HugoVersionNumber version) => "hugo_" + version + "_checksums.txt";

        /// <summary>base/v&lt;version&gt;/&lt;file&gt;, without doubling a slash the base ends with.</summary>
        public static string FileUrl(string baseUrl, HugoVersionNumber version, string fileName) =>
            baseUrl.TrimEnd('/') + "/v" + version + "/" + fileName;

        /// <summary>The checksums file as file name to lower-case SHA-256 hex; lines that are not "hash  name" are skipped.</summary>
        public static Dictionary<string, string> ParseChecksums(string text)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.Trim();
                int space = line.IndexOf(' ');
                if (space != 64)
                {
                    continue;
                }

                string hash = line.Substring(0, 64).ToLowerInvariant();
                string name = line.Substring(space).Trim().TrimStart('*');
                if (name.Length > 0 && IsHex(hash))
                {
                    map[name] = hash;
                }
            }

            return map;
        }

        /// <summary>The archives (not packages or checksums) a checksums file lists, for an error that says what exists.</summary>
        public static List<string> Archives(IEnumerable<string> names)
        {
            var list = new List<string>();
            foreach (string name in names)
            {
                if (name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".zip", StringComparison.Ordinal))
                {
                    list.Add(name);
                }
            }

            list.Sort(StringComparer.Ordinal);
            return list;
        }

        private static string NewPlatform(string os, string arch) =>
            os == "darwin" ? "darwin-universal" : os + "-" + arch;

        private static string OldPlatform(string os, string arch)
        {
            string o = os switch
            {
                "linux" => "Linux",
                "darwin" => "macOS",
                "windows" => "Windows",
                "freebsd" => "FreeBSD",
                _ => os,
            };
            string a = arch switch
            {
                "amd64" => "64bit",
                "386" => "32bit",
                "arm64" => "ARM64",
                "arm" => "ARM",
                _ => arch,
            };
            return o + "-" + a;
        }

        private static bool IsHex(string s)
        {
            foreach (char c in s)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
