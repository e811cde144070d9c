using BenchmarkDotNet.Attributes;
using ModelMonitor.Statistics;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// Per-value cost of the rolling primitives over a stream of 1e6 values (ns per value: each
/// method reports one operation per value). pandas' figures for the same work on 1e7 values:
/// rolling(1000).var 23 ns, rolling(1000).quantile(0.9) 414 ns, ewm 7.3 ns per value.
/// </summary>
[MemoryDiagnoser]
public class RollingWindowBenchmarks
{
    private const int N = 1_000_000;
    private double[] _values = [];
    private CountWindow _window = null!;
    private CountWindow _ordered = null!;
    private ExponentialMovingAverage _ewma;

    [Params(1000)]
    public int Window { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.Uniform(N, seed: 42);

        _window = new CountWindow(Window);
        _ordered = new CountWindow(Window, trackOrder: true);
        _ewma = new ExponentialMovingAverage(0.01);
    }

    /// <summary>The floor: one read and one addition per value.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public double StreamSum() => BenchmarkLoops.Sum(_values);

    [Benchmark(OperationsPerInvoke = N)]
    public double CountWindowMeanVarianceUpdate()
    {
        var window = _window;
        foreach (var v in _values)
        {
            window.Add(v);
        }

        return window.SampleVariance;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double CountWindowMeanVarianceAddRange()
    {
        _window.AddRange(_values);
        return _window.SampleVariance;
    }

    /// <summary>Update and read mean and variance at every value, as pandas' rolling output does.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double CountWindowMeanVarianceEveryValue()
    {
        var window = _window;
        var total = 0.0;
        foreach (var v in _values)
        {
            window.Add(v);
            total += window.Mean + window.SampleVariance;
        }

        return total;
    }

    /// <summary>Update and read the exact p90 at every value, as pandas' rolling(1000).quantile(0.9) does.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double RollingP90EveryValue()
    {
        return BenchmarkLoops.AddAndReadP90(_ordered, _values);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double EwmaUpdate()
    {
        var ewma = _ewma;
        foreach (var v in _values)
        {
            ewma.Update(v);
        }

        _ewma = ewma;
        return ewma.Value;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double EwmaUpdateRange()
    {
        _ewma.UpdateRange(_values);
        return _ewma.Value;
    }
}

/// <summary>The naive rolling quantile (copy and sort the window at every value), for scale; 2e4 values.</summary>
[MemoryDiagnoser]
public class RollingQuantileResortBenchmarks
{
    private const int N = 20_000;
    private const int Window = 1000;
    private double[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.Uniform(N, seed: 42);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public double SortedWindowP90()
    {
        return BenchmarkLoops.AddAndReadP90(new CountWindow(Window, trackOrder: true), _values);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public double ResortEveryValueP90()
    {
        return BenchmarkLoops.AddAndReadP90(new CountWindow(Window), _values);
    }
}

internal static class BenchmarkLoops
{
    /// <summary>Adds every value and reads the p90 after each, as pandas' rolling quantile outputs it.</summary>
    public static double AddAndReadP90(CountWindow window, double[] values)
    {
        var total = 0.0;
        foreach (var v in values)
        {
            window.Add(v);
            total += window.Quantile(0.9);
        }

        return total;
    }

    public static double Sum(ReadOnlySpan<double> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }
}
