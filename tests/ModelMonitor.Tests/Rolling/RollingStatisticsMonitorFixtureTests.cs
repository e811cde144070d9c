using ModelMonitor.Rolling;

namespace ModelMonitor.Tests.Rolling;

/// <summary>The monitor's windows against pandas on the shared fixture stream.</summary>
public class RollingStatisticsMonitorFixtureTests
{
    private static RollingStatisticsMonitor CreateMonitor() => new(new RollingStatisticsOptions
    {
        ClassCount = 2,
        CountWindowSize = 1000,
        TimeWindow = TimeSpan.FromMinutes(5),
        TimeWindowBuckets = 10,
        EwmaAlpha = 0.01,
        Quantiles = [0.1, 0.5, 0.9, 0.99],
    });

    private static PredictionRecord Record(int row)
    {
        var p = RollingInput.P[row];
        return new PredictionRecord(DateTimeOffset.FromUnixTimeMilliseconds(RollingInput.TimesMs[row]), new[] { p }, p >= 0.5f ? 1 : 0);
    }

    [Fact]
    public void TimeWindows_MatchPandasBucketAggregates()
    {
        var expected = FixtureData.Load("bucket_windows.csv.gz");
        var monitor = CreateMonitor();
        var next = 0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                monitor.Observe(Record(next++));
            }

            var snapshot = monitor.Snapshot(DateTimeOffset.FromUnixTimeMilliseconds(RollingInput.TimesMs[row]));
            var cohort = Assert.Single(snapshot.Cohorts);
            Assert.Equal(RollingStatisticsMonitor.DefaultCohort, cohort.Cohort);
            CompareWindow(expected, r, "cur", cohort.Confidence.TimeWindow, cohort.PredictedClasses.TimeWindow);
            CompareWindow(expected, r, "prev", cohort.Confidence.PreviousTimeWindow, cohort.PredictedClasses.PreviousTimeWindow);
            CompareWindow(expected, r, "all", cohort.Confidence.AllTime, cohort.PredictedClasses.AllTime);

            // The overall view of a single cohort is that cohort.
            Assert.Equal(cohort.Confidence.TimeWindow?.Mean, snapshot.Overall.Confidence.TimeWindow?.Mean);

            // Welch's z from pandas' own window statistics.
            if (expected[r, "prev_count"] >= 2)
            {
                var z = (expected[r, "cur_mean"] - expected[r, "prev_mean"])
                    / Math.Sqrt((expected[r, "cur_var1"] / expected[r, "cur_count"]) + (expected[r, "prev_var1"] / expected[r, "prev_count"]));
                Assertions.Close(z, cohort.Trend!.ConfidenceVsPreviousWindow!.ZScore!.Value, 1e-7, $"z row {row}");
                var share = expected[r, "cur_class1"] / expected[r, "cur_count"];
                Assertions.Close(share, cohort.Trend.ClassSharesVsPreviousWindow[1].Current, 1e-12, $"share row {row}");
            }
        }
    }

    [Fact]
    public void CountWindowAndEwma_MatchPandasRolling()
    {
        var expected = FixtureData.Load("rolling_expected.csv.gz");
        var monitor = CreateMonitor();
        var next = 0;
        var compared = 0;
        for (var r = 0; r < expected.RowCount; r += 7)
        {
            var row = (int)expected[r, "row"];
            while (next <= row)
            {
                monitor.Observe(Record(next++));
            }

            var confidence = monitor.Snapshot().Cohorts[0].Confidence;
            Assertions.Close(expected[r, "ewm"], confidence.Ewma!.Value, 1e-9, $"ewm row {row}");
            if (row < 999)
            {
                continue;
            }

            var window = confidence.CountWindow!;
            Assert.True(window.QuantilesAreExact);
            Assertions.Close(expected[r, "mean_1000"], window.Mean, 1e-9, $"mean row {row}");
            Assertions.Close(expected[r, "var1_1000"], window.SampleVariance!.Value, 1e-9, $"var1 row {row}");
            Assertions.Close(expected[r, "var0_1000"], window.PopulationVariance, 1e-9, $"var0 row {row}");
            Assertions.Close(expected[r, "std1_1000"], window.SampleStandardDeviation!.Value, 1e-9, $"std row {row}");
            foreach (var q in new[] { 10, 50, 90, 99 })
            {
                Assertions.Close(expected[r, $"q{q}_1000"], window.Quantile(q / 100.0)!.Value, 1e-12, $"q{q} row {row}");
            }

            compared++;
        }

        Assert.True(compared > 300, $"only {compared} rows compared");
    }

    [Fact]
    public void SketchedQuantiles_WithinRankErrorOfExact()
    {
        var monitor = CreateMonitor();
        for (var i = 0; i < RollingInput.P.Length; i++)
        {
            monitor.Observe(Record(i));
        }

        var snapshot = monitor.Snapshot(DateTimeOffset.FromUnixTimeMilliseconds(RollingInput.TimesMs[^1]));
        var allTime = snapshot.Overall.Confidence.AllTime!;
        Assert.False(allTime.QuantilesAreExact);
        var sorted = RollingInput.Confidence.ToArray();
        Array.Sort(sorted);
        foreach (var q in allTime.Quantiles)
        {
            var rank = (double)sorted.Count(v => v <= q.Value) / sorted.Length;
            var rankBelow = (double)sorted.Count(v => v < q.Value) / sorted.Length;
            var error = q.Probability > rank ? q.Probability - rank : q.Probability < rankBelow ? rankBelow - q.Probability : 0;
            Assert.True(error <= snapshot.Windows.SketchRankError, $"p{q.Probability}: rank error {error}");
        }
    }

    private static void CompareWindow(FixtureData expected, int r, string prefix, SummaryStatistics? actual, ClassFrequencies? classes)
    {
        var count = expected[r, $"{prefix}_count"];
        if (count == 0)
        {
            Assert.Null(actual);
            Assert.True(classes is null || classes.Total == 0);
            return;
        }

        Assert.NotNull(actual);
        Assert.NotNull(classes);
        Assert.Equal((long)count, actual.Count);
        Assert.Equal((long)count, classes.Total);
        Assert.Equal((long)expected[r, $"{prefix}_class1"], classes.Counts[1]);
        Assertions.Close(expected[r, $"{prefix}_mean"], actual.Mean, 1e-9, $"{prefix} mean");
        Assertions.Close(expected[r, $"{prefix}_var0"], actual.PopulationVariance, 1e-9, $"{prefix} var0");
        if (count >= 2)
        {
            Assertions.Close(expected[r, $"{prefix}_var1"], actual.SampleVariance!.Value, 1e-9, $"{prefix} var1");
        }

        Assert.Equal(expected[r, $"{prefix}_min"], actual.Min);
        Assert.Equal(expected[r, $"{prefix}_max"], actual.Max);
    }
}
