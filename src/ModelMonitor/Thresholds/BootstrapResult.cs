namespace ModelMonitor.Thresholds;

/// <summary>A threshold chosen on the whole holdout, with bootstrap percentile intervals for it and for its objective value.</summary>
/// <remarks>
/// The intervals are the <c>(1 - confidence) / 2</c> and <c>(1 + confidence) / 2</c> quantiles (linear
/// interpolation, NumPy's default) of the threshold and value chosen on each resample, over the
/// resamples where the objective was feasible. They are NaN when no resample was. Wide intervals mean
/// the holdout cannot pin the threshold down; see <see cref="Warnings"/>.
/// </remarks>
/// <param name="Selection">The selection on the whole holdout.</param>
/// <param name="ThresholdLower">The lower end of the threshold's interval.</param>
/// <param name="ThresholdUpper">The upper end of the threshold's interval.</param>
/// <param name="ValueLower">The lower end of the objective value's interval.</param>
/// <param name="ValueUpper">The upper end of the objective value's interval.</param>
/// <param name="Resamples">Bootstrap resamples drawn.</param>
/// <param name="FeasibleResamples">Resamples with both classes on which the objective was feasible.</param>
/// <param name="Warnings">Reasons to distrust the result.</param>
public sealed record BootstrapResult(
    ThresholdSelection Selection,
    double ThresholdLower,
    double ThresholdUpper,
    double ValueLower,
    double ValueUpper,
    int Resamples,
    int FeasibleResamples,
    HoldoutWarnings Warnings);
