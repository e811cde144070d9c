namespace ModelMonitor.Thresholds;

/// <summary>Fitted Platt scaling, <c>p = 1 / (1 + exp(-(A s + B)))</c> (see <see cref="ScoreCalibration.FitPlatt"/>).</summary>
/// <remarks>Immutable and thread-safe. Plain properties so that System.Text.Json can store it.</remarks>
/// <param name="A">The slope.</param>
/// <param name="B">The intercept.</param>
public sealed record PlattCalibration(double A, double B)
{
    /// <summary>The calibrated probability of a score.</summary>
    /// <param name="score">The raw score.</param>
    /// <returns>The calibrated probability.</returns>
    public double Transform(double score) => Sigmoid((A * score) + B);

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
