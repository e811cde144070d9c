using System.Text.Json;
using ModelMonitor.Serialization;
using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>Checkpoints: the mergeable state of a rolling monitor, written to and merged from a stream.</summary>
public sealed partial class RollingStatisticsMonitor
{
    /// <summary>
    /// Writes the monitor's mergeable state as JSON: per cohort, the all-time and time-bucket
    /// statistics (moments, sketches, class counts), late, overflow and invalid counts; and the
    /// stream-order state (count windows, moving averages, watermark), which only
    /// <see cref="RestoreState"/> reads back, since two streams' latest records do not merge.
    /// </summary>
    /// <param name="destination">The stream to write to.</param>
    /// <remarks>Each cohort is read under its own lock; records observed meanwhile may be in some cohorts only.</remarks>
    public void WriteState(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        List<CohortStateRecord> cohorts = [];
        foreach (var state in _cohorts.Values.Append(_overflow))
        {
            lock (state.Gate)
            {
                state.FlushPending();
                if (state.AllTime.Count == 0)
                {
                    continue;
                }

                cohorts.Add(new CohortStateRecord
                {
                    Key = state.Key,
                    IsOverflow = ReferenceEquals(state, _overflow),
                    Late = state.Late,
                    AllTime = AggregateRecord.From(state.AllTime),
                    Buckets = state.Buckets is null ? [] : [.. state.Buckets.Where(b => b is { Count: > 0 }).Select(b => AggregateRecord.From(b!))],
                    Stream = state.ExportStream(),
                });
            }
        }

        var record = new RollingStateRecord
        {
            ClassCount = _options.ClassCount,
            SketchAccuracy = _options.SketchAccuracy,
            TimeWindowTicks = _options.TimeWindow.Ticks,
            TimeWindowBuckets = _options.TimeWindowBuckets,
            TrackClassScores = _options.TrackClassScores,
            CountWindowSize = _options.CountWindowSize,
            EwmaAlpha = _options.EffectiveEwmaAlpha,
            Invalid = [.. Enumerable.Range(0, PredictionRecordValidator.ReasonCount).Select(r => _invalid.Count((InvalidRecordReason)r))],
            OverflowRecords = Interlocked.Read(ref _overflowRecords),
            Cohorts = cohorts,
        };
        JsonSerializer.Serialize(destination, record, ModelMonitorJsonContext.Default.RollingStateRecord);
    }

    /// <summary>
    /// Adds the state another monitor wrote with <see cref="WriteState"/> (another process, or this
    /// one before a restart): the result is what one monitor fed both streams would hold, within
    /// the sketches' rank error, as <see cref="Merge"/> gives.
    /// </summary>
    /// <param name="source">The stream to read.</param>
    /// <exception cref="InvalidDataException">The stream is not a state, is damaged, or was written with another class count, sketch accuracy or time window. Nothing is merged.</exception>
    public void MergeState(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _ = MergeState(source, restoreStream: false);
    }

    /// <summary>
    /// Restores the state this monitor's predecessor wrote with <see cref="WriteState"/> before a
    /// restart: what <see cref="MergeState(Stream)"/> merges, plus each cohort's count windows,
    /// moving averages and watermark, so the monitor goes on as if it had never stopped. A cohort
    /// that has already observed records since the restart keeps its own stream-order state.
    /// </summary>
    /// <param name="source">The stream to read.</param>
    /// <returns>
    /// <see langword="true"/> when the stream-order state was restored too; <see langword="false"/>
    /// when only the mergeable state was, because the state predates stream-order state or was
    /// written with another count window size or moving-average factor.
    /// </returns>
    /// <exception cref="InvalidDataException">The stream is not a state, is damaged, or was written with another class count, sketch accuracy or time window. Nothing is restored.</exception>
    public bool RestoreState(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return MergeState(source, restoreStream: true);
    }

    private bool MergeState(Stream source, bool restoreStream)
    {
        RollingStateRecord record;
        try
        {
            record = JsonSerializer.Deserialize(source, ModelMonitorJsonContext.Default.RollingStateRecord)
                ?? throw new InvalidDataException("The state is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The state is not valid JSON of a rolling monitor: {e.Message}", e);
        }

        if (record.FormatVersion > RollingStateRecord.CurrentFormatVersion)
        {
            throw new InvalidDataException($"The state has format version {record.FormatVersion}; this library reads up to {RollingStateRecord.CurrentFormatVersion}.");
        }

        if (record.ClassCount != _options.ClassCount || record.SketchAccuracy != _options.SketchAccuracy || record.TimeWindowTicks != _options.TimeWindow.Ticks
            || record.TimeWindowBuckets != _options.TimeWindowBuckets || record.TrackClassScores != _options.TrackClassScores)
        {
            throw new InvalidDataException(
                $"The state was written with ClassCount {record.ClassCount}, SketchAccuracy {record.SketchAccuracy}, TimeWindow {TimeSpan.FromTicks(record.TimeWindowTicks)}, TimeWindowBuckets {record.TimeWindowBuckets}, TrackClassScores {record.TrackClassScores}; "
                + $"this monitor has {_options.ClassCount}, {_options.SketchAccuracy}, {_options.TimeWindow}, {_options.TimeWindowBuckets}, {_options.TrackClassScores}.");
        }

        if (record.Invalid.Count != PredictionRecordValidator.ReasonCount || record.Invalid.Any(c => c < 0) || record.OverflowRecords < 0)
        {
            throw new InvalidDataException("The state's invalid or overflow counts are damaged.");
        }

        // Rebuild everything first, so that a damaged state merges nothing.
        if (record.Cohorts.Any(c => c is null || c.Key is null || c.AllTime is null || c.Buckets is null || c.Late < 0))
        {
            throw new InvalidDataException("A stored cohort is damaged.");
        }

        // Stream-order state is only meaningful with the same window size and smoothing; otherwise the mergeable part is still restored.
        var withStream = restoreStream && record.CountWindowSize == _options.CountWindowSize && record.EwmaAlpha == _options.EffectiveEwmaAlpha
            && record.Cohorts.All(c => c.Stream is not null);
        List<(CohortStateRecord Cohort, WindowAggregate AllTime, List<WindowAggregate> Buckets)> restored;
        try
        {
            restored = [.. record.Cohorts.Select(c => (c, c.AllTime.ToAggregate(_options, isBucket: false), c.Buckets.Select(b => b.ToAggregate(_options, isBucket: true)).ToList()))];
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or OverflowException)
        {
            // JSON null where a list or record belongs, or a value the statistics reject: the file is damaged.
            throw new InvalidDataException($"The state is damaged: {e.Message}", e);
        }

        if (withStream)
        {
            // A scratch cohort of this monitor's shape checks every stored stream before anything changes.
            var probe = new CohortState(DefaultCohort, _options);
            foreach (var cohort in record.Cohorts)
            {
                probe.CheckStream(cohort.Stream!);
            }
        }

        for (var r = 0; r < PredictionRecordValidator.ReasonCount; r++)
        {
            _invalid.Add((InvalidRecordReason)r, record.Invalid[r]);
        }

        Interlocked.Add(ref _overflowRecords, record.OverflowRecords);
        foreach (var (cohort, allTime, buckets) in restored)
        {
            var target = cohort.IsOverflow ? _overflow : GetCohort(cohort.Key, allTime.Count);
            lock (target.Gate)
            {
                target.FlushPending();
                if (withStream && target.AllTime.Count == 0)
                {
                    target.RestoreStream(cohort.Stream!);
                }

                target.AllTime.Merge(allTime);
                target.AddLate(cohort.Late);
                if (target.Buckets is not null)
                {
                    foreach (var bucket in buckets)
                    {
                        target.MergeBucket(bucket);
                    }
                }
            }
        }

        return withStream;
    }
}

/// <summary>The persisted shape of a rolling monitor's mergeable state.</summary>
internal sealed record RollingStateRecord
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required int ClassCount { get; init; }

    public required int SketchAccuracy { get; init; }

    public required long TimeWindowTicks { get; init; }

    public required int TimeWindowBuckets { get; init; }

    public required bool TrackClassScores { get; init; }

    /// <summary>Gets the count window size the stream-order state was kept with; absent in states written before it was.</summary>
    public int? CountWindowSize { get; init; }

    /// <summary>Gets the moving averages' smoothing factor; absent in states written before it was.</summary>
    public double? EwmaAlpha { get; init; }

    public required IReadOnlyList<long> Invalid { get; init; }

    public required long OverflowRecords { get; init; }

    public required IReadOnlyList<CohortStateRecord> Cohorts { get; init; }
}

internal sealed record CohortStateRecord
{
    public required string Key { get; init; }

    public bool IsOverflow { get; init; }

    public required long Late { get; init; }

    public required AggregateRecord AllTime { get; init; }

    public required IReadOnlyList<AggregateRecord> Buckets { get; init; }

    public StreamStateRecord? Stream { get; init; }
}

/// <summary>The stream-order state of one cohort, oldest values first: restored after a restart, never merged.</summary>
internal sealed record StreamStateRecord
{
    public required double[] ConfidenceWindow { get; init; }

    public required IReadOnlyList<double[]> ClassScoreWindows { get; init; }

    public required int[] PredictedClasses { get; init; }

    public required EwmaRecord ConfidenceEwma { get; init; }

    public required IReadOnlyList<EwmaRecord> ClassEwma { get; init; }

    public required long Watermark { get; init; }
}

internal sealed record EwmaRecord(double Value, long Count);

internal sealed record AggregateRecord
{
    public long Index { get; init; }

    public required MomentsRecord Confidence { get; init; }

    public required SketchRecord ConfidenceSketch { get; init; }

    public required IReadOnlyList<long> ClassCounts { get; init; }

    public required IReadOnlyList<MomentsRecord> ClassScores { get; init; }

    public required IReadOnlyList<SketchRecord> ClassScoreSketches { get; init; }

    public static AggregateRecord From(WindowAggregate aggregate) => new()
    {
        Index = aggregate.Index,
        Confidence = MomentsRecord.From(aggregate.Confidence),
        ConfidenceSketch = SketchRecord.From(aggregate.ConfidenceSketch),
        ClassCounts = aggregate.ClassCounts.ToArray(),
        ClassScores = [.. aggregate.ClassScores.ToArray().Select(m => MomentsRecord.From(m))],
        ClassScoreSketches = [.. aggregate.ClassScoreSketches.Select(SketchRecord.From)],
    };

    public WindowAggregate ToAggregate(RollingStatisticsOptions options, bool isBucket)
    {
        var classScores = options.TrackClassScores ? options.ClassCount : 0;
        if (ClassCounts.Count != options.ClassCount || ClassScores.Count != classScores || ClassScoreSketches.Count != classScores || ClassCounts.Any(c => c < 0) || (isBucket && Index < 0))
        {
            throw new InvalidDataException($"A stored window holds {ClassCounts.Count} class counts and {ClassScores.Count} class-score series; the monitor has {options.ClassCount} classes.");
        }

        var confidence = Confidence.ToMoments();
        if (ClassCounts.Sum() != confidence.Count || ConfidenceSketch.Count != confidence.Count)
        {
            throw new InvalidDataException($"A stored window's class counts add up to {ClassCounts.Sum()} and its sketch holds {ConfidenceSketch.Count} values, but it counts {confidence.Count} records.");
        }

        return WindowAggregate.FromState(
            options.ClassCount,
            options.TrackClassScores,
            options.SketchAccuracy,
            Index,
            confidence,
            ConfidenceSketch.ToSketch(options.SketchAccuracy),
            [.. ClassCounts],
            [.. ClassScores.Select(m => m.ToMoments())],
            [.. ClassScoreSketches.Select(s => s.ToSketch(options.SketchAccuracy))]);
    }
}

internal sealed record MomentsRecord(long Count, double Shift, double Mean, double M2, double Min, double Max)
{
    public static MomentsRecord From(in RunningMoments moments)
    {
        var (count, shift, mean, m2, min, max) = moments.ExportState();
        return new MomentsRecord(count, shift, mean, m2, min, max);
    }

    public RunningMoments ToMoments() => RunningMoments.FromState(Count, Shift, Mean, M2, Min, Max);
}

internal sealed record SketchRecord(long Count, double Min, double Max, ulong Random, IReadOnlyList<double[]> Levels)
{
    public static SketchRecord From(QuantileSketch sketch) => new(sketch.Count, sketch.Min, sketch.Max, sketch.RandomState, sketch.ExportLevels());

    public QuantileSketch ToSketch(int accuracy) => QuantileSketch.FromState(accuracy, [.. Levels], Count, Min, Max, Random);
}
