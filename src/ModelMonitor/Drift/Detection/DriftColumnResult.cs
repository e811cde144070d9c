namespace ModelMonitor.Drift;

/// <summary>Why a <see cref="DriftColumnResult"/> was or was not flagged.</summary>
public enum DriftVerdict
{
    /// <summary>Drift: significant with an effect of at least the minimum, or a distance at or above its threshold.</summary>
    Drift = 0,

    /// <summary>No drift: the (adjusted) p-value is not below the significance level.</summary>
    NotSignificant = 1,

    /// <summary>No drift: the change is significant but its effect size is below the minimum; with large samples tiny, harmless changes are significant.</summary>
    EffectBelowMinimum = 2,

    /// <summary>No drift: the distance is below its threshold.</summary>
    BelowThreshold = 3,

    /// <summary>One or both samples hold only missing values; drift when exactly one of them does (the column appeared or vanished).</summary>
    NoValues = 4,
}

/// <summary>The drift verdict on one column: the test, its p-value before and after correction, the effect size and the reason for the decision.</summary>
/// <remarks>Immutable and therefore thread-safe.</remarks>
public sealed record DriftColumnResult
{
    /// <summary>Gets the column's name.</summary>
    public required string Column { get; init; }

    /// <summary>Gets the column's declared kind.</summary>
    public required DriftColumnKind Kind { get; init; }

    /// <summary>Gets the kind the column was tested as: <see cref="DriftColumnKind.Categorical"/> for a numeric column with few distinct values.</summary>
    public required DriftColumnKind TestedAs { get; init; }

    /// <summary>Gets the method that decided; <see langword="null"/> when a sample had no values (<see cref="DriftVerdict.NoValues"/>).</summary>
    public DriftMethod? Method { get; init; }

    /// <summary>Gets the test's full result; <see langword="null"/> when a sample had no values.</summary>
    public DriftTestResult? Test { get; init; }

    /// <summary>Gets the test statistic or distance; <see langword="null"/> when a sample had no values.</summary>
    public double? Statistic => Test?.Statistic;

    /// <summary>Gets the p-value before correction; <see langword="null"/> for distances.</summary>
    public double? PValue => Test?.PValue;

    /// <summary>Gets the p-value after the multiple-testing correction; <see langword="null"/> for distances.</summary>
    public double? AdjustedPValue { get; init; }

    /// <summary>
    /// Gets the effect size: the normalised Wasserstein distance (numeric) or the Jensen-Shannon
    /// distance, base 2 (categorical) next to a p-value; the distance itself for distance methods.
    /// <see langword="null"/> when a sample had no values.
    /// </summary>
    public double? EffectSize { get; init; }

    /// <summary>Gets the measure of <see cref="EffectSize"/>.</summary>
    public DriftMethod? EffectSizeMethod { get; init; }

    /// <summary>Gets the threshold: the significance level for tests with a p-value, the distance threshold otherwise; 0 when a sample had no values.</summary>
    public double Threshold { get; init; }

    /// <summary>Gets the smallest effect size that counts, for tests with a p-value; <see langword="null"/> for distances.</summary>
    public double? MinimumEffectSize { get; init; }

    /// <summary>Gets a value indicating whether the column drifted.</summary>
    public required bool IsDrift { get; init; }

    /// <summary>Gets why the column was or was not flagged.</summary>
    public required DriftVerdict Verdict { get; init; }

    /// <summary>Gets the reason in words, with the numbers that decided.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the number of reference rows.</summary>
    public required long ReferenceRows { get; init; }

    /// <summary>Gets the number of current rows.</summary>
    public required long CurrentRows { get; init; }

    /// <summary>Gets the number of missing reference values (NaN or <see langword="null"/>).</summary>
    public required long ReferenceMissing { get; init; }

    /// <summary>Gets the number of missing current values.</summary>
    public required long CurrentMissing { get; init; }

    /// <summary>Gets the share of missing reference values; 0 for no rows.</summary>
    public double ReferenceMissingFraction => ReferenceRows == 0 ? 0 : ReferenceMissing / (double)ReferenceRows;

    /// <summary>Gets the share of missing current values; 0 for no rows.</summary>
    public double CurrentMissingFraction => CurrentRows == 0 ? 0 : CurrentMissing / (double)CurrentRows;
}

/// <summary>The drift verdict on a whole data set: one result per column, the share of drifted columns and the decision.</summary>
/// <remarks>Immutable and therefore thread-safe.</remarks>
public sealed record DatasetDriftResult
{
    /// <summary>Gets the per-column results, in the reference's column order.</summary>
    public required IReadOnlyList<DriftColumnResult> Columns { get; init; }

    /// <summary>Gets the number of drifted columns.</summary>
    public required int DriftedColumns { get; init; }

    /// <summary>Gets the share of drifted columns, in [0, 1].</summary>
    public double DriftedShare => Columns.Count == 0 ? 0 : DriftedColumns / (double)Columns.Count;

    /// <summary>Gets the share at or above which the data set counts as drifted.</summary>
    public required double DriftShareThreshold { get; init; }

    /// <summary>Gets a value indicating whether the data set drifted: <see cref="DriftedShare"/> &gt;= <see cref="DriftShareThreshold"/>.</summary>
    public bool IsDrift => DriftedShare >= DriftShareThreshold;

    /// <summary>Gets the multiple-testing correction that was applied.</summary>
    public required MultipleTestingCorrection Correction { get; init; }

    /// <summary>Gets the number of reference rows.</summary>
    public required long ReferenceRows { get; init; }

    /// <summary>Gets the number of current rows.</summary>
    public required long CurrentRows { get; init; }

    /// <summary>Finds a column's result by name.</summary>
    /// <param name="column">The column's name.</param>
    /// <returns>The result.</returns>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public DriftColumnResult this[string column]
    {
        get
        {
            foreach (var c in Columns)
            {
                if (string.Equals(c.Column, column, StringComparison.Ordinal))
                {
                    return c;
                }
            }

            throw new KeyNotFoundException($"No column named '{column}'.");
        }
    }
}
