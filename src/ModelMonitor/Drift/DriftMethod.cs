namespace ModelMonitor.Drift;

/// <summary>The statistical test or distance that produced a <see cref="DriftTestResult"/>.</summary>
public enum DriftMethod
{
    /// <summary>Two-sample Kolmogorov-Smirnov test: the largest gap between the two empirical CDFs, with a p-value.</summary>
    KolmogorovSmirnov = 0,

    /// <summary>Wasserstein-1 (earth mover's) distance between the two samples, in the data's units; no p-value.</summary>
    Wasserstein = 1,

    /// <summary>Wasserstein-1 distance divided by the reference's population standard deviation; no p-value.</summary>
    NormalizedWasserstein = 2,

    /// <summary>Energy distance between the two samples (SciPy's definition, the square root of twice the energy statistic); no p-value.</summary>
    EnergyDistance = 3,

    /// <summary>Pearson's chi-square goodness-of-fit test of current category counts against the reference's proportions.</summary>
    ChiSquareGoodnessOfFit = 4,

    /// <summary>Pearson's chi-square test of independence on the 2 x k table of reference and current category counts.</summary>
    ChiSquareContingency = 5,

    /// <summary>Cramér's V of the 2 x k table of reference and current category counts (an effect size in [0, 1]); no p-value.</summary>
    CramersV = 6,

    /// <summary>The pooled two-proportion z-test of a binary outcome, two-sided.</summary>
    TwoProportionZTest = 7,

    /// <summary>Population stability index of binned or categorical proportions; no p-value.</summary>
    PopulationStabilityIndex = 8,

    /// <summary>Jensen-Shannon distance (the square root of the divergence) of binned or categorical proportions; no p-value.</summary>
    JensenShannon = 9,

    /// <summary>Hellinger distance of binned or categorical proportions, in [0, 1]; no p-value.</summary>
    Hellinger = 10,

    /// <summary>Two-sample Cramér-von Mises test: the integrated squared gap between the empirical CDFs, with a p-value.</summary>
    CramerVonMises = 11,

    /// <summary>Anderson-Darling k-sample test (Scholz and Stephens) for two samples, with a p-value interpolated from a table and capped to [0.001, 0.25].</summary>
    AndersonDarling = 12,

    /// <summary>L-infinity distance of category proportions: the largest change of any one category's share; no p-value.</summary>
    LInfinity = 13,
}

/// <summary>The alternative hypothesis of a one- or two-sided test.</summary>
/// <remarks>
/// For the Kolmogorov-Smirnov test, with <c>F</c> the reference's and <c>G</c> the current sample's
/// empirical CDF (SciPy's <c>ks_2samp(reference, current)</c>): <see cref="Greater"/> measures
/// <c>max(F - G)</c> (the reference tends to be smaller, the current sample has moved up),
/// <see cref="Less"/> measures <c>max(G - F)</c> (the current sample has moved down).
/// </remarks>
public enum TestAlternative
{
    /// <summary>The distributions differ in either direction.</summary>
    TwoSided = 0,

    /// <summary>The reference's CDF lies above the current sample's somewhere.</summary>
    Greater = 1,

    /// <summary>The reference's CDF lies below the current sample's somewhere.</summary>
    Less = 2,
}

/// <summary>How a p-value is computed: requested by a caller (<see cref="Auto"/> lets the test choose).</summary>
public enum PValueMode
{
    /// <summary>Exact for small samples, asymptotic for large ones; the rule is documented per test.</summary>
    Auto = 0,

    /// <summary>The exact null distribution (may fall back to <see cref="Asymptotic"/> where it cannot be computed; the result says so).</summary>
    Exact = 1,

    /// <summary>The asymptotic (large-sample) approximation.</summary>
    Asymptotic = 2,
}

/// <summary>How the p-value of a <see cref="DriftTestResult"/> was obtained.</summary>
public enum PValueMethod
{
    /// <summary>The method has no p-value (a distance); <see cref="DriftTestResult.PValue"/> is <see langword="null"/>.</summary>
    None = 0,

    /// <summary>From the exact null distribution for the given sample sizes.</summary>
    Exact = 1,

    /// <summary>From an asymptotic (large-sample) approximation of the null distribution.</summary>
    Asymptotic = 2,

    /// <summary>Interpolated from a table of critical values and clipped to the table's range (Anderson-Darling).</summary>
    Interpolated = 3,
}
