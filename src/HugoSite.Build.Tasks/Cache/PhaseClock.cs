using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>Lap times of the steps of one operation, for a diagnostic line.</summary>
    internal sealed class PhaseClock
    {
        private readonly List<string> _laps = new List<string>();
        private readonly string _format;
        private long _last = Stopwatch.GetTimestamp();

        /// <param name="format">How each lap's milliseconds are written.</param>
        public PhaseClock(string format = "0.0")
        {
            _format = format;
        }

        public static double Since(long timestamp) => (Stopwatch.GetTimestamp() - timestamp) * 1000.0 / Stopwatch.Frequency;

        public void Lap(string name)
        {
            long now = Stopwatch.GetTimestamp();
            double ms = (now - _last) * 1000.0 / Stopwatch.Frequency;
            _last = now;
            _laps.Add(name + " " + ms.ToString(_format, CultureInfo.InvariantCulture) + " ms");
        }

        public override string ToString() => string.Join(", ", _laps);
    }
}
