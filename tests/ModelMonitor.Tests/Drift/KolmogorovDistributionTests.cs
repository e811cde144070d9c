using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class KolmogorovDistributionTests
{
    [Fact]
    public void Survival_GridOverEveryRegion_MatchesScipyKstwo()
    {
        var grid = DriftFixtures.Root.GetProperty("kstwo_sf").EnumerateArray().ToList();
        Assert.True(grid.Count > 150);
        foreach (var row in grid)
        {
            var n = row[0].GetInt64();
            var x = row[1].GetDouble();
            DriftAssert.PValue(row[2].GetDouble(), KolmogorovDistribution.Survival(n, x), $"kstwo.sf({x:R}, {n})");
        }
    }

    [Theory]
    [InlineData(30, 0.2)]
    [InlineData(200, 0.05)]
    [InlineData(1000, 0.03)]
    public void DurbinCdf_WherePelzGoodAlsoApplies_AgreesClosely(int n, double x)
    {
        // Two independent routes to the same distribution: the exact matrix and the asymptotic series.
        var durbin = KolmogorovDistribution.DurbinCdf(n, x);
        var pelzGood = KolmogorovDistribution.PelzGoodCdf(n, x);
        Assert.InRange(Math.Abs(durbin - pelzGood), 0, 1e-4);
    }
}
