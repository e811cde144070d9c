namespace ModelMonitor.Thresholds;

/// <summary>Per-class decision thresholds calibrated on a holdout set, ready to store and to serve.</summary>
/// <remarks>
/// <para>
/// The decision rule: among the classes whose score is at least their threshold, predict the one with
/// the highest score (the lowest index on ties); when none clears its threshold, abstain (-1). With
/// one-vs-rest thresholds a model may thus answer "unknown" instead of guessing, and
/// <see cref="MulticlassThresholds.Evaluate"/> measures the coverage this costs on a holdout.
/// </para>
/// <para>
/// Plain properties and a public constructor so that System.Text.Json can read it back (no NaN
/// anywhere: infeasible thresholds are null). <see cref="FormatVersion"/> versions the stored shape.
/// Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed record CalibratedThresholds
{
    /// <summary>Creates an empty set of thresholds; <see cref="MulticlassThresholds"/> fills one in.</summary>
    /// <remarks>Public so that System.Text.Json can read a stored value back.</remarks>
    public CalibratedThresholds()
    {
    }

    /// <summary>The format version this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The version of the stored shape.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The objective every class threshold was chosen by.</summary>
    public ThresholdObjective Objective { get; init; } = ThresholdObjective.F1;

    /// <summary>The number of holdout rows.</summary>
    public int HoldoutCount { get; init; }

    /// <summary>One entry per class, by class index.</summary>
    public IReadOnlyList<ClassThreshold> Classes { get; init; } = [];

    /// <summary>Applies the decision rule to one row of class scores.</summary>
    /// <param name="scores">The score of every class, by class index.</param>
    /// <returns>The predicted class, or -1 to abstain.</returns>
    /// <exception cref="ArgumentException"><paramref name="scores"/> does not have one score per class.</exception>
    /// <remarks>A NaN score never clears its threshold.</remarks>
    public int Predict(ReadOnlySpan<double> scores)
    {
        if (scores.Length != Classes.Count)
        {
            throw new ArgumentException($"Expected {Classes.Count} scores, got {scores.Length}.", nameof(scores));
        }

        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < scores.Length; k++)
        {
            if (Classes[k].Threshold is { } t && scores[k] >= t && (best < 0 || scores[k] > bestScore))
            {
                best = k;
                bestScore = scores[k];
            }
        }

        return best;
    }
}
