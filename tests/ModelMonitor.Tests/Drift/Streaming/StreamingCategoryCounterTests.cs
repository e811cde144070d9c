using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift.Streaming;

public class StreamingCategoryCounterTests
{
    private static StreamingCategoryCounter Count(int maxCategories, params string?[] values)
    {
        var counter = new StreamingCategoryCounter(maxCategories);
        foreach (var v in values)
        {
            counter.Observe(v);
        }

        return counter;
    }

    [Fact]
    public void Comparisons_AlignedCounts_EqualBatchFunctionsAndReportUnseen()
    {
        var reference = Count(100, "a", "a", "a", "b", "b", "c", null);
        var current = Count(100, "b", "a", "d", "d", "b", null, null);
        long[] r = [3, 2, 1, 0];
        long[] c = [1, 2, 0, 2];

        Assert.Equal(ChiSquare.GoodnessOfFit(r, c) with { ReferenceDropped = 1, CurrentDropped = 2 }, current.ChiSquareGoodnessOfFit(reference));
        Assert.Equal(ChiSquare.Contingency(r, c) with { ReferenceDropped = 1, CurrentDropped = 2 }, current.ChiSquareContingency(reference));
        Assert.Equal(BinnedDistance.PopulationStabilityIndex(r, c) with { ReferenceDropped = 1, CurrentDropped = 2 }, current.PopulationStabilityIndex(reference));
        Assert.Equal(BinnedDistance.JensenShannon(r, c) with { ReferenceDropped = 1, CurrentDropped = 2 }, current.JensenShannon(reference));
        Assert.Equal(BinnedDistance.Hellinger(r, c) with { ReferenceDropped = 1, CurrentDropped = 2 }, current.Hellinger(reference));
        var psi = current.PopulationStabilityIndex(reference);
        Assert.Equal(1, psi.UnseenCategories);
        Assert.Equal(1, psi.MissingCategories);
        Assert.Equal(["d"], current.GetUnseenCategories(reference));
    }

    [Fact]
    public void Observe_PastCap_CountsInOverflowNeverDrops()
    {
        var counter = Count(2, "a", "b", "c", "d", "a", "c");

        Assert.Equal(6, counter.Count);
        Assert.Equal(3, counter.OverflowCount);
        Assert.Equal(["a", "b"], counter.Categories);
        Assert.Equal(2, counter.CountOf("a"));
        Assert.Equal(0, counter.CountOf("c"));
    }

    [Fact]
    public void Comparisons_WithOverflow_OverflowIsOneBucket()
    {
        var reference = Count(2, "a", "b", "x", "y");
        var current = Count(2, "a", "b", "z", "z");
        long[] r = [1, 1, 2];
        long[] c = [1, 1, 2];

        Assert.Equal(BinnedDistance.JensenShannon(r, c), current.JensenShannon(reference));
        Assert.Equal(0, current.PopulationStabilityIndex(reference).Statistic);
    }

    [Fact]
    public void Merge_WithinCap_EqualsObservingUnion()
    {
        var random = new Random(11);
        var values = new string?[5000];
        for (var i = 0; i < values.Length; i++)
        {
            var k = random.Next(12);
            values[i] = k == 11 ? null : $"c{k}";
        }

        var whole = Count(50, values);
        var a = Count(50, values[..1234]);
        var b = Count(50, values[1234..]);

        a.Merge(b);

        Assert.Equal(whole.Count, a.Count);
        Assert.Equal(whole.MissingCount, a.MissingCount);
        foreach (var name in whole.Categories)
        {
            Assert.Equal(whole.CountOf(name), a.CountOf(name));
        }

        Assert.Equal(whole.ChiSquareContingency(whole), a.ChiSquareContingency(whole));
    }

    [Fact]
    public void Merge_PastCap_OverflowKeepsEveryValue()
    {
        var a = Count(2, "a", "b", "c");
        var b = Count(2, "d", "e", "e", "f");

        a.Merge(b);

        Assert.Equal(7, a.Count);
        Assert.Equal(5, a.OverflowCount);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => a.Merge(null!)).ParamName);
    }

    [Fact]
    public void Observe_KnownCategoriesAndOverflow_AllocatesNothing()
    {
        string[] names = ["a", "b", "c", "d"];
        var counter = Count(3, names);
        Assert.Equal(0, Allocations.Quietest(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Observe(names[i & 3]);
            }
        }));
        Assert.Equal(1 + (3 * 2500), counter.OverflowCount); // "d" met the cap while the counter was built
    }

    [Fact]
    public void Constructor_CapBelowOne_ThrowsNamingMaxCategories() =>
        Assert.Equal("maxCategories", Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingCategoryCounter(0)).ParamName);

    [Fact]
    public void Comparisons_EmptySides_ThrowClearly()
    {
        var reference = Count(10, (string?)null);
        var current = Count(10, "a");

        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => current.JensenShannon(reference)).ParamName);
        Assert.Throws<InvalidOperationException>(() => reference.JensenShannon(current));
        Assert.Equal("reference", Assert.Throws<ArgumentNullException>(() => current.GetUnseenCategories(null!)).ParamName);
    }

    [Fact]
    public void Clear_AfterObserving_ForgetsEverything()
    {
        var counter = Count(1, "a", "b", null);

        counter.Clear();

        Assert.Equal(0, counter.Count);
        Assert.Equal(0, counter.OverflowCount);
        Assert.Equal(0, counter.MissingCount);
        Assert.Empty(counter.Categories);
    }
}
