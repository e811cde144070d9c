using System.Globalization;
using System.Text;

namespace ModelMonitor.Profiling;

/// <summary>
/// What a data-profiling report shows, computed from a <see cref="ReferenceProfile"/>: the
/// per-column figures, dataset figures, Pearson and Spearman correlations of the numeric columns,
/// skewness, and alerts. Immutable.
/// </summary>
/// <remarks>
/// Correlations and skewness come from the profile's uniform row sample
/// (<see cref="ProfileOptions.CorrelationSampleSize"/> rows): exact when the data has no more rows
/// than that (<see cref="CorrelationsAreExact"/>), a sample estimate otherwise. Like pandas, each
/// pair uses the rows where both values are present; Spearman ranks ties by their average rank.
/// </remarks>
public sealed class DataProfileSnapshot
{
    private readonly Dictionary<string, double> _skewness;

    private DataProfileSnapshot(ReferenceProfile profile, DataProfileOptions options)
    {
        Profile = profile;
        var state = profile.State;
        var numeric = profile.Columns.Select((c, i) => (c, i)).Where(p => ColumnKinds.IsNumber(p.c.Kind) && p.c.Numeric is not null).ToList();
        var names = numeric.Select(p => p.c.Name).ToArray();
        var width = profile.Columns.Count;
        var rows = state.SampleRows;
        var sample = state.Sample;
        var columns = new double[numeric.Count][];
        for (var j = 0; j < numeric.Count; j++)
        {
            var values = new double[rows];
            var at = numeric[j].i;
            for (var r = 0; r < rows; r++)
            {
                values[r] = sample[(r * width) + at];
            }

            columns[j] = values;
        }

        CorrelationsAreExact = state.SampleSeen == state.SampleRows;
        CorrelationSampleSize = rows;
        Pearson = new CorrelationMatrix(names, Correlations.Matrix(columns, spearman: false));
        Spearman = new CorrelationMatrix(names, Correlations.Matrix(columns, spearman: true));
        _skewness = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < numeric.Count; j++)
        {
            _skewness[names[j]] = Correlations.Skewness(columns[j]);
        }

        Alerts = BuildAlerts(profile, options);
    }

    /// <summary>Gets the profile the snapshot describes.</summary>
    public ReferenceProfile Profile { get; }

    /// <summary>Gets the number of rows.</summary>
    public long RowCount => Profile.RowCount;

    /// <summary>Gets the number of columns.</summary>
    public int ColumnCount => Profile.Columns.Count;

    /// <summary>Gets the number of duplicate rows (see <see cref="ReferenceProfile.DuplicateRowCount"/>).</summary>
    public long DuplicateRowCount => Profile.DuplicateRowCount;

    /// <summary>Gets the number of missing cells.</summary>
    public long MissingCellCount => Profile.MissingCellCount;

    /// <summary>Gets the fraction of missing cells.</summary>
    public double MissingCellFraction => RowCount == 0 || ColumnCount == 0 ? 0 : (double)MissingCellCount / (RowCount * ColumnCount);

    /// <summary>Gets the columns' figures.</summary>
    public IReadOnlyList<ColumnProfile> Columns => Profile.Columns;

    /// <summary>Gets the Pearson correlations of the numeric columns.</summary>
    public CorrelationMatrix Pearson { get; }

    /// <summary>Gets the Spearman rank correlations of the numeric columns.</summary>
    public CorrelationMatrix Spearman { get; }

    /// <summary>Gets a value indicating whether the correlations and skewness used every row.</summary>
    public bool CorrelationsAreExact { get; }

    /// <summary>Gets the number of rows the correlations and skewness used.</summary>
    public int CorrelationSampleSize { get; }

    /// <summary>Gets the alerts, in column order.</summary>
    public IReadOnlyList<ProfileAlert> Alerts { get; }

    /// <summary>Computes the snapshot of a profile.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="options">Alert thresholds, or <see langword="null"/> for the defaults.</param>
    /// <returns>The snapshot.</returns>
    public static DataProfileSnapshot Create(ReferenceProfile profile, DataProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new DataProfileSnapshot(profile, options ?? DataProfileOptions.Default);
    }

    /// <summary>The sample skewness (adjusted Fisher-Pearson, as pandas' <c>skew</c>) of a numeric column.</summary>
    /// <param name="column">The column name.</param>
    /// <returns>The skewness, NaN with fewer than three values, or <see langword="null"/> when the column is not numeric.</returns>
    public double? Skewness(string column) => _skewness.TryGetValue(column, out var s) ? s : null;

    /// <summary>A plain-text summary for a console: dataset figures, one line per column, alerts and the strongest correlations.</summary>
    /// <returns>The text, lines separated by '\n'.</returns>
    public string ToConsoleText()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"Data profile: {RowCount} rows x {ColumnCount} columns, {DuplicateRowCount} duplicate rows{(Profile.DuplicateRowCountIsExact ? string.Empty : " (estimated)")}, {MissingCellCount} missing cells ({Percent.Of(MissingCellFraction, 2)})").Append('\n');
        if (Profile.InvalidRowCount > 0)
        {
            text.Append(inv, $"{Profile.InvalidRowCount} unreadable rows skipped").Append('\n');
        }

        var nameWidth = Math.Max(6, Columns.Count == 0 ? 0 : Columns.Max(c => c.Name.Length));
        text.Append("column".PadRight(nameWidth)).Append("  type         missing   distinct  summary\n");
        foreach (var c in Columns)
        {
            var distinct = (c.DistinctIsExact ? string.Empty : "~") + c.DistinctCount.ToString(inv);
            string summary;
            if (c.Numeric is { } n && ColumnKinds.IsNumber(c.Kind))
            {
                summary = string.Create(inv, $"mean {n.Mean:G4}  sd {n.StandardDeviation:G4}  min {n.Min:G4}  median {n.Quantile(0.5):G4}  max {n.Max:G4}");
            }
            else if (c.TopValues.Count > 0)
            {
                summary = "top: " + string.Join(", ", c.TopValues.Take(3).Select(v => string.Create(inv, $"{Shorten(v.Value)} ({v.Count})")));
            }
            else if (c.VectorDimension is { } d)
            {
                summary = string.Create(inv, $"dimension {d}");
            }
            else
            {
                summary = string.Empty;
            }

            text.Append(c.Name.PadRight(nameWidth)).Append("  ")
                .Append(c.Kind.ToString().PadRight(12)).Append(' ')
                .Append(Percent.Of(c.MissingFraction).PadLeft(7)).Append("   ")
                .Append(distinct.PadLeft(8)).Append("  ")
                .Append(summary).Append('\n');
        }

        if (Alerts.Count > 0)
        {
            text.Append("Alerts:\n");
            foreach (var alert in Alerts)
            {
                text.Append("  - ").Append(alert.Message).Append('\n');
            }
        }

        var strong = new List<(string A, string B, double R)>();
        for (var i = 0; i < Spearman.Columns.Count; i++)
        {
            for (var j = i + 1; j < Spearman.Columns.Count; j++)
            {
                var r = Spearman[i, j];
                if (Math.Abs(r) >= 0.3)
                {
                    strong.Add((Spearman.Columns[i], Spearman.Columns[j], r));
                }
            }
        }

        if (strong.Count > 0)
        {
            text.Append(inv, $"Strongest Spearman correlations{(CorrelationsAreExact ? string.Empty : $" (sample of {CorrelationSampleSize} rows)")}:\n");
            foreach (var (a, b, r) in strong.OrderByDescending(s => Math.Abs(s.R)).Take(5))
            {
                text.Append(inv, $"  {a} ~ {b}: {r:F3}\n");
            }
        }

        return text.ToString();
    }

    private static string Shorten(string value) => value.Length <= 24 ? value : string.Concat(value.AsSpan(0, 21), "...");

    private List<ProfileAlert> BuildAlerts(ReferenceProfile profile, DataProfileOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var alerts = new List<ProfileAlert>();
        foreach (var c in profile.Columns)
        {
            if (c.PresentCount > 0 && c.DistinctCount == 1 && c.DistinctIsExact)
            {
                alerts.Add(new ProfileAlert(AlertKind.Constant, c.Name, $"{c.Name} is constant ({c.TopValues[0].Value})", 1));
            }

            if (c.MissingFraction > options.HighMissingFraction)
            {
                alerts.Add(new ProfileAlert(AlertKind.HighMissing, c.Name, string.Create(inv, $"{c.Name} has {Percent.Of(c.MissingFraction, 1)} missing values"), c.MissingFraction));
            }

            if (ColumnKinds.IsString(c.Kind) && c.DistinctCount > options.HighCardinalityDistinct)
            {
                alerts.Add(new ProfileAlert(AlertKind.HighCardinality, c.Name, string.Create(inv, $"{c.Name} has a high cardinality: {c.DistinctCount} distinct values"), c.DistinctCount));
            }

            if (Skewness(c.Name) is { } skew && Math.Abs(skew) > options.SkewnessThreshold)
            {
                alerts.Add(new ProfileAlert(AlertKind.Skewed, c.Name, string.Create(inv, $"{c.Name} is highly skewed (skewness {skew:F1})"), skew));
            }

            if (c.Numeric is { } n && ColumnKinds.IsNumber(c.Kind) && n.Count > 0 && (double)n.ZeroCount / n.Count > options.ZerosFraction)
            {
                var zeros = (double)n.ZeroCount / n.Count;
                alerts.Add(new ProfileAlert(AlertKind.ManyZeros, c.Name, string.Create(inv, $"{c.Name} has {Percent.Of(zeros, 1)} zeros"), zeros));
            }

            if (c.PresentCount > 1 && c.Kind is ColumnKind.Integer or ColumnKind.Categorical or ColumnKind.Text && IsUnique(c))
            {
                alerts.Add(new ProfileAlert(AlertKind.PossibleId, c.Name, $"{c.Name} has a distinct value in every row: possibly an identifier", c.DistinctCount));
            }
        }

        return alerts;
    }

    private static bool IsUnique(ColumnProfile c) =>
        c.DistinctIsExact ? c.DistinctCount == c.PresentCount : c.DistinctCount >= c.PresentCount * (1 - (3 * c.DistinctRelativeError));
}

/// <summary>Thresholds of the <see cref="DataProfileSnapshot"/> alerts (the defaults follow ydata-profiling's).</summary>
public sealed record DataProfileOptions
{
    /// <summary>Gets the defaults.</summary>
    public static DataProfileOptions Default { get; } = new();

    /// <summary>Gets the missing fraction above which a column is flagged.</summary>
    /// <value>The default value is 0.05.</value>
    public double HighMissingFraction { get; init; } = 0.05;

    /// <summary>Gets the distinct count above which a string column is flagged.</summary>
    /// <value>The default value is 50.</value>
    public long HighCardinalityDistinct { get; init; } = 50;

    /// <summary>Gets the absolute skewness above which a numeric column is flagged.</summary>
    /// <value>The default value is 20.</value>
    public double SkewnessThreshold { get; init; } = 20;

    /// <summary>Gets the fraction of zeros above which a numeric column is flagged.</summary>
    /// <value>The default value is 0.1.</value>
    public double ZerosFraction { get; init; } = 0.1;
}

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>One distinct value.</summary>
    Constant = 0,

    /// <summary>Many missing values.</summary>
    HighMissing = 1,

    /// <summary>Many distinct strings.</summary>
    HighCardinality = 2,

    /// <summary>A strongly skewed distribution.</summary>
    Skewed = 3,

    /// <summary>Many zeros.</summary>
    ManyZeros = 4,

    /// <summary>A distinct value per row, like an identifier.</summary>
    PossibleId = 5,
}

/// <summary>Something worth a look in a column. Immutable.</summary>
/// <param name="Kind">What the alert is about.</param>
/// <param name="Column">The column.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Value">The figure that triggered it.</param>
public sealed record ProfileAlert(AlertKind Kind, string Column, string Message, double Value);

/// <summary>A symmetric correlation matrix with its column names. Immutable.</summary>
public sealed class CorrelationMatrix
{
    private readonly double[,] _values;

    internal CorrelationMatrix(IReadOnlyList<string> columns, double[,] values)
    {
        Columns = columns;
        _values = values;
    }

    /// <summary>Gets the column names, in the matrix's order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Gets a correlation by position.</summary>
    /// <param name="row">The row index.</param>
    /// <param name="column">The column index.</param>
    /// <returns>The correlation, NaN when a column is constant.</returns>
    public double this[int row, int column] => _values[row, column];

    /// <summary>Gets a correlation by column names.</summary>
    /// <param name="a">The first column.</param>
    /// <param name="b">The second column.</param>
    /// <returns>The correlation.</returns>
    /// <exception cref="KeyNotFoundException">A column is not in the matrix.</exception>
    public double Get(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        return _values[i, j];
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"Column '{name}' is not a numeric column of the matrix.");
    }
}
