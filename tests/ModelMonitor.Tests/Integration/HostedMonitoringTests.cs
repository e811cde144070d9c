using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Tests.Integration;

public sealed class HostedMonitoringTests
{
    [Fact]
    public async Task GenericHost_OnSchedule_PublishesEvaluatesSendsAlertsAndReportsHealth()
    {
        var time = new FakeTimeProvider(MonitoringTestHost.Start);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<RecordingSink>();
        builder.Services.AddModelMonitoring(o => o.EvaluationInterval = TimeSpan.FromMinutes(1))
            .AddModel("fraud-v3", o => o.Alerts.MaxInvalidFraction = 0.01)
            .AddModel("churn", _ => { })
            .AddAlertSink<RecordingSink>()
            .AddHealthChecks("model");
        using var host = builder.Build();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<IModelMonitorRegistry>();
        var fraud = registry.GetMonitor("fraud-v3");
        var churn = registry.GetMonitor("churn");
        var sink = host.Services.GetServices<IAlertSink>().OfType<RecordingSink>().Single();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Null(fraud.LatestSnapshot);

        for (var i = 0; i < 100; i++)
        {
            fraud.Observe(PredictionRecord.FromScores(default, new[] { i < 90 ? 0.3f : float.NaN }));
            churn.Observe(PredictionRecord.FromScores(default, new[] { 0.6f }));
        }

        // The host runs ExecuteAsync on a pool thread (as .NET 10's BackgroundService does), so its timer may
        // start after the first advance and wait for the next: advance a minute at a time until it ticks.
        for (var minute = 0; minute < 30 && !sink.First.Task.IsCompleted; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(sink.First.Task, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var alert = await sink.First.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("fraud-v3", AlertRules.InvalidRecords, AlertSeverity.Critical), (alert.Model, alert.Rule, alert.Severity));
        Assert.Equal(100, fraud.LatestSnapshot!.ObservedRecords);
        Assert.Equal(100, churn.LatestSnapshot!.ObservedRecords);
        var report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        var fraudEntry = report.Entries["modelmonitor:fraud-v3"];
        Assert.Equal(HealthStatus.Unhealthy, fraudEntry.Status);
        Assert.Equal(alert.Message, fraudEntry.Data[AlertRules.InvalidRecords]);
        Assert.Contains("model", fraudEntry.Tags);
        Assert.Equal(HealthStatus.Healthy, report.Entries["modelmonitor:churn"].Status);

        await host.StopAsync();
    }

    private sealed class RecordingSink : IAlertSink
    {
        public TaskCompletionSource<Alert> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask SendAsync(Alert alert, CancellationToken cancellationToken)
        {
            First.TrySetResult(alert);
            return ValueTask.CompletedTask;
        }
    }
}
