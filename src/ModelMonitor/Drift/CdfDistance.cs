namespace ModelMonitor.Drift;

/// <summary>Integrals of the gap between two empirical CDFs, by one merge walk over sorted samples.</summary>
internal static class CdfDistance
{
    /// <summary>
    /// Returns <c>integral |F - G| dx</c> (<paramref name="power"/> 1) or <c>integral (F - G)^2 dx</c>
    /// (<paramref name="power"/> 2) for the empirical CDFs of two ascending samples.
    /// </summary>
    /// <remarks>
    /// Between consecutive distinct pooled values the CDFs are constant, so the integral is a sum of
    /// gap times width. The gap is kept as the exact integer <c>i m - j n</c> and scaled once at the end.
    /// </remarks>
    public static double Integral(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int power)
    {
        long n = a.Length;
        long m = b.Length;
        int i = 0, j = 0;
        var sum = 0.0;
        while (i < a.Length || j < b.Length)
        {
            var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            if (i == a.Length && j == b.Length)
            {
                break;
            }

            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            double gap = Math.Abs((i * m) - (j * n));
            sum += (power == 1 ? gap : gap * gap) * (next - x);
        }

        var scale = (double)n * m;
        return power == 1 ? sum / scale : sum / scale / scale;
    }
}
