namespace ModelMonitor.Drift;

/// <summary>
/// The outcome of one drift test or distance between a reference sample (training data, say) and a
/// current sample (a serving window): the statistic, the p-value where the method has one, the
/// threshold it was judged against, the decision, and how many values took part.
/// </summary>
/// <remarks>
/// <para>
/// The decision rule is fixed by the kind of method, so a detector can treat every result alike:
/// with a p-value, <see cref="IsDrift"/> is <c>PValue &lt; Threshold</c> (the threshold is the
/// significance level); without one (a distance), it is <c>Statistic &gt;= Threshold</c>. A
/// statistic or p-value is never NaN: the tests reject input that would make one (an empty sample,
/// infinities) with an <see cref="ArgumentException"/> instead, so "no drift" always means the data
/// were looked at. A statistic can be <see cref="double.PositiveInfinity"/> where the change is
/// unbounded (a category the reference never saw, in the chi-square goodness of fit; any change
/// from a constant reference, in the normalised Wasserstein distance); that is drift at any
/// threshold. System.Text.Json writes it only with
/// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>.
/// </para>
/// <para>
/// NaN values are not part of either sample: they are removed before the test and counted in
/// <see cref="ReferenceDropped"/> and <see cref="CurrentDropped"/>; <see cref="ReferenceCount"/> and
/// <see cref="CurrentCount"/> are the values actually used.
/// </para>
/// <para>Immutable and therefore thread-safe.</para>
/// </remarks>
public sealed record DriftTestResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="method">The method that produced it.</param>
    /// <param name="statistic">The test statistic or distance; not NaN.</param>
    /// <param name="pValue">The p-value in [0, 1], or <see langword="null"/> when the method has none.</param>
    /// <param name="threshold">The significance level (with a p-value) or the distance threshold (without); finite and not negative.</param>
    /// <param name="referenceCount">The number of reference values used.</param>
    /// <param name="currentCount">The number of current values used.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is NaN, out of range or negative.</exception>
    public DriftTestResult(DriftMethod method, double statistic, double? pValue, double threshold, long referenceCount, long currentCount)
    {
        if (double.IsNaN(statistic))
        {
            throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "A drift statistic cannot be NaN.");
        }

        if (pValue is { } p && !(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pValue), pValue, "A p-value must lie in [0, 1].");
        }

        if (!(threshold >= 0) || double.IsInfinity(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold must be finite and not negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(referenceCount);
        ArgumentOutOfRangeException.ThrowIfNegative(currentCount);
        Method = method;
        Statistic = statistic;
        PValue = pValue;
        Threshold = threshold;
        ReferenceCount = referenceCount;
        CurrentCount = currentCount;
    }

    /// <summary>The default significance level of tests with a p-value.</summary>
    public const double DefaultSignificance = 0.05;

    /// <summary>Gets the method that produced this result.</summary>
    public DriftMethod Method { get; }

    /// <summary>Gets the test statistic (or the distance, for methods without a p-value).</summary>
    public double Statistic { get; }

    /// <summary>Gets the p-value, or <see langword="null"/> when <see cref="Method"/> has none.</summary>
    public double? PValue { get; }

    /// <summary>Gets the threshold: the significance level when there is a p-value, the distance threshold otherwise.</summary>
    public double Threshold { get; }

    /// <summary>
    /// Gets a value indicating whether the result signals drift: <c>PValue &lt; Threshold</c> when
    /// there is a p-value, <c>Statistic &gt;= Threshold</c> otherwise.
    /// </summary>
    public bool IsDrift => PValue is { } p ? p < Threshold : Statistic >= Threshold;

    /// <summary>Gets the number of reference values the test used (NaN excluded).</summary>
    public long ReferenceCount { get; }

    /// <summary>Gets the number of current values the test used (NaN excluded).</summary>
    public long CurrentCount { get; }

    /// <summary>Gets the number of NaN reference values removed before the test.</summary>
    public long ReferenceDropped { get; init; }

    /// <summary>Gets the number of NaN current values removed before the test.</summary>
    public long CurrentDropped { get; init; }

    /// <summary>Gets how the p-value was obtained; <see cref="PValueMethod.None"/> when there is none.</summary>
    public PValueMethod PValueMethod { get; init; }

    /// <summary>
    /// Gets, for tests on category or bin counts, the number of categories (bins) the current sample
    /// has and the reference lacks: new values in serving. 0 for tests on raw samples.
    /// </summary>
    public int UnseenCategories { get; init; }

    /// <summary>
    /// Gets, for tests on category or bin counts, the number of categories (bins) the reference has
    /// and the current sample lacks. 0 for tests on raw samples.
    /// </summary>
    public int MissingCategories { get; init; }

    /// <summary>Gets the alternative hypothesis of the test; <see cref="TestAlternative.TwoSided"/> for distances.</summary>
    public TestAlternative Alternative { get; init; }
}
