using System.Text.Json;
using ModelMonitor.Thresholds;

namespace ModelMonitor.Tests.Thresholds;

/// <summary>The scikit-learn reference values of Fixtures/generate_threshold_fixtures.py.</summary>
internal static class ThresholdFixtures
{
    private static readonly Lazy<JsonElement> Document = new(() => FixtureFile.ReadJson("threshold_expected.json.gz"));

    public static TheoryData<string> BinaryCases() =>
        [.. Document.Value.GetProperty("binary").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    public static Dictionary<string, JsonElement> Objectives() =>
        Document.Value.GetProperty("objectives").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, StringComparer.Ordinal);

    public static JsonElement Digits => Document.Value.GetProperty("digits");

    public static TheoryData<string> RuleCases() =>
        [.. Digits.GetProperty("rules").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    public static (double[] Probabilities, int[] Labels) DigitsHoldout() =>
        ([.. Digits.GetProperty("proba").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble())],
         [.. Digits.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32())]);

    public static ThresholdObjective ObjectiveOf(JsonElement o) => o.GetProperty("kind").GetString() switch
    {
        "FBeta" => ThresholdObjective.FBeta(o.GetProperty("beta").GetDouble()),
        "YoudenJ" => ThresholdObjective.YoudenJ,
        "BalancedAccuracy" => ThresholdObjective.BalancedAccuracy,
        "RecallAtPrecision" => ThresholdObjective.RecallAtPrecision(o.GetProperty("target").GetDouble()),
        "PrecisionAtRecall" => ThresholdObjective.PrecisionAtRecall(o.GetProperty("target").GetDouble()),
        "MinimumCost" => ThresholdObjective.MinimumCost(o.GetProperty("fp_cost").GetDouble(), o.GetProperty("fn_cost").GetDouble()),
        var kind => throw new InvalidOperationException(kind),
    };

    public static JsonElement Binary(string name) =>
        Document.Value.GetProperty("binary").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static (double[] Scores, bool[] Labels) Holdout(JsonElement c) =>
        (Doubles(c.GetProperty("scores")), [.. c.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32() == 1)]);

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static double[] Doubles(this JsonElement e, string a, string b) => Doubles(e.GetProperty(a).GetProperty(b));

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Entry {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}
