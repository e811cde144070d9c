using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift.Detection;

/// <summary>Mirrors the "Configuring" example of docs/drift.md so that it keeps compiling and working.</summary>
public class DriftDocsExampleTests
{
    [Fact]
    public void DocsExample_Configuring_RunsAndFlagsTheShiftedColumn()
    {
        double[] trainingAges = Samples.Normal(2000, seed: 40, mean: 40);
        string?[] trainingCountries = Samples.Categories(2000, 41, ("FR", 1), ("DE", 1), ("US", 2));
        var reference = new[]
        {
            DriftColumn.Numeric("age", trainingAges),
            DriftColumn.Categorical("country", trainingCountries),
        };
        var current = new[]
        {
            DriftColumn.Numeric("age", Samples.Normal(2000, seed: 42, mean: 40.5)),
            DriftColumn.Categorical("country", Samples.Categories(2000, 43, ("FR", 1), ("DE", 1), ("US", 2))),
        };

        var options = new DriftDetectorOptions
        {
            Significance = 0.01,
            MinimumEffectSize = 0.2,
            Correction = MultipleTestingCorrection.Bonferroni,
            DriftShare = 0.3,
            NumericMethod = DriftMethod.KolmogorovSmirnov, // every numeric column, whatever its size
        };
        options.ColumnMethods["country"] = DriftMethod.PopulationStabilityIndex;
        options.ColumnThresholds["country"] = 0.25;

        var detector = new DriftDetector(options); // validates (ArgumentException names the option) and copies
        DatasetDriftResult result = detector.Detect(reference, current);
        var flagged = new List<string>();
        foreach (var column in result.Columns.Where(c => c.IsDrift))
        {
            flagged.Add($"{column.Column}: {column.Reason}");
        }

        Assert.Single(flagged);
        Assert.StartsWith("age: KolmogorovSmirnov", flagged[0], StringComparison.Ordinal);
        Assert.True(result.IsDrift);
    }
}
