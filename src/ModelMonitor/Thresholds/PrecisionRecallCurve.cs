namespace ModelMonitor.Thresholds;

/// <summary>A precision-recall curve, laid out exactly like scikit-learn's <c>precision_recall_curve</c>.</summary>
/// <param name="Precision">Precision at each threshold, then a final 1 (no positive predictions); one more entry than <paramref name="Thresholds"/>.</param>
/// <param name="Recall">Recall at each threshold (non-increasing), then a final 0.</param>
/// <param name="Thresholds">The distinct holdout scores, ascending.</param>
/// <remarks>
/// Entry <c>k</c> describes the rule "predict positive when score &gt;= <c>Thresholds[k]</c>". Every
/// distinct score is a point (scikit-learn 1.1 and later no longer drop the points after full recall).
/// </remarks>
public sealed record PrecisionRecallCurve(
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> Thresholds);
