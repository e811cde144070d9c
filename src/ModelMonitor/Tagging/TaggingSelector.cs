using System.Runtime.InteropServices;

using ModelMonitor.Thresholds;

namespace ModelMonitor.Tagging;

/// <summary>
/// A streaming selector of samples to label: it keeps, in bounded memory, the <c>budget</c> best
/// records of an unbounded stream by one <see cref="TaggingCriterion"/>.
/// </summary>
/// <remarks>
/// <para>
/// Ranked criteria keep a fixed-size heap of at most <c>budget</c> candidates. Ties are broken
/// deterministically: by score, then by arrival order (the earlier record wins). A record that
/// does not beat the heap's worst candidate is rejected without allocation and, once the heap is
/// full, usually without taking the lock. <see cref="TaggingCriterion.Random"/> keeps a seeded
/// uniform reservoir sample instead (Algorithm R), reported in arrival order.
/// </para>
/// <para>
/// <see cref="Observe"/> is thread-safe (one lock per selector) and O(log budget). Invalid records
/// are counted by <see cref="InvalidRecordReason"/>; valid records without a
/// <see cref="PredictionRecord.SampleId"/> are counted and skipped, since the identifier is what a
/// labeller needs. Identifiers and cohort keys are kept by reference, not copied.
/// </para>
/// <para>
/// A single binary score p stands for the class scores (1 - p, p); a binary threshold t stands for
/// the per-class thresholds (1 - t, t) (see <see cref="BinaryThresholds"/>).
/// </para>
/// </remarks>
public sealed class TaggingSelector : IMonitor<TaggingSnapshot>
{
    private readonly int _classCount;
    private readonly int _budget;
    private readonly double[]? _thresholds;
    private readonly double _delta;
    private readonly bool[]? _classMask;
    private readonly Random? _random;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly InvalidRecordCounter _invalid = new();
    private Entry[] _entries;
    private int _count;
    private long _arrivals;
    private long _observed;
    private long _missingId;

    // The worst kept priority once the heap is full; -infinity before. It only grows, so a stale
    // read is conservative and the locked check decides.
    private double _worst = double.NegativeInfinity;

    private TaggingSelector(TaggingCriterion criterion, int classCount, int budget, double[]? thresholds, double delta, bool[]? classMask, int? seed, string name, TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Criterion = criterion;
        _classCount = classCount;
        _budget = budget;
        _thresholds = thresholds;
        _delta = delta;
        _classMask = classMask;
        _random = seed is { } s ? new Random(s) : null;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Name = name;
        _entries = new Entry[Math.Min(budget, 256)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the criterion.</summary>
    public TaggingCriterion Criterion { get; }

    /// <summary>Gets the most samples the selector keeps.</summary>
    public int Budget => _budget;

    /// <summary>Gets the number of classes.</summary>
    public int ClassCount => _classCount;

    /// <summary>Gets the number of valid records observed.</summary>
    public long ObservedRecords => Interlocked.Read(ref _observed);

    /// <summary>Gets the number of valid records skipped because they had no sample identifier.</summary>
    public long MissingSampleId => Interlocked.Read(ref _missingId);

    /// <summary>Gets the number of samples kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Creates a selector of the least confident predictions (lowest largest class score).</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector LeastConfident(int classCount, int budget, string name = "least-confident", TimeProvider? timeProvider = null)
        => Create(TaggingCriterion.LeastConfident, classCount, budget, name, timeProvider);

    /// <summary>Creates a selector of the smallest margins between the top two class scores.</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector SmallestMargin(int classCount, int budget, string name = "smallest-margin", TimeProvider? timeProvider = null)
        => Create(TaggingCriterion.SmallestMargin, classCount, budget, name, timeProvider);

    /// <summary>Creates a selector of the highest entropies of the class scores.</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector HighestEntropy(int classCount, int budget, string name = "highest-entropy", TimeProvider? timeProvider = null)
        => Create(TaggingCriterion.HighestEntropy, classCount, budget, name, timeProvider);

    /// <summary>Creates a selector of the most confident predictions (negative-sample mining), optionally of chosen predicted classes only.</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="classes">The predicted classes to consider; <see langword="null"/> for all.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector HighConfidence(int classCount, int budget, IReadOnlyList<int>? classes = null, string name = "high-confidence", TimeProvider? timeProvider = null)
    {
        ValidateCommon(classCount, budget);
        bool[]? mask = null;
        if (classes is not null)
        {
            mask = new bool[classCount];
            foreach (var c in classes)
            {
                if ((uint)c >= (uint)classCount)
                {
                    throw new ArgumentException($"Class {c} is outside [0, {classCount - 1}].", nameof(classes));
                }

                mask[c] = true;
            }
        }

        return new TaggingSelector(TaggingCriterion.HighConfidence, classCount, budget, null, 0, mask, null, name, timeProvider);
    }

    /// <summary>Creates a selector of predictions whose predicted-class score lies within <paramref name="delta"/> of that class's threshold, closest first.</summary>
    /// <param name="thresholds">One threshold per class (use <see cref="BinaryThresholds"/> for a binary threshold).</param>
    /// <param name="delta">The largest distance accepted, at least 0.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector NearThreshold(IReadOnlyList<double> thresholds, double delta, int budget, string name = "near-threshold", TimeProvider? timeProvider = null)
    {
        var t = CopyThresholds(thresholds);
        ValidateCommon(t.Length, budget);
        if (!(delta >= 0) || double.IsPositiveInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be finite and at least 0.");
        }

        return new TaggingSelector(TaggingCriterion.NearThreshold, t.Length, budget, t, delta, null, null, name, timeProvider);
    }

    /// <summary>Creates a selector of correct predictions (label known and equal to the predicted class) whose score did not clear the class threshold, furthest below first.</summary>
    /// <param name="thresholds">One threshold per class (use <see cref="BinaryThresholds"/> for a binary threshold).</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector BelowThresholdButCorrect(IReadOnlyList<double> thresholds, int budget, string name = "below-threshold-correct", TimeProvider? timeProvider = null)
    {
        var t = CopyThresholds(thresholds);
        ValidateCommon(t.Length, budget);
        return new TaggingSelector(TaggingCriterion.BelowThresholdButCorrect, t.Length, budget, t, 0, null, null, name, timeProvider);
    }

    /// <summary>Creates a selector of predictions within <paramref name="delta"/> of the threshold calibrated for their predicted class, closest first.</summary>
    /// <param name="thresholds">Thresholds calibrated on a holdout (binary or per class).</param>
    /// <param name="delta">The largest distance accepted, at least 0.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or no class has a threshold.</exception>
    /// <remarks>A class whose calibration was infeasible has no threshold, so none of its predictions is selected.</remarks>
    public static TaggingSelector NearCalibratedThreshold(CalibratedThresholds thresholds, double delta, int budget, string name = "near-threshold", TimeProvider? timeProvider = null)
    {
        var t = Calibrated(thresholds);
        ValidateCommon(t.Length, budget);
        if (!(delta >= 0) || double.IsPositiveInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be finite and at least 0.");
        }

        return new TaggingSelector(TaggingCriterion.NearThreshold, t.Length, budget, t, delta, null, null, name, timeProvider);
    }

    /// <summary>Creates a selector of correct predictions whose score did not clear the threshold calibrated for their class, furthest below first.</summary>
    /// <param name="thresholds">Thresholds calibrated on a holdout (binary or per class).</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range, or no class has a threshold.</exception>
    /// <remarks>A class whose calibration was infeasible has no threshold, so none of its predictions is selected.</remarks>
    public static TaggingSelector BelowCalibratedThresholdButCorrect(CalibratedThresholds thresholds, int budget, string name = "below-threshold-correct", TimeProvider? timeProvider = null)
    {
        var t = Calibrated(thresholds);
        ValidateCommon(t.Length, budget);
        return new TaggingSelector(TaggingCriterion.BelowThresholdButCorrect, t.Length, budget, t, 0, null, null, name, timeProvider);
    }

    /// <summary>Creates a selector that keeps a uniform random sample (seeded reservoir sampling).</summary>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="budget">The most samples kept, at least 1.</param>
    /// <param name="seed">The seed; the same seed and the same stream give the same sample.</param>
    /// <param name="name">The monitor's name.</param>
    /// <param name="timeProvider">The clock for snapshots; the system clock by default.</param>
    /// <returns>The selector.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static TaggingSelector Random(int classCount, int budget, int seed, string name = "random", TimeProvider? timeProvider = null)
    {
        ValidateCommon(classCount, budget);
        return new TaggingSelector(TaggingCriterion.Random, classCount, budget, null, 0, null, seed, name, timeProvider);
    }

    /// <summary>The per-class thresholds (1 - t, t) that a binary threshold t on the probability of class 1 stands for.</summary>
    /// <param name="threshold">The threshold on the probability of class 1, in [0, 1].</param>
    /// <returns>The two thresholds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is outside [0, 1].</exception>
    public static IReadOnlyList<double> BinaryThresholds(double threshold)
    {
        if (!(threshold >= 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A binary threshold must lie in [0, 1].");
        }

        return [1 - threshold, threshold];
    }

    /// <inheritdoc />
    public void Observe(in PredictionRecord record)
    {
        if (!PredictionRecordValidator.TryValidate(record, _classCount, int.MaxValue, out var reason))
        {
            _invalid.Increment(reason);
            return;
        }

        Interlocked.Increment(ref _observed);
        var id = record.SampleId;
        if (id is null)
        {
            Interlocked.Increment(ref _missingId);
            return;
        }

        if (!TryPriority(record, out var priority, out var score))
        {
            return;
        }

        if (_random is not null)
        {
            ObserveReservoir(record, id, priority, score);
            return;
        }

        if (priority <= Volatile.Read(ref _worst))
        {
            return;
        }

        lock (_gate)
        {
            if (_count == _budget)
            {
                // Later arrivals lose ties, so only a strictly better priority enters.
                if (priority <= _entries[0].Priority)
                {
                    return;
                }

                _entries[0] = new Entry(priority, _arrivals++, score, id, record);
                SiftDown(0);
                Volatile.Write(ref _worst, _entries[0].Priority);
                return;
            }

            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, (int)Math.Min(_budget, 2L * _entries.Length));
            }

            _entries[_count] = new Entry(priority, _arrivals++, score, id, record);
            SiftUp(_count++);
            if (_count == _budget)
            {
                Volatile.Write(ref _worst, _entries[0].Priority);
            }
        }
    }

    /// <summary>Observes records one by one (invalid ones are counted, as in <see cref="Observe"/>) and returns the chosen samples.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The chosen samples, best first.</returns>
    public IReadOnlyList<TaggedSample> Select(ReadOnlySpan<PredictionRecord> records)
    {
        foreach (ref readonly var record in records)
        {
            Observe(record);
        }

        return Selected();
    }

    /// <summary>Gets the samples kept now, best first (in arrival order for <see cref="TaggingCriterion.Random"/>).</summary>
    /// <returns>A new list.</returns>
    public IReadOnlyList<TaggedSample> Selected()
    {
        Entry[] copy;
        lock (_gate)
        {
            copy = _entries.AsSpan(0, _count).ToArray();
        }

        if (_random is not null)
        {
            Array.Sort(copy, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        }
        else
        {
            Array.Sort(copy, static (a, b) => Compare(b, a));
        }

        var result = new TaggedSample[copy.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            ref readonly var e = ref copy[i];
            result[i] = new TaggedSample
            {
                SampleId = e.Id,
                Reason = Criterion,
                Score = e.Score,
                PredictedClass = e.PredictedClass,
                Cohort = e.Cohort,
                Label = e.Label,
            };
        }

        return result;
    }

    /// <summary>Gets how many records were rejected for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long InvalidCount(InvalidRecordReason reason) => _invalid.Count(reason);

    /// <inheritdoc />
    MonitorSnapshot IMonitor.Snapshot() => Snapshot();

    /// <summary>Creates a snapshot of the chosen samples and the counters.</summary>
    /// <returns>The snapshot.</returns>
    public TaggingSnapshot Snapshot() => new()
    {
        MonitorName = Name,
        AsOf = _timeProvider.GetUtcNow(),
        Criterion = Criterion,
        Budget = _budget,
        ObservedRecords = ObservedRecords,
        MissingSampleId = MissingSampleId,
        InvalidRecords = _invalid.ToCounts(),
        Selected = Selected(),
    };

    private static TaggingSelector Create(TaggingCriterion criterion, int classCount, int budget, string name, TimeProvider? timeProvider)
    {
        ValidateCommon(classCount, budget);
        return new TaggingSelector(criterion, classCount, budget, null, 0, null, null, name, timeProvider);
    }

    private static void ValidateCommon(int classCount, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
    }

    // NaN marks a class without a threshold: every comparison with it is false, so it selects nothing.
    private static double[] Calibrated(CalibratedThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var t = thresholds.ForSelectors();
        if (!Array.Exists(t, double.IsFinite))
        {
            throw new ArgumentException("No class has a calibrated threshold (every calibration was infeasible); there is nothing to select against.", nameof(thresholds));
        }

        return t;
    }

    private static double[] CopyThresholds(IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count < 2)
        {
            throw new ArgumentException($"Thresholds has {thresholds.Count} values; it needs one per class, at least 2 (use BinaryThresholds for a binary model).", nameof(thresholds));
        }

        var copy = new double[thresholds.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = thresholds[i];
            if (!double.IsFinite(copy[i]))
            {
                throw new ArgumentException($"Thresholds[{i}] is {copy[i]}; thresholds must be finite.", nameof(thresholds));
            }
        }

        return copy;
    }

    // Larger priority is better; for equal priorities the earlier arrival is better.
    private static int Compare(in Entry a, in Entry b)
    {
        var c = a.Priority.CompareTo(b.Priority);
        return c != 0 ? c : b.Sequence.CompareTo(a.Sequence);
    }

    private bool TryPriority(in PredictionRecord record, out double priority, out double score)
    {
        var scores = record.Scores.Span;
        switch (Criterion)
        {
            case TaggingCriterion.LeastConfident:
                score = TaggingScores.Confidence(scores);
                priority = -score;
                return true;
            case TaggingCriterion.SmallestMargin:
                score = TaggingScores.Margin(scores);
                priority = -score;
                return true;
            case TaggingCriterion.HighestEntropy:
                score = TaggingScores.Entropy(scores);
                priority = score;
                return true;
            case TaggingCriterion.HighConfidence:
                score = TaggingScores.Confidence(scores);
                priority = score;
                return _classMask is null || _classMask[record.PredictedClass];
            case TaggingCriterion.NearThreshold:
                score = Math.Abs(TaggingScores.ClassScore(scores, record.PredictedClass) - _thresholds![record.PredictedClass]);
                priority = -score;
                return score <= _delta;
            case TaggingCriterion.BelowThresholdButCorrect:
                score = _thresholds![record.PredictedClass] - TaggingScores.ClassScore(scores, record.PredictedClass);
                priority = score;
                return score > 0 && record.Label == record.PredictedClass;
            default:
                score = TaggingScores.Confidence(scores);
                priority = 0;
                return true;
        }
    }

    private void ObserveReservoir(in PredictionRecord record, string id, double priority, double score)
    {
        lock (_gate)
        {
            var seen = ++_arrivals;
            if (_count < _budget)
            {
                if (_count == _entries.Length)
                {
                    Array.Resize(ref _entries, (int)Math.Min(_budget, 2L * _entries.Length));
                }

                _entries[_count++] = new Entry(priority, seen, score, id, record);
                return;
            }

            var j = _random!.NextInt64(seen);
            if (j < _budget)
            {
                _entries[j] = new Entry(priority, seen, score, id, record);
            }
        }
    }

    private void SiftUp(int i)
    {
        var item = _entries[i];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (Compare(item, _entries[parent]) >= 0)
            {
                break;
            }

            _entries[i] = _entries[parent];
            i = parent;
        }

        _entries[i] = item;
    }

    private void SiftDown(int i)
    {
        var item = _entries[i];
        var n = _count;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Compare(_entries[child + 1], _entries[child]) < 0)
            {
                child++;
            }

            if (Compare(_entries[child], item) >= 0)
            {
                break;
            }

            _entries[i] = _entries[child];
            i = child;
        }

        _entries[i] = item;
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly struct Entry
    {
        public Entry(double priority, long sequence, double score, string id, in PredictionRecord record)
        {
            Priority = priority;
            Sequence = sequence;
            Score = score;
            Id = id;
            PredictedClass = record.PredictedClass;
            Label = record.Label;
            Cohort = record.Cohort;
        }

        public double Priority { get; }

        public long Sequence { get; }

        public double Score { get; }

        public string Id { get; }

        public int PredictedClass { get; }

        public int? Label { get; }

        public string? Cohort { get; }
    }
}
