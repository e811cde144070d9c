namespace ModelMonitor.Thresholds;

/// <summary>A fitted isotonic map from score to probability (see <see cref="ScoreCalibration.FitIsotonic"/>).</summary>
/// <remarks>Immutable and thread-safe. Plain properties so that System.Text.Json can store it.</remarks>
/// <param name="Scores">The distinct holdout scores, ascending.</param>
/// <param name="Probabilities">The fitted, non-decreasing probability at each of them.</param>
public sealed record IsotonicCalibration(IReadOnlyList<double> Scores, IReadOnlyList<double> Probabilities)
{
    /// <summary>The calibrated probability of a score: linear between fitted points, clipped outside them.</summary>
    /// <param name="score">The raw score.</param>
    /// <returns>The calibrated probability; NaN for NaN.</returns>
    public double Transform(double score)
    {
        if (double.IsNaN(score))
        {
            return double.NaN;
        }

        var n = Scores.Count;
        if (score <= Scores[0])
        {
            return Probabilities[0];
        }

        if (score >= Scores[n - 1])
        {
            return Probabilities[n - 1];
        }

        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (Scores[mid] <= score)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        var t = (score - Scores[lo]) / (Scores[hi] - Scores[lo]);
        return Probabilities[lo] + (t * (Probabilities[hi] - Probabilities[lo]));
    }
}
