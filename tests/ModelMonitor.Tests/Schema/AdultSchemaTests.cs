using System.Text.Json;
using ModelMonitor.Profiling;
using ModelMonitor.Schema;
using ModelMonitor.Tests.Drift.Detection;
using ModelMonitor.Tests.Profiling;

namespace ModelMonitor.Tests.Schema;

public sealed class AdultSchemaTests
{
    private static readonly Lazy<DataSchema> SchemaCache = new(() =>
        DataSchema.Infer(AdultProfileData.Profile(AdultProfileData.Lines, new ProfileOptions { LabelColumn = "income" })));

    private static DataSchema Schema => SchemaCache.Value;

    private static string[] Features => [.. AdultData.Columns.Where(c => c != "income")];

    /// <summary>Every 16th record without its label, as split fields, like a serving batch of about 2000 rows.</summary>
    private static List<string[]> ServingRows() =>
        [.. AdultProfileData.Lines.Where((_, i) => i % 16 == 5).Select(l => l.Split(", ")[..^1])];

    private static SchemaValidationResult Validate(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var csv = AdultProfileData.WithHeader(header, rows.Select(r => string.Join(',', r)));
        return SchemaValidator.ValidateCsv(Schema, new StringReader(csv), new CsvOptions { MissingTokens = ["?"] }, DataSchema.ServingEnvironment);
    }

    [Fact]
    public void Infer_Adult_HasFifteenColumnsTypesAndDomains()
    {
        var profile = AdultProfileData.Full;
        var expected = AdultProfileData.Expected.GetProperty("columns");

        Assert.Equal(AdultData.Columns, Schema.Columns.Select(c => c.Name));
        foreach (var column in Schema.Columns)
        {
            var isNumeric = AdultProfileData.NumericColumns.Contains(column.Name);
            Assert.Equal(isNumeric ? ColumnKind.Integer : ColumnKind.Categorical, column.Kind);
            Assert.Equal(profile.Column(column.Name)!.MissingFraction, column.ReferenceMissingFraction);
            Assert.Equal(column.ReferenceMissingFraction + 0.02, column.MaxMissingFraction, 12);
            if (isNumeric)
            {
                Assert.Null(column.Domain);
                Assert.Equal(expected.GetProperty(column.Name).GetProperty("min").GetDouble(), column.Min);
                Assert.Equal(expected.GetProperty(column.Name).GetProperty("max").GetDouble(), column.Max);
            }
            else
            {
                // The "?" marker is missing, not a category.
                var domain = expected.GetProperty(column.Name).GetProperty("valueCounts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
                Assert.Equal(domain, column.Domain!);
                Assert.DoesNotContain("?", column.Domain!);
            }
        }

        Assert.Equal([DataSchema.ServingEnvironment], Schema.Column("income")!.AbsentInEnvironments!);
        Assert.True(Schema.Column("age")!.IsExpectedIn(DataSchema.ServingEnvironment));
    }

    [Fact]
    public void Validate_CleanServingBatchWithoutLabel_HasNoViolation()
    {
        var result = Validate(Features, ServingRows());

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_TrainingBatchWithoutLabel_ReportsTheMissingLabel()
    {
        var csv = AdultProfileData.WithHeader(Features, ServingRows().Select(r => string.Join(',', r)));
        var result = SchemaValidator.ValidateCsv(Schema, new StringReader(csv), new CsvOptions { MissingTokens = ["?"] }, DataSchema.TrainingEnvironment);

        var v = Assert.Single(result.Violations);
        Assert.Equal((ViolationKind.MissingColumn, "income"), (v.Kind, v.Column));
    }

    [Fact]
    public void Validate_DroppedColumn_YieldsOnlyMissingColumn()
    {
        var drop = Array.IndexOf(Features, "education");
        var result = Validate([.. Features.Where((_, i) => i != drop)], ServingRows().Select(r => r.Where((_, i) => i != drop).ToArray()));

        var v = Assert.Single(result.Violations);
        Assert.Equal(ViolationKind.MissingColumn, v.Kind);
        Assert.Equal(ViolationSeverity.Error, v.Severity);
        Assert.Equal("education", v.Column);
        Assert.Contains("education", v.Message, StringComparison.Ordinal);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Validate_RenamedCategory_YieldsOnlyOutOfDomainWithCountAndExample()
    {
        var rows = ServingRows();
        var at = Array.IndexOf(Features, "workclass");
        var renamed = 0;
        foreach (var row in rows.Where(r => r[at] == "Private"))
        {
            row[at] = "Private-sector";
            renamed++;
        }

        var result = Validate(Features, rows);

        var v = Assert.Single(result.Violations);
        Assert.Equal((ViolationKind.OutOfDomain, "workclass"), (v.Kind, v.Column));
        Assert.Equal(renamed, v.Count);
        Assert.Equal(["Private-sector"], v.Examples);
        Assert.True(renamed > 1000);
    }

    [Fact]
    public void Validate_NumericColumnTurnedIntoStrings_YieldsOnlyTypeChange()
    {
        var rows = ServingRows();
        var at = Array.IndexOf(Features, "age");
        foreach (var row in rows)
        {
            row[at] += " years";
        }

        var result = Validate(Features, rows);

        var v = Assert.Single(result.Violations);
        Assert.Equal((ViolationKind.TypeChange, "age"), (v.Kind, v.Column));
        Assert.Equal(rows.Count, v.Count);
        Assert.All(v.Examples, e => Assert.EndsWith(" years", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DoubledMissingValues_YieldsOnlyMissingFractionTooHigh()
    {
        var rows = ServingRows();
        var at = Array.IndexOf(Features, "occupation");
        var missing = rows.Count(r => r[at] == "?");
        // Blank out as many more values as were missing, from the front, so the fraction doubles.
        foreach (var row in rows.Where(r => r[at] != "?").Take(missing))
        {
            row[at] = "?";
        }

        var result = Validate(Features, rows);

        var v = Assert.Single(result.Violations);
        Assert.Equal((ViolationKind.MissingFractionTooHigh, "occupation"), (v.Kind, v.Column));
        Assert.Equal(2 * missing, v.Count);
    }

    [Fact]
    public void Validate_OutOfRangeAndUnexpectedColumn_AreReported()
    {
        var rows = ServingRows();
        var at = Array.IndexOf(Features, "hours-per-week");
        rows[0][at] = "120";
        rows[1][at] = "-3";
        var result = Validate([.. Features, "extra"], rows.Select(r => (string[])[.. r, "x"]));

        Assert.Equal(2, result.Violations.Count);
        var range = result.Violations[0];
        Assert.Equal((ViolationKind.OutOfRange, "hours-per-week", 2L), (range.Kind, range.Column, range.Count));
        Assert.Equal(["-3", "120"], range.Examples.Order(StringComparer.Ordinal));
        Assert.Equal((ViolationKind.UnexpectedColumn, ViolationSeverity.Warning, "extra"), (result.Violations[1].Kind, result.Violations[1].Severity, result.Violations[1].Column));
    }

    [Fact]
    public void Validate_EmptyBatch_YieldsEmptyBatch()
    {
        var result = Validate(Features, []);

        var v = Assert.Single(result.Violations);
        Assert.Equal(ViolationKind.EmptyBatch, v.Kind);
    }

    [Fact]
    public void Validate_VectorOfOtherDimension_YieldsDimensionMismatch()
    {
        var reference = ReferenceProfile.FromColumns([ProfileColumn.Vector("embedding", [[1f, 2f, 3f], [0f, 1f, 0f]])]);
        var schema = DataSchema.Infer(reference);
        var batch = ReferenceProfile.FromColumns([ProfileColumn.Vector("embedding", [[1f, 2f], [0f, 1f], [1f, 1f, 1f]])]);

        Assert.Equal(3, schema.Column("embedding")!.VectorDimension);
        var v = Assert.Single(schema.Validate(batch).Violations);
        Assert.Equal((ViolationKind.VectorDimensionMismatch, 2L), (v.Kind, v.Count));
    }

    [Fact]
    public void ToJson_EditedSchema_RoundTrips()
    {
        var schema = DataSchema.FromJson(Schema.ToJson());
        schema.Column("age")!.Max = 80;
        schema.Column("workclass")!.Domain!.Remove("Never-worked");
        schema.Expectations.Add(Expectation.MeanBetween("age", 30, 45));

        var reloaded = DataSchema.FromJson(schema.ToJson());

        Assert.Equal(80, reloaded.Column("age")!.Max);
        Assert.DoesNotContain("Never-worked", reloaded.Column("workclass")!.Domain!);
        Assert.Equal(ExpectationKind.MeanBetween, Assert.Single(reloaded.Expectations).Kind);
        Assert.Contains("\"kind\": \"Integer\"", schema.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"formatVersion\": 7, \"columns\": []}", "format version 7")]
    [InlineData("{\"columns\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", "appears twice")]
    [InlineData("{\"columns\": [{\"kind\": \"Integer\"}]}", "no name")]
    public void FromJson_BadSchema_SaysWhy(string json, string expected)
    {
        var e = Assert.Throws<JsonException>(() => DataSchema.FromJson(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamingValidator_BadRows_AreCountedNeverThrown()
    {
        var validator = new StreamingSchemaValidator(Schema, Features, DataSchema.ServingEnvironment);
        foreach (var row in ServingRows().Take(200))
        {
            validator.Observe([.. row.Select(c => c == "?" ? null : c)]);
        }

        validator.Observe(null);
        validator.Observe(["1", "2"]);
        var result = validator.Result();

        Assert.Equal(200, validator.RowCount);
        Assert.Equal(2, validator.InvalidRowCount);
        var v = Assert.Single(result.Violations);
        Assert.Equal((ViolationKind.InvalidRows, ViolationSeverity.Warning, 2L), (v.Kind, v.Severity, v.Count));
        Assert.Contains("line 202", v.Examples[1], StringComparison.Ordinal);

        validator.Reset();
        Assert.Equal(ViolationKind.EmptyBatch, Assert.Single(validator.Result().Violations).Kind);
    }

    [Fact]
    public void Expectations_OnAdult_HoldOrFailAgainstPandasFigures()
    {
        var profile = AdultProfileData.Full;
        var columns = AdultProfileData.Expected.GetProperty("columns");
        var ageMean = columns.GetProperty("age").GetProperty("mean").GetDouble();
        var ageStd = columns.GetProperty("age").GetProperty("std").GetDouble();
        var workclassPresent = 1 - columns.GetProperty("workclass").GetProperty("missingFraction").GetDouble();
        var sexes = columns.GetProperty("sex").GetProperty("valueCounts").EnumerateObject().Select(p => p.Name).ToList();
        var median = columns.GetProperty("hours-per-week").GetProperty("quantiles")[2];

        (Expectation Expectation, bool Holds)[] cases =
        [
            (Expectation.ColumnExists("age"), true),
            (Expectation.ColumnExists("salary"), false),
            (Expectation.ValuesBetween("age", 17, 90), true),
            (Expectation.ValuesBetween("age", 18, 90), false),
            (Expectation.NotNullFractionAtLeast("workclass", workclassPresent - 1e-9), true),
            (Expectation.NotNullFractionAtLeast("workclass", workclassPresent + 1e-6), false),
            (Expectation.ValuesInSet("sex", sexes), true),
            (Expectation.ValuesInSet("sex", sexes.Take(1)), false),
            (Expectation.DistinctCountBetween("education", 16, 16), true),
            (Expectation.DistinctCountBetween("education", 17, null), false),
            (Expectation.MeanBetween("age", ageMean - 1e-9, ageMean + 1e-9), true),
            (Expectation.MeanBetween("age", null, ageMean - 0.01), false),
            (Expectation.StandardDeviationBetween("age", ageStd - 1e-9, ageStd + 1e-9), true),
            (Expectation.QuantileBetween("hours-per-week", 0.5, median.GetProperty("low").GetDouble(), median.GetProperty("high").GetDouble()), true),
            (Expectation.RowCountBetween(32561, 32561), true),
            (Expectation.RowCountBetween(null, 1000), false),
        ];

        foreach (var (expectation, holds) in cases)
        {
            var result = expectation.Evaluate(profile);
            Assert.True(holds == result.Success, $"{expectation.Kind} {expectation.Column}: {result.Message}");
            Assert.False(string.IsNullOrEmpty(result.Message));
        }
    }
}
