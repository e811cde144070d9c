using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class EmbeddingDriftTests
{
    [Fact]
    public void Mmd2_FixtureSamples_MatchesNumpy()
    {
        var f = ProjectionFixtures.Root.GetProperty("mmd");
        var a = ProjectionFixtures.Doubles(f.GetProperty("a"));
        var b = ProjectionFixtures.Doubles(f.GetProperty("b"));
        var pooled = a.Concat(b).ToArray();
        var sigma = EmbeddingDrift.MedianBandwidth(pooled, 6);
        Assert.Equal(f.GetProperty("sigma").GetDouble(), sigma, 1e-12);
        Assert.Equal(f.GetProperty("mmd2_unbiased").GetDouble(), EmbeddingDrift.Mmd2(a, b, 6, sigma), 1e-12);

        var result = EmbeddingDrift.Test(ToSingle(a), ToSingle(b), 6, new EmbeddingDriftOptions { Permutations = 200 });
        Assert.Equal(f.GetProperty("mmd2_unbiased").GetDouble(), result.Mmd2, 1e-6);
        Assert.Equal(160, result.ReferenceCount);
        Assert.True(result.IsDrift, $"p {result.MmdPValue}");
    }

    [Fact]
    public void Test_SameDistribution_NoDriftAndPValueOnItsGrid()
    {
        var x = Gaussian(600, 16, 0, 3);
        var result = EmbeddingDrift.Test(x.AsSpan(0, 300 * 16), x.AsSpan(300 * 16), 16, new EmbeddingDriftOptions { Permutations = 199 });
        Assert.False(result.IsDrift, $"p {result.MmdPValue}");
        Assert.False(result.DomainClassifierSeparates, $"auc {result.DomainAuc} [{result.DomainAucLower}, {result.DomainAucUpper}]");
        // (b + 1) / (B + 1) is a multiple of 1 / 200.
        Assert.Equal(0, (result.MmdPValue * 200) - Math.Round(result.MmdPValue * 200), 9);
    }

    [Fact]
    public void Test_ShiftedDistribution_DriftsOnEveryMeasureAndIsSeeded()
    {
        var a = Gaussian(300, 16, 0, 4);
        var b = Gaussian(300, 16, 0.5f, 5);
        var options = new EmbeddingDriftOptions { Permutations = 99, Seed = 2 };
        var result = EmbeddingDrift.Test(a, b, 16, options);
        Assert.True(result.IsDrift);
        Assert.Equal(0.01, result.MmdPValue, 12);
        Assert.True(result.DomainClassifierSeparates, $"auc {result.DomainAuc}");
        Assert.Equal(2.0, result.CentroidEuclidean, 0.3);
        Assert.Equal(result, EmbeddingDrift.Test(a, b, 16, options));
    }

    [Fact]
    public void Test_SubsamplesToTheStatedSize()
    {
        var a = Gaussian(500, 4, 0, 6);
        var result = EmbeddingDrift.Test(a, a, 4, new EmbeddingDriftOptions { MaxSamplePerSide = 120, Permutations = 20 });
        Assert.Equal(120, result.ReferenceCount);
        Assert.Equal(120, result.ServingCount);
    }

    [Fact]
    public void Test_BadInput_ThrowsNamingTheSample()
    {
        var options = new EmbeddingDriftOptions();
        Assert.Equal("serving", Assert.Throws<ArgumentException>(() => EmbeddingDrift.Test(new float[40], new float[39], 4, options)).ParamName);
        var nan = new float[40];
        nan[5] = float.NaN;
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => EmbeddingDrift.Test(nan, new float[40], 4, options)).ParamName);
        Assert.Equal("serving", Assert.Throws<ArgumentException>(() => EmbeddingDrift.Test(new float[40], new float[8], 4, options)).ParamName);
    }

    [Fact]
    public void GroupedProjection_ShiftedClass_StandsOut()
    {
        var reference = Gaussian(400, 8, 0, 7);
        var serving = Gaussian(400, 8, 0, 8);
        var refGroups = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? "pos" : "neg").ToArray();
        var servGroups = refGroups.ToArray();
        for (var i = 1; i < 400; i += 2)
        {
            for (var j = 0; j < 8; j++)
            {
                serving[(i * 8) + j] += 1.5f;
            }
        }

        foreach (var method in new[] { ProjectionMethod.Pca, ProjectionMethod.Umap })
        {
            var result = GroupedProjection.Project(reference, refGroups, serving, servGroups, 8, new GroupedProjectionOptions { Method = method, Umap = new UmapOptions { Epochs = 100 } });
            Assert.Equal(800, result.Points.Count);
            Assert.Equal(400, result.Points.Count(p => p.IsServing));
            var neg = result.Groups.Single(g => g.Group == "neg");
            var pos = result.Groups.Single(g => g.Group == "pos");
            Assert.True(neg.CentroidShift > 3 * pos.CentroidShift, $"{neg.CentroidShift} vs {pos.CentroidShift}");
            Assert.True(neg.FarShare > pos.FarShare + 0.2, $"{neg.FarShare} vs {pos.FarShare}");
            Assert.True(neg.ProjectedCentroidShift > pos.ProjectedCentroidShift);
            Assert.Equal(1.0, pos.SpreadRatio, 0.15);
        }
    }

    [Fact]
    public void GroupedProjection_BadInput_Throws()
    {
        var x = Gaussian(40, 4, 0, 1);
        var groups = Enumerable.Repeat("a", 40).ToArray();
        Assert.Equal("servingGroups", Assert.Throws<ArgumentException>(() => GroupedProjection.Project(x, groups, x, groups[..39], 4, new GroupedProjectionOptions())).ParamName);
        Assert.Equal("serving", Assert.Throws<ArgumentException>(() => GroupedProjection.Project(x, groups, x.AsSpan(1), groups, 4, new GroupedProjectionOptions())).ParamName);
        var tiny = Gaussian(10, 4, 0, 1);
        var e = Assert.Throws<ArgumentException>(() => GroupedProjection.Project(tiny, groups[..10], tiny, groups[..10], 4, new GroupedProjectionOptions { Method = ProjectionMethod.Umap }));
        Assert.Contains("fewer points than neighbours", e.Message, StringComparison.Ordinal);
    }

    private static float[] ToSingle(double[] x) => [.. x.Select(v => (float)v)];

    private static float[] Gaussian(int n, int d, float shift, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * d];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)Pca.Gaussian(rng) + shift;
        }

        return x;
    }
}
