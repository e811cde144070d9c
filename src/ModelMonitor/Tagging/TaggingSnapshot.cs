using ModelMonitor.Rolling;

namespace ModelMonitor.Tagging;

/// <summary>What a <see cref="TaggingSelector"/> holds at one instant: the chosen samples, best first, and its counters.</summary>
public sealed record TaggingSnapshot : MonitorSnapshot
{
    /// <summary>Gets the selector's criterion.</summary>
    public required TaggingCriterion Criterion { get; init; }

    /// <summary>Gets the most samples the selector keeps.</summary>
    public required int Budget { get; init; }

    /// <summary>Gets the number of valid records observed, with or without a sample identifier.</summary>
    public required long ObservedRecords { get; init; }

    /// <summary>Gets the number of valid records skipped because they had no sample identifier.</summary>
    public required long MissingSampleId { get; init; }

    /// <summary>Gets the rejected records by reason.</summary>
    public required InvalidRecordCounts InvalidRecords { get; init; }

    /// <summary>Gets the chosen samples, best first.</summary>
    public required IReadOnlyList<TaggedSample> Selected { get; init; }
}
