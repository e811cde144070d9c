using System.Text.Json;
using System.Text.Json.Serialization;
using ModelMonitor.Drift;
using ModelMonitor.Rolling;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Serialization;

/// <summary>Reads and writes snapshots as JSON, with source-generated metadata (trimming- and AOT-safe).</summary>
public static class ModelMonitorJson
{
    /// <summary>Serialises a snapshot, with its kind recorded so it reads back as the same type.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return JsonSerializer.Serialize(snapshot, ModelMonitorJsonContext.Default.MonitorSnapshot);
    }

    /// <summary>Serialises a pipeline's snapshots.</summary>
    /// <param name="snapshot">The snapshots.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(MonitorPipelineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return JsonSerializer.Serialize(snapshot, ModelMonitorJsonContext.Default.MonitorPipelineSnapshot);
    }

    /// <summary>
    /// Serialises a dataset drift result. Infinite statistics (a constant reference column, a class
    /// the reference never saw) are written as the strings "Infinity" and "-Infinity".
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(DatasetDriftResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, ModelMonitorJsonContext.Default.DatasetDriftResult);
    }

    /// <summary>Serialises class-distribution results (one per cohort, say).</summary>
    /// <param name="results">The results.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(IReadOnlyList<ClassDistributionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return JsonSerializer.Serialize(results, ModelMonitorJsonContext.Default.IReadOnlyListClassDistributionResult);
    }

    /// <summary>Reads a dataset drift result written by <see cref="Serialize(DatasetDriftResult)"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The result.</returns>
    /// <exception cref="JsonException">The JSON is not a drift result.</exception>
    public static DatasetDriftResult DeserializeDriftResult(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ModelMonitorJsonContext.Default.DatasetDriftResult)
            ?? throw new JsonException("The JSON holds null, not a drift result.");
    }

    /// <summary>Serialises calibrated thresholds, to ship them from training to serving.</summary>
    /// <param name="thresholds">The thresholds.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(CalibratedThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return JsonSerializer.Serialize(thresholds, ModelMonitorJsonContext.Default.CalibratedThresholds);
    }

    /// <summary>Reads thresholds written by <see cref="Serialize(CalibratedThresholds)"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The thresholds.</returns>
    /// <exception cref="JsonException">The JSON is not calibrated thresholds.</exception>
    public static CalibratedThresholds DeserializeThresholds(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ModelMonitorJsonContext.Default.CalibratedThresholds)
            ?? throw new JsonException("The JSON holds null, not calibrated thresholds.");
    }

    /// <summary>Reads a snapshot written by <see cref="Serialize(MonitorSnapshot)"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The snapshot, of its original type.</returns>
    /// <exception cref="JsonException">The JSON is not a snapshot, or its format version is newer than this library's.</exception>
    public static MonitorSnapshot DeserializeSnapshot(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var snapshot = JsonSerializer.Deserialize(json, ModelMonitorJsonContext.Default.MonitorSnapshot)
            ?? throw new JsonException("The JSON holds null, not a snapshot.");
        if (snapshot.FormatVersion > MonitorSnapshot.CurrentFormatVersion)
        {
            throw new JsonException($"The snapshot has format version {snapshot.FormatVersion}; this library reads up to {MonitorSnapshot.CurrentFormatVersion}.");
        }

        return snapshot;
    }
}

/// <summary>Source-generated JSON metadata for every persisted type.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MonitorSnapshot))]
[JsonSerializable(typeof(RollingStatisticsSnapshot))]
[JsonSerializable(typeof(MonitorPipelineSnapshot))]
[JsonSerializable(typeof(DatasetDriftResult))]
[JsonSerializable(typeof(CalibratedThresholds))]
[JsonSerializable(typeof(IReadOnlyList<ClassDistributionResult>))]
[JsonSerializable(typeof(RollingStateRecord))]
[JsonSerializable(typeof(Reporting.MonitorReport))]
internal sealed partial class ModelMonitorJsonContext : JsonSerializerContext;
