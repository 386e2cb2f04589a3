using System.Globalization;
using System.Text;

namespace HugoSite.Build.Tasks.Cache
{
    /// <summary>
    /// The tab-separated line format of the cache's small files (state, manifest). Chosen over JSON because a
    /// build reads these files on every run and a split is cheaper than a serializer's first use.
    /// Values are escaped so that a tab, a line break or a backslash in a path cannot break a line.
    /// </summary>
    internal static class Tsv
    {
        public static string Escape(string value)
        {
            if (value.IndexOfAny(Special) < 0)
            {
                return value;
            }

            var sb = new StringBuilder(value.Length + 8);
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    default: sb.Append(c); break;
                }
            }

            return sb.ToString();
        }

        public static string Unescape(string value)
        {
            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            var sb = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c != '\\' || i + 1 == value.Length)
                {
                    sb.Append(c);
                    continue;
                }

                char next = value[++i];
                sb.Append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            }

            return sb.ToString();
        }

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        public static bool TryLong(string text, out long value) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

        public static bool TryDouble(string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        private static readonly char[] Special = { '\\', '\t', '\n', '\r' };
    }
}
