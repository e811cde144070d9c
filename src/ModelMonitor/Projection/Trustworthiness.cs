namespace ModelMonitor.Projection;

/// <summary>How well an embedding keeps each point's nearest neighbours: the trustworthiness of Venna and Kaski.</summary>
/// <remarks>
/// <para>
/// <c>T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_i} (r(i, j) - k)</c>, where <c>U_i</c> holds the
/// points among the k nearest neighbours of i in the embedding that are not among its k nearest in the original
/// space, and <c>r(i, j)</c> is the rank of j by original distance from i (1 for the nearest). The same
/// definition as scikit-learn's <c>sklearn.manifold.trustworthiness</c> with the euclidean metric; 1 is perfect.
/// Ties in distance go to the lower index (scikit-learn breaks them arbitrarily, so data with many equal
/// distances can differ in the last digits).
/// </para>
/// <para>O(n^2 (d + k)) time, O(n) memory per worker; meant for evaluation, not for serving paths. Thread-safe.</para>
/// </remarks>
public static class Trustworthiness
{
    /// <summary>Computes the trustworthiness of <paramref name="embedded"/> as a picture of <paramref name="original"/>.</summary>
    /// <param name="original">n vectors of <paramref name="originalDimension"/> values, row-major.</param>
    /// <param name="originalDimension">The length of an original vector.</param>
    /// <param name="embedded">The same n points in the embedding, <paramref name="embeddedDimension"/> values each.</param>
    /// <param name="embeddedDimension">The length of an embedded vector.</param>
    /// <param name="neighbors">k; less than n / 2.</param>
    /// <returns>The trustworthiness, at most 1.</returns>
    /// <exception cref="ArgumentException">A buffer is not a whole number of vectors, the counts differ, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neighbors"/> is not in [1, n / 2).</exception>
    public static double Compute(ReadOnlySpan<double> original, int originalDimension, ReadOnlySpan<double> embedded, int embeddedDimension, int neighbors)
    {
        var n = VectorInput.Rows(original, originalDimension, nameof(original));
        var m = VectorInput.Rows(embedded, embeddedDimension, nameof(embedded));
        VectorInput.ThrowIfNotFinite(original, originalDimension, nameof(original));
        VectorInput.ThrowIfNotFinite(embedded, embeddedDimension, nameof(embedded));
        if (n != m)
        {
            throw new ArgumentException($"The embedding has {m} points, the original data {n}.", nameof(embedded));
        }

        if (neighbors < 1 || neighbors >= n / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(neighbors), neighbors, $"Neighbors must be at least 1 and less than n / 2 = {n / 2.0}.");
        }

        return ComputeCore(original.ToArray(), originalDimension, embedded.ToArray(), embeddedDimension, n, neighbors);
    }

    /// <summary>Computes the trustworthiness of a single-precision embedding of single-precision vectors.</summary>
    /// <param name="original">n vectors of <paramref name="originalDimension"/> values, row-major.</param>
    /// <param name="originalDimension">The length of an original vector.</param>
    /// <param name="embedded">The same n points in the embedding, <paramref name="embeddedDimension"/> values each.</param>
    /// <param name="embeddedDimension">The length of an embedded vector.</param>
    /// <param name="neighbors">k; less than n / 2.</param>
    /// <returns>The trustworthiness, at most 1.</returns>
    /// <exception cref="ArgumentException">A buffer is not a whole number of vectors, the counts differ, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neighbors"/> is not in [1, n / 2).</exception>
    public static double Compute(ReadOnlySpan<float> original, int originalDimension, ReadOnlySpan<float> embedded, int embeddedDimension, int neighbors) =>
        Compute(VectorInput.ToDouble(original), originalDimension, VectorInput.ToDouble(embedded), embeddedDimension, neighbors);

    private static double ComputeCore(double[] x, int dx, double[] y, int dy, int n, int k)
    {
        var penalty = new long[n];
        Parallel.For(
            0,
            n,
            () => (new double[n], new int[k], new double[k]),
            (i, _, buffers) =>
            {
                var (distance, nearest, nearestDistance) = buffers;
                var xi = x.AsSpan(i * dx, dx);
                for (var j = 0; j < n; j++)
                {
                    distance[j] = j == i ? double.PositiveInfinity : VectorMath.SquaredDistance(xi, x.AsSpan(j * dx, dx));
                }

                var yi = y.AsSpan(i * dy, dy);
                var count = 0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i)
                    {
                        continue;
                    }

                    var dj = VectorMath.SquaredDistance(yi, y.AsSpan(j * dy, dy));
                    if (count == k && dj >= nearestDistance[k - 1])
                    {
                        continue;
                    }

                    var pos = count < k ? count++ : k - 1;
                    while (pos > 0 && nearestDistance[pos - 1] > dj)
                    {
                        nearestDistance[pos] = nearestDistance[pos - 1];
                        nearest[pos] = nearest[pos - 1];
                        pos--;
                    }

                    nearestDistance[pos] = dj;
                    nearest[pos] = j;
                }

                long sum = 0;
                for (var a = 0; a < k; a++)
                {
                    var j = nearest[a];
                    var dj = distance[j];
                    var rank = 1;
                    for (var m = 0; m < n; m++)
                    {
                        var dm = distance[m];
                        if (dm < dj || (dm == dj && m < j))
                        {
                            rank++;
                        }
                    }

                    if (rank > k)
                    {
                        sum += rank - k;
                    }
                }

                penalty[i] = sum;
                return buffers;
            },
            _ => { });
        long total = 0;
        foreach (var p in penalty)
        {
            total += p;
        }

        return 1.0 - (total * (2.0 / (n * (double)k * ((2.0 * n) - (3.0 * k) - 1.0))));
    }
}
