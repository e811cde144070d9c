using MathNet.Numerics.LinearAlgebra;
using ModelMonitor.Statistics;

namespace ModelMonitor.Projection;

/// <summary>Drift tests on embedding vectors: kernel MMD with a permutation p-value, a domain classifier, centroid distances.</summary>
/// <remarks>
/// Seeded and reproducible; bounded memory through <see cref="EmbeddingDriftOptions.MaxSamplePerSide"/>. NaN or
/// infinite values, a dimension mismatch, or fewer than 2 vectors per side (and fewer than
/// <see cref="EmbeddingDriftOptions.ClassifierFolds"/> for the classifier) throw <see cref="ArgumentException"/>.
/// Thread-safe.
/// </remarks>
public static class EmbeddingDrift
{
    private const int Blocks = 16;

    /// <summary>Tests whether <paramref name="serving"/> embeddings come from the distribution of <paramref name="reference"/>.</summary>
    /// <param name="reference">Reference vectors, row-major.</param>
    /// <param name="serving">Serving vectors, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The three measures and the decision.</returns>
    /// <exception cref="ArgumentException">Bad input (see the remarks).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static EmbeddingDriftResult Test(ReadOnlySpan<float> reference, ReadOnlySpan<float> serving, int dimension, EmbeddingDriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var m = VectorInput.Rows(reference, dimension, nameof(reference));
        var n = VectorInput.Rows(serving, dimension, nameof(serving));
        VectorInput.ThrowIfNotFinite(reference, dimension, nameof(reference));
        VectorInput.ThrowIfNotFinite(serving, dimension, nameof(serving));
        var folds = options.ClassifierFolds;
        VectorInput.ThrowIfFewerThan(Math.Max(2, folds), m, nameof(reference));
        VectorInput.ThrowIfFewerThan(Math.Max(2, folds), n, nameof(serving));
        if (options.MaxSamplePerSide < Math.Max(2, folds) || options.Permutations < 1 || folds < 2 || options.ClassifierComponents < 1 || !(options.Alpha > 0 && options.Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxSamplePerSide must be at least ClassifierFolds (and 2), Permutations at least 1, ClassifierFolds at least 2, ClassifierComponents at least 1, Alpha in (0, 1).");
        }

        var rng = new SplitMix(NeighborGraph.Hash((uint)options.Seed, 0xD81Fu, 0, 0));
        var a = Subsample(reference, m, dimension, options.MaxSamplePerSide, ref rng);
        var b = Subsample(serving, n, dimension, options.MaxSamplePerSide, ref rng);
        var sa = a.Length / dimension;
        var sb = b.Length / dimension;
        var pooled = new double[a.Length + b.Length];
        a.CopyTo(pooled, 0);
        b.CopyTo(pooled, a.Length);

        var (ce, cc) = CentroidDistances(a, b, dimension);
        var sigma = MedianBandwidth(pooled, dimension);
        var kernel = KernelMatrix(pooled, dimension, sigma);
        var observed = Mmd2Split(kernel, sa + sb, sa);
        var exceed = CountPermutationsAtLeast(kernel, sa, sb, observed, options.Permutations, options.Seed);
        var p = (exceed + 1.0) / (options.Permutations + 1.0);
        var (auc, lo, hi) = DomainClassifier(pooled, sa, sb, dimension, options);
        return new EmbeddingDriftResult(sa, sb, observed, sigma, p, options.Permutations, auc, lo, hi, ce, cc, options.Alpha);
    }

    /// <summary>The unbiased squared MMD of two samples with the RBF kernel of bandwidth <paramref name="sigma"/>.</summary>
    /// <param name="a">The first sample, row-major.</param>
    /// <param name="b">The second sample, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="sigma">The kernel bandwidth; see <see cref="MedianBandwidth"/>.</param>
    /// <returns>MMD^2 (unbiased: the within-sample diagonals are left out).</returns>
    /// <exception cref="ArgumentException">A sample has fewer than two vectors, is not a whole number of vectors, or holds NaN or infinity.</exception>
    public static double Mmd2(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int dimension, double sigma)
    {
        var m = VectorInput.Rows(a, dimension, nameof(a));
        var n = VectorInput.Rows(b, dimension, nameof(b));
        VectorInput.ThrowIfNotFinite(a, dimension, nameof(a));
        VectorInput.ThrowIfNotFinite(b, dimension, nameof(b));
        VectorInput.ThrowIfFewerThan(2, m, nameof(a));
        VectorInput.ThrowIfFewerThan(2, n, nameof(b));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var pooled = new double[a.Length + b.Length];
        a.CopyTo(pooled);
        b.CopyTo(pooled.AsSpan(a.Length));
        return Mmd2Split(KernelMatrix(pooled, dimension, sigma), m + n, m);
    }

    /// <summary>The median heuristic: the median euclidean distance over all pairs i &lt; j of the vectors.</summary>
    /// <param name="vectors">The vectors (usually both samples pooled), row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <returns>The median pairwise distance (the mean of the two middle ones for an even count of pairs).</returns>
    /// <exception cref="ArgumentException">Fewer than two vectors, not a whole number of vectors, or NaN or infinity.</exception>
    public static double MedianBandwidth(ReadOnlySpan<double> vectors, int dimension)
    {
        var n = VectorInput.Rows(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfFewerThan(2, n, nameof(vectors));
        var x = vectors.ToArray();
        var pairs = new double[(long)n * (n - 1) / 2];
        Parallel.For(0, n, i =>
        {
            var offset = ((long)i * ((2L * n) - i - 1)) / 2;
            var xi = x.AsSpan(i * dimension, dimension);
            for (var j = i + 1; j < n; j++)
            {
                pairs[offset + j - i - 1] = Math.Sqrt(VectorMath.SquaredDistance(xi, x.AsSpan(j * dimension, dimension)));
            }
        });
        Array.Sort(pairs);
        var mid = pairs.Length / 2;
        var median = pairs.Length % 2 == 1 ? pairs[mid] : (pairs[mid - 1] + pairs[mid]) / 2;
        return median > 0 ? median : 1.0;
    }

    private static double[] Subsample(ReadOnlySpan<float> x, int n, int d, int max, ref SplitMix rng)
    {
        var take = Math.Min(n, max);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var i = 0; i < take; i++)
        {
            var j = i + (int)(rng.Next() % (uint)(n - i));
            (order[i], order[j]) = (order[j], order[i]);
        }

        Array.Sort(order, 0, take);
        var result = new double[take * d];
        for (var s = 0; s < take; s++)
        {
            var row = x.Slice(order[s] * d, d);
            for (var j = 0; j < d; j++)
            {
                result[(s * d) + j] = row[j];
            }
        }

        return result;
    }

    private static (double Euclidean, double Cosine) CentroidDistances(double[] a, double[] b, int d)
    {
        var ca = new double[d];
        var cb = new double[d];
        for (var i = 0; i < a.Length / d; i++)
        {
            VectorMath.AddScaled(ca, 1.0 / (a.Length / d), a.AsSpan(i * d, d));
        }

        for (var i = 0; i < b.Length / d; i++)
        {
            VectorMath.AddScaled(cb, 1.0 / (b.Length / d), b.AsSpan(i * d, d));
        }

        var euclid = Math.Sqrt(VectorMath.SquaredDistance(ca, cb));
        var na = Math.Sqrt(VectorMath.Dot(ca, ca));
        var nb = Math.Sqrt(VectorMath.Dot(cb, cb));
        var cosine = na > 0 && nb > 0 ? 1 - (VectorMath.Dot(ca, cb) / (na * nb)) : double.NaN;
        return (euclid, cosine);
    }

    private static double[] KernelMatrix(double[] x, int d, double sigma)
    {
        var n = x.Length / d;
        var k = new double[n * n];
        var scale = -1 / (2 * sigma * sigma);
        Parallel.For(0, n, i =>
        {
            var xi = x.AsSpan(i * d, d);
            k[(i * n) + i] = 1;
            for (var j = i + 1; j < n; j++)
            {
                var v = Math.Exp(scale * VectorMath.SquaredDistance(xi, x.AsSpan(j * d, d)));
                k[(i * n) + j] = v;
                k[(j * n) + i] = v;
            }
        });
        return k;
    }

    /// <summary>
    /// Unbiased MMD^2 for the split given by <paramref name="inA"/> (1 for sample A, 0 for B), from one matrix-vector
    /// product: with <c>w = K inA</c>, the A-A sum is <c>inA . w</c>, the A-B sum <c>(1 - inA) . w</c>, and the B-B sum
    /// follows from the total. Sequential SIMD rows instead of gathered pairs: this is the permutation loop's cost.
    /// </summary>
    private static double Mmd2Masked(double[] k, int total, double kernelSum, ReadOnlySpan<double> inA, int m)
    {
        var n = total - m;
        double aa = 0, ab = 0;
        for (var p = 0; p < total; p++)
        {
            var w = VectorMath.Dot(k.AsSpan(p * total, total), inA);
            if (inA[p] != 0)
            {
                aa += w;
            }
            else
            {
                ab += w;
            }
        }

        var bb = kernelSum - aa - (2 * ab);
        return ((aa - m) / (m * (m - 1.0))) + ((bb - n) / (n * (n - 1.0))) - (2 * ab / (m * (double)n));
    }

    private static double Mmd2Split(double[] k, int total, int m)
    {
        var mask = new double[total];
        mask.AsSpan(0, m).Fill(1);
        return Mmd2Masked(k, total, Sum(k), mask, m);
    }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static int CountPermutationsAtLeast(double[] k, int m, int n, double observed, int permutations, int seed)
    {
        var total = m + n;
        var kernelSum = Sum(k);
        var counts = new int[Blocks];
        Parallel.For(0, Blocks, bl =>
        {
            var (start, end) = VectorMath.Block(permutations, Blocks, bl);
            var order = new int[total];
            var mask = new double[total];
            var c = 0;
            for (var p = start; p < end; p++)
            {
                var rng = new SplitMix(NeighborGraph.Hash((uint)seed, 0x9E37u, (uint)p, 0));
                for (var i = 0; i < total; i++)
                {
                    order[i] = i;
                }

                for (var i = total - 1; i > 0; i--)
                {
                    var j = (int)(rng.Next() % (uint)(i + 1));
                    (order[i], order[j]) = (order[j], order[i]);
                }

                Array.Clear(mask);
                for (var i = 0; i < m; i++)
                {
                    mask[order[i]] = 1;
                }

                if (Mmd2Masked(k, total, kernelSum, mask, m) >= observed - (1e-12 * Math.Abs(observed)))
                {
                    c++;
                }
            }

            counts[bl] = c;
        });
        var sum = 0;
        foreach (var c in counts)
        {
            sum += c;
        }

        return sum;
    }

    private static (double Auc, double Lower, double Upper) DomainClassifier(double[] pooled, int m, int n, int d, EmbeddingDriftOptions options)
    {
        var total = m + n;
        var components = Math.Min(options.ClassifierComponents, Math.Min(d, total - 1));
        var pca = Pca.Fit(pooled, d, new PcaOptions { Components = components, Seed = options.Seed, Whiten = true });
        var z = pca.Transform(pooled);
        var labels = new bool[total];
        for (var i = m; i < total; i++)
        {
            labels[i] = true;
        }

        // Stratified folds by a seeded shuffle of each side.
        var fold = new int[total];
        var rng = new SplitMix(NeighborGraph.Hash((uint)options.Seed, 0xF01Du, 0, 0));
        AssignFolds(fold, 0, m, options.ClassifierFolds, ref rng);
        AssignFolds(fold, m, total, options.ClassifierFolds, ref rng);
        var scores = new double[total];
        for (var f = 0; f < options.ClassifierFolds; f++)
        {
            var w = FitLogistic(z, labels, fold, f, components);
            for (var i = 0; i < total; i++)
            {
                if (fold[i] == f)
                {
                    var s = w[components];
                    for (var c = 0; c < components; c++)
                    {
                        s += w[c] * z[(i * components) + c];
                    }

                    scores[i] = s;
                }
            }
        }

        var auc = Auc(scores, labels);
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((n - 1) * (q1 - (auc * auc))) + ((m - 1) * (q2 - (auc * auc)))) / (m * (double)n);
        var se = Math.Sqrt(Math.Max(0, variance));
        return (auc, Math.Max(0, auc - (1.959963984540054 * se)), Math.Min(1, auc + (1.959963984540054 * se)));
    }

    private static void AssignFolds(int[] fold, int start, int end, int folds, ref SplitMix rng)
    {
        var count = end - start;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(rng.Next() % (uint)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        for (var i = 0; i < count; i++)
        {
            fold[start + order[i]] = i % folds;
        }
    }

    /// <summary>L2-regularised (lambda = 1) logistic regression by Newton's method on the whitened components; weights then intercept.</summary>
    private static double[] FitLogistic(double[] z, bool[] labels, int[] fold, int heldOut, int c)
    {
        var p = c + 1;
        var w = new double[p];
        var total = labels.Length;
        for (var it = 0; it < 25; it++)
        {
            var h = Matrix<double>.Build.Dense(p, p);
            var g = Vector<double>.Build.Dense(p);
            for (var i = 0; i < total; i++)
            {
                if (fold[i] == heldOut)
                {
                    continue;
                }

                var row = z.AsSpan(i * c, c);
                var s = w[c];
                for (var j = 0; j < c; j++)
                {
                    s += w[j] * row[j];
                }

                var prob = 1 / (1 + Math.Exp(-s));
                var r = prob - (labels[i] ? 1 : 0);
                var wt = prob * (1 - prob);
                for (var a = 0; a < p; a++)
                {
                    var xa = a < c ? row[a] : 1;
                    g[a] += r * xa;
                    for (var b = a; b < p; b++)
                    {
                        var xb = b < c ? row[b] : 1;
                        h[a, b] += wt * xa * xb;
                    }
                }
            }

            for (var a = 0; a < p; a++)
            {
                if (a < c)
                {
                    g[a] += w[a];
                    h[a, a] += 1;
                }

                for (var b = 0; b < a; b++)
                {
                    h[a, b] = h[b, a];
                }
            }

            var step = h.Solve(g);
            var change = 0.0;
            for (var a = 0; a < p; a++)
            {
                w[a] -= step[a];
                change = Math.Max(change, Math.Abs(step[a]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return w;
    }

    /// <summary>ROC AUC with ties counted half (the Mann-Whitney form).</summary>
    internal static double Auc(double[] scores, bool[] labels)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = (double[])scores.Clone();
        Array.Sort(keys, order);
        double rankSumPositive = 0;
        long positives = 0;
        var start = 0;
        while (start < keys.Length)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1;
            for (var i = start; i <= end; i++)
            {
                if (labels[order[i]])
                {
                    rankSumPositive += rank;
                    positives++;
                }
            }

            start = end + 1;
        }

        var negatives = keys.Length - positives;
        return (rankSumPositive - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
