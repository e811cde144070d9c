using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Rolling;

namespace ModelMonitor.MLNet.Tests;

public sealed class ScoredDataViewReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly MLContext _ml = new(seed: 0);

    [Fact]
    public void ReadBinary_LabelledView_YieldsScorePredictedClassAndLabel()
    {
        var view = _ml.Data.LoadFromEnumerable(
        [
            new LabelledRow { Probability = 0.9f, PredictedLabel = true, Label = true },
            new LabelledRow { Probability = 0.2f, PredictedLabel = false, Label = true },
            new LabelledRow { Probability = 0.6f, PredictedLabel = true, Label = false },
        ]);

        var records = ScoredDataViewReader.ReadBinary(view).ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal([0.9f, 0.2f, 0.6f], records.Select(r => Assert.Single(r.Scores.ToArray())));
        Assert.Equal([1, 0, 1], records.Select(r => r.PredictedClass));
        Assert.Equal([1, 1, 0], records.Select(r => r.Label));
        Assert.All(records, r => Assert.Equal(default, r.Timestamp));
        Assert.All(records, r => Assert.Null(r.Cohort));
    }

    [Fact]
    public void ReadBinary_NoLabelColumn_RecordsHaveNoLabel()
    {
        var view = _ml.Data.LoadFromEnumerable([new UnlabelledRow { Probability = 0.3f, PredictedLabel = false }]);

        var record = Assert.Single(ScoredDataViewReader.ReadBinary(view));

        Assert.Null(record.Label);
        Assert.Equal(0, record.PredictedClass);
        Assert.Equal(0.3f, record.Scores.Span[0]);
    }

    [Fact]
    public void ReadBinary_Selectors_GetZeroBasedRowPosition()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows(4));

        var records = ScoredDataViewReader.ReadBinary(
            view,
            row => Start.AddSeconds(2 * row),
            row => row % 2 == 0 ? "web" : "mobile").ToList();

        Assert.Equal([Start, Start.AddSeconds(2), Start.AddSeconds(4), Start.AddSeconds(6)], records.Select(r => r.Timestamp));
        Assert.Equal(["web", "mobile", "web", "mobile"], records.Select(r => r.Cohort));
    }

    [Fact]
    public void ReadBinary_Records_HaveScoreBuffersOfTheirOwn()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows(3));

        var records = ScoredDataViewReader.ReadBinary(view).ToList();

        Assert.Equal([0.1f, 0.4f, 0.7f], records.Select(r => r.Scores.Span[0]));
    }

    [Fact]
    public void ReadBinary_EachEnumeration_OpensOneCursorWithOnlyTheNeededColumns()
    {
        var inner = _ml.Data.LoadFromEnumerable(
        [
            new WideRow { Probability = 0.8f, PredictedLabel = true, Label = true, Score = 1.5f, Text = "good" },
            new WideRow { Probability = 0.3f, PredictedLabel = false, Label = false, Score = -0.9f, Text = "bad" },
        ]);
        var view = new RecordingDataView(inner);

        var records = ScoredDataViewReader.ReadBinary(view);
        Assert.Empty(view.CursorRequests);
        Assert.Equal(2, records.Count());
        Assert.Equal(2, records.Count());

        Assert.Equal(2, view.CursorRequests.Count);
        Assert.All(view.CursorRequests, names => Assert.Equal(["Label", "PredictedLabel", "Probability"], names.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void ReadBinary_NullView_ThrowsArgumentNull()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => ScoredDataViewReader.ReadBinary(null!));

        Assert.Equal("scored", exception.ParamName);
    }

    [Fact]
    public void ReadBinary_MissingProbability_ThrowsBeforeEnumerationNamingColumn()
    {
        var view = _ml.Data.LoadFromEnumerable([new NoProbabilityRow { Score = 1f, PredictedLabel = true }]);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'Probability'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Score'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_MissingPredictedLabel_ThrowsNamingColumn()
    {
        var view = _ml.Data.LoadFromEnumerable([new NoPredictedLabelRow { Probability = 0.5f }]);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'PredictedLabel'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_DoubleProbability_ThrowsNamingColumnAndBothTypes()
    {
        var view = _ml.Data.LoadFromEnumerable([new DoubleProbabilityRow { Probability = 0.5, PredictedLabel = true }]);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'Probability'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Double", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Single", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_VectorProbability_ThrowsNamingColumn()
    {
        var view = _ml.Data.LoadFromEnumerable([new VectorProbabilityRow { Probability = [0.2f, 0.8f], PredictedLabel = true }]);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'Probability'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Vector", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_KeyPredictedLabel_ThrowsNamingColumnAndBothTypes()
    {
        var multiclass = _ml.Data.LoadFromEnumerable([new TextLabelRow { Probability = 0.5f, PredictedLabel = "b" }]);
        var view = _ml.Transforms.Conversion.MapValueToKey("PredictedLabel").Fit(multiclass).Transform(multiclass);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'PredictedLabel'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Key", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Boolean", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_FloatLabel_ThrowsNamingColumnAndBothTypes()
    {
        var view = _ml.Data.LoadFromEnumerable([new FloatLabelRow { Probability = 0.5f, PredictedLabel = true, Label = 1f }]);

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ReadBinary(view));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'Label'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Single", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Boolean", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveBinary_LabelledView_ObservesEachRecordAndReturnsCount()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows(5));
        var observer = new CopyingObserver();

        var count = ScoredDataViewReader.ObserveBinary(view, observer, row => Start.AddSeconds(row), row => $"c{row % 2}");

        Assert.Equal(5, count);
        Assert.Equal([0.1f, 0.4f, 0.7f, 1.0f, 0.3f], observer.Scores);
        Assert.Equal([0, 0, 1, 1, 0], observer.Records.Select(r => r.PredictedClass));
        Assert.Equal([0, 1, 0, 1, 0], observer.Records.Select(r => r.Label));
        Assert.Equal(["c0", "c1", "c0", "c1", "c0"], observer.Records.Select(r => r.Cohort));
        Assert.Equal(Start.AddSeconds(4), observer.Records[^1].Timestamp);
    }

    [Fact]
    public void ObserveBinary_EmptyView_ReturnsZero()
    {
        var view = _ml.Data.LoadFromEnumerable(Array.Empty<LabelledRow>());
        var observer = new CopyingObserver();

        Assert.Equal(0, ScoredDataViewReader.ObserveBinary(view, observer));
        Assert.Empty(observer.Records);
    }

    [Fact]
    public void ObserveBinary_RollingMonitor_SeesEveryRecordByCohort()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows(10));
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassNames = ["negative", "positive"] });

        var count = ScoredDataViewReader.ObserveBinary(view, monitor, row => Start.AddSeconds(row), row => row < 4 ? "a" : "b");
        var snapshot = monitor.Snapshot(Start.AddSeconds(9));

        Assert.Equal(10, count);
        Assert.Equal(10, snapshot.ObservedRecords);
        Assert.Equal(0, snapshot.InvalidRecords.Total);
        Assert.Equal([4L, 6L], snapshot.Cohorts.Select(c => c.Count));
    }

    [Fact]
    public void ObserveBinary_NullObserver_ThrowsArgumentNull()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows(1));

        var exception = Assert.Throws<ArgumentNullException>(() => ScoredDataViewReader.ObserveBinary(view, null!));

        Assert.Equal("observer", exception.ParamName);
    }

    [Fact]
    public void ObserveBinary_WrongTypeLabel_ThrowsAndObservesNothing()
    {
        var view = _ml.Data.LoadFromEnumerable([new FloatLabelRow { Probability = 0.5f, PredictedLabel = true, Label = 1f }]);
        var observer = new CopyingObserver();

        var exception = Assert.Throws<ArgumentException>(() => ScoredDataViewReader.ObserveBinary(view, observer));

        Assert.Equal("scored", exception.ParamName);
        Assert.Contains("'Label'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(observer.Records);
    }

    [Fact]
    public void ReadBinary_SdcaLogisticRegressionOutput_IsAccepted()
    {
        var random = new Random(7);
        var points = Enumerable.Range(0, 200).Select(i =>
        {
            var label = i % 2 == 0;
            var centre = label ? 1.5f : -1.5f;
            return new PointRow { Features = [centre + (float)random.NextDouble() - 0.5f, (float)random.NextDouble()], Label = label };
        }).ToList();
        var data = _ml.Data.LoadFromEnumerable(points);
        var trainer = _ml.BinaryClassification.Trainers.SdcaLogisticRegression(
            new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
        var scored = trainer.Fit(data).Transform(data);

        var records = ScoredDataViewReader.ReadBinary(scored).ToList();

        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.InRange(r.Scores.Span[0], 0f, 1f));
        Assert.All(records, r => Assert.Equal(r.Scores.Span[0] > 0.5f ? 1 : 0, r.PredictedClass));
        Assert.True(records.Count(r => r.PredictedClass == r.Label) >= 190);
    }

    private static IEnumerable<LabelledRow> Rows(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var p = ((i * 3) + 1) % 10 / 10f;
            return new LabelledRow { Probability = p == 0 ? 1f : p, PredictedLabel = p == 0 || p >= 0.5f, Label = i % 2 == 1 };
        });

    private sealed class CopyingObserver : IPredictionObserver
    {
        public List<PredictionRecord> Records { get; } = [];

        public List<float> Scores { get; } = [];

        public void Observe(in PredictionRecord record)
        {
            Records.Add(record);
            Scores.Add(record.Scores.Span[0]);
        }
    }


    private sealed class LabelledRow
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }

        public bool Label { get; set; }
    }

    private sealed class UnlabelledRow
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class WideRow
    {
        public string Text { get; set; } = string.Empty;

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }

        public bool Label { get; set; }
    }

    private sealed class NoProbabilityRow
    {
        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class NoPredictedLabelRow
    {
        public float Probability { get; set; }
    }

    private sealed class DoubleProbabilityRow
    {
        public double Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class VectorProbabilityRow
    {
        [VectorType(2)]
        public float[] Probability { get; set; } = [];

        public bool PredictedLabel { get; set; }
    }

    private sealed class TextLabelRow
    {
        public float Probability { get; set; }

        public string PredictedLabel { get; set; } = string.Empty;
    }

    private sealed class FloatLabelRow
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }

        public float Label { get; set; }
    }

    private sealed class PointRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
