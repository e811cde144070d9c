namespace ModelMonitor.Drift;

/// <summary>The kind of values a <see cref="DriftColumn"/> holds.</summary>
public enum DriftColumnKind
{
    /// <summary>Real numbers; <see cref="double.NaN"/> marks a missing value.</summary>
    Numeric = 0,

    /// <summary>Category labels compared by ordinal string equality; <see langword="null"/> marks a missing value.</summary>
    Categorical = 1,
}

/// <summary>One named column of a reference or current data set, the input of a <see cref="DriftDetector"/>.</summary>
/// <remarks>
/// <para>
/// Create one with <see cref="Numeric"/> or <see cref="Categorical"/>. The values are copied, so the
/// column is immutable and thread-safe. Numeric values must be finite or NaN (missing); an infinity
/// throws at construction, naming the column.
/// </para>
/// </remarks>
public sealed class DriftColumn
{
    private readonly double[]? _numeric;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string?>? _categorical;

    private DriftColumn(string name, double[]? numeric, string?[]? categorical)
    {
        Name = name;
        _numeric = numeric;
        _categorical = categorical is null ? null : Array.AsReadOnly(categorical);
    }

    /// <summary>Gets the column's name, compared ordinally between reference and current sets.</summary>
    public string Name { get; }

    /// <summary>Gets the kind of values the column holds.</summary>
    public DriftColumnKind Kind => _numeric is null ? DriftColumnKind.Categorical : DriftColumnKind.Numeric;

    /// <summary>Gets the number of rows, missing values included.</summary>
    public int Length => _numeric?.Length ?? _categorical!.Count;

    /// <summary>Gets the numeric values (NaN = missing); empty for a categorical column.</summary>
    public ReadOnlySpan<double> NumericValues => _numeric;

    /// <summary>Gets the category values (<see langword="null"/> = missing); empty for a numeric column.</summary>
    public IReadOnlyList<string?> CategoricalValues => (IReadOnlyList<string?>?)_categorical ?? [];

    /// <summary>Creates a numeric column.</summary>
    /// <param name="name">The column's name; not empty.</param>
    /// <param name="values">The values; NaN marks a missing value. Copied.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a value is infinite.</exception>
    public static DriftColumn Numeric(string name, ReadOnlySpan<double> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                throw new ArgumentException($"Column '{name}': values[{i}] is {values[i]}; numeric columns need finite values (NaN marks a missing one).", nameof(values));
            }
        }

        return new DriftColumn(name, values.ToArray(), null);
    }

    /// <summary>Creates a categorical column.</summary>
    /// <param name="name">The column's name; not empty.</param>
    /// <param name="values">The category labels; <see langword="null"/> marks a missing value. Copied.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static DriftColumn Categorical(string name, IEnumerable<string?> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        return new DriftColumn(name, null, [.. values]);
    }
}
