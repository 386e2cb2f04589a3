using System;
using System.Collections.Generic;
using System.Linq;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>Robust statistics for small samples of build times.</summary>
    public static class Stats
    {
        /// <summary>
        /// The middle value, or the mean of the two middle values, in ascending order by <see cref="double.CompareTo(double)"/>
        /// (NaN first).
        /// </summary>
        public static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
            {
                throw new ArgumentException("A median needs at least one value.", nameof(values));
            }

            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        }

        /// <summary>Median absolute deviation from the median (unscaled).</summary>
        public static double MedianAbsoluteDeviation(IReadOnlyCollection<double> values)
        {
            double median = Median(values);
            return Median(values.Select(v => Math.Abs(v - median)));
        }

        /// <summary>The smallest value; NaN when any value is NaN.</summary>
        public static double Min(double[] values) => values.Min();

        /// <summary>The largest value; NaN only when every value is NaN.</summary>
        public static double Max(double[] values) => values.Max();
    }
}
