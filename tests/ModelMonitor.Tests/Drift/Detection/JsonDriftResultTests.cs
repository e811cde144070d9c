using ModelMonitor.Drift;
using ModelMonitor.Serialization;

namespace ModelMonitor.Tests.Drift.Detection;

public class JsonDriftResultTests
{
    [Fact]
    public void Serialize_DatasetDriftResultWithInfiniteEffect_RoundTrips()
    {
        var random = new Random(4);
        // A constant reference column makes the normalised Wasserstein effect infinite.
        var reference = new[] { DriftColumn.Numeric("x", Enumerable.Repeat(1.0, 200).ToArray()), DriftColumn.Numeric("y", Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray()) };
        var current = new[] { DriftColumn.Numeric("x", Enumerable.Range(0, 200).Select(i => 1.0 + (i % 3)).ToArray()), DriftColumn.Numeric("y", Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray()) };
        var result = new DriftDetector().Detect(reference, current);

        var json = ModelMonitorJson.Serialize(result);
        var back = ModelMonitorJson.DeserializeDriftResult(json);

        Assert.Equal(result.Columns.Select(c => c.Column), back.Columns.Select(c => c.Column));
        Assert.Equal(result.Columns.Select(c => c.IsDrift), back.Columns.Select(c => c.IsDrift));
        Assert.Equal(result.Columns.Select(c => c.Test?.Statistic), back.Columns.Select(c => c.Test?.Statistic));
        Assert.Equal(result.Columns.Select(c => c.EffectSize), back.Columns.Select(c => c.EffectSize));
        Assert.Equal(result.DriftedColumns, back.DriftedColumns);
    }
}
