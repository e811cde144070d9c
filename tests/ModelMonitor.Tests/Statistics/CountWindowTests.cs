using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class CountWindowTests
{
    private static readonly Lazy<FixtureData> Expected = new(() => FixtureData.Load("rolling_expected.csv.gz"));

    [Theory]
    [InlineData(100, false)]
    [InlineData(100, true)]
    [InlineData(1000, false)]
    [InlineData(1000, true)]
    public void Statistics_MatchPandasRolling(int size, bool trackOrder)
    {
        var values = RollingInput.Confidence;
        var expected = Expected.Value;
        var window = new CountWindow(size, trackOrder);
        var next = 0;
        var compared = 0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                window.Add(values[next++]);
            }

            if (!window.IsFull)
            {
                // pandas' min_periods defaults to the window length: nothing before the window fills.
                Assert.True(double.IsNaN(expected[r, $"mean_{size}"]));
                continue;
            }

            Assertions.Close(expected[r, $"mean_{size}"], window.Mean, 1e-9, $"mean row {row}");
            Assertions.Close(expected[r, $"var0_{size}"], window.PopulationVariance, 1e-9, $"var0 row {row}");
            Assertions.Close(expected[r, $"var1_{size}"], window.SampleVariance, 1e-9, $"var1 row {row}");
            Assertions.Close(expected[r, $"std1_{size}"], window.StandardDeviation(1), 1e-9, $"std row {row}");
            foreach (var q in new[] { 10, 50, 90, 99 })
            {
                Assertions.Close(expected[r, $"q{q}_{size}"], window.Quantile(q / 100.0), 1e-12, $"q{q} row {row}");
            }

            compared++;
        }

        Assert.True(compared > 2500, $"only {compared} rows compared");
    }

    [Fact]
    public void Variance_ValuesNearOneBillionWithTinySpread_MatchesExactRationalVariance()
    {
        var input = FixtureData.Load("stable_input.csv.gz").Column("x");
        var expected = FixtureData.Load("stable_expected.csv.gz");
        var window = new CountWindow(100);
        var next = 0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                window.Add(input[next++]);
            }

            Assertions.Close(expected[r, "mean"], window.Mean, 1e-15, $"mean row {row}");
            Assertions.Close(expected[r, "var1"], window.SampleVariance, 1e-9, $"var1 row {row}");
            Assertions.Close(expected[r, "var0"], window.PopulationVariance, 1e-9, $"var0 row {row}");
        }
    }

    [Fact]
    public void Variance_LevelJumpOfOneBillionInsideOneRebuildPeriod_StaysExact()
    {
        // The running sums' shift is far from the new values until the next rebuild; the
        // cancellation guard must fall back to an exact two-pass variance.
        var window = new CountWindow(64);
        for (var i = 0; i < 64; i++)
        {
            window.Add(i % 2);
        }

        var fresh = new double[64];
        for (var i = 0; i < 64; i++)
        {
            fresh[i] = 1e9 + ((i % 4) * 1e-3);
            window.Add(fresh[i]);
        }

        var mean = fresh.Average();
        var exact = fresh.Sum(v => (v - mean) * (v - mean)) / 63;
        Assertions.Close(exact, window.SampleVariance, 1e-6, "variance after the jump");
    }

    [Fact]
    public void Quantile_EmptyWindow_IsNaN()
    {
        var window = new CountWindow(10, trackOrder: true);
        Assert.True(double.IsNaN(window.Quantile(0.5)));
        Assert.True(double.IsNaN(window.Mean));
        Assert.True(double.IsNaN(window.SampleVariance));
    }

    [Fact]
    public void Add_NaN_ThrowsNamingValue()
    {
        var window = new CountWindow(10);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(double.NaN));
        Assert.Equal("value", error.ParamName);
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CountWindow(0));
        Assert.Equal("capacity", error.ParamName);
    }

    [Fact]
    public void Quantile_ProbabilityOutsideUnitInterval_Throws()
    {
        var window = new CountWindow(10);
        window.Add(1);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => window.Quantile(1.5)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => window.Quantile(double.NaN)).ParamName);
    }

    [Fact]
    public void CopyTo_FullWindow_ReturnsValuesOldestFirst()
    {
        var window = new CountWindow(3);
        window.AddRange([1, 2, 3, 4, 5]);
        var copy = new double[3];
        Assert.Equal(3, window.CopyTo(copy));
        Assert.Equal([3, 4, 5], copy);
        Assert.Equal(3, window.Min);
        Assert.Equal(5, window.Max);
    }

    [Fact]
    public void TrackOrder_WithTies_MatchesSortedCopy()
    {
        var random = new Random(7);
        var tracked = new CountWindow(50, trackOrder: true);
        var plain = new CountWindow(50);
        for (var i = 0; i < 5000; i++)
        {
            var v = random.Next(0, 8);
            tracked.Add(v);
            plain.Add(v);
            Assert.Equal(plain.Quantile(0.37), tracked.Quantile(0.37));
        }
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(7, 3)]
    [InlineData(100, 1234)]
    [InlineData(1000, 999)]
    public void AddRange_EqualsRepeatedAdd(int capacity, int warmUp)
    {
        var values = RollingInput.Confidence.AsSpan(0, 20_000);
        var one = new CountWindow(capacity);
        var batch = new CountWindow(capacity);
        for (var i = 0; i < warmUp; i++)
        {
            one.Add(values[i]);
            batch.Add(values[i]);
        }

        // Uneven slices cross the ring's wrap point and the rebuild period at arbitrary places.
        var at = warmUp;
        var random = new Random(capacity);
        while (at < values.Length)
        {
            var length = Math.Min(values.Length - at, random.Next(1, 3 * capacity));
            foreach (var v in values.Slice(at, length))
            {
                one.Add(v);
            }

            batch.AddRange(values.Slice(at, length));
            at += length;
            Assertions.Close(one.Mean, batch.Mean, 1e-12, "mean");
            Assertions.Close(one.SampleVariance, batch.SampleVariance, 1e-9, "variance");
            Assert.Equal(one.Quantile(0.9), batch.Quantile(0.9));
        }
    }

    [Fact]
    public void AddRange_NaNInTheMiddle_AddsTheValuesBeforeItAndThrows()
    {
        var window = new CountWindow(4);
        window.AddRange([1, 2, 3, 4]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => window.AddRange([5, 6, double.NaN, 8]));
        Assert.Equal("value", error.ParamName);
        var copy = new double[4];
        window.CopyTo(copy);
        Assert.Equal([3, 4, 5, 6], copy);
    }
}
