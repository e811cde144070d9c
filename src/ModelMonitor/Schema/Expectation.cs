using System.Globalization;
using ModelMonitor.Profiling;

namespace ModelMonitor.Schema;

/// <summary>The kind of a declarative <see cref="Expectation"/>.</summary>
public enum ExpectationKind
{
    /// <summary>The column exists.</summary>
    ColumnExists = 0,

    /// <summary>Every number lies in [Min, Max].</summary>
    ValuesBetween = 1,

    /// <summary>The fraction of present values is at least Min.</summary>
    NotNullFractionAtLeast = 2,

    /// <summary>Every present value is one of Values.</summary>
    ValuesInSet = 3,

    /// <summary>The distinct count lies in [Min, Max].</summary>
    DistinctCountBetween = 4,

    /// <summary>The mean lies in [Min, Max].</summary>
    MeanBetween = 5,

    /// <summary>The sample standard deviation lies in [Min, Max].</summary>
    StandardDeviationBetween = 6,

    /// <summary>The quantile at Probability lies in [Min, Max].</summary>
    QuantileBetween = 7,

    /// <summary>The row count lies in [Min, Max].</summary>
    RowCountBetween = 8,
}

/// <summary>
/// A declarative check on a batch's profile, in the spirit of Great Expectations: build one with
/// the static methods, keep it in <see cref="DataSchema.Expectations"/>, and
/// <see cref="Evaluate"/> it. Missing bounds (null) are open.
/// </summary>
public sealed class Expectation
{
    /// <summary>Gets or sets the kind.</summary>
    public ExpectationKind Kind { get; set; }

    /// <summary>Gets or sets the column (every kind but <see cref="ExpectationKind.RowCountBetween"/>).</summary>
    public string? Column { get; set; }

    /// <summary>Gets or sets the lower bound (the threshold of <see cref="ExpectationKind.NotNullFractionAtLeast"/>).</summary>
    public double? Min { get; set; }

    /// <summary>Gets or sets the upper bound.</summary>
    public double? Max { get; set; }

    /// <summary>Gets or sets the probability of <see cref="ExpectationKind.QuantileBetween"/>.</summary>
    public double? Probability { get; set; }

    /// <summary>Gets or sets the allowed values of <see cref="ExpectationKind.ValuesInSet"/>.</summary>
    public List<string>? Values { get; set; }

    /// <summary>Expects a column to exist.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The expectation.</returns>
    public static Expectation ColumnExists(string column) => new() { Kind = ExpectationKind.ColumnExists, Column = column };

    /// <summary>Expects every number of a column in [min, max].</summary>
    /// <param name="column">The column.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation ValuesBetween(string column, double? min, double? max) => new() { Kind = ExpectationKind.ValuesBetween, Column = column, Min = min, Max = max };

    /// <summary>Expects at least a fraction of a column's cells to be present.</summary>
    /// <param name="column">The column.</param>
    /// <param name="fraction">The least fraction, in [0, 1].</param>
    /// <returns>The expectation.</returns>
    public static Expectation NotNullFractionAtLeast(string column, double fraction) => new() { Kind = ExpectationKind.NotNullFractionAtLeast, Column = column, Min = fraction };

    /// <summary>Expects every present value of a column in a set.</summary>
    /// <param name="column">The column.</param>
    /// <param name="values">The allowed values.</param>
    /// <returns>The expectation.</returns>
    public static Expectation ValuesInSet(string column, IEnumerable<string> values) => new() { Kind = ExpectationKind.ValuesInSet, Column = column, Values = [.. values] };

    /// <summary>Expects a column's distinct count in [min, max].</summary>
    /// <param name="column">The column.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation DistinctCountBetween(string column, double? min, double? max) => new() { Kind = ExpectationKind.DistinctCountBetween, Column = column, Min = min, Max = max };

    /// <summary>Expects a column's mean in [min, max].</summary>
    /// <param name="column">The column.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation MeanBetween(string column, double? min, double? max) => new() { Kind = ExpectationKind.MeanBetween, Column = column, Min = min, Max = max };

    /// <summary>Expects a column's standard deviation in [min, max].</summary>
    /// <param name="column">The column.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation StandardDeviationBetween(string column, double? min, double? max) => new() { Kind = ExpectationKind.StandardDeviationBetween, Column = column, Min = min, Max = max };

    /// <summary>Expects a column's quantile in [min, max] (one of the probabilities a profile keeps: 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99).</summary>
    /// <param name="column">The column.</param>
    /// <param name="probability">The probability.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation QuantileBetween(string column, double probability, double? min, double? max) => new() { Kind = ExpectationKind.QuantileBetween, Column = column, Probability = probability, Min = min, Max = max };

    /// <summary>Expects the row count in [min, max].</summary>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <returns>The expectation.</returns>
    public static Expectation RowCountBetween(double? min, double? max) => new() { Kind = ExpectationKind.RowCountBetween, Min = min, Max = max };

    /// <summary>Checks the expectation on a batch's profile.</summary>
    /// <param name="batch">The profile.</param>
    /// <returns>Whether it holds, what was observed, and a sentence.</returns>
    public ExpectationResult Evaluate(ReferenceProfile batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Kind == ExpectationKind.RowCountBetween)
        {
            return Between(batch.RowCount, "row count");
        }

        var column = Column is null ? null : batch.Column(Column);
        if (column is null)
        {
            return new ExpectationResult(this, false, null, 0, $"Column '{Column}' does not exist.");
        }

        switch (Kind)
        {
            case ExpectationKind.ColumnExists:
                return new ExpectationResult(this, true, null, 0, $"Column '{Column}' exists.");
            case ExpectationKind.NotNullFractionAtLeast:
                var present = column.Count == 0 ? 1 : 1 - column.MissingFraction;
                var ok = present >= (Min ?? 0);
                return new ExpectationResult(this, ok, present, ok ? 0 : column.MissingCount, string.Create(CultureInfo.InvariantCulture, $"Column '{Column}' is {Percent.Of(present, 2)} present; at least {Percent.Of(Min ?? 0, 2)} expected."));
            case ExpectationKind.ValuesInSet:
                return InSet(batch, column);
            case ExpectationKind.DistinctCountBetween:
                return Between(column.DistinctCount, column.DistinctIsExact ? "distinct count" : "estimated distinct count");
            case ExpectationKind.ValuesBetween:
                if (column.Numeric is not { } range)
                {
                    return new ExpectationResult(this, false, null, column.PresentCount, $"Column '{Column}' holds no numbers.");
                }

                var inside = range.Min >= (Min ?? double.NegativeInfinity) && range.Max <= (Max ?? double.PositiveInfinity);
                return new ExpectationResult(this, inside, null, 0, string.Create(CultureInfo.InvariantCulture, $"Column '{Column}' ranges over [{range.Min}, {range.Max}]; [{Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}] expected."));
            case ExpectationKind.MeanBetween:
            case ExpectationKind.StandardDeviationBetween:
            case ExpectationKind.QuantileBetween:
                if (column.Numeric is not { } numeric)
                {
                    return new ExpectationResult(this, false, null, 0, $"Column '{Column}' holds no numbers.");
                }

                return Kind switch
                {
                    ExpectationKind.MeanBetween => Between(numeric.Mean, "mean"),
                    ExpectationKind.StandardDeviationBetween => Between(numeric.StandardDeviation, "standard deviation"),
                    _ => Between(numeric.Quantile(Probability ?? 0.5), string.Create(CultureInfo.InvariantCulture, $"quantile {Probability ?? 0.5}")),
                };
            default:
                return new ExpectationResult(this, false, null, 0, $"Unknown expectation kind {Kind}.");
        }
    }

    private ExpectationResult InSet(ReferenceProfile batch, ColumnProfile column)
    {
        var allowed = new HashSet<string>(Values ?? [], StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, long>> counts = batch.ValueCounts(column.Name) ?? column.TopValues.Select(v => new KeyValuePair<string, long>(v.Value, v.Count));
        var outside = counts.Where(p => !allowed.Contains(p.Key)).OrderByDescending(p => p.Value).ToList();
        var total = outside.Sum(p => p.Value);
        var ok = outside.Count == 0 && (column.ValueCountsAreComplete || column.TopValuesMaxUndercount == 0);
        return new ExpectationResult(this, ok, null, total, ok
            ? $"Every value of '{Column}' is in the set."
            : $"Column '{Column}' has {total} value(s) outside the set: {string.Join(", ", outside.Take(5).Select(p => $"'{p.Key}'"))}.");
    }

    private ExpectationResult Between(double observed, string what)
    {
        var ok = observed >= (Min ?? double.NegativeInfinity) && observed <= (Max ?? double.PositiveInfinity);
        var where = Column is null ? string.Empty : $" of '{Column}'";
        return new ExpectationResult(this, ok, observed, 0, string.Create(CultureInfo.InvariantCulture, $"The {what}{where} is {observed:G6}; [{Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}] expected."));
    }
}

/// <summary>The outcome of an <see cref="Expectation"/>. Immutable.</summary>
/// <param name="Expectation">The expectation.</param>
/// <param name="Success">Whether it holds.</param>
/// <param name="Observed">The figure compared, when there is one.</param>
/// <param name="UnexpectedCount">How many values broke it, when countable.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record ExpectationResult(Expectation Expectation, bool Success, double? Observed, long UnexpectedCount, string Message);
