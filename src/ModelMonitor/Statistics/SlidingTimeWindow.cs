namespace ModelMonitor.Statistics;

/// <summary>
/// The values of a stream whose timestamps lie in <c>(t - Length, t]</c>, where t is the newest
/// timestamp added, with exact mean and variance (the semantics of pandas'
/// <c>Series.rolling("5min")</c> on a time index).
/// </summary>
/// <remarks>
/// <para>
/// Exact time windows must keep every value inside them, so memory grows with the arrival rate;
/// monitors use bucketed windows instead (see <see cref="Rolling.RollingStatisticsMonitor"/>).
/// Use this type where exact per-record time-window statistics are needed and the rate is known.
/// </para>
/// <para>
/// <see cref="Add"/> is amortised O(1): timestamps must not decrease, evictions come off the
/// front, and the running sums are recomputed exactly whenever as many values were evicted as the
/// window holds. Not thread-safe.
/// </para>
/// </remarks>
public sealed class SlidingTimeWindow
{
    private long[] _ticks;
    private double[] _values;
    private int _head;
    private int _count;
    private long _evictedSinceRebuild;
    private ShiftedSums _sums;

    /// <summary>Initializes an empty window.</summary>
    /// <param name="length">The window's length; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive.</exception>
    public SlidingTimeWindow(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        Length = length;
        _ticks = new long[16];
        _values = new double[16];
    }

    /// <summary>Gets the window's length.</summary>
    public TimeSpan Length { get; }

    /// <summary>Gets how many values the window holds.</summary>
    public int Count => _count;

    /// <summary>Gets the mean, or <see cref="double.NaN"/> when empty.</summary>
    public double Mean => _sums.Mean(_count);

    /// <summary>Adds a value observed at <paramref name="timestamp"/> and evicts values at or before <c>timestamp - Length</c>.</summary>
    /// <param name="timestamp">The value's time; not earlier than the previous one.</param>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite, or the timestamp is earlier than the previous one.</exception>
    public void Add(DateTimeOffset timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be added to a window.");
        }

        var ticks = timestamp.UtcTicks;
        if (_count > 0 && ticks < _ticks[(_head + _count - 1) % _ticks.Length])
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "Timestamps must not decrease; sort the stream or use a bucketed window.");
        }

        var cutoff = ticks - Length.Ticks;
        while (_count > 0 && _ticks[_head] <= cutoff)
        {
            _sums.Remove(_values[_head]);
            _head = (_head + 1) % _ticks.Length;
            _count--;
            _evictedSinceRebuild++;
        }

        if (_count == _ticks.Length)
        {
            GrowBuffers();
        }

        var at = (_head + _count) % _ticks.Length;
        _ticks[at] = ticks;
        _values[at] = value;
        _count++;
        _sums.Add(value);
        if (_evictedSinceRebuild >= Math.Max(_count, 16))
        {
            _evictedSinceRebuild = 0;
            _sums.Rebuild(First(), Second());
        }
    }

    /// <summary>Gets the variance with divisor <c>n - ddof</c>, or <see cref="double.NaN"/> when <c>n &lt;= ddof</c>.</summary>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <returns>The variance.</returns>
    public double Variance(int ddof)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        return _sums.Variance(_count, ddof) ?? ShiftedSums.TwoPassVariance(First(), Second(), ddof);
    }

    /// <summary>Gets the standard deviation with divisor <c>n - ddof</c>.</summary>
    /// <param name="ddof">Delta degrees of freedom.</param>
    /// <returns>The standard deviation, or <see cref="double.NaN"/> when <c>n &lt;= ddof</c>.</returns>
    public double StandardDeviation(int ddof) => Math.Sqrt(Variance(ddof));

    /// <summary>Gets the exact quantile of the window with linear interpolation.</summary>
    /// <param name="probability">A probability in [0, 1].</param>
    /// <returns>The quantile, or <see cref="double.NaN"/> when empty.</returns>
    public double Quantile(double probability)
    {
        QuantileInterpolation.ValidateProbability(probability);
        var copy = new double[_count];
        First().CopyTo(copy);
        Second().CopyTo(copy.AsSpan(First().Length));
        Array.Sort(copy);
        return QuantileInterpolation.Linear(copy, probability);
    }

    private ReadOnlySpan<double> First() => _values.AsSpan(_head, Math.Min(_count, _values.Length - _head));

    private ReadOnlySpan<double> Second() => _values.AsSpan(0, _count - First().Length);

    private void GrowBuffers()
    {
        var ticks = new long[_ticks.Length * 2];
        var values = new double[_values.Length * 2];
        var first = _ticks.Length - _head;
        _ticks.AsSpan(_head).CopyTo(ticks);
        _ticks.AsSpan(0, _head).CopyTo(ticks.AsSpan(first));
        _values.AsSpan(_head).CopyTo(values);
        _values.AsSpan(0, _head).CopyTo(values.AsSpan(first));
        _ticks = ticks;
        _values = values;
        _head = 0;
    }
}
