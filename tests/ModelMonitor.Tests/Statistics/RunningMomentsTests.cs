using FsCheck.Xunit;
using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Statistics;

public class RunningMomentsTests
{
    [Property(MaxTest = 300)]
    public bool Merge_EqualsObservingTheUnion(int[] left, int[] right, int scale)
    {
        var factor = 1 + (Math.Abs(scale % 1000) / 7.0);
        var a = left.Select(v => v * factor).ToArray();
        var b = right.Select(v => v * factor).ToArray();
        var merged = RunningMoments.From(a);
        merged.Merge(RunningMoments.From(b));
        var union = RunningMoments.From([.. a, .. b]);
        return merged.Count == union.Count
            && Near(union.Mean, merged.Mean)
            && Near(union.PopulationVariance, merged.PopulationVariance)
            && Same(union.Min, merged.Min)
            && Same(union.Max, merged.Max);
    }

    [Property(MaxTest = 200)]
    public bool Statistics_IndependentOfOrder(int[] values, int seed)
    {
        var data = values.Select(v => v / 3.0).ToArray();
        var shuffled = data.ToArray();
        new Random(seed).Shuffle(shuffled);
        var a = RunningMoments.From(data);
        var b = RunningMoments.From(shuffled);
        return a.Count == b.Count && Near(a.Mean, b.Mean) && Near(a.PopulationVariance, b.PopulationVariance);
    }

    [Fact]
    public void Variance_ValuesNearOneBillionWithTinySpread_MatchesExactRationalVariance()
    {
        var input = FixtureData.Load("stable_input.csv.gz").Column("x");
        var expected = FixtureData.Load("stable_expected.csv.gz");
        for (var r = 0; r < expected.RowCount; r += 10)
        {
            var row = (int)expected[r, "row"];
            var moments = RunningMoments.From(input.AsSpan(row - 99, 100));
            Assertions.Close(expected[r, "var1"], moments.SampleVariance, 1e-9, $"var1 row {row}");
        }
    }

    [Fact]
    public void Merge_TwoHalvesOfStableSeries_MatchesExact()
    {
        var input = FixtureData.Load("stable_input.csv.gz").Column("x");
        var expected = FixtureData.Load("stable_expected.csv.gz");
        var row = (int)expected[5, "row"];
        var merged = RunningMoments.From(input.AsSpan(row - 99, 37));
        merged.Merge(RunningMoments.From(input.AsSpan(row - 62, 63)));
        Assertions.Close(expected[5, "var1"], merged.SampleVariance, 1e-9, "merged variance");
    }

    [Fact]
    public void From_NonFiniteValue_ThrowsNamingIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => RunningMoments.From([1, 2, double.PositiveInfinity]));
        Assert.Equal("values", error.ParamName);
        Assert.Contains("values[2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyMoments_ReportNaN()
    {
        var empty = default(RunningMoments);
        Assert.True(double.IsNaN(empty.Mean));
        Assert.True(double.IsNaN(empty.PopulationVariance));
        Assert.True(double.IsNaN(empty.Min));
    }

    private static bool Near(double expected, double actual) =>
        (double.IsNaN(expected) && double.IsNaN(actual)) || Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected));

    private static bool Same(double expected, double actual) => expected.Equals(actual);
}
