using System;
using System.Collections.Generic;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>
    /// Robust statistics for small samples of build times. Plain loops rather than LINQ: every build runs this once in a
    /// fresh process, where each generic LINQ instantiation over double costs more to compile than the work itself.
    /// </summary>
    public static class Stats
    {
        public static double Median(IEnumerable<double> values)
        {
            double[] sorted = SortedCopy(values);
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
            var deviations = new double[values.Count];
            int i = 0;
            foreach (double v in values)
            {
                deviations[i++] = Math.Abs(v - median);
            }

            return Median(deviations);
        }

        /// <summary>The smallest value; NaN when any value is NaN (as <c>Enumerable.Min</c>).</summary>
        public static double Min(double[] values)
        {
            double min = values[0];
            foreach (double v in values)
            {
                if (double.IsNaN(v))
                {
                    return v;
                }

                if (v < min)
                {
                    min = v;
                }
            }

            return min;
        }

        /// <summary>The largest value; NaN only when every value is NaN (as <c>Enumerable.Max</c>).</summary>
        public static double Max(double[] values)
        {
            double max = values[0];
            foreach (double v in values)
            {
                if (v > max || double.IsNaN(max))
                {
                    max = v;
                }
            }

            return max;
        }

        /// <summary>
        /// The values in ascending order by <see cref="double.CompareTo(double)"/> (NaN first), equal values kept in their
        /// original order: the order <c>OrderBy(v =&gt; v)</c> gives. Samples are small, so an insertion sort does.
        /// </summary>
        private static double[] SortedCopy(IEnumerable<double> values)
        {
            var list = new List<double>(values is IReadOnlyCollection<double> c ? c.Count : 4);
            foreach (double v in values)
            {
                list.Add(v);
            }

            double[] sorted = list.ToArray();
            for (int i = 1; i < sorted.Length; i++)
            {
                double v = sorted[i];
                int j = i - 1;
                while (j >= 0 && sorted[j].CompareTo(v) > 0)
                {
                    sorted[j + 1] = sorted[j];
                    j--;
                }

                sorted[j + 1] = v;
            }

            return sorted;
        }
    }
}
