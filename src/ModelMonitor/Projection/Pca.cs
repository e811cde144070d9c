using MathNet.Numerics.LinearAlgebra;

namespace ModelMonitor.Projection;

/// <summary>Principal component analysis of a set of vectors, exact or by a seeded randomized SVD.</summary>
/// <remarks>
/// <para>
/// Vectors are passed as one flat row-major buffer (<c>n * dimension</c> values). The fit centres the data and
/// works in double precision on an O(n d) copy; float input is widened once. Results match scikit-learn's
/// <c>PCA</c>: explained variance uses <c>n - 1</c>, the ratio divides by the total variance of all
/// dimensions, whitening divides by the square root of the explained variance. Component signs are fixed so
/// that the loading of largest magnitude is positive (scikit-learn's sign rule differs by version, so compare
/// coordinates up to sign).
/// </para>
/// <para>
/// The work is split into a fixed number of row blocks whatever the core count, and partial sums are added in
/// block order, so the result is the same on every machine. NaN or infinite values and a buffer that is not a
/// whole number of vectors throw <see cref="ArgumentException"/>. Thread-safe.
/// </para>
/// </remarks>
public static class Pca
{
    private const int Blocks = 16;

    /// <summary>Fits a PCA on <paramref name="vectors"/>.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors, holds NaN or infinity, or has fewer than two vectors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PcaModel Fit(ReadOnlySpan<double> vectors, int dimension) => Fit(vectors, dimension, new PcaOptions());

    /// <summary>Fits a PCA on <paramref name="vectors"/> with <paramref name="options"/>.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors, holds NaN or infinity, or has fewer than two vectors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PcaModel Fit(ReadOnlySpan<double> vectors, int dimension, PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = VectorInput.Rows(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfFewerThan(2, n, nameof(vectors));
        return FitOwned(vectors.ToArray(), n, dimension, options);
    }

    /// <summary>Fits a PCA on single-precision <paramref name="vectors"/> (computed in double precision).</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors, holds NaN or infinity, or has fewer than two vectors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PcaModel Fit(ReadOnlySpan<float> vectors, int dimension) => Fit(vectors, dimension, new PcaOptions());

    /// <summary>Fits a PCA on <paramref name="vectors"/> with <paramref name="options"/>.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The buffer is not a whole number of vectors, holds NaN or infinity, or has fewer than two vectors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PcaModel Fit(ReadOnlySpan<float> vectors, int dimension, PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = VectorInput.Rows(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfFewerThan(2, n, nameof(vectors));
        return FitOwned(VectorInput.ToDouble(vectors), n, dimension, options);
    }

    private static PcaModel FitOwned(double[] x, int n, int d, PcaOptions options)
    {
        var k = options.Components;
        if (k < 1 || k > Math.Min(n, d))
        {
            throw new ArgumentOutOfRangeException(nameof(options), k, $"Components must be between 1 and min(n, d) = {Math.Min(n, d)}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Oversampling, nameof(options));
        if (options.PowerIterations is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PowerIterations, "PowerIterations must not be negative.");
        }

        var mean = ColumnMeans(x, n, d);
        var totalVariance = CenterAndTotalVariance(x, n, d, mean);
        var solver = options.Solver;
        if (solver == PcaSolver.Auto)
        {
            solver = d <= PcaOptions.ExactDimensionLimit || k > Math.Min(n, d) / 4 ? PcaSolver.Exact : PcaSolver.Randomized;
        }

        var (components, variance) = solver == PcaSolver.Exact
            ? FitExact(x, n, d, k)
            : FitRandomized(x, n, d, k, options);
        FixSigns(components, d);
        var ratio = new double[k];
        for (var c = 0; c < k; c++)
        {
            ratio[c] = totalVariance > 0 ? variance[c] / totalVariance : 0;
        }

        return new PcaModel(d, n, solver, options.Whiten, mean, components, variance, ratio);
    }

    private static double[] ColumnMeans(double[] x, int n, int d)
    {
        var partial = new double[Blocks][];
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            var sum = new double[d];
            for (var i = start; i < end; i++)
            {
                VectorMath.AddScaled(sum, 1, x.AsSpan(i * d, d));
            }

            partial[b] = sum;
        });
        var mean = new double[d];
        foreach (var p in partial)
        {
            VectorMath.AddScaled(mean, 1.0 / n, p);
        }

        return mean;
    }

    private static double CenterAndTotalVariance(double[] x, int n, int d, double[] mean)
    {
        var partial = new double[Blocks];
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            var sum = 0.0;
            for (var i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                VectorMath.AddScaled(row, -1, mean);
                sum += VectorMath.Dot(row, row);
            }

            partial[b] = sum;
        });
        var total = 0.0;
        foreach (var p in partial)
        {
            total += p;
        }

        return total / (n - 1);
    }

    private static (double[] Components, double[] Variance) FitExact(double[] x, int n, int d, int k)
    {
        // Upper triangle of X^T X by rank-one row updates, per block, summed in block order.
        var partial = new double[Blocks][];
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            var c = new double[d * d];
            for (var i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (var a = 0; a < d; a++)
                {
                    var v = row[a];
                    if (v != 0)
                    {
                        VectorMath.AddScaled(c.AsSpan((a * d) + a, d - a), v, row[a..]);
                    }
                }
            }

            partial[b] = c;
        });
        var cov = Matrix<double>.Build.Dense(d, d);
        for (var a = 0; a < d; a++)
        {
            for (var b2 = a; b2 < d; b2++)
            {
                var s = 0.0;
                foreach (var p in partial)
                {
                    s += p[(a * d) + b2];
                }

                s /= n - 1;
                cov[a, b2] = s;
                cov[b2, a] = s;
            }
        }

        var evd = cov.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues;
        var vectors = evd.EigenVectors;
        var order = new int[d];
        for (var i = 0; i < d; i++)
        {
            order[i] = i;
        }

        var keys = new double[d];
        for (var i = 0; i < d; i++)
        {
            keys[i] = -values[i].Real;
        }

        Array.Sort(keys, order);
        var components = new double[k * d];
        var variance = new double[k];
        for (var c = 0; c < k; c++)
        {
            var col = order[c];
            variance[c] = Math.Max(0, values[col].Real);
            for (var j = 0; j < d; j++)
            {
                components[(c * d) + j] = vectors[j, col];
            }
        }

        return (components, variance);
    }

    private static (double[] Components, double[] Variance) FitRandomized(double[] x, int n, int d, int k, PcaOptions options)
    {
        var l = Math.Min(k + options.Oversampling, Math.Min(n, d));
        var iterations = options.PowerIterations ?? (k < 0.1 * Math.Min(n, d) ? 7 : 4);
        var random = new Random(options.Seed);

        // Omega is l x d (rows are the random directions); Y = X Omega^T is kept column-wise (l x n).
        var omega = new double[l * d];
        for (var i = 0; i < omega.Length; i++)
        {
            omega[i] = Gaussian(random);
        }

        var q = new double[l * n];
        MultiplyRows(x, n, d, omega, l, q);
        Orthonormalize(q, l, n);
        var z = new double[l * d];
        for (var it = 0; it < iterations; it++)
        {
            MultiplyTransposed(x, n, d, q, l, z);
            Orthonormalize(z, l, d);
            MultiplyRows(x, n, d, z, l, q);
            Orthonormalize(q, l, n);
        }

        // B = Q^T X (l x d); its SVD gives the right singular vectors of X.
        MultiplyTransposed(x, n, d, q, l, z);
        var bm = Matrix<double>.Build.Dense(l, d, (r, c) => z[(r * d) + c]);
        var svd = bm.Svd(computeVectors: true);
        var components = new double[k * d];
        var variance = new double[k];
        for (var c = 0; c < k; c++)
        {
            var s = svd.S[c];
            variance[c] = s * s / (n - 1);
            for (var j = 0; j < d; j++)
            {
                components[(c * d) + j] = svd.VT[c, j];
            }
        }

        return (components, variance);
    }

    /// <summary><c>result[c * n + i] = x_i . basis_c</c> for the l basis rows.</summary>
    private static void MultiplyRows(double[] x, int n, int d, double[] basis, int l, double[] result)
    {
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            for (var i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (var c = 0; c < l; c++)
                {
                    result[(c * n) + i] = VectorMath.Dot(row, basis.AsSpan(c * d, d));
                }
            }
        });
    }

    /// <summary><c>result[c * d + j] = sum_i q[c * n + i] x[i, j]</c>, that is (X^T Q)^T.</summary>
    private static void MultiplyTransposed(double[] x, int n, int d, double[] q, int l, double[] result)
    {
        var partial = new double[Blocks][];
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            var acc = new double[l * d];
            for (var i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (var c = 0; c < l; c++)
                {
                    VectorMath.AddScaled(acc.AsSpan(c * d, d), q[(c * n) + i], row);
                }
            }

            partial[b] = acc;
        });
        Array.Clear(result);
        foreach (var p in partial)
        {
            VectorMath.AddScaled(result, 1, p);
        }
    }

    /// <summary>Modified Gram-Schmidt on the l rows (each of length m), run twice: one pass loses orthogonality when the rows are nearly dependent, as they are after power iterations.</summary>
    private static void Orthonormalize(double[] rows, int l, int m)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            for (var c = 0; c < l; c++)
            {
                var row = rows.AsSpan(c * m, m);
                for (var p = 0; p < c; p++)
                {
                    var prev = rows.AsSpan(p * m, m);
                    VectorMath.AddScaled(row, -VectorMath.Dot(row, prev), prev);
                }

                var norm = Math.Sqrt(VectorMath.Dot(row, row));
                if (norm > 0)
                {
                    var inv = 1 / norm;
                    for (var j = 0; j < m; j++)
                    {
                        row[j] *= inv;
                    }
                }
            }
        }
    }

    private static void FixSigns(double[] components, int d)
    {
        for (var c = 0; c < components.Length / d; c++)
        {
            var row = components.AsSpan(c * d, d);
            var best = 0;
            for (var j = 1; j < d; j++)
            {
                if (Math.Abs(row[j]) > Math.Abs(row[best]))
                {
                    best = j;
                }
            }

            if (row[best] < 0)
            {
                for (var j = 0; j < d; j++)
                {
                    row[j] = -row[j];
                }
            }
        }
    }

    internal static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
