namespace ModelMonitor.Statistics;

/// <summary>
/// A change of mean between a current and a reference sample: the difference and Welch's z-score
/// <c>(m1 - m0) / sqrt(s1²/n1 + s0²/n0)</c> with sample variances.
/// </summary>
/// <param name="Current">The current mean.</param>
/// <param name="Reference">The reference mean.</param>
/// <param name="Difference">Current minus reference.</param>
/// <param name="ZScore">The z-score; <see langword="null"/> when either side has fewer than two values or both have zero variance.</param>
public sealed record MeanShift(double Current, double Reference, double Difference, double? ZScore)
{
    /// <summary>Compares two samples given by count, mean and sample variance.</summary>
    /// <param name="currentCount">The current sample's size.</param>
    /// <param name="currentMean">The current sample's mean.</param>
    /// <param name="currentVariance">The current sample's sample variance, or NaN when undefined.</param>
    /// <param name="referenceCount">The reference sample's size.</param>
    /// <param name="referenceMean">The reference sample's mean.</param>
    /// <param name="referenceVariance">The reference sample's sample variance, or NaN when undefined.</param>
    /// <returns>The shift.</returns>
    public static MeanShift Compare(long currentCount, double currentMean, double currentVariance, long referenceCount, double referenceMean, double referenceVariance)
    {
        var difference = currentMean - referenceMean;
        double? z = null;
        if (currentCount >= 2 && referenceCount >= 2 && double.IsFinite(currentVariance) && double.IsFinite(referenceVariance))
        {
            var standardError = Math.Sqrt((currentVariance / currentCount) + (referenceVariance / referenceCount));
            if (standardError > 0)
            {
                z = difference / standardError;
            }
        }

        return new MeanShift(currentMean, referenceMean, difference, z);
    }
}

/// <summary>
/// A change of one class's share between a current and a reference window: the difference and
/// the two-proportion z-score with a pooled proportion.
/// </summary>
/// <param name="ClassIndex">The class index.</param>
/// <param name="Current">The current share.</param>
/// <param name="Reference">The reference share.</param>
/// <param name="Difference">Current minus reference.</param>
/// <param name="ZScore">The z-score; <see langword="null"/> when a window is empty or the pooled share is 0 or 1.</param>
public sealed record ShareShift(int ClassIndex, double Current, double Reference, double Difference, double? ZScore)
{
    /// <summary>Compares a class's count in two windows.</summary>
    /// <param name="classIndex">The class index.</param>
    /// <param name="currentCount">The class's count in the current window.</param>
    /// <param name="currentTotal">The current window's total.</param>
    /// <param name="referenceCount">The class's count in the reference window.</param>
    /// <param name="referenceTotal">The reference window's total.</param>
    /// <returns>The shift.</returns>
    public static ShareShift Compare(int classIndex, long currentCount, long currentTotal, long referenceCount, long referenceTotal)
    {
        var current = currentTotal == 0 ? 0 : (double)currentCount / currentTotal;
        var reference = referenceTotal == 0 ? 0 : (double)referenceCount / referenceTotal;
        double? z = null;
        if (currentTotal > 0 && referenceTotal > 0)
        {
            var pooled = (double)(currentCount + referenceCount) / (currentTotal + referenceTotal);
            var variance = pooled * (1 - pooled) * ((1.0 / currentTotal) + (1.0 / referenceTotal));
            if (variance > 0)
            {
                z = (current - reference) / Math.Sqrt(variance);
            }
        }

        return new ShareShift(classIndex, current, reference, current - reference, z);
    }
}
