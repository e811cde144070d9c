using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Metrics;
using ModelMonitor.Rolling;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// What the service layer adds per record: a model's monitor from DI (rolling statistics, its
/// records counter, metrics collected by a listening <see cref="MeterListener"/>) against the bare
/// rolling monitor with the same options. 2 classes, 100 cohorts; ns per record.
/// </summary>
[MemoryDiagnoser]
public class ServiceObserveBenchmarks
{
    private const int N = 200_000;
    private const int Cohorts = 100;
    private readonly string[] _cohorts = [.. Enumerable.Range(0, Cohorts).Select(i => $"cohort-{i}")];
    private float[] _scores = [];
    private int[] _cohortOf = [];
    private RollingStatisticsMonitor _bare = null!;
    private IModelMonitor _service = null!;
    private ServiceProvider _provider = null!;
    private MeterListener _listener = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _scores = new float[N];
        _cohortOf = new int[N];
        for (var i = 0; i < N; i++)
        {
            _scores[i] = (float)random.NextDouble();
            _cohortOf[i] = random.Next(Cohorts);
        }

        _bare = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 2 });
        var services = new ServiceCollection();
        services.AddModelMonitoring().AddModel("bench", _ => { });
        _provider = services.BuildServiceProvider();
        _service = _provider.GetRequiredService<IModelMonitorRegistry>().GetMonitor("bench");
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ModelMonitorMeter.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _listener.Start();

        // Warm every cohort so measured invocations allocate nothing.
        Bare();
        Service();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _provider.Dispose();
    }

    /// <summary>The bare rolling monitor.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public void Bare() => Feed(_bare);

    /// <summary>The same through the model's monitor from DI, with metrics listened to.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void Service() => Feed(_service);

    private void Feed(IPredictionObserver observer)
    {
        var scores = _scores.AsMemory();
        for (var i = 0; i < N; i++)
        {
            observer.Observe(PredictionRecord.FromScores(default, scores.Slice(i, 1), _cohorts[_cohortOf[i]]));
        }
    }
}
