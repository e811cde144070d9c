using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class ScoreCalibrationTests
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Newton's method converges to the maximum likelihood; scikit-learn's lbfgs stops near it (on digits_1 and
    /// digits_3 about 1.3e-6 away in probability, with a log-loss no better than ours), so the fits agree at 1e-5.
    /// </summary>
    private const double PlattTolerance = 1e-5;

    public static TheoryData<string> Cases => BinaryCases();

    /// <summary>The holdouts that are not separable, so that the likelihood has a maximum.</summary>
    public static TheoryData<string> PlattCases => ["breast_cancer", "breast_cancer_ties", "digits_1", "digits_3", "digits_5", "digits_8", "digits_9"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reliability_UniformBins_MatchesCalibrationCurve(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        foreach (var expected in c.GetProperty("calibration").GetProperty("reliability").EnumerateArray())
        {
            var curve = ScoreCalibration.Reliability(scores, labels, expected.GetProperty("bins").GetInt32());
            Close(Doubles(expected.GetProperty("fraction_positive")), curve.FractionPositive, Tolerance);
            Close(Doubles(expected.GetProperty("mean_predicted")), curve.MeanPredicted, Tolerance);
            Assert.Equal(expected.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()), curve.Counts);
            Assert.Equal(expected.GetProperty("ece").GetDouble(), curve.ExpectedCalibrationError, Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FitIsotonic_Holdout_MatchesIsotonicRegression(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var expected = c.GetProperty("calibration").GetProperty("isotonic");
        var fit = ScoreCalibration.FitIsotonic(scores, labels);
        Close(Doubles(expected.GetProperty("at_scores")), [.. scores.Select(fit.Transform)], Tolerance);
        Close(Doubles(expected.GetProperty("predicted")), [.. Doubles(expected.GetProperty("grid")).Select(fit.Transform)], Tolerance);
    }

    [Theory]
    [MemberData(nameof(PlattCases))]
    public void FitPlatt_Holdout_MatchesLogisticRegressionWithLargeC(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var expected = c.GetProperty("calibration").GetProperty("platt");
        var fit = ScoreCalibration.FitPlatt(scores, labels);
        Close(Doubles(expected.GetProperty("at_scores")), [.. scores.Select(fit.Transform)], PlattTolerance);
        Assert.True(LogLoss([.. scores.Select(fit.Transform)], labels) <= LogLoss(Doubles(expected.GetProperty("at_scores")), labels) + 1e-12);
        Assert.Equal(expected.GetProperty("a").GetDouble(), fit.A, 1e-3 * Math.Abs(fit.A));
        Assert.Equal(expected.GetProperty("b").GetDouble(), fit.B, 1e-3 * Math.Abs(fit.B));
    }

    private static double LogLoss(double[] p, bool[] labels) =>
        -labels.Select((y, i) => y ? Math.Log(p[i]) : Math.Log(1 - p[i])).Sum();

    [Fact]
    public void EveryFit_BadInput_ThrowsNamingParameter()
    {
        bool[] labels = [false, true];
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreCalibration.Reliability([0.1, 0.9], labels, 0)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => ScoreCalibration.Reliability([0.1, 2], labels)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => ScoreCalibration.FitIsotonic([0.1, double.NaN], labels)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => ScoreCalibration.FitIsotonic([0.1, 0.2], [true])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => ScoreCalibration.FitPlatt([0.1, 0.2], [true, true])).ParamName);
    }
}
