namespace ModelMonitor.Thresholds;

/// <summary>The threshold an objective chose on a binary holdout set, and the confusion counts there.</summary>
/// <remarks>
/// The rule is "predict positive when score &gt;= <see cref="Threshold"/>". When a constraint cannot be
/// met (no threshold reaches the requested precision or recall) <see cref="IsFeasible"/> is false,
/// <see cref="Threshold"/> is NaN, the counts are zero and <see cref="Reason"/> says why: callers must
/// decide what to do, never fall back silently to 0.5.
/// </remarks>
public sealed record ThresholdSelection
{
    /// <summary>Creates an empty selection; <see cref="ThresholdCalibrator"/> fills one in.</summary>
    /// <remarks>
    /// Public so that System.Text.Json can read a stored selection back. An infeasible selection holds NaN,
    /// which System.Text.Json writes only with <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>;
    /// persist <see cref="CalibratedThresholds"/> instead, which uses null.
    /// </remarks>
    public ThresholdSelection()
    {
    }

    /// <summary>The objective that chose the threshold.</summary>
    public required ThresholdObjective Objective { get; init; }

    /// <summary>Whether some threshold satisfied the objective's constraint (always true for unconstrained objectives).</summary>
    public bool IsFeasible { get; init; }

    /// <summary>Why no threshold was chosen; null when <see cref="IsFeasible"/> is true.</summary>
    public string? Reason { get; init; }

    /// <summary>The chosen threshold, one of the holdout scores; NaN when infeasible.</summary>
    public double Threshold { get; init; }

    /// <summary>The objective's value there: F-beta, J, balanced accuracy, recall, precision, or the expected cost per row.</summary>
    public double Value { get; init; }

    /// <summary>Positives at or above the threshold.</summary>
    public int TruePositives { get; init; }

    /// <summary>Negatives at or above the threshold.</summary>
    public int FalsePositives { get; init; }

    /// <summary>Positives below the threshold.</summary>
    public int FalseNegatives { get; init; }

    /// <summary>Negatives below the threshold.</summary>
    public int TrueNegatives { get; init; }

    /// <summary>Precision at the threshold: <c>TP / (TP + FP)</c>.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Recall (true positive rate) at the threshold: <c>TP / (TP + FN)</c>.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>False positive rate at the threshold: <c>FP / (FP + TN)</c>.</summary>
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0 : (double)FalsePositives / (FalsePositives + TrueNegatives);
}
