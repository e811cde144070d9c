using ModelMonitor.Drift;

namespace ModelMonitor.Reporting;

/// <summary>The class distribution of the reference (training) data against serving, per cohort, as the validator judged it.</summary>
/// <param name="ReferenceName">What the reference is, for example "training".</param>
/// <param name="Results">The validator's results, one per cohort.</param>
public sealed record ClassDistributionSection(string ReferenceName, IReadOnlyList<ClassDistributionResult> Results);

/// <summary>Per-feature drift: the detector's result and, per column, the two distributions it compared.</summary>
/// <param name="ReferenceName">What the reference data is, for example "Amazon holdout".</param>
/// <param name="CurrentName">What the current data is, for example "Yelp stream".</param>
/// <param name="Result">The detector's result.</param>
/// <param name="Distributions">The binned distributions of each column, in the result's column order.</param>
public sealed record DriftSection(string ReferenceName, string CurrentName, DatasetDriftResult Result, IReadOnlyList<ColumnDistribution> Distributions)
{
    /// <summary>Pairs a drift result with histograms of the columns it tested.</summary>
    /// <param name="referenceName">What the reference data is.</param>
    /// <param name="currentName">What the current data is.</param>
    /// <param name="result">The detector's result for these columns.</param>
    /// <param name="reference">The reference columns the detector was given.</param>
    /// <param name="current">The current columns the detector was given.</param>
    /// <returns>The section.</returns>
    /// <exception cref="ArgumentException">A column of the result is missing from <paramref name="reference"/> or <paramref name="current"/>.</exception>
    public static DriftSection From(string referenceName, string currentName, DatasetDriftResult result, IReadOnlyList<DriftColumn> reference, IReadOnlyList<DriftColumn> current)
    {
        ArgumentNullException.ThrowIfNull(referenceName);
        ArgumentNullException.ThrowIfNull(currentName);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var distributions = result.Columns
            .Select(c => ColumnDistribution.Compare(Find(reference, c.Column, nameof(reference)), Find(current, c.Column, nameof(current))))
            .ToList();
        return new DriftSection(referenceName, currentName, result, distributions);
    }

    private static DriftColumn Find(IReadOnlyList<DriftColumn> columns, string name, string parameter) =>
        columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"The drift result has column '{name}', which is not among the {parameter} columns.", parameter);
}

/// <summary>One column's reference and current distributions on shared bins, for an overlaid histogram.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Edges">For a numeric column, the bin edges (one more than the bins); empty for a categorical one.</param>
/// <param name="Categories">For a categorical column, the category of each bin (the last may be <see cref="OtherCategory"/>); empty for a numeric one.</param>
/// <param name="ReferenceCounts">The reference count per bin.</param>
/// <param name="CurrentCounts">The current count per bin.</param>
/// <param name="ReferenceMissing">Reference values that are missing (NaN or null) and in no bin.</param>
/// <param name="CurrentMissing">Current values that are missing (NaN or null) and in no bin.</param>
public sealed record ColumnDistribution(
    string Column,
    DriftColumnKind Kind,
    IReadOnlyList<double> Edges,
    IReadOnlyList<string> Categories,
    IReadOnlyList<long> ReferenceCounts,
    IReadOnlyList<long> CurrentCounts,
    long ReferenceMissing,
    long CurrentMissing)
{
    /// <summary>The bin that gathers the categories beyond the shown ones.</summary>
    public const string OtherCategory = "(other)";

    /// <summary>The number of equal-width bins for numeric columns unless the caller says otherwise.</summary>
    public const int DefaultBinCount = 20;

    /// <summary>The number of categories shown before the rest go to <see cref="OtherCategory"/>.</summary>
    public const int DefaultMaxCategories = 12;

    /// <summary>
    /// Bins two versions of a column on shared bins: equal-width bins over the range of both for a numeric
    /// column, the most frequent categories of both (the rest in <see cref="OtherCategory"/>) for a categorical one.
    /// </summary>
    /// <param name="reference">The reference column.</param>
    /// <param name="current">The current column, of the same name and kind.</param>
    /// <param name="binCount">The number of numeric bins.</param>
    /// <param name="maxCategories">The number of categories shown.</param>
    /// <returns>The two distributions.</returns>
    /// <exception cref="ArgumentException">The columns differ in name or kind.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> or <paramref name="maxCategories"/> is below 1.</exception>
    public static ColumnDistribution Compare(DriftColumn reference, DriftColumn current, int binCount = DefaultBinCount, int maxCategories = DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        if (reference.Name != current.Name || reference.Kind != current.Kind)
        {
            throw new ArgumentException(
                $"Cannot compare column '{reference.Name}' ({reference.Kind}) with column '{current.Name}' ({current.Kind}).", nameof(current));
        }

        return reference.Kind == DriftColumnKind.Numeric
            ? Numeric(reference, current, binCount)
            : Categorical(reference, current, maxCategories);
    }

    private static ColumnDistribution Numeric(DriftColumn reference, DriftColumn current, int binCount)
    {
        var low = double.PositiveInfinity;
        var high = double.NegativeInfinity;
        Extend(reference.NumericValues, ref low, ref high);
        Extend(current.NumericValues, ref low, ref high);
        if (low > high)
        {
            return new ColumnDistribution(reference.Name, DriftColumnKind.Numeric, [], [], [], [], reference.Length, current.Length);
        }

        if (low == high || binCount == 1)
        {
            return new ColumnDistribution(
                reference.Name, DriftColumnKind.Numeric, [low, high], [], [Finite(reference.NumericValues)], [Finite(current.NumericValues)],
                reference.Length - Finite(reference.NumericValues), current.Length - Finite(current.NumericValues));
        }

        var width = (high - low) / binCount;
        var edges = new double[binCount + 1];
        for (var i = 0; i <= binCount; i++)
        {
            edges[i] = low + (width * i);
        }

        edges[binCount] = high;

        // The binning's open-ended outer bins hold the extremes, so the inner edges alone define the bins.
        var binning = Binning.FromEdges(edges.AsSpan(1, binCount - 1));
        var referenceCounts = binning.Histogram(reference.NumericValues, out var referenceDropped);
        var currentCounts = binning.Histogram(current.NumericValues, out var currentDropped);
        return new ColumnDistribution(reference.Name, DriftColumnKind.Numeric, edges, [], referenceCounts, currentCounts, referenceDropped, currentDropped);
    }

    private static void Extend(ReadOnlySpan<double> values, ref double low, ref double high)
    {
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }
    }

    private static long Finite(ReadOnlySpan<double> values)
    {
        long count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                count++;
            }
        }

        return count;
    }

    private static ColumnDistribution Categorical(DriftColumn reference, DriftColumn current, int maxCategories)
    {
        var referenceCounts = Count(reference.CategoricalValues, out var referenceMissing);
        var currentCounts = Count(current.CategoricalValues, out var currentMissing);
        var all = referenceCounts.Keys.Union(currentCounts.Keys, StringComparer.Ordinal)
            .OrderByDescending(k => referenceCounts.GetValueOrDefault(k) + currentCounts.GetValueOrDefault(k))
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
        var shown = all.Count > maxCategories ? all.Take(maxCategories - 1).ToList() : all;
        var rest = all.Skip(shown.Count).ToList();
        List<string> categories = [.. shown];
        List<long> r = [.. shown.Select(k => referenceCounts.GetValueOrDefault(k))];
        List<long> c = [.. shown.Select(k => currentCounts.GetValueOrDefault(k))];
        if (rest.Count > 0)
        {
            categories.Add(OtherCategory);
            r.Add(rest.Sum(k => referenceCounts.GetValueOrDefault(k)));
            c.Add(rest.Sum(k => currentCounts.GetValueOrDefault(k)));
        }

        return new ColumnDistribution(reference.Name, DriftColumnKind.Categorical, [], categories, r, c, referenceMissing, currentMissing);
    }

    private static Dictionary<string, long> Count(IReadOnlyList<string?> values, out long missing)
    {
        Dictionary<string, long> counts = new(StringComparer.Ordinal);
        missing = 0;
        foreach (var v in values)
        {
            if (v is null)
            {
                missing++;
            }
            else
            {
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
        }

        return counts;
    }
}
