using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Features;
using ModelMonitor.Metrics;
using ModelMonitor.Schema;
using ModelMonitor.Tests.Features;

namespace ModelMonitor.Tests.Integration;

public sealed class FeatureMonitoringTests
{
    private sealed class Host : IDisposable
    {
        public Host(Action<IModelMonitoringBuilder> add, Action<ModelMonitorOptions>? configure = null, Action<ModelMonitoringOptions>? shared = null)
        {
            var services = new ServiceCollection();
            services.AddMetrics();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(Time);
            var builder = services.AddModelMonitoring(shared ?? (_ => { })).AddModel("churn", configure ?? (o => o.Alerts.MinRecordsToJudge = 50));
            add(builder);
            Provider = services.BuildServiceProvider();
        }

        public FakeTimeProvider Time { get; } = new(FeatureMonitorTests.Start);

        public ServiceProvider Provider { get; }

        public IModelMonitor Monitor => Provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor("churn");

        public IReadOnlyList<Alert> Evaluate() => Provider.GetRequiredService<AlertEvaluator>().Evaluate(Monitor.PublishSnapshot());

        public MetricCollector<T> Collect<T>(string instrument)
            where T : struct
        {
            var collector = new MetricCollector<T>(Provider.GetRequiredService<IMeterFactory>(), ModelMonitorMeter.Name, instrument);
            collector.RecordObservableInstruments();
            return collector;
        }

        public void Dispose() => Provider.Dispose();
    }

    private static Host WithSchema(Action<ModelMonitoringOptions>? shared = null) =>
        new(b => b.AddFeatureMonitor("churn", FeatureMonitorTests.Names, o =>
        {
            o.Schema = FeatureMonitorTests.Schema();
            o.MinRowsToJudge = 10;
            o.Window = TimeSpan.FromMinutes(10);
        }), shared: shared);

    [Fact]
    public void AddFeatureMonitor_ModelMonitorForwardsRowsAndPublishesTheSnapshot()
    {
        using var host = WithSchema();
        Assert.Equal(FeatureMonitorTests.Names, host.Monitor.FeatureNames);
        for (var i = 0; i < 40; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, 30, i < 4 ? "US" : "FR", true);
        }

        var features = host.Monitor.PublishSnapshot().Find<FeatureSnapshot>();

        Assert.NotNull(features);
        Assert.Equal(40, features.RowCount);
        Assert.Contains(features.Violations, v => v is { Kind: ViolationKind.OutOfDomain, Column: "country", Count: 4 });
    }

    [Fact]
    public void ModelWithoutFeatureMonitor_HasNoFeaturesAndIgnoresRows()
    {
        using var host = new Host(_ => { });
        Assert.Empty(host.Monitor.FeatureNames);
        FeatureMonitorTests.Row(host.Monitor, 30, "FR", true);
        Assert.Null(host.Monitor.PublishSnapshot().Find<FeatureSnapshot>());
    }

    [Fact]
    public void TwoFeatureMonitors_WithOtherFeatures_FailNamingTheModelAndMonitor()
    {
        using var host = new Host(b => b
            .AddFeatureMonitor("churn", ["a", "b"], o => o.Name = "first")
            .AddFeatureMonitor("churn", ["b", "a"], o => o.Name = "second"));
        var e = Assert.Throws<InvalidOperationException>(() => host.Provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor("churn"));
        Assert.Contains("Model 'churn': monitor 'second'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaViolationsGauge_CountsByColumnAndKind()
    {
        using var host = WithSchema();
        for (var i = 0; i < 100; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, i < 7 ? 120 : 30, i < 12 ? "US" : "FR", true);
        }

        host.Monitor.ObserveFeatures([FeatureValue.FromNumber(1)]);
        host.Monitor.PublishSnapshot();
        using var gauge = host.Collect<long>("modelmonitor.schema.violations");

        var measured = gauge.GetMeasurementSnapshot().ToDictionary(m => ((string)m.Tags["column"]!, (string)m.Tags["kind"]!), m => m.Value);
        Assert.Equal(7, measured[("age", "out_of_range")]);
        Assert.Equal(12, measured[("country", "out_of_domain")]);
        Assert.Equal(1, measured[("(rows)", "invalid_rows")]);
        Assert.Equal(3, measured.Count);
        Assert.All(gauge.GetMeasurementSnapshot(), m => Assert.Equal("churn", m.Tags["model"]));
    }

    [Fact]
    public void SchemaViolationsGauge_ColumnsBeyondTheCap_ShareOneTag()
    {
        using var host = WithSchema(shared => shared.MaxMetricColumns = 1);
        for (var i = 0; i < 100; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, i < 7 ? 120 : 30, i < 12 ? "US" : "FR", true);
        }

        host.Monitor.PublishSnapshot();
        using var gauge = host.Collect<long>("modelmonitor.schema.violations");

        var columns = gauge.GetMeasurementSnapshot().Select(m => (string)m.Tags["column"]!).ToHashSet();
        Assert.Equal(2, columns.Count);
        Assert.Contains("(other)", columns);
        Assert.Equal(19, gauge.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void SchemaViolation_RaisesCriticalPerColumnAndResolvesWhenTheDataIsClean()
    {
        using var host = WithSchema();
        for (var i = 0; i < 100; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, 30, i < 12 ? "US" : "FR", true);
        }

        var raised = Assert.Single(host.Evaluate(), a => a.Rule == AlertRules.SchemaViolation);
        Assert.Equal(("churn", (string?)null, "country", AlertSeverity.Critical, AlertState.Raised), (raised.Model, raised.Cohort, raised.Column, raised.Severity, raised.State));
        Assert.Equal((12.0, 0.0), (raised.Value, raised.Threshold));
        Assert.Equal(host.Time.GetUtcNow(), raised.Time);
        Assert.Contains("feature 'country' breaks its schema", raised.Message, StringComparison.Ordinal);
        Assert.Contains("'US' (12)", raised.Message, StringComparison.Ordinal);

        // The next window is clean: resolved after two clear evaluations (the default).
        host.Time.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 100; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, 30, "FR", true);
        }

        Assert.DoesNotContain(host.Evaluate(), a => a.Rule == AlertRules.SchemaViolation);
        var resolved = Assert.Single(host.Evaluate(), a => a.Rule == AlertRules.SchemaViolation);
        Assert.Equal(AlertState.Resolved, resolved.State);
    }

    [Fact]
    public void MissingFractionUp_RaisesAgainstTheSchemasReferenceFraction()
    {
        using var host = WithSchema();
        for (var i = 0; i < 100; i++)
        {
            // 20% missing ages against 1% in the reference: up 19 points, over the 10-point default.
            FeatureMonitorTests.Row(host.Monitor, i < 20 ? double.NaN : 30, "FR", true);
        }

        var alerts = host.Evaluate();

        var missing = Assert.Single(alerts, a => a.Rule == AlertRules.MissingValues);
        Assert.Equal(("age", AlertSeverity.Warning), (missing.Column, missing.Severity));
        Assert.Equal(0.19, missing.Value, 12);
        Assert.Equal(0.1, missing.Threshold);
        Assert.Contains("missing in 20.0% of rows", missing.Message, StringComparison.Ordinal);
        Assert.Contains("against 1.0% in the reference", missing.Message, StringComparison.Ordinal);
        // The schema's own 5% limit is broken too.
        Assert.Contains(alerts, a => a.Rule == AlertRules.SchemaViolation && a.Column == "age");
    }

    [Fact]
    public void SchemaViolationRule_CanBeTurnedOff()
    {
        using var host = new Host(
            b => b.AddFeatureMonitor("churn", FeatureMonitorTests.Names, o => { o.Schema = FeatureMonitorTests.Schema(); o.MinRowsToJudge = 10; }),
            o => o.Alerts.SchemaViolations = false);
        for (var i = 0; i < 100; i++)
        {
            FeatureMonitorTests.Row(host.Monitor, 30, "US", true);
        }

        Assert.DoesNotContain(host.Evaluate(), a => a.Rule == AlertRules.SchemaViolation);
    }
}
