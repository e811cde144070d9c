namespace ModelMonitor;

/// <summary>Something that observes prediction records: a monitor, a pipeline of monitors, a sink.</summary>
public interface IPredictionObserver
{
    /// <summary>Observes one record. Invalid records are counted by reason, never thrown on.</summary>
    /// <param name="record">The record.</param>
    void Observe(in PredictionRecord record);
}

/// <summary>A monitor: observes records and produces an immutable, JSON-serialisable snapshot of what it saw.</summary>
public interface IMonitor : IPredictionObserver
{
    /// <summary>Gets the monitor's name, unique within a pipeline.</summary>
    string Name { get; }

    /// <summary>Creates a snapshot of the monitor's state now.</summary>
    /// <returns>An immutable snapshot.</returns>
    MonitorSnapshot Snapshot();
}

/// <summary>A monitor with a snapshot type of its own.</summary>
/// <typeparam name="TSnapshot">The snapshot type.</typeparam>
public interface IMonitor<out TSnapshot> : IMonitor
    where TSnapshot : MonitorSnapshot
{
    /// <summary>Creates a snapshot of the monitor's state now.</summary>
    /// <returns>An immutable snapshot.</returns>
    new TSnapshot Snapshot();
}

/// <summary>State that two shards, processes or days can combine: merging equals observing the union.</summary>
/// <typeparam name="T">The state type.</typeparam>
public interface IMergeable<in T>
{
    /// <summary>Adds what <paramref name="other"/> observed to this instance.</summary>
    /// <param name="other">State of the same configuration.</param>
    void Merge(T other);
}
