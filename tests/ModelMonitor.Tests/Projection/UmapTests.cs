using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class UmapTests
{
    private static readonly Lazy<UmapModel> DigitsModel = new(() => Umap.Fit(ProjectionFixtures.DigitsSingle, 64));

    [Fact]
    public void CurveFit_MatchesScipyCurveFit()
    {
        foreach (var c in ProjectionFixtures.Root.GetProperty("umap_ab").EnumerateArray())
        {
            var (a, b) = CurveFit.FitAB(c.GetProperty("spread").GetDouble(), c.GetProperty("min_dist").GetDouble());
            Assert.Equal(c.GetProperty("a").GetDouble(), a, 1e-4 * a);
            Assert.Equal(c.GetProperty("b").GetDouble(), b, 1e-4 * b);
        }
    }

    [Fact]
    public void Fit_Digits_TrustworthinessWithinHundredthOfUmapLearn()
    {
        // umap-learn 0.5 (random_state=42) reaches 0.988 on digits (../shared/bench/README.md); PCA-2D reaches 0.830.
        var model = DigitsModel.Value;
        var t = Trustworthiness.Compute(ProjectionFixtures.DigitsSingle, 64, model.Embedding.Span, 2, 10);
        Assert.True(t >= 0.978, $"trustworthiness {t}");
    }

    [Fact]
    public void Fit_SameSeed_SameEmbedding()
    {
        var x = ProjectionFixtures.DigitsSingle.AsSpan(0, 600 * 64);
        var options = new UmapOptions { Epochs = 60 };
        var a = Umap.Fit(x, 64, options).Embedding.ToArray();
        var b = Umap.Fit(x, 64, options).Embedding.ToArray();
        Assert.Equal(a, b);
        var c = Umap.Fit(x, 64, options with { Seed = 1 }).Embedding.ToArray();
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(0.895f)]
    [InlineData(0.5f)]
    [InlineData(1.7f)]
    public void FastPow_WithinRelativeErrorOfMathPow(float b)
    {
        for (var x = 1e-6f; x < 1e4f; x *= 1.37f)
        {
            var expected = Math.Pow(x, b);
            Assert.True(Math.Abs(UmapLayout.FastPow(x, b) - expected) <= 1e-4 * expected, $"{x}^{b}");
        }
    }

    [Fact]
    public void Layout_ParallelAndSequentialBlocks_GiveTheSameBits()
    {
        var x = ProjectionFixtures.DigitsSingle.AsSpan(0, 500 * 64).ToArray();
        var graph = NeighborGraph.Exact(x, 500, 64, 14);
        var distances = graph.SquaredDistances.Select(MathF.Sqrt).ToArray();
        var (head, tail, weight) = FuzzySimplicialSet.Build(graph.Indices, distances, 500, 14, 15);
        var start = new float[1000];
        var rng = new Random(4);
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = (float)(rng.NextDouble() * 10);
        }

        var parallel = (float[])start.Clone();
        var sequential = (float[])start.Clone();
        UmapLayout.Optimize(parallel, 500, 2, head, tail, weight, 50, 1.58, 0.9, 1, 1, 5, 3, parallel: true);
        UmapLayout.Optimize(sequential, 500, 2, head, tail, weight, 50, 1.58, 0.9, 1, 1, 5, 3, parallel: false);
        Assert.Equal(sequential, parallel);
        Assert.NotEqual(start, parallel);
    }

    [Fact]
    public void Transform_PointDoesNotDependOnItsBatch()
    {
        var model = DigitsModel.Value;
        var x = ProjectionFixtures.DigitsSingle;
        var batch = model.Transform(x.AsSpan(0, 40 * 64));
        var alone = model.Transform(x.AsSpan(7 * 64, 64));
        Assert.Equal(batch.AsSpan(14, 2).ToArray(), alone);
        var shifted = model.Transform(x.AsSpan(5 * 64, 10 * 64));
        Assert.Equal(batch.AsSpan(10, 20).ToArray(), shifted);
    }

    [Fact]
    public void Transform_FittedPoints_KeepTheirNeighbourhoods()
    {
        // Trustworthiness of transformed points: they keep the neighbourhoods of the data too.
        var model = DigitsModel.Value;
        var x = ProjectionFixtures.DigitsSingle;
        var placed = model.Transform(x.AsSpan(0, 400 * 64));
        var t = Trustworthiness.Compute(x.AsSpan(0, 400 * 64), 64, placed, 2, 10);
        Assert.True(t >= 0.95, $"trustworthiness of transformed points {t}");
    }

    [Fact]
    public void Fit_Cosine_ProducesFiniteReproducibleEmbedding()
    {
        var x = ProjectionFixtures.DigitsSingle.AsSpan(0, 500 * 64);
        var options = new UmapOptions { Metric = UmapMetric.Cosine, Epochs = 100 };
        var model = Umap.Fit(x, 64, options);
        Assert.All(model.Embedding.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(model.Embedding.ToArray(), Umap.Fit(x, 64, options).Embedding.ToArray());
        var t = Trustworthiness.Compute(x, 64, model.Embedding.Span, 2, 10);
        Assert.True(t >= 0.9, $"trustworthiness {t}");
    }

    [Fact]
    public void Fit_BadInput_ThrowsClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => Umap.Fit(new float[10 * 4], 4));
        Assert.Contains("fewer points than neighbours", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Umap.Fit(new float[41], 4));
        Assert.Contains("dimension mismatch", e.Message, StringComparison.Ordinal);
        var nan = new float[40 * 4];
        nan[9] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => Umap.Fit(nan, 4));
        Assert.Contains("Vector 2, component 1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Umap.Fit(new float[40 * 4], 4, new UmapOptions { Metric = UmapMetric.Cosine }));
        Assert.Contains("all zeros", e.Message, StringComparison.Ordinal);
        var model = DigitsModel.Value;
        e = Assert.Throws<ArgumentException>(() => model.Transform(new float[65]));
        Assert.Contains("dimension mismatch", e.Message, StringComparison.Ordinal);
    }
}
