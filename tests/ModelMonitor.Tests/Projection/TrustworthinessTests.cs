using ModelMonitor.Projection;

namespace ModelMonitor.Tests.Projection;

public class TrustworthinessTests
{
    [Fact]
    public void Compute_FixtureData_MatchesScikitLearn()
    {
        var t = ProjectionFixtures.Root.GetProperty("trustworthiness");
        var x = ProjectionFixtures.Doubles(t.GetProperty("x"));
        var y = ProjectionFixtures.Doubles(t.GetProperty("y"));
        var ks = t.GetProperty("k").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expected = ProjectionFixtures.Doubles(t.GetProperty("values"));
        for (var i = 0; i < ks.Length; i++)
        {
            Assert.Equal(expected[i], Trustworthiness.Compute(x, 12, y, 2, ks[i]), 12);
        }
    }

    [Fact]
    public void Compute_DigitsPca_MatchesScikitLearnDespiteTies()
    {
        var expected = ProjectionFixtures.Root.GetProperty("trustworthiness").GetProperty("digits_pca2_k10").GetDouble();
        var coords = Pca.Fit(ProjectionFixtures.Digits, 64).Transform(ProjectionFixtures.Digits);
        Assert.Equal(expected, Trustworthiness.Compute(ProjectionFixtures.Digits, 64, coords, 2, 10), 3);
    }

    [Fact]
    public void Compute_IdenticalSpaces_IsOne()
    {
        var x = ProjectionFixtures.Doubles(ProjectionFixtures.Root.GetProperty("trustworthiness").GetProperty("x"));
        Assert.Equal(1.0, Trustworthiness.Compute(x, 12, x, 12, 5), 12);
    }

    [Fact]
    public void Compute_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Trustworthiness.Compute(new double[20], 2, new double[18], 2, 2));
        Assert.Equal("neighbors", Assert.Throws<ArgumentOutOfRangeException>(() => Trustworthiness.Compute(new double[20], 2, new double[20], 2, 5)).ParamName);
    }
}
