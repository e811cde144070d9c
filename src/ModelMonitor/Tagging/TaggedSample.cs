namespace ModelMonitor.Tagging;

/// <summary>One sample chosen for labelling.</summary>
public sealed record TaggedSample
{
    /// <summary>Gets the sample's identifier, as the caller passed it.</summary>
    public required string SampleId { get; init; }

    /// <summary>Gets why it was chosen.</summary>
    public required TaggingCriterion Reason { get; init; }

    /// <summary>Gets the criterion's score (see <see cref="TaggingCriterion"/> for its meaning).</summary>
    public required double Score { get; init; }

    /// <summary>Gets the predicted class.</summary>
    public required int PredictedClass { get; init; }

    /// <summary>Gets the record's cohort, or <see langword="null"/>.</summary>
    public string? Cohort { get; init; }

    /// <summary>Gets the record's label, when it was known.</summary>
    public int? Label { get; init; }
}
