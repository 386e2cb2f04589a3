using System;
using System.Globalization;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>Human forms of durations, sizes and percentages, culture-invariant.</summary>
    public static class Format
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>"850 ms", "12.3 s", "2 min 05 s", "3 h 07 min".</summary>
        public static string Duration(double ms)
        {
            double abs = Math.Abs(ms);
            string sign = ms < 0 ? "-" : string.Empty;
            if (abs >= 3599500)
            {
                long minutes = (long)Math.Round(abs / 60000.0);
                return sign + (minutes / 60).ToString(Inv) + " h " + (minutes % 60).ToString("00", Inv) + " min";
            }

            if (abs < 1000)
            {
                return sign + Math.Round(abs).ToString("0", Inv) + " ms";
            }

            if (abs < 59950)
            {
                return sign + (abs / 1000.0).ToString("0.0", Inv) + " s";
            }

            long seconds = (long)Math.Round(abs / 1000.0);
            return sign + (seconds / 60).ToString(Inv) + " min " + (seconds % 60).ToString("00", Inv) + " s";
        }

        /// <summary>A duration in the text history's narrow columns: "845 ms", "4.5 ms", "32.15 s", "2m05s"; NaN is "-".</summary>
        public static string CompactDuration(double ms)
        {
            if (double.IsNaN(ms))
            {
                return "-";
            }

            if (ms < 1000)
            {
                return ms.ToString(ms < 10 ? "0.0" : "0", Inv) + " ms";
            }

            if (ms < 60_000)
            {
                return (ms / 1000).ToString("0.00", Inv) + " s";
            }

            var span = TimeSpan.FromMilliseconds(ms);
            return ((int)span.TotalMinutes).ToString(Inv) + "m" + span.Seconds.ToString("00", Inv) + "s";
        }

        /// <summary>As <see cref="Duration"/>, but below 10 ms with two decimals ("0.42 ms"): template times are often fractions of a millisecond.</summary>
        public static string FineDuration(double ms) => ms < 10 ? ms.ToString("0.00", Inv) + " ms" : Duration(ms);

        /// <summary>A change with its sign: "+1.2 s", "-850 ms".</summary>
        public static string SignedDuration(double ms) => (ms >= 0 ? "+" : string.Empty) + Duration(ms);

        /// <summary>An unsigned percentage: whole numbers, one decimal below 1 %.</summary>
        public static string Percent(double value)
        {
            double abs = Math.Abs(value);
            return (abs < 0.95 ? abs.ToString("0.0", Inv) : Math.Round(abs).ToString("0", Inv)) + "%";
        }

        /// <summary>A signed percentage: "+2%", "-12%".</summary>
        public static string SignedPercent(double value) => (value >= 0 ? "+" : "-") + Percent(value);

        /// <summary>"512 B", "1.5 KB", "118.3 MB", "2.00 GB" (binary units).</summary>
        public static string Size(long bytes)
        {
            if (bytes < 1024)
            {
                return bytes.ToString(Inv) + " B";
            }

            if (bytes < 1024 * 1024)
            {
                return (bytes / 1024.0).ToString("0.0", Inv) + " KB";
            }

            if (bytes < 1024L * 1024 * 1024)
            {
                return (bytes / (1024.0 * 1024)).ToString("0.0", Inv) + " MB";
            }

            return (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", Inv) + " GB";
        }

        public static string Count(long n) => n.ToString("#,0", Inv);

        public static string Number(double value) => value.ToString("0.##", Inv);

        public static string Plural(int n, string one, string many) => n == 1 ? one : many;
    }
}
