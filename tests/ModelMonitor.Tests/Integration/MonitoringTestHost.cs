using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Alerts;
using ModelMonitor.DependencyInjection;

namespace ModelMonitor.Tests.Integration;

/// <summary>A real service provider with monitoring, metrics and a fake clock.</summary>
internal sealed class MonitoringTestHost : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public MonitoringTestHost(Action<ModelMonitorOptions> configure, Action<ModelMonitoringOptions>? shared = null, string model = "fraud-v3")
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddModelMonitoring(shared ?? (_ => { })).AddModel(model, configure);
        Provider = services.BuildServiceProvider();
        Monitor = Provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor(model);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public ServiceProvider Provider { get; }

    public IModelMonitor Monitor { get; }

    internal AlertEvaluator Evaluator => Provider.GetRequiredService<AlertEvaluator>();

    /// <summary>Binary records whose probability of class 1 is <paramref name="p"/>; the predicted class follows 0.5.</summary>
    public void ObserveBinary(int count, float p, string? cohort = null)
    {
        var scores = new[] { p };
        for (var i = 0; i < count; i++)
        {
            Monitor.Observe(PredictionRecord.FromScores(default, scores, cohort));
        }
    }

    public void ObserveInvalid(int count)
    {
        var scores = new[] { float.NaN };
        for (var i = 0; i < count; i++)
        {
            Monitor.Observe(new PredictionRecord(default, scores, 0));
        }
    }

    public IReadOnlyList<Alert> Evaluate() => Evaluator.Evaluate(Monitor.PublishSnapshot());

    public void Dispose() => Provider.Dispose();
}
