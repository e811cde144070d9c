using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>Everything a rolling monitor keeps for one cohort; every member is guarded by <see cref="Gate"/>.</summary>
internal sealed class CohortState
{
    // Sketch updates are batched: sorting a batch once (radix passes) and merging it into the
    // all-time and the bucket sketch costs a fraction of two sketches sorting every value apart.
    private const int SketchBatch = 256;

    private readonly int _classCount;
    private readonly bool _trackClassScores;
    private readonly int _sketchAccuracy;
    private readonly long _bucketTicks;
    private readonly long _latenessTicks;
    private readonly int[]? _classRing;
    private readonly long[]? _classWindowCounts;
    private readonly ExponentialMovingAverage[] _classEwma;
    private ExponentialMovingAverage _confidenceEwma;
    private int _classRingNext;
    private int _classRingCount;
    private readonly double[] _pendingConfidence = new double[SketchBatch];
    private readonly double[][] _pendingClassScores;
    private readonly ulong[] _sortKeys = new ulong[SketchBatch];
    private readonly ulong[] _sortBuffer = new ulong[SketchBatch];
    private WindowAggregate? _pendingBucket;
    private int _pendingCount;
    private WindowAggregate? _lastBucket;
    private long _lastBucketStart = long.MaxValue;
    private long _lastBucketEnd = long.MinValue;

    public CohortState(string key, RollingStatisticsOptions options)
    {
        Key = key;
        _classCount = options.ClassCount;
        _trackClassScores = options.TrackClassScores;
        _sketchAccuracy = options.SketchAccuracy;
        AllTime = new WindowAggregate(_classCount, _trackClassScores, _sketchAccuracy);
        _confidenceEwma = new ExponentialMovingAverage(options.EffectiveEwmaAlpha);
        _classEwma = new ExponentialMovingAverage[_trackClassScores ? _classCount : 0];
        _pendingClassScores = new double[_classEwma.Length][];
        for (var c = 0; c < _pendingClassScores.Length; c++)
        {
            _pendingClassScores[c] = new double[SketchBatch];
        }

        for (var c = 0; c < _classEwma.Length; c++)
        {
            _classEwma[c] = new ExponentialMovingAverage(options.EffectiveEwmaAlpha);
        }

        if (options.CountWindowSize > 0)
        {
            ConfidenceWindow = new CountWindow(options.CountWindowSize);
            ClassScoreWindows = new CountWindow[_classEwma.Length];
            for (var c = 0; c < ClassScoreWindows.Length; c++)
            {
                ClassScoreWindows[c] = new CountWindow(options.CountWindowSize);
            }

            _classRing = new int[options.CountWindowSize];
            _classWindowCounts = new long[_classCount];
        }

        if (options.TimeWindow > TimeSpan.Zero)
        {
            BucketsPerWindow = options.TimeWindowBuckets;
            _bucketTicks = options.TimeWindow.Ticks / options.TimeWindowBuckets;
            _latenessTicks = (options.AllowedLateness ?? options.TimeWindow).Ticks;
            // Two windows (current and previous) and one bucket of slack for clock skew.
            Buckets = new WindowAggregate?[(2 * options.TimeWindowBuckets) + 1];
        }
    }

#if NET9_0_OR_GREATER
    public Lock Gate { get; } = new();
#else
    public object Gate { get; } = new();
#endif

    public string Key { get; }

    public long Late { get; private set; }

    public long WatermarkTicks { get; private set; } = long.MinValue;

    public WindowAggregate AllTime { get; }

    public CountWindow? ConfidenceWindow { get; }

    public CountWindow[] ClassScoreWindows { get; } = [];

    public WindowAggregate?[]? Buckets { get; }

    public int BucketsPerWindow { get; }

    public long BucketTicks => _bucketTicks;

    public double ConfidenceEwma => _confidenceEwma.Value;

    public ReadOnlySpan<ExponentialMovingAverage> ClassEwma => _classEwma;

    public ReadOnlySpan<long> ClassWindowCounts => _classWindowCounts;

    public int ClassWindowTotal => _classRingCount;

    /// <summary>Observes a validated record. The caller holds <see cref="Gate"/>.</summary>
    public void Observe(long ticks, double confidence, ReadOnlySpan<double> classScores, int predictedClass)
    {
        AllTime.AddMoments(confidence, classScores, predictedClass);
        _confidenceEwma.Update(confidence);
        for (var c = 0; c < _classEwma.Length; c++)
        {
            _classEwma[c].Update(classScores[c]);
        }

        if (ConfidenceWindow is not null)
        {
            ConfidenceWindow.Add(confidence);
            for (var c = 0; c < ClassScoreWindows.Length; c++)
            {
                ClassScoreWindows[c].Add(classScores[c]);
            }

            AddToClassWindow(predictedClass);
        }

        WindowAggregate? bucket = null;
        if (Buckets is not null)
        {
            bucket = BucketFor(ticks);
            if (bucket is null)
            {
                // Late: all-time only, one value at a time (rare).
                AllTime.AddToSketches(confidence, classScores);
                return;
            }

            bucket.AddMoments(confidence, classScores, predictedClass);
        }

        if (_pendingCount == SketchBatch || !ReferenceEquals(bucket, _pendingBucket))
        {
            FlushPending();
        }

        _pendingBucket = bucket;
        _pendingConfidence[_pendingCount] = confidence;
        for (var c = 0; c < _pendingClassScores.Length; c++)
        {
            _pendingClassScores[c][_pendingCount] = classScores[c];
        }

        _pendingCount++;
    }

    /// <summary>Feeds the batched values to the sketches. The caller holds <see cref="Gate"/>; snapshots and merges call it first.</summary>
    public void FlushPending()
    {
        if (_pendingCount == 0)
        {
            return;
        }

        var confidence = _pendingConfidence.AsSpan(0, _pendingCount);
        RadixSort.Sort(confidence, _sortKeys, _sortBuffer);
        AllTime.ConfidenceSketch.AddSorted(confidence);
        _pendingBucket?.ConfidenceSketch.AddSorted(confidence);
        for (var c = 0; c < _pendingClassScores.Length; c++)
        {
            var scores = _pendingClassScores[c].AsSpan(0, _pendingCount);
            RadixSort.Sort(scores, _sortKeys, _sortBuffer);
            AllTime.ClassScoreSketches[c].AddSorted(scores);
            _pendingBucket?.ClassScoreSketches[c].AddSorted(scores);
        }

        _pendingCount = 0;
        _pendingBucket = null;
    }

    /// <summary>Adds a bucket another monitor holds. The caller holds <see cref="Gate"/>.</summary>
    public void MergeBucket(WindowAggregate bucket)
    {
        FlushPending();
        _lastBucket = null;
        _lastBucketStart = long.MaxValue;
        _lastBucketEnd = long.MinValue;
        var slot = (int)(bucket.Index % Buckets!.Length);
        var mine = Buckets[slot];
        if (mine is null || mine.Index < bucket.Index)
        {
            mine ??= new WindowAggregate(_classCount, _trackClassScores, _sketchAccuracy);
            mine.Reset(bucket.Index);
            Buckets[slot] = mine;
        }
        else if (mine.Index > bucket.Index)
        {
            Late += bucket.Count;
            return;
        }

        mine.Merge(bucket);
        WatermarkTicks = Math.Max(WatermarkTicks, (bucket.Index + 1) * _bucketTicks - 1);
    }

    public void AddLate(long count) => Late += count;

    /// <summary>Merges the buckets with indices in [first, last] into a new aggregate. The caller holds <see cref="Gate"/>.</summary>
    public WindowAggregate MergeBuckets(long first, long last)
    {
        var merged = new WindowAggregate(_classCount, _trackClassScores, _sketchAccuracy);
        foreach (var bucket in Buckets!)
        {
            if (bucket is not null && bucket.Index >= first && bucket.Index <= last)
            {
                merged.Merge(bucket);
            }
        }

        return merged;
    }

    private WindowAggregate? BucketFor(long ticks)
    {
        if (ticks > WatermarkTicks)
        {
            WatermarkTicks = ticks;
        }
        else if (ticks < WatermarkTicks - _latenessTicks)
        {
            Late++;
            return null;
        }

        // Consecutive records mostly fall in the bucket of the previous one: skip the divisions.
        if (ticks >= _lastBucketStart && ticks < _lastBucketEnd)
        {
            return _lastBucket;
        }

        var index = ticks / _bucketTicks;
        var slot = (int)(index % Buckets!.Length);
        var bucket = Buckets[slot];
        if (bucket is null)
        {
            bucket = new WindowAggregate(_classCount, _trackClassScores, _sketchAccuracy);
            bucket.Reset(index);
            Buckets[slot] = bucket;
        }
        else if (bucket.Index != index)
        {
            if (bucket.Index > index)
            {
                Late++;
                return null;
            }

            if (ReferenceEquals(bucket, _pendingBucket))
            {
                FlushPending();
            }

            bucket.Reset(index);
        }

        _lastBucket = bucket;
        _lastBucketStart = index * _bucketTicks;
        _lastBucketEnd = _lastBucketStart + _bucketTicks;
        return bucket;
    }

    /// <summary>The stream-order state (count windows, moving averages, watermark), oldest values first. The caller holds <see cref="Gate"/>.</summary>
    public StreamStateRecord ExportStream()
    {
        var confidence = new double[ConfidenceWindow?.Count ?? 0];
        ConfidenceWindow?.CopyTo(confidence);
        var classScores = new double[ClassScoreWindows.Length][];
        for (var c = 0; c < classScores.Length; c++)
        {
            classScores[c] = new double[ClassScoreWindows[c].Count];
            ClassScoreWindows[c].CopyTo(classScores[c]);
        }

        var predicted = new int[_classRingCount];
        if (_classRing is { } ring)
        {
            // Oldest first: once full, the oldest sits at the next write position.
            var start = _classRingCount == ring.Length ? _classRingNext : 0;
            for (var i = 0; i < predicted.Length; i++)
            {
                predicted[i] = ring[(start + i) % ring.Length];
            }
        }

        return new StreamStateRecord
        {
            ConfidenceWindow = confidence,
            ClassScoreWindows = classScores,
            PredictedClasses = predicted,
            ConfidenceEwma = new EwmaRecord(_confidenceEwma.Value, _confidenceEwma.Count),
            ClassEwma = [.. _classEwma.Select(e => new EwmaRecord(e.Value, e.Count))],
            Watermark = WatermarkTicks,
        };
    }

    /// <summary>Checks a stored stream state against this cohort's shape, before anything changes.</summary>
    /// <exception cref="InvalidDataException">The state does not fit.</exception>
    public void CheckStream(StreamStateRecord stream)
    {
        var capacity = ConfidenceWindow?.Capacity ?? 0;
        if (stream.ConfidenceWindow is null || stream.ClassScoreWindows is null || stream.PredictedClasses is null || stream.ConfidenceEwma is null || stream.ClassEwma is null
            || stream.ConfidenceWindow.Length > capacity || stream.PredictedClasses.Length > capacity
            || stream.ClassScoreWindows.Count != ClassScoreWindows.Length || stream.ClassScoreWindows.Any(w => w is null || w.Length > capacity)
            || stream.ClassEwma.Count != _classEwma.Length || stream.ClassEwma.Any(e => e is null || e.Count < 0) || stream.ConfidenceEwma.Count < 0
            || stream.PredictedClasses.Any(c => c < 0 || c >= _classCount)
            || !stream.ConfidenceWindow.All(double.IsFinite) || !stream.ClassScoreWindows.All(w => w.All(double.IsFinite)))
        {
            throw new InvalidDataException($"The stored count windows or moving averages of cohort '{Key}' do not fit this monitor (window size {capacity}, {_classCount} classes).");
        }
    }

    /// <summary>Replaces the stream-order state with a stored one, checked by <see cref="CheckStream"/>. The caller holds <see cref="Gate"/>.</summary>
    public void RestoreStream(StreamStateRecord stream)
    {
        if (ConfidenceWindow is not null)
        {
            ConfidenceWindow.Clear();
            ConfidenceWindow.AddRange(stream.ConfidenceWindow);
            for (var c = 0; c < ClassScoreWindows.Length; c++)
            {
                ClassScoreWindows[c].Clear();
                ClassScoreWindows[c].AddRange(stream.ClassScoreWindows[c]);
            }

            Array.Clear(_classWindowCounts!);
            _classRingCount = 0;
            _classRingNext = 0;
            foreach (var predicted in stream.PredictedClasses)
            {
                AddToClassWindow(predicted);
            }
        }

        var alpha = _confidenceEwma.Alpha;
        _confidenceEwma = ExponentialMovingAverage.FromState(alpha, stream.ConfidenceEwma.Value, stream.ConfidenceEwma.Count);
        for (var c = 0; c < _classEwma.Length; c++)
        {
            _classEwma[c] = ExponentialMovingAverage.FromState(alpha, stream.ClassEwma[c].Value, stream.ClassEwma[c].Count);
        }

        WatermarkTicks = Math.Max(WatermarkTicks, stream.Watermark);
    }

    private void AddToClassWindow(int predictedClass)
    {
        var ring = _classRing!;
        if (_classRingCount == ring.Length)
        {
            _classWindowCounts![ring[_classRingNext]]--;
        }
        else
        {
            _classRingCount++;
        }

        ring[_classRingNext] = predictedClass;
        _classWindowCounts![predictedClass]++;
        if (++_classRingNext == ring.Length)
        {
            _classRingNext = 0;
        }
    }
}
