using ModelMonitor.Tagging;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Demo;

/// <summary>The demo's threshold section: the threshold calibrated on the Amazon holdout against 0.5, on the holdout and on Yelp.</summary>
internal sealed record CalibrationSummary
{
    /// <summary>Gets the objective the threshold was chosen by.</summary>
    public required string Objective { get; init; }

    /// <summary>Gets the calibrated threshold on P(positive).</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the bootstrap interval of the threshold (95%, 1000 resamples, seed 0).</summary>
    public required double ThresholdLower { get; init; }

    public required double ThresholdUpper { get; init; }

    /// <summary>Gets the holdout's warnings (a 200-row holdout is small).</summary>
    public required HoldoutWarnings Warnings { get; init; }

    public required double HoldoutRocAuc { get; init; }

    public required OperatingPoint HoldoutAtHalf { get; init; }

    public required OperatingPoint HoldoutAtThreshold { get; init; }

    public required OperatingPoint ServingAtHalf { get; init; }

    public required OperatingPoint ServingAtThreshold { get; init; }

    /// <summary>Gets the thresholds as serving code would load them.</summary>
    public required CalibratedThresholds Thresholds { get; init; }

    /// <summary>Gets the holdout calibration the threshold was read from (its curves go into the report).</summary>
    public required BinaryCalibration Holdout { get; init; }

    /// <summary>Gets the threshold's bootstrap interval.</summary>
    public required BootstrapResult Interval { get; init; }

    /// <summary>Gets the first items of each tagging queue over the Yelp stream.</summary>
    public required IReadOnlyList<TaggingQueue> Queues { get; init; }
}

/// <summary>One selector's labelling queue: what it looks for, how many records it saw, and its first items with their review text.</summary>
internal sealed record TaggingQueue(string Selector, string Meaning, string ScoreName, long Observed, IReadOnlyList<(TaggedSample Sample, string Text)> Items)
{
    /// <summary>Gets the items the console summary prints.</summary>
    public IReadOnlyList<(TaggedSample Sample, string Text)> First => [.. Items.Take(DemoCalibration.QueueItems)];
}

/// <summary>Builds the threshold section of the demo from the scored holdout and serving stream.</summary>
internal static class DemoCalibration
{
    /// <summary>The items of each queue the demo prints.</summary>
    public const int QueueItems = 3;

    /// <summary>How many items of each queue the HTML report lists.</summary>
    public const int ReportItems = 10;

    /// <summary>The selectors' budget over the Yelp stream.</summary>
    public const int Budget = 25;

    /// <summary>The band around the threshold the near-threshold selector accepts.</summary>
    public const double NearDelta = 0.05;

    public static CalibrationSummary Build(
        IReadOnlyList<PredictionRecord> holdout,
        IReadOnlyList<PredictionRecord> serving,
        IReadOnlyList<LabelledSentence> servingSentences)
    {
        var objective = ThresholdObjective.F1;
        var (holdoutScores, holdoutLabels) = ScoresAndLabels(holdout);
        var calibration = ThresholdCalibrator.Calibrate(holdoutScores, holdoutLabels, [objective]);
        var selection = calibration.SelectionFor(objective);
        var bootstrap = ThresholdBootstrap.Run(holdoutScores, holdoutLabels, objective, seed: 0, resamples: 1000);
        var (servingScores, servingLabels) = ScoresAndLabels(serving);
        var servingCurve = ThresholdCalibrator.Calibrate(servingScores, servingLabels, [objective]);
        var thresholds = calibration.ToThresholds(objective);

        var selectors = new (TaggingSelector Selector, string Meaning, string ScoreName)[]
        {
            (TaggingSelector.LeastConfident(2, Budget), "the predictions the model is least sure of", "confidence"),
            (TaggingSelector.NearCalibratedThreshold(thresholds, NearDelta, Budget), $"P(positive) within {NearDelta} of the calibrated threshold", "distance"),
            (TaggingSelector.HighConfidence(2, Budget, [0]), "the most confident negatives (negative-sample mining)", "confidence"),
            (TaggingSelector.BelowCalibratedThresholdButCorrect(thresholds, Budget), "right at 0.5, but their class score is below its calibrated threshold, so the calibrated rule flips them", "shortfall"),
        };
        for (var i = 0; i < serving.Count; i++)
        {
            var r = serving[i];
            var record = new PredictionRecord(r.Timestamp, r.Scores, r.PredictedClass, r.Cohort ?? DemoRunner.ServingCohort(i), r.Label, SampleId(i));
            foreach (var (selector, _, _) in selectors)
            {
                selector.Observe(record);
            }
        }

        return new CalibrationSummary
        {
            Objective = "F1",
            Threshold = selection.Threshold,
            ThresholdLower = bootstrap.ThresholdLower,
            ThresholdUpper = bootstrap.ThresholdUpper,
            Warnings = calibration.Warnings | bootstrap.Warnings,
            HoldoutRocAuc = calibration.RocAuc,
            HoldoutAtHalf = calibration.At(0.5),
            HoldoutAtThreshold = calibration.At(selection.Threshold),
            ServingAtHalf = servingCurve.At(0.5),
            ServingAtThreshold = servingCurve.At(selection.Threshold),
            Thresholds = thresholds,
            Holdout = calibration,
            Interval = bootstrap,
            Queues =
            [
                .. selectors.Select(s => new TaggingQueue(
                    s.Selector.Name,
                    s.Meaning,
                    s.ScoreName,
                    s.Selector.ObservedRecords,
                    [.. s.Selector.Selected().Take(ReportItems).Select(t => (t, servingSentences[Row(t.SampleId)].Text))])),
            ],
        };
    }

    private static string SampleId(int row) => "yelp-" + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Row(string sampleId) => int.Parse(sampleId.AsSpan("yelp-".Length), System.Globalization.CultureInfo.InvariantCulture);

    private static (double[] Scores, bool[] Labels) ScoresAndLabels(IReadOnlyList<PredictionRecord> records) =>
        ([.. records.Select(r => (double)r.Scores.Span[0])],
         [.. records.Select(r => r.Label == 1)]);
}
