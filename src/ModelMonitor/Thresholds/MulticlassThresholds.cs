namespace ModelMonitor.Thresholds;

/// <summary>One decision threshold per class of a multi-class model, chosen one-vs-rest on a holdout set.</summary>
/// <remarks>
/// <para>
/// Class <c>k</c>'s threshold is chosen by <see cref="ThresholdCalibrator"/> on the binary problem
/// "label is <c>k</c>" scored by column <c>k</c>, with the same objective for every class; classes
/// differ in frequency and in how confident the model is about them, so one global cut (0.5, or the
/// top score) serves them unequally.
/// </para>
/// <para>
/// Probabilities are row-major, <c>classCount</c> per row, each in [0, 1]. Every class needs both
/// positives and negatives in the holdout. Bad input throws an <see cref="ArgumentException"/> naming
/// the parameter. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class MulticlassThresholds
{
    /// <summary>Chooses one threshold per class.</summary>
    /// <param name="probabilities">Row-major class probabilities, <paramref name="classCount"/> per holdout row.</param>
    /// <param name="labels">The true class of each holdout row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="objective">What every class threshold optimises.</param>
    /// <returns>The thresholds, infeasible classes with a null threshold and a reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The sizes disagree, a probability is NaN or outside [0, 1], a label is out of range, or a class has no positives (or only positives).</exception>
    public static CalibratedThresholds Calibrate(
        ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int classCount, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        objective.Validate(nameof(objective));
        Validate(probabilities, labels, classCount);
        var n = labels.Length;
        var column = new double[n];
        var isClass = new bool[n];
        var classes = new ClassThreshold[classCount];
        for (var k = 0; k < classCount; k++)
        {
            var positives = 0;
            for (var i = 0; i < n; i++)
            {
                column[i] = probabilities[(i * classCount) + k];
                isClass[i] = labels[i] == k;
                positives += isClass[i] ? 1 : 0;
            }

            if (positives == 0 || positives == n)
            {
                throw new ArgumentException(
                    $"Class {k} has {(positives == 0 ? "no" : "only")} holdout rows; every class needs positives and negatives.", nameof(labels));
            }

            var s = ThresholdCalibrator.Select(BinaryCounts.Compute(column, isClass), objective);
            classes[k] = new ClassThreshold
            {
                ClassIndex = k,
                Threshold = s.IsFeasible ? s.Threshold : null,
                Value = s.IsFeasible ? s.Value : null,
                Positives = positives,
                Negatives = n - positives,
                TruePositives = s.TruePositives,
                FalsePositives = s.FalsePositives,
                Reason = s.Reason,
            };
        }

        return new CalibratedThresholds { Objective = objective, HoldoutCount = n, Classes = classes };
    }

    /// <summary>Applies the decision rule of <paramref name="thresholds"/> to every holdout row and counts coverage and accuracy.</summary>
    /// <param name="thresholds">The calibrated thresholds.</param>
    /// <param name="probabilities">Row-major class probabilities, one per class per row.</param>
    /// <param name="labels">The true class of each row.</param>
    /// <returns>Rows, covered rows and correct covered rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    /// <exception cref="ArgumentException">The sizes disagree, a probability is NaN or outside [0, 1], or a label is out of range.</exception>
    public static DecisionRuleEvaluation Evaluate(
        CalibratedThresholds thresholds, ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var classCount = thresholds.Classes.Count;
        Validate(probabilities, labels, classCount);
        int covered = 0, correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = thresholds.Predict(probabilities.Slice(i * classCount, classCount));
            if (predicted >= 0)
            {
                covered++;
                correct += predicted == labels[i] ? 1 : 0;
            }
        }

        return new DecisionRuleEvaluation(labels.Length, covered, correct);
    }

    private static void Validate(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (labels.IsEmpty)
        {
            throw new ArgumentException("The holdout is empty.", nameof(labels));
        }

        if ((long)labels.Length * classCount != probabilities.Length)
        {
            throw new ArgumentException(
                $"{probabilities.Length} probabilities do not make {labels.Length} rows of {classCount} classes.", nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
            {
                throw new ArgumentException($"Probability {i} is {probabilities[i]}, not in [0, 1].", nameof(probabilities));
            }
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {i} is {labels[i]}, not a class in [0, {classCount}).", nameof(labels));
            }
        }
    }
}
