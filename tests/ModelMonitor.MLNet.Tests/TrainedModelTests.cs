using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Rolling;

namespace ModelMonitor.MLNet.Tests;

public sealed class TrainedModelTests
{
    private static RollingStatisticsMonitor Monitor(int classCount) =>
        new(new RollingStatisticsOptions { ClassCount = classCount, CountWindowSize = 0, TimeWindow = TimeSpan.Zero, TrackClassScores = false });

    [Fact]
    public void Observe_BinarySentimentModel_MatchesTheScoredColumns()
    {
        var (ml, model, serving) = TrainedModels.Sentiment;
        var scored = ml.Data.Cache(model.Transform(serving));
        var monitor = Monitor(2);

        var observed = monitor.Observe(scored, new ScoredViewOptions { CohortColumnName = nameof(SentenceRow.Source) });

        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var snapshot = monitor.Snapshot();
        Assert.Equal(1000, observed);
        Assert.Equal(1000, snapshot.ObservedRecords);
        Assert.Equal("yelp", Assert.Single(snapshot.Cohorts).Cohort);
        Assert.Equal(predicted.Count(p => p), snapshot.Overall.PredictedClasses.AllTime.Counts[1]);
        Assert.Equal(probabilities.Average(p => Math.Max(p, 1.0 - p)), snapshot.Overall.Confidence.AllTime!.Mean, 9);
    }

    [Fact]
    public void Observe_MulticlassAdultModel_ReadsVectorScoresAndKeys()
    {
        var (ml, model, serving) = TrainedModels.Adult;
        var scored = ml.Data.Cache(model.Transform(serving));
        var classCount = ((VectorDataViewType)scored.Schema["Score"].Type).Size;
        var monitor = Monitor(classCount);

        var observed = monitor.Observe(scored);

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var snapshot = monitor.Snapshot();
        Assert.Equal(6, classCount);
        Assert.Equal(1000, observed);
        Assert.Equal(0, snapshot.InvalidRecords.Total);
        for (var c = 0; c < classCount; c++)
        {
            Assert.Equal(keys.Count(k => k == c + 1), snapshot.Overall.PredictedClasses.AllTime.Counts[c]);
        }

        Assert.Equal(scores.Average(s => (double)s.Max()), snapshot.Overall.Confidence.AllTime!.Mean, 6);
    }

    [Fact]
    public void Observe_Multiclass_OpensOneCursorWithOnlyTheNeededColumns()
    {
        var (ml, model, serving) = TrainedModels.Adult;
        var view = new RecordingDataView(model.Transform(serving));

        new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 6 }).Observe(view);

        var request = Assert.Single(view.CursorRequests);
        Assert.Equal(["Label", "PredictedLabel", "Score"], request.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ScoredViewKind.Multiclass, "Score", "vector of Single")]
    [InlineData(ScoredViewKind.Binary, "Label", "Boolean")]
    public void Observe_WrongColumnTypes_ThrowNamingTheColumnBeforeReading(ScoredViewKind kind, string column, string expected)
    {
        var (ml, model, serving) = TrainedModels.Sentiment;
        var scored = model.Transform(serving);
        if (column == "Label")
        {
            scored = ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Single).Fit(scored).Transform(scored);
        }

        var monitor = Monitor(2);

        var e = Assert.Throws<ArgumentException>(() => monitor.Observe(scored, new ScoredViewOptions { Kind = kind }));

        Assert.Equal("scored", e.ParamName);
        Assert.Contains($"Column '{column}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, monitor.Snapshot().ObservedRecords);
    }

    [Fact]
    public void Observe_MissingCohortColumn_ThrowsNamingIt()
    {
        var (_, model, serving) = TrainedModels.Sentiment;

        var e = Assert.Throws<ArgumentException>(() => Monitor(2).Observe(model.Transform(serving), new ScoredViewOptions { CohortColumnName = "Country" }));

        Assert.Contains("no column 'Country'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictionTap_InAPipeline_ObservesRowsLeavesSchemaAndAllowsPredictionEngine()
    {
        var ml = new MLContext(seed: 1);
        var monitor = Monitor(2);
        var train = TrainedModels.Sentences(ml, "amazon_cells_labelled.txt");
        var withTap = TrainedModels.SentimentPipeline(ml).Append(ml.Transforms.ObservePredictions(monitor)).Fit(train);
        var serving = TrainedModels.Sentences(ml, "yelp_labelled.txt");

        var output = withTap.Transform(serving);
        var withoutTap = ((IEnumerable<ITransformer>)withTap).First().Transform(serving);
        var afterFit = monitor.Snapshot().ObservedRecords;
        var probabilities = output.GetColumn<float>("Probability").ToArray();

        Assert.Equal(0, afterFit);
        Assert.Equal(1000, monitor.Snapshot().ObservedRecords);
        Assert.Equal(probabilities.Average(p => Math.Max(p, 1.0 - p)), monitor.Snapshot().Overall.Confidence.AllTime!.Mean, 9);
        Assert.Equal(withoutTap.Schema.Select(c => (c.Name, c.Type)), output.Schema.Select(c => (c.Name, c.Type)));

        var tap = ((IEnumerable<ITransformer>)withTap).Last();
        Assert.True(tap.IsRowToRowMapper);
        var engine = ml.Model.CreatePredictionEngine<SentenceRow, SentimentPrediction>(withTap);
        var prediction = engine.Predict(new SentenceRow { Text = "Great food and friendly staff." });
        Assert.InRange(prediction.Probability, 0f, 1f);
        var e = Assert.Throws<NotSupportedException>(() => ml.Model.Save(withTap, train.Schema, new MemoryStream()));
        Assert.Contains("cannot be saved", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictAndObserve_EachPrediction_IsObservedAsAMulticlassRecord()
    {
        var (ml, model, _) = TrainedModels.Adult;
        var engine = ml.Model.CreatePredictionEngine<AdultRow, AdultPrediction>(model);
        var monitor = Monitor(6);
        var rows = TrainedModels.AdultRows(4020).Skip(4000).ToList();

        var predictions = rows.Select(r => engine.PredictAndObserve(r, monitor, (row, p) => PredictionEngineMonitoring.MulticlassRecord(p.Score, p.PredictedKey, row.Sex))).ToList();

        var snapshot = monitor.Snapshot();
        Assert.Equal(20, snapshot.ObservedRecords);
        Assert.Equal(rows.Select(r => r.Sex).Distinct().Order(StringComparer.Ordinal), snapshot.Cohorts.Select(c => c.Cohort));
        for (var c = 0; c < 6; c++)
        {
            Assert.Equal(predictions.Count(p => p.PredictedKey == c + 1), snapshot.Overall.PredictedClasses.AllTime.Counts[c]);
        }
    }
}
