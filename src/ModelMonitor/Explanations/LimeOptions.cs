namespace ModelMonitor.Explanations;

/// <summary>How an explainer picks the features of its local model.</summary>
public enum FeatureSelection
{
    /// <summary><see cref="ForwardSelection"/> for at most 6 features, <see cref="HighestWeights"/> otherwise (LIME's "auto").</summary>
    Auto = 0,

    /// <summary>Greedily add the feature that most improves the weighted R² of the local model.</summary>
    ForwardSelection = 1,

    /// <summary>Fit on every feature and keep the largest absolute weights.</summary>
    HighestWeights = 2,

    /// <summary>Keep every feature.</summary>
    All = 3,
}

/// <summary>Options of <see cref="LimeTextExplainer"/>.</summary>
public sealed class LimeOptions
{
    /// <summary>Gets or sets the number of perturbed samples, the original included; at least 2.</summary>
    /// <value>The default value is 5000, LIME's.</value>
    public int SampleCount { get; set; } = 5000;

    /// <summary>Gets or sets the number of features an explanation reports, at least 1.</summary>
    /// <value>The default value is 10.</value>
    public int FeatureCount { get; set; } = 10;

    /// <summary>Gets or sets how the features are chosen.</summary>
    /// <value>The default value is <see cref="FeatureSelection.Auto"/>.</value>
    public FeatureSelection FeatureSelection { get; set; } = FeatureSelection.Auto;

    /// <summary>Gets or sets the width of the exponential kernel over the cosine distance (times 100) to the original.</summary>
    /// <value>The default value is 25, LIME's for text.</value>
    public double KernelWidth { get; set; } = 25;

    /// <summary>Gets or sets the ridge penalty of the local model.</summary>
    /// <value>The default value is 1, LIME's.</value>
    public double RidgeAlpha { get; set; } = 1;

    /// <summary>Gets or sets the seed; the same seed, text and model give the same explanation.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets the most perturbations passed to the model in one call.</summary>
    /// <value>The default value is 5000: one call for a default explanation.</value>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Gets or sets how many extra explanations, with seeds <c>Seed + 1</c>, <c>Seed + 2</c>, ..., measure stability; 0 to skip (each costs a full explanation).</summary>
    /// <value>The default value is 2.</value>
    public int StabilityRuns { get; set; } = 2;

    /// <summary>Gets or sets the stability below which an explanation is flagged as unstable.</summary>
    /// <value>The default value is 0.6.</value>
    public double MinimumStability { get; set; } = 0.6;

    internal void Validate()
    {
        if (SampleCount < 2 || FeatureCount < 1 || BatchSize < 1 || StabilityRuns < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(LimeOptions),
                $"SampleCount ({SampleCount}) must be at least 2, FeatureCount ({FeatureCount}) and BatchSize ({BatchSize}) at least 1, StabilityRuns ({StabilityRuns}) at least 0.");
        }

        if (!(KernelWidth > 0) || double.IsPositiveInfinity(KernelWidth) || !(RidgeAlpha >= 0) || double.IsPositiveInfinity(RidgeAlpha)
            || !(MinimumStability >= 0 && MinimumStability <= 1) || !Enum.IsDefined(FeatureSelection))
        {
            throw new ArgumentOutOfRangeException(
                nameof(LimeOptions),
                $"KernelWidth ({KernelWidth}) must be positive, RidgeAlpha ({RidgeAlpha}) at least 0, MinimumStability ({MinimumStability}) in [0, 1], FeatureSelection ({FeatureSelection}) defined.");
        }
    }
}
