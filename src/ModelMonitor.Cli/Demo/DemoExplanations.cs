using ModelMonitor.Explanations;
using ModelMonitor.Robustness;

namespace ModelMonitor.Cli.Demo;

/// <summary>The demo's explanation section: why the model got its most confident Yelp mistakes wrong, the words behind each class, and how perturbations move it.</summary>
internal sealed record ExplanationSummary
{
    /// <summary>Gets LIME explanations of the most confident wrong Yelp predictions, most confident first.</summary>
    public required IReadOnlyList<LocalExplanation> ConfidentMistakes { get; init; }

    /// <summary>Gets the class-level words over a sample of Yelp reviews (explaining P(positive)).</summary>
    public required ClassExplanation PositiveClass { get; init; }

    /// <summary>Gets how many reviews the class-level words aggregate.</summary>
    public required int AggregatedCount { get; init; }

    /// <summary>Gets the texts of the reviews a submodular pick chose as representative.</summary>
    public required IReadOnlyList<string> Representative { get; init; }

    /// <summary>Gets the robustness of the model on a sample of Yelp reviews.</summary>
    public required RobustnessReport<string> Robustness { get; init; }
}

/// <summary>Builds the explanation section of the demo.</summary>
internal static class DemoExplanations
{
    public const int Mistakes = 3;
    public const int Aggregated = 100;
    public const int RobustnessSample = 300;
    public const double MaxFlipRate = 0.05;

    /// <summary>Synonyms a reviewer might have used instead: the model should not care.</summary>
    public static readonly IReadOnlyDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["great"] = "excellent",
        ["good"] = "fine",
        ["bad"] = "poor",
        ["terrible"] = "awful",
        ["food"] = "meal",
        ["place"] = "restaurant",
        ["service"] = "staff",
        ["delicious"] = "tasty",
    };

    public static ExplanationSummary Build(IBatchPredictor<string> predictor, IReadOnlyList<PredictionRecord> serving, IReadOnlyList<LabelledSentence> sentences)
    {
        // The most confident mistakes first: where a wrong answer is most surprising.
        var mistakes = Enumerable.Range(0, serving.Count)
            .Where(i => serving[i].Label is { } label && label != serving[i].PredictedClass)
            .OrderByDescending(i => Math.Abs(serving[i].Scores.Span[0] - 0.5))
            .ThenBy(i => i)
            .Take(Mistakes)
            .Select(i => sentences[i].Text)
            .ToList();
        var detailed = new LimeTextExplainer(predictor, new LimeOptions { SampleCount = 5000, FeatureCount = 6, StabilityRuns = 2 });
        var explained = mistakes.Select(t => detailed.Explain(t)).ToList();

        var quick = new LimeTextExplainer(predictor, new LimeOptions { SampleCount = 500, FeatureCount = 5, StabilityRuns = 0 });
        var sample = sentences.Take(Aggregated).Select(s => s.Text).ToList();
        var many = quick.ExplainMany(sample, classIndex: 1);
        var positive = ClassExplanations.Aggregate(many, topCount: 6).Single();
        var picked = ClassExplanations.SubmodularPick(many, 2).Select(i => sample[i]).ToList();

        var robustness = RobustnessChecker.Check(
            predictor,
            [.. sentences.Take(RobustnessSample).Select(s => s.Text)],
            [.. TextPerturbations.All(), TextPerturbations.Replacements(Synonyms, "synonyms")],
            new RobustnessOptions { MaxFlipRate = MaxFlipRate, ExamplesPerSuite = 1 });

        return new ExplanationSummary
        {
            ConfidentMistakes = explained,
            PositiveClass = positive,
            AggregatedCount = many.Count,
            Representative = picked,
            Robustness = robustness,
        };
    }
}
