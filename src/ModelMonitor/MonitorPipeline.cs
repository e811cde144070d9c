namespace ModelMonitor;

/// <summary>Fans each record out to several monitors and collects their snapshots.</summary>
/// <remarks>Thread-safe when every monitor is: the pipeline itself holds no mutable state.</remarks>
public sealed class MonitorPipeline : IPredictionObserver
{
    private readonly IMonitor[] _monitors;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a pipeline.</summary>
    /// <param name="monitors">The monitors; names must be unique.</param>
    /// <param name="timeProvider">The clock for the pipeline snapshot's time; the system clock by default.</param>
    /// <exception cref="ArgumentException">Two monitors share a name, or one is <see langword="null"/>.</exception>
    public MonitorPipeline(IEnumerable<IMonitor> monitors, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(monitors);
        _monitors = [.. monitors];
        _timeProvider = timeProvider ?? TimeProvider.System;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _monitors.Length; i++)
        {
            if (_monitors[i] is null)
            {
                throw new ArgumentException($"monitors[{i}] is null.", nameof(monitors));
            }

            if (!names.Add(_monitors[i].Name))
            {
                throw new ArgumentException($"Two monitors are named '{_monitors[i].Name}'; names must be unique in a pipeline.", nameof(monitors));
            }
        }
    }

    /// <summary>Gets the monitors, in the order they observe.</summary>
    public IReadOnlyList<IMonitor> Monitors => _monitors;

    /// <inheritdoc />
    public void Observe(in PredictionRecord record)
    {
        foreach (var monitor in _monitors)
        {
            monitor.Observe(record);
        }
    }

    /// <summary>Creates every monitor's snapshot.</summary>
    /// <returns>The snapshots by monitor name.</returns>
    public MonitorPipelineSnapshot Snapshot()
    {
        var snapshots = new Dictionary<string, MonitorSnapshot>(_monitors.Length, StringComparer.Ordinal);
        foreach (var monitor in _monitors)
        {
            snapshots.Add(monitor.Name, monitor.Snapshot());
        }

        return new MonitorPipelineSnapshot { AsOf = _timeProvider.GetUtcNow(), Monitors = snapshots };
    }
}

/// <summary>The snapshots of a pipeline's monitors.</summary>
public sealed record MonitorPipelineSnapshot
{
    /// <summary>Gets the snapshot format's version.</summary>
    public int FormatVersion { get; init; } = MonitorSnapshot.CurrentFormatVersion;

    /// <summary>Gets when the snapshots were taken.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets each monitor's snapshot by monitor name.</summary>
    public required IReadOnlyDictionary<string, MonitorSnapshot> Monitors { get; init; }
}
