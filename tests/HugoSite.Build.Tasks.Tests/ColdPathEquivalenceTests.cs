using System.Text.Json;
using System.Text.RegularExpressions;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using HugoSite.Build.Tasks.Hugo;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HugoSite.Build.Tasks.Tests
{
    /// <summary>
    /// The loops that replaced LINQ and regular expressions on the path every build runs (to spare a fresh process their
    /// compilation) against the expressions they replaced, on random data with ties, NaN, negative zero and odd text.
    /// </summary>
    [TestClass]
    public sealed class ColdPathEquivalenceTests
    {
        private static readonly double[] Specials = { double.NaN, -0.0, 0.0, 1.5, 1.5, -2, double.PositiveInfinity, double.NegativeInfinity, 1e-300 };

        private static double[] RandomValues(Random random)
        {
            var values = new double[random.Next(1, 12)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = random.Next(4) == 0 ? Specials[random.Next(Specials.Length)] : Math.Round(random.NextDouble() * 100, random.Next(3));
            }

            return values;
        }

        [TestMethod]
        public void Median_MadMinMax_MatchLinq()
        {
            var random = new Random(7);
            for (int n = 0; n < 3000; n++)
            {
                double[] values = RandomValues(random);
                double[] sorted = values.OrderBy(v => v).ToArray();
                int mid = sorted.Length / 2;
                double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
                double[] deviations = values.Select(v => Math.Abs(v - median)).OrderBy(v => v).ToArray();
                double mad = deviations.Length % 2 == 1 ? deviations[mid] : (deviations[mid - 1] + deviations[mid]) / 2.0;

                string context = string.Join(",", values.Select(v => v.ToString("R")));
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(median), BitConverter.DoubleToInt64Bits(Stats.Median(values)), context);
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(mad), BitConverter.DoubleToInt64Bits(Stats.MedianAbsoluteDeviation(values)), context);
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(values.Min()), BitConverter.DoubleToInt64Bits(Stats.Min(values)), context);
                Assert.AreEqual(BitConverter.DoubleToInt64Bits(values.Max()), BitConverter.DoubleToInt64Bits(Stats.Max(values)), context);
            }
        }

        [TestMethod]
        public void DominantPhase_MatchesOrderByDescendingThenByName()
        {
            var random = new Random(11);
            string[] names = { "setup", "copy", "hugo", "Hugo", "cleanup", "a", "B", "é" };
            for (int n = 0; n < 3000; n++)
            {
                var phases = new Dictionary<string, double>();
                foreach (string name in names.OrderBy(_ => random.Next()).Take(random.Next(1, names.Length)))
                {
                    phases[name] = random.Next(3) == 0 ? Specials[random.Next(Specials.Length)] : random.Next(4);
                }

                var record = new BuildRecord { Phases = phases, TotalMs = 10 };
                KeyValuePair<string, double> top = phases.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First();
                PhaseShare? dominant = PhaseAttribution.Dominant(record);
                if (top.Value <= 0)
                {
                    Assert.IsNull(dominant);
                }
                else
                {
                    Assert.AreEqual(top.Key, dominant!.Phase, string.Join(",", phases));
                    Assert.AreEqual(BitConverter.DoubleToInt64Bits(top.Value), BitConverter.DoubleToInt64Bits(dominant.Ms));
                }
            }
        }

        [TestMethod]
        public void TraceComponentOrder_MatchesOrderByStartThenName()
        {
            var random = new Random(13);
            string?[] names = { "search", "analytics", "Search", null, "a", "a" };
            for (int n = 0; n < 1000; n++)
            {
                var components = new List<ComponentTiming>();
                for (int i = random.Next(0, 7); i > 0; i--)
                {
                    components.Add(new ComponentTiming
                    {
                        Name = names[random.Next(names.Length)],
                        DurationMs = random.Next(3) == 0 ? 0 : random.Next(1, 4),
                        StartOffsetMs = random.Next(3) == 0 ? null : random.Next(3) == 0 ? -0.0 : random.Next(3),
                        Result = "r" + i,
                    });
                }

                var record = new BuildRecord { TotalMs = 100, Components = components };
                string expected = string.Join("|", components.Where(c => c.DurationMs > 0 || c.StartOffsetMs.HasValue)
                    .OrderBy(c => c.StartOffsetMs ?? 0).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Result));

                using JsonDocument trace = JsonDocument.Parse(ChromeTrace.Create(record, PhaseTimeline.From(new Phases.PhaseStore())));
                string actual = string.Join("|", trace.RootElement.GetProperty("traceEvents").EnumerateArray()
                    .Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("cat").GetString() == "component")
                    .Select(e => e.GetProperty("args").GetProperty("result").GetString()));
                Assert.AreEqual(expected, actual);
            }
        }

        [TestMethod]
        public void ArchiveStamp_MatchesTheRegularExpression()
        {
            var pattern = new Regex(@"^\d{8}T\d{9}Z(-\d+)?$", RegexOptions.CultureInvariant);
            var samples = new List<string>
            {
                "20250928T033600123Z", "20250928T033600123Z-1", "20250928T033600123Z-12", "20250928T033600123Z-", "20250928T033600123Z\n",
                "20250928T033600123Z-3\n", "20250928T033600123Z\n\n", "20250928T033600123Z-x", "20250928T03360012Z", "20250928t033600123Z",
                "2025092٨T033600123Z", "20250928T033600123Z-٣", "", "\n", "x20250928T033600123Z", "20250928T033600123ZZ", "20250928T033600123Z-1-2",
            };
            var random = new Random(17);
            const string alphabet = "0123456789TZ-\n٣x ";
            for (int n = 0; n < 20000; n++)
            {
                char[] chars = "20250928T033600123Z-7".ToCharArray();
                int edits = random.Next(1, 4);
                var text = new List<char>(chars.Take(random.Next(17, chars.Length + 1)));
                for (int e = 0; e < edits && text.Count > 0; e++)
                {
                    int at = random.Next(text.Count);
                    switch (random.Next(3))
                    {
                        case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                        case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        default: text.RemoveAt(at); break;
                    }
                }

                samples.Add(new string(text.ToArray()));
            }

            foreach (string stamp in samples)
            {
                Assert.AreEqual(pattern.IsMatch(stamp), HistoryStore.IsArchiveStamp(stamp), "'" + stamp.Replace("\n", "\\n") + "'");
            }
        }

        [TestMethod]
        public void HugoLines_ReadAsWithTheRegularExpressionsAlone()
        {
            var errorPrefix = new Regex(@"^(?:ERROR|Error:)\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$", RegexOptions.CultureInvariant);
            var warnPrefix = new Regex(@"^WARN\s*(?:\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s*)?(?<msg>.*)$", RegexOptions.CultureInvariant);
            var total = new Regex(@"^\s*Total in (\d+(?:\.\d+)?) ?ms\s*$", RegexOptions.CultureInvariant);
            var statRow = new Regex(@"^\s*([A-Za-z][A-Za-z -]*?)\s*\|\s*(\d+)", RegexOptions.CultureInvariant);
            string[] starts = { "", " ", "\t", "ERROR", "Error:", "Error", "error:", "WARN", "WARNING", "Warn", "Total in ", "Total in", "  Pages ", "x" };
            string[] rests = { "", " 2023/03/16 08:41:31 boom", "render failed: \"/w/a.md:3:4\": bad", " 12 ms", " 12.5ms ", "12 ms", " | 16 ", "| 3", " 7 ms\n", "\u00a0| 9" };
            foreach (string start in starts)
            {
                foreach (string rest in rests)
                {
                    string line = start + rest;
                    string trimmed = line.Trim();
                    bool expectDiagnostic = (errorPrefix.IsMatch(trimmed) || warnPrefix.IsMatch(trimmed)) &&
                                            (errorPrefix.IsMatch(trimmed) ? errorPrefix : warnPrefix).Match(trimmed).Groups["msg"].Value.Trim().Length > 0;
                    Assert.AreEqual(expectDiagnostic, HugoOutput.ParseDiagnostic(line) != null, "'" + line + "'");

                    Match t = total.Match(line);
                    Assert.AreEqual(t.Success ? double.Parse(t.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : (double?)null,
                                    HugoOutput.ParseTotalMilliseconds(new[] { line }), "'" + line + "'");
                    Assert.AreEqual(statRow.IsMatch(line) && long.TryParse(statRow.Match(line).Groups[2].Value, out _), HugoOutput.ParseStatistics(new[] { line }).Count > 0, "'" + line + "'");
                }
            }
        }

        [TestMethod]
        public void HugoVersionTotalAndTableRows_ReadByHandAsByTheirPatterns()
        {
            var version = new Regex(@"\bv?(\d+\.\d+(?:\.\d+)?)(?:[-+][0-9A-Za-z.+-]*)?", RegexOptions.CultureInvariant);
            var total = new Regex(@"^\s*Total in (\d+(?:\.\d+)?) ?ms\s*$", RegexOptions.CultureInvariant);
            var statRow = new Regex(@"^\s*([A-Za-z][A-Za-z -]*?)\s*\|\s*(\d+)", RegexOptions.CultureInvariant);
            string[] pieces =
            {
                "hugo", "Hugo", " v", "v", "V", "0", "1", "12", "111", ".", ". ", "3", "-", "+", "extended", " ", "\t", "\n", "_", "x",
                "\u0663", "\u0903", "\u0301", "\u200D", "\u200C", "\u203F", "\u00A0", "\u2028", "Total in ", "Total in", "ms", " ms", "|",
                " | ", "Pages", "Non-page files", "a-", "Ü",
            };
            var random = new Random(23);
            var lines = new List<string>
            {
                "hugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1", "Total in 123 ms",
                "  Total in 12.5ms  ", "Total in 12 ms\n", "  Pages            | 16  ", "                   | EN  ", "  Non-page files   |  0  ",
                "-------------------+-----", "Aliases|\u0663", "Start building sites … ", "hugo v0.111", "v1.2.3.4", "a1.2 1.2",
            };
            // Every character class next to a version, so word boundaries are decided by each kind of character.
            foreach (char c in "\u0903\u0301\u200D\u200C\u203F\u0663\u2160\u00B2\u0345\u00A0\u2028_a.v-+ \t|\u00C4\u02B0\u01C5\u4E00")
            {
                foreach (string shape in new[] { "{0}1.2", "{0}v1.2", "a{0}1.2.3", "1{0}1.2", "{0}Total in 5 ms", "Total in 5 ms{0}", "Pages{0}| 1", "{0}Pages | 1", "hugo {0}v0.111.3" })
                {
                    lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, c));
                }
            }

            for (int n = 0; n < 30000; n++)
            {
                var text = new System.Text.StringBuilder();
                for (int k = random.Next(1, 8); k > 0; k--)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }

                lines.Add(text.ToString());
            }

            foreach (string line in lines)
            {
                string shown = "'" + line.Replace("\n", "\\n") + "'";
                int at = line.IndexOf("hugo", StringComparison.OrdinalIgnoreCase);
                Match v = version.Match(at >= 0 ? line.Substring(at) : line);
                Assert.AreEqual(v.Success ? v.Groups[1].Value : null, HugoOutput.ParseVersion(line), shown);

                Match t = total.Match(line);
                double? expectedTotal = null;
                string? totalFailure = null;
                try
                {
                    expectedTotal = t.Success ? double.Parse(t.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
                }
                catch (FormatException e)
                {
                    totalFailure = e.GetType().Name;
                }

                try
                {
                    Assert.AreEqual(expectedTotal, HugoOutput.ParseTotalMilliseconds(new[] { line }), shown);
                    Assert.IsNull(totalFailure, shown);
                }
                catch (FormatException e)
                {
                    Assert.AreEqual(totalFailure, e.GetType().Name, shown);
                }

                Match r = statRow.Match(line);
                Assert.AreEqual(r.Success, HugoOutput.TryStatRow(line, out string name, out string count), shown);
                if (r.Success)
                {
                    Assert.AreEqual(r.Groups[1].Value, name, shown);
                    Assert.AreEqual(r.Groups[2].Value, count, shown);
                }

                Assert.AreEqual(t.Success ? t.Groups[1].Value : null, HugoOutput.TotalNumber(line), shown);
                Assert.AreEqual(v.Success ? v.Groups[1].Value : null, HugoOutput.FindVersion(at >= 0 ? line.Substring(at) : line), shown);
            }
        }
    }
}
