using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class CramerVonMisesTests
{
    public static TheoryData<string, PValueMode> ScipyCases()
    {
        var data = new TheoryData<string, PValueMode>();
        foreach (var name in DriftFixtures.NumericNames())
        {
            data.Add(name, PValueMode.Auto);
            data.Add(name, PValueMode.Asymptotic);
            if (DriftFixtures.Numeric(name).GetProperty("cvm").TryGetProperty("exact", out _))
            {
                data.Add(name, PValueMode.Exact);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScipyCases))]
    public void Test_FixtureSamples_MatchesScipyCramervonmises2samp(string name, PValueMode mode)
    {
        var c = DriftFixtures.Numeric(name);
        var key = mode switch
        {
            PValueMode.Exact => "exact",
            PValueMode.Asymptotic => "asymptotic",
            _ => "auto",
        };
        var expected = c.GetProperty("cvm").GetProperty(key);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var result = CramerVonMises.Test(reference, current, mode: mode);
        Assertions.Close(expected.Double("statistic"), result.Statistic, 1e-9, $"{name} T");
        DriftAssert.PValue(expected.Double("pvalue"), result.PValue!.Value, $"{name} p");
        var exact = mode == PValueMode.Exact || (mode == PValueMode.Auto && c.GetProperty("n_ref").GetInt32() <= 20 && c.GetProperty("n_cur").GetInt32() <= 20);
        Assert.Equal(exact ? PValueMethod.Exact : PValueMethod.Asymptotic, result.PValueMethod);
        Assert.Equal(DriftMethod.CramerVonMises, result.Method);
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), result.ReferenceDropped);
        Assert.Equal(c.GetProperty("cur_nan").GetInt32(), result.CurrentDropped);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 5)]
    [InlineData(4, 6)]
    public void ExactSurvival_SmallSizes_MatchesEnumerationOfAllArrangements(int n, int m)
    {
        // All arrangements of n reference and m current values; statistic U of each (no ties).
        var values = new List<double>();
        for (var mask = 0; mask < 1 << (n + m); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n)
            {
                continue;
            }

            var a = new List<double>();
            var b = new List<double>();
            for (var k = 0; k < n + m; k++)
            {
                ((mask & (1 << k)) != 0 ? a : b).Add(k);
            }

            var (sa, sb) = CramerVonMises.TwiceRankGapSquares(a.ToArray(), b.ToArray());
            values.Add(((n * (double)sa) + (m * (double)sb)) / 4);
        }

        foreach (var u in values.Distinct())
        {
            var expected = values.Count(v => v >= u - 1e-9) / (double)values.Count;
            Assertions.Close(expected, CramerVonMises.ExactSurvival(u, n, m), 1e-12, $"U = {u}");
        }
    }

    [Fact]
    public void ScaledBesselK_QuarterOrder_MatchesScipyKve()
    {
        foreach (var row in DriftFixtures.Root.GetProperty("kv_quarter").EnumerateArray())
        {
            var x = row[0].GetDouble();
            Assertions.Close(row[1].GetDouble(), CramerVonMises.ScaledBesselK(0.25, x), 1e-12, $"kve(0.25, {x})");
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(20.0)]
    public void ScaledBesselK_HalfOrder_MatchesClosedForm(double x) =>
        Assertions.Close(Math.Sqrt(Math.PI / (2 * x)), CramerVonMises.ScaledBesselK(0.5, x), 1e-12, "K_1/2");

    [Fact]
    public void Test_ConstantColumns_AreHandled()
    {
        var same = CramerVonMises.Test([4, 4, 4], [4, 4]);
        Assert.False(same.IsDrift);
        var apart = CramerVonMises.Test(Enumerable.Repeat(1.0, 30).ToArray(), Enumerable.Repeat(2.0, 30).ToArray());
        Assert.True(apart.IsDrift);
    }

    [Fact]
    public void Test_ExactRequestAboveLimit_FallsBackToAsymptotic()
    {
        var a = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var b = Enumerable.Range(0, 35).Select(i => i + 0.5).ToArray();
        Assert.Equal(PValueMethod.Asymptotic, CramerVonMises.Test(a, b, mode: PValueMode.Exact).PValueMethod);
    }

    [Fact]
    public void Test_BadInput_ThrowsNamingParameter()
    {
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => CramerVonMises.Test([1.0, double.NaN], [1.0, 2.0])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => CramerVonMises.Test([1.0, 2.0], [])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => CramerVonMises.Test([1.0, 2.0], [1.0, double.PositiveInfinity])).ParamName);
        Assert.Equal("significance", Assert.Throws<ArgumentOutOfRangeException>(() => CramerVonMises.Test([1.0, 2.0], [1.0, 2.0], 0)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => CramerVonMises.Test([1.0, 2.0], [1.0, 2.0], mode: (PValueMode)5)).ParamName);
    }
}
