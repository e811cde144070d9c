using ModelMonitor.Explanations;
using ModelMonitor.Robustness;

namespace ModelMonitor.Tests.Robustness;

public sealed class TabularPerturbationsTests
{
    private static readonly TabularReference Reference = TabularReference.FromRows(
        [new("x", TabularFeatureKind.Numeric), new("colour", TabularFeatureKind.Categorical)],
        [.. Enumerable.Range(0, 1000).Select(i => new double[] { i % 100, i % 10 == 0 ? 1 : 0 })]);

    [Fact]
    public void GaussianNoise_HasTheRequestedSpreadAndLeavesCategoriesAlone()
    {
        var noise = TabularPerturbations.GaussianNoise(Reference, 0.5);
        var random = new Random(1);
        double[] row = [50, 1];
        var moved = Enumerable.Range(0, 4000).Select(_ => noise.Apply(row, random)).ToList();
        var deltas = moved.Select(r => r[0] - 50).ToList();
        var sd = Math.Sqrt(deltas.Average(d => d * d));
        // The reference deviation of 0..99 repeated is about 28.87; half of it is expected.
        Assert.Equal(0.5 * 28.866, sd, 0.6);
        Assert.All(moved, r => Assert.Equal(1, r[1]));
        Assert.Equal([50, 1], row);
    }

    [Fact]
    public void CategoricalSwap_DrawsAtTrainingFrequency()
    {
        var swap = TabularPerturbations.CategoricalSwap(Reference, 1);
        var random = new Random(2);
        var ones = Enumerable.Range(0, 5000).Count(_ => swap.Apply([3, 1], random)[1] == 1);
        Assert.Equal(0.1, ones / 5000.0, 0.015);
    }

    [Fact]
    public void MissingValues_RemovesAboutTheRate()
    {
        var missing = TabularPerturbations.MissingValues(Reference, 0.3);
        var random = new Random(3);
        var nan = Enumerable.Range(0, 5000).Sum(_ => missing.Apply([3, 1], random).Count(double.IsNaN));
        Assert.Equal(0.3, nan / 10000.0, 0.015);
        Assert.Throws<ArgumentException>(() => missing.Apply([1], random));
    }
}
