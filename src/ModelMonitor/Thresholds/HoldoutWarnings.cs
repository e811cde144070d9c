namespace ModelMonitor.Thresholds;

/// <summary>Reasons to distrust a threshold calibrated on a holdout set.</summary>
[Flags]
public enum HoldoutWarnings
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>Fewer than <see cref="ThresholdBootstrap.MinimumHoldoutCount"/> holdout rows.</summary>
    SmallHoldout = 1,

    /// <summary>Fewer than <see cref="ThresholdBootstrap.MinimumClassCount"/> positives or negatives.</summary>
    FewPositives = 2,

    /// <summary>
    /// Too few rows measure the constrained rate: fewer than <c>10 / (1 - target)</c> predicted positives
    /// (precision target) or positives (recall target), so fewer than ten errors are expected at the target.
    /// </summary>
    TooFewForConstraint = 4,

    /// <summary>Some bootstrap resamples could not meet the constraint, or held one class only.</summary>
    InfeasibleResamples = 8,
}
