using Microsoft.ML;
using Microsoft.ML.Trainers;
using ModelMonitor.Alerts;
using ModelMonitor.Cli.Profiling;
using ModelMonitor.Cli.Projection;
using ModelMonitor.DependencyInjection;
using ModelMonitor.Drift;
using ModelMonitor.MLNet;
using ModelMonitor.Reporting;
using ModelMonitor.Rolling;
using ModelMonitor.Statistics;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Cli.Demo;

/// <summary>
/// The demo: train a sentiment classifier on Amazon reviews, serve its holdout and then Yelp
/// reviews as a time-stamped stream through a rolling statistics monitor, and report the shift.
/// </summary>
internal static class DemoRunner
{
    public const string HoldoutCohort = "training-holdout";
    public const string WebCohort = "web";
    public const string MobileCohort = "mobile";
    public const string MonitorName = "sentiment-classifier";

    /// <summary>Every <see cref="HoldoutEvery"/>-th Amazon review (the 5th, 10th, ...) is held out: 20%.</summary>
    public const int HoldoutEvery = 5;

    /// <summary>The class names, in class-index order: label 0 is negative, 1 positive.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["negative", "positive"];

    /// <summary>The file the trained model is saved to, in the output folder, for <c>modelmon explain --model</c>.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The report data (every section's snapshot, <see cref="MonitorReport"/> JSON), in the output folder, for <c>modelmon report</c>.</summary>
    public const string SnapshotFileName = "snapshot.json";

    /// <summary>The HTML report, in the output folder.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>How often the stream is snapshotted for the report's timeline (synthetic time).</summary>
    public static readonly TimeSpan TimelineInterval = TimeSpan.FromMinutes(1);

    /// <summary>The synthetic timestamp of the first prediction.</summary>
    public static readonly DateTimeOffset StreamStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The synthetic time between two predictions.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>The monitor's time window: the last 10 minutes, in 1-minute buckets, against the 10 minutes before.</summary>
    public static readonly TimeSpan TimeWindow = TimeSpan.FromMinutes(10);

    private const int Positive = 1;

    /// <summary>Runs the demo and writes the report data, the HTML report, the model and the projected points into a folder.</summary>
    /// <param name="outputDirectory">The folder; a relative path is taken from the current directory, and a missing folder is created.</param>
    /// <returns>The numbers the summary prints.</returns>
    public static DemoResult Run(string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var directory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(directory);

        var amazon = SentimentData.LoadEmbedded(SentimentData.AmazonFile);
        var yelp = SentimentData.LoadEmbedded(SentimentData.YelpFile);
        var training = amazon.Where((_, i) => i % HoldoutEvery != HoldoutEvery - 1).ToList();
        var holdout = amazon.Where((_, i) => i % HoldoutEvery == HoldoutEvery - 1).ToList();

        // One thread: SDCA's result then depends on the seed only.
        var ml = new MLContext(seed: 0);
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(SentimentRow.Label),
            FeatureColumnName = "Features",
            NumberOfThreads = 1,
        });
        var trainingView = ToDataView(ml, training);
        var model = ml.Transforms.Text.FeaturizeText("Features", nameof(SentimentRow.Text)).Append(trainer).Fit(trainingView);
        var modelPath = Path.Combine(directory, ModelFileName);
        ml.Model.Save(model, trainingView.Schema, modelPath);

        var monitor = new RollingStatisticsMonitor(
            new RollingStatisticsOptions
            {
                ClassCount = ClassNames.Count,
                ClassNames = [.. ClassNames],
                TimeWindow = TimeWindow,
                TimeWindowBuckets = 10,
            },
            name: MonitorName);
        var tally = new AccuracyTally(monitor);
        var timeline = new TimelineRecorder(monitor, tally, StreamStart, TimelineInterval);

        // The holdout first, then the Yelp stream: one clock, one prediction every Interval.
        var holdoutScored = model.Transform(ToDataView(ml, holdout));
        ScoredDataViewReader.ObserveBinary(holdoutScored, timeline, At, _ => HoldoutCohort);
        var yelpScored = model.Transform(ToDataView(ml, yelp));
        ScoredDataViewReader.ObserveBinary(yelpScored, timeline, row => At(holdout.Count + row), ServingCohort);

        var holdoutRecords = ScoredDataViewReader.ReadBinary(holdoutScored).ToList();
        var yelpRecords = ScoredDataViewReader.ReadBinary(yelpScored).ToList();
        var referenceColumns = DriftColumns(holdout, holdoutRecords);
        var servingColumns = DriftColumns(yelp, yelpRecords);
        var drift = new DriftDetector().Detect(referenceColumns, servingColumns);
        var calibration = DemoCalibration.Build(holdoutRecords, yelpRecords, yelp);
        var explanations = DemoExplanations.Build(new TextModelPredictor(ml, model, nameof(SentimentRow.Text)), yelpRecords, yelp);
        long[] trainingLabels = [training.Count(s => !s.Label), training.Count(s => s.Label)];

        var last = At(holdout.Count + yelp.Count - 1);
        var snapshot = monitor.Snapshot(last);
        var classDistribution = ClassDistributionValidator.ValidateCohorts(snapshot, trainingLabels);
        var profiling = DemoProfilingSection.Run();
        var projection = ProjectionDemo.Run(Path.Combine(directory, ProjectionDemo.DefaultPointsPath));

        var report = new MonitorReport
        {
            Title = "ModelMonitor demo: a sentiment model meets new data",
            Description = $"A logistic-regression sentiment classifier (ML.NET SDCA on text features) trained on {training.Count} Amazon reviews, "
                + $"checked on {holdout.Count} held-out Amazon reviews, then serving {yelp.Count} Yelp reviews split into a web and a mobile cohort, one prediction every {Interval.TotalSeconds:0} s.",
            GeneratedAt = last,
            Alerts = SnapshotAlerts.Evaluate(new ModelSnapshot
            {
                ModelName = MonitorName,
                AsOf = last,
                ObservedRecords = snapshot.ObservedRecords,
                Monitors = new Dictionary<string, MonitorSnapshot>(StringComparer.Ordinal) { [MonitorName] = snapshot },
                Drift = drift,
            }),
            Snapshots = [snapshot],
            Timeline = TimelineSection.FromSnapshots(timeline.Finish()),
            ClassDistribution = new ClassDistributionSection("training labels", classDistribution),
            Drift = DriftSection.From("Amazon holdout", "Yelp stream", drift, referenceColumns, servingColumns),
            Schema = SchemaSection.From($"Yelp batch ('{DemoProfilingSection.DroppedColumn}' dropped, every {DemoProfilingSection.MissingEvery}th text missing)", profiling.Serving),
            Thresholds = [ThresholdSection.From(ClassNames[Positive], calibration.Objective, calibration.Holdout, ThresholdObjective.F1, calibration.Interval)],
            TaggingQueues = [.. calibration.Queues.Select(q => new TaggingQueueSection(q.Selector, q.Meaning, q.ScoreName, q.Observed, [.. q.Items.Select(i => new TaggingQueueItem(i.Sample, i.Text))]))],
            Projections =
            [
                new ProjectionSection("Sentence embeddings by PCA", projection.Pca, projection.AmazonVsYelp, projection.AmazonHalves),
                new ProjectionSection("Sentence embeddings by UMAP (cosine)", projection.Umap),
            ],
            Explanations = new ExplanationSection(
                ClassNames,
                explanations.ConfidentMistakes,
                [explanations.PositiveClass],
                explanations.AggregatedCount,
                $"The model's most confident mistakes on Yelp, each explained with 5,000 perturbations; class-level words averaged over {explanations.AggregatedCount} Yelp reviews."),
            Robustness = RobustnessSection.From(explanations.Robustness, text => text),
            Profile = ProfileSection.From("Amazon reviews (training)", profiling.Reference),
        };
        var snapshotPath = Path.Combine(directory, SnapshotFileName);
        AtomicFile.WriteAllText(snapshotPath, report.ToJson() + "\n");
        var reportPath = Path.Combine(directory, ReportFileName);
        HtmlReportWriter.WriteFile(report, reportPath);

        var cohorts = new[] { HoldoutCohort, WebCohort, MobileCohort, RollingStatisticsMonitor.OverallCohort }
            .Select(key => Summarise(snapshot, key, tally.For(key)))
            .ToList();
        var holdoutStats = Find(snapshot, HoldoutCohort);
        var shifts = new[] { WebCohort, MobileCohort }
            .Select(key => Shift(Find(snapshot, key), tally.For(key), holdoutStats, tally.For(HoldoutCohort)))
            .ToList();

        return new DemoResult
        {
            Snapshot = snapshot,
            Report = report,
            OutputDirectory = directory,
            SnapshotPath = snapshotPath,
            ReportPath = reportPath,
            ModelPath = modelPath,
            TrainingCount = training.Count,
            HoldoutCount = holdout.Count,
            ServingCount = yelp.Count,
            FirstTimestamp = StreamStart,
            LastTimestamp = last,
            Cohorts = cohorts,
            ShiftsFromHoldout = shifts,
            Drift = drift,
            ClassDistribution = classDistribution,
            Calibration = calibration,
            Explanations = explanations,
            Profiling = profiling,
            Projection = projection,
        };
    }

    /// <summary>
    /// The columns the Yelp stream is compared on with the Amazon holdout: two inputs the model sees
    /// (review length in characters and in words), its confidence and its predicted class.
    /// </summary>
    private static DriftColumn[] DriftColumns(IReadOnlyList<LabelledSentence> sentences, List<PredictionRecord> scores) =>
    [
        DriftColumn.Numeric("characters", [.. sentences.Select(s => (double)s.Text.Length)]),
        DriftColumn.Numeric("words", [.. sentences.Select(s => (double)s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)]),
        DriftColumn.Numeric("confidence", [.. scores.Select(r => Math.Max((double)r.Scores.Span[0], 1 - r.Scores.Span[0]))]),
        DriftColumn.Categorical("predicted", scores.Select(r => ClassNames[r.PredictedClass])),
    ];

    /// <summary>The serving cohort of the Yelp review at a zero-based position: alternately web and mobile.</summary>
    public static string ServingCohort(long row) => row % 2 == 0 ? WebCohort : MobileCohort;

    private static DateTimeOffset At(long index) => StreamStart.AddTicks(Interval.Ticks * index);

    private static IDataView ToDataView(MLContext ml, IEnumerable<LabelledSentence> sentences) =>
        ml.Data.LoadFromEnumerable(sentences.Select(s => new SentimentRow { Text = s.Text, Label = s.Label }).ToList());

    private static CohortStatistics Find(RollingStatisticsSnapshot snapshot, string key) =>
        key == RollingStatisticsMonitor.OverallCohort
            ? snapshot.Overall
            : snapshot.Cohorts.FirstOrDefault(c => c.Cohort == key) ?? throw new InvalidOperationException($"The snapshot has no cohort '{key}'.");

    private static CohortSummary Summarise(RollingStatisticsSnapshot snapshot, string key, LabelledCounts labels)
    {
        var stats = Find(snapshot, key);
        var confidence = stats.Confidence.AllTime ?? throw new InvalidOperationException($"Cohort '{key}' has no records.");
        var trend = stats.Trend;
        return new CohortSummary
        {
            Cohort = key,
            Description = Describe(key),
            Count = stats.Count,
            MeanConfidence = confidence.Mean,
            ConfidenceP10 = Quantile(confidence, 0.1),
            ConfidenceP50 = Quantile(confidence, 0.5),
            ConfidenceP90 = Quantile(confidence, 0.9),
            PredictedShares = stats.PredictedClasses.AllTime.Shares,
            Labels = labels,
            Window = new WindowMovement
            {
                CurrentCount = stats.PredictedClasses.TimeWindow?.Total ?? 0,
                PreviousCount = stats.PredictedClasses.PreviousTimeWindow?.Total ?? 0,
                ConfidenceVsPreviousWindow = trend?.ConfidenceVsPreviousWindow,
                ConfidenceVsAllTime = trend?.ConfidenceVsAllTime,
                PositiveShareVsPreviousWindow = trend is null || stats.PredictedClasses.TimeWindow?.Total is not > 0 ? null : trend.ClassSharesVsPreviousWindow[Positive],
                PositiveShareVsAllTime = trend is null || stats.PredictedClasses.TimeWindow?.Total is not > 0 ? null : trend.ClassSharesVsAllTime[Positive],
            },
        };
    }

    private static HoldoutShift Shift(CohortStatistics cohort, LabelledCounts cohortLabels, CohortStatistics holdout, LabelledCounts holdoutLabels)
    {
        var current = cohort.Confidence.AllTime!;
        var reference = holdout.Confidence.AllTime!;
        var currentClasses = cohort.PredictedClasses.AllTime;
        var referenceClasses = holdout.PredictedClasses.AllTime;
        return new HoldoutShift(
            cohort.Cohort,
            MeanShift.Compare(current.Count, current.Mean, current.SampleVariance ?? double.NaN, reference.Count, reference.Mean, reference.SampleVariance ?? double.NaN),
            ShareShift.Compare(Positive, currentClasses.Counts[Positive], currentClasses.Total, referenceClasses.Counts[Positive], referenceClasses.Total),
            ShareShift.Compare(1, cohortLabels.Correct, cohortLabels.Labelled, holdoutLabels.Correct, holdoutLabels.Labelled));
    }

    private static double Quantile(SummaryStatistics summary, double probability) =>
        summary.Quantile(probability) ?? throw new InvalidOperationException($"The monitor reports no {probability} quantile.");

    private static string Describe(string key) => key switch
    {
        HoldoutCohort => "Amazon reviews held out from training",
        WebCohort => "Yelp reviews, even positions",
        MobileCohort => "Yelp reviews, odd positions",
        RollingStatisticsMonitor.OverallCohort => "all cohorts merged",
        _ => key,
    };

    /// <summary>One row of training or scoring data, as ML.NET reads it.</summary>
    private sealed class SentimentRow
    {
        public string Text { get; set; } = string.Empty;

        public bool Label { get; set; }
    }
}
