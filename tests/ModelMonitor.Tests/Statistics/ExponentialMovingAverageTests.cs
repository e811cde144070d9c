using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class ExponentialMovingAverageTests
{
    [Fact]
    public void Update_MatchesPandasEwmAdjustFalse()
    {
        var values = RollingInput.Confidence;
        var expected = FixtureData.Load("rolling_expected.csv.gz");
        var ewma = new ExponentialMovingAverage(0.01);
        var next = 0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                ewma.Update(values[next++]);
            }

            Assertions.Close(expected[r, "ewm"], ewma.Value, 1e-9, $"ewm row {row}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(1001)]
    public void UpdateRange_EqualsRepeatedUpdate(int warmUp)
    {
        var values = RollingInput.Confidence.AsSpan(0, 50_000);
        var one = new ExponentialMovingAverage(0.01);
        var batch = new ExponentialMovingAverage(0.01);
        for (var i = 0; i < warmUp; i++)
        {
            one.Update(values[i]);
            batch.Update(values[i]);
        }

        foreach (var v in values[warmUp..])
        {
            one.Update(v);
        }

        batch.UpdateRange(values[warmUp..]);
        Assert.Equal(one.Count, batch.Count);
        Assertions.Close(one.Value, batch.Value, 1e-12, "batched average");
    }

    [Fact]
    public void FromHalfLife_WeightHalvesAfterHalfLife()
    {
        var ewma = ExponentialMovingAverage.FromHalfLife(10);
        ewma.Update(1);
        for (var i = 0; i < 10; i++)
        {
            ewma.Update(0);
        }

        Assert.Equal(0.5, ewma.Value, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_AlphaOutsideUnitInterval_Throws(double alpha)
    {
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMovingAverage(alpha)).ParamName);
    }

    [Fact]
    public void Value_BeforeAnyUpdate_IsNaN()
    {
        Assert.True(double.IsNaN(new ExponentialMovingAverage(0.5).Value));
    }
}
