using ModelMonitor.Rolling;

namespace ModelMonitor.Reporting;

/// <summary>Rolling confidence and predicted-class shares per cohort over time, read off a series of rolling-statistics snapshots.</summary>
/// <param name="Window">What each point summarises, for example "10 min time window" or "last 1,000 records".</param>
/// <param name="ClassNames">The class names, in class-index order.</param>
/// <param name="Points">The points, oldest first.</param>
public sealed record TimelineSection(string Window, IReadOnlyList<string> ClassNames, IReadOnlyList<TimelinePoint> Points)
{
    /// <summary>
    /// Reads one point per snapshot: each cohort's time-window confidence summary and class shares
    /// (the count window's when the monitor has no time window). Nothing is recomputed.
    /// </summary>
    /// <param name="snapshots">Snapshots of one monitor taken over time, in any order.</param>
    /// <returns>The section, points sorted by time.</returns>
    /// <exception cref="ArgumentException">There is no snapshot, or the snapshots come from monitors with different classes.</exception>
    public static TimelineSection FromSnapshots(IEnumerable<RollingStatisticsSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var ordered = snapshots.OrderBy(s => s.AsOf).ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("A timeline needs at least one snapshot.", nameof(snapshots));
        }

        var first = ordered[0];
        if (ordered.Find(s => !s.ClassNames.SequenceEqual(first.ClassNames)) is { } other)
        {
            throw new ArgumentException(
                $"The snapshot of {other.AsOf:O} has classes [{string.Join(", ", other.ClassNames)}], the first one [{string.Join(", ", first.ClassNames)}]: a timeline draws one monitor.",
                nameof(snapshots));
        }

        var useTime = first.Windows.TimeWindow > TimeSpan.Zero;
        var window = useTime
            ? $"{Describe(first.Windows.TimeWindow)} time window"
            : $"last {first.Windows.CountWindowSize:N0} records";
        var points = ordered
            .Select(s => new TimelinePoint(s.AsOf, [.. new[] { s.Overall }.Concat(s.Cohorts).Select(c => Read(c, useTime))]))
            .ToList();
        return new TimelineSection(window, first.ClassNames, points);
    }

    private static TimelineCohort Read(CohortStatistics cohort, bool useTime)
    {
        var confidence = useTime ? cohort.Confidence.TimeWindow : cohort.Confidence.CountWindow;
        var classes = useTime ? cohort.PredictedClasses.TimeWindow : cohort.PredictedClasses.CountWindow;
        return new TimelineCohort(
            cohort.Cohort,
            confidence?.Count ?? 0,
            confidence?.Mean,
            confidence?.Quantile(0.1),
            confidence?.Quantile(0.5),
            confidence?.Quantile(0.9),
            classes is { Total: > 0 } ? classes.Shares : []);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} d"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalSeconds:0.#} s";
}

/// <summary>One moment of the timeline.</summary>
/// <param name="Time">When the snapshot was taken.</param>
/// <param name="Cohorts">Every cohort's window figures, the merged cohort first.</param>
public sealed record TimelinePoint(DateTimeOffset Time, IReadOnlyList<TimelineCohort> Cohorts);

/// <summary>One cohort's window figures at one moment.</summary>
/// <param name="Cohort">The cohort key.</param>
/// <param name="Count">How many records the window holds.</param>
/// <param name="MeanConfidence">The mean confidence, or <see langword="null"/> for an empty window.</param>
/// <param name="ConfidenceP10">The 10th percentile of confidence, or <see langword="null"/> when the monitor does not track it.</param>
/// <param name="ConfidenceP50">The median confidence, or <see langword="null"/> when the monitor does not track it.</param>
/// <param name="ConfidenceP90">The 90th percentile of confidence, or <see langword="null"/> when the monitor does not track it.</param>
/// <param name="ClassShares">The predicted-class shares in class-index order; empty for an empty window.</param>
public sealed record TimelineCohort(
    string Cohort, long Count, double? MeanConfidence, double? ConfidenceP10, double? ConfidenceP50, double? ConfidenceP90, IReadOnlyList<double> ClassShares);
