using System.Runtime.CompilerServices;
using ModelMonitor.Statistics;

namespace ModelMonitor.Projection;

/// <summary>UMAP's stochastic gradient layout: attraction along sampled edges, repulsion from negative samples.</summary>
/// <remarks>
/// Reproducible in parallel: points are cut into <see cref="Blocks"/> fixed ranges and the edges (sorted by head)
/// with them. Within an epoch a block moves its own points at once (Gauss-Seidel, as in umap-learn), reads other
/// blocks' points from a snapshot taken at the start of the epoch, and queues its moves of other blocks' points,
/// which are added in block order when the epoch ends. No two threads ever write the same value and what a block
/// reads never depends on timing, so the layout is the same on any number of cores.
/// </remarks>
internal static class UmapLayout
{
    internal const int Blocks = 8;

    /// <summary>Below this many edges the blocks of an epoch run on one thread (same result, no barrier).</summary>
    internal const int ParallelEdgeThreshold = 100_000;

    public static void Optimize(
        float[] embedding, int n, int dim, int[] head, int[] tail, float[] weight, int epochs,
        double a, double b, double gamma, double initialAlpha, int negativeRate, int seed, bool? parallel = null)
    {
        var edges = head.Length;
        var epochsPerSample = new double[edges];
        var nextSample = new double[edges];
        var epochsPerNegative = new double[edges];
        var nextNegative = new double[edges];
        var max = 0f;
        foreach (var w in weight)
        {
            max = Math.Max(max, w);
        }

        for (var e = 0; e < edges; e++)
        {
            epochsPerSample[e] = max / weight[e];
            nextSample[e] = epochsPerSample[e];
            epochsPerNegative[e] = epochsPerSample[e] / negativeRate;
            nextNegative[e] = epochsPerNegative[e];
        }

        var nodeStart = new int[Blocks + 1];
        var edgeStart = new int[Blocks + 1];
        for (var bl = 0; bl <= Blocks; bl++)
        {
            nodeStart[bl] = (int)((long)n * bl / Blocks);
            edgeStart[bl] = LowerBound(head, nodeStart[bl]);
        }

        var snapshot = new float[embedding.Length];
        var pendingIndex = new List<int>[Blocks];
        var pendingDelta = new List<float>[Blocks];
        for (var bl = 0; bl < Blocks; bl++)
        {
            pendingIndex[bl] = [];
            pendingDelta[bl] = [];
        }

        var fa = (float)a;
        var fb = (float)b;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var alpha = (float)(initialAlpha * (1.0 - ((double)epoch / epochs)));
            Array.Copy(embedding, snapshot, embedding.Length);
            var ep = epoch;
            void RunBlock(int bl)
            {
                var lo = nodeStart[bl];
                var hi = nodeStart[bl + 1];
                var indexQueue = pendingIndex[bl];
                var deltaQueue = pendingDelta[bl];
                indexQueue.Clear();
                deltaQueue.Clear();
                var rng = new SplitMix(NeighborGraph.Hash((uint)seed, (uint)ep, (uint)bl, 0x5EEDu));
                if (dim == 2)
                {
                    var block = new PlaneBlock(embedding, snapshot, lo, hi, n, fa, fb, (float)gamma, alpha);
                    block.Run(edgeStart[bl], edgeStart[bl + 1], ep, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, ref rng, indexQueue, deltaQueue);
                    return;
                }

                Span<float> grad = stackalloc float[dim];
                for (var e = edgeStart[bl]; e < edgeStart[bl + 1]; e++)
                {
                    if (nextSample[e] > ep)
                    {
                        continue;
                    }

                    var j = head[e];
                    var k = tail[e];
                    var current = embedding.AsSpan(j * dim, dim);
                    var ownedTail = k >= lo && k < hi;
                    var other = (ownedTail ? embedding : snapshot).AsSpan(k * dim, dim);
                    var d2 = Distance2(current, other);
                    var coeff = Attraction(d2, fa, fb);
                    for (var c = 0; c < dim; c++)
                    {
                        grad[c] = Clip(coeff * (current[c] - other[c])) * alpha;
                    }

                    for (var c = 0; c < dim; c++)
                    {
                        current[c] += grad[c];
                    }

                    if (ownedTail)
                    {
                        var o = embedding.AsSpan(k * dim, dim);
                        for (var c = 0; c < dim; c++)
                        {
                            o[c] -= grad[c];
                        }
                    }
                    else
                    {
                        indexQueue.Add(k);
                        for (var c = 0; c < dim; c++)
                        {
                            deltaQueue.Add(-grad[c]);
                        }
                    }

                    nextSample[e] += epochsPerSample[e];
                    var negatives = (int)((ep - nextNegative[e]) / epochsPerNegative[e]);
                    for (var p = 0; p < negatives; p++)
                    {
                        var r = (int)(((ulong)rng.Next() * (uint)n) >> 32);
                        if (r == j)
                        {
                            continue;
                        }

                        var neg = (r >= lo && r < hi ? embedding : snapshot).AsSpan(r * dim, dim);
                        Repel(current, neg, fa, fb, (float)gamma, alpha);
                    }

                    nextNegative[e] += negatives * epochsPerNegative[e];
                }
            }

            // Blocks never see each other's work within an epoch, so running them in turn gives the same bits;
            // small graphs do, because an epoch's barrier costs more than its work.
            if (parallel ?? edges >= ParallelEdgeThreshold)
            {
                Parallel.For(0, Blocks, RunBlock);
            }
            else
            {
                for (var bl = 0; bl < Blocks; bl++)
                {
                    RunBlock(bl);
                }
            }

            for (var bl = 0; bl < Blocks; bl++)
            {
                var idx = pendingIndex[bl];
                var delta = pendingDelta[bl];
                for (var q = 0; q < idx.Count; q++)
                {
                    var o = embedding.AsSpan(idx[q] * dim, dim);
                    for (var c = 0; c < dim; c++)
                    {
                        o[c] += delta[(q * dim) + c];
                    }
                }
            }
        }
    }

    /// <summary>Moves one new point against a fixed embedding (the per-point optimisation of a transform).</summary>
    public static void OptimizePoint(
        Span<float> point, float[] fixedEmbedding, int n, int dim, ReadOnlySpan<int> neighbors, ReadOnlySpan<float> weights,
        int epochs, double a, double b, double gamma, double initialAlpha, int negativeRate, ulong seed)
    {
        var k = neighbors.Length;
        Span<double> epochsPerSample = stackalloc double[k];
        Span<double> nextSample = stackalloc double[k];
        Span<double> epochsPerNegative = stackalloc double[k];
        Span<double> nextNegative = stackalloc double[k];
        var max = 0f;
        foreach (var w in weights)
        {
            max = Math.Max(max, w);
        }

        for (var e = 0; e < k; e++)
        {
            // Edges too weak to be sampled once in the run are dropped, as umap-learn does per batch; here per point.
            epochsPerSample[e] = weights[e] >= max / epochs ? max / weights[e] : double.PositiveInfinity;
            nextSample[e] = epochsPerSample[e];
            epochsPerNegative[e] = epochsPerSample[e] / negativeRate;
            nextNegative[e] = epochsPerNegative[e];
        }

        var fa = (float)a;
        var fb = (float)b;
        var rng = new SplitMix(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var alpha = (float)(initialAlpha * (1.0 - ((double)epoch / epochs)));
            for (var e = 0; e < k; e++)
            {
                if (nextSample[e] > epoch)
                {
                    continue;
                }

                var other = fixedEmbedding.AsSpan(neighbors[e] * dim, dim);
                var d2 = Distance2(point, other);
                var coeff = Attraction(d2, fa, fb);
                for (var c = 0; c < dim; c++)
                {
                    point[c] += Clip(coeff * (point[c] - other[c])) * alpha;
                }

                nextSample[e] += epochsPerSample[e];
                var negatives = (int)((epoch - nextNegative[e]) / epochsPerNegative[e]);
                for (var p = 0; p < negatives; p++)
                {
                    var r = (int)(((ulong)rng.Next() * (uint)n) >> 32);
                    Repel(point, fixedEmbedding.AsSpan(r * dim, dim), fa, fb, (float)gamma, alpha);
                }

                nextNegative[e] += negatives * epochsPerNegative[e];
            }
        }
    }

    /// <summary>-2ab d^(2(b-1)) / (1 + a d^(2b)) with one power: d2^(b-1) = d2^b / d2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Attraction(float d2, float a, float b)
    {
        if (d2 <= 0)
        {
            return 0f;
        }

        var p = FastPow(d2, b);
        return -2f * a * b * (p / d2) / ((a * p) + 1f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Repel(Span<float> current, ReadOnlySpan<float> other, float a, float b, float gamma, float alpha)
    {
        var d2 = Distance2(current, other);
        if (d2 <= 0)
        {
            return;
        }

        var coeff = 2f * gamma * b / ((0.001f + d2) * ((a * FastPow(d2, b)) + 1f));
        for (var c = 0; c < current.Length; c++)
        {
            current[c] += Clip(coeff * (current[c] - other[c])) * alpha;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Distance2(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var s = 0f;
        for (var c = 0; c < x.Length; c++)
        {
            var t = x[c] - y[c];
            s += t * t;
        }

        return s;
    }

    /// <summary>
    /// x^p for x &gt; 0 as 2^(p log2 x) with short polynomials (relative error below 1e-4): the layout evaluates it
    /// hundreds of millions of times, and stochastic gradients do not need the last digits. Pure arithmetic, so
    /// the result is the same on every machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float FastPow(float x, float p)
    {
        var bits = BitConverter.SingleToInt32Bits(x);
        var exponent = ((bits >> 23) & 0xFF) - 127;
        var m = BitConverter.Int32BitsToSingle((bits & 0x007F_FFFF) | 0x3F80_0000);
        var t = (m - 1f) / (m + 1f);
        var t2 = t * t;
        var log2 = exponent + (t * (2.885390082f + (t2 * (0.961796694f + (t2 * (0.577078016f + (t2 * 0.412198583f)))))));
        var y = p * log2;
        if (y < -126f)
        {
            return 0f;
        }

        if (y > 127f)
        {
            return float.MaxValue;
        }

        var whole = MathF.Floor(y);
        var f = (y - whole) * 0.693147181f;
        var e = 1f + (f * (1f + (f * (0.5f + (f * (0.166666667f + (f * (0.041666667f + (f * (0.008333333f + (f * 0.001388889f)))))))))));
        return BitConverter.Int32BitsToSingle(((int)whole + 127) << 23) * e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Clip(float v) => v > 4f ? 4f : v < -4f ? -4f : v;

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// One block's epoch for 2-D layouts, the common case: the head's coordinates stay in registers through its
    /// negative samples. The same arithmetic in the same order as the general loop, so the same bits.
    /// </summary>
    private readonly struct PlaneBlock(float[] embedding, float[] snapshot, int lo, int hi, int n, float a, float b, float gamma, float alpha)
    {
        public void Run(
            int start, int end, int epoch, int[] head, int[] tail, double[] epochsPerSample, double[] nextSample,
            double[] epochsPerNegative, double[] nextNegative, ref SplitMix rng, List<int> indexQueue, List<float> deltaQueue)
        {
            for (var e = start; e < end; e++)
            {
                if (nextSample[e] > epoch)
                {
                    continue;
                }

                var j = head[e];
                var k = tail[e];
                var cx = embedding[2 * j];
                var cy = embedding[(2 * j) + 1];
                var ownedTail = k >= lo && k < hi;
                var source = ownedTail ? embedding : snapshot;
                var dx = cx - source[2 * k];
                var dy = cy - source[(2 * k) + 1];
                var coeff = Attraction((dx * dx) + (dy * dy), a, b);
                var gx = Clip(coeff * dx) * alpha;
                var gy = Clip(coeff * dy) * alpha;
                cx += gx;
                cy += gy;
                if (ownedTail)
                {
                    embedding[2 * k] -= gx;
                    embedding[(2 * k) + 1] -= gy;
                }
                else
                {
                    indexQueue.Add(k);
                    deltaQueue.Add(-gx);
                    deltaQueue.Add(-gy);
                }

                nextSample[e] += epochsPerSample[e];
                var negatives = (int)((epoch - nextNegative[e]) / epochsPerNegative[e]);
                for (var p = 0; p < negatives; p++)
                {
                    var r = (int)(((ulong)rng.Next() * (uint)n) >> 32);
                    if (r == j)
                    {
                        continue;
                    }

                    var neg = r >= lo && r < hi ? embedding : snapshot;
                    var nx = cx - neg[2 * r];
                    var ny = cy - neg[(2 * r) + 1];
                    var d2 = (nx * nx) + (ny * ny);
                    if (d2 <= 0)
                    {
                        continue;
                    }

                    var repel = 2f * gamma * b / ((0.001f + d2) * ((a * FastPow(d2, b)) + 1f));
                    cx += Clip(repel * nx) * alpha;
                    cy += Clip(repel * ny) * alpha;
                }

                embedding[2 * j] = cx;
                embedding[(2 * j) + 1] = cy;
                nextNegative[e] += negatives * epochsPerNegative[e];
            }
        }
    }
}
