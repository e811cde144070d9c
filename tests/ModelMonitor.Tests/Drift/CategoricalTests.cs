using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class CategoricalTests
{
    public static TheoryData<string> Cases => [.. DriftFixtures.CategoricalNames()];

    public static TheoryData<string> BinaryCases => [.. DriftFixtures.CategoricalNames().Where(n => n.StartsWith("binary", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoodnessOfFit_FixtureCounts_MatchesScipyChisquare(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var expected = c.GetProperty("gof");
        var result = ChiSquare.GoodnessOfFit(c.Longs("ref"), c.Longs("cur"));
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} chi2");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
        Assert.Equal(DriftMethod.ChiSquareGoodnessOfFit, result.Method);
        Assert.Equal(c.Longs("ref").Sum(), result.ReferenceCount);
        Assert.Equal(c.Longs("cur").Sum(), result.CurrentCount);
        Assert.Equal(result.PValue < 0.05, result.IsDrift);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Contingency_FixtureCounts_MatchesScipyWithoutCorrection(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var expected = c.GetProperty("contingency");
        var result = ChiSquare.Contingency(c.Longs("ref"), c.Longs("cur"));
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} chi2");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
        Assert.Equal(DriftMethod.ChiSquareContingency, result.Method);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Contingency_YatesCorrection_MatchesScipyDefault(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var expected = c.GetProperty("contingency_yates");
        var result = ChiSquare.Contingency(c.Longs("ref"), c.Longs("cur"), yatesCorrection: true);
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} chi2");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CramersV_FixtureCounts_MatchesScipyAssociation(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var result = CramersV.Test(c.Longs("ref"), c.Longs("cur"));
        Assertions.Close(c.Double("cramers_v"), result.Statistic, 1e-9, $"{name} V");
        Assert.Null(result.PValue);
        Assert.Equal(result.Statistic >= CramersV.DefaultThreshold, result.IsDrift);
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void TwoProportionZTest_FixtureCounts_MatchesPooledFormulaWithScipyNormal(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var r = c.Longs("ref");
        var k = c.Longs("cur");
        var expected = c.GetProperty("z");
        var result = TwoProportionZTest.Test(r[1], r.Sum(), k[1], k.Sum());
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} z");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
    }

    [Fact]
    public void TwoProportionZTest_SquaredStatistic_EqualsUncorrectedContingencyChiSquare()
    {
        var z = TwoProportionZTest.Test(300, 1000, 80, 200);
        var chi2 = ChiSquare.Contingency([700, 300], [120, 80]);
        Assertions.Close(chi2.Statistic, z.Statistic * z.Statistic, 1e-12, "z^2");
        Assertions.Close(chi2.PValue!.Value, z.PValue!.Value, 1e-9, "p");
    }

    [Fact]
    public void Tests_CategoryUnseenInReference_ReportedAndGoodnessOfFitInfinite()
    {
        var result = ChiSquare.GoodnessOfFit([50, 50, 0], [40, 40, 1]);
        Assert.Equal(double.PositiveInfinity, result.Statistic);
        Assert.Equal(0.0, result.PValue);
        Assert.True(result.IsDrift);
        Assert.Equal((1, 0), (result.UnseenCategories, result.MissingCategories));
        var table = ChiSquare.Contingency([50, 50, 0, 3], [40, 40, 1, 0]);
        Assert.True(double.IsFinite(table.Statistic));
        Assert.Equal((1, 1), (table.UnseenCategories, table.MissingCategories));
        Assert.Equal((1, 1), (CramersV.Test([50, 50, 0, 3], [40, 40, 1, 0]).UnseenCategories, CramersV.Test([50, 50, 0, 3], [40, 40, 1, 0]).MissingCategories));
    }

    [Fact]
    public void Tests_CategoryNeitherSampleHas_IsLeftOut()
    {
        long[] reference = [70, 0, 30];
        long[] current = [60, 0, 40];
        Assert.Equal(ChiSquare.GoodnessOfFit([70, 30], [60, 40]), ChiSquare.GoodnessOfFit(reference, current));
        Assert.Equal(ChiSquare.Contingency([70, 30], [60, 40]), ChiSquare.Contingency(reference, current));
        Assert.Equal(CramersV.Test([70, 30], [60, 40]), CramersV.Test(reference, current));
    }

    [Fact]
    public void Tests_SingleCategory_NoDriftWithPValueOne()
    {
        var gof = ChiSquare.GoodnessOfFit([10, 0], [5, 0]);
        var table = ChiSquare.Contingency([10], [5], yatesCorrection: true);
        var v = CramersV.Test([10], [5]);
        Assert.Equal((0.0, 1.0), (gof.Statistic, gof.PValue!.Value));
        Assert.Equal((0.0, 1.0), (table.Statistic, table.PValue!.Value));
        Assert.Equal(0.0, v.Statistic);
        Assert.False(gof.IsDrift || table.IsDrift || v.IsDrift);
    }

    [Fact]
    public void TwoProportionZTest_AllOneClassInBoth_NoDifference()
    {
        var result = TwoProportionZTest.Test(0, 10, 0, 20);
        Assert.Equal((0.0, 1.0), (result.Statistic, result.PValue!.Value));
        result = TwoProportionZTest.Test(10, 10, 20, 20);
        Assert.Equal((0.0, 1.0), (result.Statistic, result.PValue!.Value));
    }

    [Fact]
    public void CategoricalTests_EmptyOrMismatchedCounts_ThrowNamingParameter()
    {
        Assert.Equal("referenceCounts", Assert.Throws<ArgumentException>(() => ChiSquare.GoodnessOfFit([], [])).ParamName);
        Assert.Equal("currentCounts", Assert.Throws<ArgumentException>(() => ChiSquare.Contingency([1, 2], [1])).ParamName);
        Assert.Equal("currentCounts", Assert.Throws<ArgumentException>(() => CramersV.Test([1, 2], [0, 0])).ParamName);
        Assert.Equal("referenceCounts", Assert.Throws<ArgumentException>(() => ChiSquare.GoodnessOfFit([0, 0], [1, 2])).ParamName);
        Assert.Equal("referenceCounts", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquare.Contingency([-1, 2], [1, 2])).ParamName);
        Assert.Equal("significance", Assert.Throws<ArgumentOutOfRangeException>(() => ChiSquare.GoodnessOfFit([1, 2], [1, 2], 1.5)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => CramersV.Test([1, 2], [1, 2], -1)).ParamName);
    }

    [Theory]
    [InlineData(1, 0, 1, 5, "referenceTotal")]
    [InlineData(1, 5, 1, 0, "currentTotal")]
    [InlineData(-1, 5, 1, 5, "referencePositives")]
    [InlineData(1, 5, 6, 5, "currentPositives")]
    public void TwoProportionZTest_BadCounts_ThrowNamingParameter(long x1, long n1, long x2, long n2, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => TwoProportionZTest.Test(x1, n1, x2, n2)).ParamName);
}
