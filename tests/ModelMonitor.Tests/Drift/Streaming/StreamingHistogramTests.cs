using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift.Streaming;

public class StreamingHistogramTests
{
    internal static double[] Normal(int n, int seed, double mean = 0, double sd = 1, double nanShare = 0)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = mean + (sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
            if (nanShare > 0 && random.NextDouble() < nanShare)
            {
                values[i] = double.NaN;
            }
        }

        return values;
    }

    public static TheoryData<BinningStrategy, int, double> Cases() => new()
    {
        { BinningStrategy.Quantile, 10, 0 },
        { BinningStrategy.Quantile, 10, 0.05 },
        { BinningStrategy.Quantile, 32, 0.01 },
        { BinningStrategy.EqualWidth, 10, 0.02 },
        { BinningStrategy.EqualWidth, 3, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Comparisons_SameDataAsBatch_EqualBatchFunctionsExactly(BinningStrategy strategy, int binCount, double nanShare)
    {
        var reference = Normal(20_000, 1, nanShare: nanShare);
        var current = Normal(15_000, 2, mean: 0.2, sd: 1.3, nanShare: nanShare);
        var refHistogram = StreamingHistogram.FromReference(reference, strategy, binCount);
        var window = refHistogram.CreateEmpty();
        window.ObserveMany(current);
        var bins = Binning.FromReference(reference, strategy, binCount);

        Assert.Equal(BinnedDistance.PopulationStabilityIndexOfSamples(reference, current, bins), window.PopulationStabilityIndex(refHistogram));
        Assert.Equal(BinnedDistance.JensenShannonOfSamples(reference, current, bins), window.JensenShannon(refHistogram));
        Assert.Equal(BinnedDistance.HellingerOfSamples(reference, current, bins), window.Hellinger(refHistogram));
        var r = bins.Histogram(reference, out var droppedR);
        var c = bins.Histogram(current, out var droppedC);
        Assert.Equal(ChiSquare.GoodnessOfFit(r, c) with { ReferenceDropped = droppedR, CurrentDropped = droppedC }, window.ChiSquareGoodnessOfFit(refHistogram));
        Assert.Equal(ChiSquare.Contingency(r, c) with { ReferenceDropped = droppedR, CurrentDropped = droppedC }, window.ChiSquareContingency(refHistogram));
        Assert.Equal(c, window.Counts.ToArray());
        Assert.Equal(droppedC, window.NaNCount);
        var scalar = new StreamingHistogram(bins, vectorize: false);
        scalar.ObserveMany(current);
        Assert.Equal(c, scalar.Counts.ToArray());
    }

    [Fact]
    public void Comparisons_DefaultQuantileBins_EqualBatchDefault()
    {
        var reference = Normal(10_000, 3, nanShare: 0.01);
        var current = Normal(8_000, 4, mean: 0.5);
        var refHistogram = StreamingHistogram.FromReference(reference);
        var window = refHistogram.CreateEmpty();
        window.ObserveMany(current);

        Assert.Equal(BinnedDistance.PopulationStabilityIndexOfSamples(reference, current), window.PopulationStabilityIndex(refHistogram));
        Assert.Equal(BinnedDistance.JensenShannonOfSamples(reference, current, logBase: Math.E), window.JensenShannon(refHistogram, logBase: Math.E));
        Assert.Equal(Binning.DefaultBinCount, window.BinCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    public void Observe_ValuesOnAndAroundEdges_MatchesBinOf(int edgeCount)
    {
        var edges = new double[edgeCount];
        for (var i = 0; i < edgeCount; i++)
        {
            edges[i] = i * 0.5;
        }

        var bins = Binning.FromEdges(edges);
        var probes = new List<double> { double.NegativeInfinity, double.PositiveInfinity, double.MinValue, double.MaxValue, -0.0 };
        foreach (var e in edges)
        {
            probes.Add(e);
            probes.Add(Math.BitDecrement(e));
            probes.Add(Math.BitIncrement(e));
        }

        foreach (var vectorize in new[] { false, true })
        {
            foreach (var x in probes)
            {
                var histogram = new StreamingHistogram(bins, vectorize);
                histogram.Observe(x);
                var expected = double.IsPositiveInfinity(x) ? edgeCount : double.IsNegativeInfinity(x) ? 0 : bins.BinOf(x);
                Assert.Equal(1, histogram.Counts[expected]);
            }
        }
    }

    [Fact]
    public void Observe_NaN_CountedNotBinned()
    {
        var histogram = new StreamingHistogram(Binning.FromEdges([0.0]));
        histogram.Observe(double.NaN);
        histogram.Observe(1);

        Assert.Equal(1, histogram.NaNCount);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(new long[] { 0, 1 }, histogram.Counts.ToArray());
    }

    [Fact]
    public void Observe_ManyValues_AllocatesNothing()
    {
        var histogram = StreamingHistogram.FromReference(Normal(1000, 5), binCount: 32);
        var values = Normal(100_000, 6, nanShare: 0.01);
        histogram.Observe(values[0]);
        Assert.Equal(0, Allocations.Quietest(() =>
        {
            for (var i = 0; i < values.Length; i++)
            {
                histogram.Observe(values[i]);
            }
        }));
    }

    [Fact]
    public void Merge_TwoShards_EqualsObservingUnion()
    {
        var reference = Normal(5000, 7);
        var data = Normal(30_000, 8, nanShare: 0.02);
        var whole = StreamingHistogram.FromReference(reference).CreateEmpty();
        whole.ObserveMany(data);
        var a = whole.CreateEmpty();
        var b = whole.CreateEmpty();
        a.ObserveMany(data.AsSpan(0, 12_345));
        b.ObserveMany(data.AsSpan(12_345));

        a.Merge(b);

        Assert.Equal(whole.Counts.ToArray(), a.Counts.ToArray());
        Assert.Equal(whole.Count, a.Count);
        Assert.Equal(whole.NaNCount, a.NaNCount);
    }

    [Fact]
    public void Merge_OneHistogramPerThread_EqualsSingleThreadedCounts()
    {
        var data = Normal(200_000, 12);
        var single = StreamingHistogram.FromReference(Normal(1000, 13));
        var shards = new[] { single.CreateEmpty(), single.CreateEmpty(), single.CreateEmpty(), single.CreateEmpty() };
        single.Clear();
        single.ObserveMany(data);

        Parallel.For(0, shards.Length, s =>
        {
            for (var i = s; i < data.Length; i += shards.Length)
            {
                shards[s].Observe(data[i]);
            }
        });
        var merged = single.CreateEmpty();
        foreach (var shard in shards)
        {
            merged.Merge(shard);
        }

        Assert.Equal(single.Counts.ToArray(), merged.Counts.ToArray());
    }

    [Fact]
    public void Merge_Itself_DoublesCounts()
    {
        var histogram = new StreamingHistogram(Binning.FromEdges([0.0, 1.0]));
        histogram.ObserveMany([-1, 0.5, 2, double.NaN]);

        histogram.Merge(histogram);

        Assert.Equal(new long[] { 2, 2, 2 }, histogram.Counts.ToArray());
        Assert.Equal(2, histogram.NaNCount);
    }

    [Fact]
    public void Merge_DifferentEdges_ThrowsNamingOther()
    {
        var a = new StreamingHistogram(Binning.FromEdges([0.0, 1.0]));
        var b = new StreamingHistogram(Binning.FromEdges([0.0, 2.0]));

        Assert.Equal("other", Assert.Throws<ArgumentException>(() => a.Merge(b)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => a.Merge(null!)).ParamName);
    }

    [Fact]
    public void Merge_EqualEdgesFromDifferentBinnings_Succeeds()
    {
        var a = new StreamingHistogram(Binning.FromEdges([0.0, 1.0]));
        var b = new StreamingHistogram(Binning.FromEdges([0.0, 1.0]));
        b.Observe(0.5);

        a.Merge(b);

        Assert.Equal(1, a.Counts[1]);
    }

    [Fact]
    public void Comparisons_EmptySides_ThrowClearly()
    {
        var reference = new StreamingHistogram(Binning.FromEdges([0.0]));
        var current = reference.CreateEmpty();
        current.Observe(double.NaN);

        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => current.PopulationStabilityIndex(reference)).ParamName);
        reference.Observe(1);
        Assert.Throws<InvalidOperationException>(() => current.JensenShannon(reference));
        Assert.Equal("reference", Assert.Throws<ArgumentNullException>(() => current.Hellinger(null!)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => current.ChiSquareGoodnessOfFit(new StreamingHistogram(Binning.FromEdges([5.0])))).ParamName);
    }

    [Fact]
    public void Constructor_NullBinning_ThrowsNamingBinning() =>
        Assert.Equal("binning", Assert.Throws<ArgumentNullException>(() => new StreamingHistogram(null!)).ParamName);

    [Fact]
    public void Clear_AfterObserving_ForgetsCountsKeepsBins()
    {
        var histogram = StreamingHistogram.FromReference(Normal(100, 9));
        histogram.Observe(double.NaN);

        histogram.Clear();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.NaNCount);
        Assert.Equal(10, histogram.BinCount);
    }
}
