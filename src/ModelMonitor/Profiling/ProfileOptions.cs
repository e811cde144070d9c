namespace ModelMonitor.Profiling;

/// <summary>Settings of a <see cref="ProfileBuilder"/>; every limit bounds memory whatever the data size.</summary>
/// <remarks>Profiles merge only when built with equal options.</remarks>
public sealed record ProfileOptions
{
    /// <summary>Gets the options every profile uses unless told otherwise.</summary>
    public static ProfileOptions Default { get; } = new();

    /// <summary>Gets the number of distinct values per column counted exactly (with their frequencies); beyond it, distinct counts come from a HyperLogLog sketch and frequencies become bounded estimates.</summary>
    /// <value>The default value is 1024.</value>
    public int FrequentValueCapacity { get; init; } = 1024;

    /// <summary>Gets the precision of the per-column HyperLogLog sketch (see <see cref="HyperLogLog.StandardError(int)"/>).</summary>
    /// <value>The default value is 12 (1.6% relative standard error).</value>
    public int DistinctPrecision { get; init; } = HyperLogLog.DefaultPrecision;

    /// <summary>Gets the accuracy parameter of the per-column quantile sketch (see <see cref="Statistics.QuantileSketch.RankErrorBound(int)"/>).</summary>
    /// <value>The default value is 200 (rank error at most 1.3% of the count).</value>
    public int SketchAccuracy { get; init; } = Statistics.QuantileSketch.DefaultAccuracy;

    /// <summary>Gets the number of frequent values reported per column.</summary>
    /// <value>The default value is 20.</value>
    public int TopValueCount { get; init; } = 20;

    /// <summary>Gets the number of equal-width histogram bins of numeric columns.</summary>
    /// <value>The default value is 20.</value>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Gets the largest number of distinct strings for which a string column is inferred <see cref="ColumnKind.Categorical"/> rather than <see cref="ColumnKind.Text"/>.</summary>
    /// <value>The default value is 100.</value>
    public int CategoricalMaxDistinct { get; init; } = 100;

    /// <summary>Gets the number of row hashes kept to count duplicate rows exactly; beyond it the count of distinct rows is a HyperLogLog estimate (precision 14, 0.8%).</summary>
    /// <value>The default value is 1,048,576 (8 MiB).</value>
    public int DuplicateRowCapacity { get; init; } = 1 << 20;

    /// <summary>Gets the number of rows kept in a uniform sample (reservoir) for correlations and skewness; below it they are exact.</summary>
    /// <value>The default value is 50,000.</value>
    public int CorrelationSampleSize { get; init; } = 50_000;

    /// <summary>Gets the name of the label column whose class distribution the profile reports, if any.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? LabelColumn { get; init; }

    /// <summary>Gets the seed of the sampling generator, so equal inputs give equal profiles.</summary>
    /// <value>The default value is 42.</value>
    public ulong Seed { get; init; } = 42;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FrequentValueCapacity, 1, nameof(FrequentValueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(DistinctPrecision, 4, nameof(DistinctPrecision));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DistinctPrecision, 18, nameof(DistinctPrecision));
        ArgumentOutOfRangeException.ThrowIfLessThan(SketchAccuracy, 8, nameof(SketchAccuracy));
        ArgumentOutOfRangeException.ThrowIfNegative(TopValueCount, nameof(TopValueCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistogramBins, 1, nameof(HistogramBins));
        ArgumentOutOfRangeException.ThrowIfNegative(CategoricalMaxDistinct, nameof(CategoricalMaxDistinct));
        ArgumentOutOfRangeException.ThrowIfNegative(DuplicateRowCapacity, nameof(DuplicateRowCapacity));
        ArgumentOutOfRangeException.ThrowIfNegative(CorrelationSampleSize, nameof(CorrelationSampleSize));
    }
}
