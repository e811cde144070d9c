using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class AndersonDarlingTests
{
    public static TheoryData<string, bool> ScipyCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in DriftFixtures.NumericNames())
        {
            data.Add(name, true);
            data.Add(name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScipyCases))]
    public void Test_FixtureSamples_MatchesScipyAndersonKsamp(string name, bool midrank)
    {
        var c = DriftFixtures.Numeric(name);
        var expected = c.GetProperty(midrank ? "ad_midrank" : "ad_right");
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var result = AndersonDarling.Test(reference, current, midrank: midrank);
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} A2");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
        Assert.InRange(result.PValue!.Value, AndersonDarling.MinPValue, AndersonDarling.MaxPValue);
        Assert.Equal(PValueMethod.Interpolated, result.PValueMethod);
        Assert.Equal(DriftMethod.AndersonDarling, result.Method);
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), result.ReferenceDropped);
    }

    [Fact]
    public void PValue_OutsideTable_IsClippedToItsRange()
    {
        Assert.Equal(AndersonDarling.MaxPValue, AndersonDarling.PValue(-1.0));
        Assert.Equal(AndersonDarling.MinPValue, AndersonDarling.PValue(50.0));
        Assert.InRange(AndersonDarling.PValue(1.5), 0.05, 0.1);
    }

    [Fact]
    public void Test_FarApartSamples_FlooredPValueAndDrift()
    {
        var a = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var b = a.Select(v => v + 1000).ToArray();
        var result = AndersonDarling.Test(a, b);
        Assert.Equal(AndersonDarling.MinPValue, result.PValue);
        Assert.True(result.IsDrift);
    }

    [Fact]
    public void Test_AllValuesEqual_NoDriftWithCappedPValue()
    {
        var result = AndersonDarling.Test([2.0, 2.0, 2.0], [2.0, 2.0]);
        Assert.Equal(AndersonDarling.MaxPValue, result.PValue);
        Assert.False(result.IsDrift);
        Assert.False(double.IsNaN(result.Statistic));
    }

    [Fact]
    public void Test_BadInput_ThrowsNamingParameter()
    {
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => AndersonDarling.Test([1.0], [1.0, 2.0])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => AndersonDarling.Test([1.0, 2.0], [double.NaN, double.NaN])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => AndersonDarling.Test([1.0, 2.0], [1.0, double.NegativeInfinity])).ParamName);
        Assert.Equal("significance", Assert.Throws<ArgumentOutOfRangeException>(() => AndersonDarling.Test([1.0, 2.0], [1.0, 2.0], 2)).ParamName);
    }
}
