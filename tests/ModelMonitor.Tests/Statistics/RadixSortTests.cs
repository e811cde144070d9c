using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class RadixSortTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(48)]
    [InlineData(256)]
    [InlineData(1000)]
    public void Sort_MixedSignsTiesAndZeros_MatchesArraySort(int n)
    {
        var random = new Random(n);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (i % 7) switch
            {
                0 => 0.0,
                1 => -0.0,
                2 => -random.NextDouble() * 1e6,
                3 => random.Next(0, 3),
                4 => double.MaxValue * (random.NextDouble() - 0.5),
                5 => double.Epsilon,
                _ => random.NextDouble(),
            };
        }

        var expected = values.ToArray();
        Array.Sort(expected);
        RadixSort.Sort(values, new ulong[n], new ulong[n]);
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Sort_NarrowRange_SkipsConstantBytesAndStillSorts()
    {
        var values = Enumerable.Range(0, 300).Select(i => 0.5 + ((i * 7919 % 300) * 1e-9)).ToArray();
        var expected = values.Order().ToArray();
        RadixSort.Sort(values, new ulong[300], new ulong[300]);
        Assert.Equal(expected, values);
    }
}
