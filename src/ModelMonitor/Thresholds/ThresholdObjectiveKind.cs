namespace ModelMonitor.Thresholds;

/// <summary>What a calibrated threshold optimises.</summary>
public enum ThresholdObjectiveKind
{
    /// <summary>The largest F-beta score: <c>(1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP)</c>.</summary>
    FBeta = 0,

    /// <summary>The largest Youden's J: true positive rate minus false positive rate.</summary>
    YoudenJ = 1,

    /// <summary>The largest balanced accuracy: the mean of the true positive and true negative rates.</summary>
    BalancedAccuracy = 2,

    /// <summary>The largest recall among the thresholds whose precision reaches the target.</summary>
    RecallAtPrecision = 3,

    /// <summary>The largest precision among the thresholds whose recall reaches the target.</summary>
    PrecisionAtRecall = 4,

    /// <summary>The smallest expected cost per row: <c>(FP cost * FP + FN cost * FN) / n</c>.</summary>
    MinimumCost = 5,
}
