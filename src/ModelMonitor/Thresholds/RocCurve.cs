namespace ModelMonitor.Thresholds;

/// <summary>A receiver operating characteristic curve, laid out exactly like scikit-learn's <c>roc_curve</c>.</summary>
/// <param name="FalsePositiveRate">False positive rate at each threshold, from 0 up to 1.</param>
/// <param name="TruePositiveRate">True positive rate at each threshold, from 0 up to 1.</param>
/// <param name="Thresholds">Decreasing thresholds; the first is the highest score plus 1 (no positive predictions).</param>
/// <remarks>
/// Entry <c>k</c> describes the rule "predict positive when score &gt;= <c>Thresholds[k]</c>". The first
/// threshold follows scikit-learn 1.2 (<c>max + 1</c>); scikit-learn 1.3 and later write infinity there.
/// </remarks>
public sealed record RocCurve(
    IReadOnlyList<double> FalsePositiveRate,
    IReadOnlyList<double> TruePositiveRate,
    IReadOnlyList<double> Thresholds);
