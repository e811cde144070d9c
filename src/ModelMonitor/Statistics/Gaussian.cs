namespace ModelMonitor.Statistics;

/// <summary>Standard normal draws from a seeded <see cref="Random"/>, for perturbations and sampling.</summary>
internal static class Gaussian
{
    /// <summary>One draw (Box-Muller; 1 - u keeps the logarithm finite).</summary>
    public static double Sample(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
