namespace ModelMonitor.Thresholds;

/// <summary>Chooses the decision threshold of a binary classifier from holdout scores and labels.</summary>
/// <remarks>
/// <para>
/// A fixed 0.5 is rarely the right cut: the best threshold depends on the class balance and on what an
/// error costs, and a holdout set that the model was not trained on shows where it lies.
/// </para>
/// <para>
/// Candidates are the distinct holdout scores; candidate <c>t</c> means "predict positive when score
/// &gt;= <c>t</c>" (scikit-learn's convention). Every candidate is evaluated from one sort of the
/// holdout (O(n log n)). The best value wins; among equal values (compared exactly, in double) the
/// highest threshold wins, the most conservative rule with the fewest positive predictions.
/// Constrained objectives (<see cref="ThresholdObjectiveKind.RecallAtPrecision"/>,
/// <see cref="ThresholdObjectiveKind.PrecisionAtRecall"/>) consider only candidates that meet the
/// target, and report <see cref="ThresholdSelection.IsFeasible"/> false when none does.
/// </para>
/// <para>Input rules as in <see cref="BinaryCurves"/>. Thread-safe (no shared state).</para>
/// </remarks>
public static class ThresholdCalibrator
{
    /// <summary>Chooses the threshold that best meets <paramref name="objective"/> on the holdout.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <param name="objective">What to optimise.</param>
    /// <returns>The threshold and the confusion counts there, or an infeasible result with its reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, the labels hold one class, or the objective's parameters are out of range.</exception>
    public static ThresholdSelection Select(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        objective.Validate(nameof(objective));
        return Select(BinaryCounts.Compute(scores, labels), objective);
    }

    internal static ThresholdSelection Select(BinaryCounts c, ThresholdObjective objective)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        for (var k = 0; k < c.Thresholds.Length; k++)
        {
            var value = Evaluate(c, k, objective);
            if (value > bestValue)
            {
                best = k;
                bestValue = value;
            }
        }

        if (best < 0)
        {
            var what = objective.Kind == ThresholdObjectiveKind.RecallAtPrecision ? "precision" : "recall";
            return new ThresholdSelection
            {
                Objective = objective,
                IsFeasible = false,
                Threshold = double.NaN,
                Value = double.NaN,
                Reason = $"No threshold reaches a {what} of {objective.Target} on this holdout ({c.Positives} positives, {c.Negatives} negatives).",
            };
        }

        int tp = c.TruePositives[best], fp = c.FalsePositives[best];
        return new ThresholdSelection
        {
            Objective = objective,
            IsFeasible = true,
            Threshold = c.Thresholds[best],
            Value = objective.Kind == ThresholdObjectiveKind.MinimumCost ? -bestValue : bestValue,
            TruePositives = tp,
            FalsePositives = fp,
            FalseNegatives = c.Positives - tp,
            TrueNegatives = c.Negatives - fp,
        };
    }

    /// <summary>The objective at candidate <paramref name="k"/>, larger is better; negative infinity when a constraint fails.</summary>
    private static double Evaluate(BinaryCounts c, int k, ThresholdObjective o)
    {
        double tp = c.TruePositives[k], fp = c.FalsePositives[k];
        double fn = c.Positives - c.TruePositives[k], tn = c.Negatives - c.FalsePositives[k];
        switch (o.Kind)
        {
            case ThresholdObjectiveKind.FBeta:
                var b2 = o.Beta * o.Beta;
                return (1.0 + b2) * tp / (((1.0 + b2) * tp) + (b2 * fn) + fp);
            case ThresholdObjectiveKind.YoudenJ:
                return (tp / c.Positives) - (fp / c.Negatives);
            case ThresholdObjectiveKind.BalancedAccuracy:
                return ((tp / c.Positives) + (tn / c.Negatives)) / 2.0;
            case ThresholdObjectiveKind.RecallAtPrecision:
                return tp / (tp + fp) >= o.Target ? tp / c.Positives : double.NegativeInfinity;
            case ThresholdObjectiveKind.PrecisionAtRecall:
                return tp / c.Positives >= o.Target ? tp / (tp + fp) : double.NegativeInfinity;
            default:
                return -(((o.FalsePositiveCost * fp) + (o.FalseNegativeCost * fn)) / c.Count);
        }
    }
}
