namespace ModelMonitor.Projection;

/// <summary>The distance UMAP uses between input vectors.</summary>
public enum UmapMetric
{
    /// <summary>Euclidean distance.</summary>
    Euclidean,

    /// <summary>Cosine distance, 1 - cos(x, y); vectors are normalised to unit length once (zero vectors are rejected).</summary>
    Cosine,
}

/// <summary>Options of <see cref="Umap"/>. Immutable; the defaults are umap-learn's.</summary>
public sealed record UmapOptions
{
    /// <summary>
    /// Datasets of at most this many points always get exact nearest neighbours. Larger ones get them too while
    /// n² · (d + 192) is at most 1.6e11 (about a second of brute force on two cores: 10 000 points of 768 dimensions,
    /// 25 000 of 64), and NN-descent beyond.
    /// </summary>
    public const int ExactNeighborsLimit = 4096;

    /// <summary>The size of the local neighbourhood, the point itself included (umap-learn's <c>n_neighbors</c>).</summary>
    /// <value>The default value is 15.</value>
    public int Neighbors { get; init; } = 15;

    /// <summary>The dimension of the embedding.</summary>
    /// <value>The default value is 2.</value>
    public int Components { get; init; } = 2;

    /// <summary>How close points may be packed in the embedding.</summary>
    /// <value>The default value is 0.1.</value>
    public double MinDist { get; init; } = 0.1;

    /// <summary>The scale of the embedded points; with <see cref="MinDist"/> it fixes the curve parameters a and b.</summary>
    /// <value>The default value is 1.</value>
    public double Spread { get; init; } = 1.0;

    /// <summary>The input distance.</summary>
    /// <value>The default value is <see cref="UmapMetric.Euclidean"/>.</value>
    public UmapMetric Metric { get; init; } = UmapMetric.Euclidean;

    /// <summary>Optimisation epochs; <see langword="null"/> takes 500 up to 10 000 points and 200 above (umap-learn's rule).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? Epochs { get; init; }

    /// <summary>Epochs of the per-point optimisation in <see cref="UmapModel.Transform(ReadOnlySpan{float})"/>.</summary>
    /// <value>The default value is 100.</value>
    public int TransformEpochs { get; init; } = 100;

    /// <summary>The initial learning rate of the layout.</summary>
    /// <value>The default value is 1.</value>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Negative samples per positive sample.</summary>
    /// <value>The default value is 5.</value>
    public int NegativeSampleRate { get; init; } = 5;

    /// <summary>The weight of the repulsion of negative samples (umap-learn's <c>repulsion_strength</c>, gamma).</summary>
    /// <value>The default value is 1.</value>
    public double RepulsionStrength { get; init; } = 1.0;

    /// <summary>The seed: the same data, options and seed give the same embedding on every machine and core count.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;
}
