using System.Text.Json;
using ModelMonitor.Alerts;

namespace ModelMonitor.Reporting;

/// <summary>
/// Everything one HTML report shows, as the monitors produced it: snapshots and results copied, never
/// recomputed. Build one with the sections' <c>From</c> methods, save it with <see cref="ToJson"/>, and
/// render it with <see cref="ToJson"/>; every section is optional and an absent one is skipped.
/// </summary>
public sealed record MonitorReport
{
    /// <summary>The format version this library writes; it reads this one and older ones.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Gets the format version of this report.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Gets the report's title, shown at the top of the page.</summary>
    public required string Title { get; init; }

    /// <summary>Gets a sentence or two saying what was monitored (which model, which data), or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>Gets when the report's data was put together.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets the alerts raised over the snapshots, shown first.</summary>
    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    /// <summary>Gets the monitors' latest snapshots (rolling statistics, tagging, ...).</summary>
    public IReadOnlyList<MonitorSnapshot> Snapshots { get; init; } = [];

    /// <summary>Gets rolling confidence and predicted-class shares over time, or <see langword="null"/>.</summary>
    public TimelineSection? Timeline { get; init; }

    /// <summary>Gets the class distribution of training against serving, or <see langword="null"/>.</summary>
    public ClassDistributionSection? ClassDistribution { get; init; }

    /// <summary>Gets the per-feature drift results with the distributions behind them, or <see langword="null"/>.</summary>
    public DriftSection? Drift { get; init; }

    /// <summary>Gets the schema validation of serving data, or <see langword="null"/>.</summary>
    public SchemaSection? Schema { get; init; }

    /// <summary>Gets the calibrated decision thresholds with their curves, one per class (one for a binary model).</summary>
    public IReadOnlyList<ThresholdSection> Thresholds { get; init; } = [];

    /// <summary>Gets the labelling queues of the tagging selectors.</summary>
    public IReadOnlyList<TaggingQueueSection> TaggingQueues { get; init; } = [];

    /// <summary>Gets the projections of reference and serving embeddings per class.</summary>
    public IReadOnlyList<ProjectionSection> Projections { get; init; } = [];

    /// <summary>Gets the LIME explanations, sample and class level, or <see langword="null"/>.</summary>
    public ExplanationSection? Explanations { get; init; }

    /// <summary>Gets the robustness checks under in-domain perturbations, or <see langword="null"/>.</summary>
    public RobustnessSection? Robustness { get; init; }

    /// <summary>Gets the data profile, column by column, or <see langword="null"/>.</summary>
    public ProfileSection? Profile { get; init; }

    /// <summary>Serialises the report to indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Serialization.ModelMonitorJsonContext.Default.MonitorReport);

    /// <summary>
    /// Reads a report from JSON. A bare monitor snapshot (what <c>ModelMonitorJson.Serialize</c> writes)
    /// is read too, as a report holding just that snapshot.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">The JSON is neither a report nor a snapshot, is corrupted, or is of a newer format version.</exception>
    public static MonitorReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a JSON object (a report or a monitor snapshot), found {document.RootElement.ValueKind}.");
        }

        if (document.RootElement.TryGetProperty("$kind", out _))
        {
            var snapshot = Serialization.ModelMonitorJson.DeserializeSnapshot(json);
            return new MonitorReport
            {
                Title = $"ModelMonitor report: {snapshot.MonitorName}",
                GeneratedAt = snapshot.AsOf,
                Snapshots = [snapshot],
            };
        }

        if (!document.RootElement.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new JsonException("The JSON is neither a ModelMonitor report (no 'formatVersion') nor a monitor snapshot (no '$kind').");
        }

        if (version.GetInt32() > CurrentFormatVersion)
        {
            throw new JsonException($"The report has format version {version.GetInt32()}; this library reads up to {CurrentFormatVersion}.");
        }

        return JsonSerializer.Deserialize(json, Serialization.ModelMonitorJsonContext.Default.MonitorReport)
            ?? throw new JsonException("The JSON holds null, not a report.");
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new JsonException($"The report is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }
}
