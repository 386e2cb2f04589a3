using System;
using System.Collections.Generic;
using System.Globalization;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>The upper bounds, in milliseconds, of EXCELLENT, GOOD and ACCEPTABLE for one template; above is SLOW.</summary>
    /// <param name="Source">Where the numbers came from: "built-in minimal", "item blog", "property".</param>
    public sealed record StatusThresholds(double ExcellentMs, double GoodMs, double AcceptableMs, string Source)
    {
        public const string DefaultTemplate = "default";

        private static readonly Dictionary<string, StatusThresholds> BuiltIn = new Dictionary<string, StatusThresholds>(StringComparer.OrdinalIgnoreCase)
        {
            ["minimal"] = new StatusThresholds(5000, 10000, 30000, "built-in minimal"),
            ["default"] = new StatusThresholds(30000, 45000, 120000, "built-in default"),
            ["enterprise"] = new StatusThresholds(60000, 120000, 300000, "built-in enterprise"),
        };

        /// <summary>The built-in thresholds for a template; templates without their own use <c>default</c>'s.</summary>
        public static StatusThresholds ForBuiltIn(string? template)
        {
            return template != null && BuiltIn.TryGetValue(template, out StatusThresholds? own) ? own : BuiltIn[DefaultTemplate];
        }

        /// <summary>
        /// The thresholds for <paramref name="template"/>: the property override if given, else an item named after
        /// the template, else the built-in ones. Unusable overrides are reported in <paramref name="problems"/> and ignored.
        /// </summary>
        public static StatusThresholds Resolve(string? template, IEnumerable<ThresholdOverride>? items, string? property, List<string> problems)
        {
            if (!string.IsNullOrWhiteSpace(property))
            {
                if (TryParse(property!, "property", out StatusThresholds? fromProperty, out string? why))
                {
                    return fromProperty!;
                }

                problems.Add("HugoPerformanceThresholds='" + property + "' " + why);
            }

            if (items != null && !string.IsNullOrEmpty(template))
            {
                foreach (ThresholdOverride item in items)
                {
                    if (!string.Equals(item.Template, template, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    string text = item.ExcellentMs + ";" + item.GoodMs + ";" + item.AcceptableMs;
                    if (TryParse(text, "item " + item.Template, out StatusThresholds? fromItem, out string? why))
                    {
                        return fromItem!;
                    }

                    problems.Add("the threshold item '" + item.Template + "' (Excellent='" + item.ExcellentMs + "', Good='" + item.GoodMs +
                                 "', Acceptable='" + item.AcceptableMs + "') " + why);
                }
            }

            return ForBuiltIn(template);
        }

        /// <summary>Parses "excellent;good;acceptable" in milliseconds, each positive and larger than the one before.</summary>
        public static bool TryParse(string text, string source, out StatusThresholds? thresholds, out string? why)
        {
            thresholds = null;
            string[] parts = text.Split(new[] { ';', ',' }, StringSplitOptions.None);
            if (parts.Length != 3)
            {
                why = "must be three numbers of milliseconds, 'excellent;good;acceptable', for example '5000;10000;30000'.";
                return false;
            }

            var values = new double[3];
            for (int i = 0; i < 3; i++)
            {
                if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0 ||
                    double.IsInfinity(values[i]))
                {
                    why = "has '" + parts[i].Trim() + "', which is not a positive number of milliseconds.";
                    return false;
                }
            }

            if (!(values[0] < values[1] && values[1] < values[2]))
            {
                why = "must grow: excellent < good < acceptable.";
                return false;
            }

            thresholds = new StatusThresholds(values[0], values[1], values[2], source);
            why = null;
            return true;
        }
    }

    /// <summary>A per-template override given as an item: ItemSpec = template, metadata Excellent, Good, Acceptable.</summary>
    public sealed record ThresholdOverride(string Template, string? ExcellentMs, string? GoodMs, string? AcceptableMs);

    /// <summary>The verdict words written to the history and shown to the user.</summary>
    public static class BuildStatus
    {
        public const string Excellent = "EXCELLENT";
        public const string Good = "GOOD";
        public const string Acceptable = "ACCEPTABLE";
        public const string Slow = "SLOW";
        public const string CacheHit = "CACHE-HIT";
        public const string Failed = "FAILED";

        /// <summary>Only the task's output when no time was recorded; never written to the history.</summary>
        public const string Unknown = "UNKNOWN";

        /// <summary>
        /// Rates a build: a failed build is FAILED, a cache hit is CACHE-HIT (a restored site says nothing about how
        /// fast the site builds), otherwise the first threshold the total stays strictly below.
        /// </summary>
        public static string Rate(double totalMs, bool success, bool cacheHit, StatusThresholds thresholds)
        {
            if (!success)
            {
                return Failed;
            }

            if (cacheHit)
            {
                return CacheHit;
            }

            if (totalMs < thresholds.ExcellentMs)
            {
                return Excellent;
            }

            if (totalMs < thresholds.GoodMs)
            {
                return Good;
            }

            return totalMs < thresholds.AcceptableMs ? Acceptable : Slow;
        }
    }
}
