using System.Globalization;
using ModelMonitor.Explanations;
using ModelMonitor.Statistics;

namespace ModelMonitor.Robustness;

/// <summary>Perturbation suites for tabular rows (one value per <see cref="TabularReference"/> column; category codes for categorical columns).</summary>
/// <remarks>Each suite copies the row; the input is never changed.</remarks>
public static class TabularPerturbations
{
    /// <summary>Gaussian noise on every numeric column, with a standard deviation of <paramref name="scale"/> times the column's reference deviation; missing values stay missing.</summary>
    /// <param name="reference">The training statistics.</param>
    /// <param name="scale">The noise in reference standard deviations, positive.</param>
    /// <returns>The suite.</returns>
    public static Perturbation<double[]> GaussianNoise(TabularReference reference, double scale = 0.1)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!(scale > 0) || double.IsPositiveInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The noise scale must be positive and finite.");
        }

        return new($"gaussian-noise({scale.ToString(CultureInfo.InvariantCulture)} sd)", (row, random) =>
        {
            var copy = Copy(reference, row);
            for (var f = 0; f < copy.Length; f++)
            {
                if (reference.Features[f].Kind == TabularFeatureKind.Numeric && !double.IsNaN(copy[f]))
                {
                    copy[f] += scale * reference.Columns[f].StandardDeviation * Gaussian.Sample(random);
                }
            }

            return copy;
        });
    }

    /// <summary>Each categorical value, with probability <paramref name="rate"/>, replaced by a code drawn at its training frequency (frequent values are drawn most).</summary>
    /// <param name="reference">The training statistics.</param>
    /// <param name="rate">The share of categorical values touched, in (0, 1].</param>
    /// <returns>The suite.</returns>
    public static Perturbation<double[]> CategoricalSwap(TabularReference reference, double rate = 0.1)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckRate(rate);
        return new($"categorical-swap({rate.ToString(CultureInfo.InvariantCulture)})", (row, random) =>
        {
            var copy = Copy(reference, row);
            for (var f = 0; f < copy.Length; f++)
            {
                if (reference.Features[f].Kind == TabularFeatureKind.Categorical && random.NextDouble() < rate)
                {
                    copy[f] = reference.Columns[f].Draw(random);
                }
            }

            return copy;
        });
    }

    /// <summary>Each value, with probability <paramref name="rate"/>, set missing (NaN): does the model degrade gracefully when a field is not filled in?</summary>
    /// <param name="reference">The training statistics (for the row width).</param>
    /// <param name="rate">The share of values removed, in (0, 1].</param>
    /// <returns>The suite.</returns>
    public static Perturbation<double[]> MissingValues(TabularReference reference, double rate = 0.05)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckRate(rate);
        return new($"missing-values({rate.ToString(CultureInfo.InvariantCulture)})", (row, random) =>
        {
            var copy = Copy(reference, row);
            for (var f = 0; f < copy.Length; f++)
            {
                if (random.NextDouble() < rate)
                {
                    copy[f] = double.NaN;
                }
            }

            return copy;
        });
    }

    private static double[] Copy(TabularReference reference, double[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Length == reference.Features.Count
            ? (double[])row.Clone()
            : throw new ArgumentException($"The row has {row.Length} values; the reference has {reference.Features.Count} columns.", nameof(row));
    }

    private static void CheckRate(double rate)
    {
        if (!(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be in (0, 1].");
        }
    }
}
