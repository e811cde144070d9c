using ModelMonitor.Rolling;

namespace ModelMonitor;

/// <summary>Thread-safe counts of rejected records by reason: the one counter every monitor keeps.</summary>
internal sealed class InvalidRecordCounter
{
    private readonly long[] _counts = new long[PredictionRecordValidator.ReasonCount];

    public void Increment(InvalidRecordReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    public void Add(InvalidRecordReason reason, long count) => Interlocked.Add(ref _counts[(int)reason], count);

    public long Count(InvalidRecordReason reason) => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Adds another counter's counts (merging two monitors).</summary>
    public void Add(InvalidRecordCounter other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        }
    }

    public InvalidRecordCounts ToCounts() => new()
    {
        EmptyScores = Count(InvalidRecordReason.EmptyScores),
        WrongScoreCount = Count(InvalidRecordReason.WrongScoreCount),
        NonFiniteScore = Count(InvalidRecordReason.NonFiniteScore),
        ScoreOutOfRange = Count(InvalidRecordReason.ScoreOutOfRange),
        PredictedClassOutOfRange = Count(InvalidRecordReason.PredictedClassOutOfRange),
        LabelOutOfRange = Count(InvalidRecordReason.LabelOutOfRange),
        CohortKeyTooLong = Count(InvalidRecordReason.CohortKeyTooLong),
    };
}
