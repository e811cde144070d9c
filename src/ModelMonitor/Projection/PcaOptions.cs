namespace ModelMonitor.Projection;

/// <summary>How <see cref="Pca"/> finds the principal axes.</summary>
public enum PcaSolver
{
    /// <summary>Exact for at most <see cref="PcaOptions.ExactDimensionLimit"/> dimensions or when many components are asked for; randomized otherwise.</summary>
    Auto,

    /// <summary>The eigen-decomposition of the covariance matrix (MathNet); O(n d^2 + d^3).</summary>
    Exact,

    /// <summary>A seeded randomized SVD (Halko, Martinsson and Tropp) with oversampling and QR-normalised power iterations; O(n d (k + p) q).</summary>
    Randomized,
}

/// <summary>Options of <see cref="Pca.Fit(ReadOnlySpan{double}, int, PcaOptions)"/>. Immutable.</summary>
public sealed record PcaOptions
{
    /// <summary>With <see cref="PcaSolver.Auto"/>, data with at most this many dimensions is decomposed exactly.</summary>
    public const int ExactDimensionLimit = 256;

    /// <summary>The number of components to keep.</summary>
    /// <value>The default value is 2.</value>
    public int Components { get; init; } = 2;

    /// <summary>Whether <see cref="PcaModel.Transform(ReadOnlySpan{double})"/> divides each coordinate by the square root of its explained variance (unit variance on the fitted data).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Whiten { get; init; }

    /// <summary>The solver.</summary>
    /// <value>The default value is <see cref="PcaSolver.Auto"/>.</value>
    public PcaSolver Solver { get; init; } = PcaSolver.Auto;

    /// <summary>Extra random directions of the randomized solver beyond <see cref="Components"/>.</summary>
    /// <value>The default value is 10.</value>
    public int Oversampling { get; init; } = 10;

    /// <summary>Power iterations of the randomized solver; <see langword="null"/> takes 7 when fewer components than a tenth of min(n, d) are kept, otherwise 4 (scikit-learn's rule).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? PowerIterations { get; init; }

    /// <summary>The seed of the randomized solver's Gaussian test matrix.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; init; }
}
