using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>What a <see cref="RollingStatisticsMonitor"/> saw, per cohort and overall, at one instant.</summary>
public sealed record RollingStatisticsSnapshot : MonitorSnapshot
{
    /// <summary>Gets the class names (indices as text when none were configured).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Gets the windows' configuration.</summary>
    public required WindowSettings Windows { get; init; }

    /// <summary>Gets the number of valid records observed.</summary>
    public required long ObservedRecords { get; init; }

    /// <summary>Gets the rejected records by reason.</summary>
    public required InvalidRecordCounts InvalidRecords { get; init; }

    /// <summary>Gets the number of records that arrived later than the allowed lateness (kept in all-time and count-window statistics, left out of time windows).</summary>
    public required long LateRecords { get; init; }

    /// <summary>Gets the number of records that went to the overflow cohort because the cohort cap was reached.</summary>
    public required long OverflowRecords { get; init; }

    /// <summary>
    /// Gets every cohort merged. All-time and time-window statistics are exact merges (quantiles
    /// within the sketch's rank error); count windows and moving averages are per cohort only,
    /// since "the last N records" of several concurrent streams has no single order.
    /// </summary>
    public required CohortStatistics Overall { get; init; }

    /// <summary>Gets the statistics of each cohort, ordered by key.</summary>
    public required IReadOnlyList<CohortStatistics> Cohorts { get; init; }
}

/// <summary>The windows a rolling monitor keeps.</summary>
public sealed record WindowSettings
{
    /// <summary>Gets the count window's size; 0 when off.</summary>
    public required int CountWindowSize { get; init; }

    /// <summary>Gets the time window's length; zero when off.</summary>
    public required TimeSpan TimeWindow { get; init; }

    /// <summary>Gets the width of one time bucket.</summary>
    public required TimeSpan BucketWidth { get; init; }

    /// <summary>Gets the start of the current time window (inclusive); <see langword="null"/> when time windows are off.</summary>
    public DateTimeOffset? CurrentWindowStart { get; init; }

    /// <summary>Gets the start of the previous time window (inclusive); it ends where the current one starts.</summary>
    public DateTimeOffset? PreviousWindowStart { get; init; }

    /// <summary>Gets the smoothing factor of the moving averages.</summary>
    public required double EwmaAlpha { get; init; }

    /// <summary>Gets the normalised rank error bound of the sketched (all-time and time-window) quantiles.</summary>
    public required double SketchRankError { get; init; }
}

/// <summary>Counts of rejected records by reason.</summary>
public sealed record InvalidRecordCounts
{
    /// <summary>Gets records with no scores.</summary>
    public long EmptyScores { get; init; }

    /// <summary>Gets records whose score count matched no class count.</summary>
    public long WrongScoreCount { get; init; }

    /// <summary>Gets records with a NaN or infinite score.</summary>
    public long NonFiniteScore { get; init; }

    /// <summary>Gets records whose single binary score lay outside [0, 1].</summary>
    public long ScoreOutOfRange { get; init; }

    /// <summary>Gets records whose predicted class was out of range.</summary>
    public long PredictedClassOutOfRange { get; init; }

    /// <summary>Gets records whose label was out of range.</summary>
    public long LabelOutOfRange { get; init; }

    /// <summary>Gets records whose cohort key was too long.</summary>
    public long CohortKeyTooLong { get; init; }

    /// <summary>Gets the total of rejected records.</summary>
    public long Total => EmptyScores + WrongScoreCount + NonFiniteScore + ScoreOutOfRange + PredictedClassOutOfRange + LabelOutOfRange + CohortKeyTooLong;
}

/// <summary>The statistics of one cohort (or of all of them merged).</summary>
public sealed record CohortStatistics
{
    /// <summary>Gets the cohort key.</summary>
    public required string Cohort { get; init; }

    /// <summary>Gets the number of records observed all-time.</summary>
    public required long Count { get; init; }

    /// <summary>Gets the number of this cohort's late records.</summary>
    public required long LateRecords { get; init; }

    /// <summary>Gets the statistics of the confidence (the largest class score).</summary>
    public required SeriesStatistics Confidence { get; init; }

    /// <summary>Gets the statistics of each class's score; empty when class scores are not tracked.</summary>
    public required IReadOnlyList<SeriesStatistics> ClassScores { get; init; }

    /// <summary>Gets the predicted-class frequencies.</summary>
    public required ClassFrequencyStatistics PredictedClasses { get; init; }

    /// <summary>Gets how the current time window compares with the previous one and with all-time; <see langword="null"/> without time windows.</summary>
    public CohortTrend? Trend { get; init; }
}

/// <summary>One scalar series (a confidence or a class score) in every window.</summary>
public sealed record SeriesStatistics
{
    /// <summary>Gets the statistics over every record; quantiles from a sketch.</summary>
    public SummaryStatistics? AllTime { get; init; }

    /// <summary>Gets the statistics over the count window; quantiles exact. <see langword="null"/> when off or for merged cohorts.</summary>
    public SummaryStatistics? CountWindow { get; init; }

    /// <summary>Gets the statistics over the current time window; quantiles from merged bucket sketches.</summary>
    public SummaryStatistics? TimeWindow { get; init; }

    /// <summary>Gets the statistics over the time window before the current one.</summary>
    public SummaryStatistics? PreviousTimeWindow { get; init; }

    /// <summary>Gets the exponentially weighted moving average; <see langword="null"/> for merged cohorts.</summary>
    public double? Ewma { get; init; }
}

/// <summary>Summary statistics of a non-empty set of values.</summary>
public sealed record SummaryStatistics
{
    /// <summary>Gets the number of values.</summary>
    public required long Count { get; init; }

    /// <summary>Gets the mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Gets the population variance (divisor n).</summary>
    public required double PopulationVariance { get; init; }

    /// <summary>Gets the sample variance (divisor n - 1); <see langword="null"/> for a single value.</summary>
    public double? SampleVariance { get; init; }

    /// <summary>Gets the population standard deviation.</summary>
    public double PopulationStandardDeviation => Math.Sqrt(PopulationVariance);

    /// <summary>Gets the sample standard deviation; <see langword="null"/> for a single value.</summary>
    public double? SampleStandardDeviation => SampleVariance is { } v ? Math.Sqrt(v) : null;

    /// <summary>Gets the smallest value.</summary>
    public required double Min { get; init; }

    /// <summary>Gets the largest value.</summary>
    public required double Max { get; init; }

    /// <summary>Gets the configured quantiles.</summary>
    public required IReadOnlyList<QuantileValue> Quantiles { get; init; }

    /// <summary>Gets a value indicating whether the quantiles are exact (count windows) or sketched.</summary>
    public required bool QuantilesAreExact { get; init; }

    /// <summary>Finds a reported quantile.</summary>
    /// <param name="probability">The probability, as configured.</param>
    /// <returns>The quantile, or <see langword="null"/> when it was not configured.</returns>
    public double? Quantile(double probability)
    {
        foreach (var q in Quantiles)
        {
            if (q.Probability == probability)
            {
                return q.Value;
            }
        }

        return null;
    }
}

/// <summary>A quantile: the probability and its value.</summary>
/// <param name="Probability">The probability in [0, 1].</param>
/// <param name="Value">The value.</param>
public readonly record struct QuantileValue(double Probability, double Value);

/// <summary>Predicted-class counts and shares in one window.</summary>
public sealed record ClassFrequencies
{
    /// <summary>Gets the number of predictions in the window.</summary>
    public required long Total { get; init; }

    /// <summary>Gets the count of each class.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    /// <summary>Gets the share of each class (count / total; zeros when the window is empty).</summary>
    public required IReadOnlyList<double> Shares { get; init; }
}

/// <summary>Predicted-class frequencies in every window.</summary>
public sealed record ClassFrequencyStatistics
{
    /// <summary>Gets the all-time frequencies.</summary>
    public required ClassFrequencies AllTime { get; init; }

    /// <summary>Gets the count window's frequencies; <see langword="null"/> when off or for merged cohorts.</summary>
    public ClassFrequencies? CountWindow { get; init; }

    /// <summary>Gets the current time window's frequencies.</summary>
    public ClassFrequencies? TimeWindow { get; init; }

    /// <summary>Gets the previous time window's frequencies.</summary>
    public ClassFrequencies? PreviousTimeWindow { get; init; }
}

/// <summary>How a cohort's current time window compares with the previous window and with all-time: the inputs of alert rules.</summary>
public sealed record CohortTrend
{
    /// <summary>Gets the confidence mean now against the previous window.</summary>
    public MeanShift? ConfidenceVsPreviousWindow { get; init; }

    /// <summary>Gets the confidence mean now against all-time.</summary>
    public MeanShift? ConfidenceVsAllTime { get; init; }

    /// <summary>Gets each class's share now against the previous window.</summary>
    public required IReadOnlyList<ShareShift> ClassSharesVsPreviousWindow { get; init; }

    /// <summary>Gets each class's share now against all-time.</summary>
    public required IReadOnlyList<ShareShift> ClassSharesVsAllTime { get; init; }
}
