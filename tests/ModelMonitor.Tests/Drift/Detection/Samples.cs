namespace ModelMonitor.Tests.Drift.Detection;

/// <summary>Seeded normal samples for the detector tests.</summary>
internal static class Samples
{
    /// <summary>Draws n values from N(mean, 1) with Box-Muller on a seeded <see cref="Random"/>.</summary>
    public static double[] Normal(int n, int seed, double mean = 0)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + (Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    /// <summary>Draws n category labels with the given weights.</summary>
    public static string?[] Categories(int n, int seed, params (string Label, double Weight)[] weights)
    {
        var random = new Random(seed);
        var total = weights.Sum(w => w.Weight);
        var values = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble() * total;
            var k = 0;
            while (k < weights.Length - 1 && u >= weights[k].Weight)
            {
                u -= weights[k].Weight;
                k++;
            }

            values[i] = weights[k].Label;
        }

        return values;
    }
}
