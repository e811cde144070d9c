using ModelMonitor.Rolling;
using ModelMonitor.Tagging;

namespace ModelMonitor.Tests.Tagging;

public class TaggingComposerTests
{
    [Fact]
    public void Compose_Weights_SplitBudgetByLargestRemainder()
    {
        var a = Samples("a", 100, TaggingCriterion.LeastConfident);
        var b = Samples("b", 100, TaggingCriterion.HighConfidence);

        var result = TaggingComposer.Compose([new TaggingSource { Samples = a, Weight = 2 }, new TaggingSource { Samples = b, Weight = 1 }], new TaggingCompositionOptions { Budget = 10 });

        Assert.Equal(7, result.Count(s => s.Reason == TaggingCriterion.LeastConfident));
        Assert.Equal(3, result.Count(s => s.Reason == TaggingCriterion.HighConfidence));
        Assert.Equal(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "b0", "b1", "b2"], result.Select(s => s.SampleId));
    }

    [Fact]
    public void Compose_SameIdInTwoSources_TakenOnceAndBudgetRefilled()
    {
        var a = Samples("x", 5, TaggingCriterion.LeastConfident);
        var b = Samples("x", 10, TaggingCriterion.SmallestMargin);

        var result = TaggingComposer.Compose([new TaggingSource { Samples = a }, new TaggingSource { Samples = b }], new TaggingCompositionOptions { Budget = 8 });

        Assert.Equal(8, result.Count);
        Assert.Equal(8, result.Select(s => s.SampleId).Distinct().Count());
        Assert.Equal(4, result.Count(s => s.Reason == TaggingCriterion.LeastConfident));
        Assert.Equal(["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"], result.Select(s => s.SampleId));
    }

    [Fact]
    public void Compose_ClassAndCohortQuotas_Respected()
    {
        var samples = Enumerable.Range(0, 200).Select(i => new TaggedSample
        {
            SampleId = $"s{i}",
            Reason = TaggingCriterion.LeastConfident,
            Score = i,
            PredictedClass = i % 3,
            Cohort = $"c{i % 20}",
        }).ToArray();

        var result = TaggingComposer.Compose([new TaggingSource { Samples = samples }], new TaggingCompositionOptions { Budget = 100, MaxPerClass = 20, MaxPerCohort = 4, MaxCohorts = 5 });

        Assert.All(result.GroupBy(s => s.PredictedClass), g => Assert.True(g.Count() <= 20));
        var firstCohorts = result.Select(s => s.Cohort!).Distinct().Take(5).ToHashSet();
        Assert.All(result.Where(s => firstCohorts.Contains(s.Cohort!)).GroupBy(s => s.Cohort), g => Assert.True(g.Count() <= 4));
        Assert.Equal(24, result.Count);
        Assert.Equal(RollingStatisticsMonitor.OverflowCohort, "(overflow)");
    }

    [Fact]
    public void Compose_ClassQuotas_OverrideMaxPerClass()
    {
        var samples = Enumerable.Range(0, 60).Select(i => new TaggedSample { SampleId = $"s{i}", Reason = TaggingCriterion.HighConfidence, Score = i, PredictedClass = i % 3 }).ToArray();

        var result = TaggingComposer.Compose([new TaggingSource { Samples = samples }], new TaggingCompositionOptions { Budget = 30, MaxPerClass = 5, ClassQuotas = new Dictionary<int, int> { [0] = 0, [2] = 12 } });

        Assert.Equal(0, result.Count(s => s.PredictedClass == 0));
        Assert.Equal(5, result.Count(s => s.PredictedClass == 1));
        Assert.Equal(12, result.Count(s => s.PredictedClass == 2));
    }

    [Fact]
    public void Compose_SameInput_SameOutput()
    {
        var records = TaggingSelectorTests.MakeRecords(3000, 4, seed: 21);
        IReadOnlyList<TaggedSample> Run()
        {
            var least = TaggingSelector.LeastConfident(4, 50).Select(records);
            var random = TaggingSelector.Random(4, 50, seed: 8).Select(records);
            return TaggingComposer.Compose([new TaggingSource { Samples = least, Weight = 3 }, new TaggingSource { Samples = random, Weight = 1 }], new TaggingCompositionOptions { Budget = 40, MaxPerCohort = 10 });
        }

        Assert.Equal(Run().Select(s => s.SampleId), Run().Select(s => s.SampleId));
    }

    [Fact]
    public void Compose_BadInput_ThrowsNamingParameter()
    {
        var a = new TaggingSource { Samples = Samples("a", 3, TaggingCriterion.LeastConfident) };
        Assert.Equal("options", Assert.ThrowsAny<ArgumentException>(() => TaggingComposer.Compose([a], new TaggingCompositionOptions { Budget = 0 })).ParamName);
        Assert.Equal("sources", Assert.ThrowsAny<ArgumentException>(() => TaggingComposer.Compose([])).ParamName);
        Assert.Equal("options", Assert.ThrowsAny<ArgumentException>(() => TaggingComposer.Compose([a], new TaggingCompositionOptions { ClassQuotas = new Dictionary<int, int> { [1] = -1 } })).ParamName);
        Assert.Equal("sources", Assert.ThrowsAny<ArgumentException>(() => TaggingComposer.Compose([a with { Weight = -1 }])).ParamName);
    }

    private static TaggedSample[] Samples(string prefix, int count, TaggingCriterion reason)
        => [.. Enumerable.Range(0, count).Select(i => new TaggedSample { SampleId = $"{prefix}{i}", Reason = reason, Score = i, PredictedClass = 0 })];
}
