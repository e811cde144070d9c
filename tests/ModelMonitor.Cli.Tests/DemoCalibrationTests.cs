using ModelMonitor.Cli.Demo;
using ModelMonitor.Tagging;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class DemoCalibrationTests(DemoFixture fixture)
{
    private CalibrationSummary Calibration => fixture.Result.Calibration;

    [Fact]
    public void Threshold_IsServableAndInsideItsInterval()
    {
        var c = Calibration;
        Assert.True(c.Thresholds.IsBinary);
        Assert.Equal(c.Threshold, c.Thresholds.Classes[1].Threshold);
        Assert.InRange(c.Threshold, c.ThresholdLower, c.ThresholdUpper);
        Assert.True(c.ThresholdUpper > c.ThresholdLower);
    }

    [Fact]
    public void OperatingPoints_CountEveryRow()
    {
        var c = Calibration;
        foreach (var p in new[] { c.HoldoutAtHalf, c.HoldoutAtThreshold })
        {
            Assert.Equal(fixture.Result.HoldoutCount, p.TruePositives + p.FalsePositives + p.FalseNegatives + p.TrueNegatives);
        }

        foreach (var p in new[] { c.ServingAtHalf, c.ServingAtThreshold })
        {
            Assert.Equal(fixture.Result.ServingCount, p.TruePositives + p.FalsePositives + p.FalseNegatives + p.TrueNegatives);
        }
    }

    [Fact]
    public void AtHalf_AgreesWithTheAccuracyCountedFromMlNetsPredictedLabel()
    {
        // Two independent counts: the demo's tally of ML.NET's PredictedLabel (score > 0, i.e. p > 0.5), and the calibration read at 0.5.
        Assert.Equal(fixture.Result.Cohort(DemoRunner.HoldoutCohort).Accuracy!.Value, Calibration.HoldoutAtHalf.Accuracy, 12);
        var web = fixture.Result.Cohort(DemoRunner.WebCohort).Labels;
        var mobile = fixture.Result.Cohort(DemoRunner.MobileCohort).Labels;
        Assert.Equal((double)(web.Correct + mobile.Correct) / (web.Labelled + mobile.Labelled), Calibration.ServingAtHalf.Accuracy, 12);
    }

    [Fact]
    public void CalibratedThreshold_IsAtLeastAsGoodAsHalfOnTheHoldoutItWasTunedOn()
    {
        Assert.True(Calibration.HoldoutAtThreshold.F1 >= Calibration.HoldoutAtHalf.F1);
    }

    [Fact]
    public void Queues_HoldWhatTheirSelectorsPromise()
    {
        var queues = Calibration.Queues.ToDictionary(q => q.Selector, StringComparer.Ordinal);
        Assert.Equal(4, queues.Count);
        Assert.All(queues.Values, q => Assert.Equal(fixture.Result.ServingCount, q.Observed));
        Assert.All(queues.Values, q => Assert.Equal(DemoCalibration.QueueItems, q.First.Count));
        Assert.All(queues.Values, q => Assert.All(q.First, item => Assert.False(string.IsNullOrEmpty(item.Text))));

        var leastConfident = queues["least-confident"].First.Select(i => i.Sample.Score).ToList();
        Assert.Equal(leastConfident.Order(), leastConfident);
        Assert.All(leastConfident, s => Assert.InRange(s, 0.5, 0.6));
        Assert.All(queues["near-threshold"].First, i => Assert.InRange(i.Sample.Score, 0, DemoCalibration.NearDelta));
        Assert.All(queues["high-confidence"].First, i => Assert.Equal(0, i.Sample.PredictedClass));
        Assert.All(queues["below-threshold-correct"].First, i =>
        {
            Assert.Equal(TaggingCriterion.BelowThresholdButCorrect, i.Sample.Reason);
            Assert.Equal(i.Sample.PredictedClass, i.Sample.Label);
            Assert.True(i.Sample.Score > 0);
        });
    }

    [Fact]
    public void Report_PrintsTheThresholdAndTheQueues()
    {
        using var writer = new StringWriter();
        DemoReport.Write(fixture.Result, writer);
        var text = writer.ToString();
        Assert.Contains("Decision threshold, calibrated on the Amazon holdout", text, StringComparison.Ordinal);
        Assert.Contains("Yelp @ calibrated", text, StringComparison.Ordinal);
        Assert.Contains("Tagging queues over the Yelp stream", text, StringComparison.Ordinal);
        Assert.Contains("below-threshold-correct", text, StringComparison.Ordinal);
    }
}
