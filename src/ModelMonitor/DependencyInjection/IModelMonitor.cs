using ModelMonitor.Drift;
using ModelMonitor.Features;

namespace ModelMonitor.DependencyInjection;

/// <summary>
/// The monitors of one model, created by <see cref="IModelMonitorRegistry"/> from the model's
/// named <see cref="ModelMonitorOptions"/>: observe every prediction here.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="IPredictionObserver.Observe"/> is O(1) and allocation-free once
/// cohorts exist: it fans the record out to each monitor and increments one counter.
/// <see cref="IFeatureObserver.ObserveFeatures"/> hands a serving feature row to every monitor
/// that observes features (a <see cref="Features.FeatureMonitor"/> added with
/// <see cref="ModelMonitoringBuilderExtensions.AddFeatureMonitor"/>); its
/// <see cref="IFeatureObserver.FeatureNames"/> are theirs, empty when there is none.
/// </remarks>
public interface IModelMonitor : IPredictionObserver, IFeatureObserver
{
    /// <summary>Gets the model's name.</summary>
    string ModelName { get; }

    /// <summary>Gets the model's monitors, in the order they observe.</summary>
    IReadOnlyList<IMonitor> Monitors { get; }

    /// <summary>Gets the number of records observed, valid or not.</summary>
    long ObservedRecords { get; }

    /// <summary>Gets the snapshot published last by <see cref="PublishSnapshot"/>; metrics, alerts and health read this one, never recomputing.</summary>
    ModelSnapshot? LatestSnapshot { get; }

    /// <summary>Gets the drift result reported last, or <see langword="null"/>.</summary>
    DatasetDriftResult? LatestDrift { get; }

    /// <summary>Snapshots every monitor and publishes the result as <see cref="LatestSnapshot"/>.</summary>
    /// <returns>The new snapshot.</returns>
    ModelSnapshot PublishSnapshot();

    /// <summary>Tests reference against current feature columns with the model's <see cref="ModelMonitorOptions.Drift"/> settings and reports the result.</summary>
    /// <param name="reference">The reference (training) columns.</param>
    /// <param name="current">The serving columns, by the same names.</param>
    /// <returns>The drift result.</returns>
    /// <exception cref="ArgumentException">The columns do not match; the message names the column.</exception>
    DatasetDriftResult DetectDrift(IReadOnlyList<DriftColumn> reference, IReadOnlyList<DriftColumn> current);

    /// <summary>Reports a drift result computed elsewhere, so that metrics, alerts and the next snapshot include it.</summary>
    /// <param name="result">The result.</param>
    void ReportDrift(DatasetDriftResult result);
}

/// <summary>Gives the monitors of each registered model, creating them once per name on first use (as <c>IHttpClientFactory</c> does for clients).</summary>
/// <remarks>Thread-safe.</remarks>
public interface IModelMonitorRegistry
{
    /// <summary>Gets the names of the registered models, in registration order.</summary>
    IReadOnlyList<string> ModelNames { get; }

    /// <summary>Gets the monitors of a registered model.</summary>
    /// <param name="modelName">The model's name.</param>
    /// <returns>The same instance on every call for a name.</returns>
    /// <exception cref="ArgumentException">No model of that name was registered; the message lists those that were.</exception>
    IModelMonitor GetMonitor(string modelName);
}

/// <summary>What a factory of extra monitors gets to build a model's monitor (see <see cref="ModelMonitoringBuilderExtensions.AddMonitor"/>).</summary>
public sealed class ModelMonitorContext
{
    internal ModelMonitorContext(string modelName, ModelMonitorOptions options, TimeProvider timeProvider)
    {
        ModelName = modelName;
        Options = options;
        TimeProvider = timeProvider;
    }

    /// <summary>Gets the model's name.</summary>
    public string ModelName { get; }

    /// <summary>Gets the model's validated options.</summary>
    public ModelMonitorOptions Options { get; }

    /// <summary>Gets the clock monitors should use.</summary>
    public TimeProvider TimeProvider { get; }
}

/// <summary>What every monitor of one model saw at one instant, with the latest drift result.</summary>
public sealed record ModelSnapshot
{
    /// <summary>Gets the model's name.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets when the snapshot was taken.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets the number of records observed, valid or not.</summary>
    public required long ObservedRecords { get; init; }

    /// <summary>Gets each monitor's snapshot by monitor name.</summary>
    public required IReadOnlyDictionary<string, MonitorSnapshot> Monitors { get; init; }

    /// <summary>Gets the drift result reported last, or <see langword="null"/>.</summary>
    public DatasetDriftResult? Drift { get; init; }

    /// <summary>Finds the first snapshot of a given type.</summary>
    /// <typeparam name="TSnapshot">The snapshot type.</typeparam>
    /// <returns>The snapshot, or <see langword="null"/> when no monitor produced one.</returns>
    public TSnapshot? Find<TSnapshot>()
        where TSnapshot : MonitorSnapshot
    {
        foreach (var snapshot in Monitors.Values)
        {
            if (snapshot is TSnapshot typed)
            {
                return typed;
            }
        }

        return null;
    }
}
