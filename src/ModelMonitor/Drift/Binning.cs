namespace ModelMonitor.Drift;

/// <summary>How <see cref="Binning"/> places the edges of a numeric column's bins.</summary>
public enum BinningStrategy
{
    /// <summary>Edges at the reference's quantiles, so each bin holds about the same share of the reference.</summary>
    Quantile = 0,

    /// <summary>Edges evenly spaced between the reference's minimum and maximum.</summary>
    EqualWidth = 1,
}

/// <summary>
/// The bins of a numeric column for the binned drift distances (PSI, Jensen-Shannon, Hellinger):
/// ascending, distinct inner edges; bin 0 is <c>(-inf, e0)</c>, bin i is <c>[e(i-1), e(i))</c>
/// (left-closed), the last bin is <c>[e(last), +inf)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The outer bins are open, so current values beyond the reference's range still land in a bin.
/// Quantile edges are the reference's quantiles at <c>i / binCount</c>, <c>i = 1 .. binCount - 1</c>,
/// with linear interpolation between order statistics (NumPy's default <c>quantile</c>, rank
/// <c>p (n - 1)</c>); equal-width edges are <c>min + (max - min) i / binCount</c>. Duplicate edges (a
/// column with many ties, a constant column) are removed, so there may be fewer bins than asked
/// for; a constant reference leaves one edge and two bins, below and from the constant. A value's
/// bin is the number of edges at or below it (NumPy's <c>searchsorted(edges, x, side='right')</c>).
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class Binning
{
    /// <summary>The default number of bins.</summary>
    public const int DefaultBinCount = 10;

    private readonly double[] _edges;

    private Binning(double[] edges) => _edges = edges;

    /// <summary>Gets the inner edges, ascending and distinct.</summary>
    public ReadOnlySpan<double> Edges => _edges;

    /// <summary>Gets the number of bins: one more than the number of edges.</summary>
    public int BinCount => _edges.Length + 1;

    /// <summary>Builds bins from the reference sample.</summary>
    /// <param name="reference">The reference sample; NaN values are ignored.</param>
    /// <param name="strategy">How to place the edges.</param>
    /// <param name="binCount">How many bins to aim for (duplicate edges are removed), at least 2.</param>
    /// <returns>The bins.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> is below 2, or <paramref name="strategy"/> is undefined.</exception>
    public static Binning FromReference(ReadOnlySpan<double> reference, BinningStrategy strategy = BinningStrategy.Quantile, int binCount = DefaultBinCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 2);
        if (strategy is not (BinningStrategy.Quantile or BinningStrategy.EqualWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown binning strategy.");
        }

        var sorted = DriftSample.SortedCopy(reference, nameof(reference), out _);
        return FromSorted(sorted, strategy, binCount);
    }

    internal static Binning FromSorted(double[] sorted, BinningStrategy strategy, int binCount)
    {
        var edges = new double[binCount - 1];
        var n = sorted.Length;
        var lo = sorted[0];
        var hi = sorted[n - 1];
        for (var i = 1; i < binCount; i++)
        {
            var q = i / (double)binCount;
            edges[i - 1] = strategy == BinningStrategy.EqualWidth ? lo + ((hi - lo) * i / binCount) : Quantile(sorted, q);
        }

        for (var i = 1; i < edges.Length; i++)
        {
            // Interpolation can round a hair below the previous edge; keep them ascending.
            edges[i] = Math.Max(edges[i], edges[i - 1]);
        }

        return new Binning(Distinct(edges));
    }

    /// <summary>Uses given inner edges.</summary>
    /// <param name="edges">Finite, strictly ascending inner edges; may be empty (one bin).</param>
    /// <returns>The bins.</returns>
    /// <exception cref="ArgumentException">An edge is not finite, or the edges are not strictly ascending.</exception>
    public static Binning FromEdges(ReadOnlySpan<double> edges)
    {
        for (var i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i]))
            {
                throw new ArgumentException($"edges[{i}] is {edges[i]}; edges must be finite.", nameof(edges));
            }

            if (i > 0 && !(edges[i] > edges[i - 1]))
            {
                throw new ArgumentException($"edges[{i}] = {edges[i]} does not exceed edges[{i - 1}] = {edges[i - 1]}; edges must be strictly ascending.", nameof(edges));
            }
        }

        return new Binning(edges.ToArray());
    }

    /// <summary>The bin of a value: the number of edges at or below it.</summary>
    /// <param name="value">A value that is not NaN.</param>
    /// <returns>The bin index in [0, <see cref="BinCount"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN.</exception>
    public int BinOf(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no bin.", nameof(value));
        }

        // Upper bound: the first edge greater than the value.
        int lo = 0, hi = _edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_edges[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Counts values per bin; NaN values are skipped and counted.</summary>
    /// <param name="values">The values.</param>
    /// <param name="dropped">The number of NaN values skipped.</param>
    /// <returns>One count per bin.</returns>
    /// <exception cref="ArgumentException">A value is infinite.</exception>
    public long[] Histogram(ReadOnlySpan<double> values, out int dropped)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsInfinity(values[i]))
            {
                throw new ArgumentException($"values[{i}] is {values[i]}; drift tests need finite values (NaN is dropped and counted).", nameof(values));
            }
        }

        // One place bins values: the streaming histogram's branch-free (vector) bin search.
        var histogram = new StreamingHistogram(this);
        histogram.ObserveMany(values);
        dropped = (int)histogram.NaNCount;
        return histogram.Counts.ToArray();
    }

    /// <summary>NumPy's "linear" quantile of sorted values, interpolating from the nearer end as NumPy does.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var index = (int)Math.Floor(position);
        if (index >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        var t = position - index;
        var a = sorted[index];
        var b = sorted[index + 1];
        var diff = b - a;
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    private static double[] Distinct(double[] ascending)
    {
        var k = 0;
        for (var i = 0; i < ascending.Length; i++)
        {
            if (k == 0 || ascending[i] != ascending[k - 1])
            {
                ascending[k++] = ascending[i];
            }
        }

        return ascending[..k];
    }
}
