namespace ModelMonitor.Projection;

/// <summary>Options of <see cref="EmbeddingDrift.Test(ReadOnlySpan{float}, ReadOnlySpan{float}, int, EmbeddingDriftOptions)"/>. Immutable.</summary>
public sealed record EmbeddingDriftOptions
{
    /// <summary>Each side is subsampled (seeded, without replacement) to at most this many vectors; memory is O(s^2) for the kernel matrix of the 2s pooled points.</summary>
    /// <value>The default value is 1000.</value>
    public int MaxSamplePerSide { get; init; } = 1000;

    /// <summary>Label permutations of the MMD test.</summary>
    /// <value>The default value is 500.</value>
    public int Permutations { get; init; } = 500;

    /// <summary>Drift when the MMD permutation p-value is below this.</summary>
    /// <value>The default value is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Cross-validation folds of the domain classifier.</summary>
    /// <value>The default value is 5.</value>
    public int ClassifierFolds { get; init; } = 5;

    /// <summary>The domain classifier works on at most this many principal components of the pooled sample.</summary>
    /// <value>The default value is 32.</value>
    public int ClassifierComponents { get; init; } = 32;

    /// <summary>The seed of the subsampling, the permutations and the folds.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }
}
