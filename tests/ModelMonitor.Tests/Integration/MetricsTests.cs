using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ModelMonitor.Drift;
using ModelMonitor.Metrics;
using ModelMonitor.Rolling;
using ModelMonitor.Tagging;
using ModelMonitor.Tests.Drift.Detection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelMonitor.Tests.Integration;

public sealed class MetricsTests
{
    private static MetricCollector<T> Collect<T>(MonitoringTestHost host, string instrument)
        where T : struct
    {
        var collector = new MetricCollector<T>(host.Provider.GetRequiredService<IMeterFactory>(), ModelMonitorMeter.Name, instrument);
        collector.RecordObservableInstruments();
        return collector;
    }

    private static double Value(MetricCollector<double> collector, string cohort) =>
        collector.GetMeasurementSnapshot().Single(m => Equals(m.Tags["cohort"], cohort)).Value;

    [Fact]
    public void ConfidenceGauges_ReadThePublishedSnapshotOnly()
    {
        using var host = new MonitoringTestHost(o => o.Rolling.TimeWindow = TimeSpan.Zero);
        float[] web = [0.9f, 0.2f, 0.6f, 0.95f];
        foreach (var p in web)
        {
            host.ObserveBinary(1, p, "web");
        }

        host.ObserveBinary(3, 0.7f, "app");
        host.Monitor.PublishSnapshot();
        var expectedWeb = web.Average(p => Math.Max(p, 1 - p));

        using var mean = Collect<double>(host, "modelmonitor.confidence.mean");
        Assert.Equal(expectedWeb, Value(mean, "web"), 6);
        Assert.Equal(0.7, Value(mean, "app"), 6);
        Assert.All(mean.GetMeasurementSnapshot(), m => Assert.Equal("fraud-v3", m.Tags["model"]));

        // New records change nothing until the next snapshot is published.
        host.ObserveBinary(100, 0.99f, "web");
        mean.Clear();
        mean.RecordObservableInstruments();
        Assert.Equal(expectedWeb, Value(mean, "web"), 6);

        host.Monitor.PublishSnapshot();
        mean.Clear();
        mean.RecordObservableInstruments();
        Assert.True(Value(mean, "web") > 0.98);
    }

    [Fact]
    public void ConfidenceQuantilesAndClassShares_MatchTheSnapshotWindow()
    {
        using var host = new MonitoringTestHost(o => o.Rolling.TimeWindow = TimeSpan.Zero);
        for (var i = 1; i <= 99; i++)
        {
            host.ObserveBinary(1, i / 100f);
        }

        host.Monitor.PublishSnapshot();
        using var p50 = Collect<double>(host, "modelmonitor.confidence.p50");
        using var shares = Collect<double>(host, "modelmonitor.class.share");

        // Confidence max(p, 1 - p) over p = 0.01..0.99; count-window quantiles are exact (pandas' linear rule).
        var confidences = Enumerable.Range(1, 99).Select(i => Math.Max(i / 100f, 1 - (i / 100f))).Order().ToArray();
        Assert.Equal(confidences[49], Value(p50, "(default)"), 6);
        var classShares = shares.GetMeasurementSnapshot().Where(m => Equals(m.Tags["cohort"], "(default)")).ToDictionary(m => (string)m.Tags["class"]!, m => m.Value);
        Assert.Equal(49 / 99.0, classShares["0"], 9);
        Assert.Equal(50 / 99.0, classShares["1"], 9);
    }

    [Fact]
    public void RecordCounters_CountEveryRecordAndInvalidOnesByReason()
    {
        using var host = new MonitoringTestHost(_ => { });
        host.ObserveBinary(5, 0.3f);
        host.ObserveInvalid(2);
        host.Monitor.Observe(new PredictionRecord(default, new float[] { 0.2f, 0.3f, 0.5f }, 0));
        host.Monitor.PublishSnapshot();

        using var records = Collect<long>(host, "modelmonitor.records");
        using var invalid = Collect<long>(host, "modelmonitor.records.invalid");

        Assert.Equal(8, records.LastMeasurement!.Value);
        var byReason = invalid.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["reason"]!, m => m.Value);
        Assert.Equal(2, byReason["non_finite_score"]);
        Assert.Equal(1, byReason["wrong_score_count"]);
        Assert.Equal(0, byReason["label_out_of_range"]);
    }

    [Fact]
    public void CohortTags_AreCappedAtTheLargestCohorts()
    {
        using var host = new MonitoringTestHost(_ => { }, shared => shared.MaxMetricCohorts = 3);
        for (var c = 0; c < 10; c++)
        {
            host.ObserveBinary(10 + c, 0.8f, $"country-{c}");
        }

        host.Monitor.PublishSnapshot();
        using var mean = Collect<double>(host, "modelmonitor.confidence.mean");

        var cohorts = mean.GetMeasurementSnapshot().Select(m => (string)m.Tags["cohort"]!).ToHashSet();
        Assert.Equal(["(all)", "country-9", "country-8", "country-7"], cohorts);
    }

    [Fact]
    public void DriftAndTaggingGauges_ReadTheLatestResults()
    {
        using var host = new MonitoringTestHost(o => o.Tagging.Add(new() { Criterion = TaggingCriterion.LeastConfident, Budget = 4 }));
        for (var i = 0; i < 10; i++)
        {
            host.Monitor.Observe(new PredictionRecord(default, new[] { 0.1f * i }, 0, sampleId: $"s{i}"));
        }

        host.Monitor.DetectDrift(
            [DriftColumn.Numeric("amount", Samples.Normal(500, 1)), DriftColumn.Numeric("age", Samples.Normal(500, 2))],
            [DriftColumn.Numeric("amount", Samples.Normal(500, 3, mean: 1)), DriftColumn.Numeric("age", Samples.Normal(500, 4))]);
        host.Monitor.PublishSnapshot();

        using var detected = Collect<double>(host, "modelmonitor.drift.detected");
        using var statistic = Collect<double>(host, "modelmonitor.drift.statistic");
        using var selected = Collect<long>(host, "modelmonitor.tagging.selected");

        var drift = host.Monitor.LatestDrift!;
        var flags = detected.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["column"]!, m => m.Value);
        Assert.Equal(1, flags["amount"]);
        Assert.Equal(drift["age"].IsDrift ? 1 : 0, flags["age"]);
        Assert.Equal(drift["amount"].Statistic!.Value, statistic.GetMeasurementSnapshot().Single(m => Equals(m.Tags["column"], "amount")).Value);
        Assert.Equal(4, selected.LastMeasurement!.Value);
        Assert.Equal("least-confident", selected.LastMeasurement.Tags["selector"]);
    }

    [Fact]
    public void Observe_ModelMonitorWithMetricsListening_AllocatesNoMoreThanTheBareRollingMonitor()
    {
        using var host = new MonitoringTestHost(_ => { });
        using var records = Collect<long>(host, "modelmonitor.records");
        var bare = new RollingStatisticsMonitor(new RollingStatisticsOptions(), host.Time);
        var record = PredictionRecord.FromScores(default, new[] { 0.3f }, "web");

        // The sketches grow a level now and then (amortised); the service layer must add nothing on top.
        // Both observers see the same record counts round by round, so their sketch growth matches;
        // the runtime occasionally charges this thread for its own work (tier-up, type loads), hence
        // the comparison of the quietest round rather than of a single one.
        long Allocated(IPredictionObserver observer)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                observer.Observe(record);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(bare);
        Allocated(host.Monitor);

        var extra = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var bareBytes = Allocated(bare);
            extra = Math.Min(extra, Allocated(host.Monitor) - bareBytes);
        }

        Assert.True(extra <= 0, $"the service layer allocated {extra} bytes more than the bare monitor in its quietest round");
        Assert.Equal(60_000, host.Monitor.ObservedRecords);
    }

    [Fact]
    public void Instruments_HaveLowercaseDottedNamesAndUnits()
    {
        using var host = new MonitoringTestHost(_ => { });
        var factory = host.Provider.GetRequiredService<IMeterFactory>();
        List<Instrument> instruments = [];
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == ModelMonitorMeter.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    instruments.Add(instrument);
                }
            },
        };
        listener.Start();

        Assert.Equal(14, instruments.Count);
        Assert.All(instruments, i => Assert.Matches("^modelmonitor(\\.[a-z0-9]+)+$", i.Name));
        Assert.All(instruments, i => Assert.False(string.IsNullOrEmpty(i.Unit), i.Name));
        Assert.All(instruments, i => Assert.False(string.IsNullOrEmpty(i.Description), i.Name));
    }

    [Fact]
    public void OpenTelemetrySdk_ExportsTheInstruments()
    {
        List<Metric> exported = [];
        using var meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ModelMonitorMeter.Name)
            .AddInMemoryExporter(exported)
            .Build();
        // The SDK listens to every meter named ModelMonitor in the process, other tests' hosts included:
        // a model name of its own keeps this test's points apart.
        const string model = "otel-export-test";
        using var host = new MonitoringTestHost(o => o.Rolling.TimeWindow = TimeSpan.Zero, model: model);
        host.ObserveBinary(7, 0.75f, "web");
        host.Monitor.PublishSnapshot();

        meterProvider.ForceFlush();

        var records = exported.Last(m => m.Name == "modelmonitor.records");
        Assert.Equal("{record}", records.Unit);
        long total = 0;
        foreach (ref readonly var point in records.GetMetricPoints())
        {
            if (HasTag(point, "model", model))
            {
                total += point.GetSumLong();
            }
        }

        Assert.Equal(7, total);
        var mean = exported.Last(m => m.Name == "modelmonitor.confidence.mean");
        List<double> values = [];
        foreach (ref readonly var point in mean.GetMetricPoints())
        {
            if (HasTag(point, "model", model) && HasTag(point, "cohort", "web"))
            {
                values.Add(point.GetGaugeLastValueDouble());
            }
        }

        Assert.Equal(0.75, Assert.Single(values), 6);
    }

    private static bool HasTag(in MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
