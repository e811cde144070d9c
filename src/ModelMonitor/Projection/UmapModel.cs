namespace ModelMonitor.Projection;

/// <summary>A fitted UMAP: the embedding of the fitted points, and a per-point <see cref="Transform(ReadOnlySpan{float})"/> for new ones.</summary>
/// <remarks>
/// <para>
/// <see cref="Transform(ReadOnlySpan{float})"/> places each new point on its own: its
/// <see cref="UmapOptions.Neighbors"/> exact nearest fitted points, its own smooth kNN scale, a start at the
/// membership-weighted mean of their embedded positions, then <see cref="UmapOptions.TransformEpochs"/> epochs of
/// attraction to those neighbours and repulsion from fitted points drawn by a generator seeded from the model's seed
/// and the point's own values. The fitted embedding never moves. So a point's coordinates depend only on the model
/// and the point, not on the batch it arrives in, its position in the batch, or the core count (umap-learn's
/// transform normalises weights, picks the epoch count and draws negative samples per batch).
/// </para>
/// <para>
/// The model keeps the fitted vectors (O(n d) memory) for the neighbour search, which is exact: O(n d) per new
/// point. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class UmapModel
{
    private readonly float[] _data;
    private readonly float[] _embedding;

    internal UmapModel(float[] data, int count, int dimension, float[] embedding, UmapOptions options, double a, double b)
    {
        _data = data;
        _embedding = embedding;
        Count = count;
        Dimension = dimension;
        Options = options;
        A = a;
        B = b;
    }

    /// <summary>The number of fitted points.</summary>
    public int Count { get; }

    /// <summary>The length of the input vectors.</summary>
    public int Dimension { get; }

    /// <summary>The dimension of the embedding.</summary>
    public int Components => Options.Components;

    /// <summary>The options the model was fitted with.</summary>
    public UmapOptions Options { get; }

    /// <summary>The fitted a of the similarity curve <c>1 / (1 + a d^(2b))</c>.</summary>
    public double A { get; }

    /// <summary>The fitted b of the similarity curve <c>1 / (1 + a d^(2b))</c>.</summary>
    public double B { get; }

    /// <summary>The embedding of the fitted points, <see cref="Components"/> values per point, row-major.</summary>
    public ReadOnlyMemory<float> Embedding => _embedding;

    /// <summary>Places new points onto the fitted embedding, each independently of the others.</summary>
    /// <param name="vectors">Vectors of <see cref="Dimension"/> values each, row-major.</param>
    /// <returns>Their coordinates, <see cref="Components"/> per vector, row-major.</returns>
    /// <exception cref="ArgumentException">A dimension mismatch, a NaN or infinite value, or a zero vector under the cosine metric.</exception>
    public float[] Transform(ReadOnlySpan<float> vectors)
    {
        var m = VectorInput.Rows(vectors, Dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, Dimension, nameof(vectors));
        var queries = vectors.ToArray();
        if (Options.Metric == UmapMetric.Cosine)
        {
            NormalizeRows(queries, Dimension, nameof(vectors));
        }

        var dim = Components;
        var result = new float[m * dim];
        var k = Math.Min(Options.Neighbors, Count);
        var target = Math.Log2(Options.Neighbors);
        Parallel.For(0, 16, block =>
        {
            var (start, end) = VectorMath.Block(m, 16, block);
            var idx = new int[k];
            var dist = new float[k];
            var weights = new float[k];
            for (var i = start; i < end; i++)
            {
                var q = queries.AsSpan(i * Dimension, Dimension);
                NeighborGraph.Query(_data, Count, Dimension, q, idx, dist);
                double sum = 0;
                for (var j = 0; j < k; j++)
                {
                    dist[j] = FromSquared(dist[j], Options.Metric);
                    sum += dist[j];
                }

                // The point is not among the fitted ones, so, as in umap-learn's transform, no neighbour is at
                // full membership (local connectivity 0); the scale floor uses this point's own mean distance.
                var sigma = FuzzySimplicialSet.Sigma(dist, 0, target, sum / k);
                double total = 0;
                for (var j = 0; j < k; j++)
                {
                    weights[j] = (float)Math.Exp(-dist[j] / sigma);
                    total += weights[j];
                }

                var point = result.AsSpan(i * dim, dim);
                for (var j = 0; j < k; j++)
                {
                    var w = total > 0 ? weights[j] / total : 1.0 / k;
                    for (var c = 0; c < dim; c++)
                    {
                        point[c] += (float)(w * _embedding[(idx[j] * dim) + c]);
                    }
                }

                UmapLayout.OptimizePoint(
                    point, _embedding, Count, dim, idx, weights, Options.TransformEpochs, A, B,
                    Options.RepulsionStrength, Options.LearningRate / 4, Options.NegativeSampleRate, PointSeed(q));
            }
        });
        return result;
    }

    /// <summary>Places new double-precision points onto the fitted embedding, each independently of the others.</summary>
    /// <param name="vectors">Vectors of <see cref="Dimension"/> values each, row-major.</param>
    /// <returns>Their coordinates, <see cref="Components"/> per vector, row-major.</returns>
    /// <exception cref="ArgumentException">A dimension mismatch, a NaN or infinite value, or a zero vector under the cosine metric.</exception>
    public float[] Transform(ReadOnlySpan<double> vectors)
    {
        VectorInput.Rows(vectors, Dimension, nameof(vectors));
        VectorInput.ThrowIfNotFinite(vectors, Dimension, nameof(vectors));
        return Transform(ToSingle(vectors));
    }

    internal static float FromSquared(float squared, UmapMetric metric) =>
        metric == UmapMetric.Cosine ? Math.Max(0f, squared / 2f) : MathF.Sqrt(squared);

    internal static float[] ToSingle(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    internal static void NormalizeRows(float[] data, int d, string paramName)
    {
        for (var i = 0; i < data.Length / d; i++)
        {
            var row = data.AsSpan(i * d, d);
            var norm = MathF.Sqrt(VectorMath.Dot(row, row));
            if (!(norm > 0))
            {
                throw new ArgumentException($"Vector {i} is all zeros; the cosine distance is undefined for it.", paramName);
            }

            for (var j = 0; j < d; j++)
            {
                row[j] /= norm;
            }
        }
    }

    private ulong PointSeed(ReadOnlySpan<float> point)
    {
        var h = 0xCBF29CE484222325UL ^ (ulong)(uint)Options.Seed;
        foreach (var v in point)
        {
            h = (h ^ BitConverter.SingleToUInt32Bits(v)) * 0x100000001B3UL;
        }

        return h;
    }
}
