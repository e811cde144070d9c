using ModelMonitor.Drift;
using ModelMonitor.Features;
using ModelMonitor.Rolling;
using ModelMonitor.Serialization;
using ModelMonitor.Tagging;

namespace ModelMonitor.DependencyInjection;

/// <summary>One model's monitors behind <see cref="IModelMonitor"/>.</summary>
internal sealed class DefaultModelMonitor : IModelMonitor
{
    private readonly MonitorPipeline _pipeline;
    private readonly DriftDetector _driftDetector;
    private readonly TimeProvider _timeProvider;
    private readonly IFeatureObserver[] _featureObservers;
    private long _observed;
    private ModelSnapshot? _latest;
    private DatasetDriftResult? _drift;

    public DefaultModelMonitor(string modelName, ModelMonitorOptions options, TimeProvider timeProvider, IEnumerable<IMonitor> extraMonitors)
    {
        ModelName = modelName;
        Options = options;
        _timeProvider = timeProvider;
        _driftDetector = new DriftDetector(options.Drift.ToDetectorOptions());
        List<IMonitor> monitors = [new RollingStatisticsMonitor(RollingOptions(options), timeProvider)];
        monitors.AddRange(CreateSelectors(options, timeProvider));
        monitors.AddRange(extraMonitors);
        _pipeline = new MonitorPipeline(monitors, timeProvider);
        _featureObservers = [.. monitors.OfType<IFeatureObserver>()];
        FeatureNames = _featureObservers.Length == 0 ? [] : _featureObservers[0].FeatureNames;
        foreach (var observer in _featureObservers)
        {
            if (!observer.FeatureNames.SequenceEqual(FeatureNames, StringComparer.Ordinal))
            {
                var name = (observer as IMonitor)?.Name ?? observer.GetType().Name;
                throw new InvalidOperationException(
                    $"Model '{modelName}': monitor '{name}' observes features [{string.Join(", ", observer.FeatureNames)}] but another observes [{string.Join(", ", FeatureNames)}]; every feature monitor of a model must take the same features in the same order.");
            }
        }
    }

    public string ModelName { get; }

    public ModelMonitorOptions Options { get; }

    public IReadOnlyList<IMonitor> Monitors => _pipeline.Monitors;

    public IReadOnlyList<string> FeatureNames { get; }

    public long ObservedRecords => Interlocked.Read(ref _observed);

    public ModelSnapshot? LatestSnapshot => Volatile.Read(ref _latest);

    public DatasetDriftResult? LatestDrift => Volatile.Read(ref _drift);

    public void Observe(in PredictionRecord record)
    {
        Interlocked.Increment(ref _observed);
        _pipeline.Observe(record);
    }

    public void ObserveFeatures(ReadOnlySpan<FeatureValue> features)
    {
        foreach (var observer in _featureObservers)
        {
            observer.ObserveFeatures(features);
        }
    }

    public ModelSnapshot PublishSnapshot()
    {
        var observed = ObservedRecords;
        var pipeline = _pipeline.Snapshot();
        var snapshot = new ModelSnapshot
        {
            ModelName = ModelName,
            AsOf = pipeline.AsOf,
            ObservedRecords = observed,
            Monitors = pipeline.Monitors,
            Drift = LatestDrift,
        };
        Volatile.Write(ref _latest, snapshot);
        return snapshot;
    }

    public DatasetDriftResult DetectDrift(IReadOnlyList<DriftColumn> reference, IReadOnlyList<DriftColumn> current)
    {
        var result = _driftDetector.Detect(reference, current);
        ReportDrift(result);
        return result;
    }

    public void ReportDrift(DatasetDriftResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Volatile.Write(ref _drift, result);
    }

    /// <summary>The rolling options with the model's class count and names, so one setting drives every monitor.</summary>
    internal static RollingStatisticsOptions RollingOptions(ModelMonitorOptions options) => new()
    {
        ClassCount = options.ClassCount,
        ClassNames = options.ClassNames,
        CountWindowSize = options.Rolling.CountWindowSize,
        TimeWindow = options.Rolling.TimeWindow,
        TimeWindowBuckets = options.Rolling.TimeWindowBuckets,
        AllowedLateness = options.Rolling.AllowedLateness,
        Quantiles = options.Rolling.Quantiles,
        EwmaAlpha = options.Rolling.EwmaAlpha,
        EwmaHalfLife = options.Rolling.EwmaHalfLife,
        MaxCohorts = options.Rolling.MaxCohorts,
        MaxCohortKeyLength = options.Rolling.MaxCohortKeyLength,
        SketchAccuracy = options.Rolling.SketchAccuracy,
        TrackClassScores = options.Rolling.TrackClassScores,
    };

    internal static IReadOnlyList<double>? Thresholds(ModelMonitorOptions options)
    {
        if (options.ThresholdsFile is { } path)
        {
            var calibrated = ModelMonitorJson.DeserializeThresholds(File.ReadAllText(path));
            // A class with no feasible threshold never clears it: 1 is the strictest usable stand-in.
            return [.. calibrated.Classes.Select(c => c.Threshold ?? 1.0)];
        }

        return options.DecisionThreshold is { } t ? TaggingSelector.BinaryThresholds(t) : null;
    }

    internal static List<TaggingSelector> CreateSelectors(ModelMonitorOptions options, TimeProvider timeProvider)
    {
        List<TaggingSelector> selectors = [];
        IReadOnlyList<double>? thresholds = null;
        foreach (var s in options.Tagging)
        {
            var name = s.Name;
            switch (s.Criterion)
            {
                case TaggingCriterion.LeastConfident:
                    selectors.Add(TaggingSelector.LeastConfident(options.ClassCount, s.Budget, name ?? "least-confident", timeProvider));
                    break;
                case TaggingCriterion.SmallestMargin:
                    selectors.Add(TaggingSelector.SmallestMargin(options.ClassCount, s.Budget, name ?? "smallest-margin", timeProvider));
                    break;
                case TaggingCriterion.HighestEntropy:
                    selectors.Add(TaggingSelector.HighestEntropy(options.ClassCount, s.Budget, name ?? "highest-entropy", timeProvider));
                    break;
                case TaggingCriterion.HighConfidence:
                    selectors.Add(TaggingSelector.HighConfidence(options.ClassCount, s.Budget, null, name ?? "high-confidence", timeProvider));
                    break;
                case TaggingCriterion.NearThreshold:
                    thresholds ??= Thresholds(options) ?? throw new InvalidOperationException("NearThreshold needs ThresholdsFile or DecisionThreshold.");
                    selectors.Add(TaggingSelector.NearThreshold(thresholds, s.Delta, s.Budget, name ?? "near-threshold", timeProvider));
                    break;
                case TaggingCriterion.BelowThresholdButCorrect:
                    thresholds ??= Thresholds(options) ?? throw new InvalidOperationException("BelowThresholdButCorrect needs ThresholdsFile or DecisionThreshold.");
                    selectors.Add(TaggingSelector.BelowThresholdButCorrect(thresholds, s.Budget, name ?? "below-threshold-correct", timeProvider));
                    break;
                case TaggingCriterion.Random:
                    selectors.Add(TaggingSelector.Random(options.ClassCount, s.Budget, s.Seed, name ?? "random", timeProvider));
                    break;
                default:
                    throw new InvalidOperationException($"Tagging criterion {s.Criterion} is not defined.");
            }
        }

        return selectors;
    }
}
