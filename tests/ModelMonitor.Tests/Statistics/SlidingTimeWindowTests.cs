using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class SlidingTimeWindowTests
{
    [Fact]
    public void Statistics_MatchPandasTimeRolling()
    {
        var times = RollingInput.TimesMs;
        var values = RollingInput.Confidence;
        var expected = FixtureData.Load("rolling_expected.csv.gz");
        var window = new SlidingTimeWindow(TimeSpan.FromMinutes(5));
        var next = 0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                window.Add(DateTimeOffset.FromUnixTimeMilliseconds(times[next]), values[next]);
                next++;
            }

            Assert.Equal(expected[r, "tcount"], window.Count);
            Assertions.Close(expected[r, "tmean"], window.Mean, 1e-9, $"mean row {row}");
            Assertions.Close(expected[r, "tvar1"], window.Variance(1), 1e-9, $"var1 row {row}");
            Assertions.Close(expected[r, "tvar0"], window.Variance(0), 1e-9, $"var0 row {row}");
            Assertions.Close(expected[r, "tstd1"], window.StandardDeviation(1), 1e-9, $"std row {row}");
        }
    }

    [Fact]
    public void Add_TimestampGoingBack_ThrowsNamingTimestamp()
    {
        var window = new SlidingTimeWindow(TimeSpan.FromSeconds(10));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        window.Add(t0, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => window.Add(t0.AddSeconds(-1), 2));
        Assert.Equal("timestamp", error.ParamName);
        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void Add_ValueAtExactlyWindowLengthLater_EvictsTheOldValue()
    {
        var window = new SlidingTimeWindow(TimeSpan.FromSeconds(10));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        window.Add(t0, 1);
        window.Add(t0.AddSeconds(10), 3);
        Assert.Equal(1, window.Count);
        Assert.Equal(3, window.Mean);
        Assert.Equal(3, window.Quantile(0.5));
    }

    [Fact]
    public void Constructor_NonPositiveLength_Throws()
    {
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingTimeWindow(TimeSpan.Zero)).ParamName);
    }
}
