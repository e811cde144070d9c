using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift;

public class BinnedDistanceTests
{
    public static TheoryData<string> NumericCases => DriftFixtures.NumericCases();

    public static TheoryData<string> CategoricalCases => [.. DriftFixtures.CategoricalNames()];

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void FromReference_Quantile_MatchesNumpyEdgesAndCounts(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var bins = Binning.FromReference(reference);
        AssertEdges(c.Doubles("quantile_edges"), bins.Edges.ToArray(), name);
        Assert.Equal(c.Longs("quantile_ref_counts"), bins.Histogram(reference, out var droppedR));
        Assert.Equal(c.Longs("quantile_cur_counts"), bins.Histogram(current, out var droppedC));
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), droppedR);
        Assert.Equal(c.GetProperty("cur_nan").GetInt32(), droppedC);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void FromReference_EqualWidth_MatchesNumpyEdgesAndCounts(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var bins = Binning.FromReference(reference, BinningStrategy.EqualWidth);
        AssertEdges(c.Doubles("width_edges"), bins.Edges.ToArray(), name);
        Assert.Equal(c.Longs("width_ref_counts"), bins.Histogram(reference, out _));
        Assert.Equal(c.Longs("width_cur_counts"), bins.Histogram(current, out _));
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void OfSamples_DefaultQuantileBins_MatchScipyAndNumpy(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var expected = c.GetProperty("quantile_binned");
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var psi = BinnedDistance.PopulationStabilityIndexOfSamples(reference, current);
        Assertions.Close(expected.Double("psi"), psi.Statistic, 1e-9, $"{name} PSI");
        Assertions.Close(expected.Double("js"), BinnedDistance.JensenShannonOfSamples(reference, current, logBase: Math.E).Statistic, 1e-9, $"{name} JS base e");
        var js2 = BinnedDistance.JensenShannonOfSamples(reference, current);
        Assertions.Close(expected.Double("js_base2"), js2.Statistic, 1e-9, $"{name} JS base 2");
        Assertions.Close(expected.Double("hellinger"), BinnedDistance.HellingerOfSamples(reference, current).Statistic, 1e-9, $"{name} Hellinger");
        Assert.Equal(c.GetProperty("ref_nan").GetInt32(), psi.ReferenceDropped);
        Assert.Equal(c.GetProperty("cur_nan").GetInt32(), psi.CurrentDropped);
        Assert.Equal(DriftMethod.PopulationStabilityIndex, psi.Method);
        Assert.Equal(DriftMethod.JensenShannon, js2.Method);
        Assert.Equal(psi.Statistic >= 0.1, psi.IsDrift);
    }

    [Theory]
    [MemberData(nameof(NumericCases))]
    public void OfSamples_EqualWidthBins_MatchScipyAndNumpy(string name)
    {
        var c = DriftFixtures.Numeric(name);
        var expected = c.GetProperty("width_binned");
        var (reference, current) = DriftFixtures.SamplesOf(name);
        var bins = Binning.FromReference(reference, BinningStrategy.EqualWidth);
        var psi = BinnedDistance.PopulationStabilityIndexOfSamples(reference, current, bins);
        Assertions.Close(expected.Double("psi"), psi.Statistic, 1e-9, $"{name} PSI");
        Assertions.Close(expected.Double("js_base2"), BinnedDistance.JensenShannonOfSamples(reference, current, bins).Statistic, 1e-9, $"{name} JS");
        Assertions.Close(expected.Double("hellinger"), BinnedDistance.HellingerOfSamples(reference, current, bins).Statistic, 1e-9, $"{name} Hellinger");
        var (unseen, missing) = Coverage(c.Longs("width_ref_counts"), c.Longs("width_cur_counts"));
        Assert.Equal((unseen, missing), (psi.UnseenCategories, psi.MissingCategories));
    }

    [Theory]
    [MemberData(nameof(CategoricalCases))]
    public void Counts_FixtureCategories_MatchScipyAndNumpy(string name)
    {
        var c = DriftFixtures.Categorical(name);
        var expected = c.GetProperty("binned");
        var r = c.Longs("ref");
        var k = c.Longs("cur");
        Assertions.Close(expected.Double("psi"), BinnedDistance.PopulationStabilityIndex(r, k).Statistic, 1e-9, $"{name} PSI");
        Assertions.Close(expected.Double("js"), BinnedDistance.JensenShannon(r, k, logBase: Math.E).Statistic, 1e-9, $"{name} JS base e");
        Assertions.Close(expected.Double("js_base2"), BinnedDistance.JensenShannon(r, k).Statistic, 1e-9, $"{name} JS base 2");
        Assertions.Close(expected.Double("hellinger"), BinnedDistance.Hellinger(r, k).Statistic, 1e-9, $"{name} Hellinger");
    }

    [Fact]
    public void Counts_UnseenAndMissingCategories_AreReportedAndFinite()
    {
        long[] reference = [50, 30, 20, 0];
        long[] current = [60, 0, 30, 10];
        foreach (var result in new[]
        {
            BinnedDistance.PopulationStabilityIndex(reference, current),
            BinnedDistance.JensenShannon(reference, current),
            BinnedDistance.Hellinger(reference, current),
        })
        {
            Assert.Equal(1, result.UnseenCategories);
            Assert.Equal(1, result.MissingCategories);
            Assert.True(double.IsFinite(result.Statistic));
            Assert.True(result.IsDrift);
        }

        // PSI replaces the empty proportions by epsilon: (0.1 - 1e-4) ln(0.1 / 1e-4) for the new category.
        var psi = BinnedDistance.PopulationStabilityIndex(reference, current).Statistic;
        var expected = ((0.6 - 0.5) * Math.Log(0.6 / 0.5)) + ((1e-4 - 0.3) * Math.Log(1e-4 / 0.3)) + ((0.3 - 0.2) * Math.Log(0.3 / 0.2)) + ((0.1 - 1e-4) * Math.Log(0.1 / 1e-4));
        Assertions.Close(expected, psi, 1e-12, "PSI with epsilon");
    }

    [Fact]
    public void LInfinity_Counts_IsLargestShareChangeAndReportsCoverage()
    {
        // Shares 0.5, 0.3, 0.2, 0 against 0.6, 0, 0.3, 0.1: the second category lost 0.3.
        var result = BinnedDistance.LInfinity([50, 30, 20, 0], [60, 0, 30, 10]);
        Assertions.Close(0.3, result.Statistic, 1e-12, "L-infinity");
        Assert.Equal(DriftMethod.LInfinity, result.Method);
        Assert.Equal((1, 1), (result.UnseenCategories, result.MissingCategories));
        Assert.True(result.IsDrift);
        Assert.Equal(0.0, BinnedDistance.LInfinity([7], [3]).Statistic);
        Assert.Equal("currentCounts", Assert.Throws<ArgumentException>(() => BinnedDistance.LInfinity([1L], [1L, 2L])).ParamName);
    }

    [Fact]
    public void Distances_DisjointCategories_AreAtTheirMaximum()
    {
        Assertions.Close(1.0, BinnedDistance.JensenShannon([10, 0], [0, 5]).Statistic, 1e-12, "JS base 2");
        Assertions.Close(1.0, BinnedDistance.Hellinger([10, 0], [0, 5]).Statistic, 1e-12, "Hellinger");
        Assertions.Close(1.0, BinnedDistance.LInfinity([10, 0], [0, 5]).Statistic, 1e-12, "L-infinity");
    }

    [Fact]
    public void OfSamples_ConstantColumn_SameConstantIsZeroOtherValuesDrift()
    {
        double[] reference = [3, 3, 3, 3];
        var bins = Binning.FromReference(reference);
        Assert.Equal([3.0], bins.Edges.ToArray());
        Assert.Equal(0.0, BinnedDistance.PopulationStabilityIndexOfSamples(reference, [3, 3]).Statistic);
        Assert.Equal(0.0, BinnedDistance.HellingerOfSamples(reference, [3, 3]).Statistic);
        Assert.True(BinnedDistance.PopulationStabilityIndexOfSamples(reference, [1, 2]).IsDrift);
        Assert.True(BinnedDistance.JensenShannonOfSamples(reference, [1, 2]).IsDrift);
    }

    [Fact]
    public void Counts_SingleCategory_IsZero()
    {
        Assert.Equal(0.0, BinnedDistance.PopulationStabilityIndex([7], [3]).Statistic);
        Assert.Equal(0.0, BinnedDistance.JensenShannon([7], [3]).Statistic);
        Assert.Equal(0.0, BinnedDistance.Hellinger([7], [3]).Statistic);
    }

    [Fact]
    public void Binning_ManyTies_RemovesDuplicateEdges()
    {
        double[] reference = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2];
        var bins = Binning.FromReference(reference);
        // Quantile ranks 0.9 .. 5.4 all fall among the zeros: six equal edges become one.
        AssertEdges([0.0, 0.3, 1.0, 1.1], bins.Edges.ToArray(), "ties");
        Assert.Equal(5, bins.BinCount);
        Assert.Equal(0, bins.BinOf(-5));
        Assert.Equal(1, bins.BinOf(0));
        Assert.Equal(3, bins.BinOf(1));
        Assert.Equal(4, bins.BinOf(99));
    }

    [Fact]
    public void BinOf_LeftClosedBins_PutEdgeValuesInUpperBin()
    {
        var bins = Binning.FromEdges([1.0, 2.0]);
        Assert.Equal(0, bins.BinOf(0.999));
        Assert.Equal(1, bins.BinOf(1.0));
        Assert.Equal(1, bins.BinOf(1.999));
        Assert.Equal(2, bins.BinOf(2.0));
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => bins.BinOf(double.NaN)).ParamName);
    }

    [Fact]
    public void BadInput_ThrowsNamingParameter()
    {
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => Binning.FromEdges([1.0, 1.0])).ParamName);
        Assert.Equal("edges", Assert.Throws<ArgumentException>(() => Binning.FromEdges([double.NaN])).ParamName);
        Assert.Equal("binCount", Assert.Throws<ArgumentOutOfRangeException>(() => Binning.FromReference([1.0], binCount: 1)).ParamName);
        Assert.Equal("strategy", Assert.Throws<ArgumentOutOfRangeException>(() => Binning.FromReference([1.0], (BinningStrategy)7)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => Binning.FromReference([double.NaN])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => Binning.FromEdges([0.0]).Histogram([double.PositiveInfinity], out _)).ParamName);
        double[] some = [1, 2, 3];
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => BinnedDistance.PopulationStabilityIndexOfSamples([], some)).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => BinnedDistance.JensenShannonOfSamples(some, [double.NaN])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => BinnedDistance.HellingerOfSamples(some, [double.NegativeInfinity])).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BinnedDistance.PopulationStabilityIndex([1L], [1L], epsilon: 0)).ParamName);
        Assert.Equal("logBase", Assert.Throws<ArgumentOutOfRangeException>(() => BinnedDistance.JensenShannon([1L], [1L], logBase: 1)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => BinnedDistance.Hellinger([1L], [1L], threshold: double.NaN)).ParamName);
        Assert.Equal("currentCounts", Assert.Throws<ArgumentException>(() => BinnedDistance.Hellinger([1L, 2L], [0L, 0L])).ParamName);
    }

    private static void AssertEdges(double[] expected, double[] actual, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"{name} edge {i}: {expected[i]:R} vs {actual[i]:R}");
        }
    }

    private static (int Unseen, int Missing) Coverage(long[] reference, long[] current) =>
        (reference.Zip(current).Count(p => p.First == 0 && p.Second > 0), reference.Zip(current).Count(p => p.First > 0 && p.Second == 0));
}
