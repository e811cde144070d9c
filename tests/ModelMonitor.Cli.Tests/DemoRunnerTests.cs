using ModelMonitor.Cli.Demo;
using ModelMonitor.Reporting;
using ModelMonitor.Rolling;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class DemoRunnerTests(DemoFixture fixture)
{
    private DemoResult Result => fixture.Result;

    [Fact]
    public void Run_AmazonSplit_TrainsOn800AndHoldsOut200()
    {
        Assert.Equal(800, Result.TrainingCount);
        Assert.Equal(200, Result.HoldoutCount);
        Assert.Equal(1000, Result.ServingCount);
    }

    [Fact]
    public void Run_Counts_AddUpPerCohort()
    {
        var holdout = Result.Cohort(DemoRunner.HoldoutCohort);
        var web = Result.Cohort(DemoRunner.WebCohort);
        var mobile = Result.Cohort(DemoRunner.MobileCohort);
        var overall = Result.Cohort(RollingStatisticsMonitor.OverallCohort);

        Assert.Equal(200, holdout.Count);
        Assert.Equal(500, web.Count);
        Assert.Equal(500, mobile.Count);
        Assert.Equal(1000, web.Count + mobile.Count);
        Assert.Equal(1200, overall.Count);
        Assert.Equal(1200, Result.Snapshot.ObservedRecords);
        Assert.Equal(0, Result.Snapshot.InvalidRecords.Total);
        Assert.Equal(0, Result.Snapshot.LateRecords);
        Assert.All(Result.Cohorts, c => Assert.Equal(c.Count, c.Labels.Labelled));
        Assert.Equal(
            [DemoRunner.MobileCohort, DemoRunner.HoldoutCohort, DemoRunner.WebCohort],
            Result.Snapshot.Cohorts.Select(c => c.Cohort));
    }

    [Fact]
    public void Run_Holdout_IsClearlyMoreAccurateThanYelp()
    {
        var holdout = Result.Cohort(DemoRunner.HoldoutCohort).Labels;
        var web = Result.Cohort(DemoRunner.WebCohort).Labels;
        var mobile = Result.Cohort(DemoRunner.MobileCohort).Labels;
        var yelpAccuracy = (double)(web.Correct + mobile.Correct) / (web.Labelled + mobile.Labelled);

        Assert.InRange(holdout.Accuracy!.Value, 0.7, 1.0);
        Assert.True(holdout.Accuracy - yelpAccuracy > 0.05, $"holdout accuracy {holdout.Accuracy:0.000}, Yelp accuracy {yelpAccuracy:0.000}");
        Assert.True(web.Accuracy < holdout.Accuracy);
        Assert.True(mobile.Accuracy < holdout.Accuracy);
        Assert.All(Result.ShiftsFromHoldout, s => Assert.True(s.Accuracy.Difference < 0));
    }

    [Fact]
    public void Run_Yelp_IsLessConfidentThanHoldout()
    {
        var holdout = Result.Cohort(DemoRunner.HoldoutCohort);
        var web = Result.Cohort(DemoRunner.WebCohort);
        var mobile = Result.Cohort(DemoRunner.MobileCohort);
        var yelpMean = ((web.MeanConfidence * web.Count) + (mobile.MeanConfidence * mobile.Count)) / (web.Count + mobile.Count);

        Assert.True(yelpMean < holdout.MeanConfidence - 0.01, $"holdout mean confidence {holdout.MeanConfidence:0.000}, Yelp {yelpMean:0.000}");
        Assert.True(web.MeanConfidence < holdout.MeanConfidence);
        Assert.True(mobile.MeanConfidence < holdout.MeanConfidence);
        Assert.True(web.ConfidenceP10 < holdout.ConfidenceP10);
        Assert.All(Result.ShiftsFromHoldout, s =>
        {
            Assert.True(s.Confidence.Difference < 0);
            Assert.True(s.Confidence.ZScore < 0);
        });
    }

    [Fact]
    public void Run_Summaries_ComeFromTheSnapshot()
    {
        var web = Result.Cohort(DemoRunner.WebCohort);
        var stats = Result.Snapshot.Cohorts.Single(c => c.Cohort == DemoRunner.WebCohort);

        Assert.Equal(stats.Confidence.AllTime!.Mean, web.MeanConfidence);
        Assert.Equal(stats.Confidence.AllTime.Quantile(0.5), web.ConfidenceP50);
        Assert.Equal(stats.PredictedClasses.AllTime.Shares, web.PredictedShares);
        Assert.InRange(web.ConfidenceP10, 0.5, web.ConfidenceP50);
        Assert.InRange(web.ConfidenceP90, web.ConfidenceP50, 1.0);
        Assert.Equal(1.0, web.PredictedShares.Sum(), 12);
    }

    [Fact]
    public void Run_TimeWindows_HoldTheLastTenMinutesOfYelp()
    {
        var snapshot = Result.Snapshot;

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 39, 58, TimeSpan.Zero), snapshot.AsOf);
        Assert.Equal(Result.LastTimestamp, snapshot.AsOf);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero), snapshot.Windows.CurrentWindowStart);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 20, 0, TimeSpan.Zero), snapshot.Windows.PreviousWindowStart);
        Assert.Equal((150L, 150L), (Result.Cohort(DemoRunner.WebCohort).Window.CurrentCount, Result.Cohort(DemoRunner.WebCohort).Window.PreviousCount));
        Assert.Equal((300L, 300L), (Result.Cohort(RollingStatisticsMonitor.OverallCohort).Window.CurrentCount, Result.Cohort(RollingStatisticsMonitor.OverallCohort).Window.PreviousCount));
        Assert.Equal(0, Result.Cohort(DemoRunner.HoldoutCohort).Window.CurrentCount);
        Assert.NotNull(Result.Cohort(DemoRunner.WebCohort).Window.ConfidenceVsPreviousWindow?.ZScore);
        Assert.NotNull(Result.Cohort(DemoRunner.WebCohort).Window.PositiveShareVsAllTime?.ZScore);
        Assert.Null(Result.Cohort(DemoRunner.HoldoutCohort).Window.ConfidenceVsPreviousWindow);
    }

    [Fact]
    public void Run_SnapshotFile_HoldsTheReportWithTheMonitorSnapshot()
    {
        Assert.Equal(fixture.SnapshotPath, Result.SnapshotPath);
        Assert.True(File.Exists(fixture.SnapshotPath));

        var report = MonitorReport.FromJson(File.ReadAllText(fixture.SnapshotPath));
        var snapshot = Assert.IsType<RollingStatisticsSnapshot>(Assert.Single(report.Snapshots));

        Assert.Equal(DemoRunner.MonitorName, snapshot.MonitorName);
        Assert.Equal(Result.Snapshot.AsOf, snapshot.AsOf);
        Assert.Equal(["negative", "positive"], snapshot.ClassNames);
        Assert.Equal(1200, snapshot.ObservedRecords);
        Assert.Equal(Result.Snapshot.Cohorts.Select(c => (c.Cohort, c.Count)), snapshot.Cohorts.Select(c => (c.Cohort, c.Count)));
        Assert.Equal(Result.Snapshot.Overall.Confidence.AllTime!.Mean, snapshot.Overall.Confidence.AllTime!.Mean);
        Assert.Equal(Result.Report.ToJson() + "\n", File.ReadAllText(fixture.SnapshotPath));
        Assert.Equal(report.ToJson(), Result.Report.ToJson());
    }

    [Fact]
    public void Run_Twice_WritesTheSameSnapshotAndReport()
    {
        var second = DemoRunner.Run(Path.Combine(fixture.Directory, "second"));

        Assert.Equal(File.ReadAllText(fixture.SnapshotPath), File.ReadAllText(second.SnapshotPath));
        Assert.Equal(File.ReadAllText(fixture.ReportPath), File.ReadAllText(second.ReportPath));
        Assert.Equal(Result.Cohorts.Select(c => c.Labels), second.Cohorts.Select(c => c.Labels));
    }

    [Fact]
    public void Write_Result_PrintsEveryCohortTheShiftAndThePath()
    {
        using var output = new StringWriter();

        DemoReport.Write(Result, output);
        var text = output.ToString();

        Assert.Contains("training-holdout", text, StringComparison.Ordinal);
        Assert.Contains("Serving vs training holdout", text, StringComparison.Ordinal);
        Assert.Contains(Result.SnapshotPath, text, StringComparison.Ordinal);
        var webRow = text.Split('\n').First(l => l.StartsWith("web ", StringComparison.Ordinal));
        Assert.Contains(Result.Cohort(DemoRunner.WebCohort).MeanConfidence.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), webRow, StringComparison.Ordinal);
        Assert.Contains("(all)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_YelpAgainstAmazonHoldout_ConfidenceDistributionDrifts()
    {
        var confidence = Result.Drift.Columns.Single(c => c.Column == "confidence");
        Assert.Equal(ModelMonitor.Drift.DriftMethod.KolmogorovSmirnov, confidence.Method);
        Assert.True(confidence.IsDrift, confidence.Reason);
        Assert.True(confidence.AdjustedPValue < 0.05);
        Assert.True(confidence.EffectSize >= 0.1);
        Assert.Equal(["characters", "words", "confidence", "predicted"], Result.Drift.Columns.Select(c => c.Column));
    }

    [Fact]
    public void Run_ClassDistribution_OneResultPerCohortAgainstTrainingLabels()
    {
        Assert.Equal(Result.Snapshot.Cohorts.Select(c => c.Cohort), Result.ClassDistribution.Select(c => c.Cohort));
        var web = Result.ClassDistribution.Single(c => c.Cohort == DemoRunner.WebCohort);
        Assert.Equal(150, web.CurrentTotal);
    }
}

