using ModelMonitor.Cli.Demo;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class DemoExplanationsTests(DemoFixture fixture)
{
    private ExplanationSummary Explanations => fixture.Result.Explanations;

    [Fact]
    public void ConfidentMistakes_AreWrongAndExplainTheirPredictedClass()
    {
        var mistakes = Explanations.ConfidentMistakes;
        Assert.Equal(DemoExplanations.Mistakes, mistakes.Count);
        // Duplicate reviews exist in the data; a mistake's text must carry the other label wherever it appears.
        var yelp = SentimentData.LoadEmbedded(SentimentData.YelpFile).ToLookup(s => s.Text, s => s.Label);
        Assert.All(mistakes, m =>
        {
            Assert.Contains(m.PredictedClass == 0, yelp[m.Input]);
            Assert.Equal(m.PredictedClass, m.ClassIndex);
            Assert.InRange(m.ModelProbability, 0.5, 1.0);
            Assert.NotNull(m.Stability);
            Assert.NotEmpty(m.Features);
        });
        Assert.Equal(mistakes.Select(m => m.ModelProbability).OrderDescending(), mistakes.Select(m => m.ModelProbability));
    }

    [Fact]
    public void ClassLevelWords_HaveTheirSigns()
    {
        Assert.Equal(DemoExplanations.Aggregated, Explanations.AggregatedCount);
        Assert.Equal(1, Explanations.PositiveClass.ClassIndex);
        Assert.NotEmpty(Explanations.PositiveClass.Towards);
        Assert.All(Explanations.PositiveClass.Towards, f => Assert.True(f.MeanWeight > 0));
        Assert.All(Explanations.PositiveClass.Away, f => Assert.True(f.MeanWeight < 0));
        Assert.Equal(2, Explanations.Representative.Count);
    }

    [Fact]
    public void Robustness_CoversEverySuiteAndCasingNeverFlips()
    {
        var suites = Explanations.Robustness.Suites;
        Assert.Equal(["typos(0.1)", "casing", "punctuation", "whitespace", "word-dropout(0.1)", "synonyms"], suites.Select(s => s.Suite));
        Assert.All(suites, s => Assert.Equal(DemoExplanations.RobustnessSample, s.Count));
        // ML.NET's FeaturizeText lower-cases text, so a casing change cannot move the model.
        Assert.Equal(0, suites.Single(s => s.Suite == "casing").Flips);
        Assert.All(suites, s => Assert.Equal(s.FlipRate <= DemoExplanations.MaxFlipRate, s.Passed));
    }
}
