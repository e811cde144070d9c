namespace ModelMonitor.Drift;

/// <summary>
/// Counts of a categorical column, accumulated one value at a time with a cap on the number of
/// distinct categories kept: the serving-window side of the categorical drift tests (chi-square,
/// PSI, Jensen-Shannon, Hellinger), with a reference counter computed once from training data.
/// </summary>
/// <remarks>
/// <para>
/// Categories are compared by ordinal string equality. The first <see cref="MaxCategories"/>
/// distinct categories get their own count; every later new category is counted in
/// <see cref="OverflowCount"/> (the "other" bucket), so no value is ever dropped silently and
/// memory stays bounded by the cap. A <see langword="null"/> category (a missing value) is counted
/// in <see cref="MissingCount"/> and reported as dropped by the comparisons, as NaN is for numbers.
/// </para>
/// <para>
/// The comparisons align the two counters over the reference's categories (in the order it first
/// saw them), then the categories only the current counter has, then one "other" bucket holding each
/// side's <see cref="OverflowCount"/> when either is non-zero; the count vectors go to
/// <see cref="ChiSquare"/> and <see cref="BinnedDistance"/>, so the results equal those functions
/// on the same vectors. Categories the current window has and the reference lacks are counted in
/// <see cref="DriftTestResult.UnseenCategories"/> and named by <see cref="GetUnseenCategories"/>.
/// The overflow buckets of the two sides may hold different categories; keep the cap above the
/// column's real cardinality (and watch <see cref="OverflowCount"/>) for the tests to be meaningful.
/// </para>
/// <para>
/// <see cref="Merge"/> adds another counter's counts: exactly what observing both streams gives when
/// neither counter overflowed and the union fits the cap; otherwise categories past the cap and the
/// other's overflow land in this counter's overflow. <see cref="Observe"/> allocates only when it
/// admits a new category. Not thread-safe: keep one counter per thread or shard and merge them, or
/// synchronise externally. The comparisons only read.
/// </para>
/// </remarks>
public sealed class StreamingCategoryCounter
{
    /// <summary>The default cap on distinct categories.</summary>
    public const int DefaultMaxCategories = 1000;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private long[] _counts = new long[8];
    private long _overflow;
    private long _missing;
    private long _count;

    /// <summary>Initializes an empty counter.</summary>
    /// <param name="maxCategories">The most distinct categories counted separately; later ones go to the overflow bucket. At least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCategories"/> is below 1.</exception>
    public StreamingCategoryCounter(int maxCategories = DefaultMaxCategories)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        MaxCategories = maxCategories;
    }

    /// <summary>Gets the cap on distinct categories counted separately.</summary>
    public int MaxCategories { get; }

    /// <summary>Gets the number of non-missing values observed, the overflow included.</summary>
    public long Count => _count;

    /// <summary>Gets the number of values counted in the overflow ("other") bucket because the cap was reached.</summary>
    public long OverflowCount => _overflow;

    /// <summary>Gets the number of missing (<see langword="null"/>) values observed.</summary>
    public long MissingCount => _missing;

    /// <summary>Gets the categories counted separately, in the order first seen.</summary>
    public IReadOnlyList<string> Categories => _names;

    /// <summary>Gets a category's count (0 when it is not counted separately).</summary>
    /// <param name="category">The category.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="category"/> is <see langword="null"/>.</exception>
    public long CountOf(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return _index.TryGetValue(category, out var i) ? _counts[i] : 0;
    }

    /// <summary>Counts a value.</summary>
    /// <param name="category">The category, or <see langword="null"/> for a missing value.</param>
    public void Observe(string? category) => Add(category, 1);

    /// <summary>Adds another counter's counts (see the remarks for when this is exact).</summary>
    /// <param name="other">The other counter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public void Merge(StreamingCategoryCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var names = other._names.ToArray();
        var counts = other._counts.AsSpan(0, names.Length).ToArray();
        var overflow = other._overflow;
        var missing = other._missing;
        for (var i = 0; i < names.Length; i++)
        {
            if (counts[i] > 0)
            {
                Add(names[i], counts[i]);
            }
        }

        _overflow = checked(_overflow + overflow);
        _count = checked(_count + overflow);
        _missing = checked(_missing + missing);
    }

    /// <summary>Forgets every value and category.</summary>
    public void Clear()
    {
        _index.Clear();
        _names.Clear();
        Array.Clear(_counts);
        _overflow = 0;
        _missing = 0;
        _count = 0;
    }

    /// <summary>The categories this (current) counter has and the reference lacks: new values in serving.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <returns>The unseen categories, in the order this counter first saw them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> GetUnseenCategories(StreamingCategoryCounter reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var unseen = new List<string>();
        for (var i = 0; i < _names.Count; i++)
        {
            if (_counts[i] > 0 && reference.CountOf(_names[i]) == 0)
            {
                unseen.Add(_names[i]);
            }
        }

        return unseen;
    }

    /// <summary>Pearson's chi-square goodness of fit of this (current) counter's counts to the reference's proportions.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>What <see cref="ChiSquare.GoodnessOfFit"/> gives on the aligned counts, with the missing counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This counter counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1).</exception>
    public DriftTestResult ChiSquareGoodnessOfFit(StreamingCategoryCounter reference, double significance = DriftTestResult.DefaultSignificance)
    {
        var (r, c) = Align(reference);
        return WithDropped(ChiSquare.GoodnessOfFit(r, c, significance), reference);
    }

    /// <summary>Pearson's chi-square test on the 2 x k table of reference and current counts.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>What <see cref="ChiSquare.Contingency"/> gives on the aligned counts, with the missing counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This counter counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1).</exception>
    public DriftTestResult ChiSquareContingency(StreamingCategoryCounter reference, double significance = DriftTestResult.DefaultSignificance)
    {
        var (r, c) = Align(reference);
        return WithDropped(ChiSquare.Contingency(r, c, significance), reference);
    }

    /// <summary>The population stability index of this (current) counter against the reference.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <param name="threshold">Drift when the PSI is at least this.</param>
    /// <param name="epsilon">The proportion used in place of an empty one, in (0, 1).</param>
    /// <returns>What <see cref="BinnedDistance.PopulationStabilityIndex"/> gives on the aligned counts, with the missing counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This counter counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="epsilon"/> is out of range.</exception>
    public DriftTestResult PopulationStabilityIndex(StreamingCategoryCounter reference, double threshold = BinnedDistance.DefaultThreshold, double epsilon = BinnedDistance.DefaultEpsilon)
    {
        var (r, c) = Align(reference);
        return WithDropped(BinnedDistance.PopulationStabilityIndex(r, c, threshold, epsilon), reference);
    }

    /// <summary>The Jensen-Shannon distance of this (current) counter from the reference.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <param name="logBase">The base of the logarithms (2 by default).</param>
    /// <returns>What <see cref="BinnedDistance.JensenShannon"/> gives on the aligned counts, with the missing counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This counter counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="logBase"/> is out of range.</exception>
    public DriftTestResult JensenShannon(StreamingCategoryCounter reference, double threshold = BinnedDistance.DefaultThreshold, double logBase = 2)
    {
        var (r, c) = Align(reference);
        return WithDropped(BinnedDistance.JensenShannon(r, c, threshold, logBase), reference);
    }

    /// <summary>The Hellinger distance of this (current) counter from the reference.</summary>
    /// <param name="reference">The reference counter.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <returns>What <see cref="BinnedDistance.Hellinger"/> gives on the aligned counts, with the missing counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This counter counts nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is out of range.</exception>
    public DriftTestResult Hellinger(StreamingCategoryCounter reference, double threshold = BinnedDistance.DefaultThreshold)
    {
        var (r, c) = Align(reference);
        return WithDropped(BinnedDistance.Hellinger(r, c, threshold), reference);
    }

    /// <summary>The reference's and this counter's counts over one category order (see the remarks).</summary>
    internal (long[] Reference, long[] Current) Align(StreamingCategoryCounter reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference._count == 0)
        {
            throw new ArgumentException($"The reference counter counts nothing ({reference._missing} missing values).", nameof(reference));
        }

        if (_count == 0)
        {
            throw new InvalidOperationException($"This counter counts nothing yet ({_missing} missing values); observe values before comparing.");
        }

        var r = new List<long>(reference._names.Count + 1);
        var c = new List<long>(reference._names.Count + 1);
        for (var i = 0; i < reference._names.Count; i++)
        {
            r.Add(reference._counts[i]);
            c.Add(CountOf(reference._names[i]));
        }

        for (var i = 0; i < _names.Count; i++)
        {
            if (!reference._index.ContainsKey(_names[i]))
            {
                r.Add(0);
                c.Add(_counts[i]);
            }
        }

        if (reference._overflow > 0 || _overflow > 0)
        {
            r.Add(reference._overflow);
            c.Add(_overflow);
        }

        return (r.ToArray(), c.ToArray());
    }

    private DriftTestResult WithDropped(DriftTestResult result, StreamingCategoryCounter reference) =>
        result with { ReferenceDropped = reference._missing, CurrentDropped = _missing };

    private void Add(string? category, long count)
    {
        if (category is null)
        {
            _missing = checked(_missing + count);
            return;
        }

        _count = checked(_count + count);
        if (_index.TryGetValue(category, out var i))
        {
            _counts[i] += count;
            return;
        }

        if (_names.Count >= MaxCategories)
        {
            _overflow += count;
            return;
        }

        i = _names.Count;
        if (i == _counts.Length)
        {
            Array.Resize(ref _counts, Math.Min(2 * i, Math.Max(MaxCategories, i + 1)));
        }

        _names.Add(category);
        _index.Add(category, i);
        _counts[i] = count;
    }
}
