namespace ModelMonitor.Thresholds;

/// <summary>The confusion counts of the rule "predict positive when score &gt;= <see cref="Threshold"/>" on a holdout, and the rates they give.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="TruePositives">Positives at or above the threshold.</param>
/// <param name="FalsePositives">Negatives at or above the threshold.</param>
/// <param name="FalseNegatives">Positives below the threshold.</param>
/// <param name="TrueNegatives">Negatives below the threshold.</param>
/// <remarks>Rates with an empty denominator are 0, except <see cref="Precision"/> with no positive prediction, which is 1 (scikit-learn's curve convention).</remarks>
public sealed record OperatingPoint(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>The share of positive predictions that are right.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>The share of positives predicted positive.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>The share of negatives predicted positive.</summary>
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0 : (double)FalsePositives / (FalsePositives + TrueNegatives);

    /// <summary>The harmonic mean of precision and recall (0 when there is no true positive).</summary>
    public double F1 => TruePositives == 0 ? 0 : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>The share of rows predicted right.</summary>
    public double Accuracy => (double)(TruePositives + TrueNegatives) / (TruePositives + FalsePositives + FalseNegatives + TrueNegatives);

    /// <summary>The share of rows predicted positive.</summary>
    public double PositiveRate => (double)(TruePositives + FalsePositives) / (TruePositives + FalsePositives + FalseNegatives + TrueNegatives);
}
