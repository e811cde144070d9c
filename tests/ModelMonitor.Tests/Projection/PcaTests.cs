using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class PcaTests
{
    [Fact]
    public void SyntheticGenerator_MatchesTheScript()
    {
        var x = ProjectionFixtures.Synthetic5000x256;
        var expected = ProjectionFixtures.Doubles("pca_synthetic", "check_x");
        int[] rows = [0, 1, 4999];
        int[] cols = [0, 1, 255];
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                Assert.Equal(expected[(a * 3) + b], x[(rows[a] * 256) + cols[b]], 12);
            }
        }
    }

    [Theory]
    [InlineData(PcaSolver.Exact)]
    [InlineData(PcaSolver.Randomized)]
    public void Fit_Digits_MatchesScikitLearn(PcaSolver solver)
    {
        var model = Pca.Fit(ProjectionFixtures.Digits, 64, new PcaOptions { Components = 10, Solver = solver });
        var ratio = ProjectionFixtures.Doubles("pca_digits", "explained_variance_ratio");
        var variance = ProjectionFixtures.Doubles("pca_digits", "explained_variance");
        Assert.Equal(solver, model.Solver);
        for (var c = 0; c < 10; c++)
        {
            Assert.Equal(ratio[c], model.ExplainedVarianceRatio[c], 1e-6);
            // The randomized solver is an approximation: its trailing components are close, not exact.
            Assert.Equal(variance[c], model.ExplainedVariance[c], (solver == PcaSolver.Exact ? 1e-9 : 1e-5) * variance[c]);
        }
    }

    [Theory]
    [InlineData(false, "coords")]
    [InlineData(true, "coords_whitened")]
    public void Transform_Digits_EqualsScikitLearnUpToSign(bool whiten, string key)
    {
        var model = Pca.Fit(ProjectionFixtures.Digits, 64, new PcaOptions { Whiten = whiten });
        var expected = ProjectionFixtures.Doubles("pca_digits", key);
        var actual = model.Transform(ProjectionFixtures.Digits);
        Assert.True(ProjectionFixtures.MaxDifferenceUpToSign(expected, actual, 2) < 1e-6);
        var single = model.Transform(ProjectionFixtures.DigitsSingle);
        Assert.True(ProjectionFixtures.MaxDifferenceUpToSign(expected, [.. single.Select(v => (double)v)], 2) < 1e-4);
    }

    [Theory]
    [InlineData(PcaSolver.Exact)]
    [InlineData(PcaSolver.Randomized)]
    public void Fit_Synthetic5000x256_MatchesScikitLearn(PcaSolver solver)
    {
        var x = ProjectionFixtures.Synthetic5000x256;
        var model = Pca.Fit(x, 256, new PcaOptions { Components = 5, Solver = solver, Seed = 3 });
        var ratio = ProjectionFixtures.Doubles("pca_synthetic", "explained_variance_ratio");
        for (var c = 0; c < 5; c++)
        {
            Assert.Equal(ratio[c], model.ExplainedVarianceRatio[c], 1e-6);
        }

        var expected = ProjectionFixtures.Doubles("pca_synthetic", "coords");
        var actual = model.Transform(x.AsSpan(0, 300 * 256));
        Assert.True(ProjectionFixtures.MaxDifferenceUpToSign(expected, actual, 5) < 1e-6);
    }

    [Fact]
    public void Fit_SameSeed_IsReproducibleAndFloatInputAgrees()
    {
        var x = ProjectionFixtures.Synthetic5000x256;
        var options = new PcaOptions { Solver = PcaSolver.Randomized, Seed = 5 };
        var a = Pca.Fit(x, 256, options).Transform(x.AsSpan(0, 2560));
        var b = Pca.Fit(x, 256, options).Transform(x.AsSpan(0, 2560));
        Assert.Equal(a, b);
        var single = x.Select(v => (float)v).ToArray();
        var c = Pca.Fit(single, 256, options).Transform(x.AsSpan(0, 2560));
        Assert.True(ProjectionFixtures.MaxDifferenceUpToSign(a, c, 2) < 1e-4);
    }

    [Fact]
    public void Fit_BadInput_ThrowsNamingTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => Pca.Fit(new double[10], 3));
        Assert.Equal("vectors", e.ParamName);
        Assert.Contains("dimension mismatch", e.Message, StringComparison.Ordinal);
        var values = new double[12];
        values[7] = double.NaN;
        e = Assert.Throws<ArgumentException>(() => Pca.Fit(values, 3));
        Assert.Contains("Vector 2, component 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Pca.Fit(new double[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(new double[12], 3, new PcaOptions { Components = 4 }));
        var model = Pca.Fit(ProjectionFixtures.Digits, 64);
        e = Assert.Throws<ArgumentException>(() => model.Transform(new double[63]));
        Assert.Contains("dimension mismatch", e.Message, StringComparison.Ordinal);
    }
}
