using ModelMonitor.Drift;
using Xunit.Abstractions;

namespace ModelMonitor.Tests.Drift.Detection;

public class DriftDetectorTests(ITestOutputHelper output)
{
    private static DriftColumn[] Set(params DriftColumn[] columns) => columns;

    [Fact]
    public void Detect_IdenticalDistributionsAt100000_NotFlagged()
    {
        var reference = Samples.Normal(100_000, seed: 1);
        var current = Samples.Normal(100_000, seed: 2);

        var result = new DriftDetector().Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)));

        var x = result["x"];
        Assert.Equal(DriftMethod.NormalizedWasserstein, x.Method);
        Assert.False(x.IsDrift);
        Assert.Equal(DriftVerdict.BelowThreshold, x.Verdict);
        Assert.True(x.EffectSize < 0.02, $"effect {x.EffectSize}");
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void Detect_IdenticalDistributionsAt100000WithKs_NotFlaggedBecauseEffectIsTiny()
    {
        var options = new DriftDetectorOptions { NumericMethod = DriftMethod.KolmogorovSmirnov };
        var reference = Samples.Normal(100_000, seed: 1);
        var current = Samples.Normal(100_000, seed: 2);

        var x = new DriftDetector(options).Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.False(x.IsDrift);
        Assert.NotNull(x.PValue);
        Assert.True(x.EffectSize < 0.02, $"effect {x.EffectSize}");
    }

    [Fact]
    public void Detect_MeanShiftOf0Point3SigmaAt1000_Flagged()
    {
        var reference = Samples.Normal(1000, seed: 3);
        var current = Samples.Normal(1000, seed: 4, mean: 0.3);

        var x = new DriftDetector().Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.Equal(DriftMethod.KolmogorovSmirnov, x.Method);
        Assert.True(x.IsDrift, x.Reason);
        Assert.Equal(DriftVerdict.Drift, x.Verdict);
        Assert.True(x.AdjustedPValue < 1e-3, $"p {x.AdjustedPValue}");
        Assert.Equal(DriftMethod.NormalizedWasserstein, x.EffectSizeMethod);
        Assert.InRange(x.EffectSize!.Value, 0.2, 0.4);
        Assert.Equal(0.1, x.MinimumEffectSize);
    }

    [Fact]
    public void Detect_TinyShiftAtLargeN_SignificantButNotFlaggedAndSaysWhy()
    {
        var options = new DriftDetectorOptions { NumericMethod = DriftMethod.KolmogorovSmirnov };
        var reference = Samples.Normal(500_000, seed: 5);
        var current = Samples.Normal(500_000, seed: 6, mean: 0.02);

        var x = new DriftDetector(options).Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.True(x.PValue < 1e-6, $"p {x.PValue}");
        Assert.False(x.IsDrift);
        Assert.Equal(DriftVerdict.EffectBelowMinimum, x.Verdict);
        Assert.InRange(x.EffectSize!.Value, 0.01, 0.03);
        Assert.Contains("below the minimum", x.Reason, StringComparison.Ordinal);
        output.WriteLine(x.Reason);
    }

    [Fact]
    public void Detect_TinyShiftAtLargeNWithoutMinimumEffect_Flagged()
    {
        var options = new DriftDetectorOptions { NumericMethod = DriftMethod.KolmogorovSmirnov, MinimumEffectSize = 0 };
        var reference = Samples.Normal(500_000, seed: 5);
        var current = Samples.Normal(500_000, seed: 6, mean: 0.02);

        var x = new DriftDetector(options).Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.True(x.IsDrift);
    }

    [Theory]
    [InlineData(1000, DriftMethod.KolmogorovSmirnov, DriftMethod.ChiSquareContingency, DriftMethod.TwoProportionZTest)]
    [InlineData(1001, DriftMethod.NormalizedWasserstein, DriftMethod.JensenShannon, DriftMethod.JensenShannon)]
    public void Detect_DefaultRule_PicksMethodByKindAndReferenceRows(int rows, DriftMethod numeric, DriftMethod categorical, DriftMethod binary)
    {
        var reference = Set(
            DriftColumn.Numeric("num", Samples.Normal(rows, seed: 7)),
            DriftColumn.Categorical("cat", Samples.Categories(rows, 8, ("a", 1), ("b", 1), ("c", 1))),
            DriftColumn.Categorical("bin", Samples.Categories(rows, 9, ("yes", 1), ("no", 1))));
        var current = Set(
            DriftColumn.Numeric("num", Samples.Normal(500, seed: 10)),
            DriftColumn.Categorical("cat", Samples.Categories(500, 11, ("a", 1), ("b", 1), ("c", 1))),
            DriftColumn.Categorical("bin", Samples.Categories(500, 12, ("yes", 1), ("no", 1))));

        var result = new DriftDetector().Detect(reference, current);

        Assert.Equal(numeric, result["num"].Method);
        Assert.Equal(categorical, result["cat"].Method);
        Assert.Equal(binary, result["bin"].Method);
        Assert.All(result.Columns, c => Assert.False(c.IsDrift, c.Reason));
        Assert.All(result.Columns, c => Assert.NotNull(c.EffectSize));
    }

    [Fact]
    public void Detect_NumericWithFewDistinctValues_TestedAsCategorical()
    {
        var reference = Samples.Normal(800, seed: 13).Select(v => (double)Math.Clamp((int)Math.Round(v), -2, 2)).ToArray();
        var current = Samples.Normal(800, seed: 14, mean: 0.5).Select(v => (double)Math.Clamp((int)Math.Round(v), -2, 2)).ToArray();

        var x = new DriftDetector().Detect(Set(DriftColumn.Numeric("x", reference)), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.Equal(DriftColumnKind.Numeric, x.Kind);
        Assert.Equal(DriftColumnKind.Categorical, x.TestedAs);
        Assert.Equal(DriftMethod.ChiSquareContingency, x.Method);
        Assert.Equal(DriftMethod.JensenShannon, x.EffectSizeMethod);
        Assert.True(x.IsDrift, x.Reason);
    }

    [Fact]
    public void Detect_MissingValues_LeftOutAndReported()
    {
        var reference = Samples.Normal(1000, seed: 15);
        var current = Samples.Normal(1000, seed: 16);
        for (var i = 0; i < 100; i++)
        {
            current[i * 10] = double.NaN;
        }

        var labels = Samples.Categories(1000, 17, ("a", 1), ("b", 1), ("c", 1));
        labels[0] = null;

        var result = new DriftDetector().Detect(
            Set(DriftColumn.Numeric("x", reference), DriftColumn.Categorical("c", labels)),
            Set(DriftColumn.Numeric("x", current), DriftColumn.Categorical("c", Samples.Categories(1000, 18, ("a", 1), ("b", 1), ("c", 1)))));

        Assert.Equal(0.1, result["x"].CurrentMissingFraction, 12);
        Assert.Equal(0, result["x"].ReferenceMissingFraction);
        Assert.Equal(900, result["x"].Test!.CurrentCount);
        Assert.Equal(1, result["c"].ReferenceMissing);
        Assert.Equal(999, result["c"].Test!.ReferenceCount);
    }

    [Fact]
    public void Detect_ColumnEmptyInCurrent_FlaggedAsNoValues()
    {
        var current = Enumerable.Repeat(double.NaN, 50).ToArray();

        var x = new DriftDetector().Detect(Set(DriftColumn.Numeric("x", Samples.Normal(50, seed: 19))), Set(DriftColumn.Numeric("x", current)))["x"];

        Assert.True(x.IsDrift);
        Assert.Equal(DriftVerdict.NoValues, x.Verdict);
        Assert.Null(x.Method);
        Assert.Equal(1.0, x.CurrentMissingFraction);
    }

    [Fact]
    public void Detect_Corrections_AdjustAcrossColumns()
    {
        var reference = new List<DriftColumn>();
        var current = new List<DriftColumn>();
        for (var i = 0; i < 5; i++)
        {
            reference.Add(DriftColumn.Numeric($"x{i}", Samples.Normal(300, seed: 100 + i)));
            current.Add(DriftColumn.Numeric($"x{i}", Samples.Normal(300, seed: 200 + i, mean: i == 0 ? 0.5 : 0)));
        }

        var none = new DriftDetector(new DriftDetectorOptions { Correction = MultipleTestingCorrection.None }).Detect(reference, current);
        var bonferroni = new DriftDetector(new DriftDetectorOptions { Correction = MultipleTestingCorrection.Bonferroni }).Detect(reference, current);
        var bh = new DriftDetector().Detect(reference, current);

        Assert.Equal(MultipleTestingCorrection.BenjaminiHochberg, bh.Correction);
        for (var i = 0; i < 5; i++)
        {
            var p = none.Columns[i].PValue!.Value;
            Assert.Equal(p, none.Columns[i].AdjustedPValue!.Value);
            Assert.Equal(Math.Min(1, p * 5), bonferroni.Columns[i].AdjustedPValue!.Value, 12);
            Assert.InRange(bh.Columns[i].AdjustedPValue!.Value, p, Math.Min(1, p * 5) + 1e-15);
        }

        Assert.True(bh["x0"].IsDrift, bh["x0"].Reason);
        Assert.Equal(1, bh.DriftedColumns);
        Assert.Equal(0.2, bh.DriftedShare, 12);
        Assert.False(bh.IsDrift);
    }

    [Fact]
    public void Detect_DriftShareReached_DatasetDrifted()
    {
        var reference = Set(DriftColumn.Numeric("a", Samples.Normal(500, 20)), DriftColumn.Numeric("b", Samples.Normal(500, 21)));
        var current = Set(DriftColumn.Numeric("b", Samples.Normal(500, 22)), DriftColumn.Numeric("a", Samples.Normal(500, 23, mean: 1)));

        var result = new DriftDetector().Detect(reference, current);

        Assert.Equal(["a", "b"], result.Columns.Select(c => c.Column));
        Assert.Equal(0.5, result.DriftedShare);
        Assert.True(result.IsDrift);
        Assert.False(new DriftDetector(new DriftDetectorOptions { DriftShare = 0.6 }).Detect(reference, current).IsDrift);
    }

    [Fact]
    public void Detect_ColumnOverrides_UseMethodAndThreshold()
    {
        var options = new DriftDetectorOptions();
        options.ColumnMethods["x"] = DriftMethod.PopulationStabilityIndex;
        options.ColumnThresholds["x"] = 0.25;
        options.CategoricalMethod = DriftMethod.Hellinger;

        var result = new DriftDetector(options).Detect(
            Set(DriftColumn.Numeric("x", Samples.Normal(2000, 24)), DriftColumn.Categorical("c", Samples.Categories(2000, 25, ("a", 1), ("b", 2)))),
            Set(DriftColumn.Numeric("x", Samples.Normal(2000, 26)), DriftColumn.Categorical("c", Samples.Categories(2000, 27, ("a", 1), ("b", 2)))));

        Assert.Equal(DriftMethod.PopulationStabilityIndex, result["x"].Method);
        Assert.Equal(0.25, result["x"].Threshold);
        Assert.Equal(DriftMethod.Hellinger, result["c"].Method);
        Assert.Equal(result["c"].Statistic, result["c"].EffectSize);
        Assert.Null(result["c"].AdjustedPValue);
    }

    [Fact]
    public void Detect_ColumnMissingInCurrent_ThrowsNamingColumn()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector().Detect(
            Set(DriftColumn.Numeric("age", [1, 2]), DriftColumn.Numeric("income", [1, 2])),
            Set(DriftColumn.Numeric("age", [1, 2]))));

        Assert.Equal("current", ex.ParamName);
        Assert.Contains("'income'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ExtraColumnInCurrent_ThrowsNamingColumn()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector().Detect(
            Set(DriftColumn.Numeric("age", [1, 2])),
            Set(DriftColumn.Numeric("age", [1, 2]), DriftColumn.Numeric("extra", [1, 2]))));

        Assert.Equal("current", ex.ParamName);
        Assert.Contains("'extra'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_KindMismatch_ThrowsNamingColumn()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector().Detect(
            Set(DriftColumn.Numeric("age", [1, 2])),
            Set(DriftColumn.Categorical("age", ["1", "2"]))));

        Assert.Equal("current", ex.ParamName);
        Assert.Contains("'age'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ColumnsOfDifferentLengths_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector().Detect(
            Set(DriftColumn.Numeric("a", [1, 2]), DriftColumn.Numeric("b", [1, 2, 3])),
            Set(DriftColumn.Numeric("a", [1, 2]), DriftColumn.Numeric("b", [1, 2]))));

        Assert.Equal("reference", ex.ParamName);
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NumericMethodOnCategoricalColumn_ThrowsNamingColumn()
    {
        var options = new DriftDetectorOptions();
        options.ColumnMethods["c"] = DriftMethod.KolmogorovSmirnov;

        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector(options).Detect(
            Set(DriftColumn.Categorical("c", ["a", "b"])),
            Set(DriftColumn.Categorical("c", ["a", "b"]))));

        Assert.Equal("reference", ex.ParamName);
        Assert.Contains("'c'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ColumnThresholdNotASignificanceLevelForKs_ThrowsNamingColumn()
    {
        var options = new DriftDetectorOptions();
        options.ColumnThresholds["x"] = 2;

        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector(options).Detect(
            Set(DriftColumn.Numeric("x", Samples.Normal(100, 50))),
            Set(DriftColumn.Numeric("x", Samples.Normal(100, 51)))));

        Assert.Equal("reference", ex.ParamName);
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ColumnThresholds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Categorical_ValuesView_IsReadOnly()
    {
        var column = DriftColumn.Categorical("c", ["a", null]);

        Assert.False(column.CategoricalValues is string?[]);
        Assert.Equal(2, column.Length);
        Assert.Equal(DriftColumnKind.Categorical, column.Kind);
        Assert.True(column.NumericValues.IsEmpty);
    }

    [Fact]
    public void Numeric_Infinity_ThrowsNamingValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => DriftColumn.Numeric("x", [1, double.PositiveInfinity]));

        Assert.Equal("values", ex.ParamName);
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ConcurrentCalls_SameResults()
    {
        var detector = new DriftDetector();
        var reference = Set(DriftColumn.Numeric("x", Samples.Normal(800, 30)), DriftColumn.Categorical("c", Samples.Categories(800, 31, ("a", 1), ("b", 1), ("c", 2))));
        var current = Set(DriftColumn.Numeric("x", Samples.Normal(800, 32, mean: 0.2)), DriftColumn.Categorical("c", Samples.Categories(800, 33, ("a", 1), ("b", 2), ("c", 2))));
        var expected = detector.Detect(reference, current);

        var results = new DatasetDriftResult[16];
        Parallel.For(0, results.Length, i => results[i] = detector.Detect(reference, current));

        Assert.All(results, r => Assert.Equal(expected.Columns, r.Columns));
    }

    [Fact]
    public void Detector_OptionsChangedAfterConstruction_NotAffected()
    {
        var options = new DriftDetectorOptions();
        var detector = new DriftDetector(options);
        options.MinimumEffectSize = 10;

        var x = detector.Detect(Set(DriftColumn.Numeric("x", Samples.Normal(1000, 3))), Set(DriftColumn.Numeric("x", Samples.Normal(1000, 4, mean: 0.3))))["x"];

        Assert.True(x.IsDrift);
    }

    public static TheoryData<Action<DriftDetectorOptions>, string> InvalidOptions => new()
    {
        { o => o.Significance = 0, nameof(DriftDetectorOptions.Significance) },
        { o => o.Significance = 1, nameof(DriftDetectorOptions.Significance) },
        { o => o.MinimumEffectSize = -0.1, nameof(DriftDetectorOptions.MinimumEffectSize) },
        { o => o.MinimumEffectSize = double.NaN, nameof(DriftDetectorOptions.MinimumEffectSize) },
        { o => o.DriftShare = 0, nameof(DriftDetectorOptions.DriftShare) },
        { o => o.DriftShare = 1.5, nameof(DriftDetectorOptions.DriftShare) },
        { o => o.StatisticalTestMaxReferenceRows = -1, nameof(DriftDetectorOptions.StatisticalTestMaxReferenceRows) },
        { o => o.MaxDistinctValuesForCategorical = -1, nameof(DriftDetectorOptions.MaxDistinctValuesForCategorical) },
        { o => o.NumericDistanceThreshold = double.PositiveInfinity, nameof(DriftDetectorOptions.NumericDistanceThreshold) },
        { o => o.CategoricalDistanceThreshold = -1, nameof(DriftDetectorOptions.CategoricalDistanceThreshold) },
        { o => o.Correction = (MultipleTestingCorrection)9, nameof(DriftDetectorOptions.Correction) },
        { o => o.NumericMethod = DriftMethod.ChiSquareContingency, nameof(DriftDetectorOptions.NumericMethod) },
        { o => o.CategoricalMethod = DriftMethod.KolmogorovSmirnov, nameof(DriftDetectorOptions.CategoricalMethod) },
        { o => o.ColumnMethods["x"] = DriftMethod.EnergyDistance, nameof(DriftDetectorOptions.ColumnMethods) },
        { o => o.ColumnThresholds["x"] = -1, nameof(DriftDetectorOptions.ColumnThresholds) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOption_ThrowsNamingOption(Action<DriftDetectorOptions> change, string option)
    {
        var options = new DriftDetectorOptions();
        change(options);

        var ex = Assert.Throws<ArgumentException>(() => new DriftDetector(options));

        Assert.Equal(option, ex.ParamName);
    }
}
