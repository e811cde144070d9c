using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class BinaryCurvesTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => BinaryCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrecisionRecall_SklearnHoldout_MatchesPointForPoint(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var curve = BinaryCurves.PrecisionRecall(scores, labels);
        Assert.Equal(c.Doubles("pr", "thresholds"), curve.Thresholds);
        Close(c.Doubles("pr", "precision"), curve.Precision, Tolerance);
        Close(c.Doubles("pr", "recall"), curve.Recall, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roc_DropIntermediate_MatchesPointForPoint(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var curve = BinaryCurves.Roc(scores, labels);
        Assert.Equal(c.Doubles("roc", "thresholds"), curve.Thresholds);
        Close(c.Doubles("roc", "fpr"), curve.FalsePositiveRate, Tolerance);
        Close(c.Doubles("roc", "tpr"), curve.TruePositiveRate, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roc_KeepIntermediate_MatchesPointForPoint(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var curve = BinaryCurves.Roc(scores, labels, dropIntermediate: false);
        Assert.Equal(c.Doubles("roc_all", "thresholds"), curve.Thresholds);
        Close(c.Doubles("roc_all", "fpr"), curve.FalsePositiveRate, Tolerance);
        Close(c.Doubles("roc_all", "tpr"), curve.TruePositiveRate, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RocAucAndAveragePrecision_SklearnHoldout_MatchAt1e12(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        Assert.Equal(c.GetProperty("auc").GetDouble(), BinaryCurves.RocAuc(scores, labels), Tolerance);
        Assert.Equal(c.GetProperty("ap").GetDouble(), BinaryCurves.AveragePrecision(scores, labels), Tolerance);
    }

    [Fact]
    public void RocAuc_AllScoresTied_IsOneHalf()
    {
        Assert.Equal(0.5, BinaryCurves.RocAuc([0.3, 0.3, 0.3, 0.3], [true, false, true, false]));
    }

    [Fact]
    public void RocAuc_PerfectSeparation_IsOne()
    {
        Assert.Equal(1.0, BinaryCurves.RocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(1.0, BinaryCurves.AveragePrecision([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
    }

    public static TheoryData<double[], bool[], string> BadInputs => new()
    {
        { [], [], "scores" },
        { [0.1, 0.2], [true], "labels" },
        { [0.1, double.NaN], [true, false], "scores" },
        { [0.1, 1.5], [true, false], "scores" },
        { [-0.1, 0.5], [true, false], "scores" },
        { [0.1, double.PositiveInfinity], [true, false], "scores" },
        { [0.1, 0.7], [true, true], "labels" },
        { [0.1, 0.7], [false, false], "labels" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void EveryFunction_BadInput_ThrowsNamingParameter(double[] scores, bool[] labels, string parameter)
    {
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(() => BinaryCurves.PrecisionRecall(scores, labels)).ParamName);
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(() => BinaryCurves.Roc(scores, labels)).ParamName);
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(() => BinaryCurves.RocAuc(scores, labels)).ParamName);
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(() => BinaryCurves.AveragePrecision(scores, labels)).ParamName);
        Assert.Equal(parameter, Assert.ThrowsAny<ArgumentException>(() => ThresholdCalibrator.Select(scores, labels, ThresholdObjective.F1)).ParamName);
    }
}
