using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class DistanceTests
{
    public static TheoryData<string> AllCases => DriftFixtures.NumericCases();

    [Theory]
    [MemberData(nameof(AllCases))]
    public void WassersteinTest_FixtureSamples_MatchesScipy(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var result = Wasserstein.Test(reference, current, threshold: 0.1);
        Assertions.Close(c.Double("wasserstein"), result.Statistic, 1e-9, $"{name} W1");
        Assert.Equal(DriftMethod.Wasserstein, result.Method);
        Assert.Null(result.PValue);
        Assert.Equal(PValueMethod.None, result.PValueMethod);
        Assert.Equal(result.Statistic >= 0.1, result.IsDrift);
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), result.ReferenceDropped);
        Assert.Equal(c.GetProperty("cur_nan").GetInt32(), result.CurrentDropped);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void WassersteinNormalizedTest_FixtureSamples_MatchesScipyOverNumpyStd(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var result = Wasserstein.NormalizedTest(reference, current);
        Assertions.Close(c.Double("wasserstein") / c.Double("ref_std"), result.Statistic, 1e-9, $"{name} normalised W1");
        Assert.Equal(DriftMethod.NormalizedWasserstein, result.Method);
        Assert.Equal(Wasserstein.DefaultNormalizedThreshold, result.Threshold);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void EnergyDistanceTest_FixtureSamples_MatchesScipy(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var result = EnergyDistance.Test(reference, current);
        Assertions.Close(c.Double("energy"), result.Statistic, 1e-9, $"{name} energy");
        Assert.Equal(DriftMethod.EnergyDistance, result.Method);
        Assert.Null(result.PValue);
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), result.ReferenceDropped);
    }

    [Fact]
    public void EnergyDistance_SmallSamples_MatchesPairwiseDefinition()
    {
        double[] x = [0.5, 1.5, 1.5, 4, -2];
        double[] y = [1, 2, 2.5, 0];
        double Mean(double[] a, double[] b) => a.SelectMany(u => b.Select(v => Math.Abs(u - v))).Average();
        var expected = Math.Sqrt((2 * Mean(x, y)) - Mean(x, x) - Mean(y, y));
        Assertions.Close(expected, EnergyDistance.Test(x, y).Statistic, 1e-12, "energy");
    }

    [Fact]
    public void Wasserstein_ShiftedCopy_EqualsShift()
    {
        double[] x = [3, 1, 4, 1, 5, 9, 2, 6];
        var y = x.Select(v => v + 0.75).ToArray();
        Assertions.Close(0.75, Wasserstein.Test(x, y, 1).Statistic, 1e-12, "W1 of a shift");
        Assert.False(Wasserstein.Test(x, y, 1).IsDrift);
        Assert.True(Wasserstein.Test(x, y, 0.75).IsDrift);
    }

    [Fact]
    public void NormalizedTest_ConstantReferenceAndSameConstant_IsZero()
    {
        var result = Wasserstein.NormalizedTest([2, 2, 2], [2, 2]);
        Assert.Equal(0.0, result.Statistic);
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void NormalizedTest_ConstantReferenceAndOtherValues_IsInfiniteAndDrift()
    {
        var result = Wasserstein.NormalizedTest([2, 2, 2], [2, 3]);
        Assert.Equal(double.PositiveInfinity, result.Statistic);
        Assert.True(result.IsDrift);
    }

    [Fact]
    public void Distances_IdenticalConstantColumns_AreZero()
    {
        Assert.Equal(0.0, Wasserstein.Test([7, 7], [7, 7, 7], 0.1).Statistic);
        Assert.Equal(0.0, EnergyDistance.Test([7, 7], [7, 7, 7]).Statistic);
    }

    [Fact]
    public void Distances_MillionValuesPerSide_MatchSortedOverloads()
    {
        var rng = new Lcg(11);
        var a = new double[1_000_000];
        var b = new double[1_000_000];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.Normal();
            b[i] = rng.Normal() + 0.01;
        }

        var w = Wasserstein.Test(a, b, 0.1).Statistic;
        var e = EnergyDistance.Test(a, b).Statistic;
        Array.Sort(a);
        Array.Sort(b);
        Assert.Equal(Wasserstein.Distance(a, b), w);
        Assert.Equal(EnergyDistance.Distance(a, b), e);
        Assert.InRange(w, 0.005, 0.015);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tests_EmptyOrAllNaNSample_ThrowNamingIt(bool referenceBad)
    {
        double[] some = [1, 2, 3];
        double[] bad = [double.NaN];
        var first = referenceBad ? bad : some;
        var second = referenceBad ? some : bad;
        var expected = referenceBad ? "reference" : "current";
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => Wasserstein.Test(first, second, 0.1)).ParamName);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => Wasserstein.NormalizedTest(first, second)).ParamName);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => EnergyDistance.Test(first, second)).ParamName);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => Wasserstein.Test(referenceBad ? [] : some, referenceBad ? some : [], 0.1)).ParamName);
    }

    [Fact]
    public void Tests_InfiniteValue_ThrowNamingSample()
    {
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => Wasserstein.Test([1], [double.PositiveInfinity], 0.1)).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => EnergyDistance.Test([1], [double.NegativeInfinity])).ParamName);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Tests_BadThreshold_Throw(double threshold)
    {
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => Wasserstein.Test([1], [2], threshold)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => Wasserstein.NormalizedTest([1], [2], threshold)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => EnergyDistance.Test([1], [2], threshold)).ParamName);
    }

    [Fact]
    public void Distance_EmptySortedSample_ThrowsNamingIt()
    {
        Assert.Equal("sortedReference", Assert.Throws<ArgumentException>(() => Wasserstein.Distance([], [1.0])).ParamName);
        Assert.Equal("sortedCurrent", Assert.Throws<ArgumentException>(() => EnergyDistance.Distance([1.0], [])).ParamName);
    }
}
