using FsCheck.Xunit;
using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class QuantileSketchTests
{
    public static TheoryData<string, int, int> Streams => new()
    {
        { "uniform", 1_000_000, 200 },
        { "normal", 300_000, 200 },
        { "lognormal", 300_000, 200 },
        { "ties", 300_000, 200 },
        { "ascending", 300_000, 200 },
        { "descending", 300_000, 200 },
        { "uniform", 300_000, 64 },
        { "normal", 300_000, 1000 },
        { "confidence", 100_000, 200 },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Quantile_RankErrorWithinDocumentedBound(string shape, int n, int accuracy)
    {
        var data = Generate(shape, n, seed: 11);
        var sketch = new QuantileSketch(accuracy);
        foreach (var v in data)
        {
            sketch.Add(v);
        }

        var sorted = data.ToArray();
        Array.Sort(sorted);
        var worst = WorstRankError(sketch, sorted);
        Assert.True(worst <= QuantileSketch.RankErrorBound(accuracy), $"{shape}: worst normalised rank error {worst:P3} > bound {QuantileSketch.RankErrorBound(accuracy):P3}");
        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        Assert.Equal(n, sketch.Count);
        // Bounded memory: about 3k values whatever the stream length.
        Assert.True(sketch.RetainedCount <= (3 * accuracy) + 200, $"retained {sketch.RetainedCount}");
    }

    [Fact]
    public void Cdf_ErrorWithinBound()
    {
        var data = Generate("lognormal", 200_000, seed: 5);
        var sketch = new QuantileSketch();
        foreach (var v in data)
        {
            sketch.Add(v);
        }

        var sorted = data.ToArray();
        Array.Sort(sorted);
        for (var i = 1; i < 100; i++)
        {
            var x = sorted[(int)(i / 100.0 * sorted.Length)];
            var exact = (double)UpperBound(sorted, x) / sorted.Length;
            Assert.True(Math.Abs(sketch.Cdf(x) - exact) <= sketch.NormalizedRankError, $"cdf at {x}: {sketch.Cdf(x)} vs {exact}");
        }
    }

    [Fact]
    public void Merge_ManyShards_WithinBoundOfUnion()
    {
        var data = Generate("normal", 400_000, seed: 3);
        var merged = new QuantileSketch();
        for (var shard = 0; shard < 16; shard++)
        {
            var part = new QuantileSketch(seed: (ulong)(shard + 1));
            for (var i = shard; i < data.Length; i += 16)
            {
                part.Add(data[i]);
            }

            merged.Merge(part);
        }

        var sorted = data.ToArray();
        Array.Sort(sorted);
        Assert.Equal(data.Length, merged.Count);
        Assert.True(WorstRankError(merged, sorted) <= merged.NormalizedRankError);
    }

    [Property(MaxTest = 100)]
    public bool Merge_EqualsUnionWithinBound(int[] left, int[] right)
    {
        var a = new QuantileSketch(32);
        var b = new QuantileSketch(32, seed: 99);
        foreach (var v in left)
        {
            a.Add(v);
        }

        foreach (var v in right)
        {
            b.Add(v);
        }

        a.Merge(b);
        var union = left.Concat(right).Select(v => (double)v).ToArray();
        Array.Sort(union);
        if (union.Length == 0)
        {
            return a.IsEmpty && double.IsNaN(a.Quantile(0.5));
        }

        return a.Count == union.Length && a.Min == union[0] && a.Max == union[^1]
            && WorstRankError(a, union) <= QuantileSketch.RankErrorBound(32);
    }

    [Fact]
    public void Add_SameStreamTwice_GivesSameSketch()
    {
        var data = Generate("uniform", 50_000, seed: 1);
        var a = new QuantileSketch();
        var b = new QuantileSketch();
        foreach (var v in data)
        {
            a.Add(v);
            b.Add(v);
        }

        Assert.Equal(a.Quantile(0.37), b.Quantile(0.37));
        Assert.Equal(a.RetainedCount, b.RetainedCount);
    }

    [Fact]
    public void Clear_ThenReuse_BehavesLikeNew()
    {
        var sketch = new QuantileSketch(50);
        foreach (var v in Generate("uniform", 10_000, 2))
        {
            sketch.Add(v);
        }

        sketch.Clear();
        Assert.True(sketch.IsEmpty);
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        sketch.Add(4);
        sketch.Add(2);
        Assert.Equal(2, sketch.Quantile(0.5));
        Assert.Equal(4, sketch.Quantile(1));
    }

    [Fact]
    public void Clone_IsIndependent()
    {
        var sketch = new QuantileSketch(16);
        for (var i = 0; i < 1000; i++)
        {
            sketch.Add(i);
        }

        var copy = sketch.Clone();
        for (var i = 0; i < 1000; i++)
        {
            sketch.Add(5000 + i);
        }

        Assert.Equal(1000, copy.Count);
        Assert.Equal(999, copy.Max);
        Assert.True(copy.Quantile(0.5) < 1000);
    }

    [Fact]
    public void Merge_DifferentAccuracy_ThrowsNamingOther()
    {
        var error = Assert.Throws<ArgumentException>(() => new QuantileSketch(100).Merge(new QuantileSketch(200)));
        Assert.Equal("other", error.ParamName);
    }

    [Fact]
    public void Add_Infinity_Throws()
    {
        var sketch = new QuantileSketch();
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.NegativeInfinity)).ParamName);
        Assert.True(sketch.IsEmpty);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40000)]
    public void Constructor_AccuracyOutOfRange_Throws(int accuracy)
    {
        Assert.Equal("accuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch(accuracy)).ParamName);
    }

    internal static double WorstRankError(QuantileSketch sketch, double[] sorted)
    {
        var worst = 0.0;
        for (var i = 1; i < 200; i++)
        {
            var p = i / 200.0;
            var estimate = sketch.Quantile(p);
            // The estimate is right for any rank between the count below it and the count at or below it.
            double below = LowerBound(sorted, estimate);
            double atOrBelow = UpperBound(sorted, estimate);
            var target = p * sorted.Length;
            var error = target < below ? below - target : target > atOrBelow ? target - atOrBelow : 0;
            worst = Math.Max(worst, error / sorted.Length);
        }

        return worst;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static double[] Generate(string shape, int n, int seed)
    {
        var random = new Random(seed);
        var data = new double[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = shape switch
            {
                "uniform" => random.NextDouble(),
                "normal" => Normal(random),
                "lognormal" => Math.Exp(2 * Normal(random)),
                "ties" => random.Next(0, 10),
                "ascending" => i,
                "descending" => n - i,
                "confidence" => RollingInput.Confidence[i % RollingInput.Confidence.Length],
                _ => throw new ArgumentOutOfRangeException(nameof(shape)),
            };
        }

        return data;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

public class QuantileSketchSortedBatchTests
{
    [Fact]
    public void AddSorted_Batches_KeepTheRankErrorBoundAndExactExtremes()
    {
        var data = QuantileSketchTests.Generate("lognormal", 300_000, seed: 8);
        var sketch = new QuantileSketch();
        for (var start = 0; start < data.Length; start += 256)
        {
            var batch = data.AsSpan(start, Math.Min(256, data.Length - start)).ToArray();
            Array.Sort(batch);
            sketch.AddSorted(batch);
            if (start % 2560 == 0)
            {
                // Interleave single additions so level 0 alternates between sorted and unsorted.
                sketch.Add(batch[0]);
            }
        }

        var all = data.Concat(Enumerable.Range(0, data.Length).Where(i => i % 2560 == 0).Select(i =>
        {
            var batch = data.AsSpan(i, Math.Min(256, data.Length - i)).ToArray();
            return batch.Min();
        })).ToArray();
        Array.Sort(all);
        Assert.Equal(all.Length, sketch.Count);
        Assert.Equal(all[0], sketch.Min);
        Assert.Equal(all[^1], sketch.Max);
        Assert.True(QuantileSketchTests.WorstRankError(sketch, all) <= sketch.NormalizedRankError);
    }
}
