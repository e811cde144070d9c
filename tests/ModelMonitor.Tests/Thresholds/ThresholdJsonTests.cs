using ModelMonitor.Serialization;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Tests.Thresholds;

public class ThresholdJsonTests
{
    [Fact]
    public void Serialize_CalibratedThresholds_RoundTripsThroughTheSourceGeneratedContext()
    {
        // Three classes, row-major probabilities: random weights, the true class's weight boosted, normalised.
        var random = new Random(9);
        const int Rows = 300;
        var probabilities = new double[Rows * 3];
        var labels = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            labels[i] = i % 3;
            var weights = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() };
            weights[labels[i]] += 1;
            var sum = weights.Sum();
            for (var k = 0; k < 3; k++)
            {
                probabilities[(3 * i) + k] = weights[k] / sum;
            }
        }

        var thresholds = MulticlassThresholds.Calibrate(probabilities, labels, 3, ThresholdObjective.YoudenJ);
        var json = ModelMonitorJson.Serialize(thresholds);
        var back = ModelMonitorJson.DeserializeThresholds(json);

        Assert.Equal(thresholds.HoldoutCount, back.HoldoutCount);
        Assert.Equal(thresholds.Objective.Kind, back.Objective.Kind);
        Assert.Equal(thresholds.Classes.Select(c => c.Threshold), back.Classes.Select(c => c.Threshold));
    }
}
