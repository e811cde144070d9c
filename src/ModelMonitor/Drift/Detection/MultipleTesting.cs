namespace ModelMonitor.Drift;

/// <summary>Adjusts p-values for testing many hypotheses (columns) at once.</summary>
/// <remarks>
/// Bonferroni: <c>min(1, m p)</c>. Benjamini-Hochberg: with the p-values sorted ascending,
/// <c>p(i) m / i</c> made non-decreasing from the largest down and capped at 1 (R's
/// <c>p.adjust(method = "BH")</c>, statsmodels' <c>fdr_bh</c>). Comparing the adjusted p-values with a
/// level alpha controls the family-wise error rate (Bonferroni) or the false discovery rate (BH) at
/// alpha. Thread-safe.
/// </remarks>
public static class MultipleTesting
{
    /// <summary>Adjusts p-values.</summary>
    /// <param name="pValues">The p-values, each in [0, 1].</param>
    /// <param name="correction">The correction.</param>
    /// <returns>The adjusted p-values, in the input's order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is outside [0, 1] (or NaN), or <paramref name="correction"/> is undefined.</exception>
    public static double[] Adjust(ReadOnlySpan<double> pValues, MultipleTestingCorrection correction)
    {
        for (var i = 0; i < pValues.Length; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"pValues[{i}] must lie in [0, 1].");
            }
        }

        var m = pValues.Length;
        var adjusted = pValues.ToArray();
        switch (correction)
        {
            case MultipleTestingCorrection.None:
                return adjusted;
            case MultipleTestingCorrection.Bonferroni:
                for (var i = 0; i < m; i++)
                {
                    adjusted[i] = Math.Min(1.0, adjusted[i] * m);
                }

                return adjusted;
            case MultipleTestingCorrection.BenjaminiHochberg:
                var order = new int[m];
                for (var i = 0; i < m; i++)
                {
                    order[i] = i;
                }

                var keys = pValues.ToArray();
                Array.Sort(keys, order);
                var running = 1.0;
                for (var rank = m; rank >= 1; rank--)
                {
                    var index = order[rank - 1];
                    running = Math.Min(running, pValues[index] * m / rank);
                    adjusted[index] = Math.Min(1.0, running);
                }

                return adjusted;
            default:
                throw new ArgumentOutOfRangeException(nameof(correction), correction, "Unknown correction.");
        }
    }
}
