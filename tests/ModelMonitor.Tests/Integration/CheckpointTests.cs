using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Rolling;
using ModelMonitor.StateWriter;
using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Integration;

public sealed class CheckpointTests : IDisposable
{
    private static readonly DateTimeOffset Start = MonitoringTestHost.Start;
    private readonly string _folder = Directory.CreateTempSubdirectory("modelmonitor-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static RollingStatisticsOptions Options() => SeededRecords.Options();

    private static List<PredictionRecord> Stream(int count, int seed) => SeededRecords.Records(count, seed);

    private static RollingStatisticsMonitor Fed(IEnumerable<PredictionRecord> records) => SeededRecords.Feed(records);

    private static MemoryStream State(RollingStatisticsMonitor monitor)
    {
        var stream = new MemoryStream();
        monitor.WriteState(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void MergeState_TwoInstancesThroughJson_EqualsOneInstanceFedBothStreams()
    {
        var first = Stream(3000, seed: 1);
        var second = Stream(2000, seed: 2);
        var merged = new RollingStatisticsMonitor(Options(), new FakeTimeProvider(Start.AddMinutes(20)));
        merged.MergeState(State(Fed(first)));
        merged.MergeState(State(Fed(second)));
        var single = Fed(first.Concat(second));

        var m = merged.Snapshot();
        var s = single.Snapshot();

        Assert.Equal(s.ObservedRecords, m.ObservedRecords);
        Assert.Equal(s.Cohorts.Select(c => (c.Cohort, c.Count)), m.Cohorts.Select(c => (c.Cohort, c.Count)));
        foreach (var (mc, sc) in m.Cohorts.Append(m.Overall).Zip(s.Cohorts.Append(s.Overall)))
        {
            Assert.Equal(sc.PredictedClasses.AllTime.Counts, mc.PredictedClasses.AllTime.Counts);
            Assert.Equal(sc.PredictedClasses.TimeWindow!.Counts, mc.PredictedClasses.TimeWindow!.Counts);
            Assert.Equal(sc.PredictedClasses.PreviousTimeWindow!.Counts, mc.PredictedClasses.PreviousTimeWindow!.Counts);
            Assert.Equal(sc.Confidence.AllTime!.Mean, mc.Confidence.AllTime!.Mean, 12);
            Assert.Equal(sc.Confidence.AllTime.PopulationVariance, mc.Confidence.AllTime.PopulationVariance, 12);
            Assert.Equal(sc.Confidence.AllTime.Min, mc.Confidence.AllTime.Min);
            Assert.Equal(sc.Confidence.AllTime.Max, mc.Confidence.AllTime.Max);
            Assert.Equal(sc.Confidence.TimeWindow!.Mean, mc.Confidence.TimeWindow!.Mean, 12);
            Assert.Equal(sc.ClassScores[2].AllTime!.Mean, mc.ClassScores[2].AllTime!.Mean, 12);
        }

        // Sketched quantiles of the merged state are within the sketch's rank error of the exact ones.
        var confidences = first.Concat(second).Select(r => (double)r.Scores.ToArray().Max()).Order().ToArray();
        var bound = QuantileSketch.RankErrorBound(64);
        foreach (var q in m.Overall.Confidence.AllTime!.Quantiles)
        {
            var rank = confidences.Count(v => v <= q.Value) / (double)confidences.Length;
            Assert.InRange(rank, q.Probability - (2 * bound), q.Probability + (2 * bound));
        }
    }

    [Fact]
    public void MergeState_IntoAFreshMonitor_RestoresTheSameStatistics()
    {
        var original = Fed(Stream(2500, seed: 3));
        var restored = new RollingStatisticsMonitor(Options(), new FakeTimeProvider(Start.AddMinutes(20)));

        restored.MergeState(State(original));

        var o = original.Snapshot();
        var r = restored.Snapshot();
        foreach (var (a, b) in new[] { (o.Overall.Confidence.AllTime!, r.Overall.Confidence.AllTime!), (o.Overall.Confidence.TimeWindow!, r.Overall.Confidence.TimeWindow!) })
        {
            Assert.Equal((a.Count, a.Mean, a.PopulationVariance, a.Min, a.Max), (b.Count, b.Mean, b.PopulationVariance, b.Min, b.Max));
            Assert.Equal(a.Quantiles, b.Quantiles);
        }

        Assert.Equal(o.Overall.PredictedClasses.AllTime.Counts, r.Overall.PredictedClasses.AllTime.Counts);
        Assert.Equal(o.InvalidRecords, r.InvalidRecords);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("class-count")]
    [InlineData("sketch-count")]
    [InlineData("null-levels")]
    public void MergeState_DamagedOrIncompatible_ThrowsAndMergesNothing(string damage)
    {
        var json = new StreamReader(State(Fed(Stream(500, seed: 4)))).ReadToEnd();
        json = damage switch
        {
            "truncated" => json[..(json.Length / 2)],
            "class-count" => json.Replace("\"classCount\": 3", "\"classCount\": 4", StringComparison.Ordinal),
            "sketch-count" => DamageSketchCount(json),
            _ => ReplaceFirstLevels(json),
        };
        var target = new RollingStatisticsMonitor(Options());

        var e = Assert.Throws<InvalidDataException>(() => target.MergeState(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));

        Assert.Equal(0, target.Snapshot().ObservedRecords);
        if (damage == "class-count")
        {
            Assert.Contains("ClassCount 4", e.Message, StringComparison.Ordinal);
        }
    }

    private static string DamageSketchCount(string json)
    {
        var sketch = json.IndexOf("\"confidenceSketch\": {", StringComparison.Ordinal);
        var count = json.IndexOf("\"count\": ", sketch, StringComparison.Ordinal) + "\"count\": ".Length;
        return string.Concat(json.AsSpan(0, count), "7", json.AsSpan(count));
    }

    private static string ReplaceFirstLevels(string json)
    {
        var at = json.IndexOf("\"levels\": [", StringComparison.Ordinal);
        var end = json.IndexOf(']', json.IndexOf(']', at) + 1);
        return string.Concat(json.AsSpan(0, at), "\"levels\": null", json.AsSpan(end + 1));
    }

    [Fact]
    public void AtomicFile_WriteInterrupted_LeavesThePreviousCheckpointWhole()
    {
        var path = Path.Combine(_folder, "m.rolling.json");
        AtomicFile.Write(path, s => s.Write("previous"u8));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half a new checkp"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Host_RestartWithCheckpoints_RestoresTheWindowsAndSetsDamagedFilesAside()
    {
        var time = new FakeTimeProvider(Start);
        using (var first = BuildHost(time))
        {
            await first.StartAsync();
            var monitor = first.Services.GetRequiredKeyedService<IModelMonitor>("fraud-v3");
            foreach (var record in Stream(400, seed: 5).Select(r => PredictionRecord.FromScores(default, new[] { r.Scores.Span[0] }, r.Cohort)))
            {
                monitor.Observe(record);
            }

            await first.StopAsync();
        }

        // A process killed mid-write leaves a temporary file; it must be ignored.
        await File.WriteAllTextAsync(Path.Combine(_folder, "fraud-v3.rolling.json.tmp-0123"), "{\"half");
        await File.WriteAllTextAsync(Path.Combine(_folder, "churn.rolling.json"), "{ not json");

        using var second = BuildHost(time);
        await second.StartAsync();
        var registry = second.Services.GetRequiredService<IModelMonitorRegistry>();
        var restored = registry.GetMonitor("fraud-v3").PublishSnapshot().Find<RollingStatisticsSnapshot>()!;
        var churn = registry.GetMonitor("churn").PublishSnapshot().Find<RollingStatisticsSnapshot>()!;
        await second.StopAsync();

        Assert.Equal(400, restored.ObservedRecords);
        Assert.Equal(400, restored.Overall.Confidence.TimeWindow!.Count);
        // Count windows and moving averages come back too, not only the mergeable time windows.
        Assert.Equal(400, restored.Cohorts.Sum(c => c.Confidence.CountWindow!.Count));
        Assert.All(restored.Cohorts, c => Assert.NotNull(c.Confidence.Ewma));
        Assert.Equal(0, churn.ObservedRecords);
        var files = Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, files.Count);
        Assert.StartsWith("churn.rolling.json.corrupt-", files[1], StringComparison.Ordinal);
        Assert.Equal(new[] { "churn.rolling.json", "fraud-v3.rolling.json" }, new[] { files[0], files[2] });
    }

    private IHost BuildHost(TimeProvider time)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(time);
        builder.Services.AddModelMonitoring()
            .AddModel("fraud-v3", _ => { })
            .AddModel("churn", _ => { })
            .AddCheckpoints(o => o.Directory = _folder);
        return builder.Build();
    }
}
