using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class ExactNeighborsTests
{
    // The kernel width travels as its name: KernelWidth is internal and cannot appear in a public test signature.
    public static TheoryData<string, bool> Kernels()
    {
        var data = new TheoryData<string, bool>();
        foreach (var width in Enum.GetNames<KernelWidth>())
        {
            data.Add(width, false);
            data.Add(width, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Compute_RaggedSizesWithDuplicates_EqualsNaiveReference(string width, bool cosine)
    {
        // 203 rows: not a multiple of the 4-point tile nor of the 64-row block; 37 columns: not a multiple of any vector width.
        var (x, n, d) = Gaussian(203, 37, seed: 11, offset: 0);
        Duplicate(x, d, from: 5, to: 100);
        Duplicate(x, d, from: 5, to: 170);
        Duplicate(x, d, from: 64, to: 65);
        const int k = 7;
        var graph = ExactNeighbors.Compute(x, n, d, k, cosine, Enum.Parse<KernelWidth>(width));
        AssertEqualsReference(graph, x, n, d, k, cosine);
    }

    [Theory]
    [InlineData(nameof(KernelWidth.Vector512))]
    [InlineData(nameof(KernelWidth.Vector256))]
    [InlineData(nameof(KernelWidth.Scalar))]
    public void Compute_FarFromOrigin_EqualsNaiveReference(string width)
    {
        // |x|² is about 1e6 times the distances here: without centring, |x|² + |y|² − 2x·y in float would be noise.
        var (x, n, d) = Gaussian(150, 20, seed: 3, offset: 1000);
        var graph = ExactNeighbors.Compute(x, n, d, 5, cosine: false, Enum.Parse<KernelWidth>(width));
        AssertEqualsReference(graph, x, n, d, 5, cosine: false);
    }

    [Fact]
    public void Compute_Gaussian768_RecallOneAgainstNaiveReference()
    {
        // The benchmark's kind of input (isotropic Gaussian, 768 dimensions) at a size the naive reference can afford.
        var (x, n, d) = Gaussian(500, 768, seed: 42, offset: 0);
        const int k = 15;
        var graph = ExactNeighbors.Compute(x, n, d, k);
        var reference = Naive(x, n, d, k, cosine: false);
        var hits = 0;
        for (var i = 0; i < n; i++)
        {
            var truth = reference[i].Select(p => p.Index).ToHashSet();
            hits += graph.Indices.AsSpan(i * k, k).ToArray().Count(truth.Contains);
        }

        Assert.Equal(n * k, hits);
    }

    [Fact]
    public void Compute_AllNeighbours_EveryOtherPointOnce()
    {
        var (x, n, d) = Gaussian(9, 3, seed: 1, offset: 0);
        var graph = ExactNeighbors.Compute(x, n, d, n - 1);
        for (var i = 0; i < n; i++)
        {
            var row = graph.Indices.AsSpan(i * (n - 1), n - 1).ToArray();
            Assert.Equal(Enumerable.Range(0, n).Where(j => j != i), row.Order());
        }

        AssertEqualsReference(graph, x, n, d, n - 1, cosine: false);
    }

    [Fact]
    public void Compute_AllPointsEqual_TiesGoToSmallerIndex()
    {
        var x = Enumerable.Repeat(0.5f, 10 * 3).ToArray();
        var graph = ExactNeighbors.Compute(x, 10, 3, 4);
        Assert.Equal([1, 2, 3, 4], graph.Indices.AsSpan(0, 4).ToArray());
        Assert.Equal([0, 1, 2, 3], graph.Indices.AsSpan(9 * 4, 4).ToArray());
        Assert.All(graph.SquaredDistances, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Compute_KernelsAgreeAndNeighborGraphExactUsesIt()
    {
        var (x, n, d) = NeighborGraphTests.Manifold(700, 48, 3, seed: 4);
        var auto = NeighborGraph.Exact(x, n, d, 10);
        foreach (var width in new[] { KernelWidth.Vector512, KernelWidth.Vector256, KernelWidth.Scalar })
        {
            var other = ExactNeighbors.Compute(x, n, d, 10, cosine: false, width);
            Assert.Equal(auto.Indices, other.Indices);
            Assert.Equal(auto.SquaredDistances, other.SquaredDistances);
        }
    }

    [Fact]
    public void Compute_CosineZeroRow_Throws()
    {
        var x = new float[4 * 2];
        x[0] = 1;
        x[2] = 1;
        x[4] = 1;
        var e = Assert.Throws<ArgumentException>(() => ExactNeighbors.Compute(x, 4, 2, 1, cosine: true));
        Assert.Contains("Vector 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithinBudget_BenchmarkSizeExactLargerNot()
    {
        Assert.True(ExactNeighbors.WithinBudget(10_000, 768));
        Assert.True(ExactNeighbors.WithinBudget(10_000, 64));
        Assert.False(ExactNeighbors.WithinBudget(50_000, 768));
    }

    [Fact]
    public void UmapNeighbors_AboveOldLimitWithinBudget_IsTheExactGraph()
    {
        // 5000 points were above UmapOptions.ExactNeighborsLimit and went to NN-descent; now the work budget covers them.
        var (x, n, d) = NeighborGraphTests.Manifold(UmapOptions.ExactNeighborsLimit + 904, 16, 6, seed: 8);
        Assert.True(ExactNeighbors.WithinBudget(n, d));
        var graph = Umap.Neighbors(x, n, d, 14, seed: 42);
        var exact = ExactNeighbors.Compute(x, n, d, 14, cosine: false, KernelWidth.Scalar);
        Assert.Equal(exact.Indices, graph.Indices);
        Assert.Equal(1.0, NeighborGraphTests.Recall(graph, x, n, d, 14, queries: 200));
    }

    private static void AssertEqualsReference(NeighborGraph graph, float[] x, int n, int d, int k, bool cosine)
    {
        var reference = Naive(x, n, d, k, cosine);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(reference[i].Select(p => p.Index), graph.Indices.AsSpan(i * k, k).ToArray());
            for (var s = 0; s < k; s++)
            {
                var expected = reference[i][s].Distance;
                Assert.InRange(graph.SquaredDistances[(i * k) + s], expected - (1e-5 * (1 + expected)), expected + (1e-5 * (1 + expected)));
            }
        }
    }

    /// <summary>Every pair in double precision, sorted by (distance, index); cosine as 2 − 2 cos, the squared distance of unit vectors.</summary>
    private static List<(double Distance, int Index)>[] Naive(float[] x, int n, int d, int k, bool cosine)
    {
        var result = new List<(double Distance, int Index)>[n];
        for (var i = 0; i < n; i++)
        {
            var all = new List<(double Distance, int Index)>();
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                double dot = 0, ni = 0, nj = 0, sq = 0;
                for (var p = 0; p < d; p++)
                {
                    double a = x[(i * d) + p], b = x[(j * d) + p];
                    dot += a * b;
                    ni += a * a;
                    nj += b * b;
                    sq += (a - b) * (a - b);
                }

                all.Add((cosine ? 2 - (2 * dot / Math.Sqrt(ni * nj)) : sq, j));
            }

            result[i] = [.. all.OrderBy(p => p.Distance).ThenBy(p => p.Index).Take(k)];
        }

        return result;
    }

    private static void Duplicate(float[] x, int d, int from, int to) => x.AsSpan(from * d, d).CopyTo(x.AsSpan(to * d, d));

    private static (float[] X, int N, int D) Gaussian(int n, int d, int seed, float offset)
    {
        var rng = new Random(seed);
        var x = new float[n * d];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = offset + (float)Pca.Gaussian(rng);
        }

        return (x, n, d);
    }
}
