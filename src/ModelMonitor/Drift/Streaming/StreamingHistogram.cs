using System.Numerics;
using System.Runtime.Intrinsics;

namespace ModelMonitor.Drift;

/// <summary>
/// Counts of a numeric column over fixed bins, accumulated one value at a time in bounded memory:
/// the serving-window side of the binned drift distances (PSI, Jensen-Shannon, Hellinger) and the
/// chi-square tests, with a reference histogram computed once from training data.
/// </summary>
/// <remarks>
/// <para>
/// The bins are a <see cref="Drift.Binning"/> fixed up front, usually from the reference
/// (<see cref="FromReference"/>: by default <see cref="Binning.DefaultBinCount"/> quantile bins,
/// left-closed, open outer bins, duplicate edges removed). A value's bin is the number of edges at or
/// below it, exactly as <see cref="Binning.BinOf"/> and <see cref="Binning.Histogram"/> place it;
/// infinities fall in the open outer bins. NaN is not binned: it is counted in
/// <see cref="NaNCount"/> and reported as dropped by the comparisons.
/// </para>
/// <para>
/// <see cref="Observe"/> allocates nothing and has no data-dependent branches: with up to 32 edges
/// and 256-bit vector hardware it compares the value with all edges four at a time and counts the
/// edges at or below it; otherwise it takes a fixed <c>ceil(log2(edges + 1))</c> compare-and-add
/// steps of a binary search over edges padded with NaN to a power of two.
/// <see cref="Merge"/> of two histograms with the same edges equals observing both streams, exactly.
/// The comparisons pass the counts to <see cref="BinnedDistance"/> and <see cref="ChiSquare"/>, so
/// they equal the batch functions on the same data (the <c>...OfSamples</c> methods with the same
/// bins), bit for bit.
/// </para>
/// <para>
/// Not thread-safe: keep one histogram per thread or shard and <see cref="Merge"/> them (merging is
/// exact, so sharding loses nothing), or synchronise externally. The comparisons only read.
/// </para>
/// </remarks>
public sealed class StreamingHistogram
{
    /// <summary>The most edges for which <see cref="Observe"/> compares against every edge at once with vectors.</summary>
    internal const int MaxVectorEdges = 32;

    private readonly long[] _counts;
    private readonly double[] _search;
    private readonly Vector256<double>[]? _edgeVectors;
    private readonly int _firstStep;
    private long _count;
    private long _nanCount;

    /// <summary>Initializes an empty histogram over the given bins.</summary>
    /// <param name="binning">The bins.</param>
    /// <exception cref="ArgumentNullException"><paramref name="binning"/> is <see langword="null"/>.</exception>
    public StreamingHistogram(Binning binning)
        : this(binning, Vector256.IsHardwareAccelerated)
    {
    }

    /// <summary>Initializes an empty histogram, choosing whether to compare with vectors (tests cover both paths).</summary>
    internal StreamingHistogram(Binning binning, bool vectorize)
    {
        ArgumentNullException.ThrowIfNull(binning);
        Binning = binning;
        _counts = new long[binning.BinCount];
        var edges = binning.Edges;
        // The smallest power of two above the edge count: log2(size) probes reach any bin in
        // [0, size - 1], every probe stays inside the array, and the NaN padding compares false,
        // so it never counts as an edge at or below a value.
        var size = 1;
        while (size <= edges.Length)
        {
            size <<= 1;
        }

        _search = new double[size];
        _search.AsSpan().Fill(double.NaN);
        edges.CopyTo(_search);
        _firstStep = size >> 1;
        if (vectorize && edges.Length is > 0 and <= MaxVectorEdges)
        {
            // The bin is the number of edges at or below the value: count them four at a time,
            // with NaN padding in the last vector (a NaN edge never compares at or below).
            _edgeVectors = new Vector256<double>[(edges.Length + 3) / 4];
            var padded = new double[4 * _edgeVectors.Length];
            padded.AsSpan().Fill(double.NaN);
            edges.CopyTo(padded);
            for (var i = 0; i < _edgeVectors.Length; i++)
            {
                _edgeVectors[i] = Vector256.Create(padded[4 * i], padded[(4 * i) + 1], padded[(4 * i) + 2], padded[(4 * i) + 3]);
            }
        }
    }

    /// <summary>Gets the bins.</summary>
    public Binning Binning { get; }

    /// <summary>Gets the number of bins.</summary>
    public int BinCount => _counts.Length;

    /// <summary>Gets the number of binned (non-NaN) values observed.</summary>
    public long Count => _count;

    /// <summary>Gets the number of NaN values observed (counted, not binned).</summary>
    public long NaNCount => _nanCount;

    /// <summary>Gets the count of each bin, in bin order. A view of live state: copy it to keep it.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Builds bins from a reference sample and returns the reference's histogram over them.</summary>
    /// <param name="reference">The reference sample (training data); NaN values are counted in <see cref="NaNCount"/>.</param>
    /// <param name="strategy">How to place the edges.</param>
    /// <param name="binCount">How many bins to aim for, at least 2 (duplicate edges are removed).</param>
    /// <returns>The reference histogram; create the serving window's with <see cref="CreateEmpty"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is empty or all NaN, or holds an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> is below 2, or <paramref name="strategy"/> is undefined.</exception>
    public static StreamingHistogram FromReference(ReadOnlySpan<double> reference, BinningStrategy strategy = BinningStrategy.Quantile, int binCount = Binning.DefaultBinCount)
    {
        var histogram = new StreamingHistogram(Binning.FromReference(reference, strategy, binCount));
        histogram.ObserveMany(reference);
        return histogram;
    }

    /// <summary>Creates an empty histogram over the same bins, for a current window to compare with this one.</summary>
    /// <returns>A new, empty histogram.</returns>
    public StreamingHistogram CreateEmpty() => new(Binning);

    /// <summary>Counts a value in its bin, or in <see cref="NaNCount"/> when it is NaN.</summary>
    /// <param name="value">The value.</param>
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            _nanCount++;
            return;
        }

        var pos = 0;
        if (_edgeVectors is { } vectors)
        {
            var x = Vector256.Create(value);
            foreach (var e in vectors)
            {
                pos += BitOperations.PopCount(Vector256.LessThanOrEqual(e, x).ExtractMostSignificantBits());
            }
        }
        else
        {
            var search = _search;
            for (var step = _firstStep; step > 0; step >>= 1)
            {
                pos += search[pos + step - 1] <= value ? step : 0;
            }
        }

        _counts[pos]++;
        _count++;
    }

    /// <summary>Counts each value as <see cref="Observe"/> would.</summary>
    /// <param name="values">The values.</param>
    public void ObserveMany(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            Observe(v);
        }
    }

    /// <summary>Adds another histogram's counts, as if this one had observed its values too (exactly).</summary>
    /// <param name="other">A histogram with the same edges.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> has different edges.</exception>
    public void Merge(StreamingHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ThrowIfOtherEdges(other, nameof(other));
        var counts = (long[])other._counts.Clone();
        for (var i = 0; i < counts.Length; i++)
        {
            _counts[i] = checked(_counts[i] + counts[i]);
        }

        _count = checked(_count + other._count);
        _nanCount = checked(_nanCount + other._nanCount);
    }

    /// <summary>Forgets every value, keeping the bins.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _count = 0;
        _nanCount = 0;
    }

    /// <summary>The population stability index of this (current) histogram against a reference histogram.</summary>
    /// <param name="reference">The reference histogram, over the same edges.</param>
    /// <param name="threshold">Drift when the PSI is at least this.</param>
    /// <param name="epsilon">The proportion used in place of an empty one, in (0, 1).</param>
    /// <returns>What <see cref="BinnedDistance.PopulationStabilityIndexOfSamples"/> gives on the same data and bins.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> has different edges or counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This histogram counts nothing (no value, or only NaN).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="epsilon"/> is out of range.</exception>
    public DriftTestResult PopulationStabilityIndex(StreamingHistogram reference, double threshold = BinnedDistance.DefaultThreshold, double epsilon = BinnedDistance.DefaultEpsilon)
    {
        CheckComparable(reference);
        return WithDropped(BinnedDistance.PopulationStabilityIndex(reference._counts, _counts, threshold, epsilon), reference);
    }

    /// <summary>The Jensen-Shannon distance of this (current) histogram from a reference histogram.</summary>
    /// <param name="reference">The reference histogram, over the same edges.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <param name="logBase">The base of the logarithms (2 by default).</param>
    /// <returns>What <see cref="BinnedDistance.JensenShannonOfSamples"/> gives on the same data and bins.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> has different edges or counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This histogram counts nothing (no value, or only NaN).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> or <paramref name="logBase"/> is out of range.</exception>
    public DriftTestResult JensenShannon(StreamingHistogram reference, double threshold = BinnedDistance.DefaultThreshold, double logBase = 2)
    {
        CheckComparable(reference);
        return WithDropped(BinnedDistance.JensenShannon(reference._counts, _counts, threshold, logBase), reference);
    }

    /// <summary>The Hellinger distance of this (current) histogram from a reference histogram.</summary>
    /// <param name="reference">The reference histogram, over the same edges.</param>
    /// <param name="threshold">Drift when the distance is at least this.</param>
    /// <returns>What <see cref="BinnedDistance.HellingerOfSamples"/> gives on the same data and bins.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> has different edges or counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This histogram counts nothing (no value, or only NaN).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is out of range.</exception>
    public DriftTestResult Hellinger(StreamingHistogram reference, double threshold = BinnedDistance.DefaultThreshold)
    {
        CheckComparable(reference);
        return WithDropped(BinnedDistance.Hellinger(reference._counts, _counts, threshold), reference);
    }

    /// <summary>Pearson's chi-square goodness of fit of this (current) histogram's counts to the reference's bin proportions.</summary>
    /// <param name="reference">The reference histogram, over the same edges.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>What <see cref="ChiSquare.GoodnessOfFit"/> gives on the two count vectors, with the NaN counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> has different edges or counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This histogram counts nothing (no value, or only NaN).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1).</exception>
    public DriftTestResult ChiSquareGoodnessOfFit(StreamingHistogram reference, double significance = DriftTestResult.DefaultSignificance)
    {
        CheckComparable(reference);
        return WithDropped(ChiSquare.GoodnessOfFit(reference._counts, _counts, significance), reference);
    }

    /// <summary>Pearson's chi-square test on the 2 x k table of reference and current bin counts.</summary>
    /// <param name="reference">The reference histogram, over the same edges.</param>
    /// <param name="significance">The significance level: drift when the p-value is below it.</param>
    /// <returns>What <see cref="ChiSquare.Contingency"/> gives on the two count vectors, with the NaN counts as dropped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> has different edges or counts nothing.</exception>
    /// <exception cref="InvalidOperationException">This histogram counts nothing (no value, or only NaN).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="significance"/> is not in (0, 1).</exception>
    public DriftTestResult ChiSquareContingency(StreamingHistogram reference, double significance = DriftTestResult.DefaultSignificance)
    {
        CheckComparable(reference);
        return WithDropped(ChiSquare.Contingency(reference._counts, _counts, significance), reference);
    }

    private DriftTestResult WithDropped(DriftTestResult result, StreamingHistogram reference) =>
        result with { ReferenceDropped = reference._nanCount, CurrentDropped = _nanCount };

    private void CheckComparable(StreamingHistogram reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfOtherEdges(reference, nameof(reference));
        if (reference._count == 0)
        {
            throw new ArgumentException($"The reference histogram counts nothing ({reference._nanCount} NaN values).", nameof(reference));
        }

        if (_count == 0)
        {
            throw new InvalidOperationException($"This histogram counts nothing yet ({_nanCount} NaN values); observe values before comparing.");
        }
    }

    private void ThrowIfOtherEdges(StreamingHistogram other, string paramName)
    {
        if (!ReferenceEquals(other.Binning, Binning) && !other.Binning.Edges.SequenceEqual(Binning.Edges))
        {
            throw new ArgumentException($"The histograms have different bin edges ({other.Binning.Edges.Length} and {Binning.Edges.Length} edges); create one from the other with CreateEmpty.", paramName);
        }
    }
}
