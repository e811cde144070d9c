namespace ModelMonitor.Statistics;

/// <summary>
/// The last <see cref="Capacity"/> values of a stream, with exact mean, variance and quantiles
/// (the semantics of pandas' <c>Series.rolling(window)</c> once the window is full).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Add"/> is O(1) and allocation-free: a ring-buffer write and two additions to running
/// sums taken about a shift near the window's mean. Once per <see cref="Capacity"/> additions
/// the sums are recomputed exactly, so rounding cannot accumulate and values around 1e9 with a
/// tiny spread keep their variance.
/// </para>
/// <para>
/// With <c>trackOrder</c> set, the window also keeps its values sorted (a binary search and one
/// memory move of the values between the outgoing and the incoming rank per addition), which makes
/// every <see cref="Quantile"/> call O(1). Without it a quantile sorts a copy of the window.
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

        if (++_sinceRebuild >= _ring.Length)
        {
            _sinceRebuild = 0;
            _sums.Rebuild(_ring.AsSpan(0, _count), default);
        }
    }

    /// <summary>Adds values in order, as repeated <see cref="Add"/> calls would.</summary>
    /// <param name="values">Finite values, oldest first.</param>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            Add(v);
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
        var from = sorted.BinarySearch(removed);
        var to = UpperBound(sorted, added);
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

    /// <summary>The first index whose value is greater than <paramref name="value"/>.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= value)
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

    private static void ThrowNotFinite(double value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be added to a window.");
}
