using ModelMonitor.Serialization;
using ModelMonitor.Tagging;
using ModelMonitor.Thresholds;
using static ModelMonitor.Tests.Thresholds.ThresholdFixtures;

namespace ModelMonitor.Tests.Thresholds;

public sealed class BinaryCalibrationTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => BinaryCases();

    private static string FirstCase => (string)((IEnumerable<object[]>)BinaryCases()).First()[0];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calibrate_SklearnHoldout_CurvesAreasAndEveryObjectiveMatchFixture(string name)
    {
        var c = Binary(name);
        var (scores, labels) = Holdout(c);
        var objectives = Objectives();
        var expected = c.GetProperty("objectives").EnumerateArray().ToList();
        var requested = expected.Select(e => ObjectiveOf(objectives[e.GetProperty("name").GetString()!])).ToList();

        var result = ThresholdCalibrator.Calibrate(scores, labels, requested);

        Assert.Equal(c.Doubles("pr", "thresholds"), result.PrecisionRecall.Thresholds);
        Close(c.Doubles("pr", "precision"), result.PrecisionRecall.Precision, Tolerance);
        Close(c.Doubles("pr", "recall"), result.PrecisionRecall.Recall, Tolerance);
        Assert.Equal(c.Doubles("roc", "thresholds"), result.Roc.Thresholds);
        Close(c.Doubles("roc", "fpr"), result.Roc.FalsePositiveRate, Tolerance);
        Assert.Equal(c.GetProperty("auc").GetDouble(), result.RocAuc, Tolerance);
        Assert.Equal(c.GetProperty("ap").GetDouble(), result.AveragePrecision, Tolerance);
        Assert.Equal(labels.Length, result.Count);
        Assert.Equal(labels.Count(l => l), result.Positives);
        Assert.Equal(expected.Count, result.Selections.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var selection = result.SelectionFor(requested[i]);
            Assert.Same(result.Selections[i], selection);
            Assert.Equal(expected[i].GetProperty("feasible").GetBoolean(), selection.IsFeasible);
            if (selection.IsFeasible)
            {
                Assert.True(expected[i].GetProperty("threshold").GetDouble() == selection.Threshold);
                Assert.Equal(expected[i].GetProperty("value").GetDouble(), selection.Value, Tolerance);
            }
        }
    }

    [Fact]
    public void Calibrate_NoObjectives_UsesTheDefaults()
    {
        var (scores, labels) = Holdout(Binary(FirstCase));
        var result = ThresholdCalibrator.Calibrate(scores, labels);
        Assert.Equal(ThresholdCalibrator.DefaultObjectives, result.Selections.Select(s => s.Objective));
        Assert.Throws<KeyNotFoundException>(() => result.SelectionFor(ThresholdObjective.MinimumCost(1, 2)));
    }

    [Fact]
    public void Calibrate_SmallHoldoutAndUnreachableConstraint_WarnsWithoutThrowing()
    {
        double[] scores = [0.9, 0.8, 0.7, 0.2];
        bool[] labels = [false, true, true, false];
        var result = ThresholdCalibrator.Calibrate(scores, labels, [ThresholdObjective.RecallAtPrecision(0.9)]);
        Assert.False(result.Selections[0].IsFeasible);
        Assert.Equal(
            HoldoutWarnings.SmallHoldout | HoldoutWarnings.FewPositives | HoldoutWarnings.TooFewForConstraint,
            result.Warnings);
    }

    [Fact]
    public void Calibrate_NullObjectiveInList_ThrowsNamingItsPosition()
    {
        var e = Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([0.1, 0.9], [false, true], [ThresholdObjective.F1, null!]));
        Assert.Equal("objectives", e.ParamName);
        Assert.Contains("Objective 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibrate_BadHoldout_ThrowsLikeTheCurves()
    {
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([0.1, 1.2], [false, true])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([0.1, 0.2], [true, true])).ParamName);
    }

    [Fact]
    public void Calibrate_NegativeZeroAndExtremes_SortWithTheirValues()
    {
        // -0.0 equals 0 and must group with it; the smallest subnormal sits between 0 and every normal score.
        double[] scores = [-0.0, 0.0, double.Epsilon, 1.0, 0.5, 1.0];
        bool[] labels = [false, true, false, true, false, true];
        var curve = ThresholdCalibrator.Calibrate(scores, labels).PrecisionRecall;
        Assert.Equal([0.0, double.Epsilon, 0.5, 1.0], curve.Thresholds);
        Assert.Equal([0.5, 0.5, 2.0 / 3, 1, 1], curve.Precision);
        Assert.Equal([1, 2.0 / 3, 2.0 / 3, 2.0 / 3, 0], curve.Recall);
    }

    [Fact]
    public void Calibrate_LargeRandomHoldout_MatchesAComparisonSortReference()
    {
        // Many ties and many distinct values, past the radix sort's small-batch cut-off.
        var random = new Random(5);
        var n = 20_000;
        var scores = new double[n];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = i % 3 == 0 ? Math.Round(random.NextDouble(), 2) : random.NextDouble();
            labels[i] = random.NextDouble() < scores[i];
        }

        var result = ThresholdCalibrator.Calibrate(scores, labels);
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray();
        var distinct = order.Select(i => scores[i]).Distinct().ToArray();
        Assert.Equal(distinct.Reverse(), result.PrecisionRecall.Thresholds);
        long tp = 0, fp = 0, twice = 0, previousTp = 0, previousFp = 0;
        for (var j = 0; j < n; j++)
        {
            tp += labels[order[j]] ? 1 : 0;
            fp += labels[order[j]] ? 0 : 1;
            if (j == n - 1 || scores[order[j + 1]] != scores[order[j]])
            {
                twice += (fp - previousFp) * (tp + previousTp);
                previousTp = tp;
                previousFp = fp;
            }
        }

        Assert.Equal(twice / (2.0 * tp * fp), result.RocAuc, Tolerance);
    }

    [Fact]
    public void ToThresholds_Binary_PredictsClassOneAtOrAboveTheThresholdAndRoundTripsThroughJson()
    {
        var (scores, labels) = Holdout(Binary(FirstCase));
        var calibration = ThresholdCalibrator.Calibrate(scores, labels);
        var selection = calibration.SelectionFor(ThresholdObjective.F1);
        var thresholds = calibration.ToThresholds(ThresholdObjective.F1);

        Assert.True(thresholds.IsBinary);
        Assert.Equal(selection.Threshold, thresholds.Classes[1].Threshold);
        Assert.Null(thresholds.Classes[0].Threshold);
        var t = selection.Threshold;
        Assert.Equal(1, thresholds.Predict([t]));
        Assert.Equal(0, thresholds.Predict([Math.BitDecrement(t)]));
        Assert.Equal(1, thresholds.Predict([1 - t, t]));
        Assert.Equal(-1, thresholds.Predict([double.NaN]));
        var predictedPositive = scores.Count(s => thresholds.Predict([s]) == 1);
        Assert.Equal(selection.TruePositives + selection.FalsePositives, predictedPositive);

        var back = ModelMonitorJson.DeserializeThresholds(ModelMonitorJson.Serialize(thresholds));
        Assert.True(back.IsBinary);
        Assert.Equal(thresholds.Classes[1], back.Classes[1]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    public void At_AnyThreshold_MatchesBruteForceCounts(double threshold)
    {
        var (scores, labels) = Holdout(Binary(FirstCase));
        var point = ThresholdCalibrator.Calibrate(scores, labels).At(threshold);
        var at = Enumerable.Range(0, scores.Length).Where(i => scores[i] >= threshold).ToList();
        Assert.Equal(at.Count(i => labels[i]), point.TruePositives);
        Assert.Equal(at.Count(i => !labels[i]), point.FalsePositives);
        Assert.Equal(labels.Count(l => l) - point.TruePositives, point.FalseNegatives);
        Assert.Equal(labels.Length, point.TruePositives + point.FalsePositives + point.FalseNegatives + point.TrueNegatives);
    }

    [Fact]
    public void At_ChosenThreshold_AgreesWithTheSelection()
    {
        var (scores, labels) = Holdout(Binary(FirstCase));
        var calibration = ThresholdCalibrator.Calibrate(scores, labels);
        var selection = calibration.SelectionFor(ThresholdObjective.F1);
        var point = calibration.At(selection.Threshold);
        Assert.Equal(selection.TruePositives, point.TruePositives);
        Assert.Equal(selection.FalsePositives, point.FalsePositives);
        Assert.Equal(selection.Value, point.F1, Tolerance);
        Assert.Throws<ArgumentOutOfRangeException>(() => calibration.At(double.NaN));
    }

    [Fact]
    public void ToThresholds_Infeasible_PredictsNothing()
    {
        var objective = ThresholdObjective.RecallAtPrecision(0.9);
        var thresholds = ThresholdCalibrator.Calibrate([0.9, 0.8, 0.7, 0.2], [false, true, true, false], [objective]).ToThresholds(objective);
        Assert.Null(thresholds.Classes[1].Threshold);
        Assert.NotNull(thresholds.Classes[1].Reason);
        Assert.Equal(-1, thresholds.Predict([0.95]));
    }

    [Fact]
    public void NearCalibratedThreshold_Binary_SelectsByDistanceOfClassOneProbability()
    {
        var thresholds = CalibratedThresholds.FromBinary(
            new ThresholdSelection { Objective = ThresholdObjective.F1, IsFeasible = true, Threshold = 0.3 }, 10, 10);
        var selector = TaggingSelector.NearCalibratedThreshold(thresholds, delta: 0.05, budget: 10);
        float[] probabilities = [0.31f, 0.27f, 0.5f, 0.1f, 0.34f];
        foreach (var (p, i) in probabilities.Select((p, i) => (p, i)))
        {
            selector.Observe(new PredictionRecord(default, new[] { p }, p >= 0.3f ? 1 : 0, sampleId: $"s{i}"));
        }

        Assert.Equal(["s0", "s1", "s4"], selector.Selected().Select(s => s.SampleId));
    }

    [Fact]
    public void BelowCalibratedThresholdButCorrect_InfeasibleClass_IsNeverSelected()
    {
        var thresholds = new CalibratedThresholds
        {
            Objective = ThresholdObjective.F1,
            Classes =
            [
                new ClassThreshold { ClassIndex = 0, Threshold = 0.6 },
                new ClassThreshold { ClassIndex = 1, Threshold = null, Reason = "infeasible" },
                new ClassThreshold { ClassIndex = 2, Threshold = 0.5 },
            ],
        };
        var selector = TaggingSelector.BelowCalibratedThresholdButCorrect(thresholds, budget: 10);
        selector.Observe(new PredictionRecord(default, new[] { 0.5f, 0.3f, 0.2f }, 0, label: 0, sampleId: "below-0"));
        selector.Observe(new PredictionRecord(default, new[] { 0.2f, 0.5f, 0.3f }, 1, label: 1, sampleId: "class-1"));
        selector.Observe(new PredictionRecord(default, new[] { 0.3f, 0.2f, 0.5f }, 2, label: 2, sampleId: "cleared-2"));

        Assert.Equal(["below-0"], selector.Selected().Select(s => s.SampleId));
    }

    [Fact]
    public void CalibratedSelectors_NoClassHasAThreshold_Throw()
    {
        var none = new CalibratedThresholds
        {
            Classes = [new ClassThreshold { ClassIndex = 0 }, new ClassThreshold { ClassIndex = 1 }],
        };
        Assert.Equal("thresholds", Assert.Throws<ArgumentException>(() => TaggingSelector.NearCalibratedThreshold(none, 0.1, 5)).ParamName);
        Assert.Equal("thresholds", Assert.Throws<ArgumentException>(() => TaggingSelector.BelowCalibratedThresholdButCorrect(none, 5)).ParamName);
    }
}
