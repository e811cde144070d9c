namespace ModelMonitor.Explanations;

/// <summary>A feature of an explanation and its signed weight in the local model.</summary>
/// <param name="Feature">The feature (a word, for text).</param>
/// <param name="Weight">How much its presence moves the explained class's probability, locally; positive pushes towards the class.</param>
public sealed record FeatureWeight(string Feature, double Weight);

/// <summary>Why a model gave one input (a text, or a tabular row) its score for one class: a local linear model fitted on perturbations of the input.</summary>
public sealed record LocalExplanation
{
    /// <summary>Gets the explained input: the text, or for a tabular row its columns as <c>name=value</c> pairs.</summary>
    public required string Input { get; init; }

    /// <summary>Gets the explained class.</summary>
    public required int ClassIndex { get; init; }

    /// <summary>Gets the class the model predicts for the text (the highest probability).</summary>
    public required int PredictedClass { get; init; }

    /// <summary>Gets the model's probability of the explained class for the text.</summary>
    public required double ModelProbability { get; init; }

    /// <summary>Gets the local model's prediction for the text (all words present).</summary>
    public required double LocalPrediction { get; init; }

    /// <summary>Gets the local model's intercept (every chosen word removed).</summary>
    public required double Intercept { get; init; }

    /// <summary>Gets the weighted R² of the local model on the perturbations: how well it imitates the model near the text.</summary>
    public required double LocalR2 { get; init; }

    /// <summary>Gets the chosen features, largest absolute weight first.</summary>
    public required IReadOnlyList<FeatureWeight> Features { get; init; }

    /// <summary>Gets the mean overlap (Jaccard) of the chosen features with those of re-runs under other seeds, in [0, 1]; null when not measured.</summary>
    public double? Stability { get; init; }

    /// <summary>Gets whether the stability was measured and fell below the options' minimum: the explanation changes with the seed, so do not trust its details.</summary>
    public bool IsUnstable { get; init; }

    /// <summary>Gets the number of perturbed samples the local model was fitted on.</summary>
    public required int SampleCount { get; init; }
}
