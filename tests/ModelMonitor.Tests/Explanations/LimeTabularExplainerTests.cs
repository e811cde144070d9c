using ModelMonitor.Explanations;

namespace ModelMonitor.Tests.Explanations;

public sealed class LimeTabularExplainerTests
{
    private static readonly TabularFeature[] Features =
    [
        new("age", TabularFeatureKind.Numeric),
        new("income", TabularFeatureKind.Numeric),
        new("city", TabularFeatureKind.Categorical, ["Paris", "Lyon", "Nice"]),
        new("noise", TabularFeatureKind.Numeric),
    ];

    // True weights of the linear model below, per unit of each column; small enough that the probability is never clamped.
    private const double AgeWeight = 0.004;
    private const double IncomeWeight = -0.0004;
    private const double LyonWeight = 0.1;

    [Fact]
    public void Explain_LinearModel_RecoversTheTrueWeightsTimesTheColumnDeviation()
    {
        var (reference, rows) = Reference();
        var explainer = new LimeTabularExplainer(LinearModel(), reference, new LimeTabularOptions { Discretize = false, FeatureSelection = FeatureSelection.All, StabilityRuns = 0 });

        var e = explainer.Explain(rows[0], classIndex: 1);

        // Continuous mode regresses on standardised columns, so each weight is the true slope times the column's standard deviation.
        var weights = e.Features.ToDictionary(f => f.Feature, f => f.Weight, StringComparer.Ordinal);
        Assert.Equal(AgeWeight * Std(rows, 0), weights["age"], 0.004);
        Assert.Equal(IncomeWeight * Std(rows, 1), weights["income"], 0.004);
        Assert.InRange(weights["noise"], -0.004, 0.004);
        Assert.True(e.LocalR2 > 0.95, $"R² {e.LocalR2}");
        Assert.StartsWith("age=", e.Input, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Discretized_NamesBinsAndGivesTheRightSigns()
    {
        var (reference, _) = Reference();
        var explainer = new LimeTabularExplainer(LinearModel(), reference, new LimeTabularOptions { FeatureCount = 3, StabilityRuns = 1 });
        double[] oldRichInLyon = [80, 900, 1, 0.5];

        var e = explainer.Explain(oldRichInLyon, classIndex: 1);

        Assert.Contains(e.Features, f => f.Feature.StartsWith("age > ", StringComparison.Ordinal) && f.Weight > 0);
        Assert.Contains(e.Features, f => f.Feature.StartsWith("income > ", StringComparison.Ordinal) && f.Weight < 0);
        Assert.Contains(e.Features, f => f.Feature == "city=Lyon" && f.Weight > 0);
        Assert.Equal(3, e.Features.Count);
        Assert.NotNull(e.Stability);
    }

    [Fact]
    public void Reference_AndExplain_RejectBadInputNamingTheColumn()
    {
        var (reference, _) = Reference();
        var explainer = new LimeTabularExplainer(LinearModel(), reference, new LimeTabularOptions { SampleCount = 50, StabilityRuns = 0 });
        Assert.Contains("'income'", Assert.Throws<ArgumentException>(() => explainer.Explain([30, double.NaN, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Equal("row", Assert.Throws<ArgumentException>(() => explainer.Explain([30, 1])).ParamName);
        Assert.Contains("'city'", Assert.Throws<ArgumentException>(() => TabularReference.FromRows(Features, [[1, 2, 0.5, 3]])).Message, StringComparison.Ordinal);
        Assert.Contains("'age'", Assert.Throws<ArgumentException>(() => TabularReference.FromRows(Features, [[double.NaN, 2, 1, 3]])).Message, StringComparison.Ordinal);
    }

    private static DelegateBatchPredictor<double[]> LinearModel() => new(2, rows =>
    [
        .. rows.Select(r =>
        {
            var p = (float)(0.5 + (AgeWeight * (r[0] - 45)) + (IncomeWeight * (r[1] - 500)) + (r[2] == 1 ? LyonWeight : 0));
            p = Math.Clamp(p, 0, 1);
            return new[] { 1 - p, p };
        }),
    ]);

    private static (TabularReference Reference, double[][] Rows) Reference()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 2000).Select(_ => new double[]
        {
            18 + (random.NextDouble() * 60),
            200 + (random.NextDouble() * 600),
            random.Next(3),
            random.NextDouble(),
        }).ToArray();
        return (TabularReference.FromRows(Features, rows), rows);
    }

    private static double Std(double[][] rows, int column)
    {
        var mean = rows.Average(r => r[column]);
        return Math.Sqrt(rows.Average(r => (r[column] - mean) * (r[column] - mean)));
    }
}
