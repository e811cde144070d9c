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

    /// <summary>
    /// Whether these thresholds come from a binary calibration: <see cref="Classes"/> then holds two
    /// entries, class 0 without a threshold and class 1 with the threshold on the probability of class
    /// 1, and the rule is "class 1 when its score is at least the threshold, otherwise class 0" (no abstaining).
    /// </summary>
    public bool IsBinary { get; init; }

    /// <summary>Creates binary thresholds from a threshold chosen on a holdout.</summary>
    /// <param name="selection">The selection, from <see cref="ThresholdCalibrator"/>.</param>
    /// <param name="positives">Holdout rows of class 1.</param>
    /// <param name="negatives">Holdout rows of class 0.</param>
    /// <returns>The thresholds; an infeasible selection keeps a null threshold and its reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="selection"/> is null.</exception>
    public static CalibratedThresholds FromBinary(ThresholdSelection selection, int positives, int negatives)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new CalibratedThresholds
        {
            Objective = selection.Objective,
            HoldoutCount = positives + negatives,
            IsBinary = true,
            Classes =
            [
                new ClassThreshold
                {
                    ClassIndex = 0,
                    Positives = negatives,
                    Negatives = positives,
                    TruePositives = selection.TrueNegatives,
                    FalsePositives = selection.FalseNegatives,
                    Reason = "Binary: class 0 is predicted whenever class 1 does not clear its threshold.",
                },
                new ClassThreshold
                {
                    ClassIndex = 1,
                    Threshold = selection.IsFeasible ? selection.Threshold : null,
                    Value = selection.IsFeasible ? selection.Value : null,
                    Positives = positives,
                    Negatives = negatives,
                    TruePositives = selection.TruePositives,
                    FalsePositives = selection.FalsePositives,
                    Reason = selection.Reason,
                },
            ],
        };
    }

    /// <summary>The threshold of every class for the tagging selectors, NaN where a class has none.</summary>
    /// <remarks>
    /// Binary thresholds become (1 - t, t): the predicted class's score is then within delta of its
    /// threshold exactly when the probability of class 1 is within delta of t.
    /// </remarks>
    internal double[] ForSelectors()
    {
        if (IsBinary)
        {
            var t = Classes.Count == 2 ? Classes[1].Threshold : null;
            return t is { } v ? [1 - v, v] : [double.NaN, double.NaN];
        }

        var result = new double[Classes.Count];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = Classes[k].Threshold ?? double.NaN;
        }

        return result;
    }

    /// <summary>Applies the decision rule to one row of class scores.</summary>
    /// <param name="scores">The score of every class, by class index (binary thresholds also accept the probability of class 1 alone).</param>
    /// <returns>The predicted class, or -1 to abstain.</returns>
    /// <exception cref="ArgumentException"><paramref name="scores"/> does not have one score per class.</exception>
    /// <remarks>A NaN score never clears its threshold. Binary thresholds predict -1 for a NaN score and when their calibration was infeasible.</remarks>
    public int Predict(ReadOnlySpan<double> scores)
    {
        if (IsBinary && Classes.Count == 2 && scores.Length is 1 or 2)
        {
            if (Classes[1].Threshold is not { } threshold || double.IsNaN(scores[^1]))
            {
                return -1;
            }

            return scores[^1] >= threshold ? 1 : 0;
        }

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
