namespace ModelMonitor.Thresholds;

/// <summary>A reliability diagram: per non-empty bin, the observed share of positives against the mean predicted probability.</summary>
/// <param name="FractionPositive">The share of positives in each non-empty bin (scikit-learn's <c>prob_true</c>).</param>
/// <param name="MeanPredicted">The mean score in each non-empty bin (scikit-learn's <c>prob_pred</c>).</param>
/// <param name="Counts">The rows in each non-empty bin.</param>
/// <param name="ExpectedCalibrationError">The expected calibration error: <c>sum_b (n_b / n) |FractionPositive_b - MeanPredicted_b|</c>.</param>
/// <remarks>A calibrated model's points lie on the diagonal; a threshold read off uncalibrated scores does not mean what its number says.</remarks>
public sealed record ReliabilityCurve(
    IReadOnlyList<double> FractionPositive,
    IReadOnlyList<double> MeanPredicted,
    IReadOnlyList<int> Counts,
    double ExpectedCalibrationError);
