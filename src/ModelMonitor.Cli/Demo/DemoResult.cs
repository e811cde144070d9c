using ModelMonitor.Cli.Profiling;
using ModelMonitor.Cli.Projection;
using ModelMonitor.Drift;
using ModelMonitor.Reporting;
using ModelMonitor.Rolling;
using ModelMonitor.Statistics;

namespace ModelMonitor.Cli.Demo;

/// <summary>What the demo did and what the monitor saw: the numbers the summary table prints.</summary>
internal sealed record DemoResult
{
    /// <summary>Gets the monitor's snapshot at the last prediction's timestamp (also the report's first snapshot).</summary>
    public required RollingStatisticsSnapshot Snapshot { get; init; }

    /// <summary>Gets the full path of the report data (<see cref="MonitorReport"/> JSON), which <c>modelmon report</c> renders again.</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>Gets everything the report shows, as written to <see cref="SnapshotPath"/>.</summary>
    public required MonitorReport Report { get; init; }

    /// <summary>Gets the folder the demo wrote into.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Gets where the HTML report was written.</summary>
    public required string ReportPath { get; init; }

    /// <summary>Gets the full path of the saved model (ML.NET zip), for <c>modelmon explain</c>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Gets the number of Amazon reviews the model was trained on.</summary>
    public required int TrainingCount { get; init; }

    /// <summary>Gets the number of Amazon reviews held out and served first.</summary>
    public required int HoldoutCount { get; init; }

    /// <summary>Gets the number of Yelp reviews served after the holdout.</summary>
    public required int ServingCount { get; init; }

    /// <summary>Gets the first prediction's timestamp.</summary>
    public required DateTimeOffset FirstTimestamp { get; init; }

    /// <summary>Gets the last prediction's timestamp, the snapshot's as-of instant.</summary>
    public required DateTimeOffset LastTimestamp { get; init; }

    /// <summary>Gets the cohorts: the holdout, the serving cohorts, then every cohort merged.</summary>
    public required IReadOnlyList<CohortSummary> Cohorts { get; init; }

    /// <summary>Gets how each serving cohort differs from the training holdout, all-time.</summary>
    public required IReadOnlyList<HoldoutShift> ShiftsFromHoldout { get; init; }

    /// <summary>Gets the column-by-column drift of the Yelp stream against the Amazon holdout.</summary>
    public required DatasetDriftResult Drift { get; init; }

    /// <summary>Gets, per cohort, the predicted classes of the current time window against the training labels.</summary>
    public required IReadOnlyList<ClassDistributionResult> ClassDistribution { get; init; }

    /// <summary>Gets the threshold calibrated on the holdout against 0.5, and the tagging queues over the Yelp stream.</summary>
    public required CalibrationSummary Calibration { get; init; }

    /// <summary>Gets the LIME explanations, class-level words and robustness table.</summary>
    public required ExplanationSummary Explanations { get; init; }

    /// <summary>Gets the training data profile and the schema validation of a serving batch with injected problems.</summary>
    public required ProfilingDemoResult Profiling { get; init; }

    /// <summary>Gets the per-class projection of Amazon (reference) and Yelp (serving) embeddings and the embedding-drift figures.</summary>
    public required ProjectionDemoResult Projection { get; init; }

    /// <summary>Finds a cohort's summary by key.</summary>
    public CohortSummary Cohort(string key) =>
        Cohorts.FirstOrDefault(c => c.Cohort == key) ?? throw new KeyNotFoundException($"The demo has no cohort '{key}'.");
}

/// <summary>One cohort's all-time numbers, its accuracy, and how its latest time window moved.</summary>
internal sealed record CohortSummary
{
    public required string Cohort { get; init; }

    public required string Description { get; init; }

    public required long Count { get; init; }

    public required double MeanConfidence { get; init; }

    public required double ConfidenceP10 { get; init; }

    public required double ConfidenceP50 { get; init; }

    public required double ConfidenceP90 { get; init; }

    /// <summary>Gets the share of each predicted class, in class order.</summary>
    public required IReadOnlyList<double> PredictedShares { get; init; }

    /// <summary>Gets the labelled and correct counts (counted by the demo, not the monitor).</summary>
    public required LabelledCounts Labels { get; init; }

    public double? Accuracy => Labels.Accuracy;

    public required WindowMovement Window { get; init; }
}

/// <summary>The current time window of a cohort against the previous window and against all-time, from the snapshot's trend.</summary>
internal sealed record WindowMovement
{
    public required long CurrentCount { get; init; }

    public required long PreviousCount { get; init; }

    public MeanShift? ConfidenceVsPreviousWindow { get; init; }

    public MeanShift? ConfidenceVsAllTime { get; init; }

    public ShareShift? PositiveShareVsPreviousWindow { get; init; }

    public ShareShift? PositiveShareVsAllTime { get; init; }
}

/// <summary>A serving cohort against the training holdout, all-time.</summary>
/// <param name="Cohort">The serving cohort.</param>
/// <param name="Confidence">Mean confidence: the cohort's against the holdout's, with Welch's z-score.</param>
/// <param name="PositiveShare">The share of "positive" predictions, with the two-proportion z-score.</param>
/// <param name="Accuracy">The share of correct predictions, with the two-proportion z-score (class index 1 stands for "correct").</param>
internal sealed record HoldoutShift(string Cohort, MeanShift Confidence, ShareShift PositiveShare, ShareShift Accuracy);
