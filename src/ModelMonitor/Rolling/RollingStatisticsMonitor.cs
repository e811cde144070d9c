using System.Collections.Concurrent;
using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>
/// Rolling statistics of a model's confidence, class scores and predicted classes, per cohort and
/// overall, over a count window (the last N records of a cohort), a time window (bucketed, with the
/// previous window kept for comparison) and all time.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Observe"/> is thread-safe, O(1) amortised and allocation-free once a cohort's
/// buckets exist; records of different cohorts proceed in parallel (one lock per cohort).
/// Memory is bounded: at most <see cref="RollingStatisticsOptions.MaxCohorts"/> cohorts plus
/// the overflow cohort, each with fixed-size windows and sketches.
/// </para>
/// <para>
/// Invalid records are counted by <see cref="InvalidRecordReason"/> and touch no statistic;
/// <see cref="ObserveBatch"/> instead throws, naming the record and the field. Time windows follow
/// record timestamps (event time) and end, in a snapshot, at the <see cref="TimeProvider"/>'s
/// now; a record more than the allowed lateness behind its cohort's newest timestamp is counted
/// as late and left out of the time windows only.
/// </para>
/// </remarks>
public sealed partial class RollingStatisticsMonitor : IMonitor<RollingStatisticsSnapshot>, IMergeable<RollingStatisticsMonitor>
{
    /// <summary>The cohort of records that carry no cohort key.</summary>
    public const string DefaultCohort = "(default)";

    /// <summary>The cohort that receives records of new cohorts once the cohort cap is reached.</summary>
    public const string OverflowCohort = "(overflow)";

    /// <summary>The key of the merged, all-cohorts view.</summary>
    public const string OverallCohort = "(all)";

    private readonly RollingStatisticsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, CohortState> _cohorts = new(StringComparer.Ordinal);
    private readonly object _cohortGate = new();
    private readonly CohortState _overflow;
    private readonly InvalidRecordCounter _invalid = new();
    private readonly double[] _quantiles;
    private readonly string[] _classNames;
    private long _overflowRecords;

    /// <summary>Initializes a monitor.</summary>
    /// <param name="options">The options; validated and copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <param name="name">The monitor's name in pipelines and snapshots.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public RollingStatisticsMonitor(RollingStatisticsOptions options, TimeProvider? timeProvider = null, string name = "rolling-statistics")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options.Validate();
        _options = Copy(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Name = name;
        _quantiles = [.. _options.Quantiles];
        _classNames = _options.ClassNames is { } names ? [.. names] : [.. Enumerable.Range(0, _options.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        _overflow = new CohortState(OverflowCohort, _options);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the number of classes.</summary>
    public int ClassCount => _options.ClassCount;

    /// <summary>Gets the number of cohorts tracked, not counting the overflow cohort.</summary>
    public int CohortCount => _cohorts.Count;

    /// <inheritdoc />
    public void Observe(in PredictionRecord record)
    {
        if (!PredictionRecordValidator.TryValidate(record, _options.ClassCount, _options.MaxCohortKeyLength, out var reason))
        {
            _invalid.Increment(reason);
            return;
        }

        ObserveValid(record);
    }

    /// <summary>
    /// Observes records after checking all of them: when any is invalid, nothing is observed and
    /// an exception names the first invalid record and field.
    /// </summary>
    /// <param name="records">The records.</param>
    /// <exception cref="ArgumentException">A record is invalid.</exception>
    public void ObserveBatch(ReadOnlySpan<PredictionRecord> records)
    {
        for (var i = 0; i < records.Length; i++)
        {
            if (!PredictionRecordValidator.TryValidate(records[i], _options.ClassCount, _options.MaxCohortKeyLength, out var reason))
            {
                var detail = PredictionRecordValidator.Describe(records[i], reason, _options.ClassCount, _options.MaxCohortKeyLength);
                throw new ArgumentException($"records[{i}] is invalid ({reason}): {detail}", nameof(records));
            }
        }

        foreach (ref readonly var record in records)
        {
            ObserveValid(record);
        }
    }

    /// <summary>Gets how many records were rejected for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long InvalidCount(InvalidRecordReason reason) => _invalid.Count(reason);

    /// <inheritdoc />
    MonitorSnapshot IMonitor.Snapshot() => Snapshot();

    /// <summary>Creates a snapshot whose time windows end at the clock's now.</summary>
    /// <returns>The snapshot.</returns>
    public RollingStatisticsSnapshot Snapshot() => Snapshot(_timeProvider.GetUtcNow());

    /// <summary>Creates a snapshot whose time windows end at <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The end of the current time window.</param>
    /// <returns>The snapshot. Each cohort is read under its own lock, so records observed while it is built may appear in some cohorts only.</returns>
    public RollingStatisticsSnapshot Snapshot(DateTimeOffset asOf)
    {
        var states = _cohorts.Values.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (_overflow.AllTime.Count > 0)
        {
            states.Add(_overflow);
        }

        var captures = states.Select(s => Capture(s, asOf)).ToList();
        var overall = new CohortCapture(OverallCohort, _options);
        foreach (var capture in captures)
        {
            overall.MergeFrom(capture);
        }

        var windowStart = _options.TimeWindow > TimeSpan.Zero ? WindowStart(asOf, 0) : (DateTimeOffset?)null;
        return new RollingStatisticsSnapshot
        {
            MonitorName = Name,
            AsOf = asOf,
            ClassNames = _classNames,
            Windows = new WindowSettings
            {
                CountWindowSize = _options.CountWindowSize,
                TimeWindow = _options.TimeWindow,
                BucketWidth = _options.TimeWindow > TimeSpan.Zero ? TimeSpan.FromTicks(_options.TimeWindow.Ticks / _options.TimeWindowBuckets) : TimeSpan.Zero,
                CurrentWindowStart = windowStart,
                PreviousWindowStart = windowStart is null ? null : WindowStart(asOf, 1),
                EwmaAlpha = _options.EffectiveEwmaAlpha,
                SketchRankError = QuantileSketch.RankErrorBound(_options.SketchAccuracy),
            },
            ObservedRecords = captures.Sum(c => c.AllTime.Count),
            InvalidRecords = _invalid.ToCounts(),
            LateRecords = captures.Sum(c => c.Late),
            OverflowRecords = Interlocked.Read(ref _overflowRecords),
            Overall = overall.ToStatistics(_quantiles),
            Cohorts = [.. captures.Select(c => c.ToStatistics(_quantiles))],
        };
    }

    /// <summary>
    /// Adds what another monitor observed: all-time and time-window statistics, counters and
    /// cohorts merge exactly (quantiles within the sketch bound). Count windows and moving
    /// averages describe one stream's most recent records and are not merged: they keep this
    /// monitor's records.
    /// </summary>
    /// <param name="other">A monitor with the same class count, sketch accuracy and time windows.</param>
    /// <exception cref="ArgumentException">The monitors' configurations differ.</exception>
    public void Merge(RollingStatisticsMonitor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A monitor cannot be merged into itself.", nameof(other));
        }

        if (other._options.ClassCount != _options.ClassCount || other._options.SketchAccuracy != _options.SketchAccuracy
            || other._options.TimeWindow != _options.TimeWindow || other._options.TimeWindowBuckets != _options.TimeWindowBuckets
            || other._options.TrackClassScores != _options.TrackClassScores)
        {
            throw new ArgumentException("Monitors merge only with the same ClassCount, SketchAccuracy, TimeWindow, TimeWindowBuckets and TrackClassScores.", nameof(other));
        }

        _invalid.Add(other._invalid);

        Interlocked.Add(ref _overflowRecords, Interlocked.Read(ref other._overflowRecords));
        var sources = other._cohorts.Values.Append(other._overflow);
        foreach (var source in sources)
        {
            WindowAggregate allTime;
            List<WindowAggregate> buckets = [];
            long late;
            lock (source.Gate)
            {
                source.FlushPending();
                if (source.AllTime.Count == 0)
                {
                    continue;
                }

                allTime = source.AllTime.Clone();
                late = source.Late;
                if (source.Buckets is not null)
                {
                    buckets.AddRange(source.Buckets.Where(b => b is not null).Select(b => b!.Clone()));
                }
            }

            var target = ReferenceEquals(source, other._overflow) ? _overflow : GetCohort(source.Key, allTime.Count);
            lock (target.Gate)
            {
                target.FlushPending();
                target.AllTime.Merge(allTime);
                target.AddLate(late);
                foreach (var bucket in buckets)
                {
                    target.MergeBucket(bucket);
                }
            }
        }
    }

    private void ObserveValid(in PredictionRecord record)
    {
        var ticks = record.Timestamp == default ? _timeProvider.GetUtcNow().UtcTicks : record.Timestamp.UtcTicks;
        var scores = record.Scores.Span;
        Span<double> classScores = stackalloc double[_options.TrackClassScores ? _options.ClassCount : 0];
        double confidence;
        if (scores.Length == 1)
        {
            double p = scores[0];
            confidence = Math.Max(p, 1 - p);
            if (!classScores.IsEmpty)
            {
                classScores[0] = 1 - p;
                classScores[1] = p;
            }
        }
        else
        {
            confidence = scores[0];
            for (var c = 1; c < scores.Length; c++)
            {
                confidence = Math.Max(confidence, scores[c]);
            }

            for (var c = 0; c < classScores.Length; c++)
            {
                classScores[c] = scores[c];
            }
        }

        var state = GetCohort(record.Cohort ?? DefaultCohort, 1);
        lock (state.Gate)
        {
            state.Observe(ticks, confidence, classScores, record.PredictedClass);
        }
    }

    private CohortState GetCohort(string key, long records)
    {
        if (_cohorts.TryGetValue(key, out var state))
        {
            return state;
        }

        lock (_cohortGate)
        {
            if (_cohorts.TryGetValue(key, out state))
            {
                return state;
            }

            if (_cohorts.Count >= _options.MaxCohorts)
            {
                Interlocked.Add(ref _overflowRecords, records);
                return _overflow;
            }

            state = new CohortState(key, _options);
            _cohorts[key] = state;
            return state;
        }
    }

    private CohortCapture Capture(CohortState state, DateTimeOffset asOf)
    {
        var capture = new CohortCapture(state.Key, _options);
        lock (state.Gate)
        {
            state.FlushPending();
            capture.Late = state.Late;
            capture.AllTime.Merge(state.AllTime);
            if (state.ConfidenceWindow is { } window)
            {
                capture.ConfidenceWindow = Summaries.FromWindow(window, _quantiles);
                capture.ClassScoreWindows = [.. state.ClassScoreWindows.Select(w => Summaries.FromWindow(w, _quantiles))];
                capture.ClassWindowCounts = state.ClassWindowCounts.ToArray();
            }

            capture.ConfidenceEwma = state.ConfidenceEwma;
            capture.ClassEwma = [.. state.ClassEwma.ToArray().Select(e => e.Value)];
            if (state.Buckets is not null)
            {
                var last = asOf.UtcTicks / state.BucketTicks;
                var b = state.BucketsPerWindow;
                capture.Current = state.MergeBuckets(last - b + 1, last);
                capture.Previous = state.MergeBuckets(last - (2 * b) + 1, last - b);
            }
        }

        return capture;
    }

    private DateTimeOffset WindowStart(DateTimeOffset asOf, int windowsBack)
    {
        var width = _options.TimeWindow.Ticks / _options.TimeWindowBuckets;
        var last = asOf.UtcTicks / width;
        var first = last - ((long)(windowsBack + 1) * _options.TimeWindowBuckets) + 1;
        return new DateTimeOffset(first * width, TimeSpan.Zero);
    }

    private static RollingStatisticsOptions Copy(RollingStatisticsOptions o) => new()
    {
        ClassCount = o.ClassCount,
        ClassNames = o.ClassNames is null ? null : [.. o.ClassNames],
        CountWindowSize = o.CountWindowSize,
        TimeWindow = o.TimeWindow,
        TimeWindowBuckets = o.TimeWindowBuckets,
        AllowedLateness = o.AllowedLateness,
        Quantiles = [.. o.Quantiles],
        EwmaAlpha = o.EwmaAlpha,
        EwmaHalfLife = o.EwmaHalfLife,
        MaxCohorts = o.MaxCohorts,
        MaxCohortKeyLength = o.MaxCohortKeyLength,
        SketchAccuracy = o.SketchAccuracy,
        TrackClassScores = o.TrackClassScores,
    };
}
