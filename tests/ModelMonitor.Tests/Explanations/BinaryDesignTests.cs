using System.Text.Json;
using ModelMonitor.Explanations;

namespace ModelMonitor.Tests.Explanations;

public sealed class BinaryDesignTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() => FixtureFile.ReadJson("explanation_expected.json.gz"));

    public static TheoryData<string> RidgeCases() =>
        [.. Fixture.Value.GetProperty("ridge").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(RidgeCases))]
    public void Fit_MatchesScikitLearn(string name)
    {
        // The fixture's designs are 0/1, as LIME's; each distinct weight becomes a level.
        var c = Fixture.Value.GetProperty("ridge").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var rows = c.GetProperty("x").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var y = c.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var w = c.GetProperty("w").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var design = Design(rows, w, y);
        var columns = Enumerable.Range(0, rows[0].Length).ToArray();

        var (coefficients, intercept) = design.Fit(columns, c.GetProperty("alpha").GetDouble());

        var expected = c.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var j = 0; j < columns.Length; j++)
        {
            Assert.Equal(expected[j], coefficients[j], 1e-10);
        }

        Assert.Equal(c.GetProperty("intercept").GetDouble(), intercept, 1e-10);
        Assert.Equal(c.GetProperty("score").GetDouble(), design.Score(columns, coefficients, intercept), 1e-10);
        Assert.Equal(c.GetProperty("prediction0").GetDouble(), design.Predict(0, columns, coefficients, intercept), 1e-10);
    }

    [Fact]
    public void Fit_WideDesignOnColumnSubsets_MatchesTheDenseRidge()
    {
        // 70 columns span two words per row; subsets in any order, as feature selection asks for them.
        var random = new Random(3);
        const int n = 700, d = 70;
        var rows = new int[n][];
        var w = new double[n];
        var y = new double[n];
        double[] levelWeights = [0.2, 0.5, 0.9];
        for (var i = 0; i < n; i++)
        {
            rows[i] = [.. Enumerable.Range(0, d).Select(_ => random.Next(2))];
            w[i] = levelWeights[random.Next(3)];
            y[i] = (0.3 * rows[i][2]) - (0.2 * rows[i][66]) + (0.05 * random.NextDouble());
        }

        var design = Design(rows, w, y);
        var dense = rows.SelectMany(r => r.Select(v => (double)v)).ToArray();
        foreach (var columns in new[] { Enumerable.Range(0, d).ToArray(), [66, 2, 40], [5] })
        {
            foreach (var alpha in new[] { 1.0, 0.01 })
            {
                var (expected, expectedIntercept) = WeightedRidge.Fit(dense, d, columns, y, w, alpha);
                var (actual, intercept) = design.Fit(columns, alpha);
                for (var j = 0; j < columns.Length; j++)
                {
                    Assert.Equal(expected[j], actual[j], 1e-9);
                }

                Assert.Equal(expectedIntercept, intercept, 1e-9);
                Assert.Equal(WeightedRidge.Score(dense, d, columns, y, w, expected, expectedIntercept), design.Score(columns, actual, intercept), 1e-9);
            }
        }
    }

    private static BinaryDesign Design(int[][] rows, double[] w, double[] y)
    {
        var d = rows[0].Length;
        var stride = (d + 63) >> 6;
        var masks = new ulong[rows.Length * stride];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < d; j++)
            {
                if (rows[i][j] != 0)
                {
                    masks[(i * stride) + (j >> 6)] |= 1UL << (j & 63);
                }
            }
        }

        var levelWeights = w.Distinct().ToArray();
        var levels = w.Select(v => Array.IndexOf(levelWeights, v)).ToArray();
        return new BinaryDesign(masks, stride, d, levels, levelWeights, y);
    }
}
