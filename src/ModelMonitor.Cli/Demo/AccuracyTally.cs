using ModelMonitor.Rolling;

namespace ModelMonitor.Cli.Demo;

/// <summary>
/// Passes each record on to another observer and counts, per cohort, the labelled records and the
/// correct predictions among them. The rolling monitor does not score labels yet, so the demo
/// counts accuracy here. Not thread-safe: the demo observes from one thread.
/// </summary>
/// <param name="inner">The observer every record is passed to.</param>
internal sealed class AccuracyTally(IPredictionObserver inner) : IPredictionObserver
{
    private readonly Dictionary<string, Counts> _cohorts = new(StringComparer.Ordinal);

    public void Observe(in PredictionRecord record)
    {
        inner.Observe(record);
        if (record.Label is not { } label)
        {
            return;
        }

        var key = record.Cohort ?? RollingStatisticsMonitor.DefaultCohort;
        if (!_cohorts.TryGetValue(key, out var counts))
        {
            counts = new Counts();
            _cohorts.Add(key, counts);
        }

        counts.Labelled++;
        if (label == record.PredictedClass)
        {
            counts.Correct++;
        }
    }

    /// <summary>Gets the labelled and correct counts of one cohort, or of every cohort for <see cref="RollingStatisticsMonitor.OverallCohort"/>.</summary>
    public LabelledCounts For(string cohort)
    {
        if (cohort == RollingStatisticsMonitor.OverallCohort)
        {
            return new LabelledCounts(_cohorts.Values.Sum(c => c.Labelled), _cohorts.Values.Sum(c => c.Correct));
        }

        return _cohorts.TryGetValue(cohort, out var counts) ? new LabelledCounts(counts.Labelled, counts.Correct) : new LabelledCounts(0, 0);
    }

    private sealed class Counts
    {
        public long Labelled { get; set; }

        public long Correct { get; set; }
    }
}

/// <summary>How many records had a label, and how many of those the model got right.</summary>
internal readonly record struct LabelledCounts(long Labelled, long Correct)
{
    /// <summary>Gets the share of correct predictions; <see langword="null"/> without labels.</summary>
    public double? Accuracy => Labelled == 0 ? null : (double)Correct / Labelled;
}
