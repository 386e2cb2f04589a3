using System;
using System.Collections.Generic;
using System.Globalization;
using HugoSite.Build.Tasks.Analysis;
using HugoSite.Build.Tasks.History;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace HugoSite.Build.Tasks.Report
{
    /// <summary>
    /// Carries the report's fields of a build into its record: Hugo's template metrics (items from RunHugo) and the
    /// input changes (from the two fingerprint states).
    /// </summary>
    public static class ReportFields
    {
        public static void Apply(BuildRecord record, AnalysisInputs inputs, List<string> notes)
        {
            List<TemplateMetric> metrics = FromItems(inputs.TemplateMetrics);
            if (metrics.Count > 0)
            {
                record.Templates = metrics;
            }

            try
            {
                record.Inputs = InputChangeDiff.FromFiles(inputs.PreviousInputState, inputs.InputState, inputs.CacheFingerprint);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                notes.Add("The input changes could not be read from the fingerprint state: " + e.Message);
            }
        }

        /// <summary>Template metrics as items: ItemSpec the template; Count, CumulativeMs, MeanMs, MaxMs, CachePotential.</summary>
        public static ITaskItem[] ToItems(IReadOnlyList<TemplateMetric> metrics)
        {
            var items = new ITaskItem[metrics.Count];
            for (int i = 0; i < metrics.Count; i++)
            {
                TemplateMetric m = metrics[i];
                var item = new TaskItem(m.Name ?? "(unnamed)");
                item.SetMetadata("Count", m.Count.ToString(CultureInfo.InvariantCulture));
                item.SetMetadata("CumulativeMs", m.CumulativeMs.ToString("R", CultureInfo.InvariantCulture));
                item.SetMetadata("MeanMs", m.MeanMs.ToString("R", CultureInfo.InvariantCulture));
                item.SetMetadata("MaxMs", m.MaxMs.ToString("R", CultureInfo.InvariantCulture));
                item.SetMetadata("CachePotential", m.CachePotential.HasValue ? m.CachePotential.Value.ToString(CultureInfo.InvariantCulture) : string.Empty);
                items[i] = item;
            }

            return items;
        }

        public static List<TemplateMetric> FromItems(ITaskItem[]? items)
        {
            var metrics = new List<TemplateMetric>();
            foreach (ITaskItem item in items ?? new ITaskItem[0])
            {
                metrics.Add(new TemplateMetric
                {
                    Name = item.ItemSpec,
                    Count = long.TryParse(item.GetMetadata("Count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count) ? count : 0,
                    CumulativeMs = RecordFactory.ParseDouble(item.GetMetadata("CumulativeMs")) ?? 0,
                    MeanMs = RecordFactory.ParseDouble(item.GetMetadata("MeanMs")) ?? 0,
                    MaxMs = RecordFactory.ParseDouble(item.GetMetadata("MaxMs")) ?? 0,
                    CachePotential = int.TryParse(item.GetMetadata("CachePotential"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : (int?)null,
                });
            }

            return metrics;
        }
    }
}
