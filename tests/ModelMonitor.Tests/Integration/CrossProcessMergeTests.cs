using System.Diagnostics;
using ModelMonitor.Rolling;
using ModelMonitor.StateWriter;
using ModelMonitor.Statistics;

namespace ModelMonitor.Tests.Integration;

public sealed class CrossProcessMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelmonitor-processes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task MergeState_StatesWrittenByTwoProcesses_EqualsOneMonitorFedBothStreams()
    {
        var first = Path.Combine(_folder, "a.json");
        var second = Path.Combine(_folder, "b.json");

        await Task.WhenAll(RunWriter(3000, 1, first), RunWriter(2000, 2, second));

        var merged = new RollingStatisticsMonitor(SeededRecords.Options(), SeededRecords.Clock());
        foreach (var file in new[] { first, second })
        {
            using var stream = File.OpenRead(file);
            merged.MergeState(stream);
        }

        var records = SeededRecords.Records(3000, 1).Concat(SeededRecords.Records(2000, 2)).ToList();
        var single = SeededRecords.Feed(records);
        var m = merged.Snapshot();
        var s = single.Snapshot();

        Assert.Equal(5000, m.ObservedRecords);
        Assert.Equal(s.Cohorts.Select(c => (c.Cohort, c.Count)), m.Cohorts.Select(c => (c.Cohort, c.Count)));
        foreach (var (mc, sc) in m.Cohorts.Append(m.Overall).Zip(s.Cohorts.Append(s.Overall)))
        {
            Assert.Equal(sc.PredictedClasses.AllTime.Counts, mc.PredictedClasses.AllTime.Counts);
            Assert.Equal(sc.PredictedClasses.TimeWindow!.Counts, mc.PredictedClasses.TimeWindow!.Counts);
            Assert.Equal(sc.Confidence.AllTime!.Mean, mc.Confidence.AllTime!.Mean, 12);
            Assert.Equal(sc.Confidence.AllTime.PopulationVariance, mc.Confidence.AllTime.PopulationVariance, 12);
            Assert.Equal(sc.Confidence.TimeWindow!.Mean, mc.Confidence.TimeWindow!.Mean, 12);
        }

        var confidences = records.Select(r => (double)r.Scores.ToArray().Max()).Order().ToArray();
        var bound = QuantileSketch.RankErrorBound(SeededRecords.Options().SketchAccuracy);
        foreach (var q in m.Overall.Confidence.AllTime!.Quantiles)
        {
            var rank = confidences.Count(v => v <= q.Value) / (double)confidences.Length;
            Assert.InRange(rank, q.Probability - (2 * bound), q.Probability + (2 * bound));
        }
    }

    private static async Task RunWriter(int count, int seed, string output)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "ModelMonitor.StateWriter.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { writer, count.ToString(System.Globalization.CultureInfo.InvariantCulture), seed.ToString(System.Globalization.CultureInfo.InvariantCulture), output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"The writer failed: {await stderr}");
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), (await stdout).Split(':')[0]);
    }
}
