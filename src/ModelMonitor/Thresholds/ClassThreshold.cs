namespace ModelMonitor.Thresholds;

/// <summary>The calibrated threshold of one class, with the holdout counts it was chosen on.</summary>
/// <remarks>
/// Plain properties so that System.Text.Json can store and read it. An infeasible class (its
/// constraint could not be met) has a null <see cref="Threshold"/> and a <see cref="Reason"/>; such a
/// class is never predicted by <see cref="CalibratedThresholds.Predict"/>.
/// </remarks>
public sealed record ClassThreshold
{
    /// <summary>Creates an empty entry; <see cref="MulticlassThresholds"/> fills them in.</summary>
    /// <remarks>Public so that System.Text.Json can read a stored value back.</remarks>
    public ClassThreshold()
    {
    }

    /// <summary>The class index (for a binary model, 1: the positive class).</summary>
    public int ClassIndex { get; init; }

    /// <summary>Predict the class when its score is at least this; null when no threshold met the objective.</summary>
    public double? Threshold { get; init; }

    /// <summary>The objective's value at the threshold; null when infeasible.</summary>
    public double? Value { get; init; }

    /// <summary>Holdout rows of the class.</summary>
    public int Positives { get; init; }

    /// <summary>Holdout rows of other classes.</summary>
    public int Negatives { get; init; }

    /// <summary>Rows of the class scoring at or above the threshold (one-vs-rest).</summary>
    public int TruePositives { get; init; }

    /// <summary>Rows of other classes scoring at or above the threshold (one-vs-rest).</summary>
    public int FalsePositives { get; init; }

    /// <summary>Why no threshold was chosen; null when one was.</summary>
    public string? Reason { get; init; }
}
