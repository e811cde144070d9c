using System.Globalization;
using System.Text;
using ModelMonitor.Alerts;
using ModelMonitor.Drift;
using ModelMonitor.Profiling;
using ModelMonitor.Reporting.Charts;
using ModelMonitor.Rolling;
using ModelMonitor.Schema;
using ModelMonitor.Tagging;
using ModelMonitor.Thresholds;
using ChartCurvePoint = ModelMonitor.Reporting.Charts.CurvePoint;

namespace ModelMonitor.Reporting;

/// <summary>
/// Renders a <see cref="MonitorReport"/> as one self-contained HTML page: inline SVG charts, one
/// stylesheet that follows the reader's light or dark preference, no script and no network access
/// (the page's content security policy forbids both). Every user string is HTML-escaped.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The page's sections in order: their element ids and headings. Every section is always present; one without data says so.</summary>
    internal static readonly IReadOnlyList<(string Id, string Title)> Sections =
    [
        ("overview", "Overview"),
        ("confidence-over-time", "Confidence over time"),
        ("class-shares", "Predicted classes over time"),
        ("class-distribution", "Class distribution: training vs serving"),
        ("drift", "Feature drift"),
        ("schema", "Schema validation"),
        ("thresholds", "Decision thresholds"),
        ("tagging", "Samples to label"),
        ("projection", "Embedding projection"),
        ("explanations", "Explanations"),
        ("robustness", "Robustness"),
        ("profile", "Data profile"),
    ];

    /// <summary>Renders the report to a string.</summary>
    /// <param name="report">The report.</param>
    /// <param name="options">How to draw it, or <see langword="null"/> for the defaults.</param>
    /// <returns>The HTML page.</returns>
    public static string Render(MonitorReport report, HtmlReportOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer, options);
        return writer.ToString();
    }

    /// <summary>Writes the report as an HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write the page.</param>
    /// <param name="options">How to draw it, or <see langword="null"/> for the defaults.</param>
    public static void Write(MonitorReport report, TextWriter writer, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new HtmlReportOptions();
        options.Validate();
        var page = new Page(writer, options);
        page.Write(report);
    }

    /// <summary>
    /// Writes the report to a file without ever leaving a half-written one: the page goes to a temporary
    /// file in the same folder, which then replaces <paramref name="path"/>.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="path">The file to write; missing folders are created.</param>
    /// <param name="options">How to draw it, or <see langword="null"/> for the defaults.</param>
    public static void WriteFile(MonitorReport report, string path, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new HtmlReportOptions();
        options.Validate();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            Write(report, writer, options);
        });
    }

    private sealed class Page(TextWriter w, HtmlReportOptions options)
    {
        private static readonly CultureInfo C = CultureInfo.InvariantCulture;

        public void Write(MonitorReport r)
        {
            w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
            w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n");
            w.Write($"<title>{E(r.Title)}</title>\n<style>\n{PageCss}\n{ChartStyles.Css}\n</style>\n</head>\n<body>\n");
            w.Write($"<header><h1>{E(r.Title)}</h1>");
            if (r.Description is { Length: > 0 } description)
            {
                w.Write($"<p class=\"lead\">{E(description)}</p>");
            }

            w.Write($"<p class=\"muted\">Generated {E(r.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", C))} by ModelMonitor · report format {r.FormatVersion}</p></header>\n");
            w.Write("<nav id=\"contents\"><h2>Contents</h2><ol>");
            foreach (var (id, title) in Sections)
            {
                w.Write($"<li><a href=\"#{id}\">{title}</a></li>");
            }

            w.Write("</ol></nav>\n<main>\n");
            Overview(r);
            Timeline(r);
            ClassShares(r);
            ClassDistribution(r);
            Drift(r);
            Schema(r);
            Thresholds(r);
            Tagging(r);
            Projection(r);
            Explanations(r);
            Robustness(r);
            Profile(r);
            w.Write("</main>\n<footer class=\"muted\">Self-contained: no script, no network. Numbers are copied from the monitors' snapshots, never recomputed for the page.</footer>\n</body>\n</html>\n");
        }

        private void Open(string id, string? lead = null)
        {
            var title = Sections.First(s => s.Id == id).Title;
            w.Write($"<section id=\"{id}\">\n<h2>{title}</h2>\n");
            if (lead is not null)
            {
                w.Write($"<p class=\"muted\">{lead}</p>\n");
            }
        }

        private void Close() => w.Write("</section>\n");

        private void Empty(string id, string what)
        {
            Open(id);
            w.Write($"<p class=\"empty\">Not in this report: {what}</p>\n");
            Close();
        }

        private void Overview(MonitorReport r)
        {
            Open("overview");
            List<(string Severity, string Text)> findings = [];
            foreach (var alert in r.Alerts.OrderByDescending(a => a.Severity))
            {
                findings.Add((alert.Severity.ToString().ToLowerInvariant(), $"<b>{E(alert.Rule)}</b>{(alert.Cohort is null ? string.Empty : $" · cohort {E(alert.Cohort)}")}{(alert.Column is null ? string.Empty : $" · column {E(alert.Column)}")}: {E(alert.Message)}"));
            }

            if (r.Drift is { } drift)
            {
                var alerted = r.Alerts.Where(a => a.Rule == AlertRules.DriftedColumn && a.Column is not null).Select(a => a.Column!).ToHashSet(StringComparer.Ordinal);
                foreach (var c in drift.Result.Columns.Where(c => c.IsDrift && !alerted.Contains(c.Column)).OrderByDescending(c => c.EffectSize ?? 0))
                {
                    findings.Add(("warning", $"Drift in <a href=\"#drift-{Slug(c.Column)}\">{E(c.Column)}</a>: {E(c.Reason)}"));
                }
            }

            foreach (var result in r.ClassDistribution?.Results.Where(x => x.IsDrift) ?? [])
            {
                findings.Add(("warning", $"Class distribution moved{(result.Cohort is null ? string.Empty : $" in cohort {E(result.Cohort)}")}: {E(result.Reason)}"));
            }

            foreach (var v in r.Schema?.Violations.Where(v => v.Severity == ViolationSeverity.Error) ?? [])
            {
                findings.Add(("error", $"Schema: {E(v.Message)}"));
            }

            foreach (var t in r.Thresholds.Where(t => !t.IsFeasible))
            {
                findings.Add(("warning", $"No threshold for {E(t.Name)} meets {E(t.Objective)}: {E(t.Reason)}"));
            }

            foreach (var p in r.Projections.Where(p => p.Drift is { IsDrift: true }))
            {
                findings.Add(("warning", $"Embedding drift ({E(p.Title)}): MMD p = {P(p.Drift!.MmdPValue)}, domain classifier AUC {F(p.Drift.DomainAuc, 3)}"));
            }

            foreach (var s in r.Robustness?.Suites.Where(s => !s.Passed) ?? [])
            {
                findings.Add(("warning", $"Robustness: {E(s.Suite)} flips {Pct(s.FlipRate)} of predictions (limit {Pct(r.Robustness!.MaxFlipRate)})"));
            }

            if (findings.Count == 0)
            {
                w.Write("<p class=\"ok\">No alerts and nothing flagged in the sections below.</p>\n");
            }
            else
            {
                w.Write("<ul class=\"findings\">");
                foreach (var (severity, text) in findings)
                {
                    w.Write($"<li class=\"sev-{severity}\"><span class=\"badge\">{severity}</span> {text}</li>");
                }

                w.Write("</ul>\n");
            }

            w.Write("<div class=\"cards\">");
            foreach (var rolling in r.Snapshots.OfType<RollingStatisticsSnapshot>())
            {
                Card(rolling.MonitorName, $"{Markup.Count(rolling.ObservedRecords)} records", $"{Markup.Count(rolling.InvalidRecords.Total)} invalid · {Markup.Count(rolling.LateRecords)} late · {rolling.Cohorts.Count} cohorts · as of {Time(rolling.AsOf)}");
            }

            if (r.Drift is { } d)
            {
                Card("Feature drift", $"{d.Result.DriftedColumns} of {d.Result.Columns.Count} columns", $"{E(d.CurrentName)} against {E(d.ReferenceName)}");
            }

            if (r.Schema is { } schema)
            {
                Card("Schema", $"{schema.Violations.Count(v => v.Severity == ViolationSeverity.Error)} errors", $"{schema.Violations.Count} violations in {Markup.Count(schema.RowCount)} rows of {E(schema.DataName)}");
            }

            foreach (var t in r.Thresholds)
            {
                Card($"Threshold · {E(t.Name)}", t.IsFeasible ? F(t.Threshold, 3) : "infeasible", $"{E(t.Objective)} on {Markup.Count(t.Count)} holdout samples · ROC AUC {F(t.RocAuc, 3)}");
            }

            w.Write("</div>\n");
            Close();
        }

        private void Card(string title, string value, string detail) =>
            w.Write($"<div class=\"card\"><div class=\"card-title\">{E(title)}</div><div class=\"card-value\">{value}</div><div class=\"muted\">{detail}</div></div>");

        private List<string> TimelineCohorts(TimelineSection t)
        {
            var totals = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var c in t.Points.SelectMany(p => p.Cohorts))
            {
                totals[c.Cohort] = Math.Max(totals.GetValueOrDefault(c.Cohort), c.Count);
            }

            var overall = RollingStatisticsMonitor.OverallCohort;
            return [.. totals.Keys.Where(k => k == overall)
                .Concat(totals.Where(k => k.Key != overall).OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key).Take(options.MaxTimelineCohorts - 1))];
        }

        private void Timeline(MonitorReport r)
        {
            if (r.Timeline is not { Points.Count: > 0 } t)
            {
                Empty("confidence-over-time", "no series of rolling-statistics snapshots (add a <code>TimelineSection</code>).");
                return;
            }

            Open("confidence-over-time", $"Mean confidence per cohort over the {E(t.Window)}, with the 10th–90th percentile band; one point per snapshot.");
            var cohorts = TimelineCohorts(t);
            var series = cohorts.Select(key => new TimeSeries(
                key,
                [.. t.Points.Select(p => (p.Time, Cohort: p.Cohorts.FirstOrDefault(c => c.Cohort == key)))
                    .Where(x => x.Cohort is { MeanConfidence: not null })
                    .Select(x => new TimePoint(x.Time, x.Cohort!.MeanConfidence!.Value, x.Cohort.ConfidenceP10 ?? double.NaN, x.Cohort.ConfidenceP90 ?? double.NaN))]))
                .ToList();
            w.Write(Figure(TimeLineChart.Render("Confidence (mean, p10–p90 band)", series, "confidence", 0, 1, "p10–p90")));
            if (r.Snapshots.OfType<RollingStatisticsSnapshot>().FirstOrDefault() is { } latest)
            {
                LatestTable(latest);
            }

            Close();
        }

        private void LatestTable(RollingStatisticsSnapshot s)
        {
            w.Write($"<h3>Latest snapshot ({Time(s.AsOf)})</h3><div class=\"scroll\"><table><thead><tr><th>Cohort</th><th class=\"n\">Records</th><th class=\"n\">Mean (all time)</th><th class=\"n\">p10</th><th class=\"n\">p50</th><th class=\"n\">p90</th><th class=\"n\">Window mean</th><th class=\"n\">EWMA</th><th>Window vs previous</th>");
            foreach (var name in s.ClassNames)
            {
                w.Write($"<th class=\"n\">{E(name)} share</th>");
            }

            w.Write("</tr></thead><tbody>");
            foreach (var c in new[] { s.Overall }.Concat(s.Cohorts))
            {
                var all = c.Confidence.AllTime;
                var window = c.Confidence.TimeWindow ?? c.Confidence.CountWindow;
                var shift = c.Trend?.ConfidenceVsPreviousWindow;
                w.Write($"<tr><td>{E(c.Cohort)}</td><td class=\"n\">{Markup.Count(c.Count)}</td><td class=\"n\">{F(all?.Mean, 3)}</td><td class=\"n\">{F(all?.Quantile(0.1), 3)}</td><td class=\"n\">{F(all?.Quantile(0.5), 3)}</td><td class=\"n\">{F(all?.Quantile(0.9), 3)}</td><td class=\"n\">{F(window?.Mean, 3)}</td><td class=\"n\">{F(c.Confidence.Ewma, 3)}</td>");
                w.Write($"<td>{(shift is null ? "–" : $"{Signed(shift.Difference, 3)} (z {Signed(shift.ZScore, 2)})")}</td>");
                foreach (var share in c.PredictedClasses.AllTime.Shares)
                {
                    w.Write($"<td class=\"n\">{Pct(share)}</td>");
                }

                w.Write("</tr>");
            }

            w.Write("</tbody></table></div>\n");
        }

        private void ClassShares(MonitorReport r)
        {
            if (r.Timeline is not { Points.Count: > 0 } t || t.ClassNames.Count == 0)
            {
                Empty("class-shares", "no series of rolling-statistics snapshots with class shares.");
                return;
            }

            Open("class-shares", $"Share of each predicted class over the {E(t.Window)}, per cohort.");
            w.Write("<div class=\"grid\">");
            foreach (var key in TimelineCohorts(t))
            {
                var points = t.Points.Select(p => (p.Time, Cohort: p.Cohorts.FirstOrDefault(c => c.Cohort == key)))
                    .Where(x => x.Cohort is { ClassShares.Count: > 0 })
                    .ToList();
                w.Write(Figure(StackedSharesChart.Render($"Predicted classes · {key}", [.. points.Select(x => x.Time)], t.ClassNames, [.. points.Select(x => x.Cohort!.ClassShares)])));
            }

            w.Write("</div>\n");
            Close();
        }

        private void ClassDistribution(MonitorReport r)
        {
            if (r.ClassDistribution is not { Results.Count: > 0 } section)
            {
                Empty("class-distribution", "no class-distribution check (add a <code>ClassDistributionSection</code>).");
                return;
            }

            Open("class-distribution", $"Predicted-class shares in serving against the label shares of {E(section.ReferenceName)}, tested with χ² and PSI.");
            w.Write("<div class=\"grid\">");
            foreach (var result in section.Results.Where(x => x.CurrentTotal > 0))
            {
                var name = result.Cohort ?? "all serving";
                w.Write(Figure(GroupedBarChart.Render(
                    $"{name}: {(result.IsDrift ? "moved" : "stable")}",
                    [.. result.Classes.Select(c => c.ClassName)],
                    [new BarSeries(section.ReferenceName, [.. result.Classes.Select(c => c.ReferenceShare)]), new BarSeries(name, [.. result.Classes.Select(c => c.CurrentShare)])],
                    "share",
                    percent: true,
                    seriesClasses: ["mm-ref", "mm-cur"])));
            }

            w.Write("</div>\n<div class=\"scroll\"><table><thead><tr><th>Cohort</th><th class=\"n\">Records</th><th class=\"n\">χ² p-value</th><th class=\"n\">PSI</th><th>Verdict</th><th>Reason</th></tr></thead><tbody>");
            foreach (var result in section.Results)
            {
                var verdict = result.CurrentTotal == 0 ? "–" : Verdict(result.IsDrift);
                w.Write($"<tr><td>{E(result.Cohort ?? "all serving")}</td><td class=\"n\">{Markup.Count(result.CurrentTotal)}</td><td class=\"n\">{P(result.ChiSquare?.PValue)}</td><td class=\"n\">{F(result.PopulationStabilityIndex?.Statistic, 4)}</td><td>{verdict}</td><td>{E(result.Reason)}</td></tr>");
            }

            w.Write("</tbody></table></div>\n");
            Close();
        }

        private void Drift(MonitorReport r)
        {
            if (r.Drift is not { } d)
            {
                Empty("drift", "no per-feature drift test (add a <code>DriftSection</code>).");
                return;
            }

            Open("drift", $"{E(d.CurrentName)} ({Markup.Count(d.Result.CurrentRows)} rows) against {E(d.ReferenceName)} ({Markup.Count(d.Result.ReferenceRows)} rows); p-values corrected with {E(d.Result.Correction.ToString())}. Sorted by effect size.");
            var ordered = d.Result.Columns.OrderByDescending(c => c.EffectSize ?? double.NegativeInfinity).ThenBy(c => c.Column, StringComparer.Ordinal).ToList();
            w.Write("<div class=\"scroll\"><table><thead><tr><th>Column</th><th>Kind</th><th>Test</th><th class=\"n\">Statistic</th><th class=\"n\">p-value</th><th class=\"n\">Adjusted p</th><th>Effect size</th><th>Verdict</th><th class=\"n\">Missing (ref / cur)</th><th>Reason</th></tr></thead><tbody>");
            foreach (var c in ordered)
            {
                w.Write($"<tr><td><a href=\"#drift-{Slug(c.Column)}\">{E(c.Column)}</a></td><td>{c.Kind}</td><td>{E(c.Method?.ToString() ?? "–")}</td><td class=\"n\">{F(c.Statistic, 4)}</td><td class=\"n\">{P(c.PValue)}</td><td class=\"n\">{P(c.AdjustedPValue)}</td><td>{(c.EffectSize is { } e ? $"{F(e, 4)} ({E(c.EffectSizeMethod?.ToString())})" : "–")}</td><td>{Verdict(c.IsDrift)}</td><td class=\"n\">{Pct(c.ReferenceMissingFraction)} / {Pct(c.CurrentMissingFraction)}</td><td>{E(c.Reason)}</td></tr>");
            }

            w.Write("</tbody></table></div>\n<div class=\"grid\">");
            var distributions = d.Distributions.ToDictionary(x => x.Column, StringComparer.Ordinal);
            var drawn = 0;
            foreach (var c in ordered)
            {
                if (!distributions.TryGetValue(c.Column, out var dist))
                {
                    continue;
                }

                if (drawn++ == options.MaxDriftHistograms)
                {
                    w.Write($"<p class=\"muted\">Histograms drawn for the first {options.MaxDriftHistograms} columns only.</p>");
                    break;
                }

                var title = $"{c.Column}: {(c.IsDrift ? "drift" : "no drift")}";
                var reference = Fractions(dist.ReferenceCounts);
                var current = Fractions(dist.CurrentCounts);
                var chart = dist.Kind == DriftColumnKind.Numeric
                    ? HistogramChart.Render(title, dist.Edges, reference, current, d.ReferenceName, d.CurrentName, c.Column)
                    : GroupedBarChart.Render(title, dist.Categories, [new BarSeries(d.ReferenceName, reference), new BarSeries(d.CurrentName, current)], "share", percent: true, seriesClasses: ["mm-ref", "mm-cur"]);
                w.Write($"<figure id=\"drift-{Slug(c.Column)}\">{chart}</figure>");
            }

            w.Write("</div>\n");
            Close();
        }

        private static double[] Fractions(IReadOnlyList<long> counts)
        {
            var total = counts.Sum();
            return [.. counts.Select(c => total == 0 ? 0 : c / (double)total)];
        }

        private void Schema(MonitorReport r)
        {
            if (r.Schema is not { } s)
            {
                Empty("schema", "no schema validation (add a <code>SchemaSection</code>).");
                return;
            }

            Open("schema", $"{E(s.DataName)}: {Markup.Count(s.RowCount)} rows checked against the schema inferred from the reference profile.");
            if (s.Violations.Count == 0)
            {
                w.Write("<p class=\"ok\">No violations.</p>\n");
                Close();
                return;
            }

            w.Write("<div class=\"scroll\"><table><thead><tr><th>Severity</th><th>Kind</th><th>Column</th><th class=\"n\">Count</th><th>Message</th><th>Examples</th></tr></thead><tbody>");
            foreach (var v in s.Violations.OrderByDescending(v => v.Severity))
            {
                w.Write($"<tr class=\"sev-{v.Severity.ToString().ToLowerInvariant()}\"><td><span class=\"badge\">{v.Severity}</span></td><td>{v.Kind}</td><td>{E(v.Column ?? "–")}</td><td class=\"n\">{Markup.Count(v.Count)}</td><td>{E(v.Message)}</td><td>{string.Join(", ", v.Examples.Take(5).Select(x => $"<code>{E(Markup.Shorten(x, 60))}</code>"))}</td></tr>");
            }

            w.Write("</tbody></table></div>\n");
            Close();
        }

        private void Thresholds(MonitorReport r)
        {
            if (r.Thresholds.Count == 0)
            {
                Empty("thresholds", "no threshold calibration (add a <code>ThresholdSection</code> per class).");
                return;
            }

            Open("thresholds", "Thresholds calibrated on a holdout set, never a silent 0.5: the chosen point is marked on each curve, and the table compares it with 0.5.");
            foreach (var t in r.Thresholds)
            {
                var interval = t.ThresholdLower is { } lo && t.ThresholdUpper is { } hi ? $" (95% bootstrap interval {F(lo, 3)}–{F(hi, 3)})" : string.Empty;
                w.Write($"<h3>{E(t.Name)}: {(t.IsFeasible ? $"threshold {F(t.Threshold, 3)}{interval} by {E(t.Objective)}" : $"no threshold meets {E(t.Objective)}")}</h3>");
                if (t.Warnings != HoldoutWarnings.None)
                {
                    w.Write($"<p class=\"sev-warning\"><span class=\"badge\">warning</span> holdout: {E(t.Warnings.ToString())}</p>");
                }

                var label = $"{t.Objective} threshold {F(t.Threshold, 3)}";
                var at = t.AtThreshold;
                var roc = new Curve(t.Name, [.. t.Roc.Select(p => new ChartCurvePoint(p.X, p.Y))], at is null ? null : new CurveMark(new ChartCurvePoint(at.FalsePositiveRate, at.Recall), label));
                var pr = new Curve(t.Name, [.. t.PrecisionRecall.Select(p => new ChartCurvePoint(p.X, p.Y))], at is null ? null : new CurveMark(new ChartCurvePoint(at.Recall, at.Precision), label));
                w.Write("<div class=\"grid\">");
                w.Write(Figure(CurveChart.Render($"ROC · AUC {F(t.RocAuc, 3)}", [roc], "false-positive rate", "true-positive rate", chanceDiagonal: true)));
                w.Write(Figure(CurveChart.Render($"Precision–recall · AP {F(t.AveragePrecision, 3)}", [pr], "recall", "precision")));
                w.Write("</div>");
                w.Write($"<table class=\"compact\"><thead><tr><th>Holdout ({Markup.Count(t.Count)}, {Markup.Count(t.Positives)} positive)</th><th class=\"n\">Threshold</th><th class=\"n\">Precision</th><th class=\"n\">Recall</th><th class=\"n\">F1</th><th class=\"n\">Accuracy</th><th class=\"n\">FPR</th></tr></thead><tbody>");
                if (t.AtThreshold is { } chosen)
                {
                    OperatingRow("calibrated", chosen);
                }

                OperatingRow("0.5", t.AtHalf);
                w.Write("</tbody></table>\n");
            }

            Close();
        }

        private void OperatingRow(string name, OperatingPoint p) =>
            w.Write($"<tr><td>{name}</td><td class=\"n\">{F(p.Threshold, 3)}</td><td class=\"n\">{F(p.Precision, 3)}</td><td class=\"n\">{F(p.Recall, 3)}</td><td class=\"n\">{F(p.F1, 3)}</td><td class=\"n\">{F(p.Accuracy, 3)}</td><td class=\"n\">{F(p.FalsePositiveRate, 3)}</td></tr>");

        private void Tagging(MonitorReport r)
        {
            if (r.TaggingQueues.Count == 0)
            {
                Empty("tagging", "no tagging selectors (add a <code>TaggingQueueSection</code> per selector).");
                return;
            }

            var classNames = r.Snapshots.OfType<RollingStatisticsSnapshot>().FirstOrDefault()?.ClassNames ?? r.Explanations?.ClassNames ?? [];
            Open("tagging", "Labelling queues, best candidate first, with the reason each sample was picked.");
            foreach (var q in r.TaggingQueues)
            {
                w.Write($"<h3>{E(q.Selector)}</h3><p>{E(q.Description)} · {Markup.Count(q.Items.Count)} queued of {Markup.Count(q.Observed)} observed.</p>");
                if (q.Items.Count == 0)
                {
                    w.Write("<p class=\"empty\">The queue is empty.</p>");
                    continue;
                }

                w.Write($"<div class=\"scroll\"><table><thead><tr><th>Sample</th><th>Reason</th><th class=\"n\">{E(q.ScoreName)}</th><th>Predicted</th><th>Label</th><th>Cohort</th><th>Text</th></tr></thead><tbody>");
                foreach (var item in q.Items)
                {
                    var s = item.Sample;
                    w.Write($"<tr><td><code>{E(s.SampleId)}</code></td><td>{Reason(s.Reason)}</td><td class=\"n\">{F(s.Score, 3)}</td><td>{E(ClassName(classNames, s.PredictedClass))}</td><td>{(s.Label is { } l ? E(ClassName(classNames, l)) : "–")}</td><td>{E(s.Cohort ?? "–")}</td><td class=\"text\">{E(Markup.Shorten(item.Text ?? string.Empty, options.MaxTextLength))}</td></tr>");
                }

                w.Write("</tbody></table></div>\n");
            }

            Close();
        }

        private static string Reason(TaggingCriterion c) => c switch
        {
            TaggingCriterion.LeastConfident => "least confident",
            TaggingCriterion.SmallestMargin => "smallest margin",
            TaggingCriterion.HighestEntropy => "highest entropy",
            TaggingCriterion.HighConfidence => "confident (mining)",
            TaggingCriterion.NearThreshold => "near threshold",
            TaggingCriterion.BelowThresholdButCorrect => "below threshold but correct",
            _ => c.ToString(),
        };

        private void Projection(MonitorReport r)
        {
            if (r.Projections.Count == 0)
            {
                Empty("projection", "no embedding projection (add a <code>ProjectionSection</code>).");
                return;
            }

            Open("projection", "Reference (faint squares) and serving (dots) embeddings, coloured by class, in one 2-D map fitted on the reference.");
            w.Write("<div class=\"grid\">");
            foreach (var p in r.Projections)
            {
                var names = p.Projection.Points.Select(x => x.Group).Distinct(StringComparer.Ordinal).OrderBy(x => x, StringComparer.Ordinal).ToList();
                List<ScatterGroup> groups = [];
                var index = new Dictionary<(string, bool), int>();
                for (var g = 0; g < names.Count; g++)
                {
                    index[(names[g], false)] = groups.Count;
                    groups.Add(new ScatterGroup($"{names[g]} · reference", g, IsReference: true));
                    index[(names[g], true)] = groups.Count;
                    groups.Add(new ScatterGroup($"{names[g]} · serving", g, IsReference: false));
                }

                var points = p.Projection.Points.Select(x => new ScatterPoint(x.X, x.Y, index[(x.Group, x.IsServing)])).ToList();
                w.Write("<figure>");
                w.Write(ScatterChart.Render(p.Title, points, groups, note: $"{p.Projection.Method}", maxPoints: options.MaxScatterPoints));
                w.Write("<table class=\"compact\"><thead><tr><th>Class</th><th class=\"n\">Reference</th><th class=\"n\">Serving</th><th class=\"n\">Centroid shift</th><th class=\"n\">Spread ratio</th><th class=\"n\">Far from reference</th></tr></thead><tbody>");
                foreach (var g in p.Projection.Groups)
                {
                    w.Write($"<tr><td>{E(g.Group)}</td><td class=\"n\">{Markup.Count(g.ReferenceCount)}</td><td class=\"n\">{Markup.Count(g.ServingCount)}</td><td class=\"n\">{F(g.CentroidShift, 3)}</td><td class=\"n\">{F(g.SpreadRatio, 2)}</td><td class=\"n\">{Pct(g.FarShare)}</td></tr>");
                }

                w.Write("</tbody></table>");
                if (p.Drift is { } drift)
                {
                    w.Write($"<p>Embedding drift, serving vs reference: {Verdict(drift.IsDrift)} MMD² {F(drift.Mmd2, 5)} (permutation p = {P(drift.MmdPValue)}, {drift.Permutations} permutations); domain-classifier AUC {F(drift.DomainAuc, 3)} [{F(drift.DomainAucLower, 3)}, {F(drift.DomainAucUpper, 3)}].</p>");
                }

                if (p.Control is { } control)
                {
                    w.Write($"<p class=\"muted\">Control, two halves of the reference: {Verdict(control.IsDrift)} MMD p = {P(control.MmdPValue)}, AUC {F(control.DomainAuc, 3)}.</p>");
                }

                w.Write("</figure>");
            }

            w.Write("</div>\n");
            Close();
        }

        private void Explanations(MonitorReport r)
        {
            if (r.Explanations is not { } x)
            {
                Empty("explanations", "no LIME explanations (add an <code>ExplanationSection</code>).");
                return;
            }

            Open("explanations", x.Note is null ? "LIME: the words that pushed each prediction, and the words behind each class." : E(x.Note));
            foreach (var e in x.Samples)
            {
                var className = ClassName(x.ClassNames, e.ClassIndex);
                w.Write("<article class=\"explanation\">");
                w.Write($"<p class=\"highlighted\">{TextHighlight.Render(e.Input, e.Features)}</p>");
                w.Write($"<p class=\"muted\">Predicted {E(ClassName(x.ClassNames, e.PredictedClass))}; P({E(className)}) = {F(e.ModelProbability, 3)}, local model {F(e.LocalPrediction, 3)}, R² {F(e.LocalR2, 2)}{(e.Stability is { } st ? $", stability {F(st, 2)}" : string.Empty)}{(e.IsUnstable ? " <span class=\"badge sev-warning\">unstable</span>" : string.Empty)} · {Markup.Count(e.SampleCount)} perturbations.</p>");
                w.Write(Figure(SignedBarChart.Render($"Word weights towards {className}", [.. e.Features.Take(options.MaxWords).Select(f => new SignedBar(f.Feature, f.Weight))], $"towards {className}", $"away from {className}")));
                w.Write("</article>");
            }

            if (x.Classes.Count > 0)
            {
                w.Write($"<h3>Class level ({Markup.Count(x.AggregatedCount)} explanations aggregated)</h3><div class=\"grid\">");
                foreach (var c in x.Classes)
                {
                    var name = ClassName(x.ClassNames, c.ClassIndex);
                    var bars = c.Towards.Take(options.MaxWords).Concat(c.Away.Take(options.MaxWords)).Select(a => new SignedBar(a.Feature, a.MeanWeight)).ToList();
                    w.Write(Figure(SignedBarChart.Render($"Top words for {name}", bars, $"towards {name}", $"away from {name}")));
                }

                w.Write("</div>");
            }

            Close();
        }

        private void Robustness(MonitorReport r)
        {
            if (r.Robustness is not { } rb)
            {
                Empty("robustness", "no robustness check (add a <code>RobustnessSection</code>).");
                return;
            }

            Open("robustness", $"In-domain perturbations should not change predictions: a suite passes when at most {Pct(rb.MaxFlipRate)} of predictions flip.");
            w.Write("<div class=\"scroll\"><table><thead><tr><th>Suite</th><th class=\"n\">Inputs</th><th class=\"n\">Flips</th><th class=\"n\">Flip rate</th><th class=\"n\">Mean |Δ confidence|</th><th class=\"n\">Max |Δ confidence|</th><th>Result</th></tr></thead><tbody>");
            foreach (var s in rb.Suites)
            {
                w.Write($"<tr><td>{E(s.Suite)}</td><td class=\"n\">{Markup.Count(s.Count)}</td><td class=\"n\">{Markup.Count(s.Flips)}</td><td class=\"n\">{Pct(s.FlipRate)}</td><td class=\"n\">{F(s.MeanConfidenceChange, 4)}</td><td class=\"n\">{F(s.MaxConfidenceChange, 4)}</td><td>{(s.Passed ? "<span class=\"badge sev-ok\">pass</span>" : "<span class=\"badge sev-warning\">fail</span>")}</td></tr>");
            }

            w.Write("</tbody></table></div>\n");
            var classNames = r.Explanations?.ClassNames ?? r.Snapshots.OfType<RollingStatisticsSnapshot>().FirstOrDefault()?.ClassNames ?? [];
            foreach (var s in rb.Suites.Where(s => s.Examples.Count > 0))
            {
                w.Write($"<details><summary>{E(s.Suite)}: {s.Examples.Count} examples</summary><table class=\"compact\"><thead><tr><th>Original</th><th>Perturbed</th><th>Class</th><th class=\"n\">Δ confidence</th></tr></thead><tbody>");
                foreach (var e in s.Examples)
                {
                    var classes = e.OriginalClass == e.PerturbedClass ? E(ClassName(classNames, e.OriginalClass)) : $"<b>{E(ClassName(classNames, e.OriginalClass))} → {E(ClassName(classNames, e.PerturbedClass))}</b>";
                    w.Write($"<tr><td class=\"text\">{E(Markup.Shorten(e.Original, options.MaxTextLength))}</td><td class=\"text\">{E(Markup.Shorten(e.Perturbed, options.MaxTextLength))}</td><td>{classes}</td><td class=\"n\">{F(e.ConfidenceChange, 4)}</td></tr>");
                }

                w.Write("</tbody></table></details>");
            }

            Close();
        }

        private void Profile(MonitorReport r)
        {
            if (r.Profile is not { } p)
            {
                Empty("profile", "no data profile (add a <code>ProfileSection</code>).");
                return;
            }

            Open("profile", $"{E(p.DataName)}: {Markup.Count(p.RowCount)} rows, {p.Columns.Count} columns, {Markup.Count(p.MissingCellCount)} missing cells, {Markup.Count(p.DuplicateRowCount)} duplicate rows.");
            w.Write("<div class=\"scroll\"><table><thead><tr><th>Column</th><th>Kind</th><th class=\"n\">Missing</th><th class=\"n\">Distinct</th><th class=\"n\">Mean</th><th class=\"n\">Std</th><th class=\"n\">Min</th><th class=\"n\">Median</th><th class=\"n\">Max</th><th>Most frequent</th></tr></thead><tbody>");
            foreach (var c in p.Columns)
            {
                var median = c.Quantiles.FirstOrDefault(q => q.Probability == 0.5);
                var top = string.Join(", ", c.TopValues.Take(3).Select(v => $"<code>{E(Markup.Shorten(v.Value, 30))}</code> {Markup.Count(v.Count)}"));
                w.Write($"<tr><td><a href=\"#profile-{Slug(c.Name)}\">{E(c.Name)}</a></td><td>{c.Kind}{(c.VectorDimension is { } dim ? $" [{dim}]" : string.Empty)}</td><td class=\"n\">{Pct(c.Count == 0 ? 0 : c.MissingCount / (double)c.Count)}</td><td class=\"n\">{Markup.Count(c.DistinctCount)}{(c.DistinctIsExact ? string.Empty : " ≈")}</td><td class=\"n\">{F(c.Mean ?? c.TextLength?.Mean, 3)}</td><td class=\"n\">{F(c.StandardDeviation ?? c.TextLength?.StandardDeviation, 3)}</td><td class=\"n\">{F(c.Min ?? c.TextLength?.Min, 3)}</td><td class=\"n\">{(c.Quantiles.Count == 0 ? "–" : F(median.Value, 3))}</td><td class=\"n\">{F(c.Max ?? c.TextLength?.Max, 3)}</td><td>{top}</td></tr>");
            }

            w.Write("</tbody></table></div>\n<div class=\"grid\">");
            foreach (var c in p.Columns)
            {
                string chart;
                if (c.Histogram.Count > 0)
                {
                    var fractions = Fractions([.. c.Histogram.Select(b => b.Count)]);
                    chart = GroupedBarChart.Render($"{c.Name} ({c.Kind})", [.. c.Histogram.Select(b => $"{G(b.Lower)}–{G(b.Upper)}")], [new BarSeries(p.DataName, fractions)], "share", percent: true);
                }
                else if (c.TopValues.Count > 0 && c.Kind != ColumnKind.Text)
                {
                    var present = Math.Max(1, c.Count - c.MissingCount);
                    chart = GroupedBarChart.Render($"{c.Name} ({c.Kind})", [.. c.TopValues.Take(12).Select(v => v.Value)], [new BarSeries(p.DataName, [.. c.TopValues.Take(12).Select(v => v.Count / (double)present)])], "share", percent: true);
                }
                else
                {
                    continue;
                }

                w.Write($"<figure id=\"profile-{Slug(c.Name)}\">{chart}</figure>");
            }

            w.Write("</div>\n");
            Close();
        }

        private static string ClassName(IReadOnlyList<string> names, int index) =>
            index >= 0 && index < names.Count ? names[index] : $"class {index.ToString(C)}";

        private static string Figure(string svg) => $"<figure>{svg}</figure>";

        private static string Verdict(bool drift) => drift ? "<span class=\"badge sev-warning\">drift</span>" : "<span class=\"badge sev-ok\">ok</span>";

        private static string E(string? text) => Markup.Escape(text);

        private static string F(double? value, int digits) =>
            value is not { } v ? "–" : double.IsNaN(v) ? "NaN" : v.ToString("0." + new string('#', digits), C);

        private static string P(double? p) =>
            p is not { } v ? "–" : v < 1e-4 ? v.ToString("0.0e0", C) : v.ToString("0.####", C);

        private static string Signed(double? value, int digits) =>
            value is { } v && double.IsFinite(v) ? v.ToString("+0." + new string('0', digits) + ";−0." + new string('0', digits) + ";0", C) : "–";

        private static string G(double value) => value.ToString("G3", C);

        private static string Pct(double share) => share.ToString("0.#%", C);

        private static string Time(DateTimeOffset t) => E(t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", C));

        /// <summary>An id fragment for a user string: only [a-z0-9-] survive, plus a hash so distinct names never collide.</summary>
        private static string Slug(string name)
        {
            var kept = new StringBuilder();
            foreach (var ch in name.ToLowerInvariant())
            {
                kept.Append(ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-');
            }

            var hash = 17u;
            foreach (var ch in name)
            {
                hash = unchecked((hash * 31) + ch);
            }

            return $"{Markup.Shorten(kept.ToString(), 40).Replace("\u2026", string.Empty, StringComparison.Ordinal)}-{hash % 0xFFFF:x4}";
        }
    }

    private const string PageCss =
        ":root{color-scheme:light dark}body{margin:0;background:var(--mm-bg);color:var(--mm-fg);font:14px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}"
        + "header,main,footer,nav{max-width:1180px;margin:0 auto;padding:0 24px}header{padding-top:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:0 0 8px;padding-top:8px}h3{font-size:16px;margin:20px 0 6px}"
        + ".lead{font-size:16px;margin:4px 0}.muted{color:var(--mm-muted)}.empty{color:var(--mm-muted);font-style:italic}.ok{color:var(--mm-c2)}"
        + "nav ol{columns:3;padding-left:20px;margin:4px 0 8px}nav a,main a{color:var(--mm-c0)}"
        + "section{border-top:1px solid var(--mm-grid);padding:12px 0 20px}figure{margin:8px 0;min-width:0}"
        + ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:12px 24px}"
        + ".scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid var(--mm-grid);text-align:left;vertical-align:top}"
        + "th{font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.text{max-width:520px}code{font-size:12px}"
        + ".badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;font-weight:600;text-transform:uppercase;border:1px solid currentColor}"
        + ".sev-critical,.sev-error{color:var(--mm-neg)}.sev-warning{color:var(--mm-c1)}.sev-info{color:var(--mm-c0)}.sev-ok{color:var(--mm-c2)}"
        + ".findings{list-style:none;padding:0}.findings li{margin:4px 0;color:var(--mm-fg)}.findings li .badge{min-width:56px;text-align:center}"
        + ".findings li.sev-critical .badge,.findings li.sev-error .badge{color:var(--mm-neg)}.findings li.sev-warning .badge{color:var(--mm-c1)}.findings li.sev-info .badge{color:var(--mm-c0)}"
        + ".cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}.card{border:1px solid var(--mm-grid);border-radius:8px;padding:8px 12px;min-width:180px}.card-title{font-size:12px;color:var(--mm-muted)}.card-value{font-size:20px;font-weight:600}"
        + ".explanation{border-left:3px solid var(--mm-grid);padding-left:12px;margin:12px 0}.highlighted{font-size:15px}details{margin:6px 0}summary{cursor:pointer}"
        + "@media print{nav{display:none}section{break-inside:avoid-page}.grid{grid-template-columns:1fr 1fr}body{font-size:11px}}";
}
