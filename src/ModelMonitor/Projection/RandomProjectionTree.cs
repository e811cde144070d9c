namespace ModelMonitor.Projection;

/// <summary>One random-projection tree: points split recursively by the hyperplane halfway between two random points of the node.</summary>
internal static class RandomProjectionTree
{
    /// <summary>Returns the points reordered so that each leaf is contiguous, and the leaf boundaries.</summary>
    public static (int[] Order, List<int> Bounds) Build(float[] x, int n, int d, int leafSize, int seed)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        var bounds = new List<int> { 0 };
        var normal = new float[d];
        var side = new bool[n];
        var scratch = new int[n];
        var stack = new Stack<(int Start, int End)>();
        stack.Push((0, n));
        var leaves = new List<(int Start, int End)>();
        while (stack.Count > 0)
        {
            var (start, end) = stack.Pop();
            var size = end - start;
            if (size <= leafSize)
            {
                leaves.Add((start, end));
                continue;
            }

            var a = order[start + random.Next(size)];
            var b = order[start + random.Next(size - 1)];
            if (b == a)
            {
                b = order[end - 1];
            }

            var xa = x.AsSpan(a * d, d);
            var xb = x.AsSpan(b * d, d);
            var offset = 0.0f;
            for (var j = 0; j < d; j++)
            {
                normal[j] = xa[j] - xb[j];
                offset -= normal[j] * (xa[j] + xb[j]) * 0.5f;
            }

            var left = 0;
            for (var i = start; i < end; i++)
            {
                var margin = VectorMath.Dot(normal, x.AsSpan(order[i] * d, d)) + offset;
                var goesLeft = margin == 0 ? random.Next(2) == 0 : margin > 0;
                side[i - start] = goesLeft;
                if (goesLeft)
                {
                    left++;
                }
            }

            if (left == 0 || left == size)
            {
                // Degenerate split (duplicates): halve at random so the recursion always ends.
                left = size / 2;
                for (var i = 0; i < size; i++)
                {
                    side[i] = i < left;
                }

                random.Shuffle(order.AsSpan(start, size));
            }

            var l = 0;
            var r = left;
            for (var i = 0; i < size; i++)
            {
                scratch[side[i] ? l++ : r++] = order[start + i];
            }

            scratch.AsSpan(0, size).CopyTo(order.AsSpan(start, size));
            stack.Push((start + left, end));
            stack.Push((start, start + left));
        }

        leaves.Sort((p, q) => p.Start.CompareTo(q.Start));
        foreach (var (_, end) in leaves)
        {
            bounds.Add(end);
        }

        return (order, bounds);
    }
}
