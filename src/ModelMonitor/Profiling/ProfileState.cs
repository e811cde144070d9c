using ModelMonitor.Statistics;

namespace ModelMonitor.Profiling;

// The persisted form of a profile: everything Merge needs, so a profile loaded from JSON merges
// like the one that was saved. Internal: the JSON layout is versioned by ReferenceProfile.

internal sealed class ProfileState
{
    public int FormatVersion { get; set; }

    public ProfileOptionsState? Options { get; set; }

    public long Rows { get; set; }

    public List<ColumnState>? Columns { get; set; }

    public string? RowHashes { get; set; }

    public byte[]? RowHashSketch { get; set; }

    public long SampleSeen { get; set; }

    public int SampleRows { get; set; }

    public double[]? Sample { get; set; }

    public ulong SampleRandom { get; set; }

    public long InvalidRows { get; set; }

    public List<RowError>? RowErrors { get; set; }
}

internal sealed class ProfileOptionsState
{
    public int FrequentValueCapacity { get; set; }

    public int DistinctPrecision { get; set; }

    public int SketchAccuracy { get; set; }

    public int TopValueCount { get; set; }

    public int HistogramBins { get; set; }

    public int CategoricalMaxDistinct { get; set; }

    public int DuplicateRowCapacity { get; set; }

    public int CorrelationSampleSize { get; set; }

    public string? LabelColumn { get; set; }

    public ulong Seed { get; set; }

    public static ProfileOptionsState From(ProfileOptions o) => new()
    {
        FrequentValueCapacity = o.FrequentValueCapacity,
        DistinctPrecision = o.DistinctPrecision,
        SketchAccuracy = o.SketchAccuracy,
        TopValueCount = o.TopValueCount,
        HistogramBins = o.HistogramBins,
        CategoricalMaxDistinct = o.CategoricalMaxDistinct,
        DuplicateRowCapacity = o.DuplicateRowCapacity,
        CorrelationSampleSize = o.CorrelationSampleSize,
        LabelColumn = o.LabelColumn,
        Seed = o.Seed,
    };

    public ProfileOptions ToOptions() => new()
    {
        FrequentValueCapacity = FrequentValueCapacity,
        DistinctPrecision = DistinctPrecision,
        SketchAccuracy = SketchAccuracy,
        TopValueCount = TopValueCount,
        HistogramBins = HistogramBins,
        CategoricalMaxDistinct = CategoricalMaxDistinct,
        DuplicateRowCapacity = DuplicateRowCapacity,
        CorrelationSampleSize = CorrelationSampleSize,
        LabelColumn = LabelColumn,
        Seed = Seed,
    };
}

internal sealed class ColumnState
{
    public string? Name { get; set; }

    public long Cells { get; set; }

    public long Missing { get; set; }

    public long Numbers { get; set; }

    public long Integers { get; set; }

    public long Zeros { get; set; }

    public long Booleans { get; set; }

    public long Trues { get; set; }

    public long Dates { get; set; }

    public long Strings { get; set; }

    public long Vectors { get; set; }

    public int VectorDimension { get; set; }

    public long VectorMismatches { get; set; }

    public long MinDateTicks { get; set; }

    public long MaxDateTicks { get; set; }

    public MomentsState Moments { get; set; }

    public MomentsState TextLength { get; set; }

    public MomentsState VectorNorm { get; set; }

    public double[][]? SketchLevels { get; set; }

    public ulong SketchRandom { get; set; }

    public byte[]? DistinctRegisters { get; set; }

    public Dictionary<string, long>? StringCounts { get; set; }

    public long StringUndercount { get; set; }

    public List<NumberCount>? NumberCounts { get; set; }

    public List<DateCount>? DateCounts { get; set; }

    public bool NumberCountsDropped { get; set; }
}

internal readonly record struct NumberCount(double Value, long Count);

internal readonly record struct DateCount(long Ticks, long Count);

internal readonly record struct MomentsState(long Count, double Mean, double M2, double Min, double Max)
{
    public static MomentsState From(RunningMoments m) =>
        m.Count == 0 ? default : new MomentsState(m.Count, m.Mean, m.SumOfSquaredDeviations, m.Min, m.Max);

    public RunningMoments ToMoments(long expectedCount, string? column, string what)
    {
        if (Count != expectedCount || (Count > 0 && (!double.IsFinite(Mean) || !(M2 >= 0) || !(Min <= Max))))
        {
            throw new FormatException($"Column '{column}' has corrupted {what} (count {Count}, expected {expectedCount}).");
        }

        // The moments are kept about their own mean: shift = mean, offset 0.
        return Count == 0 ? default : RunningMoments.FromState(Count, shift: Mean, mean: 0, M2, Min, Max);
    }
}
