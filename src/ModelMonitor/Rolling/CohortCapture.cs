using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>A copy of one cohort's state taken under its lock, turned into immutable statistics outside it.</summary>
internal sealed class CohortCapture(string key, RollingStatisticsOptions options)
{
    private readonly RollingStatisticsOptions _options = options;

    public string Key { get; } = key;

    public long Late { get; set; }

    public WindowAggregate AllTime { get; } = new(options.ClassCount, options.TrackClassScores, options.SketchAccuracy);

    public WindowAggregate? Current { get; set; }

    public WindowAggregate? Previous { get; set; }

    public SummaryStatistics? ConfidenceWindow { get; set; }

    public SummaryStatistics?[] ClassScoreWindows { get; set; } = [];

    public long[]? ClassWindowCounts { get; set; }

    public double? ConfidenceEwma { get; set; }

    public double[] ClassEwma { get; set; } = [];

    /// <summary>Adds the mergeable parts of another cohort (the overall view).</summary>
    public void MergeFrom(CohortCapture other)
    {
        Late += other.Late;
        AllTime.Merge(other.AllTime);
        if (other.Current is not null)
        {
            Current ??= new WindowAggregate(_options.ClassCount, _options.TrackClassScores, _options.SketchAccuracy);
            Current.Merge(other.Current);
        }

        if (other.Previous is not null)
        {
            Previous ??= new WindowAggregate(_options.ClassCount, _options.TrackClassScores, _options.SketchAccuracy);
            Previous.Merge(other.Previous);
        }
    }

    public CohortStatistics ToStatistics(double[] quantiles)
    {
        var classScores = new SeriesStatistics[_options.TrackClassScores ? _options.ClassCount : 0];
        for (var c = 0; c < classScores.Length; c++)
        {
            classScores[c] = new SeriesStatistics
            {
                AllTime = Summaries.FromMoments(AllTime.ClassScores[c], AllTime.ClassScoreSketches[c], quantiles),
                CountWindow = c < ClassScoreWindows.Length ? ClassScoreWindows[c] : null,
                TimeWindow = Current is null ? null : Summaries.FromMoments(Current.ClassScores[c], Current.ClassScoreSketches[c], quantiles),
                PreviousTimeWindow = Previous is null ? null : Summaries.FromMoments(Previous.ClassScores[c], Previous.ClassScoreSketches[c], quantiles),
                Ewma = c < ClassEwma.Length ? Finite(ClassEwma[c]) : null,
            };
        }

        return new CohortStatistics
        {
            Cohort = Key,
            Count = AllTime.Count,
            LateRecords = Late,
            Confidence = new SeriesStatistics
            {
                AllTime = Summaries.FromMoments(AllTime.Confidence, AllTime.ConfidenceSketch, quantiles),
                CountWindow = ConfidenceWindow,
                TimeWindow = Current is null ? null : Summaries.FromMoments(Current.Confidence, Current.ConfidenceSketch, quantiles),
                PreviousTimeWindow = Previous is null ? null : Summaries.FromMoments(Previous.Confidence, Previous.ConfidenceSketch, quantiles),
                Ewma = ConfidenceEwma is { } e ? Finite(e) : null,
            },
            ClassScores = classScores,
            PredictedClasses = new ClassFrequencyStatistics
            {
                AllTime = Summaries.Frequencies(AllTime.ClassCounts),
                CountWindow = ClassWindowCounts is null ? null : Summaries.Frequencies(ClassWindowCounts),
                TimeWindow = Current is null ? null : Summaries.Frequencies(Current.ClassCounts),
                PreviousTimeWindow = Previous is null ? null : Summaries.Frequencies(Previous.ClassCounts),
            },
            Trend = Current is null || Previous is null ? null : Trend(Current, Previous, AllTime),
        };
    }

    private static CohortTrend Trend(WindowAggregate current, WindowAggregate previous, WindowAggregate allTime)
    {
        var vsPrevious = new ShareShift[current.ClassCounts.Length];
        var vsAllTime = new ShareShift[current.ClassCounts.Length];
        for (var c = 0; c < vsPrevious.Length; c++)
        {
            vsPrevious[c] = ShareShift.Compare(c, current.ClassCounts[c], current.Count, previous.ClassCounts[c], previous.Count);
            vsAllTime[c] = ShareShift.Compare(c, current.ClassCounts[c], current.Count, allTime.ClassCounts[c], allTime.Count);
        }

        return new CohortTrend
        {
            ConfidenceVsPreviousWindow = Shift(current.Confidence, previous.Confidence),
            ConfidenceVsAllTime = Shift(current.Confidence, allTime.Confidence),
            ClassSharesVsPreviousWindow = vsPrevious,
            ClassSharesVsAllTime = vsAllTime,
        };
    }

    private static MeanShift? Shift(in RunningMoments current, in RunningMoments reference) =>
        current.Count == 0 || reference.Count == 0
            ? null
            : MeanShift.Compare(current.Count, current.Mean, current.SampleVariance, reference.Count, reference.Mean, reference.SampleVariance);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>Builds the immutable summaries from the mutable primitives; the one place that maps NaN to "absent".</summary>
internal static class Summaries
{
    public static SummaryStatistics? FromMoments(in RunningMoments moments, QuantileSketch sketch, double[] quantiles)
    {
        if (moments.Count == 0)
        {
            return null;
        }

        var values = new double[quantiles.Length];
        sketch.Quantiles(quantiles, values);
        return new SummaryStatistics
        {
            Count = moments.Count,
            Mean = moments.Mean,
            PopulationVariance = moments.PopulationVariance,
            SampleVariance = moments.Count >= 2 ? moments.SampleVariance : null,
            Min = moments.Min,
            Max = moments.Max,
            Quantiles = Pair(quantiles, values),
            QuantilesAreExact = false,
        };
    }

    public static SummaryStatistics? FromWindow(CountWindow window, double[] quantiles)
    {
        if (window.Count == 0)
        {
            return null;
        }

        var sorted = window.SortedValues();
        var values = new double[quantiles.Length];
        for (var i = 0; i < quantiles.Length; i++)
        {
            values[i] = QuantileInterpolation.Linear(sorted, quantiles[i]);
        }

        return new SummaryStatistics
        {
            Count = window.Count,
            Mean = window.Mean,
            PopulationVariance = window.PopulationVariance,
            SampleVariance = window.Count >= 2 ? window.SampleVariance : null,
            Min = sorted[0],
            Max = sorted[^1],
            Quantiles = Pair(quantiles, values),
            QuantilesAreExact = true,
        };
    }

    public static ClassFrequencies Frequencies(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var shares = new double[counts.Length];
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = total == 0 ? 0 : (double)counts[i] / total;
        }

        return new ClassFrequencies { Total = total, Counts = counts.ToArray(), Shares = shares };
    }

    private static QuantileValue[] Pair(double[] probabilities, double[] values)
    {
        var pairs = new QuantileValue[probabilities.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new QuantileValue(probabilities[i], values[i]);
        }

        return pairs;
    }
}
