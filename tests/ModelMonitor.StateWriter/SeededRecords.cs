using ModelMonitor.Rolling;

namespace ModelMonitor.StateWriter;

/// <summary>The seeded stream and monitor both processes of the cross-process test use.</summary>
public static class SeededRecords
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static RollingStatisticsOptions Options() => new() { ClassCount = 3, TimeWindow = TimeSpan.FromMinutes(10), TimeWindowBuckets = 5, SketchAccuracy = 64 };

    /// <summary>A fixed clock 20 minutes after the stream starts, so that time windows line up.</summary>
    public static TimeProvider Clock() => new FixedClock(Start.AddMinutes(20));

    public static List<PredictionRecord> Records(int count, int seed)
    {
        var random = new Random(seed);
        List<PredictionRecord> records = [];
        for (var i = 0; i < count; i++)
        {
            var a = (float)random.NextDouble();
            var b = (float)random.NextDouble() * (1 - a);
            var time = Start.AddSeconds(random.Next(0, 1200));
            records.Add(PredictionRecord.FromScores(time, new[] { a, b, 1 - a - b }, cohort: random.Next(3) switch { 0 => "web", 1 => "app", _ => null }));
        }

        return records;
    }

    public static RollingStatisticsMonitor Feed(IEnumerable<PredictionRecord> records)
    {
        var monitor = new RollingStatisticsMonitor(Options(), Clock());
        foreach (var record in records.OrderBy(r => r.Timestamp))
        {
            monitor.Observe(record);
        }

        return monitor;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
