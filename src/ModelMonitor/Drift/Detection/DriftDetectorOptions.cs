using System.ComponentModel.DataAnnotations;

namespace ModelMonitor.Drift;

/// <summary>How p-values of several columns are adjusted for testing many columns at once.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>No adjustment: each column is judged on its own p-value.</summary>
    None = 0,

    /// <summary>Bonferroni: each p-value times the number of tested columns (capped at 1); controls the family-wise error rate.</summary>
    Bonferroni = 1,

    /// <summary>Benjamini-Hochberg step-up adjustment; controls the false discovery rate, less conservative than Bonferroni.</summary>
    BenjaminiHochberg = 2,
}

/// <summary>Configures a <see cref="DriftDetector"/>.</summary>
/// <remarks>
/// <para>
/// The default test of a column depends on its kind and on the number of reference rows:
/// with at most <see cref="StatisticalTestMaxReferenceRows"/> rows, numeric columns get the
/// Kolmogorov-Smirnov test and categorical columns the chi-square test on the 2 x k table (the
/// two-proportion z-test when the column has exactly two categories), judged on their p-value against
/// <see cref="Significance"/> after <see cref="Correction"/> and, by default, also on an effect size
/// against <see cref="MinimumEffectSize"/>. With more rows, numeric columns get the normalised
/// Wasserstein distance (against <see cref="NumericDistanceThreshold"/>) and categorical columns the
/// Jensen-Shannon distance (base 2, against <see cref="CategoricalDistanceThreshold"/>). A numeric
/// column with at most <see cref="MaxDistinctValuesForCategorical"/> distinct reference values is
/// treated as categorical. <see cref="NumericMethod"/>, <see cref="CategoricalMethod"/> and
/// <see cref="ColumnMethods"/> override the rule.
/// </para>
/// <para>Not thread-safe while being changed; the detector copies it at construction.</para>
/// </remarks>
public sealed class DriftDetectorOptions
{
    /// <summary>Gets or sets the largest number of reference rows for which the default rule picks tests with a p-value.</summary>
    /// <value>The default value is 1000.</value>
    [Range(0, int.MaxValue)]
    public int StatisticalTestMaxReferenceRows { get; set; } = 1000;

    /// <summary>Gets or sets the most distinct reference values for which a numeric column is treated as categorical (values formatted with the invariant culture); 0 turns this off.</summary>
    /// <value>The default value is 5.</value>
    [Range(0, 1000)]
    public int MaxDistinctValuesForCategorical { get; set; } = 5;

    /// <summary>Gets or sets the significance level of tests with a p-value, applied to the adjusted p-value; in (0, 1).</summary>
    /// <value>The default value is 0.05.</value>
    [Range(double.Epsilon, 1.0)]
    public double Significance { get; set; } = DriftTestResult.DefaultSignificance;

    /// <summary>
    /// Gets or sets the smallest effect size for which a significant test counts as drift: the
    /// normalised Wasserstein distance for numeric columns, the Jensen-Shannon distance (base 2) for
    /// categorical ones. 0 flags every significant change, however small.
    /// </summary>
    /// <value>The default value is 0.1.</value>
    [Range(0.0, double.MaxValue)]
    public double MinimumEffectSize { get; set; } = 0.1;

    /// <summary>Gets or sets how p-values are adjusted across the columns that have one.</summary>
    /// <value>The default value is <see cref="MultipleTestingCorrection.BenjaminiHochberg"/>.</value>
    public MultipleTestingCorrection Correction { get; set; } = MultipleTestingCorrection.BenjaminiHochberg;

    /// <summary>Gets or sets the threshold of the distance methods on numeric columns (normalised Wasserstein, PSI, Jensen-Shannon and Hellinger on quantile bins).</summary>
    /// <value>The default value is 0.1.</value>
    [Range(0.0, double.MaxValue)]
    public double NumericDistanceThreshold { get; set; } = 0.1;

    /// <summary>Gets or sets the threshold of the distance methods on categorical columns (Jensen-Shannon, PSI, Hellinger, Cramér's V).</summary>
    /// <value>The default value is 0.1.</value>
    [Range(0.0, double.MaxValue)]
    public double CategoricalDistanceThreshold { get; set; } = 0.1;

    /// <summary>Gets or sets the share of drifted columns at or above which the whole data set counts as drifted; in (0, 1].</summary>
    /// <value>The default value is 0.5.</value>
    [Range(double.Epsilon, 1.0)]
    public double DriftShare { get; set; } = 0.5;

    /// <summary>Gets or sets the method of every numeric column, overriding the default rule.</summary>
    /// <value>The default value is <see langword="null"/>: the default rule applies.</value>
    public DriftMethod? NumericMethod { get; set; }

    /// <summary>Gets or sets the method of every categorical column (and numeric column treated as categorical), overriding the default rule.</summary>
    /// <value>The default value is <see langword="null"/>: the default rule applies.</value>
    public DriftMethod? CategoricalMethod { get; set; }

    /// <summary>Gets the method of individual columns by name, overriding everything else; the column is tested as its declared kind.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, DriftMethod> ColumnMethods { get; } = new Dictionary<string, DriftMethod>(StringComparer.Ordinal);

    /// <summary>Gets the threshold of individual columns by name: the significance level for tests with a p-value, the distance threshold otherwise.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, double> ColumnThresholds { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The methods a numeric column can be tested with.</summary>
    internal static readonly DriftMethod[] NumericMethods =
    [
        DriftMethod.KolmogorovSmirnov, DriftMethod.NormalizedWasserstein, DriftMethod.PopulationStabilityIndex,
        DriftMethod.JensenShannon, DriftMethod.Hellinger,
    ];

    /// <summary>The methods a categorical column can be tested with.</summary>
    internal static readonly DriftMethod[] CategoricalMethods =
    [
        DriftMethod.ChiSquareContingency, DriftMethod.ChiSquareGoodnessOfFit, DriftMethod.TwoProportionZTest,
        DriftMethod.CramersV, DriftMethod.PopulationStabilityIndex, DriftMethod.JensenShannon, DriftMethod.Hellinger,
    ];

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range or names a method that cannot test its kind of column; the exception names the option.</exception>
    public void Validate()
    {
        if (StatisticalTestMaxReferenceRows < 0)
        {
            throw new ArgumentException($"{nameof(StatisticalTestMaxReferenceRows)} is {StatisticalTestMaxReferenceRows}; it cannot be negative.", nameof(StatisticalTestMaxReferenceRows));
        }

        if (MaxDistinctValuesForCategorical is < 0 or > 1000)
        {
            throw new ArgumentException($"{nameof(MaxDistinctValuesForCategorical)} is {MaxDistinctValuesForCategorical}; it must lie in [0, 1000].", nameof(MaxDistinctValuesForCategorical));
        }

        if (!(Significance > 0 && Significance < 1))
        {
            throw new ArgumentException($"{nameof(Significance)} is {Significance}; it must lie strictly between 0 and 1.", nameof(Significance));
        }

        ValidateNonNegative(MinimumEffectSize, nameof(MinimumEffectSize));
        ValidateNonNegative(NumericDistanceThreshold, nameof(NumericDistanceThreshold));
        ValidateNonNegative(CategoricalDistanceThreshold, nameof(CategoricalDistanceThreshold));
        if (!(DriftShare > 0 && DriftShare <= 1))
        {
            throw new ArgumentException($"{nameof(DriftShare)} is {DriftShare}; it must lie in (0, 1].", nameof(DriftShare));
        }

        if (!Enum.IsDefined(Correction))
        {
            throw new ArgumentException($"{nameof(Correction)} is {Correction}, which is not a defined correction.", nameof(Correction));
        }

        if (NumericMethod is { } n && Array.IndexOf(NumericMethods, n) < 0)
        {
            throw new ArgumentException($"{nameof(NumericMethod)} is {n}; numeric columns support {string.Join(", ", NumericMethods)}.", nameof(NumericMethod));
        }

        if (CategoricalMethod is { } c && Array.IndexOf(CategoricalMethods, c) < 0)
        {
            throw new ArgumentException($"{nameof(CategoricalMethod)} is {c}; categorical columns support {string.Join(", ", CategoricalMethods)}.", nameof(CategoricalMethod));
        }

        foreach (var (column, method) in ColumnMethods)
        {
            if (Array.IndexOf(NumericMethods, method) < 0 && Array.IndexOf(CategoricalMethods, method) < 0)
            {
                throw new ArgumentException($"{nameof(ColumnMethods)}['{column}'] is {method}, which the detector does not support.", nameof(ColumnMethods));
            }
        }

        foreach (var (column, threshold) in ColumnThresholds)
        {
            if (!(threshold >= 0) || double.IsInfinity(threshold))
            {
                throw new ArgumentException($"{nameof(ColumnThresholds)}['{column}'] is {threshold}; a threshold must be finite and not negative.", nameof(ColumnThresholds));
            }
        }
    }

    /// <summary>Copies the options, so later changes to this instance do not reach a detector.</summary>
    internal DriftDetectorOptions Clone()
    {
        var copy = new DriftDetectorOptions
        {
            StatisticalTestMaxReferenceRows = StatisticalTestMaxReferenceRows,
            MaxDistinctValuesForCategorical = MaxDistinctValuesForCategorical,
            Significance = Significance,
            MinimumEffectSize = MinimumEffectSize,
            Correction = Correction,
            NumericDistanceThreshold = NumericDistanceThreshold,
            CategoricalDistanceThreshold = CategoricalDistanceThreshold,
            DriftShare = DriftShare,
            NumericMethod = NumericMethod,
            CategoricalMethod = CategoricalMethod,
        };
        foreach (var (column, method) in ColumnMethods)
        {
            copy.ColumnMethods[column] = method;
        }

        foreach (var (column, threshold) in ColumnThresholds)
        {
            copy.ColumnThresholds[column] = threshold;
        }

        return copy;
    }

    private static void ValidateNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} is {value}; it must be finite and not negative.", name);
        }
    }
}
