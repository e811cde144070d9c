using ModelMonitor.Rolling;
using ModelMonitor.Serialization;

namespace ModelMonitor.Tests;

public class MonitorPipelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_FansOutToEveryMonitor()
    {
        var fast = new RollingStatisticsMonitor(new RollingStatisticsOptions { CountWindowSize = 10 }, name: "fast");
        var slow = new RollingStatisticsMonitor(new RollingStatisticsOptions { CountWindowSize = 1000 }, name: "slow");
        var pipeline = new MonitorPipeline([fast, slow]);
        for (var i = 0; i < 50; i++)
        {
            pipeline.Observe(new PredictionRecord(Start.AddSeconds(i), new[] { i / 50f }, i >= 25 ? 1 : 0));
        }

        var snapshot = pipeline.Snapshot();
        Assert.Equal(["fast", "slow"], snapshot.Monitors.Keys.Order());
        var f = Assert.IsType<RollingStatisticsSnapshot>(snapshot.Monitors["fast"]);
        var s = Assert.IsType<RollingStatisticsSnapshot>(snapshot.Monitors["slow"]);
        Assert.Equal(50, f.ObservedRecords);
        Assert.Equal(10, f.Cohorts[0].Confidence.CountWindow!.Count);
        Assert.Equal(50, s.Cohorts[0].Confidence.CountWindow!.Count);
        Assert.Contains("\"fast\"", ModelMonitorJson.Serialize(snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateNames_ThrowsNamingTheName()
    {
        var error = Assert.Throws<ArgumentException>(() => new MonitorPipeline(
        [
            new RollingStatisticsMonitor(new RollingStatisticsOptions(), name: "a"),
            new RollingStatisticsMonitor(new RollingStatisticsOptions(), name: "a"),
        ]));
        Assert.Equal("monitors", error.ParamName);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }
}
