using System.Globalization;

namespace ModelMonitor.Explanations;

/// <summary>Whether a tabular feature is a number or a category code.</summary>
public enum TabularFeatureKind
{
    /// <summary>A number: perturbed within its quartile bins (or around its mean and standard deviation).</summary>
    Numeric = 0,

    /// <summary>A category, coded 0, 1, 2, ... as a double: perturbed by drawing codes at their training frequency.</summary>
    Categorical = 1,
}

/// <summary>A column of a tabular model's input.</summary>
/// <param name="Name">The column name, used in explanations and errors.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Categories">For a categorical column, the category of each code (used in explanations); codes are shown as numbers when null.</param>
public sealed record TabularFeature(string Name, TabularFeatureKind Kind, IReadOnlyList<string>? Categories = null);

/// <summary>
/// The training statistics tabular explanations and perturbations draw from: per numeric column
/// the mean, standard deviation, quartiles and per-quartile-bin moments and ranges; per categorical
/// column the frequency of each code. Missing values (NaN) are left out of every statistic.
/// </summary>
public sealed class TabularReference
{
    private TabularReference(IReadOnlyList<TabularFeature> features, ColumnStatistics[] columns)
    {
        Features = features;
        Columns = columns;
    }

    /// <summary>Gets the columns, in input order.</summary>
    public IReadOnlyList<TabularFeature> Features { get; }

    internal ColumnStatistics[] Columns { get; }

    /// <summary>Computes the statistics of training rows.</summary>
    /// <param name="features">The columns, in input order.</param>
    /// <param name="rows">The training rows, one value per column (NaN for missing; category codes for categorical columns).</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ArgumentException">A row has the wrong width, a category code is not a non-negative integer, or a column has no value at all; the message names the column.</exception>
    public static TabularReference FromRows(IReadOnlyList<TabularFeature> features, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = new ColumnStatistics[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            var values = new List<double>(rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Length != features.Count)
                {
                    throw new ArgumentException($"Row {r} has {rows[r].Length} values; there are {features.Count} columns.", nameof(rows));
                }

                if (!double.IsNaN(rows[r][f]))
                {
                    values.Add(rows[r][f]);
                }
            }

            if (values.Count == 0)
            {
                throw new ArgumentException($"Column '{features[f].Name}' has no value in the reference rows.", nameof(rows));
            }

            columns[f] = features[f].Kind == TabularFeatureKind.Categorical
                ? ColumnStatistics.Categorical(features[f].Name, values, nameof(rows))
                : ColumnStatistics.Numeric(values);
        }

        return new TabularReference(features, columns);
    }

    /// <summary>The statistics of one column.</summary>
    internal sealed class ColumnStatistics
    {
        private static readonly double[] Quartiles = [0.25, 0.5, 0.75];

        public double Mean { get; private init; }

        public double StandardDeviation { get; private init; }

        /// <summary>Distinct quartile boundaries, ascending: bin b holds values in (Bounds[b-1], Bounds[b]].</summary>
        public double[] Bounds { get; private init; } = [];

        public double[] BinMeans { get; private init; } = [];

        public double[] BinStandardDeviations { get; private init; } = [];

        public double[] BinMinimums { get; private init; } = [];

        public double[] BinMaximums { get; private init; } = [];

        /// <summary>Bin frequencies (numeric) or code frequencies (categorical), summing to 1.</summary>
        public double[] Frequencies { get; private init; } = [];

        public int Bin(double value)
        {
            var b = 0;
            while (b < Bounds.Length && value > Bounds[b])
            {
                b++;
            }

            return b;
        }

        public int Draw(Random random)
        {
            var u = random.NextDouble();
            for (var i = 0; i < Frequencies.Length; i++)
            {
                u -= Frequencies[i];
                if (u < 0)
                {
                    return i;
                }
            }

            return Frequencies.Length - 1;
        }

        public static ColumnStatistics Numeric(List<double> values)
        {
            values.Sort();
            var (mean, std) = Moments(values);
            var bounds = Quartiles.Select(q => Percentile(values, q)).Distinct().ToArray();
            var bins = bounds.Length + 1;
            var groups = Enumerable.Range(0, bins).Select(_ => new List<double>()).ToArray();
            var stats = new ColumnStatistics { Bounds = bounds };
            foreach (var v in values)
            {
                groups[stats.Bin(v)].Add(v);
            }

            return new ColumnStatistics
            {
                Mean = mean,
                StandardDeviation = std,
                Bounds = bounds,
                BinMeans = [.. groups.Select(g => g.Count == 0 ? double.NaN : Moments(g).Mean)],
                BinStandardDeviations = [.. groups.Select(g => g.Count == 0 ? 0 : Moments(g).Std)],
                BinMinimums = [.. groups.Select(g => g.Count == 0 ? double.NaN : g.Min())],
                BinMaximums = [.. groups.Select(g => g.Count == 0 ? double.NaN : g.Max())],
                Frequencies = [.. groups.Select(g => (double)g.Count / values.Count)],
            };
        }

        public static ColumnStatistics Categorical(string name, List<double> values, string paramName)
        {
            var counts = new Dictionary<int, int>();
            foreach (var v in values)
            {
                if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
                {
                    throw new ArgumentException($"Column '{name}' is categorical but holds {v.ToString(CultureInfo.InvariantCulture)}, not a category code (0, 1, 2, ...).", paramName);
                }

                counts[(int)v] = counts.GetValueOrDefault((int)v) + 1;
            }

            var frequencies = new double[counts.Keys.Max() + 1];
            foreach (var (code, count) in counts)
            {
                frequencies[code] = (double)count / values.Count;
            }

            var (mean, std) = Moments(values);
            return new ColumnStatistics { Mean = mean, StandardDeviation = std, Frequencies = frequencies };
        }

        // Population standard deviation, as scikit-learn's StandardScaler (LIME's scaler) uses.
        private static (double Mean, double Std) Moments(List<double> values)
        {
            var mean = values.Average();
            var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
            return (mean, Math.Sqrt(variance));
        }

        // NumPy's default (linear) percentile of sorted values.
        private static double Percentile(List<double> sorted, double q)
        {
            var h = (sorted.Count - 1) * q;
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, sorted.Count - 1);
            return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
        }
    }
}
