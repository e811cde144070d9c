namespace ModelMonitor;

/// <summary>Why a prediction record was rejected. Streaming paths count each reason; batch paths throw.</summary>
public enum InvalidRecordReason
{
    /// <summary>The record has no scores.</summary>
    EmptyScores = 0,

    /// <summary>The number of scores is neither the class count nor, for a binary model, one.</summary>
    WrongScoreCount = 1,

    /// <summary>A score is NaN or infinite.</summary>
    NonFiniteScore = 2,

    /// <summary>A single binary score lies outside [0, 1], so it cannot be a probability.</summary>
    ScoreOutOfRange = 3,

    /// <summary>The predicted class is negative or not less than the class count.</summary>
    PredictedClassOutOfRange = 4,

    /// <summary>The label is negative or not less than the class count.</summary>
    LabelOutOfRange = 5,

    /// <summary>The cohort key is longer than the configured maximum (keys are kept in memory).</summary>
    CohortKeyTooLong = 6,
}
