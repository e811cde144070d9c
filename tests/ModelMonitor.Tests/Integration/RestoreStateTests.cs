using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Rolling;
using ModelMonitor.StateWriter;

namespace ModelMonitor.Tests.Integration;

public sealed class RestoreStateTests
{
    private static RollingStatisticsOptions Options(int countWindow = 250) => new()
    {
        ClassCount = 3,
        CountWindowSize = countWindow,
        TimeWindow = TimeSpan.FromMinutes(10),
        TimeWindowBuckets = 5,
        SketchAccuracy = 64,
        EwmaAlpha = 0.05,
    };

    private static RollingStatisticsMonitor New(RollingStatisticsOptions? options = null) =>
        new(options ?? Options(), new FakeTimeProvider(SeededRecords.Start.AddMinutes(20)));

    private static RollingStatisticsMonitor Feed(RollingStatisticsMonitor monitor, IEnumerable<PredictionRecord> records)
    {
        foreach (var record in records)
        {
            monitor.Observe(record);
        }

        return monitor;
    }

    private static MemoryStream State(RollingStatisticsMonitor monitor)
    {
        var stream = new MemoryStream();
        monitor.WriteState(stream);
        stream.Position = 0;
        return stream;
    }

    private static List<PredictionRecord> Records() => [.. SeededRecords.Records(3000, seed: 11).OrderBy(r => r.Timestamp)];

    /// <summary>Count windows, moving averages and window class counts: the stream-order figures, compared exactly (means within rounding).</summary>
    private static void AssertSameStreamState(RollingStatisticsSnapshot expected, RollingStatisticsSnapshot actual)
    {
        Assert.Equal(expected.Cohorts.Select(c => c.Cohort), actual.Cohorts.Select(c => c.Cohort));
        foreach (var (e, a) in expected.Cohorts.Append(expected.Overall).Zip(actual.Cohorts.Append(actual.Overall)))
        {
            foreach (var (es, @as) in e.ClassScores.Prepend(e.Confidence).Zip(a.ClassScores.Prepend(a.Confidence)))
            {
                Assert.Equal(es.Ewma, @as.Ewma);
                if (e.Cohort != actual.Overall.Cohort)
                {
                    var (ew, aw) = (es.CountWindow!, @as.CountWindow!);
                    Assert.Equal((ew.Count, ew.Min, ew.Max), (aw.Count, aw.Min, aw.Max));
                    Assert.Equal(ew.Quantiles, aw.Quantiles);
                    Assert.Equal(ew.Mean, aw.Mean, 12);
                    Assert.Equal(ew.PopulationVariance, aw.PopulationVariance, 12);
                }
            }

            Assert.Equal(e.PredictedClasses.CountWindow?.Counts, a.PredictedClasses.CountWindow?.Counts);
            Assert.Equal(e.PredictedClasses.TimeWindow!.Counts, a.PredictedClasses.TimeWindow!.Counts);
            Assert.Equal(e.PredictedClasses.AllTime.Counts, a.PredictedClasses.AllTime.Counts);
            Assert.Equal(e.LateRecords, a.LateRecords);
        }
    }

    [Fact]
    public void RestoreState_IntoAFreshMonitor_RoundTripsTheCountWindowsAndMovingAverages()
    {
        var original = Feed(New(), Records().Take(1800));
        var restored = New();

        Assert.True(restored.RestoreState(State(original)));

        AssertSameStreamState(original.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void RestoreState_ThenMoreRecords_EqualsNeverHavingStopped()
    {
        var records = Records();
        var continuous = Feed(New(), records);
        var beforeRestart = Feed(New(), records.Take(2900));
        var afterRestart = New();

        afterRestart.RestoreState(State(beforeRestart));
        // About 33 records per cohort after the restart: the 250-record count windows still hold mostly restored values.
        Feed(afterRestart, records.Skip(2900));

        AssertSameStreamState(continuous.Snapshot(), afterRestart.Snapshot());
    }

    [Fact]
    public void MergeState_LeavesCountWindowsToTheStreamThatFilledThem()
    {
        var merged = New();
        merged.MergeState(State(Feed(New(), Records().Take(500))));

        var overall = merged.Snapshot().Overall;
        Assert.Equal(500, overall.Confidence.AllTime!.Count);
        Assert.Equal(0, overall.Confidence.CountWindow?.Count ?? 0);
        Assert.Null(overall.Confidence.Ewma);
    }

    [Fact]
    public void RestoreState_OtherCountWindowSize_RestoresOnlyTheMergeableState()
    {
        var restored = New(Options(countWindow: 100));

        Assert.False(restored.RestoreState(State(Feed(New(), Records().Take(500)))));

        var overall = restored.Snapshot().Overall;
        Assert.Equal(500, overall.Confidence.AllTime!.Count);
        Assert.Equal(0, overall.Confidence.CountWindow?.Count ?? 0);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("window")]
    [InlineData("ewma")]
    public void RestoreState_DamagedStreamState_ThrowsAndRestoresNothing(string damage)
    {
        var json = new StreamReader(State(Feed(New(), Records().Take(400)))).ReadToEnd();
        json = damage switch
        {
            "class" => ReplaceFirstArray(json, "predictedClasses", "[0, 1, 7]"),
            "window" => ReplaceFirstArray(json, "confidenceWindow", "[" + string.Join(", ", Enumerable.Repeat("0.5", 251)) + "]"),
            _ => ReplaceFirst(json, "\"classEwma\": [", "\"classEwma\": [null, "),
        };
        var target = New();

        Assert.Throws<InvalidDataException>(() => target.RestoreState(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));

        Assert.Equal(0, target.Snapshot().ObservedRecords);
    }

    private static string ReplaceFirst(string json, string what, string with)
    {
        var at = json.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, what);
        return string.Concat(json.AsSpan(0, at), with, json.AsSpan(at + what.Length));
    }

    private static string ReplaceFirstArray(string json, string property, string array)
    {
        var at = json.IndexOf($"\"{property}\": [", StringComparison.Ordinal);
        Assert.True(at >= 0, property);
        var open = json.IndexOf('[', at);
        var end = json.IndexOf(']', open);
        return string.Concat(json.AsSpan(0, open), array, json.AsSpan(end + 1));
    }
}
