using System.Globalization;
using ModelMonitor.Profiling;
using ModelMonitor.Statistics;

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

    /// <summary>
    /// Takes the statistics from a reference profile (issue 4's <see cref="ReferenceProfile"/>) instead
    /// of the training rows, so a model shipped with its profile can be explained without its data.
    /// </summary>
    /// <param name="profile">The training data's profile.</param>
    /// <param name="featureColumns">The model's input columns, in input order.</param>
    /// <returns>The reference.</returns>
    /// <remarks>
    /// <para>
    /// Numeric and integer columns are numeric features: mean and standard deviation from the
    /// profile's exact moments (the population deviation, as <see cref="FromRows"/> uses), bins at the
    /// profile's quartiles, which are quantile-sketch estimates within
    /// <see cref="NumericSummary.RankErrorBound"/> of the true rank. Each bin's frequency, mean,
    /// deviation and range come from the sketch's weighted retained values (the first bin starts at the
    /// exact minimum, the last ends at the exact maximum).
    /// </para>
    /// <para>
    /// Categorical and boolean columns are categorical features: the codes 0, 1, 2, ... are the
    /// profile's frequent values (<see cref="ColumnProfile.TopValues"/>), most frequent first, which
    /// become <see cref="TabularFeature.Categories"/>; a row to explain codes its value by its position
    /// there. When the column has more distinct values than the profile kept
    /// (<see cref="ProfileOptions.TopValueCount"/>), the rest of the mass (the rare values, unknown by
    /// name) is not drawn: the kept values' frequencies are rescaled to sum to 1, so perturbations only
    /// produce values the model can be given.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// A column is not in the profile, is text, a date, a vector or all missing, or (numeric) the
    /// profile holds no sketch of it; the message names the column.
    /// </exception>
    public static TabularReference FromProfile(ReferenceProfile profile, IReadOnlyList<string> featureColumns)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(featureColumns);
        var features = new TabularFeature[featureColumns.Count];
        var columns = new ColumnStatistics[featureColumns.Count];
        for (var f = 0; f < featureColumns.Count; f++)
        {
            var name = featureColumns[f] ?? throw new ArgumentException($"Feature column {f} is null.", nameof(featureColumns));
            var index = profile.State.IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException($"Column '{name}' is not in the reference profile.", nameof(featureColumns));
            }

            var column = profile.Columns[index];
            if (ColumnKinds.IsNumber(column.Kind))
            {
                var sketch = profile.State.Columns[index].Sketch;
                if (column.Numeric is not { } numeric || sketch is null || sketch.IsEmpty)
                {
                    throw new ArgumentException($"Column '{name}' is numeric but the profile holds no quantile sketch of it.", nameof(featureColumns));
                }

                features[f] = new TabularFeature(name, TabularFeatureKind.Numeric);
                columns[f] = ColumnStatistics.FromSketch(numeric, sketch.SortedView());
            }
            else if (column.Kind is ColumnKind.Categorical or ColumnKind.Boolean)
            {
                var values = column.TopValues;
                var kept = 0L;
                foreach (var v in values)
                {
                    kept += v.Count;
                }

                if (kept == 0)
                {
                    throw new ArgumentException($"Column '{name}' has no frequent value in the profile.", nameof(featureColumns));
                }

                var frequencies = new double[values.Count];
                var categories = new string[values.Count];
                for (var c = 0; c < values.Count; c++)
                {
                    categories[c] = values[c].Value;
                    frequencies[c] = (double)values[c].Count / kept;
                }

                features[f] = new TabularFeature(name, TabularFeatureKind.Categorical, categories);
                columns[f] = ColumnStatistics.FromFrequencies(frequencies);
            }
            else
            {
                throw new ArgumentException(
                    $"Column '{name}' is {column.Kind} in the profile; a tabular explanation needs a numeric, integer, categorical or boolean column.", nameof(featureColumns));
            }
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

        /// <summary>Numeric statistics from a profile: its exact moments and quartiles, bins from the sketch's weighted values.</summary>
        public static ColumnStatistics FromSketch(NumericSummary numeric, QuantileSketch.WeightedView view)
        {
            var bounds = Quartiles.Select(numeric.Quantile).Distinct().ToArray();
            var stats = new ColumnStatistics { Bounds = bounds };
            var bins = bounds.Length + 1;
            var weight = new double[bins];
            var sum = new double[bins];
            var squares = new double[bins];
            var min = new double[bins];
            var max = new double[bins];
            min.AsSpan().Fill(double.NaN);
            max.AsSpan().Fill(double.NaN);
            var values = view.Values;
            var cumulative = view.CumulativeWeights;
            for (var i = 0; i < values.Length; i++)
            {
                var b = stats.Bin(values[i]);
                double w = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
                weight[b] += w;
                sum[b] += w * values[i];
                squares[b] += w * values[i] * values[i];
                min[b] = double.IsNaN(min[b]) ? values[i] : Math.Min(min[b], values[i]);
                max[b] = double.IsNaN(max[b]) ? values[i] : Math.Max(max[b], values[i]);
            }

            // The sketch may not have kept the extremes; the profile knows them exactly.
            min[0] = weight[0] > 0 ? numeric.Min : double.NaN;
            max[^1] = weight[^1] > 0 ? numeric.Max : double.NaN;
            var total = weight.Sum();
            var means = new double[bins];
            var deviations = new double[bins];
            for (var b = 0; b < bins; b++)
            {
                means[b] = weight[b] > 0 ? sum[b] / weight[b] : double.NaN;
                deviations[b] = weight[b] > 0 ? Math.Sqrt(Math.Max(0, (squares[b] / weight[b]) - (means[b] * means[b]))) : 0;
            }

            var n = numeric.Count;
            return new ColumnStatistics
            {
                Mean = numeric.Mean,
                StandardDeviation = n < 2 ? 0 : numeric.StandardDeviation * Math.Sqrt((double)(n - 1) / n),
                Bounds = bounds,
                BinMeans = means,
                BinStandardDeviations = deviations,
                BinMinimums = min,
                BinMaximums = max,
                Frequencies = [.. weight.Select(w => w / total)],
            };
        }

        /// <summary>Categorical statistics from code frequencies summing to 1; the mean and deviation are those of the codes.</summary>
        public static ColumnStatistics FromFrequencies(double[] frequencies)
        {
            double mean = 0, squares = 0;
            for (var c = 0; c < frequencies.Length; c++)
            {
                mean += c * frequencies[c];
                squares += c * c * frequencies[c];
            }

            return new ColumnStatistics { Mean = mean, StandardDeviation = Math.Sqrt(Math.Max(0, squares - (mean * mean))), Frequencies = frequencies };
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
