using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class NeighborGraphTests
{
    [Fact]
    public void Descent_LowIntrinsicDimension_RecallAtLeastNinetyPercent()
    {
        var (x, n, d) = Manifold(5000, 64, 4, seed: 2);
        const int k = 15;
        var graph = NeighborGraph.Descent(x, n, d, k, seed: 42, trees: 8, maxCandidates: 15, iterations: 12, delta: 0.001);
        var recall = Recall(graph, x, n, d, k, queries: 300);
        Assert.True(recall >= 0.9, $"recall {recall}");
    }

    [Fact]
    public void Descent_SameSeed_SameGraph()
    {
        var (x, n, d) = Manifold(1500, 32, 3, seed: 5);
        var a = NeighborGraph.Descent(x, n, d, 10, 7, 4, 10, 6, 0.001);
        var b = NeighborGraph.Descent(x, n, d, 10, 7, 4, 10, 6, 0.001);
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.SquaredDistances, b.SquaredDistances);
    }

    [Fact]
    public void Exact_MatchesBruteForceQueryWithoutSelf()
    {
        var (x, n, d) = Manifold(300, 8, 3, seed: 9);
        var graph = NeighborGraph.Exact(x, n, d, 5);
        Assert.Equal(1.0, Recall(graph, x, n, d, 5, queries: n));
        for (var i = 0; i < n; i++)
        {
            Assert.DoesNotContain(i, graph.Indices.AsSpan(i * 5, 5).ToArray());
        }
    }

    internal static double Recall(NeighborGraph graph, float[] x, int n, int d, int k, int queries)
    {
        var idx = new int[k + 1];
        var dist = new float[k + 1];
        var hits = 0;
        for (var i = 0; i < queries; i++)
        {
            NeighborGraph.Query(x, n, d, x.AsSpan(i * d, d), idx, dist);
            var truth = idx.Where(j => j != i).Take(k).ToHashSet();
            hits += graph.Indices.AsSpan(i * k, k).ToArray().Count(truth.Contains);
        }

        return hits / (double)(queries * k);
    }

    /// <summary>Points on a smooth <paramref name="intrinsic"/>-dimensional surface in d dimensions: tanh of a random linear map of uniform latents.</summary>
    internal static (float[] X, int N, int D) Manifold(int n, int d, int intrinsic, int seed)
    {
        var rng = new Random(seed);
        var w = new double[intrinsic * d];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = Pca.Gaussian(rng);
        }

        var x = new float[n * d];
        var z = new double[intrinsic];
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < intrinsic; r++)
            {
                z[r] = (rng.NextDouble() * 2) - 1;
            }

            for (var j = 0; j < d; j++)
            {
                var s = 0.0;
                for (var r = 0; r < intrinsic; r++)
                {
                    s += z[r] * w[(r * d) + j];
                }

                x[(i * d) + j] = (float)Math.Tanh(s);
            }
        }

        return (x, n, d);
    }
}
