using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class ThresholdBootstrapTests
{
    [Fact]
    public void Run_SameSeed_SameIntervals()
    {
        var (scores, labels) = Holdout(Binary("breast_cancer"));
        var a = ThresholdBootstrap.Run(scores, labels, ThresholdObjective.F1, seed: 42, resamples: 200);
        var b = ThresholdBootstrap.Run(scores, labels, ThresholdObjective.F1, seed: 42, resamples: 200);
        Assert.Equal(a, b);
        Assert.Equal(200, a.Resamples);
    }

    [Fact]
    public void Run_BreastCancerF1_IntervalsBracketTheHoldoutChoice()
    {
        var c = Binary("breast_cancer");
        var (scores, labels) = Holdout(c);
        var r = ThresholdBootstrap.Run(scores, labels, ThresholdObjective.F1, seed: 7, resamples: 300);
        var f1 = c.GetProperty("objectives").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "f1");
        Assert.Equal(f1.GetProperty("threshold").GetDouble(), r.Selection.Threshold);
        Assert.InRange(r.Selection.Threshold, r.ThresholdLower, r.ThresholdUpper);
        Assert.InRange(r.Selection.Value, r.ValueLower, r.ValueUpper);
        Assert.True(r.ThresholdLower < r.ThresholdUpper);
        Assert.Equal(300, r.FeasibleResamples);

        // 171 rows, 64 negatives: too small a holdout, but both classes have 30 rows.
        Assert.Equal(HoldoutWarnings.SmallHoldout, r.Warnings);
    }

    [Fact]
    public void Run_PrecisionTargetOnFewPositives_FlagsConstraint()
    {
        var (scores, labels) = Holdout(Binary("breast_cancer"));
        var r = ThresholdBootstrap.Run(scores, labels, ThresholdObjective.RecallAtPrecision(0.99), seed: 1, resamples: 50);
        Assert.True(r.Warnings.HasFlag(HoldoutWarnings.TooFewForConstraint));
    }

    [Fact]
    public void Run_TinyHoldout_FlagsEverything()
    {
        double[] scores = [0.9, 0.8, 0.4, 0.3, 0.2];
        bool[] labels = [true, false, true, false, false];
        var r = ThresholdBootstrap.Run(scores, labels, ThresholdObjective.RecallAtPrecision(0.9), seed: 3, resamples: 100);
        Assert.True(r.Warnings.HasFlag(HoldoutWarnings.SmallHoldout));
        Assert.True(r.Warnings.HasFlag(HoldoutWarnings.FewPositives));
        Assert.True(r.Warnings.HasFlag(HoldoutWarnings.TooFewForConstraint));
        Assert.True(r.Warnings.HasFlag(HoldoutWarnings.InfeasibleResamples));
        Assert.True(r.FeasibleResamples < r.Resamples);
    }

    [Fact]
    public void Run_BadArguments_ThrowNamingParameter()
    {
        double[] scores = [0.1, 0.9];
        bool[] labels = [false, true];
        Assert.Equal("resamples", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdBootstrap.Run(scores, labels, ThresholdObjective.F1, 1, resamples: 0)).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdBootstrap.Run(scores, labels, ThresholdObjective.F1, 1, confidence: 1)).ParamName);
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => ThresholdBootstrap.Run(scores, labels, null!, 1)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => ThresholdBootstrap.Run([0.1, double.NaN], labels, ThresholdObjective.F1, 1)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => ThresholdBootstrap.Run(scores, [true, true], ThresholdObjective.F1, 1)).ParamName);
    }
}
