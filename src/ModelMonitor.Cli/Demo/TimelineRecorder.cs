using ModelMonitor.Rolling;

namespace ModelMonitor.Cli.Demo;

/// <summary>
/// Passes records on and snapshots the monitor each time the stream's clock crosses another interval,
/// as a service's periodic snapshot would: the report's timeline is drawn from these snapshots.
/// </summary>
/// <param name="monitor">The monitor to snapshot.</param>
/// <param name="inner">Where records go (the monitor itself, or a wrapper around it).</param>
/// <param name="start">The stream's first timestamp.</param>
/// <param name="interval">The time between two snapshots.</param>
internal sealed class TimelineRecorder(RollingStatisticsMonitor monitor, IPredictionObserver inner, DateTimeOffset start, TimeSpan interval) : IPredictionObserver
{
    private readonly List<RollingStatisticsSnapshot> _snapshots = [];
    private DateTimeOffset _next = start + interval;
    private DateTimeOffset? _last;

    /// <summary>The snapshots taken so far, plus one at the latest record when the stream ended between two intervals.</summary>
    /// <returns>The snapshots, oldest first.</returns>
    public IReadOnlyList<RollingStatisticsSnapshot> Finish()
    {
        if (_last is { } last && (_snapshots.Count == 0 || _snapshots[^1].AsOf < last))
        {
            _snapshots.Add(monitor.Snapshot(last));
        }

        return _snapshots;
    }

    public void Observe(in PredictionRecord record)
    {
        while (record.Timestamp >= _next)
        {
            _snapshots.Add(monitor.Snapshot(_next));
            _next += interval;
        }

        inner.Observe(record);
        _last = record.Timestamp;
    }
}
