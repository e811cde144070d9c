using BenchmarkDotNet.Attributes;
using ModelMonitor.Tagging;

namespace ModelMonitor.Benchmarks;

/// <summary>
/// The streaming least-confident selector (budget 1000) over 1e6 binary records, ns per record;
/// most records are rejected once the heap is full, and that path must not allocate. The
/// baseline only validates each record, the floor any monitor pays.
/// </summary>
[MemoryDiagnoser]
public class TaggingBenchmarks
{
    private const int N = 1_000_000;
    private PredictionRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        var values = BenchmarkData.Uniform(N, 17);
        var scores = new float[2 * N];
        _records = new PredictionRecord[N];
        for (var i = 0; i < N; i++)
        {
            var p = (float)values[i];
            scores[2 * i] = 1 - p;
            scores[(2 * i) + 1] = p;
            _records[i] = new PredictionRecord(default, scores.AsMemory(2 * i, 2), p >= 0.5f ? 1 : 0, sampleId: $"s{i}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public int ValidateOnly()
    {
        var valid = 0;
        foreach (ref readonly var record in _records.AsSpan())
        {
            if (PredictionRecordValidator.TryValidate(record, 2, int.MaxValue, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int LeastConfident()
    {
        var selector = TaggingSelector.LeastConfident(2, 1000);
        foreach (ref readonly var record in _records.AsSpan())
        {
            selector.Observe(record);
        }

        return selector.Count;
    }
}
