using Microsoft.ML;
using ModelMonitor.Explanations;
using ModelMonitor.Robustness;

namespace ModelMonitor.MLNet.Tests;

/// <summary>LIME and the robustness suites against a real ML.NET sentiment model trained on the bundled reviews.</summary>
public sealed class SentimentExplanationTests : IClassFixture<SentimentModelFixture>
{
    private readonly SentimentModelFixture _model;

    public SentimentExplanationTests(SentimentModelFixture model) => _model = model;

    [Theory]
    [InlineData("The food was great and the staff were friendly.", "great", 1)]
    [InlineData("This phone is terrible, it broke after a week.", "terrible", 0)]
    [InlineData("Excellent sound and the battery lasts for days.", "Excellent", 1)]
    public void Explain_ObviousSentimentWord_IsTheTopFeatureWithTheRightSign(string text, string word, int expectedClass)
    {
        var explainer = new LimeTextExplainer(_model.Predictor, new LimeOptions { SampleCount = 2000, FeatureCount = 6, StabilityRuns = 1 });

        var e = explainer.Explain(text, classIndex: 1);

        Assert.Equal(expectedClass, e.PredictedClass);
        Assert.Equal(word, e.Features[0].Feature);
        Assert.Equal(expectedClass == 1, e.Features[0].Weight > 0);
        // The local model imitates the real one near the text, and reproduces its prediction closely.
        Assert.InRange(e.LocalR2, 0.3, 1.0);
        Assert.Equal(e.ModelProbability, e.LocalPrediction, 0.15);
        Assert.NotNull(e.Stability);
    }

    [Fact]
    public void Aggregate_YelpExplanations_PutPositiveWordsTowardsPositive()
    {
        var explainer = new LimeTextExplainer(_model.Predictor, new LimeOptions { SampleCount = 500, FeatureCount = 5, StabilityRuns = 0 });
        var explanations = explainer.ExplainMany(_model.Yelp.Take(40).Select(r => r.Text), classIndex: 1);

        var positive = Assert.Single(ClassExplanations.Aggregate(explanations, topCount: 5));

        Assert.Equal(40, positive.ExplanationCount);
        Assert.Contains(positive.Towards.Select(f => f.Feature.ToLowerInvariant()), w => w is "great" or "good" or "delicious" or "amazing" or "love" or "loved" or "best" or "nice");
        Assert.All(positive.Towards, f => Assert.True(f.MeanWeight > 0));
        Assert.All(positive.Away, f => Assert.True(f.MeanWeight < 0));
    }

    [Fact]
    public void Robustness_SentimentModel_WhitespaceAndCasingBarelyMatterTyposDoMore()
    {
        var inputs = _model.Yelp.Take(300).Select(r => r.Text).ToList();
        var report = RobustnessChecker.Check(_model.Predictor, inputs, [TextPerturbations.Casing(), TextPerturbations.Typos(0.3), TextPerturbations.WordDropout(0.3)], new RobustnessOptions { MaxFlipRate = 0.1 });

        var casing = report.Suites[0];
        var typos = report.Suites[1];
        Assert.Equal(300, casing.Count);
        // FeaturizeText lower-cases its input, so casing changes nothing; typos and dropped words change features.
        Assert.Equal(0, casing.Flips);
        Assert.True(typos.Flips > 0);
        Assert.True(report.Suites[2].MeanConfidenceChange > casing.MeanConfidenceChange);
        Assert.All(typos.Examples, e => Assert.NotEqual(e.Original, e.Perturbed));
    }
}

/// <summary>Trains the sentiment model once for the tests of a class.</summary>
public sealed class SentimentModelFixture
{
    public SentimentModelFixture()
    {
        Amazon = SentimentFiles.Read(SentimentFiles.Amazon);
        Yelp = SentimentFiles.Read(SentimentFiles.Yelp);
        var ml = new MLContext(seed: 0);
        var training = ml.Data.LoadFromEnumerable(Amazon.Concat(Yelp.Skip(500)).Select(r => new TrainingRow { Text = r.Text, Label = r.Label }).ToList());
        var model = ml.Transforms.Text.FeaturizeText("Features", nameof(TrainingRow.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(training);
        Predictor = new TextModelPredictor(ml, model);
    }

    public IReadOnlyList<Review> Amazon { get; }

    public IReadOnlyList<Review> Yelp { get; }

    public TextModelPredictor Predictor { get; }

    private sealed class TrainingRow
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }
}
