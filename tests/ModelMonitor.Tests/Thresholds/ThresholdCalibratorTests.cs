using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class ThresholdCalibratorTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => BinaryCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Select_EveryObjective_MatchesFixtureThresholdExactly(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var objectives = Objectives();
        foreach (var expected in c.GetProperty("objectives").EnumerateArray())
        {
            var objectiveName = expected.GetProperty("name").GetString()!;
            var result = ThresholdCalibrator.Select(scores, labels, ObjectiveOf(objectives[objectiveName]));
            Assert.Equal(expected.GetProperty("feasible").GetBoolean(), result.IsFeasible);
            if (!result.IsFeasible)
            {
                continue;
            }

            Assert.True(expected.GetProperty("threshold").GetDouble() == result.Threshold, $"{objectiveName}: threshold {result.Threshold:R}");
            Assert.Equal(expected.GetProperty("tp").GetInt32(), result.TruePositives);
            Assert.Equal(expected.GetProperty("fp").GetInt32(), result.FalsePositives);
            Assert.Equal(expected.GetProperty("fn").GetInt32(), result.FalseNegatives);
            Assert.Equal(expected.GetProperty("tn").GetInt32(), result.TrueNegatives);
            Assert.Equal(expected.GetProperty("value").GetDouble(), result.Value, Tolerance);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), result.Precision, Tolerance);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), result.Recall, Tolerance);
            Assert.Null(result.Reason);
        }
    }

    [Fact]
    public void Select_PrecisionUnreachable_IsInfeasibleWithReason()
    {
        // The top score is a negative, so precision never exceeds 2/3.
        double[] scores = [0.9, 0.8, 0.7, 0.2];
        bool[] labels = [false, true, true, false];
        var result = ThresholdCalibrator.Select(scores, labels, ThresholdObjective.RecallAtPrecision(0.9));
        Assert.False(result.IsFeasible);
        Assert.True(double.IsNaN(result.Threshold));
        Assert.NotNull(result.Reason);
        Assert.Contains("precision", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TiedObjective_TakesHighestThreshold()
    {
        // Youden's J is 0.5 at 0.9 (tpr 1/2, fpr 0) and at 0.5 (tpr 1, fpr 1/2).
        var result = ThresholdCalibrator.Select([0.9, 0.7, 0.5, 0.4], [true, false, true, false], ThresholdObjective.YoudenJ);
        Assert.Equal(0.9, result.Threshold);
        Assert.Equal(0.5, result.Value);
    }

    [Fact]
    public void Select_CostsFavourRecall_LowersThreshold()
    {
        double[] scores = [0.9, 0.7, 0.5, 0.3, 0.1];
        bool[] labels = [true, false, true, false, false];
        var cheapMisses = ThresholdCalibrator.Select(scores, labels, ThresholdObjective.MinimumCost(10, 1));
        var costlyMisses = ThresholdCalibrator.Select(scores, labels, ThresholdObjective.MinimumCost(1, 10));
        Assert.Equal(0.9, cheapMisses.Threshold);
        Assert.Equal(0.5, costlyMisses.Threshold);
        Assert.Equal(1.0 / 5, costlyMisses.Value, Tolerance);
    }

    [Fact]
    public void Select_NullObjective_ThrowsNamingParameter()
    {
        Assert.Equal("objective", Assert.Throws<ArgumentNullException>(() => ThresholdCalibrator.Select([0.1, 0.9], [false, true], null!)).ParamName);
    }

    [Fact]
    public void Select_ObjectiveWithBadParameters_ThrowsNamingParameter()
    {
        var bad = new ThresholdObjective { Kind = ThresholdObjectiveKind.RecallAtPrecision, Target = 1.5 };
        Assert.Equal("objective", Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Select([0.1, 0.9], [false, true], bad)).ParamName);
        var undefined = new ThresholdObjective { Kind = (ThresholdObjectiveKind)42 };
        Assert.Equal("objective", Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Select([0.1, 0.9], [false, true], undefined)).ParamName);
    }

    [Fact]
    public void Factories_OutOfRange_ThrowNamingParameter()
    {
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.FBeta(0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.FBeta(double.NaN)).ParamName);
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.RecallAtPrecision(0)).ParamName);
        Assert.Equal("recall", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.PrecisionAtRecall(1.01)).ParamName);
        Assert.Equal("falsePositiveCost", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.MinimumCost(-1, 1)).ParamName);
        Assert.Equal("falseNegativeCost", Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.MinimumCost(1, double.PositiveInfinity)).ParamName);
    }
}
