using System.Runtime.CompilerServices;

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

    /// <summary>The objectives <see cref="Calibrate"/> evaluates when none are given: F1, Youden's J and balanced accuracy.</summary>
    /// <remarks>The constrained and cost objectives need the user's targets and costs, so they are never defaults.</remarks>
    public static IReadOnlyList<ThresholdObjective> DefaultObjectives { get; } =
        [ThresholdObjective.F1, ThresholdObjective.YoudenJ, ThresholdObjective.BalancedAccuracy];

    /// <summary>Computes both curves, both areas and the threshold of every objective from one sort of the holdout.</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <param name="objectives">The objectives to select thresholds for; <see cref="DefaultObjectives"/> when null.</param>
    /// <returns>The calibration.</returns>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, the labels hold one class, an objective is null or has parameters out of range.</exception>
    /// <remarks>O(n) time after a radix sort of the scores, O(n) memory.</remarks>
    public static BinaryCalibration Calibrate(
        ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, IReadOnlyList<ThresholdObjective>? objectives = null)
    {
        objectives ??= DefaultObjectives;
        for (var i = 0; i < objectives.Count; i++)
        {
            if (objectives[i] is null)
            {
                throw new ArgumentException($"Objective {i} is null.", nameof(objectives));
            }

            objectives[i].Validate(nameof(objectives));
        }

        var counts = BinaryCounts.Compute(scores, labels);
        var selections = new ThresholdSelection[objectives.Count];
        var warnings = HoldoutSize(counts);
        for (var i = 0; i < selections.Length; i++)
        {
            selections[i] = Select(counts, objectives[i]);
            warnings |= ConstraintWarning(counts, selections[i]);
        }

        return new BinaryCalibration(counts)
        {
            Count = counts.Count,
            Positives = counts.Positives,
            Negatives = counts.Negatives,
            PrecisionRecall = BinaryCurves.PrecisionRecall(counts),
            Roc = BinaryCurves.Roc(counts, dropIntermediate: true),
            RocAuc = BinaryCurves.RocAuc(counts),
            AveragePrecision = BinaryCurves.AveragePrecision(counts),
            Selections = selections,
            Warnings = warnings,
        };
    }

    /// <summary>Warnings that depend on the holdout alone.</summary>
    internal static HoldoutWarnings HoldoutSize(BinaryCounts c)
    {
        var w = HoldoutWarnings.None;
        if (c.Count < ThresholdBootstrap.MinimumHoldoutCount)
        {
            w |= HoldoutWarnings.SmallHoldout;
        }

        if (c.Positives < ThresholdBootstrap.MinimumClassCount || c.Negatives < ThresholdBootstrap.MinimumClassCount)
        {
            w |= HoldoutWarnings.FewPositives;
        }

        return w;
    }

    /// <summary><see cref="HoldoutWarnings.TooFewForConstraint"/> when a constrained rate rests on too few rows.</summary>
    internal static HoldoutWarnings ConstraintWarning(BinaryCounts c, ThresholdSelection selection)
    {
        var objective = selection.Objective;
        var measuring = objective.Kind switch
        {
            ThresholdObjectiveKind.RecallAtPrecision => selection.TruePositives + selection.FalsePositives,
            ThresholdObjectiveKind.PrecisionAtRecall => c.Positives,
            _ => int.MaxValue,
        };
        return measuring != int.MaxValue && (objective.Target >= 1 || measuring < 10 / (1 - objective.Target))
            ? HoldoutWarnings.TooFewForConstraint
            : HoldoutWarnings.None;
    }

    internal static ThresholdSelection Select(BinaryCounts c, ThresholdObjective objective)
    {
        var (best, bestValue) = Best(c, objective);
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

    /// <summary>The first candidate (the highest threshold) with the largest objective value (cost negated), or -1 when no candidate meets a constraint.</summary>
    /// <remarks>One loop per kind, so the inner loop holds no switch and its constants stay in registers.</remarks>
    private static (int Best, double Value) Best(BinaryCounts c, ThresholdObjective o)
    {
        ReadOnlySpan<int> tps = c.TruePositives;
        ReadOnlySpan<int> fps = c.FalsePositives;
        double positives = c.Positives, negatives = c.Negatives;
        var best = -1;
        var bestValue = double.NegativeInfinity;
        switch (o.Kind)
        {
            case ThresholdObjectiveKind.FBeta:
                var b2 = o.Beta * o.Beta;
                for (var k = 0; k < tps.Length; k++)
                {
                    double tp = tps[k], fp = fps[k];
                    var value = (1.0 + b2) * tp / (((1.0 + b2) * tp) + (b2 * (positives - tp)) + fp);
                    Take(value, k, ref best, ref bestValue);
                }

                break;
            case ThresholdObjectiveKind.YoudenJ:
                for (var k = 0; k < tps.Length; k++)
                {
                    Take((tps[k] / positives) - (fps[k] / negatives), k, ref best, ref bestValue);
                }

                break;
            case ThresholdObjectiveKind.BalancedAccuracy:
                for (var k = 0; k < tps.Length; k++)
                {
                    Take(((tps[k] / positives) + ((negatives - fps[k]) / negatives)) / 2.0, k, ref best, ref bestValue);
                }

                break;
            case ThresholdObjectiveKind.RecallAtPrecision:
                for (var k = 0; k < tps.Length; k++)
                {
                    double tp = tps[k];
                    if (tp / (tp + fps[k]) >= o.Target)
                    {
                        Take(tp / positives, k, ref best, ref bestValue);
                    }
                }

                break;
            case ThresholdObjectiveKind.PrecisionAtRecall:
                for (var k = 0; k < tps.Length; k++)
                {
                    double tp = tps[k];
                    if (tp / positives >= o.Target)
                    {
                        Take(tp / (tp + fps[k]), k, ref best, ref bestValue);
                    }
                }

                break;
            default:
                double fpCost = o.FalsePositiveCost, fnCost = o.FalseNegativeCost, count = c.Count;
                for (var k = 0; k < tps.Length; k++)
                {
                    Take(-(((fpCost * fps[k]) + (fnCost * (positives - tps[k]))) / count), k, ref best, ref bestValue);
                }

                break;
        }

        return (best, bestValue);
    }

    // Strictly greater: on ties the earlier candidate, the higher threshold, stays.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(double value, int k, ref int best, ref double bestValue)
    {
        if (value > bestValue)
        {
            best = k;
            bestValue = value;
        }
    }
}
