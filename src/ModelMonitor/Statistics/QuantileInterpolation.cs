namespace ModelMonitor.Statistics;

/// <summary>Exact quantiles of sorted data.</summary>
public static class QuantileInterpolation
{
    /// <summary>
    /// The quantile at probability <paramref name="probability"/> of sorted values with linear
    /// interpolation between the two closest ranks (rank <c>p * (n - 1)</c>, the definition of
    /// NumPy's and pandas' default "linear" method).
    /// </summary>
    /// <param name="sorted">Values in ascending order.</param>
    /// <param name="probability">A probability in [0, 1].</param>
    /// <returns>The quantile, or <see cref="double.NaN"/> when <paramref name="sorted"/> is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public static double Linear(ReadOnlySpan<double> sorted, double probability)
    {
        ValidateProbability(probability);
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var position = probability * (sorted.Length - 1);
        var lower = (int)position;
        var fraction = position - lower;
        if (fraction == 0 || lower + 1 >= sorted.Length)
        {
            return sorted[lower];
        }

        var low = sorted[lower];
        return low + ((sorted[lower + 1] - low) * fraction);
    }

    internal static void ValidateProbability(double probability, string paramName = "probability")
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, probability, "A quantile's probability must lie in [0, 1].");
        }
    }
}
