using System;
using System.Collections;
using System.Collections.Generic;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// The environment variables Hugo reads, as fingerprint properties: every variable whose name starts with HUGO
    /// (Hugo maps HUGO_BASEURL, HUGO_PARAMS_X, HUGOxPARAMSxX … onto its configuration), CI (which templates may read
    /// with os.Getenv by default), and the names the project adds. Each becomes the property "env:NAME" whose value
    /// is a hash of the variable's value, so neither the state file nor a cache entry ever holds a token.
    /// </summary>
    internal static class EnvironmentInputs
    {
        public const string Prefix = "env:";

        /// <summary>Adds "env:NAME" for each variable Hugo reads and each of <paramref name="extraNames"/> that is set.</summary>
        public static void AddTo(IDictionary<string, string> properties, IDictionary environment, IEnumerable<string> extraNames)
        {
            var extra = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in extraNames)
            {
                if (name.Trim().Length > 0)
                {
                    extra.Add(name.Trim());
                }
            }

            foreach (DictionaryEntry variable in environment)
            {
                string name = (string)variable.Key;
                string? value = variable.Value as string;
                bool hugoReads = name.StartsWith("HUGO", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "CI", StringComparison.OrdinalIgnoreCase);
                if (value != null && (hugoReads || extra.Contains(name)))
                {
                    properties[Prefix + name] = ContentHash.OfText(name + "=" + value).Substring(0, 16);
                }
            }
        }

        /// <summary>The variable's name when a fingerprint property stands for one.</summary>
        public static bool TryGetName(string property, out string name)
        {
            name = property.StartsWith(Prefix, StringComparison.Ordinal) ? property.Substring(Prefix.Length) : string.Empty;
            return name.Length > 0;
        }
    }
}
