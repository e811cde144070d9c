using ModelMonitor.Statistics;

namespace ModelMonitor.Projection;

/// <summary>UMAP (McInnes, Healy and Melville): a seeded, reproducible, parallel embedding of vectors into a few dimensions.</summary>
/// <remarks>
/// <para>
/// Steps: k nearest neighbours (exact up to <see cref="UmapOptions.ExactNeighborsLimit"/> points, and above it while
/// n² · (d + 192) stays within about 1.6e11, which is about a second on two cores, e.g. 10 000 points of 768
/// dimensions or 25 000 of 64; NN-descent from a random-projection forest beyond); the fuzzy simplicial set (smooth kNN distances, fuzzy union); a PCA
/// initialisation scaled to [0, 10] (not umap-learn's spectral one); the stochastic gradient layout with negative
/// sampling and the a, b curve fitted from <see cref="UmapOptions.MinDist"/> and <see cref="UmapOptions.Spread"/>.
/// </para>
/// <para>
/// Every parallel step works on a fixed partition of the points and merges in a fixed order, and every random draw
/// comes from a generator seeded by (seed, step, block), so a seed gives the same embedding on any machine and core
/// count. NaN or infinite values, a buffer that is not a whole number of vectors, zero vectors under the cosine
/// metric, and fewer points than <see cref="UmapOptions.Neighbors"/> + 1 throw <see cref="ArgumentException"/>.
/// Thread-safe.
/// </para>
/// </remarks>
public static class Umap
{
    /// <summary>Fits UMAP with the default options.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <returns>The fitted model with the embedding of the n points.</returns>
    /// <exception cref="ArgumentException">Bad input (see the remarks of <see cref="Umap"/>).</exception>
    public static UmapModel Fit(ReadOnlySpan<float> vectors, int dimension) => Fit(vectors, dimension, new UmapOptions());

    /// <summary>Fits UMAP.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The fitted model with the embedding of the n points.</returns>
    /// <exception cref="ArgumentException">Bad input (see the remarks of <see cref="Umap"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static UmapModel Fit(ReadOnlySpan<float> vectors, int dimension, UmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var n = VectorInput.Rows(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, dimension, nameof(vectors));
        Validate(options);
        if (n < options.Neighbors + 1)
        {
            throw new ArgumentException(
                $"UMAP with {options.Neighbors} neighbours needs at least {options.Neighbors + 1} vectors; got {n} (fewer points than neighbours).",
                nameof(vectors));
        }

        var data = vectors.ToArray();
        if (options.Metric == UmapMetric.Cosine)
        {
            UmapModel.NormalizeRows(data, dimension, nameof(vectors));
        }

        return FitCore(data, n, dimension, options);
    }

    /// <summary>Fits UMAP on double-precision vectors (stored and computed in single precision) with the default options.</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <returns>The fitted model with the embedding of the n points.</returns>
    /// <exception cref="ArgumentException">Bad input (see the remarks of <see cref="Umap"/>).</exception>
    public static UmapModel Fit(ReadOnlySpan<double> vectors, int dimension) => Fit(vectors, dimension, new UmapOptions());

    /// <summary>Fits UMAP on double-precision vectors (stored and computed in single precision).</summary>
    /// <param name="vectors">n vectors of <paramref name="dimension"/> values each, row-major.</param>
    /// <param name="dimension">The length of one vector.</param>
    /// <param name="options">The options.</param>
    /// <returns>The fitted model with the embedding of the n points.</returns>
    /// <exception cref="ArgumentException">Bad input (see the remarks of <see cref="Umap"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static UmapModel Fit(ReadOnlySpan<double> vectors, int dimension, UmapOptions options)
    {
        VectorInput.Rows(vectors, dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, dimension, nameof(vectors));
        return Fit(UmapModel.ToSingle(vectors), dimension, options);
    }

    private static void Validate(UmapOptions options)
    {
        if (options.Neighbors < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Neighbors, "Neighbors must be at least 2.");
        }

        if (options.Components < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Components, "Components must be at least 1.");
        }

        if (!(options.Spread > 0) || !(options.MinDist >= 0) || options.MinDist > options.Spread)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Spread must be positive and MinDist in [0, Spread].");
        }

        if (options.Epochs is < 1 || options.TransformEpochs < 1 || options.NegativeSampleRate < 1 || !(options.LearningRate > 0) || !(options.RepulsionStrength >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Epochs, TransformEpochs, NegativeSampleRate and LearningRate must be positive.");
        }
    }

    /// <summary>The kNN graph UMAP builds: exact while affordable, NN-descent beyond (see the remarks of <see cref="Umap"/>).</summary>
    internal static NeighborGraph Neighbors(float[] data, int n, int d, int k, int seed) =>
        n <= UmapOptions.ExactNeighborsLimit || ExactNeighbors.WithinBudget(n, d)
            ? NeighborGraph.Exact(data, n, d, k)
            : NeighborGraph.Descent(data, n, d, k, seed, Math.Min(32, 5 + (int)Math.Round(Math.Pow(n, 0.25))), Math.Min(60, k + 1), Math.Max(5, (int)Math.Round(Math.Log2(n))), 0.001);

    private static UmapModel FitCore(float[] data, int n, int d, UmapOptions options)
    {
        var k = options.Neighbors - 1;
        var graph = Neighbors(data, n, d, k, options.Seed);
        var distances = new float[graph.SquaredDistances.Length];
        for (var i = 0; i < distances.Length; i++)
        {
            distances[i] = UmapModel.FromSquared(graph.SquaredDistances[i], options.Metric);
        }

        var (head, tail, weight) = FuzzySimplicialSet.Build(graph.Indices, distances, n, k, options.Neighbors);
        var epochs = options.Epochs ?? (n <= 10_000 ? 500 : 200);
        var (a, b) = CurveFit.FitAB(options.Spread, options.MinDist);

        // umap-learn drops edges too weak to be sampled once in the whole run.
        var max = 0f;
        foreach (var w in weight)
        {
            max = Math.Max(max, w);
        }

        var keep = 0;
        for (var e = 0; e < weight.Length; e++)
        {
            if (weight[e] >= max / epochs)
            {
                head[keep] = head[e];
                tail[keep] = tail[e];
                weight[keep] = weight[e];
                keep++;
            }
        }

        Array.Resize(ref head, keep);
        Array.Resize(ref tail, keep);
        Array.Resize(ref weight, keep);

        var embedding = Initialize(data, n, d, options);
        UmapLayout.Optimize(embedding, n, options.Components, head, tail, weight, epochs, a, b, options.RepulsionStrength, options.LearningRate, options.NegativeSampleRate, options.Seed);
        return new UmapModel(data, n, d, embedding, options, a, b);
    }

    /// <summary>PCA coordinates scaled so the largest is 10, with a little seeded noise, then each axis mapped to [0, 10] as umap-learn does before the layout.</summary>
    private static float[] Initialize(float[] data, int n, int d, UmapOptions options)
    {
        var dim = options.Components;
        var embedding = new float[n * dim];
        var pcaComponents = Math.Min(dim, Math.Min(n, d));
        var coords = Pca.Fit(data, d, new PcaOptions { Components = pcaComponents, Seed = options.Seed }).Transform(data);
        var rng = new SplitMix(NeighborGraph.Hash((uint)options.Seed, 0x1717u, 0, 0));
        var maxAbs = 0f;
        foreach (var c in coords)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(c));
        }

        var expansion = maxAbs > 0 ? 10f / maxAbs : 1f;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < dim; c++)
            {
                var v = c < pcaComponents ? coords[(i * pcaComponents) + c] * expansion : 0f;
                embedding[(i * dim) + c] = v + (float)(rng.NextGaussian() * 1e-4);
            }
        }

        for (var c = 0; c < dim; c++)
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                lo = Math.Min(lo, embedding[(i * dim) + c]);
                hi = Math.Max(hi, embedding[(i * dim) + c]);
            }

            var scale = hi > lo ? 10f / (hi - lo) : 1f;
            for (var i = 0; i < n; i++)
            {
                embedding[(i * dim) + c] = (embedding[(i * dim) + c] - lo) * scale;
            }
        }

        return embedding;
    }
}
