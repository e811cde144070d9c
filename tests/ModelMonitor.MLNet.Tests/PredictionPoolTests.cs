using Microsoft.ML;
using ModelMonitor.Rolling;

namespace ModelMonitor.MLNet.Tests;

public sealed class PredictionPoolTests
{
    [Fact]
    public void Observing_PoolLikeFunctionFromManyThreads_ObservesEveryPredictionOnce()
    {
        var (ml, model, _) = TrainedModels.Adult;
        // What PredictionEnginePool gives: a thread-safe Predict backed by one engine per thread.
        using var engines = new ThreadLocal<PredictionEngine<AdultRow, AdultPrediction>>(() => ml.Model.CreatePredictionEngine<AdultRow, AdultPrediction>(model));
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 6, CountWindowSize = 0, TimeWindow = TimeSpan.Zero, TrackClassScores = false });
        var predict = PredictionEngineMonitoring.Observing<AdultRow, AdultPrediction>(
            row => engines.Value!.Predict(row),
            monitor,
            (row, p) => PredictionEngineMonitoring.MulticlassRecord([.. p.Score], p.PredictedKey, row.Sex));
        var rows = TrainedModels.AdultRows(3400).Skip(3000).ToArray();

        var predictions = new AdultPrediction[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => predictions[i] = predict(rows[i]));

        var snapshot = monitor.Snapshot();
        Assert.Equal(rows.Length, snapshot.ObservedRecords);
        for (var c = 0; c < 6; c++)
        {
            Assert.Equal(predictions.Count(p => p.PredictedKey == c + 1), snapshot.Overall.PredictedClasses.AllTime.Counts[c]);
        }

        Assert.Equal(rows.Count(r => r.Sex == "Female"), snapshot.Cohorts.Single(c => c.Cohort == "Female").Count);
    }

    [Fact]
    public void Observing_NullArguments_ThrowNamingThem()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 2 });
        Assert.Equal("predict", Assert.Throws<ArgumentNullException>(() => PredictionEngineMonitoring.Observing<int, int>(null!, monitor, (_, _) => default)).ParamName);
        Assert.Equal("observer", Assert.Throws<ArgumentNullException>(() => PredictionEngineMonitoring.Observing<int, int>(x => x, null!, (_, _) => default)).ParamName);
        Assert.Equal("toRecord", Assert.Throws<ArgumentNullException>(() => PredictionEngineMonitoring.Observing<int, int>(x => x, monitor, null!)).ParamName);
    }
}
