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
        public static double Median(IEnumerable<double> values) =>
            MedianOfCopy(values is double[] array ? (double[])array.Clone() : new List<double>(values).ToArray());

        /// <summary>Median absolute deviation from the median (unscaled).</summary>
        public static double MedianAbsoluteDeviation(double[] values)
        {
            double[] copy = (double[])values.Clone();
            double median = MedianOfCopy((double[])copy.Clone());
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = Math.Abs(copy[i] - median);
            }

            return MedianOfCopy(copy);
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
        /// Sorts <paramref name="values"/> in place in ascending order by <see cref="double.CompareTo(double)"/> (NaN first),
        /// equal values kept in their original order (the order <c>OrderBy(v =&gt; v)</c> gives; samples are small, so an
        /// insertion sort does), and returns the middle value or the mean of the two middle values.
        /// </summary>
        private static double MedianOfCopy(double[] values)
        {
            if (values.Length == 0)
            {
                throw new ArgumentException("A median needs at least one value.", nameof(values));
            }

            for (int i = 1; i < values.Length; i++)
            {
                double v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j].CompareTo(v) > 0)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = v;
            }

            int mid = values.Length / 2;
            return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
        }
    }
}
