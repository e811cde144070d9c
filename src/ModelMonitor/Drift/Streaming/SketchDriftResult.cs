namespace ModelMonitor.Drift;

/// <summary>The decision of a sketch-based drift test, which may be unable to decide.</summary>
public enum SketchDecision
{
    /// <summary>No drift at every statistic the sketches' error bound allows.</summary>
    NoDrift = 0,

    /// <summary>Drift at every statistic the sketches' error bound allows.</summary>
    Drift = 1,

    /// <summary>The error bound straddles the threshold: the sketches are too coarse to tell; use a larger accuracy or an effect-size threshold.</summary>
    Undecided = 2,
}

/// <summary>
/// The outcome of a drift test computed from two quantile sketches: the statistic, the interval the
/// exact statistic lies in, the p-values at the ends of that interval, and a decision that is only
/// made when both ends agree.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="StatisticLower"/> and <see cref="StatisticUpper"/> are <see cref="Statistic"/> minus and
/// plus <see cref="ErrorBound"/>, clamped to the statistic's range: the exact statistic of the
/// streams lies between them whenever both sketches keep their rank error bound (with high
/// probability; see <see cref="Statistics.QuantileSketch.RankErrorBound(int)"/>).
/// </para>
/// <para>
/// With a p-value, <see cref="PValueLower"/> is the p-value at <see cref="StatisticUpper"/> and
/// <see cref="PValueUpper"/> the one at <see cref="StatisticLower"/>; the decision is
/// <see cref="SketchDecision.Drift"/> when <see cref="PValueUpper"/> is below the threshold,
/// <see cref="SketchDecision.NoDrift"/> when <see cref="PValueLower"/> is not, and
/// <see cref="SketchDecision.Undecided"/> otherwise. Without a p-value the decision compares the
/// statistic interval with the threshold the same way. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed record SketchDriftResult
{
    /// <summary>Gets the method.</summary>
    public required DriftMethod Method { get; init; }

    /// <summary>Gets the statistic computed from the sketches.</summary>
    public required double Statistic { get; init; }

    /// <summary>Gets the bound on <c>|Statistic - exact statistic|</c> that holds when both sketches keep their rank error bound.</summary>
    public required double ErrorBound { get; init; }

    /// <summary>Gets the smallest value the exact statistic can have.</summary>
    public required double StatisticLower { get; init; }

    /// <summary>Gets the largest value the exact statistic can have.</summary>
    public required double StatisticUpper { get; init; }

    /// <summary>Gets the p-value at <see cref="StatisticUpper"/> (the smallest), or <see langword="null"/> when the method has none.</summary>
    public double? PValueLower { get; init; }

    /// <summary>Gets the p-value at <see cref="StatisticLower"/> (the largest), or <see langword="null"/> when the method has none.</summary>
    public double? PValueUpper { get; init; }

    /// <summary>Gets the threshold: the significance level when there is a p-value, the distance threshold otherwise.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the decision.</summary>
    public required SketchDecision Decision { get; init; }

    /// <summary>Gets the number of values the reference sketch observed.</summary>
    public required long ReferenceCount { get; init; }

    /// <summary>Gets the number of values the current sketch observed.</summary>
    public required long CurrentCount { get; init; }

    /// <summary>
    /// Converts to a <see cref="DriftTestResult"/> for code that handles every test alike,
    /// conservatively: the p-value is <see cref="PValueUpper"/> (and, without one, the statistic is
    /// <see cref="StatisticLower"/>), so it signals drift only when the decision is
    /// <see cref="SketchDecision.Drift"/>; an undecided result reads as no drift.
    /// </summary>
    /// <returns>The conservative result, with <see cref="PValueMethod.Asymptotic"/> when there is a p-value.</returns>
    public DriftTestResult ToDriftTestResult() =>
        PValueUpper is { } p
            ? new DriftTestResult(Method, Statistic, p, Threshold, ReferenceCount, CurrentCount) { PValueMethod = PValueMethod.Asymptotic }
            : new DriftTestResult(Method, StatisticLower, null, Threshold, ReferenceCount, CurrentCount);
}
