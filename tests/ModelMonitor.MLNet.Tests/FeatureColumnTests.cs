using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Features;
using ModelMonitor.Schema;

namespace ModelMonitor.MLNet.Tests;

public sealed class FeatureColumnTests
{
    /// <summary>Records every record and feature row it is given, with text copied out of the view's buffers.</summary>
    private sealed class Recorder(params string[] features) : IPredictionObserver, IFeatureObserver
    {
        public List<int> Predicted { get; } = [];

        public List<object?[]> Rows { get; } = [];

        public IReadOnlyList<string> FeatureNames => features;

        public void Observe(in PredictionRecord record) => Predicted.Add(record.PredictedClass);

        public void ObserveFeatures(ReadOnlySpan<FeatureValue> row)
        {
            var copy = new object?[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                copy[i] = row[i].Kind switch
                {
                    FeatureValueKind.Number => row[i].Number,
                    FeatureValueKind.Text => row[i].Text.ToString(),
                    FeatureValueKind.Boolean => row[i].Boolean,
                    _ => null,
                };
            }

            Rows.Add(copy);
        }
    }

    public sealed class TypedRow
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }

        public double Income { get; set; }

        public int Visits { get; set; }

        public long Bytes { get; set; }

        public bool Member { get; set; }

        public string Plan { get; set; } = string.Empty;

        public float[] Embedding { get; set; } = [0f, 1f];
    }

    private static readonly TypedRow[] Typed =
    [
        new() { Probability = 0.9f, PredictedLabel = true, Income = 1234.5, Visits = 3, Bytes = 5_000_000_000, Member = true, Plan = "gold" },
        new() { Probability = 0.2f, PredictedLabel = false, Income = -1, Visits = 0, Bytes = 7, Member = false, Plan = "" },
    ];

    private static IDataView TypedView() => new MLContext(seed: 1).Data.LoadFromEnumerable(Typed, SchemaDefinitionFor());

    private static SchemaDefinition SchemaDefinitionFor()
    {
        var definition = SchemaDefinition.Create(typeof(TypedRow));
        definition[nameof(TypedRow.Embedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        return definition;
    }

    [Fact]
    public void Observe_AdultModel_ReadsTheObserversFeaturesInOnePassWithOnlyThoseColumnsActive()
    {
        var (_, model, serving) = TrainedModels.Adult;
        var view = new RecordingDataView(model.Transform(serving));
        var recorder = new Recorder("Age", "Sex", "HoursPerWeek");

        var observed = recorder.Observe(view);

        var request = Assert.Single(view.CursorRequests);
        Assert.Equal(["Age", "HoursPerWeek", "Label", "PredictedLabel", "Score", "Sex"], request.Order(StringComparer.Ordinal));
        var rows = TrainedModels.AdultRows(4000).Skip(3000).ToList();
        Assert.Equal(1000, observed);
        Assert.Equal(1000, recorder.Predicted.Count);
        Assert.Equal(rows.Select(r => new object?[] { (double)r.Age, r.Sex, (double)r.HoursPerWeek }), recorder.Rows);
    }

    [Fact]
    public void PredictionTap_WithFeatureObserver_HandsEachRowsFeaturesOn()
    {
        var (ml, model, serving) = TrainedModels.Adult;
        var recorder = new Recorder("Age", "Sex");
        var tapped = ml.Transforms.ObservePredictions(recorder).Fit(model.Transform(serving)).Transform(model.Transform(serving));

        _ = tapped.GetColumn<float>("Age").ToArray();

        var rows = TrainedModels.AdultRows(4000).Skip(3000).ToList();
        Assert.Equal(1000, recorder.Predicted.Count);
        Assert.Equal(rows.Select(r => new object?[] { (double)r.Age, r.Sex }), recorder.Rows);
    }

    [Fact]
    public void Observe_EveryFeatureType_IsReadAsItsValue()
    {
        var recorder = new Recorder("Income", "Visits", "Bytes", "Member", "Plan");

        recorder.Observe(TypedView(), new ScoredViewOptions { LabelColumnName = null });

        Assert.Equal([1, 0], recorder.Predicted);
        Assert.Equal(new object?[] { 1234.5, 3.0, 5_000_000_000.0, true, "gold" }, recorder.Rows[0]);
        // Empty text is missing.
        Assert.Equal(new object?[] { -1.0, 0.0, 7.0, false, null }, recorder.Rows[1]);
    }

    [Fact]
    public void Observe_VectorFeature_ThrowsNamingTheColumnBeforeReading()
    {
        var recorder = new Recorder("Income", "Embedding");

        var e = Assert.Throws<ArgumentException>(() => recorder.Observe(TypedView()));

        Assert.Contains("Column 'Embedding'", e.Message, StringComparison.Ordinal);
        Assert.Contains("to be read as a feature", e.Message, StringComparison.Ordinal);
        Assert.Empty(recorder.Predicted);
    }

    [Fact]
    public void Observe_MissingFeature_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new Recorder("Country").Observe(TypedView()));
        Assert.Contains("no column 'Country'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_FeatureColumnNamesTheObserverDoesNotTake_Throws()
    {
        var plain = new Rolling.RollingStatisticsMonitor(new Rolling.RollingStatisticsOptions { ClassCount = 2 });
        var e = Assert.Throws<ArgumentException>(() => plain.Observe(TypedView(), new ScoredViewOptions { FeatureColumnNames = ["Income"] }));
        Assert.Contains("takes no features", e.Message, StringComparison.Ordinal);

        var other = Assert.Throws<ArgumentException>(() => new Recorder("Visits", "Income").Observe(TypedView(), new ScoredViewOptions { FeatureColumnNames = ["Income", "Visits"] }));
        Assert.Contains("takes [Visits, Income]", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_FeatureMonitor_ValidatesServingRowsAgainstTheTrainingSchemaAndTestsDrift()
    {
        var (ml, model, serving) = TrainedModels.Adult;
        var training = ml.Data.LoadFromEnumerable(TrainedModels.AdultRows(3000));
        var reference = DataViewProfiler.Profile(training, ["Age", "Sex", "HoursPerWeek"]);
        var schema = DataSchema.Infer(reference);
        schema.Column("Sex")!.Domain = ["Male"];
        var monitor = new FeatureMonitor(["Age", "Sex", "HoursPerWeek"], new FeatureMonitorOptions { Schema = schema, Reference = reference });

        monitor.Observe(model.Transform(serving));

        var snapshot = monitor.Snapshot();
        var rows = TrainedModels.AdultRows(4000).Skip(3000).ToList();
        Assert.Equal(1000, snapshot.RowCount);
        var domain = Assert.Single(snapshot.Violations, v => v.Kind == ViolationKind.OutOfDomain);
        Assert.Equal(("Sex", (long)rows.Count(r => r.Sex != "Male")), (domain.Column, domain.Count));
        Assert.Equal(["Age", "HoursPerWeek"], snapshot.Drift.Select(d => d.Column));
        Assert.All(snapshot.Drift, d => Assert.Equal((3000L, 1000L), (d.Result.ReferenceCount, d.Result.CurrentCount)));
    }
}
