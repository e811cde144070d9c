using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelMonitor.Projection;

/// <summary>The SIMD width of the exact kNN kernel; tests force each one to check the paths a machine would not take.</summary>
internal enum KernelWidth
{
    /// <summary>The widest the hardware accelerates: 512 bits with AVX-512, else 256 bits, else scalar.</summary>
    Auto,

    /// <summary><see cref="Vector512{T}"/> accumulators.</summary>
    Vector512,

    /// <summary><see cref="Vector256{T}"/> accumulators.</summary>
    Vector256,

    /// <summary>Plain float loops.</summary>
    Scalar,
}

/// <summary>
/// Exact k nearest neighbours by brute force: every pair once, through a register-blocked dot-product kernel
/// (4 × 4 points per call), ranked by <c>|x|² + |y|² − 2 x·y</c> on centred rows.
/// </summary>
/// <remarks>
/// <para>
/// Each worker keeps bounded max-heaps of k + <see cref="Margin"/> candidates for every point, so memory is
/// O(workers · n · k) plus one centred, padded copy of the data (n · d), never n × n. The heaps of all workers are
/// merged per point, and the candidates are re-ranked by the direct squared difference of the original rows, ties
/// broken by the smaller index. The dot-product form loses low bits to cancellation (about 1e-7 of
/// |x|² + |y|² after centring), so it can misorder only points whose distances agree that closely; the margin
/// keeps them in the candidate set unless more than <see cref="Margin"/> points fall inside that window of the
/// k-th distance (very tight clusters far from the overall mean).
/// </para>
/// <para>
/// Which pairs a worker sees depends on scheduling, but every pair is computed exactly once, by the same
/// kernel position whatever the core count, and the final order is a total order on (distance, index), so the
/// graph depends only on the data (and the kernel width).
/// </para>
/// </remarks>
internal static class ExactNeighbors
{
    /// <summary>
    /// Above this many units of <c>n² · (d + 192)</c> (pairs times the cost of one: d multiply-adds plus about
    /// 192 for the reduction, the rejection test and the heaps, measured at d = 64 and 768) NN-descent is chosen
    /// instead: 1.6e11 is about a second on two AVX-512 cores (10 000 points of 768 dimensions is 9.6e10;
    /// 25 000 of 64 is 1.6e11).
    /// </summary>
    public const double WorkBudget = 1.6e11;

    /// <summary>Extra candidates kept per point beyond k so that rounding in the dot-product form cannot push a true neighbour out.</summary>
    public const int Margin = 8;

    private const int Tile = 4;
    private const int BlockRows = 64;
    private const int MaxWorkers = 8;
    private const int Padding = 16;

    /// <summary>Whether an exact graph of <paramref name="n"/> points of <paramref name="d"/> dimensions fits <see cref="WorkBudget"/>.</summary>
    public static bool WithinBudget(int n, int d) => (double)n * n * (d + 192) <= WorkBudget;

    /// <summary>The k nearest neighbours of every row of <paramref name="x"/> (itself excluded), nearest first.</summary>
    /// <param name="x">n rows of d values, row-major.</param>
    /// <param name="n">The number of rows.</param>
    /// <param name="d">The length of a row.</param>
    /// <param name="k">Neighbours per row, at most n − 1.</param>
    /// <param name="cosine">Rank by cosine distance: rows are normalised once (a zero row throws), and the graph holds squared euclidean distances of the unit rows, 2 − 2 cos.</param>
    /// <param name="width">The kernel to use (tests only).</param>
    /// <returns>The graph, with squared distances.</returns>
    public static NeighborGraph Compute(float[] x, int n, int d, int k, bool cosine = false, KernelWidth width = KernelWidth.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n - 1);
        var rows = x;
        if (cosine)
        {
            rows = x.AsSpan(0, n * d).ToArray();
            UmapModel.NormalizeRows(rows, d, nameof(x));
        }

        var stride = (d + Padding - 1) / Padding * Padding;
        var padded = (n + Tile - 1) / Tile * Tile;
        var work = Centred(rows, n, d, stride, padded, centre: !cosine);
        var norms = new float[padded];
        for (var i = 0; i < n; i++)
        {
            var r = work.AsSpan(i * stride, stride);
            double s = 0;
            foreach (var v in r)
            {
                s += (double)v * v;
            }

            norms[i] = (float)s;
        }

        var kept = Math.Min(n - 1, k + Margin);
        var blocks = (n + BlockRows - 1) / BlockRows;
        var workers = Math.Max(1, Math.Min(Math.Min(Environment.ProcessorCount, MaxWorkers), blocks));
        var heaps = new Heaps[workers];
        var next = -1;
        var kernel = Resolve(width);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var heap = new Heaps(n, kept);
            int block;

            // The first blocks have the most pairs to the right of them, so taking them in order balances the tail.
            while ((block = Interlocked.Increment(ref next)) < blocks)
            {
                var start = block * BlockRows;
                Row(work, norms, n, stride, start, Math.Min(padded, start + BlockRows), padded, heap, kernel);
            }

            heaps[w] = heap;
        });
        return Merge(heaps, rows, n, d, k, kept);
    }

    private static KernelWidth Resolve(KernelWidth width) => width switch
    {
        KernelWidth.Auto when Vector512.IsHardwareAccelerated => KernelWidth.Vector512,
        KernelWidth.Auto when Vector256.IsHardwareAccelerated => KernelWidth.Vector256,
        KernelWidth.Auto => KernelWidth.Scalar,
        _ => width,
    };

    /// <summary>A copy with rows padded to a multiple of the vector width and of the tile with zeros, centred on the mean so that |x|² does not dwarf the distances.</summary>
    private static float[] Centred(float[] x, int n, int d, int stride, int padded, bool centre)
    {
        var mean = new double[d];
        if (centre)
        {
            for (var i = 0; i < n; i++)
            {
                var r = x.AsSpan(i * d, d);
                for (var j = 0; j < d; j++)
                {
                    mean[j] += r[j];
                }
            }

            for (var j = 0; j < d; j++)
            {
                mean[j] /= n;
            }
        }

        var work = new float[padded * stride];
        for (var i = 0; i < n; i++)
        {
            var r = x.AsSpan(i * d, d);
            var o = work.AsSpan(i * stride, d);
            for (var j = 0; j < d; j++)
            {
                o[j] = (float)(r[j] - mean[j]);
            }
        }

        return work;
    }

    /// <summary>All pairs (i, j) with i in [<paramref name="start"/>, <paramref name="end"/>) and j &gt; i.</summary>
    private static void Row(float[] work, float[] norms, int n, int stride, int start, int end, int padded, Heaps heap, KernelWidth kernel)
    {
        Span<float> dots = stackalloc float[Tile * Tile];

        // One column tile stays in L1 while it meets every row tile of the block, which stays in L2.
        for (var jb = start; jb < padded; jb += Tile)
        {
            for (var ib = start; ib < end && ib < jb + Tile; ib += Tile)
            {
                switch (kernel)
                {
                    case KernelWidth.Vector512:
                        Dots512(work, stride, ib, jb, dots);
                        break;
                    case KernelWidth.Vector256:
                        Dots256(work, stride, ib, jb, dots);
                        break;
                    default:
                        DotsScalar(work, stride, ib, jb, dots);
                        break;
                }

                if (jb > ib && jb + Tile <= n)
                {
                    // Nearly every pair is farther than both heaps' worst: four compares per row reject it. The
                    // thresholds only shrink, so reading them once per tile is conservative.
                    ref var dot = ref MemoryMarshal.GetReference(dots);
                    var columnNorms = Vector128.LoadUnsafe(ref norms[jb]);
                    var columnWorst = Vector128.Create(heap.Worst(jb), heap.Worst(jb + 1), heap.Worst(jb + 2), heap.Worst(jb + 3));
                    for (var r = 0; r < Tile; r++)
                    {
                        var dist = (Vector128.Create(norms[ib + r]) + columnNorms) - (Vector128.Create(2f) * Vector128.LoadUnsafe(ref dot, (nuint)(r * Tile)));
                        var near = Vector128.LessThanOrEqual(dist, columnWorst) | Vector128.LessThanOrEqual(dist, Vector128.Create(heap.Worst(ib + r)));
                        if (near != Vector128<float>.Zero)
                        {
                            Pairs(heap, norms, dots, n, ib, jb, r);
                        }
                    }

                    continue;
                }

                for (var r = 0; r < Tile && ib + r < n; r++)
                {
                    Pairs(heap, norms, dots, n, ib, jb, r);
                }
            }
        }
    }

    private static void Pairs(Heaps heap, float[] norms, Span<float> dots, int n, int ib, int jb, int r)
    {
        var i = ib + r;
        for (var c = 0; c < Tile; c++)
        {
            var j = jb + c;
            if (j <= i || j >= n)
            {
                continue;
            }

            var dist = (norms[i] + norms[j]) - (2 * dots[(r * Tile) + c]);
            heap.Push(i, j, dist);
            heap.Push(j, i, dist);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>The 16 dot products of rows ib..ib+3 with rows jb..jb+3: 16 accumulators, each loaded value used four times.</summary>
    private static void Dots512(float[] work, int stride, int ib, int jb, Span<float> dots)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(work);
        ref var a0 = ref Unsafe.Add(ref w, ib * stride);
        ref var a1 = ref Unsafe.Add(ref a0, stride);
        ref var a2 = ref Unsafe.Add(ref a1, stride);
        ref var a3 = ref Unsafe.Add(ref a2, stride);
        ref var b0 = ref Unsafe.Add(ref w, jb * stride);
        ref var b1 = ref Unsafe.Add(ref b0, stride);
        ref var b2 = ref Unsafe.Add(ref b1, stride);
        ref var b3 = ref Unsafe.Add(ref b2, stride);
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        for (nuint p = 0; p < (nuint)stride; p += 16)
        {
            var y0 = Vector512.LoadUnsafe(ref b0, p);
            var y1 = Vector512.LoadUnsafe(ref b1, p);
            var y2 = Vector512.LoadUnsafe(ref b2, p);
            var y3 = Vector512.LoadUnsafe(ref b3, p);
            var x = Vector512.LoadUnsafe(ref a0, p);
            c00 = MultiplyAdd(x, y0, c00);
            c01 = MultiplyAdd(x, y1, c01);
            c02 = MultiplyAdd(x, y2, c02);
            c03 = MultiplyAdd(x, y3, c03);
            x = Vector512.LoadUnsafe(ref a1, p);
            c10 = MultiplyAdd(x, y0, c10);
            c11 = MultiplyAdd(x, y1, c11);
            c12 = MultiplyAdd(x, y2, c12);
            c13 = MultiplyAdd(x, y3, c13);
            x = Vector512.LoadUnsafe(ref a2, p);
            c20 = MultiplyAdd(x, y0, c20);
            c21 = MultiplyAdd(x, y1, c21);
            c22 = MultiplyAdd(x, y2, c22);
            c23 = MultiplyAdd(x, y3, c23);
            x = Vector512.LoadUnsafe(ref a3, p);
            c30 = MultiplyAdd(x, y0, c30);
            c31 = MultiplyAdd(x, y1, c31);
            c32 = MultiplyAdd(x, y2, c32);
            c33 = MultiplyAdd(x, y3, c33);
        }

        ref var o = ref MemoryMarshal.GetReference(dots);
        Sum4(c00.GetLower() + c00.GetUpper(), c01.GetLower() + c01.GetUpper(), c02.GetLower() + c02.GetUpper(), c03.GetLower() + c03.GetUpper()).StoreUnsafe(ref o, 0);
        Sum4(c10.GetLower() + c10.GetUpper(), c11.GetLower() + c11.GetUpper(), c12.GetLower() + c12.GetUpper(), c13.GetLower() + c13.GetUpper()).StoreUnsafe(ref o, 4);
        Sum4(c20.GetLower() + c20.GetUpper(), c21.GetLower() + c21.GetUpper(), c22.GetLower() + c22.GetUpper(), c23.GetLower() + c23.GetUpper()).StoreUnsafe(ref o, 8);
        Sum4(c30.GetLower() + c30.GetUpper(), c31.GetLower() + c31.GetUpper(), c32.GetLower() + c32.GetUpper(), c33.GetLower() + c33.GetUpper()).StoreUnsafe(ref o, 12);
    }

    /// <summary>As <see cref="Dots512"/> with 256-bit accumulators, for machines without AVX-512.</summary>
    private static void Dots256(float[] work, int stride, int ib, int jb, Span<float> dots)
    {
        ref var w = ref MemoryMarshal.GetArrayDataReference(work);
        ref var a0 = ref Unsafe.Add(ref w, ib * stride);
        ref var a1 = ref Unsafe.Add(ref a0, stride);
        ref var a2 = ref Unsafe.Add(ref a1, stride);
        ref var a3 = ref Unsafe.Add(ref a2, stride);
        ref var b0 = ref Unsafe.Add(ref w, jb * stride);
        ref var b1 = ref Unsafe.Add(ref b0, stride);
        ref var b2 = ref Unsafe.Add(ref b1, stride);
        ref var b3 = ref Unsafe.Add(ref b2, stride);
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<float> c30 = default, c31 = default, c32 = default, c33 = default;
        for (nuint p = 0; p < (nuint)stride; p += 8)
        {
            var y0 = Vector256.LoadUnsafe(ref b0, p);
            var y1 = Vector256.LoadUnsafe(ref b1, p);
            var y2 = Vector256.LoadUnsafe(ref b2, p);
            var y3 = Vector256.LoadUnsafe(ref b3, p);
            var x = Vector256.LoadUnsafe(ref a0, p);
            c00 = MultiplyAdd(x, y0, c00);
            c01 = MultiplyAdd(x, y1, c01);
            c02 = MultiplyAdd(x, y2, c02);
            c03 = MultiplyAdd(x, y3, c03);
            x = Vector256.LoadUnsafe(ref a1, p);
            c10 = MultiplyAdd(x, y0, c10);
            c11 = MultiplyAdd(x, y1, c11);
            c12 = MultiplyAdd(x, y2, c12);
            c13 = MultiplyAdd(x, y3, c13);
            x = Vector256.LoadUnsafe(ref a2, p);
            c20 = MultiplyAdd(x, y0, c20);
            c21 = MultiplyAdd(x, y1, c21);
            c22 = MultiplyAdd(x, y2, c22);
            c23 = MultiplyAdd(x, y3, c23);
            x = Vector256.LoadUnsafe(ref a3, p);
            c30 = MultiplyAdd(x, y0, c30);
            c31 = MultiplyAdd(x, y1, c31);
            c32 = MultiplyAdd(x, y2, c32);
            c33 = MultiplyAdd(x, y3, c33);
        }

        ref var o = ref MemoryMarshal.GetReference(dots);
        Sum4(c00, c01, c02, c03).StoreUnsafe(ref o, 0);
        Sum4(c10, c11, c12, c13).StoreUnsafe(ref o, 4);
        Sum4(c20, c21, c22, c23).StoreUnsafe(ref o, 8);
        Sum4(c30, c31, c32, c33).StoreUnsafe(ref o, 12);
    }

    /// <summary>The lane sums of four vectors, as one vector of four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (Avx.IsSupported)
        {
            // hadd(hadd(a, b), hadd(c, d)) holds the four sums of each 128-bit half; the halves add up.
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            return h.GetLower() + h.GetUpper();
        }

        return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
    }

    private static void DotsScalar(float[] work, int stride, int ib, int jb, Span<float> dots)
    {
        for (var r = 0; r < Tile; r++)
        {
            var a = work.AsSpan((ib + r) * stride, stride);
            for (var c = 0; c < Tile; c++)
            {
                var b = work.AsSpan((jb + c) * stride, stride);
                var s = 0f;
                for (var p = 0; p < stride; p++)
                {
                    s += a[p] * b[p];
                }

                dots[(r * Tile) + c] = s;
            }
        }
    }

    /// <summary>Per point, the candidates of every worker re-ranked by the direct squared difference; ties go to the smaller index.</summary>
    private static NeighborGraph Merge(Heaps[] heaps, float[] rows, int n, int d, int k, int kept)
    {
        var indices = new int[n * k];
        var distances = new float[n * k];
        const int MergeBlocks = 16;
        Parallel.For(0, MergeBlocks, b =>
        {
            var (start, end) = VectorMath.Block(n, MergeBlocks, b);
            var keys = new (float Distance, int Index)[heaps.Length * kept];
            for (var i = start; i < end; i++)
            {
                var count = 0;
                var xi = rows.AsSpan(i * d, d);
                foreach (var h in heaps)
                {
                    foreach (var j in h.Index.AsSpan(i * kept, kept))
                    {
                        if (j < n)
                        {
                            keys[count++] = (VectorMath.SquaredDistance(xi, rows.AsSpan(j * d, d)), j);
                        }
                    }
                }

                var span = keys.AsSpan(0, count);
                span.Sort();
                for (var s = 0; s < k; s++)
                {
                    distances[(i * k) + s] = span[s].Distance;
                    indices[(i * k) + s] = span[s].Index;
                }
            }
        });
        return new NeighborGraph(n, k, indices, distances);
    }

    /// <summary>One bounded max-heap per point on (distance, index): the root is the worst candidate kept.</summary>
    private sealed class Heaps
    {
        private readonly int _kept;

        public Heaps(int n, int kept)
        {
            _kept = kept;
            Index = new int[n * kept];
            Distance = new float[n * kept];
            Array.Fill(Index, int.MaxValue);
            Array.Fill(Distance, float.PositiveInfinity);
        }

        public int[] Index { get; }

        public float[] Distance { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Worst(int node) => Distance[node * _kept];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(int node, int neighbor, float distance)
        {
            var o = node * _kept;
            var root = Distance[o];
            if (distance > root || (distance == root && neighbor > Index[o]))
            {
                return;
            }

            Sift(o, neighbor, distance);
        }

        private void Sift(int o, int neighbor, float distance)
        {
            var dist = Distance.AsSpan(o, _kept);
            var idx = Index.AsSpan(o, _kept);
            var pos = 0;
            while (true)
            {
                var left = (2 * pos) + 1;
                if (left >= _kept)
                {
                    break;
                }

                var right = left + 1;
                var largest = right < _kept && Worse(dist[right], idx[right], dist[left], idx[left]) ? right : left;
                if (!Worse(dist[largest], idx[largest], distance, neighbor))
                {
                    break;
                }

                dist[pos] = dist[largest];
                idx[pos] = idx[largest];
                pos = largest;
            }

            dist[pos] = distance;
            idx[pos] = neighbor;
        }

        private static bool Worse(float d1, int i1, float d2, int i2) => d1 > d2 || (d1 == d2 && i1 > i2);
    }
}
