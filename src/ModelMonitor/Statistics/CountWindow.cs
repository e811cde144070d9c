using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelMonitor.Statistics;

/// <summary>
/// The last <see cref="Capacity"/> values of a stream, with exact mean, variance and quantiles
/// (the semantics of pandas' <c>Series.rolling(window)</c> once the window is full).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Add"/> is O(1) and allocation-free: a ring-buffer write and two additions to running
/// sums taken about a shift near the window's mean. Once per eight <see cref="Capacity"/> additions
/// the sums are recomputed exactly, so rounding cannot accumulate and values around 1e9 with a
/// tiny spread keep their variance.
/// </para>
/// <para>
/// With <c>trackOrder</c> set, the window also keeps its values sorted (two branch-free binary
/// searches and one memory move of the values between the outgoing and the incoming rank per
/// addition), which makes every <see cref="Quantile"/> call O(1). Without it a quantile sorts a
/// copy of the window. (A list of small sorted blocks moves fewer values but, measured, loses more
/// to branch mispredictions than it saves at window sizes in the thousands.)
/// </para>
/// <para>Not thread-safe: synchronise access when several threads share a window.</para>
/// </remarks>
public sealed class CountWindow
{
    private readonly double[] _ring;
    private readonly double[]? _sorted;
    private double[]? _scratch;
    private ShiftedSums _sums;
    private int _next;
    private int _count;
    private int _sinceRebuild;

    /// <summary>Initializes a new window.</summary>
    /// <param name="capacity">How many of the most recent values the window holds.</param>
    /// <param name="trackOrder">Whether to keep the values sorted so quantiles cost O(1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than one.</exception>
    public CountWindow(int capacity, bool trackOrder = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new double[capacity];
        _sorted = trackOrder ? new double[capacity] : null;
    }

    // Recomputing the sums exactly costs a pass over the window; once per eight windows' worth of
    // additions keeps that under a tenth of a nanosecond per value, and the rounding that builds up
    // in between stays near sqrt(8 * capacity) ulps, far inside the 1e-9 the tests demand.
    private int RebuildPeriod => 8 * _ring.Length;

    /// <summary>Gets the most values the window holds.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Gets how many values the window holds now.</summary>
    public int Count => _count;

    /// <summary>Gets a value indicating whether the window holds <see cref="Capacity"/> values.</summary>
    public bool IsFull => _count == _ring.Length;

    /// <summary>Gets a value indicating whether the window keeps its values sorted.</summary>
    public bool TracksOrder => _sorted is not null;

    /// <summary>Gets the mean of the window, or <see cref="double.NaN"/> when it is empty.</summary>
    public double Mean => _sums.Mean(_count);

    /// <summary>Gets the population variance (divisor n), or <see cref="double.NaN"/> when empty.</summary>
    public double PopulationVariance => Variance(0);

    /// <summary>Gets the sample variance (divisor n - 1), or <see cref="double.NaN"/> with fewer than two values.</summary>
    public double SampleVariance => Variance(1);

    /// <summary>Gets the smallest value in the window, or <see cref="double.NaN"/> when empty.</summary>
    public double Min => _count == 0 ? double.NaN : _sorted is not null ? _sorted[0] : MinOf(Values(out var tail), tail);

    /// <summary>Gets the largest value in the window, or <see cref="double.NaN"/> when empty.</summary>
    public double Max => _count == 0 ? double.NaN : _sorted is not null ? _sorted[_count - 1] : MaxOf(Values(out var tail), tail);

    /// <summary>Adds a value, evicting the oldest one when the window is full.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }

        if (_count < _ring.Length)
        {
            _ring[_next] = value;
            _sums.Add(value);
            if (_sorted is not null)
            {
                InsertSorted(value, _count);
            }

            _count++;
        }
        else
        {
            var removed = _ring[_next];
            _ring[_next] = value;
            _sums.Replace(removed, value);
            if (_sorted is not null)
            {
                ReplaceSorted(removed, value);
            }
        }

        if (++_next == _ring.Length)
        {
            _next = 0;
        }

        if (++_sinceRebuild >= RebuildPeriod)
        {
            _sinceRebuild = 0;
            _sums.Rebuild(_ring.AsSpan(0, _count), default);
        }
    }

    /// <summary>
    /// Adds values in order, as repeated <see cref="Add"/> calls would, several times faster: the
    /// running sums stay in registers across the batch, split over two accumulators.
    /// </summary>
    /// <param name="values">Finite values, oldest first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite; the values before it were added.</exception>
    public void AddRange(ReadOnlySpan<double> values)
    {
        var i = 0;
        while (i < values.Length)
        {
            if (_count < _ring.Length || _sorted is not null)
            {
                Add(values[i++]);
                continue;
            }

            // A run that neither wraps the ring nor crosses a rebuild.
            var run = Math.Min(values.Length - i, Math.Min(_ring.Length - _next, RebuildPeriod - _sinceRebuild));
            var incoming = values.Slice(i, run);
            var ring = _ring.AsSpan(_next, run);
            var shift = _sums.Shift;
            double sum0 = 0, sum1 = 0, squares0 = 0, squares1 = 0;
            var j = 0;
            for (; j + 2 <= run; j += 2)
            {
                var a0 = incoming[j];
                var a1 = incoming[j + 1];
                if (!double.IsFinite(a0) || !double.IsFinite(a1))
                {
                    break;
                }

                var r0 = ring[j];
                var r1 = ring[j + 1];
                ring[j] = a0;
                ring[j + 1] = a1;
                sum0 += a0 - r0;
                sum1 += a1 - r1;
                var da0 = a0 - shift;
                var dr0 = r0 - shift;
                var da1 = a1 - shift;
                var dr1 = r1 - shift;
                squares0 += (da0 * da0) - (dr0 * dr0);
                squares1 += (da1 * da1) - (dr1 * dr1);
            }

            _sums.AddDeltas(sum0 + sum1, squares0 + squares1);
            _next += j;
            if (_next == _ring.Length)
            {
                _next = 0;
            }

            _sinceRebuild += j;
            i += j;
            if (_sinceRebuild >= RebuildPeriod)
            {
                _sinceRebuild = 0;
                _sums.Rebuild(_ring, default);
            }

            if (j < run)
            {
                // An odd tail or a non-finite value: the single-value path adds it or throws.
                Add(values[i++]);
            }
        }
    }

    /// <summary>Gets the variance with divisor <c>n - ddof</c>, or <see cref="double.NaN"/> when <c>n &lt;= ddof</c>.</summary>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <returns>The variance.</returns>
    public double Variance(int ddof)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        if (_sums.Variance(_count, ddof) is { } variance)
        {
            return variance;
        }

        var head = Values(out var tail);
        return ShiftedSums.TwoPassVariance(head, tail, ddof);
    }

    /// <summary>Gets the standard deviation with divisor <c>n - ddof</c>.</summary>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <returns>The standard deviation, or <see cref="double.NaN"/> when <c>n &lt;= ddof</c>.</returns>
    public double StandardDeviation(int ddof) => Math.Sqrt(Variance(ddof));

    /// <summary>Gets the exact quantile of the window with linear interpolation (see <see cref="QuantileInterpolation.Linear"/>).</summary>
    /// <param name="probability">A probability in [0, 1].</param>
    /// <returns>The quantile, or <see cref="double.NaN"/> when the window is empty.</returns>
    public double Quantile(double probability)
    {
        QuantileInterpolation.ValidateProbability(probability);
        return QuantileInterpolation.Linear(SortedValues(), probability);
    }

    /// <summary>Copies the window's values, oldest first, into <paramref name="destination"/>.</summary>
    /// <param name="destination">A span at least <see cref="Count"/> long.</param>
    /// <returns>The number of values copied.</returns>
    public int CopyTo(Span<double> destination)
    {
        var head = Values(out var tail);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, _count, nameof(destination));
        // Oldest first: when full, the ring's oldest value sits at _next.
        tail.CopyTo(destination);
        head.CopyTo(destination[tail.Length..]);
        return _count;
    }

    /// <summary>Forgets every value.</summary>
    public void Clear()
    {
        _count = 0;
        _next = 0;
        _sinceRebuild = 0;
        _sums = default;
    }

    /// <summary>The window's values sorted ascending; valid until the next mutation.</summary>
    internal ReadOnlySpan<double> SortedValues()
    {
        if (_sorted is not null)
        {
            return _sorted.AsSpan(0, _count);
        }

        _scratch ??= new double[_ring.Length];
        var head = Values(out var tail);
        head.CopyTo(_scratch);
        tail.CopyTo(_scratch.AsSpan(head.Length));
        var span = _scratch.AsSpan(0, _count);
        span.Sort();
        return span;
    }

    /// <summary>The ring's values split at the wrap point: newest part first, then the oldest part.</summary>
    private ReadOnlySpan<double> Values(out ReadOnlySpan<double> oldestPart)
    {
        if (_count < _ring.Length)
        {
            oldestPart = default;
            return _ring.AsSpan(0, _count);
        }

        oldestPart = _ring.AsSpan(_next);
        return _ring.AsSpan(0, _next);
    }

    private static double MinOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var m = double.PositiveInfinity;
        foreach (var v in a)
        {
            m = Math.Min(m, v);
        }

        foreach (var v in b)
        {
            m = Math.Min(m, v);
        }

        return m;
    }

    private static double MaxOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var m = double.NegativeInfinity;
        foreach (var v in a)
        {
            m = Math.Max(m, v);
        }

        foreach (var v in b)
        {
            m = Math.Max(m, v);
        }

        return m;
    }

    private void InsertSorted(double value, int count)
    {
        var sorted = _sorted!;
        var at = UpperBound(sorted.AsSpan(0, count), value);
        sorted.AsSpan(at, count - at).CopyTo(sorted.AsSpan(at + 1));
        sorted[at] = value;
    }

    private void ReplaceSorted(double removed, double added)
    {
        var sorted = _sorted.AsSpan(0, _count);
        var (from, to) = Locate(sorted, removed, added);
        if (to > from)
        {
            // The incoming value ranks above the outgoing one: close the gap by moving the values between left.
            to--;
            sorted.Slice(from + 1, to - from).CopyTo(sorted[from..]);
        }
        else
        {
            sorted.Slice(to, from - to).CopyTo(sorted[(to + 1)..]);
        }

        sorted[to] = added;
    }

    /// <summary>
    /// The first index whose value is not less than <paramref name="removed"/> and the first whose
    /// value is greater than <paramref name="added"/>, found together. Each search is branch-free
    /// (a branchy binary search mispredicts half its steps on random data), and the two
    /// independent chains of loads run side by side.
    /// </summary>
    private static (int Removed, int Added) Locate(ReadOnlySpan<double> sorted, double removed, double added)
    {
        ref var first = ref MemoryMarshal.GetReference(sorted);
        var n = sorted.Length;
        nint r = 0, a = 0;
        while (n > 1)
        {
            var half = n >> 1;
            r += half & -Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, r + half - 1) < removed);
            a += half & -Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, a + half - 1) <= added);
            n -= half;
        }

        return ((int)r + Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, r) < removed), (int)a + Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, a) <= added));
    }

    /// <summary>The first index whose value is greater than <paramref name="value"/>.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        ref var first = ref MemoryMarshal.GetReference(sorted);
        var n = sorted.Length;
        nint lo = 0;
        while (n > 1)
        {
            var half = n >> 1;
            lo += half & -Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, lo + half - 1) <= value);
            n -= half;
        }

        return (int)lo + Unsafe.BitCast<bool, byte>(Unsafe.Add(ref first, lo) <= value);
    }

    private static void ThrowNotFinite(double value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be added to a window.");
}
