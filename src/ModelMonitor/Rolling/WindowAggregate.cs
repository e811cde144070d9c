using ModelMonitor.Statistics;

namespace ModelMonitor.Rolling;

/// <summary>
/// Mergeable statistics of a set of records: confidence and class-score moments and sketches, and
/// predicted-class counts. One instance holds a cohort's all-time state, one each of its time
/// buckets; windows and the overall view are merges of these.
/// </summary>
internal sealed class WindowAggregate
{
    private readonly QuantileSketch _confidenceSketch;
    private readonly long[] _classCounts;
    private readonly RunningMoments[] _classScores;
    private readonly QuantileSketch[] _classScoreSketches;
    private RunningMoments _confidence;

    public WindowAggregate(int classCount, bool trackClassScores, int sketchAccuracy)
    {
        _confidenceSketch = new QuantileSketch(sketchAccuracy);
        _classCounts = new long[classCount];
        _classScores = trackClassScores ? new RunningMoments[classCount] : [];
        _classScoreSketches = new QuantileSketch[_classScores.Length];
        for (var c = 0; c < _classScoreSketches.Length; c++)
        {
            // Distinct seeds keep the class sketches' compaction choices independent.
            _classScoreSketches[c] = new QuantileSketch(sketchAccuracy, (ulong)(c + 2) * 0x9E3779B97F4A7C15UL);
        }
    }

    private WindowAggregate(WindowAggregate source)
    {
        Index = source.Index;
        _confidence = source._confidence;
        _confidenceSketch = source._confidenceSketch.Clone();
        _classCounts = (long[])source._classCounts.Clone();
        _classScores = (RunningMoments[])source._classScores.Clone();
        _classScoreSketches = new QuantileSketch[source._classScoreSketches.Length];
        for (var c = 0; c < _classScoreSketches.Length; c++)
        {
            _classScoreSketches[c] = source._classScoreSketches[c].Clone();
        }
    }

    /// <summary>Rebuilds an aggregate from checkpointed parts.</summary>
    public static WindowAggregate FromState(
        int classCount, bool trackClassScores, int sketchAccuracy, long index, RunningMoments confidence, QuantileSketch confidenceSketch,
        long[] classCounts, RunningMoments[] classScores, QuantileSketch[] classScoreSketches)
    {
        var aggregate = new WindowAggregate(classCount, trackClassScores, sketchAccuracy) { Index = index };
        aggregate._confidence = confidence;
        aggregate._confidenceSketch.Merge(confidenceSketch);
        classCounts.CopyTo(aggregate._classCounts, 0);
        classScores.CopyTo(aggregate._classScores, 0);
        for (var c = 0; c < classScoreSketches.Length; c++)
        {
            aggregate._classScoreSketches[c].Merge(classScoreSketches[c]);
        }

        return aggregate;
    }

    /// <summary>Gets or sets the time bucket this aggregate holds; unused for all-time state.</summary>
    public long Index { get; set; } = long.MinValue;

    public long Count => _confidence.Count;

    public ref readonly RunningMoments Confidence => ref _confidence;

    public QuantileSketch ConfidenceSketch => _confidenceSketch;

    public ReadOnlySpan<long> ClassCounts => _classCounts;

    public ReadOnlySpan<RunningMoments> ClassScores => _classScores;

    public IReadOnlyList<QuantileSketch> ClassScoreSketches => _classScoreSketches;

    /// <summary>Adds a record to the moments and class counts; the owner feeds the sketches in sorted batches.</summary>
    public void AddMoments(double confidence, ReadOnlySpan<double> classScores, int predictedClass)
    {
        _confidence.Add(confidence);
        _classCounts[predictedClass]++;
        for (var c = 0; c < _classScores.Length; c++)
        {
            _classScores[c].Add(classScores[c]);
        }
    }

    /// <summary>Adds a record to the sketches one value at a time (the rare path: late records).</summary>
    public void AddToSketches(double confidence, ReadOnlySpan<double> classScores)
    {
        _confidenceSketch.Add(confidence);
        for (var c = 0; c < _classScoreSketches.Length; c++)
        {
            _classScoreSketches[c].Add(classScores[c]);
        }
    }

    public void Merge(WindowAggregate other)
    {
        _confidence.Merge(other._confidence);
        _confidenceSketch.Merge(other._confidenceSketch);
        for (var c = 0; c < _classCounts.Length; c++)
        {
            _classCounts[c] += other._classCounts[c];
        }

        for (var c = 0; c < _classScores.Length; c++)
        {
            _classScores[c].Merge(other._classScores[c]);
            _classScoreSketches[c].Merge(other._classScoreSketches[c]);
        }
    }

    public void Reset(long index)
    {
        Index = index;
        _confidence.Clear();
        _confidenceSketch.Clear();
        Array.Clear(_classCounts);
        Array.Clear(_classScores);
        foreach (var sketch in _classScoreSketches)
        {
            sketch.Clear();
        }
    }

    public WindowAggregate Clone() => new(this);
}
