using System.Text.Json.Serialization;
using ModelMonitor.Rolling;

namespace ModelMonitor;

/// <summary>The base of every monitor's snapshot: immutable, and serialisable with <see cref="Serialization.ModelMonitorJson"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(RollingStatisticsSnapshot), "rolling-statistics")]
[JsonDerivedType(typeof(Tagging.TaggingSnapshot), "tagging")]
[JsonDerivedType(typeof(Features.FeatureSnapshot), "features")]
public abstract record MonitorSnapshot
{
    /// <summary>The snapshot format's version; it changes when a persisted field changes meaning.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Gets the name of the monitor that made the snapshot.</summary>
    public required string MonitorName { get; init; }

    /// <summary>Gets the instant the snapshot describes.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the snapshot format's version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;
}
