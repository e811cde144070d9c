using System.Text.Json;
using ModelMonitor.Explanations;

namespace ModelMonitor.Tests.Explanations;

public sealed class LimeTextExplainerTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() => FixtureFile.ReadJson("explanation_expected.json.gz"));

    public static TheoryData<string> RidgeCases() =>
        [.. Fixture.Value.GetProperty("ridge").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(RidgeCases))]
    public void WeightedRidge_MatchesScikitLearn(string name)
    {
        var c = Fixture.Value.GetProperty("ridge").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var rows = c.GetProperty("x").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (double)v.GetInt32()).ToArray()).ToArray();
        var d = rows[0].Length;
        var x = rows.SelectMany(r => r).ToArray();
        var y = c.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var w = c.GetProperty("w").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var columns = Enumerable.Range(0, d).ToArray();

        var (coefficients, intercept) = WeightedRidge.Fit(x, d, columns, y, w, c.GetProperty("alpha").GetDouble());

        var expected = c.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var j = 0; j < d; j++)
        {
            Assert.Equal(expected[j], coefficients[j], 1e-10);
        }

        Assert.Equal(c.GetProperty("intercept").GetDouble(), intercept, 1e-10);
        Assert.Equal(c.GetProperty("score").GetDouble(), WeightedRidge.Score(x, d, columns, y, w, coefficients, intercept), 1e-10);
        Assert.Equal(c.GetProperty("prediction0").GetDouble(), WeightedRidge.Predict(x.AsSpan(0, d), columns, coefficients, intercept), 1e-10);
    }

    [Fact]
    public void Explain_LinearModelOfWords_RecoversItsWeights()
    {
        // P(positive) = 0.5 + 0.3 [great] - 0.25 [awful] + 0.05 [food]: LIME's local model is exact here.
        var explainer = new LimeTextExplainer(LinearWordModel(), new LimeOptions { FeatureSelection = FeatureSelection.All, StabilityRuns = 0 });

        var e = explainer.Explain("The food was great, not awful at all.", classIndex: 1);

        var weights = e.Features.ToDictionary(f => f.Feature, f => f.Weight, StringComparer.Ordinal);
        Assert.Equal(0.3, weights["great"], 0.01);
        Assert.Equal(-0.25, weights["awful"], 0.01);
        Assert.Equal(0.05, weights["food"], 0.01);
        Assert.All(e.Features.Where(f => f.Feature is not ("great" or "awful" or "food")), f => Assert.InRange(f.Weight, -0.01, 0.01));
        Assert.Equal(["great", "awful", "food"], e.Features.Take(3).Select(f => f.Feature));
        Assert.True(e.LocalR2 > 0.99, $"R² {e.LocalR2}");
        Assert.Equal(0.6, e.ModelProbability, 1e-6);
        Assert.Equal(e.ModelProbability, e.LocalPrediction, 0.01);
        Assert.Equal(1, e.PredictedClass);
        Assert.Equal(5000, e.SampleCount);
    }

    [Fact]
    public void Explain_MoreThan64DistinctWords_RecoversTheWeights()
    {
        // 70 distinct words: the presence masks span two 64-bit words per sample.
        var text = string.Join(' ', Enumerable.Range(0, 68).Select(i => $"w{i}")) + " great awful";
        var explainer = new LimeTextExplainer(LinearWordModel(), new LimeOptions { FeatureCount = 2, FeatureSelection = FeatureSelection.HighestWeights, StabilityRuns = 0, SampleCount = 2000 });

        var e = explainer.Explain(text, classIndex: 1);

        Assert.Equal(["great", "awful"], e.Features.Select(f => f.Feature));
        Assert.Equal(0.3, e.Features[0].Weight, 0.01);
        Assert.Equal(-0.25, e.Features[1].Weight, 0.01);
    }

    [Theory]
    [InlineData(FeatureSelection.Auto, 3)]
    [InlineData(FeatureSelection.ForwardSelection, 2)]
    [InlineData(FeatureSelection.HighestWeights, 2)]
    public void Explain_FeatureSelection_KeepsTheWordsThatMatter(FeatureSelection selection, int count)
    {
        var explainer = new LimeTextExplainer(LinearWordModel(), new LimeOptions { FeatureSelection = selection, FeatureCount = count, StabilityRuns = 0, SampleCount = 2000 });

        var e = explainer.Explain("The food was great, not awful at all.", classIndex: 1);

        Assert.Equal(count, e.Features.Count);
        Assert.Equal(new[] { "great", "awful", "food" }.Take(count), e.Features.Select(f => f.Feature));
    }

    [Fact]
    public void Explain_SameSeed_SameExplanation_AndStabilityIsMeasured()
    {
        var options = new LimeOptions { Seed = 7, SampleCount = 1000, FeatureCount = 3 };
        var a = new LimeTextExplainer(LinearWordModel(), options).Explain("great food, awful chairs");
        var b = new LimeTextExplainer(LinearWordModel(), options).Explain("great food, awful chairs");

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(1.0, a.Stability);
        Assert.False(a.IsUnstable);
    }

    [Fact]
    public void Explain_NoiseModel_IsFlaggedUnstable()
    {
        // A model that ignores the text: any chosen word is noise, and other seeds choose others.
        var random = new Random(1);
        var noise = new DelegateBatchPredictor<string>(2, texts => [.. texts.Select(_ => { var p = (float)random.NextDouble(); return new[] { 1 - p, p }; })]);
        var e = new LimeTextExplainer(noise, new LimeOptions { SampleCount = 300, FeatureCount = 2, StabilityRuns = 4 })
            .Explain("one two three four five six seven eight nine ten eleven twelve");

        Assert.True(e.Stability < 0.6, $"stability {e.Stability}");
        Assert.True(e.IsUnstable);
        Assert.True(e.LocalR2 < 0.2);
    }

    [Fact]
    public void Explain_RemovesEveryOccurrenceAndKeepsSeparators()
    {
        var seen = new List<string>();
        var recorder = new DelegateBatchPredictor<string>(2, texts =>
        {
            seen.AddRange(texts);
            return [.. texts.Select(_ => new[] { 0.5f, 0.5f })];
        });
        new LimeTextExplainer(recorder, new LimeOptions { SampleCount = 200, StabilityRuns = 0 }).Explain("good, good; don't!");

        Assert.Equal("good, good; don't!", seen[0]);
        Assert.All(seen, t => Assert.True(t is "good, good; don't!" or ", ; don't!" or "good, good; !" or ", ; !", t));
        Assert.Contains(", ; !", seen);
    }

    [Fact]
    public void Tokenizer_KeepsApostrophesInsideWords()
    {
        const string text = "It's 'fine' — naïve café_2 don’t";
        Assert.Equal(["It's", "fine", "naïve", "café_2", "don’t"], TextTokenizer.Words(text).Select(r => text[r]));
    }

    [Fact]
    public void Explain_BadInput_ClearErrors()
    {
        var explainer = new LimeTextExplainer(LinearWordModel(), new LimeOptions { SampleCount = 50, StabilityRuns = 0 });
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => explainer.Explain(" ?! ")).ParamName);
        Assert.Equal("classIndex", Assert.Throws<ArgumentException>(() => explainer.Explain("great", classIndex: 2)).ParamName);

        var wrongSize = new DelegateBatchPredictor<string>(2, texts => [.. texts.Select(_ => new[] { 1f })]);
        Assert.Contains("1 probabilities", Assert.Throws<InvalidOperationException>(() => new LimeTextExplainer(wrongSize, new LimeOptions { SampleCount = 10 }).Explain("great")).Message, StringComparison.Ordinal);
        var nan = new DelegateBatchPredictor<string>(2, texts => [.. texts.Select(_ => new[] { float.NaN, 0.5f })]);
        Assert.Contains("NaN", Assert.Throws<InvalidOperationException>(() => new LimeTextExplainer(nan, new LimeOptions { SampleCount = 10 }).Explain("great")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LimeTextExplainer(LinearWordModel(), new LimeOptions { SampleCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LimeTextExplainer(LinearWordModel(), new LimeOptions { KernelWidth = 0 }));
    }

    internal static DelegateBatchPredictor<string> LinearWordModel() => new(2, texts =>
    [
        .. texts.Select(t =>
        {
            var words = TextTokenizer.Words(t).Select(r => t[r]).ToHashSet(StringComparer.Ordinal);
            var p = 0.5f + (words.Contains("great") ? 0.3f : 0) - (words.Contains("awful") ? 0.25f : 0) + (words.Contains("food") ? 0.05f : 0);
            return new[] { 1 - p, p };
        }),
    ]);
}
