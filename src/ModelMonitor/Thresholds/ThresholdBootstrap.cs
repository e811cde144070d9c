namespace ModelMonitor.Thresholds;

/// <summary>Seeded bootstrap confidence intervals for a calibrated threshold and its objective value.</summary>
/// <remarks>
/// <para>
/// Each resample draws n rows with replacement (<see cref="Random"/> seeded with <c>seed</c>, so a
/// seed gives the same intervals on every run) and re-chooses the threshold with
/// <see cref="ThresholdCalibrator"/>. Cost: <c>resamples</c> times one calibration, O(B n log n).
/// </para>
/// <para>
/// It also flags holdouts too small to trust (<see cref="HoldoutWarnings"/>): a threshold tuned to a
/// precision of 0.99 on 40 positives is mostly noise, and saying so is better than serving it.
/// Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class ThresholdBootstrap
{
    /// <summary>Holdouts with fewer rows get <see cref="HoldoutWarnings.SmallHoldout"/>.</summary>
    public const int MinimumHoldoutCount = 200;

    /// <summary>Holdouts with fewer positives (or negatives) get <see cref="HoldoutWarnings.FewPositives"/>.</summary>
    public const int MinimumClassCount = 30;

    /// <summary>Chooses the threshold on the whole holdout and bootstraps intervals for it.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <param name="objective">What to optimise.</param>
    /// <param name="seed">The seed of the resampling.</param>
    /// <param name="resamples">How many resamples to draw, at least 1.</param>
    /// <param name="confidence">The interval's coverage, in (0, 1).</param>
    /// <returns>The selection, the intervals and the warnings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resamples"/> or <paramref name="confidence"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The holdout is invalid (see <see cref="BinaryCurves"/>) or the objective's parameters are out of range.</exception>
    public static BootstrapResult Run(
        ReadOnlySpan<double> scores,
        ReadOnlySpan<bool> labels,
        ThresholdObjective objective,
        int seed,
        int resamples = 1000,
        double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must be in (0, 1).");
        }

        objective.Validate(nameof(objective));
        var counts = BinaryCounts.Compute(scores, labels);
        var selection = ThresholdCalibrator.Select(counts, objective);
        var warnings = Warn(counts, selection);

        var n = scores.Length;
        var random = new Random(seed);
        var s = new double[n];
        var y = new bool[n];
        var thresholds = new List<double>(resamples);
        var values = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            var positives = 0;
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(n);
                s[i] = scores[j];
                y[i] = labels[j];
                positives += y[i] ? 1 : 0;
            }

            if (positives == 0 || positives == n)
            {
                continue;
            }

            var r = ThresholdCalibrator.Select(BinaryCounts.Compute(s, y), objective);
            if (r.IsFeasible)
            {
                thresholds.Add(r.Threshold);
                values.Add(r.Value);
            }
        }

        if (thresholds.Count < resamples)
        {
            warnings |= HoldoutWarnings.InfeasibleResamples;
        }

        var lowerQ = (1 - confidence) / 2;
        var upperQ = (1 + confidence) / 2;
        return new BootstrapResult(
            selection,
            Quantile(thresholds, lowerQ),
            Quantile(thresholds, upperQ),
            Quantile(values, lowerQ),
            Quantile(values, upperQ),
            resamples,
            thresholds.Count,
            warnings);
    }

    private static HoldoutWarnings Warn(BinaryCounts c, ThresholdSelection selection) =>
        ThresholdCalibrator.HoldoutSize(c) | ThresholdCalibrator.ConstraintWarning(c, selection);

    /// <summary>NumPy's default (linear) quantile; NaN for an empty list.</summary>
    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var h = (values.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, values.Count - 1);
        return values[lo] + ((h - lo) * (values[hi] - values[lo]));
    }
}
