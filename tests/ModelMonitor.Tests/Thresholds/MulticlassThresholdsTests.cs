using System.Text.Json;
using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class MulticlassThresholdsTests
{
    public static TheoryData<string> Cases => RuleCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calibrate_Digits_MatchesFixtureThresholdsAndCoverage(string name)
    {
        var (probabilities, labels) = DigitsHoldout();
        var expected = Digits.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        var calibrated = MulticlassThresholds.Calibrate(probabilities, labels, 10, ObjectiveOf(Objectives()[name]));

        Assert.Equal(labels.Length, calibrated.HoldoutCount);
        var thresholds = expected.GetProperty("thresholds").EnumerateArray().ToArray();
        Assert.Equal(thresholds.Length, calibrated.Classes.Count);
        for (var k = 0; k < thresholds.Length; k++)
        {
            double? t = thresholds[k].ValueKind == JsonValueKind.Null ? null : thresholds[k].GetDouble();
            Assert.Equal(k, calibrated.Classes[k].ClassIndex);
            Assert.Equal(t, calibrated.Classes[k].Threshold);
        }

        var evaluation = MulticlassThresholds.Evaluate(calibrated, probabilities, labels);
        Assert.Equal(labels.Length, evaluation.Count);
        Assert.Equal(expected.GetProperty("covered").GetInt32(), evaluation.Covered);
        Assert.Equal(expected.GetProperty("correct").GetInt32(), evaluation.Correct);
        Assert.Equal((double)evaluation.Correct / evaluation.Covered, evaluation.Accuracy);
    }

    [Fact]
    public void Predict_NoClassClears_Abstains()
    {
        var t = new CalibratedThresholds
        {
            Classes = [new ClassThreshold { ClassIndex = 0, Threshold = 0.7 }, new ClassThreshold { ClassIndex = 1, Threshold = 0.7 }, new ClassThreshold { ClassIndex = 2 }],
        };
        Assert.Equal(-1, t.Predict([0.5, 0.4, 0.1]));
        Assert.Equal(1, t.Predict([0.72, 0.8, 0.0]));
        Assert.Equal(0, t.Predict([0.8, 0.8, 0.0]));
        Assert.Equal(-1, t.Predict([0.0, 0.0, 1.0]));
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => t.Predict([0.5, 0.5])).ParamName);
    }

    [Fact]
    public void CalibratedThresholds_JsonRoundTrip_KeepsEveryValue()
    {
        var (probabilities, labels) = DigitsHoldout();
        var calibrated = MulticlassThresholds.Calibrate(probabilities, labels, 10, ThresholdObjective.RecallAtPrecision(0.99));
        var json = JsonSerializer.Serialize(calibrated);
        var back = JsonSerializer.Deserialize<CalibratedThresholds>(json)!;
        Assert.Equal(calibrated.Objective, back.Objective);
        Assert.Equal(calibrated.HoldoutCount, back.HoldoutCount);
        Assert.Equal(CalibratedThresholds.CurrentFormatVersion, back.FormatVersion);
        Assert.Equal(calibrated.Classes, back.Classes);
    }

    [Fact]
    public void Calibrate_UnreachableConstraint_NullThresholdAndReason()
    {
        // Class 1's top score belongs to class 0, so its precision never reaches 1.
        double[] probabilities = [0.2, 0.8, 0.9, 0.1, 0.3, 0.7, 0.6, 0.4];
        int[] labels = [0, 0, 1, 1];
        var calibrated = MulticlassThresholds.Calibrate(probabilities, labels, 2, ThresholdObjective.RecallAtPrecision(1));
        Assert.Null(calibrated.Classes[1].Threshold);
        Assert.Null(calibrated.Classes[1].Value);
        Assert.NotNull(calibrated.Classes[1].Reason);
        Assert.Equal(2, calibrated.Classes[1].Positives);
    }

    public static TheoryData<double[], int[], int, string> BadInputs => new()
    {
        { [0.5, 0.5], [0], 1, "classCount" },
        { [0.5, 0.5, 0.5], [0, 1], 2, "probabilities" },
        { [0.5, double.NaN, 0.5, 0.5], [0, 1], 2, "probabilities" },
        { [0.5, 1.2, 0.5, 0.5], [0, 1], 2, "probabilities" },
        { [0.5, 0.5, 0.5, 0.5], [0, 2], 2, "labels" },
        { [0.5, 0.5, 0.5, 0.5], [0, -1], 2, "labels" },
        { [0.5, 0.5, 0.5, 0.5], [0, 0], 2, "labels" },
        { [], [], 2, "labels" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Calibrate_BadInput_ThrowsNamingParameter(double[] probabilities, int[] labels, int classCount, string parameter)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => MulticlassThresholds.Calibrate(probabilities, labels, classCount, ThresholdObjective.F1));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Evaluate_NullThresholds_ThrowsNamingParameter()
    {
        Assert.Equal("thresholds", Assert.Throws<ArgumentNullException>(() => MulticlassThresholds.Evaluate(null!, [0.5, 0.5], [0])).ParamName);
    }
}
