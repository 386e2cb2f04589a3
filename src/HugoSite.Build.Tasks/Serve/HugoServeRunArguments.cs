using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks
{
    /// <summary>
    /// dotnet run: the preview's command line (a child `dotnet build -t:HugoServe`) with every global property of this
    /// evaluation passed on, so `dotnet run -p:HugoAnalyticsId=x` previews what `dotnet build -p:HugoAnalyticsId=x` builds.
    /// MSBuild offers the global properties only to a task (IBuildEngine6), hence a task rather than a property function.
    /// </summary>
    public sealed class HugoServeRunArguments : Task
    {
        /// <summary>The arguments before the forwarded properties.</summary>
        [Required]
        public string BaseArguments { get; set; } = string.Empty;

        /// <summary>RunArguments: <see cref="BaseArguments"/> and a -p: for each global property.</summary>
        [Output]
        public string Arguments { get; private set; } = string.Empty;

        public override bool Execute()
        {
            var globals = (BuildEngine as IBuildEngine6)?.GetGlobalProperties() ?? new Dictionary<string, string>();
            Arguments = Build(BaseArguments, globals);
            return true;
        }

        /// <summary>
        /// The arguments with each property as `-p:Name=value`. MSBuild's own and the SDK's private properties (a leading
        /// underscore, MSBuild*) belong to this evaluation, not to the user, and are left out. Values are escaped the way
        /// MSBuild reads them back (%XX for '%', ';', ',' and '"'), and quoted when they hold white space.
        /// </summary>
        internal static string Build(string baseArguments, IReadOnlyDictionary<string, string> globals)
        {
            var names = new List<string>(globals.Keys);
            names.Sort(StringComparer.OrdinalIgnoreCase);
            var text = new StringBuilder(baseArguments.Trim());
            foreach (string name in names)
            {
                if (name.StartsWith("_", StringComparison.Ordinal) || name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string argument = "-p:" + name + "=" + Escape(globals[name]);
                bool quote = argument.IndexOfAny(new[] { ' ', '\t', '\n', '\r' }) >= 0;
                text.Append(' ').Append(quote ? "\"" + argument + "\"" : argument);
            }

            return text.ToString();
        }

        /// <summary>'%' first, so the escapes written after it are not escaped again.</summary>
        private static string Escape(string value) =>
            value.Replace("%", "%25").Replace(";", "%3B").Replace(",", "%2C").Replace("\"", "%22");
    }
}
