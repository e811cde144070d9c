namespace ModelMonitor.Projection;

/// <summary>
/// The k nearest neighbours of every point (itself excluded), by squared euclidean distance on the rows of a
/// flat float matrix; exact, or approximate by NN-descent started from a random-projection forest.
/// </summary>
/// <remarks>
/// Parallel work is cut into a fixed number of blocks and every shared structure is written by one owner in a
/// fixed order, so the graph depends only on the data and the seed, never on the core count or the scheduler.
/// </remarks>
internal sealed class NeighborGraph
{
    private const int Blocks = 16;

    internal NeighborGraph(int count, int k, int[] indices, float[] squaredDistances)
    {
        Count = count;
        K = k;
        Indices = indices;
        SquaredDistances = squaredDistances;
    }

    public int Count { get; }

    public int K { get; }

    /// <summary>Row i holds the neighbours of i, nearest first (k per row).</summary>
    public int[] Indices { get; }

    public float[] SquaredDistances { get; }

    /// <summary>The exact neighbours of every row (see <see cref="ExactNeighbors"/>).</summary>
    public static NeighborGraph Exact(float[] x, int n, int d, int k) => ExactNeighbors.Compute(x, n, d, k);

    /// <summary>The exact neighbours of one query among the rows of <paramref name="x"/>, nearest first.</summary>
    public static void Query(float[] x, int n, int d, ReadOnlySpan<float> query, Span<int> indices, Span<float> distances)
    {
        distances.Fill(float.PositiveInfinity);
        indices.Fill(-1);
        var k = indices.Length;
        for (var j = 0; j < n; j++)
        {
            var dj = VectorMath.SquaredDistance(query, x.AsSpan(j * d, d));
            if (dj < distances[k - 1])
            {
                InsertSorted(indices, distances, j, dj);
            }
        }
    }

    public static NeighborGraph Descent(float[] x, int n, int d, int k, int seed, int trees, int maxCandidates, int iterations, double delta)
    {
        var heaps = new NeighborHeaps(n, k);
        InitFromForest(heaps, x, n, d, k, seed, trees);
        var owner = new int[Blocks + 1];
        for (var b = 0; b <= Blocks; b++)
        {
            owner[b] = (int)((long)n * b / Blocks);
        }

        var newCandidates = new int[n * maxCandidates];
        var oldCandidates = new int[n * maxCandidates];
        var newPriority = new uint[n * maxCandidates];
        var oldPriority = new uint[n * maxCandidates];
        var newCount = new int[n];
        var oldCount = new int[n];
        var buckets = NewBuckets();
        for (var it = 0; it < iterations; it++)
        {
            BuildCandidates(heaps, n, k, maxCandidates, (uint)seed, (uint)it, newCandidates, newPriority, newCount, oldCandidates, oldPriority, oldCount);
            var thresholds = heaps.Thresholds();
            Parallel.For(0, Blocks, g =>
            {
                var (start, end) = VectorMath.Block(n, Blocks, g);
                var mine = buckets[g];
                foreach (var list in mine)
                {
                    list.Clear();
                }

                for (var u = start; u < end; u++)
                {
                    var nc = newCount[u];
                    var oc = oldCount[u];
                    var news = newCandidates.AsSpan(u * maxCandidates, nc);
                    var olds = oldCandidates.AsSpan(u * maxCandidates, oc);
                    for (var a = 0; a < nc; a++)
                    {
                        var p = news[a];
                        var xp = x.AsSpan(p * d, d);
                        for (var c = a + 1; c < nc; c++)
                        {
                            Consider(mine, owner, thresholds, x, d, p, xp, news[c]);
                        }

                        for (var c = 0; c < oc; c++)
                        {
                            Consider(mine, owner, thresholds, x, d, p, xp, olds[c]);
                        }
                    }
                }
            });
            var changes = ApplyUpdates(heaps, buckets);
            if (changes <= delta * k * n)
            {
                break;
            }
        }

        return heaps.ToGraph();
    }

    private static void Consider(List<Update>[] buckets, int[] owner, float[] thresholds, float[] x, int d, int p, ReadOnlySpan<float> xp, int q)
    {
        if (p == q)
        {
            return;
        }

        var dpq = VectorMath.SquaredDistance(xp, x.AsSpan(q * d, d));
        if (dpq < thresholds[p])
        {
            buckets[OwnerOf(owner, p)].Add(new Update(p, q, dpq));
        }

        if (dpq < thresholds[q])
        {
            buckets[OwnerOf(owner, q)].Add(new Update(q, p, dpq));
        }
    }

    private static int OwnerOf(int[] owner, int node)
    {
        var b = Array.BinarySearch(owner, node);
        return b >= 0 ? Math.Min(b, Blocks - 1) : ~b - 1;
    }

    private static List<Update>[][] NewBuckets()
    {
        var buckets = new List<Update>[Blocks][];
        for (var g = 0; g < Blocks; g++)
        {
            buckets[g] = new List<Update>[Blocks];
            for (var t = 0; t < Blocks; t++)
            {
                buckets[g][t] = [];
            }
        }

        return buckets;
    }

    private static long ApplyUpdates(NeighborHeaps heaps, List<Update>[][] buckets)
    {
        var changed = new long[Blocks];
        Parallel.For(0, Blocks, t =>
        {
            long c = 0;
            for (var g = 0; g < Blocks; g++)
            {
                foreach (var u in buckets[g][t])
                {
                    if (heaps.Push(u.Target, u.Neighbor, u.Distance, true))
                    {
                        c++;
                    }
                }
            }

            changed[t] = c;
        });
        long total = 0;
        foreach (var c in changed)
        {
            total += c;
        }

        return total;
    }

    private static void BuildCandidates(
        NeighborHeaps heaps, int n, int k, int maxCandidates, uint seed, uint iteration,
        int[] newCandidates, uint[] newPriority, int[] newCount, int[] oldCandidates, uint[] oldPriority, int[] oldCount)
    {
        // Each block fills only the candidate lists of its own nodes, scanning every edge in the same order, so
        // the lists are the same whatever runs in parallel; priorities are hashes, not a shared random stream.
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            Array.Clear(newCount, start, end - start);
            Array.Clear(oldCount, start, end - start);
            for (var i = 0; i < n; i++)
            {
                for (var s = 0; s < k; s++)
                {
                    var j = heaps.Index[(i * k) + s];
                    if (j < 0)
                    {
                        continue;
                    }

                    var isNew = heaps.IsNew[(i * k) + s];
                    var priority = Hash(seed, iteration, (uint)Math.Min(i, j), (uint)Math.Max(i, j));
                    if (i >= start && i < end)
                    {
                        AddCandidate(isNew ? newCandidates : oldCandidates, isNew ? newPriority : oldPriority, isNew ? newCount : oldCount, maxCandidates, i, j, priority);
                    }

                    if (j >= start && j < end)
                    {
                        AddCandidate(isNew ? newCandidates : oldCandidates, isNew ? newPriority : oldPriority, isNew ? newCount : oldCount, maxCandidates, j, i, priority);
                    }
                }
            }
        });

        // Marking sampled edges as old must wait until every block has read the flags.
        Parallel.For(0, Blocks, b =>
        {
            var (start, end) = VectorMath.Block(n, Blocks, b);
            for (var i = start; i < end; i++)
            {
                var cands = newCandidates.AsSpan(i * maxCandidates, newCount[i]);
                for (var s = 0; s < k; s++)
                {
                    if (heaps.IsNew[(i * k) + s] && cands.Contains(heaps.Index[(i * k) + s]))
                    {
                        heaps.IsNew[(i * k) + s] = false;
                    }
                }
            }
        });
    }

    /// <summary>Keeps the <paramref name="max"/> candidates of lowest priority (a max-heap on priority), skipping duplicates.</summary>
    private static void AddCandidate(int[] candidates, uint[] priorities, int[] counts, int max, int node, int candidate, uint priority)
    {
        var c = candidates.AsSpan(node * max, max);
        var p = priorities.AsSpan(node * max, max);
        var count = counts[node];
        if (c[..count].Contains(candidate))
        {
            return;
        }

        if (count < max)
        {
            var pos = count;
            c[pos] = candidate;
            p[pos] = priority;
            counts[node] = count + 1;
            while (pos > 0)
            {
                var parent = (pos - 1) / 2;
                if (p[parent] >= p[pos])
                {
                    break;
                }

                (p[parent], p[pos]) = (p[pos], p[parent]);
                (c[parent], c[pos]) = (c[pos], c[parent]);
                pos = parent;
            }

            return;
        }

        if (priority >= p[0])
        {
            return;
        }

        c[0] = candidate;
        p[0] = priority;
        SiftDown(p, c, max);
    }

    private static void SiftDown(Span<uint> p, Span<int> c, int count)
    {
        var pos = 0;
        while (true)
        {
            var left = (2 * pos) + 1;
            if (left >= count)
            {
                return;
            }

            var largest = left + 1 < count && p[left + 1] > p[left] ? left + 1 : left;
            if (p[largest] <= p[pos])
            {
                return;
            }

            (p[largest], p[pos]) = (p[pos], p[largest]);
            (c[largest], c[pos]) = (c[pos], c[largest]);
            pos = largest;
        }
    }

    private static void InitFromForest(NeighborHeaps heaps, float[] x, int n, int d, int k, int seed, int trees)
    {
        var leafSize = Math.Max(10, k);
        var forest = new (int[] Order, List<int> Bounds)[trees];
        Parallel.For(0, trees, t => forest[t] = RandomProjectionTree.Build(x, n, d, leafSize, unchecked((seed * 7919) + t + 1)));

        // Every pair inside a leaf is a first guess; distances are computed in parallel per tree, applied by owner.
        var owner = new int[Blocks + 1];
        for (var b = 0; b <= Blocks; b++)
        {
            owner[b] = (int)((long)n * b / Blocks);
        }

        var chunks = Math.Max(1, trees);
        var buckets = new List<Update>[chunks][];
        Parallel.For(0, chunks, t =>
        {
            var mine = new List<Update>[Blocks];
            for (var b = 0; b < Blocks; b++)
            {
                mine[b] = [];
            }

            var (order, bounds) = forest[t];
            for (var leaf = 0; leaf + 1 < bounds.Count; leaf++)
            {
                for (var a = bounds[leaf]; a < bounds[leaf + 1]; a++)
                {
                    var p = order[a];
                    var xp = x.AsSpan(p * d, d);
                    for (var c = a + 1; c < bounds[leaf + 1]; c++)
                    {
                        var q = order[c];
                        var dpq = VectorMath.SquaredDistance(xp, x.AsSpan(q * d, d));
                        mine[OwnerOf(owner, p)].Add(new Update(p, q, dpq));
                        mine[OwnerOf(owner, q)].Add(new Update(q, p, dpq));
                    }
                }
            }

            buckets[t] = mine;
        });
        Parallel.For(0, Blocks, b =>
        {
            foreach (var tree in buckets)
            {
                foreach (var u in tree[b])
                {
                    heaps.Push(u.Target, u.Neighbor, u.Distance, true);
                }
            }

            // A node left short (tiny leaves) gets random fill so every heap is full.
            var (start, end) = VectorMath.Block(n, Blocks, b);
            for (var i = start; i < end; i++)
            {
                var attempt = 0u;
                while (heaps.Index[(i * k) + 0] < 0 && attempt < 10 * (uint)k)
                {
                    var j = (int)(Hash((uint)seed, 0xFFFF_FFFFu, (uint)i, attempt++) % (uint)n);
                    if (j != i)
                    {
                        heaps.Push(i, j, VectorMath.SquaredDistance(x.AsSpan(i * d, d), x.AsSpan(j * d, d)), true);
                    }
                }
            }
        });
    }

    internal static uint Hash(uint a, uint b, uint c, uint e)
    {
        var z = ((ulong)a << 32) ^ b;
        z += 0x9E3779B97F4A7C15UL * ((((ulong)c) << 32) | e);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (uint)(z >> 32);
    }

    internal static void InsertSorted(Span<int> indices, Span<float> distances, int j, float dj)
    {
        var pos = indices.Length - 1;
        while (pos > 0 && distances[pos - 1] > dj)
        {
            distances[pos] = distances[pos - 1];
            indices[pos] = indices[pos - 1];
            pos--;
        }

        distances[pos] = dj;
        indices[pos] = j;
    }

    private readonly record struct Update(int Target, int Neighbor, float Distance);

    /// <summary>Per-node bounded max-heaps of neighbours (root = farthest kept).</summary>
    private sealed class NeighborHeaps
    {
        private readonly int _k;

        public NeighborHeaps(int n, int k)
        {
            _k = k;
            Index = new int[n * k];
            Distance = new float[n * k];
            IsNew = new bool[n * k];
            Array.Fill(Index, -1);
            Array.Fill(Distance, float.PositiveInfinity);
        }

        public int[] Index { get; }

        public float[] Distance { get; }

        public bool[] IsNew { get; }

        public float[] Thresholds()
        {
            var n = Index.Length / _k;
            var t = new float[n];
            for (var i = 0; i < n; i++)
            {
                t[i] = Distance[i * _k];
            }

            return t;
        }

        public bool Push(int node, int neighbor, float distance, bool isNew)
        {
            var o = node * _k;
            if (distance >= Distance[o])
            {
                return false;
            }

            var idx = Index.AsSpan(o, _k);
            if (idx.Contains(neighbor))
            {
                return false;
            }

            var dist = Distance.AsSpan(o, _k);
            var flags = IsNew.AsSpan(o, _k);
            var pos = 0;
            while (true)
            {
                var left = (2 * pos) + 1;
                if (left >= _k)
                {
                    break;
                }

                var largest = left + 1 < _k && dist[left + 1] > dist[left] ? left + 1 : left;
                if (dist[largest] <= distance)
                {
                    break;
                }

                dist[pos] = dist[largest];
                idx[pos] = idx[largest];
                flags[pos] = flags[largest];
                pos = largest;
            }

            dist[pos] = distance;
            idx[pos] = neighbor;
            flags[pos] = isNew;
            return true;
        }

        public NeighborGraph ToGraph()
        {
            var n = Index.Length / _k;
            var indices = new int[n * _k];
            var distances = new float[n * _k];
            Parallel.For(0, Blocks, b =>
            {
                var (start, end) = VectorMath.Block(n, Blocks, b);
                for (var i = start; i < end; i++)
                {
                    var idx = indices.AsSpan(i * _k, _k);
                    var dist = distances.AsSpan(i * _k, _k);
                    Index.AsSpan(i * _k, _k).CopyTo(idx);
                    Distance.AsSpan(i * _k, _k).CopyTo(dist);
                    dist.Sort(idx);
                }
            });
            return new NeighborGraph(n, _k, indices, distances);
        }
    }
}
