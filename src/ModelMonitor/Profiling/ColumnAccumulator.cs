using System.Globalization;
#if NET9_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using ModelMonitor.Statistics;

namespace ModelMonitor.Profiling;

/// <summary>
/// The mergeable state of one column: typed counters, moments, a quantile sketch, frequency tables
/// and a distinct-count sketch. Every Observe method is O(1) amortised and returns the cell's
/// 64-bit hash, which the builder folds into the row hash for duplicate detection.
/// </summary>
internal sealed class ColumnAccumulator
{
    internal const ulong MissingHash = 0x2F0F1E3D5C7B9A81UL;
    internal static readonly double[] Probabilities = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
    private static readonly ulong TrueHash = HyperLogLog.Hash("true");
    private static readonly ulong FalseHash = HyperLogLog.Hash("false");

    // Numbers are batched: moments, zero and integer counts, value counts and the sketch are
    // updated once per batch (a radix sort and one sorted merge instead of a division and a
    // sketch insertion per value).
    private const int BatchSize = 256;

    private readonly ProfileOptions _options;
    private readonly double[] _pending = new double[BatchSize];
    private ulong[]? _sortKeys;
    private ulong[]? _sortBuffer;
    private int _pendingCount;
    private long _integers;
    private long _zeros;
    private RunningMoments _moments;
    private RunningMoments _textLength;
    private RunningMoments _vectorNorm;
    private QuantileSketch? _sketch;
    private FrequentItems<double>? _numberCounts;
    private FrequentItems<long>? _dateCounts;
#if NET9_0_OR_GREATER
    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;
#endif

    public ColumnAccumulator(string name, ProfileOptions options)
    {
        Name = name;
        _options = options;
        Distinct = new HyperLogLog(options.DistinctPrecision);
        Strings = new FrequentItems<string>(options.FrequentValueCapacity, StringComparer.Ordinal);
        _numberCounts = new FrequentItems<double>(options.FrequentValueCapacity);
        _dateCounts = new FrequentItems<long>(options.FrequentValueCapacity);
#if NET9_0_OR_GREATER
        _stringLookup = Strings.Table.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    public string Name { get; }

    public long Cells { get; private set; }

    public long Missing { get; private set; }

    public long Numbers { get; private set; }

    public long Integers
    {
        get
        {
            Flush();
            return _integers;
        }
    }

    public long Zeros
    {
        get
        {
            Flush();
            return _zeros;
        }
    }

    public long Booleans { get; private set; }

    public long Trues { get; private set; }

    public long Dates { get; private set; }

    public long StringValues { get; private set; }

    public long Vectors { get; private set; }

    public double LastNumber { get; private set; }

    public int VectorDimension { get; private set; } = -1;

    public long VectorMismatches { get; private set; }

    public long MinDateTicks { get; private set; } = long.MaxValue;

    public long MaxDateTicks { get; private set; } = long.MinValue;

    public HyperLogLog Distinct { get; private set; }

    public FrequentItems<string> Strings { get; private set; }

    /// <summary>Gets whether a numeric or date frequency table was dropped for exceeding the capacity (high-cardinality numbers have no useful top values).</summary>
    public bool NumberCountsDropped { get; private set; }

    public RunningMoments Moments
    {
        get
        {
            Flush();
            return _moments;
        }
    }

    public RunningMoments TextLengthMoments => _textLength;

    public QuantileSketch? Sketch
    {
        get
        {
            Flush();
            return _sketch;
        }
    }

    public FrequentItems<double>? NumberCounts
    {
        get
        {
            Flush();
            return _numberCounts;
        }
    }

    public FrequentItems<long>? DateCounts => _dateCounts;

    public ulong ObserveMissing()
    {
        Cells++;
        Missing++;
        return MissingHash;
    }

    public ulong ObserveNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            // NaN is pandas' missing marker; infinities have no place in a mean or a sketch.
            return ObserveMissing();
        }

        Cells++;
        Numbers++;
        LastNumber = value;
        _pending[_pendingCount++] = value;
        if (_pendingCount == BatchSize)
        {
            Flush();
        }

        var hash = HyperLogLog.Hash(value);
        Distinct.AddHash(hash);
        return hash;
    }

    /// <summary>Feeds the batched numbers to the moments, counters, value counts and sketch.</summary>
    public void Flush()
    {
        var n = _pendingCount;
        if (n == 0)
        {
            return;
        }

        _pendingCount = 0;
        var batch = _pending.AsSpan(0, n);
        double sum = 0;
        foreach (var v in batch)
        {
            sum += v;
        }

        var mean = sum / n;
        double m2 = 0;
        double min = batch[0];
        double max = batch[0];
        foreach (var v in batch)
        {
            var d = v - mean;
            m2 += d * d;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            if (v == 0)
            {
                _zeros++;
            }

            if (v == Math.Floor(v) && Math.Abs(v) < 9.007199254740992E15)
            {
                _integers++;
            }
        }

        _moments.Merge(RunningMoments.FromState(n, shift: mean, mean: 0, m2, min, max));
        if (_numberCounts is { } counts)
        {
            foreach (var v in batch)
            {
                counts.Add(v == 0 ? 0.0 : v);
                if (!counts.IsExact)
                {
                    _numberCounts = null;
                    NumberCountsDropped = true;
                    break;
                }
            }
        }

        _sortKeys ??= new ulong[BatchSize];
        _sortBuffer ??= new ulong[BatchSize];
        RadixSort.Sort(batch, _sortKeys, _sortBuffer);
        (_sketch ??= new QuantileSketch(_options.SketchAccuracy)).AddSorted(batch);
    }

    public ulong ObserveBoolean(bool value)
    {
        Cells++;
        Booleans++;
        if (value)
        {
            Trues++;
        }

        var hash = value ? TrueHash : FalseHash;
        Distinct.AddHash(hash);
        return hash;
    }

    public ulong ObserveDateTime(DateTime value)
    {
        Cells++;
        Dates++;
        var ticks = value.Ticks;
        MinDateTicks = Math.Min(MinDateTicks, ticks);
        MaxDateTicks = Math.Max(MaxDateTicks, ticks);
        var hash = HyperLogLog.Mix((ulong)ticks ^ 0x3C6EF372FE94F82BUL);
        Distinct.AddHash(hash);
        if (_dateCounts is { } counts)
        {
            counts.Add(ticks);
            if (!counts.IsExact)
            {
                _dateCounts = null;
                NumberCountsDropped = true;
            }
        }

        return hash;
    }

    public ulong ObserveString(ReadOnlySpan<char> value)
    {
        Cells++;
        StringValues++;
        _textLength.Add(value.Length);
        var hash = HyperLogLog.Hash(value);
        Distinct.AddHash(hash);
#if NET9_0_OR_GREATER
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_stringLookup, value, out var exists);
        count++;
        if (!exists && Strings.Count > Strings.Capacity)
        {
            _stringLookup.Remove(value);
            Strings.Reduce(1);
        }
#else
        Strings.Add(value.ToString());
#endif
        return hash;
    }

    /// <summary>Observes a CSV field: a number, then a boolean, then an ISO date, else a string.</summary>
    public ulong ObserveText(ReadOnlySpan<char> value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return ObserveNumber(number);
        }

        if (value.Length is 4 or 5)
        {
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return ObserveBoolean(true);
            }

            if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return ObserveBoolean(false);
            }
        }

        if (value.Length >= 8 && char.IsAsciiDigit(value[0]) && value.Length <= 40 && LooksLikeDate(value)
            && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            return ObserveDateTime(date);
        }

        return ObserveString(value);
    }

    public ulong ObserveVector(ReadOnlySpan<float> values)
    {
        Cells++;
        Vectors++;
        if (VectorDimension < 0)
        {
            VectorDimension = values.Length;
        }
        else if (values.Length != VectorDimension)
        {
            VectorMismatches++;
        }

        double norm = 0;
        ulong hash = 0x9E3779B97F4A7C15UL;
        foreach (var v in values)
        {
            norm += (double)v * v;
            hash = HyperLogLog.Mix(hash ^ (uint)BitConverter.SingleToInt32Bits(v));
        }

        _vectorNorm.Add(Math.Sqrt(norm));
        return hash;
    }

    public ColumnKind InferKind()
    {
        Flush();
        var present = Cells - Missing;
        if (present == 0)
        {
            return ColumnKind.Unknown;
        }

        if (Vectors == present)
        {
            return ColumnKind.Vector;
        }

        if (Numbers == present)
        {
            return Integers == Numbers ? ColumnKind.Integer : ColumnKind.Numeric;
        }

        if (Booleans == present)
        {
            return ColumnKind.Boolean;
        }

        if (Dates == present)
        {
            return ColumnKind.DateTime;
        }

        var (distinct, exact) = DistinctCount();
        return exact && distinct <= _options.CategoricalMaxDistinct ? ColumnKind.Categorical : ColumnKind.Text;
    }

    public (long Count, bool Exact) DistinctCount()
    {
        Flush();
        if (Strings.IsExact && !NumberCountsDropped)
        {
            long count = Strings.Count + (_numberCounts?.Count ?? 0) + (_dateCounts?.Count ?? 0);
            count += (Trues > 0 ? 1 : 0) + (Booleans - Trues > 0 ? 1 : 0);
            return (count, true);
        }

        return (Distinct.Estimate(), false);
    }

    public ColumnProfile ToProfile()
    {
        Flush();
        var kind = InferKind();
        var (distinct, exact) = DistinctCount();
        return new ColumnProfile(Name, kind)
        {
            Count = Cells,
            MissingCount = Missing,
            NumberCount = Numbers,
            StringCount = StringValues,
            DistinctCount = Vectors > 0 && Vectors == Cells - Missing ? 0 : distinct,
            DistinctIsExact = exact,
            DistinctRelativeError = exact ? 0 : Distinct.RelativeStandardError,
            Numeric = Numbers > 0 ? NumericSummary() : null,
            TopValues = TopValues(_options.TopValueCount),
            TopValuesMaxUndercount = Strings.MaxUndercount,
            ValueCountsAreComplete = exact,
            TextLength = StringValues > 0 ? new LengthSummary(_textLength.Mean, Math.Sqrt(_textLength.SampleVariance), _textLength.Min, _textLength.Max) : null,
            TrueCount = Trues,
            MinDate = Dates > 0 ? new DateTime(MinDateTicks, DateTimeKind.Utc) : null,
            MaxDate = Dates > 0 ? new DateTime(MaxDateTicks, DateTimeKind.Utc) : null,
            VectorDimension = VectorDimension >= 0 ? VectorDimension : null,
            VectorDimensionMismatches = VectorMismatches,
        };
    }

    /// <summary>Every distinct value's text with its count, or null when they are not all known.</summary>
    public Dictionary<string, long>? ExactValueCounts()
    {
        if (!DistinctCount().Exact)
        {
            return null;
        }

        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (value, count) in TopValues(int.MaxValue))
        {
            all[value] = count;
        }

        return all;
    }

    public List<ValueCount> TopValues(int k)
    {
        Flush();
        var all = new List<ValueCount>();
        foreach (var (key, count) in Strings.Table)
        {
            all.Add(new ValueCount(key, count));
        }

        if (_numberCounts is { } numbers)
        {
            foreach (var (key, count) in numbers.Table)
            {
                all.Add(new ValueCount(key.ToString("R", CultureInfo.InvariantCulture), count));
            }
        }

        if (_dateCounts is { } dates)
        {
            foreach (var (key, count) in dates.Table)
            {
                all.Add(new ValueCount(new DateTime(key, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture), count));
            }
        }

        if (Trues > 0)
        {
            all.Add(new ValueCount("true", Trues));
        }

        if (Booleans - Trues > 0)
        {
            all.Add(new ValueCount("false", Booleans - Trues));
        }

        all.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
        if (all.Count > k)
        {
            all.RemoveRange(k, all.Count - k);
        }

        return all;
    }

    public void Merge(ColumnAccumulator other)
    {
        Flush();
        other.Flush();
        Cells += other.Cells;
        Missing += other.Missing;
        Numbers += other.Numbers;
        _integers += other._integers;
        _zeros += other._zeros;
        Booleans += other.Booleans;
        Trues += other.Trues;
        Dates += other.Dates;
        StringValues += other.StringValues;
        MinDateTicks = Math.Min(MinDateTicks, other.MinDateTicks);
        MaxDateTicks = Math.Max(MaxDateTicks, other.MaxDateTicks);
        if (other.VectorDimension >= 0)
        {
            if (VectorDimension < 0)
            {
                VectorDimension = other.VectorDimension;
                VectorMismatches += other.VectorMismatches;
            }
            else
            {
                VectorMismatches += other.VectorDimension == VectorDimension ? other.VectorMismatches : other.Vectors - other.VectorMismatches;
            }
        }

        Vectors += other.Vectors;
        _moments.Merge(other._moments);
        _textLength.Merge(other._textLength);
        _vectorNorm.Merge(other._vectorNorm);
        if (other._sketch is { } sketch)
        {
            (_sketch ??= new QuantileSketch(_options.SketchAccuracy)).Merge(sketch);
        }

        Distinct.Merge(other.Distinct);
        Strings.Merge(other.Strings);
        _numberCounts = MergeTable(_numberCounts, other._numberCounts);
        _dateCounts = MergeTable(_dateCounts, other._dateCounts);
        NumberCountsDropped |= _numberCounts is null || _dateCounts is null;
#if NET9_0_OR_GREATER
        _stringLookup = Strings.Table.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    private static FrequentItems<T>? MergeTable<T>(FrequentItems<T>? mine, FrequentItems<T>? theirs)
        where T : notnull
    {
        // A null table was dropped for high cardinality, and so is the union's.
        if (mine is null || theirs is null)
        {
            return null;
        }

        mine.Merge(theirs);
        return mine.IsExact ? mine : null;
    }

    private NumericSummary NumericSummary()
    {
        var sketch = _sketch!;
        var quantiles = new double[Probabilities.Length];
        sketch.Quantiles(Probabilities, quantiles);
        var list = new ProfileQuantile[Probabilities.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new ProfileQuantile(Probabilities[i], quantiles[i]);
        }

        return new NumericSummary
        {
            Count = Numbers,
            Mean = _moments.Mean,
            StandardDeviation = Math.Sqrt(_moments.SampleVariance),
            Min = _moments.Min,
            Max = _moments.Max,
            ZeroCount = _zeros,
            IntegerCount = _integers,
            Quantiles = list,
            RankErrorBound = sketch.NormalizedRankError,
            Histogram = Histogram(sketch, _options.HistogramBins),
        };
    }

    private static HistogramBin[] Histogram(QuantileSketch sketch, int bins)
    {
        var min = sketch.Min;
        var max = sketch.Max;
        if (min == max)
        {
            return [new HistogramBin(min, max, sketch.Count)];
        }

        var result = new HistogramBin[bins];
        var width = (max - min) / bins;
        long below = 0;
        for (var i = 0; i < bins; i++)
        {
            var lower = min + (i * width);
            var upper = i == bins - 1 ? max : min + ((i + 1) * width);
            // Cdf counts values <= edge; the bins are half-open [lower, upper), so count below the upper edge.
            var upTo = i == bins - 1 ? sketch.Count : (long)Math.Round(CdfBelow(sketch, upper) * sketch.Count);
            upTo = Math.Max(upTo, below);
            result[i] = new HistogramBin(lower, upper, upTo - below);
            below = upTo;
        }

        return result;
    }

    private static double CdfBelow(QuantileSketch sketch, double edge) => sketch.Cdf(Math.BitDecrement(edge));

    internal ColumnState ToState()
    {
        Flush();
        var sketch = _sketch;
        return new ColumnState
        {
            Name = Name,
            Cells = Cells,
            Missing = Missing,
            Numbers = Numbers,
            Integers = _integers,
            Zeros = _zeros,
            Booleans = Booleans,
            Trues = Trues,
            Dates = Dates,
            Strings = StringValues,
            Vectors = Vectors,
            VectorDimension = VectorDimension,
            VectorMismatches = VectorMismatches,
            MinDateTicks = MinDateTicks,
            MaxDateTicks = MaxDateTicks,
            Moments = MomentsState.From(_moments),
            TextLength = MomentsState.From(_textLength),
            VectorNorm = MomentsState.From(_vectorNorm),
            SketchLevels = sketch?.ExportLevels(),
            SketchRandom = sketch?.RandomState ?? 0,
            DistinctRegisters = Distinct.Registers.ToArray(),
            StringCounts = new Dictionary<string, long>(Strings.Table, StringComparer.Ordinal),
            StringUndercount = Strings.MaxUndercount,
            NumberCounts = _numberCounts is null ? null : [.. _numberCounts.Table.Select(p => new NumberCount(p.Key, p.Value))],
            DateCounts = _dateCounts is null ? null : [.. _dateCounts.Table.Select(p => new DateCount(p.Key, p.Value))],
            NumberCountsDropped = NumberCountsDropped,
        };
    }

    internal static ColumnAccumulator FromState(ColumnState state, ProfileOptions options)
    {
        var c = new ColumnAccumulator(state.Name ?? throw new FormatException("A column has no name."), options)
        {
            Cells = state.Cells,
            Missing = state.Missing,
            Numbers = state.Numbers,
            _integers = state.Integers,
            _zeros = state.Zeros,
            Booleans = state.Booleans,
            Trues = state.Trues,
            Dates = state.Dates,
            StringValues = state.Strings,
            Vectors = state.Vectors,
            VectorDimension = state.VectorDimension,
            VectorMismatches = state.VectorMismatches,
            MinDateTicks = state.MinDateTicks,
            MaxDateTicks = state.MaxDateTicks,
            NumberCountsDropped = state.NumberCountsDropped,
        };
        var present = c.Numbers + c.Booleans + c.Dates + c.StringValues + c.Vectors;
        if (c.Cells < 0 || c.Missing < 0 || present + c.Missing != c.Cells || c._integers > c.Numbers || c.Trues > c.Booleans)
        {
            throw new FormatException($"Column '{state.Name}' has inconsistent counts ({c.Cells} cells, {c.Missing} missing, {present} present).");
        }

        c._moments = state.Moments.ToMoments(c.Numbers, state.Name, "moments");
        c._textLength = state.TextLength.ToMoments(c.StringValues, state.Name, "text lengths");
        c._vectorNorm = state.VectorNorm.ToMoments(c.Vectors, state.Name, "vector norms");
        if (c.Numbers > 0)
        {
            try
            {
                c._sketch = QuantileSketch.FromState(options.SketchAccuracy, state.SketchLevels ?? [], c.Numbers, c._moments.Min, c._moments.Max, state.SketchRandom);
            }
            catch (InvalidDataException e)
            {
                throw new FormatException($"Column '{state.Name}': {e.Message}", e);
            }
        }

        var registers = state.DistinctRegisters ?? throw new FormatException($"Column '{state.Name}' has no distinct-count sketch.");
        try
        {
            c.Distinct = HyperLogLog.FromRegisters(options.DistinctPrecision, registers);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Column '{state.Name}': {e.Message}", e);
        }

        foreach (var (key, count) in state.StringCounts ?? [])
        {
            c.Strings.Add(key, count);
        }

        c.Strings.SetUndercount(state.StringUndercount);
        c._numberCounts = null;
        c._dateCounts = null;
        if (state.NumberCounts is { } numbers)
        {
            c._numberCounts = new FrequentItems<double>(options.FrequentValueCapacity);
            foreach (var n in numbers)
            {
                c._numberCounts.Add(n.Value, n.Count);
            }
        }

        if (state.DateCounts is { } dates)
        {
            c._dateCounts = new FrequentItems<long>(options.FrequentValueCapacity);
            foreach (var d in dates)
            {
                c._dateCounts.Add(d.Ticks, d.Count);
            }
        }

        if (!c.NumberCountsDropped && (c._numberCounts is null || c._dateCounts is null))
        {
            throw new FormatException($"Column '{state.Name}' lacks its value counts.");
        }

#if NET9_0_OR_GREATER
        c._stringLookup = c.Strings.Table.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
        return c;
    }

    private static bool LooksLikeDate(ReadOnlySpan<char> value) => value.IndexOfAny('-', '/') > 0;
}
