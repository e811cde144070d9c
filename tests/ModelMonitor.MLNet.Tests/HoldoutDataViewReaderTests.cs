using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Thresholds;

namespace ModelMonitor.MLNet.Tests;

public sealed class HoldoutDataViewReaderTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void ReadBinary_TrainedSentimentModel_ReadsEveryHoldoutRowInOrder()
    {
        var (train, holdout) = Split(SentimentRows("amazon_cells_labelled.txt"), 800);
        var pipeline = _ml.Transforms.Text.FeaturizeText("Features", nameof(SentimentRow.Text))
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(_ml.Data.LoadFromEnumerable(train));
        var scored = model.Transform(_ml.Data.LoadFromEnumerable(holdout));

        var read = HoldoutDataViewReader.ReadBinary(scored);

        var expected = _ml.Data.CreateEnumerable<BinaryScored>(scored, reuseRowObject: false).ToList();
        Assert.Equal(expected.Select(e => (double)e.Probability), read.Scores);
        Assert.Equal(expected.Select(e => e.Label), read.Labels);
        Assert.Equal(holdout.Count, read.Scores.Length);
        var calibration = ThresholdCalibrator.Calibrate(read.Scores, read.Labels);
        Assert.InRange(calibration.RocAuc, 0.75, 1.0);
    }

    [Fact]
    public void ReadMulticlass_TrainedFourClassModel_ReadsProbabilitiesAndZeroBasedLabels()
    {
        // Four real classes: the review's source (Amazon or Yelp) crossed with its sentiment.
        var rows = SentimentRows("amazon_cells_labelled.txt").Select(r => new SourcedRow { Text = r.Text, Class = $"amazon-{r.Label}" })
            .Concat(SentimentRows("yelp_labelled.txt").Select(r => new SourcedRow { Text = r.Text, Class = $"yelp-{r.Label}" }))
            .Where((_, i) => i % 2 == 0)
            .ToList();
        var (train, holdout) = Split(rows, 700);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Label", nameof(SourcedRow.Class))
            .Append(_ml.Transforms.Text.FeaturizeText("Features", nameof(SourcedRow.Text)))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        var model = pipeline.Fit(_ml.Data.LoadFromEnumerable(train));
        var scored = model.Transform(_ml.Data.LoadFromEnumerable(holdout));

        var read = HoldoutDataViewReader.ReadMulticlass(scored);

        var expected = _ml.Data.CreateEnumerable<MulticlassScored>(scored, reuseRowObject: false).ToList();
        Assert.Equal(4, read.ClassCount);
        Assert.Equal(expected.SelectMany(e => e.Score).Select(s => (double)s), read.Probabilities);
        Assert.Equal(expected.Select(e => (int)e.Label - 1), read.Labels);
        var thresholds = MulticlassThresholds.Calibrate(read.Probabilities, read.Labels, read.ClassCount, ThresholdObjective.F1);
        Assert.Equal(4, thresholds.Classes.Count);
        Assert.All(thresholds.Classes, c => Assert.NotNull(c.Threshold));
    }

    [Fact]
    public void ReadBinary_MissingOrMistypedColumn_NamesIt()
    {
        var view = _ml.Data.LoadFromEnumerable([new BinaryScored { Probability = 0.4f, Label = true }]);

        var missing = Assert.Throws<ArgumentException>(() => HoldoutDataViewReader.ReadBinary(view, labelColumn: "Truth"));
        Assert.Contains("'Truth'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("scored", missing.ParamName);

        var mistyped = Assert.Throws<ArgumentException>(() => HoldoutDataViewReader.ReadBinary(view, probabilityColumn: "Label"));
        Assert.Contains("'Label'", mistyped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBinary_NaNProbability_NamesTheRow()
    {
        var view = _ml.Data.LoadFromEnumerable(
        [
            new BinaryScored { Probability = 0.4f, Label = true },
            new BinaryScored { Probability = float.NaN, Label = false },
        ]);

        var e = Assert.Throws<InvalidDataException>(() => HoldoutDataViewReader.ReadBinary(view));
        Assert.Contains("Row 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Probability'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMulticlass_ScoreColumnNotAVector_NamesIt()
    {
        var view = _ml.Data.LoadFromEnumerable([new BinaryScored { Probability = 0.4f, Label = true }]);
        var e = Assert.Throws<ArgumentException>(() => HoldoutDataViewReader.ReadMulticlass(view, scoreColumn: "Probability"));
        Assert.Contains("'Probability'", e.Message, StringComparison.Ordinal);
        Assert.Contains("vector", e.Message, StringComparison.Ordinal);
    }

    private static (List<T> Train, List<T> Holdout) Split<T>(List<T> rows, int trainCount)
    {
        // A fixed permutation (7919 is prime, so i * 7919 mod n visits every index) mixes the classes into both parts.
        var shuffled = rows.Select((r, i) => (r, key: i * 7919L % rows.Count)).OrderBy(p => p.key).Select(p => p.r).ToList();
        return (shuffled.Take(trainCount).ToList(), shuffled.Skip(trainCount).ToList());
    }

    private static List<SentimentRow> SentimentRows(string file) =>
        [.. SentimentFiles.Read(file).Select(r => new SentimentRow { Text = r.Text, Label = r.Label })];

    private sealed class SentimentRow
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class SourcedRow
    {
        public string Text { get; set; } = "";

        public string Class { get; set; } = "";
    }

    private sealed class BinaryScored
    {
        public float Probability { get; set; }

        public bool Label { get; set; }
    }

    private sealed class MulticlassScored
    {
        [VectorType(4)]
        public float[] Score { get; set; } = [];

        [KeyType(4)]
        public uint Label { get; set; }
    }
}
