using ModelMonitor.Explanations;

namespace ModelMonitor.Tests.Explanations;

public sealed class ClassExplanationsTests
{
    [Fact]
    public void Aggregate_MeansCountAbsentWordsAsZero()
    {
        LocalExplanation[] explanations =
        [
            Explanation(1, ("great", 0.4), ("bad", -0.2)),
            Explanation(1, ("great", 0.2), ("slow", -0.1)),
            Explanation(0, ("bad", 0.5)),
        ];

        var classes = ClassExplanations.Aggregate(explanations, topCount: 1);

        Assert.Equal([0, 1], classes.Select(c => c.ClassIndex));
        var positive = classes[1];
        Assert.Equal(2, positive.ExplanationCount);
        var great = Assert.Single(positive.Towards);
        Assert.Equal("great", great.Feature);
        Assert.Equal(0.3, great.MeanWeight, 12);
        Assert.Equal(1.0, great.TopShare);
        var bad = Assert.Single(positive.Away);
        Assert.Equal(("bad", -0.1, 0.1, 0.0), (bad.Feature, bad.MeanWeight, bad.MeanAbsoluteWeight, bad.TopShare));
        Assert.Equal("bad", Assert.Single(classes[0].Towards).Feature);
        Assert.Empty(classes[0].Away);
    }

    [Fact]
    public void SubmodularPick_MatchesBruteForceOnASmallCase()
    {
        LocalExplanation[] explanations =
        [
            Explanation(1, ("a", 1.0), ("b", 1.0)),
            Explanation(1, ("a", 1.0), ("c", 0.5)),
            Explanation(1, ("d", 2.0)),
            Explanation(1, ("b", 0.5), ("c", 0.5)),
        ];

        var picked = ClassExplanations.SubmodularPick(explanations, 2);

        // Importance: a = sqrt(2), b = sqrt(1.5), c = 1, d = sqrt(2). Best pair by coverage, checked exhaustively.
        var importance = new Dictionary<string, double> { ["a"] = Math.Sqrt(2), ["b"] = Math.Sqrt(1.5), ["c"] = 1, ["d"] = Math.Sqrt(2) };
        double Coverage(IEnumerable<int> set) => set.SelectMany(i => explanations[i].Features.Select(f => f.Feature)).Distinct().Sum(w => importance[w]);
        var best = (from i in Enumerable.Range(0, 4) from j in Enumerable.Range(i + 1, 3 - i) select Coverage([i, j])).Max();
        Assert.Equal(best, Coverage(picked), 12);
        Assert.Equal([0, 2], picked);
        Assert.Equal(4, ClassExplanations.SubmodularPick(explanations, 10).Count);
    }

    private static LocalExplanation Explanation(int classIndex, params (string Word, double Weight)[] features) => new()
    {
        Input = string.Join(' ', features.Select(f => f.Word)),
        ClassIndex = classIndex,
        PredictedClass = classIndex,
        ModelProbability = 0.9,
        LocalPrediction = 0.9,
        Intercept = 0.5,
        LocalR2 = 0.8,
        Features = [.. features.Select(f => new FeatureWeight(f.Word, f.Weight))],
        SampleCount = 100,
    };
}
