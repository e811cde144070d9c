using ModelMonitor.Profiling;

namespace ModelMonitor.Tests.Profiling;

public sealed class DataProfileSnapshotTests
{
    private static readonly Lazy<DataProfileSnapshot> Snapshot = new(() => DataProfileSnapshot.Create(AdultProfileData.Full));

    [Theory]
    [InlineData("pearson")]
    [InlineData("spearman")]
    public void Create_Adult_CorrelationsMatchPandas(string method)
    {
        var snapshot = Snapshot.Value;
        var matrix = method == "pearson" ? snapshot.Pearson : snapshot.Spearman;
        var names = AdultProfileData.Expected.GetProperty("numericColumns").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var expected = AdultProfileData.Expected.GetProperty(method);

        Assert.True(snapshot.CorrelationsAreExact);
        Assert.Equal(names, matrix.Columns);
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = 0; j < names.Length; j++)
            {
                Assert.Equal(expected[i][j].GetDouble(), matrix.Get(names[i], names[j]), 10);
            }
        }
    }

    [Fact]
    public void Create_Adult_DatasetFiguresSkewnessAndAlertsMatchPandas()
    {
        var snapshot = Snapshot.Value;
        var expected = AdultProfileData.Expected;
        var columns = expected.GetProperty("columns");

        Assert.Equal(expected.GetProperty("rows").GetInt64(), snapshot.RowCount);
        Assert.Equal(15, snapshot.ColumnCount);
        Assert.Equal(expected.GetProperty("duplicateRows").GetInt64(), snapshot.DuplicateRowCount);
        Assert.Equal(expected.GetProperty("missingCells").GetInt64(), snapshot.MissingCellCount);
        foreach (var name in AdultProfileData.NumericColumns)
        {
            Assertions.Close(columns.GetProperty(name).GetProperty("skew").GetDouble(), snapshot.Skewness(name)!.Value, 1e-9, $"{name} skew");
        }

        Assert.Null(snapshot.Skewness("workclass"));

        // Alerts follow from the pandas figures and the default thresholds.
        var options = DataProfileOptions.Default;
        var expectedAlerts = new List<(AlertKind, string)>();
        foreach (var name in Drift.Detection.AdultData.Columns)
        {
            var c = columns.GetProperty(name);
            if (c.GetProperty("missingFraction").GetDouble() > options.HighMissingFraction)
            {
                expectedAlerts.Add((AlertKind.HighMissing, name));
            }

            if (AdultProfileData.NumericColumns.Contains(name))
            {
                if (Math.Abs(c.GetProperty("skew").GetDouble()) > options.SkewnessThreshold)
                {
                    expectedAlerts.Add((AlertKind.Skewed, name));
                }

                if (c.GetProperty("zeros").GetDouble() / c.GetProperty("count").GetDouble() > options.ZerosFraction)
                {
                    expectedAlerts.Add((AlertKind.ManyZeros, name));
                }
            }
            else if (c.GetProperty("distinct").GetInt64() > options.HighCardinalityDistinct)
            {
                expectedAlerts.Add((AlertKind.HighCardinality, name));
            }
        }

        Assert.Equal(expectedAlerts, snapshot.Alerts.Select(a => (a.Kind, a.Column)));
        Assert.Contains((AlertKind.ManyZeros, "capital-gain"), expectedAlerts);
    }

    [Fact]
    public void Create_ConstantAndIdColumns_AreFlagged()
    {
        var ids = Enumerable.Range(0, 500).Select(i => (double)i).ToArray();
        var profile = ReferenceProfile.FromColumns(
        [
            ProfileColumn.Numeric("id", ids),
            ProfileColumn.Text("country", [.. Enumerable.Repeat("FR", 500)]),
            ProfileColumn.Numeric("skewed", [.. ids.Select(i => i < 499 ? 1.0 : 1e9)]),
        ]);

        var snapshot = DataProfileSnapshot.Create(profile);

        Assert.Equal(
            [(AlertKind.PossibleId, "id"), (AlertKind.Constant, "country"), (AlertKind.Skewed, "skewed")],
            snapshot.Alerts.Select(a => (a.Kind, a.Column)));
    }

    [Fact]
    public void ToConsoleText_Adult_ListsEveryColumnAndTheAlerts()
    {
        var text = Snapshot.Value.ToConsoleText();

        Assert.StartsWith("Data profile: 32561 rows x 15 columns, 24 duplicate rows, 4262 missing cells", text, StringComparison.Ordinal);
        foreach (var name in Drift.Detection.AdultData.Columns)
        {
            Assert.Contains("\n" + name + " ", text, StringComparison.Ordinal);
        }

        Assert.Contains("capital-gain has 91.7% zeros", text, StringComparison.Ordinal);
        Assert.Contains("top: Private (22696)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ProfileLargerThanTheSample_UsesABoundedSample()
    {
        var x = Enumerable.Range(0, 5000).Select(i => (double)i).ToArray();
        var y = x.Select(v => (2 * v) + 1).ToArray();
        var options = new ProfileOptions { CorrelationSampleSize = 500 };
        var half = ReferenceProfile.FromColumns([ProfileColumn.Numeric("x", x[..2500]), ProfileColumn.Numeric("y", y[..2500])], options);
        var rest = ReferenceProfile.FromColumns([ProfileColumn.Numeric("x", x[2500..]), ProfileColumn.Numeric("y", y[2500..])], options);

        var snapshot = DataProfileSnapshot.Create(half.Merge(rest));

        Assert.False(snapshot.CorrelationsAreExact);
        Assert.Equal(500, snapshot.CorrelationSampleSize);
        Assert.Equal(1, snapshot.Pearson.Get("x", "y"), 12);
        Assert.Equal(1, snapshot.Spearman.Get("x", "y"), 12);
    }
}
