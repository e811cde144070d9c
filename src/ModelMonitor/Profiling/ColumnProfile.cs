namespace ModelMonitor.Profiling;

/// <summary>What a profile knows about one column. Immutable.</summary>
public sealed class ColumnProfile
{
    internal ColumnProfile(string name, ColumnKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>Gets the column's name.</summary>
    public string Name { get; }

    /// <summary>Gets the inferred type.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Gets the number of cells seen, missing ones included.</summary>
    public long Count { get; internal init; }

    /// <summary>Gets the number of missing cells (a missing token, an empty cell, null or NaN).</summary>
    public long MissingCount { get; internal init; }

    /// <summary>Gets <see cref="MissingCount"/> over <see cref="Count"/>, or 0 when no cell was seen.</summary>
    public double MissingFraction => Count == 0 ? 0 : (double)MissingCount / Count;

    /// <summary>Gets the number of cells that are not missing.</summary>
    public long PresentCount => Count - MissingCount;

    /// <summary>Gets the number of present cells that are numbers.</summary>
    public long NumberCount { get; internal init; }

    /// <summary>Gets the number of present cells that are strings (text that is not a number, boolean or date).</summary>
    public long StringCount { get; internal init; }

    /// <summary>Gets the number of distinct present values (exact when <see cref="DistinctIsExact"/>, else a HyperLogLog estimate).</summary>
    public long DistinctCount { get; internal init; }

    /// <summary>Gets a value indicating whether <see cref="DistinctCount"/> is exact.</summary>
    public bool DistinctIsExact { get; internal init; }

    /// <summary>Gets the relative standard error of <see cref="DistinctCount"/>: 0 when exact.</summary>
    public double DistinctRelativeError { get; internal init; }

    /// <summary>Gets the summary of the numbers, or <see langword="null"/> when the column holds none.</summary>
    public NumericSummary? Numeric { get; internal init; }

    /// <summary>Gets the most frequent present values, most frequent first (numbers in invariant round-trip form).</summary>
    public IReadOnlyList<ValueCount> TopValues { get; internal init; } = [];

    /// <summary>Gets how much any count in <see cref="TopValues"/> may be below the truth: 0 while the column has at most <see cref="ProfileOptions.FrequentValueCapacity"/> distinct values.</summary>
    public long TopValuesMaxUndercount { get; internal init; }

    /// <summary>Gets a value indicating whether every distinct value and its exact count are known (so the column's domain is complete).</summary>
    public bool ValueCountsAreComplete { get; internal init; }

    /// <summary>Gets statistics of the length of string values, or <see langword="null"/> when there are none.</summary>
    public LengthSummary? TextLength { get; internal init; }

    /// <summary>Gets the number of true values of a boolean column.</summary>
    public long TrueCount { get; internal init; }

    /// <summary>Gets the earliest date, or <see langword="null"/> when the column holds no dates.</summary>
    public DateTime? MinDate { get; internal init; }

    /// <summary>Gets the latest date, or <see langword="null"/> when the column holds no dates.</summary>
    public DateTime? MaxDate { get; internal init; }

    /// <summary>Gets the dimension of the first vector seen, or <see langword="null"/> when the column holds no vectors.</summary>
    public int? VectorDimension { get; internal init; }

    /// <summary>Gets the number of vectors whose dimension differs from <see cref="VectorDimension"/>.</summary>
    public long VectorDimensionMismatches { get; internal init; }
}

/// <summary>Summary of a column's numbers. Immutable.</summary>
public sealed class NumericSummary
{
    internal NumericSummary()
    {
    }

    /// <summary>Gets the number of numbers.</summary>
    public long Count { get; internal init; }

    /// <summary>Gets the mean (exact, Welford).</summary>
    public double Mean { get; internal init; }

    /// <summary>Gets the sample standard deviation (divisor n - 1), NaN with fewer than two values.</summary>
    public double StandardDeviation { get; internal init; }

    /// <summary>Gets the smallest value.</summary>
    public double Min { get; internal init; }

    /// <summary>Gets the largest value.</summary>
    public double Max { get; internal init; }

    /// <summary>Gets the number of zeros.</summary>
    public long ZeroCount { get; internal init; }

    /// <summary>Gets the number of integer values.</summary>
    public long IntegerCount { get; internal init; }

    /// <summary>Gets quantile estimates at 1%, 5%, 25%, 50%, 75%, 95% and 99%.</summary>
    public IReadOnlyList<ProfileQuantile> Quantiles { get; internal init; } = [];

    /// <summary>Gets the bound on the quantiles' normalised rank error (see <see cref="Statistics.QuantileSketch.RankErrorBound(int)"/>).</summary>
    public double RankErrorBound { get; internal init; }

    /// <summary>Gets equal-width bins from <see cref="Min"/> to <see cref="Max"/>, counted from the quantile sketch (each count within <see cref="RankErrorBound"/> times <see cref="Count"/> of the truth, twice that for a bin).</summary>
    public IReadOnlyList<HistogramBin> Histogram { get; internal init; } = [];

    /// <summary>Estimates a quantile from the percentiles kept; exact probabilities only.</summary>
    /// <param name="probability">One of the probabilities in <see cref="Quantiles"/>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not one of those kept.</exception>
    public double Quantile(double probability)
    {
        foreach (var q in Quantiles)
        {
            if (Math.Abs(q.Probability - probability) < 1e-12)
            {
                return q.Value;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(probability), probability, "The profile keeps quantiles at 0.01, 0.05, 0.25, 0.5, 0.75, 0.95 and 0.99 only.");
    }
}

/// <summary>A quantile estimate.</summary>
/// <param name="Probability">The probability.</param>
/// <param name="Value">The estimated value.</param>
public readonly record struct ProfileQuantile(double Probability, double Value);

/// <summary>One histogram bin, [Lower, Upper) except the last, which includes its upper edge.</summary>
/// <param name="Lower">The lower edge.</param>
/// <param name="Upper">The upper edge.</param>
/// <param name="Count">The number of values in the bin.</param>
public readonly record struct HistogramBin(double Lower, double Upper, long Count);

/// <summary>A value and how often it occurred.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">The number of occurrences.</param>
public readonly record struct ValueCount(string Value, long Count);

/// <summary>Statistics of string lengths (in UTF-16 code units).</summary>
/// <param name="Mean">The mean length.</param>
/// <param name="StandardDeviation">The sample standard deviation of the lengths.</param>
/// <param name="Min">The shortest length.</param>
/// <param name="Max">The longest length.</param>
public readonly record struct LengthSummary(double Mean, double StandardDeviation, double Min, double Max);
