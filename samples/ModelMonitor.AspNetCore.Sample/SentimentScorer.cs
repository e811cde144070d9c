using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ModelMonitor.AspNetCore.Sample;

/// <summary>A review to score, with the country it came from (the monitoring cohort).</summary>
/// <param name="Text">The review's text.</param>
/// <param name="Country">The cohort key, for instance a country code.</param>
internal sealed record Review(string Text, string? Country);

internal sealed class SentimentInput
{
    public string Text { get; set; } = string.Empty;

    public bool Label { get; set; }
}

internal sealed class SentimentOutput
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}

/// <summary>
/// Scores reviews with an ML.NET binary classifier. A real service loads its trained model with
/// <c>mlContext.Model.Load</c>; this sample trains a tiny one at start-up so that it runs alone.
/// </summary>
internal sealed class SentimentScorer
{
    private static readonly SentimentInput[] Training =
    [
        new() { Text = "Great phone, works perfectly", Label = true },
        new() { Text = "Excellent battery and a sharp screen", Label = true },
        new() { Text = "I love it, highly recommended", Label = true },
        new() { Text = "Good value and fast delivery", Label = true },
        new() { Text = "Terrible, it broke after a day", Label = false },
        new() { Text = "Awful sound and poor quality", Label = false },
        new() { Text = "Do not buy, waste of money", Label = false },
        new() { Text = "Bad battery, very disappointed", Label = false },
    ];

    private readonly ObjectPool<PredictionEngine<SentimentInput, SentimentOutput>> _engines;

    public SentimentScorer()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.Text.FeaturizeText("Features", nameof(SentimentInput.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(l2Regularization: 1e-4f, maximumNumberOfIterations: 100))
            .Fit(ml.Data.LoadFromEnumerable(Training));
        _engines = new DefaultObjectPool<PredictionEngine<SentimentInput, SentimentOutput>>(new EnginePolicy(ml, model));
    }

    public SentimentOutput Predict(string text)
    {
        var engine = _engines.Get();
        try
        {
            return engine.Predict(new SentimentInput { Text = text });
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<SentimentInput, SentimentOutput>>
    {
        public override PredictionEngine<SentimentInput, SentimentOutput> Create() => ml.Model.CreatePredictionEngine<SentimentInput, SentimentOutput>(model);

        public override bool Return(PredictionEngine<SentimentInput, SentimentOutput> obj) => true;
    }
}
