using ModelMonitor.Alerts;
using ModelMonitor.Drift;
using ModelMonitor.Explanations;
using ModelMonitor.Profiling;
using ModelMonitor.Projection;
using ModelMonitor.Reporting;
using ModelMonitor.Rolling;
using ModelMonitor.Schema;
using ModelMonitor.Tagging;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Tests.Reporting;

/// <summary>A report with every section filled by the real monitors, and a hostile string in every user-supplied name and value.</summary>
internal static class HostileReport
{
    /// <summary>Markup, both quotes and an ampersand: everything that breaks out of text or an attribute.</summary>
    public const string Evil = "<script>alert(\"x\")</script>'&";

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static MonitorReport Build()
    {
        string[] classes = [Evil + "neg", Evil + "pos"];
        var monitor = new RollingStatisticsMonitor(
            new RollingStatisticsOptions { ClassCount = 2, ClassNames = classes, TimeWindow = TimeSpan.FromMinutes(5), TimeWindowBuckets = 5 },
            name: Evil + "model");
        var random = new Random(3);
        List<RollingStatisticsSnapshot> timeline = [];
        for (var i = 0; i < 600; i++)
        {
            var p = (float)random.NextDouble();
            var time = Start.AddSeconds(i * 2);
            monitor.Observe(new PredictionRecord(time, new[] { 1 - p, p }, p >= 0.5f ? 1 : 0, i % 2 == 0 ? Evil + "web" : "mobile", random.Next(2)));
            if (i % 60 == 59)
            {
                timeline.Add(monitor.Snapshot(time));
            }
        }

        var snapshot = monitor.Snapshot(Start.AddSeconds(1200));
        var reference = new[] { DriftColumn.Numeric(Evil + "amount", Normal(random, 400, 0)), DriftColumn.Categorical(Evil + "country", Categories(random, 400, 0)) };
        var current = new[] { DriftColumn.Numeric(Evil + "amount", Normal(random, 300, 1)), DriftColumn.Categorical(Evil + "country", Categories(random, 300, 2)) };
        var drift = new DriftDetector().Detect(reference, current);

        var profile = ReferenceProfile.FromColumns(
        [
            ProfileColumn.Numeric(Evil + "amount", Normal(random, 200, 0)),
            ProfileColumn.Text(Evil + "text", [.. Enumerable.Range(0, 200).Select(i => i % 7 == 0 ? null : $"{Evil} review {i % 13}")]),
        ]);
        var serving = ReferenceProfile.FromColumns([ProfileColumn.Text(Evil + "text", [.. Enumerable.Range(0, 50).Select(_ => (string?)null)])]);
        var validation = DataSchema.Infer(profile).Validate(serving);

        var scores = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s).ToArray();
        var calibration = ThresholdCalibrator.Calibrate(scores, labels, [ThresholdObjective.F1]);

        var tagged = new TaggedSample { SampleId = Evil + "id", Reason = TaggingCriterion.NearThreshold, Score = 0.01, PredictedClass = 1, Cohort = Evil + "web", Label = 0 };
        ProjectedPoint[] points = [.. Enumerable.Range(0, 40).Select(i => new ProjectedPoint(classes[i % 2], i >= 20, (float)random.NextDouble(), (float)random.NextDouble()))];
        var projection = new GroupedProjectionResult(ProjectionMethod.Pca, points, [new GroupEmbeddingSummary(classes[0], 10, 10, 0.1, 1, 1.1, 0.05, 0.2), new GroupEmbeddingSummary(classes[1], 10, 10, 0.2, 1, 0.9, 0.1, 0.3)], 0.5);
        var drifted = new EmbeddingDriftResult(20, 20, 0.01, 1, 0.001, 100, 0.8, 0.7, 0.9, 0.3, 0.1, 0.05);
        var explanation = new LocalExplanation
        {
            Input = $"The {Evil} food was great",
            ClassIndex = 1,
            PredictedClass = 1,
            ModelProbability = 0.9,
            LocalPrediction = 0.85,
            Intercept = 0.2,
            LocalR2 = 0.7,
            Features = [new FeatureWeight("great", 0.4), new FeatureWeight("script", -0.1), new FeatureWeight(Evil, 0.05)],
            SampleCount = 500,
        };

        return new MonitorReport
        {
            Title = Evil + "title",
            Description = Evil + "description",
            GeneratedAt = snapshot.AsOf,
            Alerts = [new Alert { Model = Evil + "model", Cohort = Evil + "web", Column = Evil + "col", Rule = AlertRules.DriftedColumn, Severity = AlertSeverity.Warning, State = AlertState.Raised, Value = 0.3, Threshold = 0.1, Time = snapshot.AsOf, Message = Evil + "message" }],
            Snapshots = [snapshot],
            Timeline = TimelineSection.FromSnapshots(timeline),
            ClassDistribution = new ClassDistributionSection(Evil + "training", ClassDistributionValidator.ValidateCohorts(snapshot, [100, 300])),
            Drift = DriftSection.From(Evil + "ref", Evil + "cur", drift, reference, current),
            Schema = SchemaSection.From(Evil + "batch", validation),
            Thresholds = [ThresholdSection.From(classes[1], Evil + "F1", calibration, ThresholdObjective.F1)],
            TaggingQueues = [new TaggingQueueSection(Evil + "selector", Evil + "meaning", Evil + "score", 10, [new TaggingQueueItem(tagged, Evil + "text")])],
            Projections = [new ProjectionSection(Evil + "projection", projection, drifted, drifted)],
            Explanations = new ExplanationSection(classes, [explanation], [new ClassExplanation(1, 3, [new AggregatedFeature(Evil + "good", 0.3, 0.3, 0.5)], [new AggregatedFeature(Evil + "bad", -0.2, 0.2, 0.3)])], 3, Evil + "note"),
            Robustness = new RobustnessSection(0.05, false, [new RobustnessSuiteRow(Evil + "suite", 10, 2, 0.2, 0.1, 0.3, false, [new RobustnessExampleRow(Evil + "before", Evil + "after", 0, 1, 0.4)])]),
            Profile = ProfileSection.From(Evil + "data", profile),
        };
    }

    private static double[] Normal(Random random, int n, double mean) =>
        [.. Enumerable.Range(0, n).Select(_ => mean + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];

    private static string?[] Categories(Random random, int n, int shift) =>
        [.. Enumerable.Range(0, n).Select(_ => random.Next(10) == 0 ? null : $"{Evil}c{(random.Next(15) + shift) % 15}")];
}
