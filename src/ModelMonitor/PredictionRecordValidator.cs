namespace ModelMonitor;

/// <summary>The checks every monitor applies to a record before it touches any statistic.</summary>
public static class PredictionRecordValidator
{
    /// <summary>The number of <see cref="InvalidRecordReason"/> values.</summary>
    internal const int ReasonCount = 7;

    /// <summary>Checks a record against a model with <paramref name="classCount"/> classes.</summary>
    /// <param name="record">The record.</param>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="maxCohortKeyLength">The longest cohort key accepted.</param>
    /// <param name="reason">Why the record is invalid, when it is.</param>
    /// <returns><see langword="true"/> when the record is valid.</returns>
    public static bool TryValidate(in PredictionRecord record, int classCount, int maxCohortKeyLength, out InvalidRecordReason reason)
    {
        var scores = record.Scores.Span;
        if (scores.IsEmpty)
        {
            reason = InvalidRecordReason.EmptyScores;
            return false;
        }

        if (scores.Length != classCount && !(scores.Length == 1 && classCount == 2))
        {
            reason = InvalidRecordReason.WrongScoreCount;
            return false;
        }

        foreach (var s in scores)
        {
            if (!float.IsFinite(s))
            {
                reason = InvalidRecordReason.NonFiniteScore;
                return false;
            }
        }

        if (scores.Length == 1 && !(scores[0] >= 0f && scores[0] <= 1f))
        {
            reason = InvalidRecordReason.ScoreOutOfRange;
            return false;
        }

        if ((uint)record.PredictedClass >= (uint)classCount)
        {
            reason = InvalidRecordReason.PredictedClassOutOfRange;
            return false;
        }

        if (record.Label is { } label && (uint)label >= (uint)classCount)
        {
            reason = InvalidRecordReason.LabelOutOfRange;
            return false;
        }

        if (record.Cohort is { } cohort && cohort.Length > maxCohortKeyLength)
        {
            reason = InvalidRecordReason.CohortKeyTooLong;
            return false;
        }

        reason = default;
        return true;
    }

    /// <summary>Describes why a record is invalid, naming the offending field and value.</summary>
    /// <param name="record">The record.</param>
    /// <param name="reason">The reason <see cref="TryValidate"/> gave.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="maxCohortKeyLength">The longest cohort key accepted.</param>
    /// <returns>A sentence for an exception message or a log.</returns>
    public static string Describe(in PredictionRecord record, InvalidRecordReason reason, int classCount, int maxCohortKeyLength)
    {
        var scores = record.Scores.Span;
        switch (reason)
        {
            case InvalidRecordReason.EmptyScores:
                return "Scores is empty; a record needs one score per class.";
            case InvalidRecordReason.WrongScoreCount:
                return $"Scores has {scores.Length} values; the model has {classCount} classes, so it needs {classCount}{(classCount == 2 ? " (or 1, the probability of class 1)" : string.Empty)}.";
            case InvalidRecordReason.NonFiniteScore:
                for (var i = 0; i < scores.Length; i++)
                {
                    if (!float.IsFinite(scores[i]))
                    {
                        return $"Scores[{i}] is {scores[i]}; scores must be finite.";
                    }
                }

                break;
            case InvalidRecordReason.ScoreOutOfRange:
                return $"Scores[0] is {scores[0]}; a single binary score is the probability of class 1 and must lie in [0, 1].";
            case InvalidRecordReason.PredictedClassOutOfRange:
                return $"PredictedClass is {record.PredictedClass}; it must lie in [0, {classCount - 1}].";
            case InvalidRecordReason.LabelOutOfRange:
                return $"Label is {record.Label}; it must lie in [0, {classCount - 1}].";
            case InvalidRecordReason.CohortKeyTooLong:
                return $"Cohort has {record.Cohort!.Length} characters; at most {maxCohortKeyLength} are accepted.";
        }

        return reason.ToString();
    }
}
