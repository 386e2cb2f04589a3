using System;
using System.Collections.Generic;
using System.Globalization;
using HugoSite.Build.Tasks.History;

namespace HugoSite.Build.Tasks.Analysis
{
    /// <summary>One budget a build went over.</summary>
    /// <param name="Phase">"total" for the whole build, else the phase name.</param>
    public sealed record BudgetViolation(string Phase, double ActualMs, double BudgetMs)
    {
        public bool IsTotal => string.Equals(Phase, "total", StringComparison.Ordinal);
    }

    /// <summary>Time budgets: one for the whole build and one per phase ("hugo=2000;copy=500").</summary>
    public sealed class Budgets
    {
        public double? TotalMs { get; private set; }

        public Dictionary<string, double> PhaseMs { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

        public bool IsEmpty => TotalMs == null && PhaseMs.Count == 0;

        /// <summary>
        /// Reads the budgets; a total of 0 or less means none. Entries that are not "phase=milliseconds" with a positive
        /// number are reported in <paramref name="problems"/> and ignored. "total=…" in the per-phase list sets the total
        /// when <paramref name="totalMs"/> does not.
        /// </summary>
        public static Budgets Parse(double totalMs, string? phaseBudgets, List<string> problems)
        {
            var budgets = new Budgets();
            if (totalMs > 0 && !double.IsInfinity(totalMs))
            {
                budgets.TotalMs = totalMs;
            }

            if (string.IsNullOrWhiteSpace(phaseBudgets))
            {
                return budgets;
            }

            foreach (string raw in phaseBudgets!.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string entry = raw.Trim();
                if (entry.Length == 0)
                {
                    continue;
                }

                int eq = entry.IndexOf('=');
                string name = eq > 0 ? entry.Substring(0, eq).Trim() : string.Empty;
                string value = eq > 0 ? entry.Substring(eq + 1).Trim() : string.Empty;
                if (name.Length == 0 || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || ms <= 0 ||
                    double.IsInfinity(ms))
                {
                    problems.Add("'" + entry + "' is not phase=milliseconds with a positive number, for example 'hugo=2000'");
                    continue;
                }

                if (string.Equals(name, "total", StringComparison.OrdinalIgnoreCase))
                {
                    budgets.TotalMs = budgets.TotalMs ?? ms;
                }
                else
                {
                    budgets.PhaseMs[name] = ms;
                }
            }

            return budgets;
        }

        /// <summary>Every budget the build went over; phases the build did not run are not checked.</summary>
        public List<BudgetViolation> Check(BuildRecord record)
        {
            var over = new List<BudgetViolation>();
            if (TotalMs.HasValue && record.TotalMs > TotalMs.Value)
            {
                over.Add(new BudgetViolation("total", record.TotalMs, TotalMs.Value));
            }

            foreach (KeyValuePair<string, double> budget in PhaseMs)
            {
                if (record.Phases != null && record.Phases.TryGetValue(budget.Key, out double actual) && actual > budget.Value)
                {
                    over.Add(new BudgetViolation(budget.Key, actual, budget.Value));
                }
            }

            return over;
        }
    }
}
