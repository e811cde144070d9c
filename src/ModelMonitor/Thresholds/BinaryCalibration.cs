namespace ModelMonitor.Thresholds;

/// <summary>Everything a binary holdout says about thresholds, computed from one sort: both curves, both areas and the threshold of every requested objective.</summary>
/// <remarks>
/// Produced by <see cref="ThresholdCalibrator.Calibrate"/>. Immutable and thread-safe. The curves
/// have one point per distinct holdout score, so they are O(n) in size; store
/// <see cref="ToThresholds"/> rather than this when only the decision is needed at serving time.
/// </remarks>
public sealed record BinaryCalibration
{
    private readonly BinaryCounts _counts;

    internal BinaryCalibration(BinaryCounts counts)
    {
        _counts = counts;
    }

    /// <summary>The number of holdout rows.</summary>
    public required int Count { get; init; }

    /// <summary>Holdout rows whose label is positive.</summary>
    public required int Positives { get; init; }

    /// <summary>Holdout rows whose label is negative.</summary>
    public required int Negatives { get; init; }

    /// <summary>The precision-recall curve (as scikit-learn's <c>precision_recall_curve</c>).</summary>
    public required PrecisionRecallCurve PrecisionRecall { get; init; }

    /// <summary>The ROC curve (as scikit-learn's <c>roc_curve</c> with intermediate points dropped).</summary>
    public required RocCurve Roc { get; init; }

    /// <summary>The area under the ROC curve.</summary>
    public required double RocAuc { get; init; }

    /// <summary>The average precision (step sum).</summary>
    public required double AveragePrecision { get; init; }

    /// <summary>One selection per requested objective, in the order requested.</summary>
    public required IReadOnlyList<ThresholdSelection> Selections { get; init; }

    /// <summary>Reasons to distrust the holdout as a whole (size and class counts) and any constrained selection.</summary>
    public required HoldoutWarnings Warnings { get; init; }

    /// <summary>Gets the selection made for <paramref name="objective"/>.</summary>
    /// <param name="objective">One of the objectives passed to <see cref="ThresholdCalibrator.Calibrate"/> (compared by value).</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">The objective was not requested.</exception>
    public ThresholdSelection SelectionFor(ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        foreach (var s in Selections)
        {
            if (s.Objective == objective)
            {
                return s;
            }
        }

        throw new KeyNotFoundException($"The objective {objective.Kind} was not requested from this calibration.");
    }

    /// <summary>What any threshold gives on this holdout, read from the counts (O(log n)): to compare a chosen threshold with 0.5, for instance.</summary>
    /// <param name="threshold">The threshold; predict positive when score &gt;= threshold. NaN is rejected.</param>
    /// <returns>The confusion counts at the threshold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public OperatingPoint At(double threshold)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold is NaN.");
        }

        // The thresholds descend: find how many distinct scores are at or above the threshold.
        var t = _counts.Thresholds;
        int lo = 0, hi = t.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (t[mid] >= threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var tp = lo == 0 ? 0 : _counts.TruePositives[lo - 1];
        var fp = lo == 0 ? 0 : _counts.FalsePositives[lo - 1];
        return new OperatingPoint(threshold, tp, fp, Positives - tp, Negatives - fp);
    }

    /// <summary>The serving-time thresholds of one objective's selection: predict class 1 when its score is at least the threshold.</summary>
    /// <param name="objective">One of the requested objectives.</param>
    /// <returns>Binary thresholds; an infeasible selection gives a null threshold with its reason, and such thresholds predict nothing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">The objective was not requested.</exception>
    public CalibratedThresholds ToThresholds(ThresholdObjective objective) =>
        CalibratedThresholds.FromBinary(SelectionFor(objective), Positives, Negatives);
}
