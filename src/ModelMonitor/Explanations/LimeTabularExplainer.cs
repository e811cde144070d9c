using System.Buffers;
using System.Globalization;
using ModelMonitor.Statistics;

namespace ModelMonitor.Explanations;

/// <summary>Options of <see cref="LimeTabularExplainer"/>.</summary>
public sealed class LimeTabularOptions
{
    /// <summary>Gets or sets the number of perturbed samples, the original included; at least 2.</summary>
    /// <value>The default value is 5000.</value>
    public int SampleCount { get; set; } = 5000;

    /// <summary>Gets or sets the number of features an explanation reports, at least 1.</summary>
    /// <value>The default value is 10.</value>
    public int FeatureCount { get; set; } = 10;

    /// <summary>Gets or sets how features are chosen.</summary>
    /// <value>The default value is <see cref="FeatureSelection.Auto"/>.</value>
    public FeatureSelection FeatureSelection { get; set; } = FeatureSelection.Auto;

    /// <summary>
    /// Gets or sets whether numeric columns are explained by quartile bins ("28 &lt; age &lt;= 37", LIME's
    /// default, easier to read) or as standardised numbers (weights are then the local slope per
    /// standard deviation, which recovers a linear model's coefficients times the column's deviation).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Discretize { get; set; } = true;

    /// <summary>Gets or sets the kernel width; <c>0.75 * sqrt(columns)</c> (LIME's) when null.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? KernelWidth { get; set; }

    /// <summary>Gets or sets the ridge penalty of the local model.</summary>
    /// <value>The default value is 1.</value>
    public double RidgeAlpha { get; set; } = 1;

    /// <summary>Gets or sets the seed.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets how many extra runs under other seeds measure stability; 0 to skip.</summary>
    /// <value>The default value is 2.</value>
    public int StabilityRuns { get; set; } = 2;

    /// <summary>Gets or sets the stability below which an explanation is flagged.</summary>
    /// <value>The default value is 0.6.</value>
    public double MinimumStability { get; set; } = 0.6;
}

/// <summary>
/// LIME for tabular models: samples rows from the training statistics of a
/// <see cref="TabularReference"/> (categories at their frequency; numbers within quartile bins, or
/// from a normal with the column's mean and deviation), marks which columns agree with the explained
/// row, and fits a weighted ridge regression of the class probability on that representation.
/// </summary>
/// <remarks>
/// The kernel is <c>sqrt(exp(-D² / width²))</c> over the Euclidean distance to the explained row in
/// the interpretable representation (LIME's). Seeded; stability across seeds is measured as for
/// text. The explained row must not hold missing values (NaN): the message names the column.
/// </remarks>
public sealed class LimeTabularExplainer
{
    private readonly IBatchPredictor<double[]> _predictor;
    private readonly TabularReference _reference;
    private readonly LimeTabularOptions _options;

    /// <summary>Creates an explainer.</summary>
    /// <param name="predictor">The model, reading one value per reference column.</param>
    /// <param name="reference">The training statistics.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LimeTabularExplainer(IBatchPredictor<double[]> predictor, TabularReference reference, LimeTabularOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(reference);
        _predictor = predictor;
        _reference = reference;
        _options = options ?? new LimeTabularOptions();
        if (_options.SampleCount < 2 || _options.FeatureCount < 1 || _options.StabilityRuns < 0 || _options.KernelWidth is <= 0
            || !(_options.RidgeAlpha >= 0) || !(_options.MinimumStability >= 0 && _options.MinimumStability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SampleCount must be at least 2, FeatureCount at least 1, StabilityRuns at least 0, KernelWidth positive, RidgeAlpha at least 0, MinimumStability in [0, 1].");
        }
    }

    /// <summary>Explains the model's probability of a class for one row.</summary>
    /// <param name="row">The row, one value per reference column.</param>
    /// <param name="classIndex">The class to explain; the predicted class when null.</param>
    /// <returns>The explanation; <see cref="LocalExplanation.Input"/> describes the row.</returns>
    /// <exception cref="ArgumentException">The row has the wrong width or a NaN value, or the class is out of range; the message names the column.</exception>
    public LocalExplanation Explain(double[] row, int? classIndex = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var features = _reference.Features;
        if (row.Length != features.Count)
        {
            throw new ArgumentException($"The row has {row.Length} values; the reference has {features.Count} columns.", nameof(row));
        }

        for (var f = 0; f < row.Length; f++)
        {
            if (double.IsNaN(row[f]))
            {
                throw new ArgumentException($"Column '{features[f].Name}' is missing (NaN) in the row to explain.", nameof(row));
            }
        }

        if (classIndex is { } c && (uint)c >= (uint)_predictor.ClassCount)
        {
            throw new ArgumentException($"Class {c} is outside [0, {_predictor.ClassCount - 1}].", nameof(classIndex));
        }

        var main = Run(row, classIndex, _options.Seed);
        return LocalModel.WithStability(main, _options.StabilityRuns, _options.Seed, _options.MinimumStability, seed => Run(row, main.ClassIndex, seed));
    }

    // The interpretable matrix is n x d doubles: pooled, so explaining many rows does not churn generation-2 collections.
    private LocalExplanation Run(double[] row, int? classIndex, int seed)
    {
        var x = ArrayPool<double>.Shared.Rent(_options.SampleCount * _reference.Features.Count);
        try
        {
            return Run(row, classIndex, seed, x);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(x);
        }
    }

    private LocalExplanation Run(double[] row, int? classIndex, int seed, double[] x)
    {
        var features = _reference.Features;
        var columns = _reference.Columns;
        var d = features.Count;
        var n = _options.SampleCount;
        var k = _predictor.ClassCount;
        var random = new Random(seed);
        var samples = new double[n][];
        samples[0] = (double[])row.Clone();
        var instanceBins = new int[d];
        for (var f = 0; f < d; f++)
        {
            instanceBins[f] = features[f].Kind == TabularFeatureKind.Categorical ? (int)row[f] : columns[f].Bin(row[f]);
        }

        for (var i = 0; i < n; i++)
        {
            var sample = i == 0 ? samples[0] : new double[d];
            for (var f = 0; f < d; f++)
            {
                var s = columns[f];
                double interpretable;
                if (features[f].Kind == TabularFeatureKind.Categorical)
                {
                    if (i > 0)
                    {
                        sample[f] = s.Draw(random);
                    }

                    interpretable = sample[f] == row[f] ? 1 : 0;
                }
                else if (_options.Discretize)
                {
                    if (i > 0)
                    {
                        sample[f] = DrawInBin(s, s.Draw(random), random);
                    }

                    interpretable = s.Bin(sample[f]) == instanceBins[f] ? 1 : 0;
                }
                else
                {
                    if (i > 0)
                    {
                        sample[f] = s.Mean + (s.StandardDeviation * Gaussian.Sample(random));
                    }

                    interpretable = s.StandardDeviation > 0 ? (sample[f] - s.Mean) / s.StandardDeviation : 0;
                }

                x[(i * d) + f] = interpretable;
            }

            samples[i] = sample;
        }

        // Distances in the interpretable space, scaled like LIME: categorical and binned columns are used as they are.
        var width = _options.KernelWidth ?? (0.75 * Math.Sqrt(d));
        var weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            var squared = 0.0;
            for (var f = 0; f < d; f++)
            {
                var delta = x[(i * d) + f] - x[f];
                squared += delta * delta;
            }

            weights[i] = Math.Sqrt(Math.Exp(-squared / (width * width)));
        }

        var probabilities = new float[n * k];
        _predictor.Predict(samples, probabilities);
        ModelOutput.Validate(probabilities, k, "sample");
        var predicted = ModelOutput.ArgMax(probabilities.AsSpan(0, k));

        var target = classIndex ?? predicted;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = probabilities[(i * k) + target];
        }

        var chosen = LocalModel.SelectFeatures(x, d, y, weights, _options.FeatureCount, _options.FeatureSelection);
        var (coefficients, intercept) = WeightedRidge.Fit(x, d, chosen, y, weights, _options.RidgeAlpha);
        var described = chosen.Select((f, j) => new FeatureWeight(Describe(f, row[f], instanceBins[f]), coefficients[j]))
            .Select((w, j) => (w, j))
            .OrderByDescending(p => Math.Abs(p.w.Weight))
            .ThenBy(p => chosen[p.j])
            .Select(p => p.w)
            .ToList();
        return new LocalExplanation
        {
            Input = string.Join(", ", Enumerable.Range(0, d).Select(f => $"{features[f].Name}={Value(f, row[f])}")),
            ClassIndex = target,
            PredictedClass = predicted,
            ModelProbability = probabilities[target],
            LocalPrediction = WeightedRidge.Predict(x.AsSpan(0, d), chosen, coefficients, intercept),
            Intercept = intercept,
            LocalR2 = WeightedRidge.Score(x, d, chosen, y, weights, coefficients, intercept),
            Features = described,
            SampleCount = n,
        };
    }

    private string Describe(int f, double value, int bin)
    {
        var feature = _reference.Features[f];
        if (feature.Kind == TabularFeatureKind.Categorical)
        {
            return $"{feature.Name}={Value(f, value)}";
        }

        if (!_options.Discretize)
        {
            return feature.Name;
        }

        var bounds = _reference.Columns[f].Bounds;
        var name = feature.Name;
        return bin == 0 ? $"{name} <= {Number(bounds[0])}"
            : bin == bounds.Length ? $"{name} > {Number(bounds[^1])}"
            : $"{Number(bounds[bin - 1])} < {name} <= {Number(bounds[bin])}";
    }

    private string Value(int f, double value)
    {
        var feature = _reference.Features[f];
        return feature.Kind == TabularFeatureKind.Categorical && feature.Categories is { } names && value >= 0 && value < names.Count
            ? names[(int)value]
            : Number(value);
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double DrawInBin(TabularReference.ColumnStatistics s, int bin, Random random)
    {
        double lo = s.BinMinimums[bin], hi = s.BinMaximums[bin], mean = s.BinMeans[bin], std = s.BinStandardDeviations[bin];
        if (double.IsNaN(mean) || std == 0 || lo == hi)
        {
            return double.IsNaN(mean) ? s.Mean : mean;
        }

        // A normal truncated to the bin's training range, by rejection; the bin holds most of its mass.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var v = mean + (std * Gaussian.Sample(random));
            if (v >= lo && v <= hi)
            {
                return v;
            }
        }

        return lo + ((hi - lo) * random.NextDouble());
    }

}
