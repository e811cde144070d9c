using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Drift;
using ModelMonitor.Rolling;

namespace ModelMonitor.Tests.Drift.Detection;

public class ClassDistributionValidatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_ClassShareDoubled_FlaggedWithRatio()
    {
        long[] training = [4000, 3000, 2000, 1000];
        long[] serving = [350, 250, 200, 200];

        var result = ClassDistributionValidator.Validate(training, serving);

        Assert.True(result.IsDrift, result.Reason);
        Assert.True(result.ChiSquare!.PValue < 1e-6);
        Assert.InRange(result.PopulationStabilityIndex!.Statistic, 0.05, 0.1); // below the PSI threshold: the share ratio decides
        Assert.Contains("share ratio over threshold for class 3", result.Reason, StringComparison.Ordinal);
        var class3 = result.Classes[3];
        Assert.Equal(0.1, class3.ReferenceShare, 12);
        Assert.Equal(0.2, class3.CurrentShare, 12);
        Assert.Equal(2.0, class3.Ratio, 12);
        Assert.Equal("class 3: 10% in training, 20% in serving (x2)", class3.ToString());
        Assert.Same(class3, result.LargestChange);
    }

    [Fact]
    public void Validate_ClassShareDoubledWithoutRatioRule_LeftToPsiAndNotFlagged()
    {
        var options = new ClassDistributionOptions { ClassRatioThreshold = null };

        var result = ClassDistributionValidator.Validate([4000, 3000, 2000, 1000], [350, 250, 200, 200], options);

        Assert.False(result.IsDrift, result.Reason);
    }

    [Fact]
    public void Validate_RareClassDoubledByLessThanMinimumShareChange_NotFlagged()
    {
        long[] training = [99_500, 500];
        long[] serving = [99_000, 1_000];

        var result = ClassDistributionValidator.Validate(training, serving);

        Assert.True(result.ChiSquare!.IsDrift);
        Assert.Equal(2.0, result.Classes[1].Ratio, 12);
        Assert.False(result.IsDrift, result.Reason);
    }

    [Fact]
    public void Validate_UnseenClassInServing_Flagged()
    {
        var result = ClassDistributionValidator.Validate([600, 400, 0], [500, 300, 200]);

        Assert.True(result.IsDrift, result.Reason);
        Assert.Equal(0, result.ChiSquare!.PValue);
        Assert.Equal(double.PositiveInfinity, result.Classes[2].Ratio);
    }

    [Fact]
    public void Validate_SameProportionsLargeWindow_NotFlagged()
    {
        long[] training = [4000, 3000, 2000, 1000];
        long[] serving = [40_100, 29_950, 20_000, 9_950];

        var result = ClassDistributionValidator.Validate(training, serving);

        Assert.False(result.IsDrift, result.Reason);
        Assert.True(result.PopulationStabilityIndex!.Statistic < 0.01);
    }

    [Fact]
    public void Validate_SignificantButSmallChange_NotFlagged()
    {
        long[] training = [500_000, 500_000];
        long[] serving = [510_000, 490_000];

        var result = ClassDistributionValidator.Validate(training, serving);

        Assert.True(result.ChiSquare!.IsDrift);
        Assert.False(result.PopulationStabilityIndex!.IsDrift);
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void Validate_EmptyWindow_NoTestsAndSaysSo()
    {
        var result = ClassDistributionValidator.Validate([5, 5], [0, 0], classNames: ["neg", "pos"]);

        Assert.False(result.IsDrift);
        Assert.Null(result.ChiSquare);
        Assert.Equal(0, result.CurrentTotal);
        Assert.Equal("neg", result.Classes[0].ClassName);
        Assert.Contains("no predictions", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LengthMismatch_ThrowsNamingCurrentCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassDistributionValidator.Validate([1, 2], [1, 2, 3]));

        Assert.Equal("currentCounts", ex.ParamName);
    }

    [Fact]
    public void Validate_NegativeCount_ThrowsNamingReferenceCounts()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ClassDistributionValidator.Validate([1, -2], [1, 2]));

        Assert.Equal("referenceCounts", ex.ParamName);
    }

    public static TheoryData<ClassDistributionOptions, string> InvalidOptions => new()
    {
        { new ClassDistributionOptions { Significance = 2 }, nameof(ClassDistributionOptions.Significance) },
        { new ClassDistributionOptions { PsiThreshold = -1 }, nameof(ClassDistributionOptions.PsiThreshold) },
        { new ClassDistributionOptions { ClassRatioThreshold = 1 }, nameof(ClassDistributionOptions.ClassRatioThreshold) },
        { new ClassDistributionOptions { MinimumShareChange = 1.5 }, nameof(ClassDistributionOptions.MinimumShareChange) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidOption_ThrowsNamingOption(ClassDistributionOptions options, string option)
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassDistributionValidator.Validate([1, 2], [1, 2], options));

        Assert.Equal(option, ex.ParamName);
    }

    [Fact]
    public void ValidateCohorts_Snapshot_OneResultPerCohortFromTimeWindow()
    {
        var time = new FakeTimeProvider(Start);
        var monitor = new RollingStatisticsMonitor(
            new RollingStatisticsOptions { ClassCount = 3, TimeWindow = TimeSpan.FromMinutes(10), CountWindowSize = 0, Quantiles = [0.5] },
            time);
        var random = new Random(42);
        for (var i = 0; i < 3000; i++)
        {
            // "steady" predicts like training (50/30/20); "shifted" sends class 2 from 20% to 50%.
            var u = random.NextDouble();
            var steady = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
            var shifted = u < 0.3 ? 0 : u < 0.5 ? 1 : 2;
            monitor.Observe(new PredictionRecord(Start, Scores(steady), steady, "steady"));
            monitor.Observe(new PredictionRecord(Start, Scores(shifted), shifted, "shifted"));
        }

        var results = ClassDistributionValidator.ValidateCohorts(monitor.Snapshot(), [5000, 3000, 2000]);

        Assert.Equal(["shifted", "steady"], results.Select(r => r.Cohort));
        Assert.True(results[0].IsDrift, results[0].Reason);
        Assert.Equal(2, results[0].LargestChange!.ClassIndex);
        Assert.InRange(results[0].Classes[2].Ratio, 2.2, 2.8);
        Assert.False(results[1].IsDrift, results[1].Reason);
        Assert.Equal(3000, results[1].CurrentTotal);
    }

    [Fact]
    public void ValidateCohorts_ClassCountMismatch_ThrowsNamingReferenceCounts()
    {
        var monitor = new RollingStatisticsMonitor(new RollingStatisticsOptions { ClassCount = 3 }, new FakeTimeProvider(Start));
        monitor.Observe(new PredictionRecord(Start, Scores(0), 0));

        var ex = Assert.Throws<ArgumentException>(() => ClassDistributionValidator.ValidateCohorts(monitor.Snapshot(), [1, 2]));

        Assert.Equal("referenceCounts", ex.ParamName);
    }

    private static float[] Scores(int predicted)
    {
        var scores = new[] { 0.1f, 0.1f, 0.1f };
        scores[predicted] = 0.8f;
        return scores;
    }
}
