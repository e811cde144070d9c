namespace ModelMonitor.Projection;

/// <summary>UMAP's fuzzy graph: per-point smooth kNN distances, memberships, and their fuzzy union.</summary>
internal static class FuzzySimplicialSet
{
    private const int SearchSteps = 64;
    private const double Tolerance = 1e-5;
    private const double MinScale = 1e-3;

    /// <summary>
    /// Finds sigma with <c>sum_j exp(-max(0, d_j - rho) / sigma) = log2(neighbors)</c> by bisection, floored at
    /// 1e-3 of the mean distance, as umap-learn's <c>smooth_knn_dist</c> does.
    /// </summary>
    public static double Sigma(ReadOnlySpan<float> distances, double rho, double target, double meanFloor)
    {
        double lo = 0, hi = double.PositiveInfinity, mid = 1;
        for (var step = 0; step < SearchSteps; step++)
        {
            var psum = 0.0;
            foreach (var dj in distances)
            {
                var dd = dj - rho;
                psum += dd > 0 ? Math.Exp(-dd / mid) : 1.0;
            }

            if (Math.Abs(psum - target) < Tolerance)
            {
                break;
            }

            if (psum > target)
            {
                hi = mid;
                mid = (lo + hi) / 2;
            }
            else
            {
                lo = mid;
                mid = double.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
            }
        }

        return Math.Max(mid, MinScale * meanFloor);
    }

    /// <summary>The symmetric membership graph as edges sorted by (head, tail), both directions present.</summary>
    public static (int[] Head, int[] Tail, float[] Weight) Build(int[] indices, float[] distances, int n, int k, int neighbors)
    {
        var target = Math.Log2(neighbors);
        double globalSum = 0;
        foreach (var dj in distances)
        {
            globalSum += dj;
        }

        // umap-learn's distance rows include the point itself at distance 0; the means keep that convention.
        var globalMean = globalSum / (n * (double)(k + 1));
        var weights = new float[n * k];
        Parallel.For(0, 16, b =>
        {
            var (start, end) = VectorMath.Block(n, 16, b);
            for (var i = start; i < end; i++)
            {
                var row = distances.AsSpan(i * k, k);
                double rho = 0, sum = 0;
                foreach (var dj in row)
                {
                    sum += dj;
                    if (rho == 0 && dj > 0)
                    {
                        rho = dj;
                    }
                }

                var sigma = Sigma(row, rho, target, rho > 0 ? sum / (k + 1) : globalMean);
                for (var j = 0; j < k; j++)
                {
                    var dd = row[j] - rho;
                    weights[(i * k) + j] = dd <= 0 ? 1f : (float)Math.Exp(-dd / sigma);
                }
            }
        });

        var keys = new List<long>(n * k * 2);
        var values = new List<float>(n * k * 2);
        for (var i = 0; i < n; i++)
        {
            for (var s = 0; s < k; s++)
            {
                var j = indices[(i * k) + s];
                var wij = weights[(i * k) + s];
                var wji = 0f;
                var reverse = indices.AsSpan(j * k, k).IndexOf(i);
                if (reverse >= 0)
                {
                    wji = weights[(j * k) + reverse];
                }

                var v = wij + wji - (wij * wji);
                if (v <= 0)
                {
                    continue;
                }

                keys.Add(((long)i * n) + j);
                values.Add(v);
                if (reverse < 0)
                {
                    keys.Add(((long)j * n) + i);
                    values.Add(v);
                }
            }
        }

        var keyArray = keys.ToArray();
        var valueArray = values.ToArray();
        Array.Sort(keyArray, valueArray);
        var head = new int[keyArray.Length];
        var tail = new int[keyArray.Length];
        for (var e = 0; e < keyArray.Length; e++)
        {
            head[e] = (int)(keyArray[e] / n);
            tail[e] = (int)(keyArray[e] % n);
        }

        return (head, tail, valueArray);
    }
}
