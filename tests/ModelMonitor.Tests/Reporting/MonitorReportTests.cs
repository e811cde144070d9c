using System.Text.Json;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Drift;
using ModelMonitor.Reporting;
using ModelMonitor.Rolling;
using ModelMonitor.Serialization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Tests.Reporting;

public sealed class MonitorReportTests
{
    private static readonly Lazy<MonitorReport> Hostile = new(HostileReport.Build);

    [Fact]
    public void Json_RoundTrip_KeepsEverySection()
    {
        var json = Hostile.Value.ToJson();

        var back = MonitorReport.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(HtmlReportWriter.Render(Hostile.Value), HtmlReportWriter.Render(back));
        Assert.IsType<RollingStatisticsSnapshot>(Assert.Single(back.Snapshots));
    }

    [Fact]
    public void FromJson_BareMonitorSnapshot_IsAReportOfThatSnapshot()
    {
        var snapshot = (RollingStatisticsSnapshot)Hostile.Value.Snapshots[0];

        var report = MonitorReport.FromJson(ModelMonitorJson.Serialize(snapshot));

        Assert.Equal(ModelMonitorJson.Serialize(snapshot), ModelMonitorJson.Serialize(Assert.Single(report.Snapshots)));
        Assert.Equal(snapshot.AsOf, report.GeneratedAt);
        Assert.Contains(snapshot.MonitorName, report.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"formatVersion\": 99, \"title\": \"t\", \"generatedAt\": \"2026-01-01T00:00:00Z\"}", "format version 99")]
    [InlineData("{\"title\": \"t\"", "not valid JSON")]
    [InlineData("[1, 2]", "found Array")]
    [InlineData("{\"title\": \"t\"}", "neither a ModelMonitor report")]
    public void FromJson_NotAReadableReport_SaysWhy(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() => MonitorReport.FromJson(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_FromSnapshots_CopiesEachCohortsWindowFigures()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 2, TimeWindow = TimeSpan.FromMinutes(2), TimeWindowBuckets = 4 });
        var random = new Random(1);
        List<RollingStatisticsSnapshot> snapshots = [];
        for (var i = 0; i < 300; i++)
        {
            var p = (float)random.NextDouble();
            monitor.Observe(new PredictionRecord(HostileReport.Start.AddSeconds(i), new[] { 1 - p, p }, p >= 0.5f ? 1 : 0, i % 3 == 0 ? "a" : "b"));
            if (i % 50 == 49)
            {
                snapshots.Add(monitor.Snapshot(HostileReport.Start.AddSeconds(i)));
            }
        }

        snapshots.Reverse();
        var timeline = TimelineSection.FromSnapshots(snapshots);

        Assert.Equal("2 min time window", timeline.Window);
        Assert.Equal(snapshots.Select(s => s.AsOf).Order(), timeline.Points.Select(p => p.Time));
        foreach (var point in timeline.Points)
        {
            var snapshot = snapshots.Single(s => s.AsOf == point.Time);
            var b = snapshot.Cohorts.Single(c => c.Cohort == "b");
            var read = point.Cohorts.Single(c => c.Cohort == "b");
            Assert.Equal(b.Confidence.TimeWindow!.Mean, read.MeanConfidence);
            Assert.Equal(b.Confidence.TimeWindow.Quantile(0.1), read.ConfidenceP10);
            Assert.Equal(b.Confidence.TimeWindow.Quantile(0.9), read.ConfidenceP90);
            Assert.Equal(b.PredictedClasses.TimeWindow!.Shares, read.ClassShares);
            Assert.Equal(RollingStatisticsMonitor.OverallCohort, point.Cohorts[0].Cohort);
        }
    }

    [Fact]
    public void Timeline_CountWindowMonitor_ReadsTheCountWindow()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 2, CountWindowSize = 40, TimeWindow = TimeSpan.Zero });
        for (var i = 0; i < 100; i++)
        {
            monitor.Observe(new PredictionRecord(HostileReport.Start.AddSeconds(i), new[] { 0.9f - (i * 0.001f), 0.1f + (i * 0.001f) }, 0));
        }

        var snapshot = monitor.Snapshot(HostileReport.Start.AddSeconds(100));
        var timeline = TimelineSection.FromSnapshots([snapshot]);

        Assert.Equal("last 40 records", timeline.Window);
        var cohort = snapshot.Cohorts.Single(c => c.Cohort == RollingStatisticsMonitor.DefaultCohort);
        var read = timeline.Points[0].Cohorts.Single(c => c.Cohort == RollingStatisticsMonitor.DefaultCohort);
        Assert.Equal(cohort.Confidence.CountWindow!.Mean, read.MeanConfidence);
        Assert.Equal(40, read.Count);

        // Count windows are per cohort only ("the last N" of merged streams has no order), so the merged cohort has no point.
        Assert.Null(timeline.Points[0].Cohorts[0].MeanConfidence);
    }

    [Fact]
    public void Timeline_NoSnapshotOrMixedClasses_Throws()
    {
        var two = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 2 }).Snapshot(HostileReport.Start);
        var three = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 3 }).Snapshot(HostileReport.Start.AddMinutes(1));

        Assert.Throws<ArgumentException>(() => TimelineSection.FromSnapshots([]));
        Assert.Contains("a timeline draws one monitor", Assert.Throws<ArgumentException>(() => TimelineSection.FromSnapshots([two, three])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnDistribution_Numeric_CountsLikeANaiveEqualWidthHistogram()
    {
        var random = new Random(7);
        double[] reference = [.. Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 10), double.NaN, double.NaN];
        double[] current = [.. Enumerable.Range(0, 300).Select(_ => 3 + (random.NextDouble() * 12)), double.NaN];

        var d = ColumnDistribution.Compare(DriftColumn.Numeric("x", reference), DriftColumn.Numeric("x", current), binCount: 15);

        Assert.Equal(16, d.Edges.Count);
        Assert.Equal(Math.Min(reference.Where(double.IsFinite).Min(), current.Where(double.IsFinite).Min()), d.Edges[0]);
        Assert.Equal(Math.Max(reference.Where(double.IsFinite).Max(), current.Where(double.IsFinite).Max()), d.Edges[^1]);
        Assert.Equal(Naive(reference, d.Edges), d.ReferenceCounts);
        Assert.Equal(Naive(current, d.Edges), d.CurrentCounts);
        Assert.Equal((2L, 1L), (d.ReferenceMissing, d.CurrentMissing));
    }

    [Fact]
    public void ColumnDistribution_Categorical_KeepsTheMostFrequentAndGathersTheRest()
    {
        string?[] reference = ["a", "a", "a", "b", "b", "c", "d", null];
        string?[] current = ["a", "b", "b", "b", "e", "e", "e", "e", null, null];

        var d = ColumnDistribution.Compare(DriftColumn.Categorical("x", reference), DriftColumn.Categorical("x", current), maxCategories: 3);

        Assert.Equal(["b", "a", ColumnDistribution.OtherCategory], d.Categories);
        Assert.Equal([2L, 3L, 2L], d.ReferenceCounts);
        Assert.Equal([3L, 1L, 4L], d.CurrentCounts);
        Assert.Equal((1L, 2L), (d.ReferenceMissing, d.CurrentMissing));
    }

    [Fact]
    public void ColumnDistribution_DifferentColumns_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnDistribution.Compare(DriftColumn.Numeric("x", [1.0]), DriftColumn.Categorical("x", ["a"])));

        Assert.Contains("Cannot compare column 'x' (Numeric) with column 'x' (Categorical)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThresholdSection_From_CopiesTheSelectionAndThinsTheCurves()
    {
        var random = new Random(11);
        var scores = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s).ToArray();

        // A negative above every other score: no threshold reaches 99.9% precision.
        labels[Array.IndexOf(scores, scores.Max())] = false;
        var calibration = ThresholdCalibrator.Calibrate(scores, labels, [ThresholdObjective.F1, ThresholdObjective.RecallAtPrecision(0.999)]);

        var section = ThresholdSection.From("positive", "F1", calibration, ThresholdObjective.F1, maxCurvePoints: 100);
        var impossible = ThresholdSection.From("positive", "recall at 99.9% precision", calibration, ThresholdObjective.RecallAtPrecision(0.999));

        var selection = calibration.SelectionFor(ThresholdObjective.F1);
        Assert.Equal(selection.Threshold, section.Threshold);
        Assert.Equal(calibration.At(selection.Threshold), section.AtThreshold);
        Assert.Equal(calibration.At(0.5), section.AtHalf);
        Assert.Equal(100, section.Roc.Count);
        Assert.Equal((calibration.Roc.FalsePositiveRate[0], calibration.Roc.TruePositiveRate[0]), (section.Roc[0].X, section.Roc[0].Y));
        Assert.Equal((calibration.Roc.FalsePositiveRate[^1], calibration.Roc.TruePositiveRate[^1]), (section.Roc[^1].X, section.Roc[^1].Y));
        Assert.Equal((calibration.PrecisionRecall.Recall[^1], calibration.PrecisionRecall.Precision[^1]), (section.PrecisionRecall[^1].X, section.PrecisionRecall[^1].Y));
        Assert.False(impossible.IsFeasible);
        Assert.NotNull(impossible.Reason);
        Assert.Null(impossible.AtThreshold);
    }

    [Fact]
    public void SnapshotAlerts_DriftedColumn_RaisesOneAlertForThatColumn()
    {
        var drift = Hostile.Value.Drift!.Result;
        var snapshot = new ModelSnapshot
        {
            ModelName = "m",
            AsOf = HostileReport.Start,
            ObservedRecords = 0,
            Monitors = new Dictionary<string, MonitorSnapshot>(),
            Drift = drift,
        };

        var alerts = SnapshotAlerts.Evaluate(snapshot);

        var drifted = drift.Columns.Where(c => c.IsDrift).Select(c => c.Column).ToList();
        Assert.NotEmpty(drifted);
        Assert.Equal(drifted.Order(StringComparer.Ordinal), alerts.Where(a => a.Rule == AlertRules.DriftedColumn).Select(a => a.Column!).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal((AlertState.Raised, HostileReport.Start), (a.State, a.Time)));
        Assert.Empty(SnapshotAlerts.Evaluate(snapshot, new AlertRuleOptions { DriftedColumn = false }));
    }

    private static long[] Naive(double[] values, IReadOnlyList<double> edges)
    {
        var counts = new long[edges.Count - 1];
        foreach (var v in values.Where(double.IsFinite))
        {
            var bin = 0;
            while (bin < counts.Length - 1 && v >= edges[bin + 1])
            {
                bin++;
            }

            counts[bin]++;
        }

        return counts;
    }
}
