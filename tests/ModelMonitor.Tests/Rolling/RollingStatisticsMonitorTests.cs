using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Rolling;
using ModelMonitor.Serialization;

namespace ModelMonitor.Tests.Rolling;

public class RollingStatisticsMonitorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static RollingStatisticsOptions Options(int classCount = 2) => new()
    {
        ClassCount = classCount,
        CountWindowSize = 100,
        TimeWindow = TimeSpan.FromMinutes(10),
        TimeWindowBuckets = 10,
        Quantiles = [0.5, 0.9],
    };

    private static PredictionRecord Binary(DateTimeOffset at, float p, string? cohort = null) =>
        new(at, new[] { p }, p >= 0.5f ? 1 : 0, cohort);

    [Fact]
    public void Observe_InvalidRecords_CountedByReasonAndNoStatisticTouched()
    {
        var monitor = new RollingStatisticsMonitor(Options(3));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, float.NaN, 0.3f }, 0));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.8f }, 0));
        monitor.Observe(new PredictionRecord(Start, ReadOnlyMemory<float>.Empty, 0));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.5f, 0.3f }, 3));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.5f, 0.3f }, -1));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.5f, 0.3f }, 1, label: 7));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.5f, 0.3f }, 1, cohort: new string('x', 129)));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, float.PositiveInfinity, 0.3f }, 1));

        var snapshot = monitor.Snapshot(Start);
        Assert.Equal(0, snapshot.ObservedRecords);
        Assert.Empty(snapshot.Cohorts);
        Assert.Null(snapshot.Overall.Confidence.AllTime);
        Assert.Equal(2, snapshot.InvalidRecords.NonFiniteScore);
        Assert.Equal(1, snapshot.InvalidRecords.WrongScoreCount);
        Assert.Equal(1, snapshot.InvalidRecords.EmptyScores);
        Assert.Equal(2, snapshot.InvalidRecords.PredictedClassOutOfRange);
        Assert.Equal(1, snapshot.InvalidRecords.LabelOutOfRange);
        Assert.Equal(1, snapshot.InvalidRecords.CohortKeyTooLong);
        Assert.Equal(8, snapshot.InvalidRecords.Total);
        Assert.Equal(2, monitor.InvalidCount(InvalidRecordReason.NonFiniteScore));
    }

    [Fact]
    public void Observe_SingleBinaryScoreOutsideUnitInterval_CountedAsOutOfRange()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        monitor.Observe(new PredictionRecord(Start, new[] { 1.5f }, 1));
        Assert.Equal(1, monitor.InvalidCount(InvalidRecordReason.ScoreOutOfRange));
    }

    [Fact]
    public void ObserveBatch_InvalidRecord_ThrowsNamingRecordAndFieldAndObservesNothing()
    {
        var monitor = new RollingStatisticsMonitor(Options(3));
        PredictionRecord[] records =
        [
            new(Start, new[] { 0.2f, 0.5f, 0.3f }, 1),
            new(Start, new[] { 0.2f, 0.5f, 0.3f }, 1),
            new(Start, new[] { 0.2f, float.NaN, 0.3f }, 1),
        ];

        var error = Assert.Throws<ArgumentException>(() => monitor.ObserveBatch(records));
        Assert.Equal("records", error.ParamName);
        Assert.Contains("records[2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Scores[1] is NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, monitor.Snapshot(Start).ObservedRecords);
    }

    [Fact]
    public void ObserveBatch_ValidRecords_ObservesAll()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        monitor.ObserveBatch([Binary(Start, 0.9f), Binary(Start, 0.2f), Binary(Start, 0.6f)]);
        var cohort = Assert.Single(monitor.Snapshot(Start).Cohorts);
        Assert.Equal(3, cohort.Count);
        Assert.Equal((0.9 + 0.8 + 0.6) / 3, cohort.Confidence.AllTime!.Mean, 6);
        Assert.Equal([1L, 2L], cohort.PredictedClasses.AllTime.Counts);
    }

    [Fact]
    public void Observe_SingleBinaryScore_ConfidenceIsLargerClassProbability()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        monitor.Observe(Binary(Start, 0.25f));
        var cohort = monitor.Snapshot(Start).Cohorts[0];
        Assert.Equal(0.75, cohort.Confidence.AllTime!.Mean);
        Assert.Equal(0.75, cohort.ClassScores[0].AllTime!.Mean);
        Assert.Equal(0.25, cohort.ClassScores[1].AllTime!.Mean);
        Assert.Null(cohort.Confidence.AllTime.SampleVariance);
    }

    [Fact]
    public void Observe_MultiClass_TracksEachClassScoreAndShares()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 3, ClassNames = ["cat", "dog", "bird"] });
        monitor.Observe(new PredictionRecord(Start, new[] { 0.1f, 0.7f, 0.2f }, 1));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.6f, 0.3f, 0.1f }, 0));
        monitor.Observe(new PredictionRecord(Start, new[] { 0.2f, 0.5f, 0.3f }, 1));
        var snapshot = monitor.Snapshot(Start);
        Assert.Equal(["cat", "dog", "bird"], snapshot.ClassNames);
        var cohort = snapshot.Cohorts[0];
        Assert.Equal((0.7 + 0.6 + 0.5) / 3, cohort.Confidence.CountWindow!.Mean, 6);
        Assert.Equal((0.2 + 0.1 + 0.3) / 3, cohort.ClassScores[2].CountWindow!.Mean, 6);
        Assert.Equal([1.0 / 3, 2.0 / 3, 0], cohort.PredictedClasses.CountWindow!.Shares);
    }

    [Fact]
    public void Observe_MoreCohortsThanCap_OverflowCohortCountsTheRest()
    {
        var options = Options();
        options.MaxCohorts = 3;
        var monitor = new RollingStatisticsMonitor(options);
        for (var c = 0; c < 10; c++)
        {
            for (var i = 0; i < 5; i++)
            {
                monitor.Observe(Binary(Start, 0.7f, $"cohort-{c}"));
            }
        }

        var snapshot = monitor.Snapshot(Start);
        Assert.Equal(3, monitor.CohortCount);
        Assert.Equal(50, snapshot.ObservedRecords);
        Assert.Equal(35, snapshot.OverflowRecords);
        Assert.Equal(4, snapshot.Cohorts.Count);
        Assert.Equal(35, snapshot.Cohorts.Single(c => c.Cohort == RollingStatisticsMonitor.OverflowCohort).Count);
        Assert.Equal(50, snapshot.Overall.Count);
    }

    [Fact]
    public void Observe_RecordOlderThanAllowedLateness_CountedLateAndKeptOutOfTimeWindowsOnly()
    {
        var options = Options();
        options.AllowedLateness = TimeSpan.FromMinutes(1);
        var monitor = new RollingStatisticsMonitor(options);
        monitor.Observe(Binary(Start.AddMinutes(10), 0.9f));
        monitor.Observe(Binary(Start.AddMinutes(9.5), 0.8f));
        monitor.Observe(Binary(Start.AddMinutes(8), 0.6f));

        var snapshot = monitor.Snapshot(Start.AddMinutes(10));
        Assert.Equal(1, snapshot.LateRecords);
        var cohort = snapshot.Cohorts[0];
        Assert.Equal(3, cohort.Confidence.AllTime!.Count);
        Assert.Equal(3, cohort.Confidence.CountWindow!.Count);
        Assert.Equal(2, cohort.Confidence.TimeWindow!.Count);
    }

    [Fact]
    public void Snapshot_ClockAdvancesPastWindow_CurrentEmptiesAndPreviousHoldsIt()
    {
        var clock = new FakeTimeProvider(Start);
        var monitor = new RollingStatisticsMonitor(Options(), clock);
        for (var i = 0; i < 10; i++)
        {
            // A default timestamp means "now" by the monitor's clock.
            monitor.Observe(Binary(default, 0.9f));
        }

        Assert.Equal(10, monitor.Snapshot().Cohorts[0].Confidence.TimeWindow!.Count);
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = monitor.Snapshot();
        Assert.Equal(clock.GetUtcNow(), later.AsOf);
        Assert.Null(later.Cohorts[0].Confidence.TimeWindow);
        Assert.Equal(10, later.Cohorts[0].Confidence.PreviousTimeWindow!.Count);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(monitor.Snapshot().Cohorts[0].Confidence.PreviousTimeWindow);
        Assert.Equal(10, monitor.Snapshot().Cohorts[0].Count);
    }

    [Fact]
    public void Snapshot_ConfidenceDrops_TrendReportsNegativeShiftAndShareChange()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        var random = new Random(3);
        for (var i = 0; i < 600; i++)
        {
            monitor.Observe(Binary(Start.AddSeconds(i), 0.85f + ((float)random.NextDouble() * 0.1f)));
        }

        for (var i = 600; i < 1200; i++)
        {
            monitor.Observe(Binary(Start.AddSeconds(i), 0.35f + ((float)random.NextDouble() * 0.3f)));
        }

        var trend = monitor.Snapshot(Start.AddSeconds(1199)).Cohorts[0].Trend!;
        Assert.True(trend.ConfidenceVsPreviousWindow!.Difference < -0.2);
        Assert.True(trend.ConfidenceVsPreviousWindow.ZScore < -20);
        Assert.True(trend.ClassSharesVsPreviousWindow[0].Difference > 0.3);
        Assert.True(trend.ClassSharesVsAllTime[0].ZScore > 5);
    }

    [Fact]
    public void Observe_EightThreads_CountsExactAndStatisticsEqualSequential()
    {
        const int PerThread = 50_000;
        var options = Options();
        options.TimeWindow = TimeSpan.FromDays(1);
        var concurrent = new RollingStatisticsMonitor(options);
        var sequential = new RollingStatisticsMonitor(options);
        PredictionRecord Make(int thread, int i) =>
            Binary(Start.AddMilliseconds(i), (((thread * 7919L) + (i * 104729L)) % 1000) / 1000f, $"c{(thread + i) % 5}");

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                concurrent.Observe(Make(thread, i));
            }
        });
        for (var thread = 0; thread < 8; thread++)
        {
            for (var i = 0; i < PerThread; i++)
            {
                sequential.Observe(Make(thread, i));
            }
        }

        var asOf = Start.AddMilliseconds(PerThread);
        var a = concurrent.Snapshot(asOf);
        var b = sequential.Snapshot(asOf);
        Assert.Equal(0, a.InvalidRecords.Total);
        Assert.Equal(8 * PerThread, a.ObservedRecords);
        Assert.Equal(b.Overall.PredictedClasses.AllTime.Counts, a.Overall.PredictedClasses.AllTime.Counts);
        Assert.Equal(b.Overall.Confidence.TimeWindow!.Count, a.Overall.Confidence.TimeWindow!.Count);
        for (var c = 0; c < 5; c++)
        {
            Assert.Equal(b.Cohorts[c].Count, a.Cohorts[c].Count);
            Assert.Equal(b.Cohorts[c].Confidence.AllTime!.Mean, a.Cohorts[c].Confidence.AllTime!.Mean, 9);
            Assert.Equal(b.Cohorts[c].Confidence.AllTime!.PopulationVariance, a.Cohorts[c].Confidence.AllTime!.PopulationVariance, 9);
        }
    }

    [Property(MaxTest = 60)]
    public bool Merge_EqualsObservingTheUnion(int[] scores, int[] cohorts, int[] seconds)
    {
        var n = Math.Min(scores.Length, Math.Min(cohorts.Length, seconds.Length));
        var records = Enumerable.Range(0, n)
            .Select(i => Binary(Start.AddSeconds(Math.Abs(seconds[i] % 1200)), Math.Abs(scores[i] % 1001) / 1000f, $"c{Math.Abs(cohorts[i] % 4)}"))
            .OrderBy(r => r.Timestamp)
            .ToArray();
        var left = new RollingStatisticsMonitor(Options());
        var right = new RollingStatisticsMonitor(Options());
        var union = new RollingStatisticsMonitor(Options());
        for (var i = 0; i < records.Length; i++)
        {
            (i % 3 == 0 ? left : right).Observe(records[i]);
            union.Observe(records[i]);
        }

        left.Merge(right);
        var asOf = Start.AddSeconds(1200);
        var merged = left.Snapshot(asOf);
        var expected = union.Snapshot(asOf);
        return merged.ObservedRecords == expected.ObservedRecords
            && merged.Cohorts.Count == expected.Cohorts.Count
            && merged.Cohorts.Zip(expected.Cohorts).All(p =>
                p.First.Cohort == p.Second.Cohort
                && p.First.PredictedClasses.AllTime.Counts.SequenceEqual(p.Second.PredictedClasses.AllTime.Counts)
                && SameMoments(p.First.Confidence.AllTime, p.Second.Confidence.AllTime)
                && SameMoments(p.First.Confidence.TimeWindow, p.Second.Confidence.TimeWindow)
                && SameMoments(p.First.Confidence.PreviousTimeWindow, p.Second.Confidence.PreviousTimeWindow)
                && SameMoments(p.First.ClassScores[1].AllTime, p.Second.ClassScores[1].AllTime));
    }

    [Property(MaxTest = 60)]
    public bool AllTimeAndTimeWindows_IndependentOfArrivalOrder(int[] scores, int seed)
    {
        var records = scores.Select((s, i) => Binary(Start.AddSeconds(i % 300), Math.Abs(s % 1001) / 1000f, $"c{i % 3}")).ToArray();
        var shuffled = records.ToArray();
        new Random(seed).Shuffle(shuffled);
        var a = new RollingStatisticsMonitor(Options());
        var b = new RollingStatisticsMonitor(Options());
        foreach (var r in records)
        {
            a.Observe(r);
        }

        foreach (var r in shuffled)
        {
            b.Observe(r);
        }

        var asOf = Start.AddSeconds(300);
        var x = a.Snapshot(asOf);
        var y = b.Snapshot(asOf);
        return SameMoments(x.Overall.Confidence.AllTime, y.Overall.Confidence.AllTime)
            && SameMoments(x.Overall.Confidence.TimeWindow, y.Overall.Confidence.TimeWindow)
            && x.Overall.PredictedClasses.AllTime.Counts.SequenceEqual(y.Overall.PredictedClasses.AllTime.Counts);
    }

    [Fact]
    public void Merge_DifferentClassCount_ThrowsNamingOther()
    {
        var error = Assert.Throws<ArgumentException>(() => new RollingStatisticsMonitor(Options(2)).Merge(new RollingStatisticsMonitor(Options(3))));
        Assert.Equal("other", error.ParamName);
    }

    [Fact]
    public void Snapshot_RoundTripsThroughJson()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        monitor.Observe(Binary(Start, 0.9f, "web"));
        monitor.Observe(Binary(Start.AddSeconds(1), 0.3f, "web"));
        monitor.Observe(Binary(Start.AddSeconds(2), 0.6f, "mobile"));
        monitor.Observe(new PredictionRecord(Start, new[] { float.NaN }, 0));
        var snapshot = monitor.Snapshot(Start.AddSeconds(2));

        var json = ModelMonitorJson.Serialize(snapshot);
        Assert.Contains("\"$kind\": \"rolling-statistics\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        var back = Assert.IsType<RollingStatisticsSnapshot>(ModelMonitorJson.DeserializeSnapshot(json));
        Assert.Equal(snapshot.ObservedRecords, back.ObservedRecords);
        Assert.Equal(snapshot.InvalidRecords, back.InvalidRecords);
        Assert.Equal(snapshot.Cohorts.Select(c => c.Cohort), back.Cohorts.Select(c => c.Cohort));
        Assert.Equal(snapshot.Cohorts[1].Confidence.CountWindow!.Mean, back.Cohorts[1].Confidence.CountWindow!.Mean);
        Assert.Equal(snapshot.Overall.PredictedClasses.AllTime.Counts, back.Overall.PredictedClasses.AllTime.Counts);
        Assert.Equal(ModelMonitor.MonitorSnapshot.CurrentFormatVersion, back.FormatVersion);
    }

    [Fact]
    public void DeserializeSnapshot_NewerFormatVersion_Throws()
    {
        var monitor = new RollingStatisticsMonitor(Options());
        var json = ModelMonitorJson.Serialize(monitor.Snapshot(Start)).Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal);
        Assert.Throws<System.Text.Json.JsonException>(() => ModelMonitorJson.DeserializeSnapshot(json));
    }

    public static TheoryData<Action<RollingStatisticsOptions>, string> InvalidOptions => new()
    {
        { o => o.ClassCount = 1, nameof(RollingStatisticsOptions.ClassCount) },
        { o => o.CountWindowSize = -1, nameof(RollingStatisticsOptions.CountWindowSize) },
        { o => o.TimeWindow = TimeSpan.FromMinutes(-1), nameof(RollingStatisticsOptions.TimeWindow) },
        { o => o.AllowedLateness = TimeSpan.FromHours(1), nameof(RollingStatisticsOptions.AllowedLateness) },
        { o => o.ClassNames = ["only one"], nameof(RollingStatisticsOptions.ClassNames) },
        { o => o.Quantiles = [0.5, 1.5], nameof(RollingStatisticsOptions.Quantiles) },
        { o => o.EwmaAlpha = 0, nameof(RollingStatisticsOptions.EwmaAlpha) },
        { o => o.MaxCohorts = 0, nameof(RollingStatisticsOptions.MaxCohorts) },
        { o => o.SketchAccuracy = 4, nameof(RollingStatisticsOptions.SketchAccuracy) },
        { o => o.ClassCount = 300, nameof(RollingStatisticsOptions.TrackClassScores) },
        { o => (o.ClassCount, o.TrackClassScores) = (20_000, false), nameof(RollingStatisticsOptions.ClassCount) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOption_ThrowsNamingIt(Action<RollingStatisticsOptions> breakIt, string option)
    {
        var options = Options();
        breakIt(options);
        var error = Assert.Throws<ArgumentException>(() => new RollingStatisticsMonitor(options));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_ManyClassesWithoutClassScores_TracksConfidenceAndFrequencies()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 1000, TrackClassScores = false });
        var scores = new float[1000];
        scores[742] = 0.9f;
        scores[3] = 0.1f;
        monitor.Observe(new PredictionRecord(Start, scores, 742));
        var cohort = monitor.Snapshot(Start).Cohorts[0];
        Assert.Empty(cohort.ClassScores);
        Assert.Equal(0.9, cohort.Confidence.AllTime!.Mean, 6);
        Assert.Equal(1, cohort.PredictedClasses.AllTime.Counts[742]);
    }

    [Fact]
    public void Constructor_OptionsChangedLater_HaveNoEffect()
    {
        var options = Options();
        var monitor = new RollingStatisticsMonitor(options);
        options.ClassCount = 5;
        monitor.Observe(Binary(Start, 0.9f));
        Assert.Equal(2, monitor.ClassCount);
        Assert.Equal(1, monitor.Snapshot(Start).ObservedRecords);
    }

    private static bool SameMoments(SummaryStatistics? a, SummaryStatistics? b) =>
        (a is null && b is null)
        || (a is not null && b is not null && a.Count == b.Count && Near(a.Mean, b.Mean) && Near(a.PopulationVariance, b.PopulationVariance) && a.Min == b.Min && a.Max == b.Max);

    private static bool Near(double x, double y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x));
}

public class RollingStatisticsOptionsTests
{
    [Fact]
    public void EwmaHalfLife_TakesPrecedenceOverAlpha()
    {
        var options = new RollingStatisticsOptions { EwmaAlpha = 0.5, EwmaHalfLife = 10 };
        Assert.Equal(1 - Math.Pow(0.5, 0.1), options.EffectiveEwmaAlpha, 15);
        var monitor = new RollingStatisticsMonitor(options);
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        monitor.Observe(new PredictionRecord(start, new[] { 1f, 0f }, 0));
        for (var i = 0; i < 10; i++)
        {
            monitor.Observe(new PredictionRecord(start, new[] { 0.5f, 0.5f }, 0));
        }

        // The first record's weight halves after ten records: 0.5 + 0.5 * 0.5.
        Assert.Equal(0.75, monitor.Snapshot(start).Cohorts[0].Confidence.Ewma!.Value, 12);
        Assert.Equal(options.EffectiveEwmaAlpha, monitor.Snapshot(start).Windows.EwmaAlpha, 15);
    }

    [Fact]
    public void EwmaHalfLife_NotPositive_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new RollingStatisticsMonitor(new RollingStatisticsOptions { EwmaHalfLife = 0 }));
        Assert.Contains(nameof(RollingStatisticsOptions.EwmaHalfLife), error.Message, StringComparison.Ordinal);
    }
}

public class RollingStatisticsMonitorResourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_WarmCohort_AllocatesAlmostNothing()
    {
        // Sketches allocate only when they gain a level (near 307k, 614k and 1.23M records at the
        // default accuracy) or a level outgrows its largest size so far: a few KiB, rarely. The
        // path itself allocates nothing; 100k records may see one or two such growths.
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { TimeWindow = TimeSpan.FromMinutes(5) });
        var scores = new float[2];
        var random = new Random(1);
        void Run(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var p = (float)random.NextDouble();
                scores[0] = 1 - p;
                scores[1] = p;
                monitor.Observe(new PredictionRecord(Start.AddMilliseconds(i * 10), scores, p >= 0.5f ? 1 : 0, "only"));
            }
        }

        Run(0, 700_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(700_000, 800_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= 16 * 1024, $"{allocated} bytes for 100,000 records");
    }

    [Fact]
    public void Observe_OneHundredThousandDistinctCohorts_MemoryStaysBounded()
    {
        var options = new RollingStatisticsOptions { MaxCohorts = 10 };
        var monitor = new RollingStatisticsMonitor(options);
        var scores = new float[] { 0.3f, 0.7f };
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 100_000; i++)
        {
            monitor.Observe(new PredictionRecord(Start, scores, 1, $"attacker-{i}"));
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        var snapshot = monitor.Snapshot(Start);
        Assert.Equal(10, monitor.CohortCount);
        Assert.Equal(100_000, snapshot.ObservedRecords);
        Assert.Equal(99_990, snapshot.OverflowRecords);
        Assert.True(retained < 32 * 1024 * 1024, $"retained {retained / 1024} KiB");
        GC.KeepAlive(monitor);
    }
}
