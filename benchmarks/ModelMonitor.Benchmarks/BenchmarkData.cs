namespace ModelMonitor.Benchmarks;

internal static class BenchmarkData
{
    /// <summary>Uniform values in [0, 1) from a fixed seed, so every run measures the same input.</summary>
    public static double[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextDouble();
        }

        return values;
    }
}
