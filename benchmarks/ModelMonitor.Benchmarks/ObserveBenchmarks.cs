using BenchmarkDotNet.Attributes;
using ModelMonitor.Rolling;
using ModelMonitor.Statistics;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// The whole <c>Observe</c> path of the rolling monitor: a 2-class record, 100 cohorts, one count
/// window (1000) and one time window (5 minutes in 10 buckets), confidence mean/variance, sketch,
/// EWMA and class counts. ns per record; the two-thread method reports records per 2 threads.
/// </summary>
[MemoryDiagnoser]
public class ObserveBenchmarks
{
    private const int N = 1_000_000;
    private const int Cohorts = 100;
    private readonly string[] _cohorts = [.. Enumerable.Range(0, Cohorts).Select(i => $"cohort-{i}")];
    private float[] _scores = [];
    private int[] _predicted = [];
    private int[] _cohortOf = [];
    private RollingStatisticsMonitor _monitor = null!;
    private long _clockTicks;

    [Params(false, true)]
    public bool TrackClassScores { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _scores = new float[2 * N];
        _predicted = new int[N];
        _cohortOf = new int[N];
        for (var i = 0; i < N; i++)
        {
            var p = (float)random.NextDouble();
            _scores[2 * i] = 1 - p;
            _scores[(2 * i) + 1] = p;
            _predicted[i] = p >= 0.5f ? 1 : 0;
            // Random cohorts: threads collide on a cohort as often as real traffic would, not in lockstep.
            _cohortOf[i] = random.Next(Cohorts);
        }

        _monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions
        {
            ClassCount = 2,
            CountWindowSize = 1000,
            TimeWindow = TimeSpan.FromMinutes(5),
            TimeWindowBuckets = 10,
            TrackClassScores = TrackClassScores,
        });
        _clockTicks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        // Warm every cohort (and its buckets) so measured invocations allocate nothing.
        ObserveRange(0, N, _clockTicks);
        _clockTicks += N * TimeSpan.TicksPerMillisecond;
    }

    /// <summary>The floor: build each record and read its scores, observing nothing.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public double BuildRecordsOnly()
    {
        var total = 0.0;
        var start = NextClock();
        for (var i = 0; i < N; i++)
        {
            var record = Record(i, start, _cohortOf[i]);
            total += record.Scores.Span[1];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void ObserveOneThread() => ObserveRange(0, N, NextClock());

    [Benchmark(OperationsPerInvoke = N)]
    public void ObserveTwoThreads()
    {
        var start = NextClock();
        var half = N / 2;
        var other = new Thread(() => ObserveRange(half, N, start));
        other.Start();
        ObserveRange(0, half, start);
        other.Join();
    }

    /// <summary>Two threads whose cohorts do not overlap (one consumer per partition, say): no cache line moves between cores.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void ObserveTwoThreadsDisjointCohorts()
    {
        var start = NextClock();
        var half = N / 2;
        var other = new Thread(() => ObserveRange(half, N, start, firstCohort: Cohorts / 2));
        other.Start();
        ObserveRange(0, half, start, firstCohort: 0);
        other.Join();
    }

    private long NextClock()
    {
        // Every invocation moves time forward, so records are never late and buckets keep turning over.
        var start = _clockTicks;
        _clockTicks += N * TimeSpan.TicksPerMillisecond;
        return start;
    }

    private void ObserveRange(int from, int to, long startTicks, int firstCohort = -1)
    {
        var monitor = _monitor;
        for (var i = from; i < to; i++)
        {
            // firstCohort >= 0 keeps this thread to cohorts [firstCohort, firstCohort + Cohorts / 2).
            var cohort = firstCohort < 0 ? _cohortOf[i] : firstCohort + (_cohortOf[i] % (Cohorts / 2));
            monitor.Observe(Record(i, startTicks, cohort));
        }
    }

    private PredictionRecord Record(int i, long startTicks, int cohort = 0) => new(
        new DateTimeOffset(startTicks + (i * TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
        new ReadOnlyMemory<float>(_scores, 2 * i, 2),
        _predicted[i],
        _cohorts[cohort]);
}

/// <summary>Sketch updates per value.</summary>
[MemoryDiagnoser]
public class QuantileSketchBenchmarks
{
    private const int N = 1_000_000;
    private double[] _values = [];
    private QuantileSketch _sketch = null!;
    private RunningMoments _moments;

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchmarkData.Uniform(N, seed: 42);

        _sketch = new QuantileSketch();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public double RunningMomentsAdd()
    {
        var moments = _moments;
        foreach (var v in _values)
        {
            moments.Add(v);
        }

        _moments = moments;
        return moments.Mean;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public long SketchAdd()
    {
        var sketch = _sketch;
        foreach (var v in _values)
        {
            sketch.Add(v);
        }

        return sketch.Count;
    }
}
