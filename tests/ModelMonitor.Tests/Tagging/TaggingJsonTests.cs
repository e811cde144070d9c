using ModelMonitor.Serialization;
using ModelMonitor.Tagging;

namespace ModelMonitor.Tests.Tagging;

public class TaggingJsonTests
{
    [Fact]
    public void Snapshot_RoundTripsThroughJsonAsItsOwnKind()
    {
        var selector = TaggingSelector.LeastConfident(classCount: 2, budget: 2);
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        float[] scores = [0.9f, 0.55f, 0.51f, 0.97f];
        for (var i = 0; i < scores.Length; i++)
        {
            selector.Observe(new PredictionRecord(start, new[] { scores[i] }, 1, sampleId: $"s{i}"));
        }

        var snapshot = selector.Snapshot();
        var json = ModelMonitorJson.Serialize(snapshot);
        Assert.Contains("\"$kind\": \"tagging\"", json, StringComparison.Ordinal);
        var back = Assert.IsType<TaggingSnapshot>(ModelMonitorJson.DeserializeSnapshot(json));
        Assert.Equal(["s2", "s1"], back.Selected.Select(s => s.SampleId));
        Assert.Equal(snapshot.ObservedRecords, back.ObservedRecords);
    }
}
