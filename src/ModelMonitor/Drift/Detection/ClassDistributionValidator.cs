using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ModelMonitor.Rolling;

namespace ModelMonitor.Drift;

/// <summary>Configures <see cref="ClassDistributionValidator"/>.</summary>
/// <remarks>Not thread-safe while being changed; each call validates and reads it once.</remarks>
public sealed class ClassDistributionOptions
{
    /// <summary>Gets or sets the significance level of the chi-square goodness-of-fit test; in (0, 1).</summary>
    /// <value>The default value is 0.05.</value>
    [Range(double.Epsilon, 1.0)]
    public double Significance { get; set; } = DriftTestResult.DefaultSignificance;

    /// <summary>Gets or sets the population stability index at or above which the change is large enough to count; 0 lets significance alone decide.</summary>
    /// <value>The default value is 0.1 ("some change" by the usual reading; 0.25 is "major").</value>
    [Range(0.0, double.MaxValue)]
    public double PsiThreshold { get; set; } = BinnedDistance.DefaultThreshold;

    /// <summary>
    /// Gets or sets the factor by which one class's share must grow (or shrink, by its inverse) to
    /// count as a large change on its own, even when the PSI stays below <see cref="PsiThreshold"/>: a
    /// class going from 10% to 20% of predictions moves the PSI by less than 0.1. Above 1;
    /// <see langword="null"/> leaves the decision to the PSI.
    /// </summary>
    /// <value>The default value is 1.5.</value>
    public double? ClassRatioThreshold { get; set; } = 1.5;

    /// <summary>Gets or sets the smallest change of a class's share (in share points) for <see cref="ClassRatioThreshold"/> to apply, so rare classes do not alert on noise; in [0, 1].</summary>
    /// <value>The default value is 0.02 (two percentage points).</value>
    [Range(0.0, 1.0)]
    public double MinimumShareChange { get; set; } = 0.02;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public void Validate()
    {
        if (!(Significance > 0 && Significance < 1))
        {
            throw new ArgumentException($"{nameof(Significance)} is {Significance}; it must lie strictly between 0 and 1.", nameof(Significance));
        }

        if (!(PsiThreshold >= 0) || double.IsInfinity(PsiThreshold))
        {
            throw new ArgumentException($"{nameof(PsiThreshold)} is {PsiThreshold}; it must be finite and not negative.", nameof(PsiThreshold));
        }

        if (ClassRatioThreshold is { } ratio && (!(ratio > 1) || double.IsInfinity(ratio)))
        {
            throw new ArgumentException($"{nameof(ClassRatioThreshold)} is {ratio}; it must be finite and above 1.", nameof(ClassRatioThreshold));
        }

        if (!(MinimumShareChange >= 0 && MinimumShareChange <= 1))
        {
            throw new ArgumentException($"{nameof(MinimumShareChange)} is {MinimumShareChange}; it must lie in [0, 1].", nameof(MinimumShareChange));
        }
    }
}

/// <summary>One class's share in the reference (training labels) and in the current window (predictions).</summary>
/// <param name="ClassIndex">The class's index.</param>
/// <param name="ClassName">The class's name (its index as text when none was given).</param>
/// <param name="ReferenceCount">The class's count in the reference.</param>
/// <param name="CurrentCount">The class's count in the current window.</param>
/// <param name="ReferenceShare">The class's share of the reference.</param>
/// <param name="CurrentShare">The class's share of the current window.</param>
/// <param name="Ratio">Current share over reference share; <see cref="double.PositiveInfinity"/> for a class the reference never had but the window has, 1 for a class neither has.</param>
/// <remarks>Immutable and therefore thread-safe.</remarks>
public sealed record ClassShareChange(int ClassIndex, string ClassName, long ReferenceCount, long CurrentCount, double ReferenceShare, double CurrentShare, double Ratio)
{
    /// <summary>Describes the change, e.g. "class 3: 10% in training, 20% in serving (x2)".</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"class {ClassName}: {ReferenceShare * 100:0.##}% in training, {CurrentShare * 100:0.##}% in serving (x{Ratio:0.##})");
}

/// <summary>Whether predicted-class frequencies in a window still follow the training label frequencies.</summary>
/// <remarks>Immutable and therefore thread-safe.</remarks>
public sealed record ClassDistributionResult
{
    /// <summary>Gets the cohort, or <see langword="null"/> when the counts were given directly.</summary>
    public string? Cohort { get; init; }

    /// <summary>Gets the chi-square goodness-of-fit test of the current counts against the reference proportions; <see langword="null"/> when the window is empty.</summary>
    public DriftTestResult? ChiSquare { get; init; }

    /// <summary>Gets the population stability index of the class shares; <see langword="null"/> when the window is empty.</summary>
    public DriftTestResult? PopulationStabilityIndex { get; init; }

    /// <summary>Gets each class's shares and their ratio, in class order.</summary>
    public required IReadOnlyList<ClassShareChange> Classes { get; init; }

    /// <summary>Gets the number of predictions in the window.</summary>
    public required long CurrentTotal { get; init; }

    /// <summary>
    /// Gets a value indicating whether the class distribution changed: the chi-square p-value is below
    /// the significance level and the change is large (the PSI is at least its threshold, or a class's
    /// share changed by at least the ratio threshold and the minimum share change).
    /// </summary>
    public required bool IsDrift { get; init; }

    /// <summary>Gets the reason in words.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the class whose share changed most by ratio (in either direction); <see langword="null"/> when the window is empty.</summary>
    public ClassShareChange? LargestChange { get; init; }
}

/// <summary>
/// Compares predicted-class frequencies in a serving window with the training label frequencies:
/// chi-square goodness of fit, population stability index and each class's share ratio.
/// </summary>
/// <remarks>
/// <para>
/// The window drifts when the chi-square goodness-of-fit p-value (current counts against the
/// reference proportions) is below <see cref="ClassDistributionOptions.Significance"/> AND the change is
/// large: the PSI (epsilon 1e-4 for empty classes) is at least
/// <see cref="ClassDistributionOptions.PsiThreshold"/> (0.1), or some class's share grew or shrank by
/// <see cref="ClassDistributionOptions.ClassRatioThreshold"/> (1.5) or more while moving by at least
/// <see cref="ClassDistributionOptions.MinimumShareChange"/> (2 points). With many predictions a tiny,
/// harmless change is significant; the second condition says whether it matters.
/// A class the reference never had but the window has makes the chi-square infinite (p = 0).
/// Per class the result gives both shares and their ratio current / reference.
/// </para>
/// <para>Thread-safe (no shared state).</para>
/// </remarks>
public static class ClassDistributionValidator
{
    /// <summary>Compares current class counts with reference class counts.</summary>
    /// <param name="referenceCounts">The training label count per class.</param>
    /// <param name="currentCounts">The predicted count per class in the window, in the same order.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="classNames">The class names, one per class, or <see langword="null"/> for indices.</param>
    /// <returns>The result; an empty window (all counts zero) gives no tests and no drift, and says so.</returns>
    /// <exception cref="ArgumentException">The count vectors are empty or differ in length, the reference counts nothing, the names do not match the classes, or an option is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static ClassDistributionResult Validate(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, ClassDistributionOptions? options = null, IReadOnlyList<string>? classNames = null) =>
        Validate(referenceCounts, currentCounts, options ?? new ClassDistributionOptions(), classNames, null);

    /// <summary>
    /// Compares each cohort's predicted classes in the snapshot's current time window
    /// (<see cref="ClassFrequencyStatistics.TimeWindow"/>) with reference class counts.
    /// </summary>
    /// <param name="snapshot">A rolling-statistics snapshot with time windows on.</param>
    /// <param name="referenceCounts">The training label count per class, in the snapshot's class order.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>One result per cohort, in the snapshot's cohort order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The snapshot has no time window, the class counts differ, the reference counts nothing, or an option is invalid.</exception>
    public static IReadOnlyList<ClassDistributionResult> ValidateCohorts(RollingStatisticsSnapshot snapshot, ReadOnlySpan<long> referenceCounts, ClassDistributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= new ClassDistributionOptions();
        if (referenceCounts.Length != snapshot.ClassNames.Count)
        {
            throw new ArgumentException($"referenceCounts has {referenceCounts.Length} classes and the snapshot {snapshot.ClassNames.Count}.", nameof(referenceCounts));
        }

        var results = new List<ClassDistributionResult>(snapshot.Cohorts.Count);
        foreach (var cohort in snapshot.Cohorts)
        {
            var window = cohort.PredictedClasses.TimeWindow
                ?? throw new ArgumentException($"Cohort '{cohort.Cohort}' has no time-window class counts; turn time windows on (RollingStatisticsOptions.TimeWindow).", nameof(snapshot));
            var current = new long[window.Counts.Count];
            for (var i = 0; i < current.Length; i++)
            {
                current[i] = window.Counts[i];
            }

            results.Add(Validate(referenceCounts, current, options, snapshot.ClassNames, cohort.Cohort));
        }

        return results;
    }

    private static ClassDistributionResult Validate(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, ClassDistributionOptions options, IReadOnlyList<string>? classNames, string? cohort)
    {
        options.Validate();
        if (classNames is not null && classNames.Count != referenceCounts.Length)
        {
            throw new ArgumentException($"classNames has {classNames.Count} names for {referenceCounts.Length} classes.", nameof(classNames));
        }

        if (referenceCounts.IsEmpty)
        {
            throw new ArgumentException("referenceCounts is empty: give one count per class.", nameof(referenceCounts));
        }

        if (currentCounts.Length != referenceCounts.Length)
        {
            throw new ArgumentException($"currentCounts has {currentCounts.Length} classes and referenceCounts {referenceCounts.Length}.", nameof(currentCounts));
        }

        var referenceTotal = Total(referenceCounts, nameof(referenceCounts));
        var currentTotal = Total(currentCounts, nameof(currentCounts));
        if (referenceTotal == 0)
        {
            throw new ArgumentException("referenceCounts counts nothing: every count is zero.", nameof(referenceCounts));
        }

        var classes = new ClassShareChange[referenceCounts.Length];
        ClassShareChange? largest = null;
        var largestScore = -1.0;
        for (var i = 0; i < classes.Length; i++)
        {
            var p = referenceCounts[i] / (double)referenceTotal;
            var q = currentTotal == 0 ? 0 : currentCounts[i] / (double)currentTotal;
            var ratio = p > 0 ? q / p : q > 0 ? double.PositiveInfinity : 1.0;
            var name = classNames?[i] ?? i.ToString(CultureInfo.InvariantCulture);
            classes[i] = new ClassShareChange(i, name, referenceCounts[i], currentCounts[i], p, q, ratio);
            var score = ratio == 0 ? double.PositiveInfinity : Math.Abs(Math.Log(ratio));
            if (currentTotal > 0 && score > largestScore)
            {
                largestScore = score;
                largest = classes[i];
            }
        }

        if (currentTotal == 0)
        {
            return new ClassDistributionResult
            {
                Cohort = cohort,
                Classes = classes,
                CurrentTotal = 0,
                IsDrift = false,
                Reason = "The window holds no predictions: nothing to compare.",
            };
        }

        var chi = ChiSquare.GoodnessOfFit(referenceCounts, currentCounts, options.Significance);
        var psi = BinnedDistance.PopulationStabilityIndex(referenceCounts, currentCounts, options.PsiThreshold);
        var significant = chi.IsDrift;
        ClassShareChange? jump = null;
        if (options.ClassRatioThreshold is { } limit)
        {
            foreach (var c in classes)
            {
                if ((c.Ratio >= limit || c.Ratio <= 1 / limit) && Math.Abs(c.CurrentShare - c.ReferenceShare) >= options.MinimumShareChange)
                {
                    jump = c;
                    break;
                }
            }
        }

        var large = psi.IsDrift || jump is not null;
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"chi-square p = {chi.PValue:G4} {(significant ? "<" : ">=")} {options.Significance:G4}; PSI = {psi.Statistic:G4} {(psi.IsDrift ? ">=" : "<")} {options.PsiThreshold:G4}; {(jump is null ? "no class share changed by the ratio threshold" : $"share ratio over threshold for {jump}")}; largest change {largest}.");
        return new ClassDistributionResult
        {
            Cohort = cohort,
            ChiSquare = chi,
            PopulationStabilityIndex = psi,
            Classes = classes,
            CurrentTotal = currentTotal,
            IsDrift = significant && large,
            Reason = reason,
            LargestChange = largest,
        };
    }

    private static long Total(ReadOnlySpan<long> counts, string paramName)
    {
        var total = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[i], paramName);
            total = checked(total + counts[i]);
        }

        return total;
    }
}
