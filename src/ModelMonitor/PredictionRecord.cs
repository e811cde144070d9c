using System.Runtime.InteropServices;

namespace ModelMonitor;

/// <summary>
/// One prediction as a model served it: when, for which cohort, the scores, the predicted class,
/// and, when it becomes known, the true label.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Scores"/> holds one score per class (class probabilities, for instance), or a single
/// score for a binary model, read as the probability of class 1. The confidence of a prediction
/// is its largest class score.
/// </para>
/// <para>
/// A record is a small value passed by reference (<see langword="in"/>) to monitors; it does not
/// copy the scores, so the caller may reuse the score buffer once <c>Observe</c> returns.
/// </para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct PredictionRecord
{
    /// <summary>Initializes a record.</summary>
    /// <param name="timestamp">When the prediction was made; <see langword="default"/> means "now" by the monitor's clock.</param>
    /// <param name="scores">One score per class, or one score (the probability of class 1) for a binary model.</param>
    /// <param name="predictedClass">The zero-based index of the predicted class.</param>
    /// <param name="cohort">The cohort key (country, client, device, ...), or <see langword="null"/> for none.</param>
    /// <param name="label">The zero-based true class, when known.</param>
    /// <param name="sampleId">An identifier of the sample, when the caller has one.</param>
    public PredictionRecord(DateTimeOffset timestamp, ReadOnlyMemory<float> scores, int predictedClass, string? cohort = null, int? label = null, string? sampleId = null)
    {
        Timestamp = timestamp;
        Scores = scores;
        PredictedClass = predictedClass;
        Cohort = cohort;
        Label = label;
        SampleId = sampleId;
    }

    /// <summary>Gets when the prediction was made; <see langword="default"/> means "now" by the monitor's clock.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the scores: one per class, or one (the probability of class 1) for a binary model.</summary>
    public ReadOnlyMemory<float> Scores { get; init; }

    /// <summary>Gets the zero-based index of the predicted class.</summary>
    public int PredictedClass { get; init; }

    /// <summary>Gets the cohort key, or <see langword="null"/> when the record belongs to no cohort.</summary>
    public string? Cohort { get; init; }

    /// <summary>Gets the zero-based true class, when known.</summary>
    public int? Label { get; init; }

    /// <summary>Gets the sample's identifier, when the caller has one.</summary>
    public string? SampleId { get; init; }

    /// <summary>Creates a record whose predicted class is the class with the largest score.</summary>
    /// <param name="timestamp">When the prediction was made.</param>
    /// <param name="scores">One score per class, or one score for a binary model (class 1 when it is at least 0.5).</param>
    /// <param name="cohort">The cohort key, or <see langword="null"/>.</param>
    /// <param name="label">The true class, when known.</param>
    /// <returns>The record.</returns>
    public static PredictionRecord FromScores(DateTimeOffset timestamp, ReadOnlyMemory<float> scores, string? cohort = null, int? label = null)
    {
        var span = scores.Span;
        int predicted;
        if (span.Length == 1)
        {
            predicted = span[0] >= 0.5f ? 1 : 0;
        }
        else
        {
            predicted = 0;
            for (var i = 1; i < span.Length; i++)
            {
                if (span[i] > span[predicted])
                {
                    predicted = i;
                }
            }
        }

        return new PredictionRecord(timestamp, scores, predicted, cohort, label);
    }
}
