namespace ModelMonitor.Projection;

/// <summary>How far serving embeddings have moved from reference embeddings, by three measures. Immutable.</summary>
/// <param name="ReferenceCount">Reference vectors used (after subsampling).</param>
/// <param name="ServingCount">Serving vectors used (after subsampling).</param>
/// <param name="Mmd2">The unbiased squared maximum mean discrepancy with the RBF kernel <c>exp(-|x - y|^2 / (2 sigma^2))</c>; near 0 (possibly slightly negative) without drift.</param>
/// <param name="Bandwidth">sigma: the median pairwise euclidean distance of the pooled sample.</param>
/// <param name="MmdPValue">The permutation p-value, (b + 1) / (B + 1) with b of B permutations at least as large as observed.</param>
/// <param name="Permutations">B.</param>
/// <param name="DomainAuc">Cross-validated ROC AUC of a logistic regression telling serving from reference; 0.5 when they cannot be told apart.</param>
/// <param name="DomainAucLower">The lower end of the AUC's 95% interval (Hanley and McNeil standard error).</param>
/// <param name="DomainAucUpper">The upper end of the AUC's 95% interval.</param>
/// <param name="CentroidEuclidean">The euclidean distance between the means of the two samples.</param>
/// <param name="CentroidCosine">The cosine distance, 1 - cos, between the two means.</param>
/// <param name="Alpha">The significance level of <see cref="IsDrift"/>.</param>
public sealed record EmbeddingDriftResult(
    int ReferenceCount,
    int ServingCount,
    double Mmd2,
    double Bandwidth,
    double MmdPValue,
    int Permutations,
    double DomainAuc,
    double DomainAucLower,
    double DomainAucUpper,
    double CentroidEuclidean,
    double CentroidCosine,
    double Alpha)
{
    /// <summary>Whether the MMD permutation test rejects "same distribution" at <see cref="Alpha"/>.</summary>
    public bool IsDrift => MmdPValue < Alpha;

    /// <summary>Whether the domain classifier separates the samples: the AUC interval lies above 0.5.</summary>
    public bool DomainClassifierSeparates => DomainAucLower > 0.5;
}
