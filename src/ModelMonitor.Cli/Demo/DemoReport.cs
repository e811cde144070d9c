using System.Globalization;
using ModelMonitor.Cli.Profiling;
using ModelMonitor.Cli.Projection;
using ModelMonitor.Statistics;

namespace ModelMonitor.Cli.Demo;

/// <summary>Writes the demo's summary as plain-text tables.</summary>
internal static class DemoReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(DemoResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var snapshot = result.Snapshot;
        var windows = snapshot.Windows;
        var negative = snapshot.ClassNames[0];
        var positive = snapshot.ClassNames[1];

        output.WriteLine("modelmon demo: a sentiment model trained on Amazon reviews, served on Yelp reviews");
        output.WriteLine();
        Line(output, $"  data    UCI \"Sentiment Labelled Sentences\" (Kotzias et al., KDD 2015), CC BY 4.0");
        Line(output, $"  model   FeaturizeText + SdcaLogisticRegression (seed 0), trained on {result.TrainingCount} Amazon reviews");
        Line(output, $"  stream  {result.HoldoutCount} held-out Amazon reviews, then {result.ServingCount} Yelp reviews (alternately web, mobile),");
        Line(output, $"          one prediction every {DemoRunner.Interval.TotalSeconds:0} s from {Time(result.FirstTimestamp)} to {Clock(result.LastTimestamp)}");
        output.WriteLine();

        output.WriteLine("All time                       ---------- confidence ----------   -- predicted --");
        Line(output, $"{"cohort",-18} {"records",8}   {"mean",6} {"p10",6} {"p50",6} {"p90",6}   {negative,8} {positive,8}   {"accuracy",8}");
        foreach (var c in result.Cohorts)
        {
            Line(output, $"{c.Cohort,-18} {c.Count,8}   {c.MeanConfidence,6:0.000} {c.ConfidenceP10,6:0.000} {c.ConfidenceP50,6:0.000} {c.ConfidenceP90,6:0.000}   {Percent(c.PredictedShares[0]),8} {Percent(c.PredictedShares[1]),8}   {Percent(c.Accuracy),8}");
        }

        Line(output, $"  confidence = the larger class probability; quantiles from a sketch (rank error {windows.SketchRankError:0.0%});");
        output.WriteLine("  accuracy counted by the demo from the true labels attached to each record; (all) includes the holdout");
        output.WriteLine();

        output.WriteLine("Serving vs training holdout, all time");
        Line(output, $"{"cohort",-10} {"mean confidence",-34} {"share " + positive,-34} {"accuracy",-34}");
        foreach (var s in result.ShiftsFromHoldout)
        {
            var confidence = string.Create(Invariant, $"{s.Confidence.Current:0.000} vs {s.Confidence.Reference:0.000} {Signed(s.Confidence.Difference, "0.000")} {Z(s.Confidence.ZScore)}");
            Line(output, $"{s.Cohort,-10} {confidence,-34} {FormatShareShift(s.PositiveShare),-34} {FormatShareShift(s.Accuracy),-34}");
        }

        output.WriteLine("  z: Welch's z (means), two-proportion z (shares); |z| >= 2 arises by chance about 1 time in 20");
        output.WriteLine();

        Line(output, $"Last {Minutes(windows.TimeWindow)} (from {Clock(windows.CurrentWindowStart)}) vs the {Minutes(windows.TimeWindow)} before (from {Clock(windows.PreviousWindowStart)}) and vs all time");
        Line(output, $"{"cohort",-18} {"now/prev",9}   {"conf now",8} {"vs previous",-17} {"vs all time",-17}   {positive + " now",12} {"vs previous",-17} {"vs all time",-17}");
        foreach (var c in result.Cohorts)
        {
            var w = c.Window;
            var counts = $"{w.CurrentCount}/{w.PreviousCount}";
            if (w.CurrentCount == 0)
            {
                Line(output, $"{c.Cohort,-18} {counts,9}   no records in the current window");
                continue;
            }

            var now = w.ConfidenceVsAllTime?.Current;
            Line(output, $"{c.Cohort,-18} {counts,9}   {(now is { } n ? n.ToString("0.000", Invariant) : "-"),8} {FormatMeanShift(w.ConfidenceVsPreviousWindow),-17} {FormatMeanShift(w.ConfidenceVsAllTime),-17}   {Percent(w.PositiveShareVsAllTime?.Current),12} {SharePoints(w.PositiveShareVsPreviousWindow),-17} {SharePoints(w.PositiveShareVsAllTime),-17}");
        }

        output.WriteLine();
        var drift = result.Drift;
        Line(output, $"Drift: Yelp stream ({drift.CurrentRows}) against the Amazon holdout ({drift.ReferenceRows}), {drift.Correction} correction");
        Line(output, $"{"column",-12} {"method",-22} {"statistic",10} {"p-value",10} {"adj. p",10} {"effect",8}   verdict");
        foreach (var c in drift.Columns)
        {
            Line(output, $"{c.Column,-12} {c.Method?.ToString() ?? "-",-22} {Number(c.Test?.Statistic),10} {Number(c.Test?.PValue),10} {Number(c.AdjustedPValue),10} {Number(c.EffectSize),8}   {c.Verdict}");
        }

        Line(output, $"  {drift.DriftedColumns} of {drift.Columns.Count} columns drifted; the dataset {(drift.IsDrift ? "drifted" : "did not drift")}. Drift needs p below the significance after correction and an effect of at least 0.1.");
        output.WriteLine();
        output.WriteLine("Predicted classes in the current window against the training labels");
        foreach (var c in result.ClassDistribution)
        {
            Line(output, $"{c.Cohort ?? "-",-18} {(c.IsDrift ? "drift" : "no drift"),-9} {c.Reason}");
        }

        output.WriteLine();
        WriteCalibration(result.Calibration, output);
        output.WriteLine();
        WriteExplanations(result.Explanations, output);
        output.WriteLine();
        DemoProfilingSection.Write(result.Profiling, output);
        output.WriteLine();
        ProjectionDemo.Write(result.Projection, output);
        output.WriteLine();
        Line(output, $"Alerts raised on the final snapshot: {result.Report.Alerts.Count}.");
        foreach (var alert in result.Report.Alerts)
        {
            Line(output, $"  [{alert.Severity}] {alert.Message}");
        }

        output.WriteLine();
        Line(output, $"Written to {result.OutputDirectory}:");
        Line(output, $"  {DemoRunner.ReportFileName,-14} the HTML report: open it in a browser");
        Line(output, $"  {DemoRunner.SnapshotFileName,-14} the report data ({snapshot.MonitorName}: {snapshot.ObservedRecords} records, {snapshot.InvalidRecords.Total} invalid, {snapshot.LateRecords} late, and every section); render it again with");
        Line(output, $"                   modelmon report --snapshot {result.SnapshotPath} -o report.html");
        Line(output, $"Model written to {result.ModelPath}; explain any sentence with");
        Line(output, $"  modelmon explain \"The pizza was great\" --model {result.ModelPath}");
    }

    private static void WriteCalibration(CalibrationSummary c, TextWriter output)
    {
        Line(output, $"Decision threshold, calibrated on the Amazon holdout (max {c.Objective}; ROC AUC {c.HoldoutRocAuc:0.000})");
        Line(output, $"  threshold {c.Threshold:0.000} on P(positive), 95% bootstrap interval [{c.ThresholdLower:0.000}, {c.ThresholdUpper:0.000}]; ML.NET's PredictedLabel uses 0.5 ({Signed(c.Threshold - 0.5, "0.000")})");
        if (c.Warnings != ModelMonitor.Thresholds.HoldoutWarnings.None)
        {
            Line(output, $"  warnings: {c.Warnings} (a small holdout gives a wide interval)");
        }

        Line(output, $"{"",-24} {"threshold",9} {"accuracy",9} {"precision",9} {"recall",7} {"F1",6} {"predicted positive",19}");
        Point(output, "Amazon holdout @ 0.5", c.HoldoutAtHalf);
        Point(output, "Amazon holdout @ calib.", c.HoldoutAtThreshold);
        Point(output, "Yelp @ 0.5", c.ServingAtHalf);
        Point(output, "Yelp @ calibrated", c.ServingAtThreshold);
        output.WriteLine();
        Line(output, $"Tagging queues over the Yelp stream (budget {DemoCalibration.Budget} each; first {DemoCalibration.QueueItems} shown)");
        foreach (var q in c.Queues)
        {
            Line(output, $"  {q.Selector}: {q.Meaning} ({q.Observed} records seen)");
            if (q.First.Count == 0)
            {
                output.WriteLine("    (none)");
            }

            foreach (var (sample, text) in q.First)
            {
                var label = sample.Label is { } l ? (l == 1 ? "positive" : "negative") : "?";
                Line(output, $"    {sample.SampleId,-9} {q.ScoreName} {sample.Score:0.000}  predicted {(sample.PredictedClass == 1 ? "positive" : "negative"),-8} label {label,-8} \"{Clip(text, 60)}\"");
            }
        }
    }

    private static void WriteExplanations(ExplanationSummary e, TextWriter output)
    {
        output.WriteLine("Why: LIME explanations of the most confident wrong Yelp predictions (5000 perturbations each)");
        foreach (var x in e.ConfidentMistakes)
        {
            var predicted = x.PredictedClass == 1 ? "positive" : "negative";
            var stability = x.Stability is { } s ? s.ToString("0.00", Invariant) + (x.IsUnstable ? " UNSTABLE" : string.Empty) : "-";
            Line(output, $"  \"{Clip(x.Input, 70)}\"");
            Line(output, $"    predicted {predicted} with p = {x.ModelProbability:0.000}; local R² {x.LocalR2:0.00}, stability {stability}");
            Line(output, $"    words for {predicted}: {string.Join(", ", x.Features.Select(f => $"{f.Feature} {Signed(f.Weight, "0.000")}"))}");
        }

        output.WriteLine();
        Line(output, $"Words that push the model towards \"positive\" over {e.AggregatedCount} Yelp reviews (mean LIME weight; share of reviews where the word is a top feature)");
        Line(output, $"  towards: {string.Join(", ", e.PositiveClass.Towards.Select(f => $"{f.Feature} {Signed(f.MeanWeight, "0.000")} ({Percent(f.TopShare)})"))}");
        Line(output, $"  away:    {string.Join(", ", e.PositiveClass.Away.Select(f => $"{f.Feature} {Signed(f.MeanWeight, "0.000")} ({Percent(f.TopShare)})"))}");
        Line(output, $"  representative reviews (submodular pick): {string.Join(" | ", e.Representative.Select(t => "\"" + Clip(t, 50) + "\""))}");
        output.WriteLine();
        Line(output, $"Robustness on {e.Robustness.Suites[0].Count} Yelp reviews (each perturbed once, seed 0; pass: flip rate <= {Percent(e.Robustness.MaxFlipRate)})");
        Line(output, $"{"suite",-20} {"flip rate",9} {"mean |dp|",9} {"max |dp|",9}  verdict  example");
        foreach (var s in e.Robustness.Suites)
        {
            var example = s.Examples.Count == 0 ? string.Empty : $"\"{Clip(s.Examples[0].Perturbed, 45)}\"";
            Line(output, $"{s.Suite,-20} {Percent(s.FlipRate),9} {s.MeanConfidenceChange,9:0.000} {s.MaxConfidenceChange,9:0.000}  {(s.Passed ? "pass" : "FAIL"),-7}  {example}");
        }
    }

    private static void Point(TextWriter output, string name, ModelMonitor.Thresholds.OperatingPoint p) =>
        Line(output, $"{name,-24} {p.Threshold,9:0.000} {Percent(p.Accuracy),9} {Percent(p.Precision),9} {Percent(p.Recall),7} {p.F1,6:0.000} {Percent(p.PositiveRate),19}");

    private static string Clip(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");

    private static void Line(TextWriter output, FormattableString text) => output.WriteLine(text.ToString(Invariant).TrimEnd());

    private static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant) : "-";

    private static string Clock(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("HH:mm:ss'Z'", Invariant) : "-";

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", Invariant) + " min";

    private static string Number(double? value) => value switch
    {
        null => "-",
        { } v when v != 0 && Math.Abs(v) < 1e-3 => v.ToString("0.0e0", Invariant),
        { } v => v.ToString("0.0000", Invariant),
    };

    private static string Percent(double? share) => share is { } s ? s.ToString("0.0%", Invariant) : "-";

    private static string Signed(double value, string format) => (value >= 0 ? "+" : string.Empty) + value.ToString(format, Invariant);

    private static string Z(double? z) => z is { } v ? $"(z {Signed(v, "0.0")})" : "(z -)";

    private static string FormatMeanShift(MeanShift? shift) => shift is null ? "-" : $"{Signed(shift.Difference, "0.000")} {Z(shift.ZScore)}";

    private static string SharePoints(ShareShift? shift) => shift is null ? "-" : $"{Signed(shift.Difference * 100, "0.0")} pp {Z(shift.ZScore)}";

    private static string FormatShareShift(ShareShift shift) => $"{Percent(shift.Current)} vs {Percent(shift.Reference)} {SharePoints(shift)}";
}
