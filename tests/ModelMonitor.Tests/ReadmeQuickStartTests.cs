using ModelMonitor.Rolling;
using ModelMonitor.Serialization;

namespace ModelMonitor.Tests;

/// <summary>The README's quick start, compiled and run, so it cannot rot. Keep the two in step.</summary>
public class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStart_RunsAndReportsWhatTheReadmeSays()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions
        {
            ClassCount = 2,
            ClassNames = ["negative", "positive"],
            CountWindowSize = 1000,                 // the last 1000 records of each cohort
            TimeWindow = TimeSpan.FromMinutes(5),   // in 10 buckets of 30 s, with the previous window kept
            Quantiles = [0.1, 0.5, 0.9],
        });

        // In the serving path: one record per prediction; Observe is thread-safe and allocation-free.
        var scores = new float[] { 0.2f, 0.8f };
        monitor.Observe(new PredictionRecord(DateTimeOffset.UtcNow, scores, predictedClass: 1, cohort: "mobile"));

        // Anywhere else: an immutable snapshot, per cohort and overall.
        RollingStatisticsSnapshot snapshot = monitor.Snapshot();
        CohortStatistics mobile = snapshot.Cohorts.Single(c => c.Cohort == "mobile");
        double meanConfidence = mobile.Confidence.CountWindow!.Mean;          // 0.8
        double? median = mobile.Confidence.CountWindow.Quantile(0.5);         // exact over the window
        double? shift = mobile.Trend?.ConfidenceVsPreviousWindow?.ZScore;     // null until two windows exist
        string json = ModelMonitorJson.Serialize(snapshot);

        Assert.Equal(0.8, meanConfidence, 6);
        Assert.Equal(0.8, median!.Value, 6);
        Assert.Null(shift);
        Assert.Contains("\"mobile\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ContainsThisQuickStart()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains("monitor.Observe(new PredictionRecord(DateTimeOffset.UtcNow, scores, predictedClass: 1, cohort: \"mobile\"));", readme, StringComparison.Ordinal);
        Assert.Contains("double? median = mobile.Confidence.CountWindow.Quantile(0.5);", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet test ModelMonitor.sln -c Release", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/ModelMonitor.Cli -- demo", readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelMonitor.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ModelMonitor.sln not found above the test output.");
    }
}
