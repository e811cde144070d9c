namespace ModelMonitor.Thresholds;

/// <summary>Precision-recall and ROC curves, ROC AUC and average precision of a binary holdout set.</summary>
/// <remarks>
/// <para>
/// Each function matches its scikit-learn namesake point for point, ties included: all scores that are
/// equal form one point. The holdout is copied and sorted once (O(n log n) time, O(n) memory).
/// </para>
/// <para>
/// Scores must be probabilities of the positive class, in [0, 1]: a score outside that range usually
/// means a raw margin was passed where a probability was expected, and thresholds calibrated on it
/// would not transfer. NaN, mismatched lengths, an empty holdout or labels of one class throw an
/// <see cref="ArgumentException"/> naming the parameter. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class BinaryCurves
{
    /// <summary>The precision-recall curve (scikit-learn's <c>precision_recall_curve</c>).</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <returns>Precision, recall and the ascending thresholds.</returns>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, or the labels hold one class.</exception>
    public static PrecisionRecallCurve PrecisionRecall(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels) =>
        PrecisionRecall(BinaryCounts.Compute(scores, labels));

    /// <summary>The ROC curve (scikit-learn's <c>roc_curve</c>).</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <param name="dropIntermediate">Drop the points that lie on a straight segment (both rates change linearly), as scikit-learn does by default.</param>
    /// <returns>False and true positive rates and the decreasing thresholds.</returns>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, or the labels hold one class.</exception>
    /// <remarks>Dropping intermediate points changes neither the area nor the shape of the curve, only its size.</remarks>
    public static RocCurve Roc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, bool dropIntermediate = true) =>
        Roc(BinaryCounts.Compute(scores, labels), dropIntermediate);

    /// <summary>The area under the ROC curve (scikit-learn's <c>roc_auc_score</c>).</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <returns>The area, in [0, 1]; ties count half, as in the trapezoidal rule.</returns>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, or the labels hold one class.</exception>
    /// <remarks>The trapezoids are summed in exact integer arithmetic and divided once, so the result is correctly rounded.</remarks>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels) =>
        RocAuc(BinaryCounts.Compute(scores, labels));

    /// <summary>The average precision (scikit-learn's <c>average_precision_score</c>).</summary>
    /// <param name="scores">Probability of the positive class per holdout row, in [0, 1].</param>
    /// <param name="labels">Whether each holdout row is positive.</param>
    /// <returns><c>sum_k (R_k - R_(k-1)) P_k</c> over the thresholds from the highest down, in (0, 1].</returns>
    /// <exception cref="ArgumentException">The holdout is empty, a score is NaN or outside [0, 1], the lengths differ, or the labels hold one class.</exception>
    /// <remarks>A step sum, not the trapezoidal area: interpolating a PR curve linearly overstates it.</remarks>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels) =>
        AveragePrecision(BinaryCounts.Compute(scores, labels));

    /// <remarks>The curve is a view of the counts: entry j is computed when read (scikit-learn's ascending order).</remarks>
    internal static PrecisionRecallCurve PrecisionRecall(BinaryCounts c)
    {
        var m = c.Thresholds.Length;
        double positives = c.Positives;
        int[] tps = c.TruePositives, fps = c.FalsePositives;
        double[] thresholds = c.Thresholds;
        return new PrecisionRecallCurve(
            new ComputedList(m + 1, j => j == m ? 1 : (double)tps[m - 1 - j] / (tps[m - 1 - j] + fps[m - 1 - j])),
            new ComputedList(m + 1, j => j == m ? 0 : tps[m - 1 - j] / positives),
            new ComputedList(m, j => thresholds[m - 1 - j]));
    }

    /// <remarks>A view of the counts through the indexes of the kept points; point 0 is (0, 0) at the highest score plus 1.</remarks>
    internal static RocCurve Roc(BinaryCounts c, bool dropIntermediate)
    {
        var m = c.Thresholds.Length;
        var kept = 0;
        for (var k = 0; k < m; k++)
        {
            kept += Keep(c, k, dropIntermediate) ? 1 : 0;
        }

        var index = GC.AllocateUninitializedArray<int>(kept);
        var j = 0;
        for (var k = 0; k < m; k++)
        {
            if (Keep(c, k, dropIntermediate))
            {
                index[j++] = k;
            }
        }

        double positives = c.Positives, negatives = c.Negatives;
        int[] tps = c.TruePositives, fps = c.FalsePositives;
        double[] thresholds = c.Thresholds;
        return new RocCurve(
            new ComputedList(kept + 1, i => i == 0 ? 0 : fps[index[i - 1]] / negatives),
            new ComputedList(kept + 1, i => i == 0 ? 0 : tps[index[i - 1]] / positives),
            new ComputedList(kept + 1, i => i == 0 ? thresholds[0] + 1 : thresholds[index[i - 1]]));
    }

    /// <summary>Whether ROC point <paramref name="k"/> stays: with dropping, only the ends and the points where either rate changes slope.</summary>
    private static bool Keep(BinaryCounts c, int k, bool dropIntermediate)
    {
        var m = c.Thresholds.Length;
        return !dropIntermediate || m <= 2 || k == 0 || k == m - 1
            || c.FalsePositives[k + 1] - (2 * c.FalsePositives[k]) + c.FalsePositives[k - 1] != 0
            || c.TruePositives[k + 1] - (2 * c.TruePositives[k]) + c.TruePositives[k - 1] != 0;
    }

    internal static double RocAuc(BinaryCounts c)
    {
        // Twice the area in units of one positive times one negative: at most 2 * 2^31 * 2^31 / 4 = 2^61.
        long twice = 0;
        long previousTp = 0, previousFp = 0;
        for (var k = 0; k < c.Thresholds.Length; k++)
        {
            long tp = c.TruePositives[k], fp = c.FalsePositives[k];
            twice += (fp - previousFp) * (tp + previousTp);
            previousTp = tp;
            previousFp = fp;
        }

        return twice / (2.0 * c.Positives * c.Negatives);
    }

    internal static double AveragePrecision(BinaryCounts c)
    {
        var sum = 0.0;
        var previousRecall = 0.0;
        for (var k = 0; k < c.Thresholds.Length; k++)
        {
            double tp = c.TruePositives[k];
            var recall = tp / c.Positives;
            sum += (recall - previousRecall) * (tp / (tp + c.FalsePositives[k]));
            previousRecall = recall;
        }

        return sum;
    }
}
