using ModelMonitor.Profiling;

namespace ModelMonitor.Tests.Profiling;

public sealed class ProfilingUnitTests
{
    [Fact]
    public void FromCsv_QuotedFields_FollowRfc4180()
    {
        const string Csv = "name,note,score\r\n\"Smith, J\",\"said \"\"hi\"\"\",1.5\r\n\"multi\nline\",plain,2\r\nx,,NA\r\n";

        var profile = ReferenceProfile.FromCsv(new StringReader(Csv));

        Assert.Equal(3, profile.RowCount);
        Assert.Equal(0, profile.InvalidRowCount);
        Assert.Equal(["Smith, J", "multi\nline", "x"], profile.ValueCounts("name")!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["plain", "said \"hi\""], profile.ValueCounts("note")!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, profile.Column("note")!.MissingCount);
        Assert.Equal(ColumnKind.Numeric, profile.Column("score")!.Kind);
        Assert.Equal(1.75, profile.Column("score")!.Numeric!.Mean);
    }

    [Fact]
    public void FromCsv_QuotedFieldsAcrossBufferBoundaries_AreReadWhole()
    {
        // About 600 KB: many 64 K-character buffer refills, some inside quoted fields.
        var text = new System.Text.StringBuilder("id,note\n");
        for (var i = 0; i < 5000; i++)
        {
            text.Append(i).Append(",\"").Append(new string('x', 100 + (i % 17))).Append(", \"\"q\"\"\nsecond line\"\n");
        }

        var profile = ReferenceProfile.FromCsv(new StringReader(text.ToString()));

        Assert.Equal(5000, profile.RowCount);
        Assert.Equal(0, profile.InvalidRowCount);
        Assert.Equal(17, profile.Column("note")!.DistinctCount);
        var lengths = profile.Column("note")!.TextLength!.Value;
        Assert.Equal(100 + ", \"q\"\nsecond line".Length, lengths.Min);
        Assert.Equal(116 + ", \"q\"\nsecond line".Length, lengths.Max);
    }

    [Fact]
    public void ProfileBuilder_RowsOutOfOrder_Throw()
    {
        var builder = new ProfileBuilder(["a"]);
        builder.BeginRow();

        Assert.Throws<InvalidOperationException>(builder.BeginRow);
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        builder.EndRow();
        Assert.Throws<InvalidOperationException>(builder.EndRow);
        Assert.Equal(1, builder.Build().Column("a")!.MissingCount);
    }

    [Fact]
    public void FromCsv_MalformedRows_AreReportedWithLineNumbersAndSkipped()
    {
        const string Csv = "a,b\n1,2\n3\n\"unterminated,4\n";
        const string Good = "a,b\n1,2\n3,4,5\n6,7\n";

        var good = ReferenceProfile.FromCsv(new StringReader(Good));
        var bad = ReferenceProfile.FromCsv(new StringReader(Csv));

        Assert.Equal(2, good.RowCount + good.InvalidRowCount - 1);
        Assert.Equal(new RowError(3, "3 fields where the header has 2"), Assert.Single(good.RowErrors));
        Assert.Equal(1, bad.RowCount);
        Assert.Equal([3L, 4L], bad.RowErrors.Select(e => e.Line));
        Assert.Contains("not closed", bad.RowErrors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_StrictMode_ThrowsNamingTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => ReferenceProfile.FromCsv(new StringReader("a,b\n1,2\n\n3\n"), new CsvOptions { Strict = true }));

        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCsv_MissingTokens_AreConfigurable()
    {
        const string Csv = "a\n-\n?\n1\n";

        var byDefault = ReferenceProfile.FromCsv(new StringReader(Csv));
        var dashes = ReferenceProfile.FromCsv(new StringReader(Csv), new CsvOptions { MissingTokens = ["-"] });

        Assert.Equal(1, byDefault.Column("a")!.MissingCount);
        Assert.Equal(1, dashes.Column("a")!.MissingCount);
        Assert.Equal(["1", "?"], dashes.ValueCounts("a")!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromCsv_Types_AreInferred()
    {
        const string Csv = "i,x,b,d,s\n1,1.5,true,2024-01-02,a\n2,2,False,2024-03-04T05:06:07Z,b\n";

        var profile = ReferenceProfile.FromCsv(new StringReader(Csv));

        Assert.Equal(
            [ColumnKind.Integer, ColumnKind.Numeric, ColumnKind.Boolean, ColumnKind.DateTime, ColumnKind.Categorical],
            profile.Columns.Select(c => c.Kind));
        Assert.Equal(1, profile.Column("b")!.TrueCount);
        Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), profile.Column("d")!.MinDate);
    }

    [Fact]
    public void HyperLogLog_ManyDistinct_EstimateWithinThreeStandardErrorsAndMergeIsUnion()
    {
        var a = new HyperLogLog();
        var b = new HyperLogLog();
        var union = new HyperLogLog();
        for (var i = 0; i < 200_000; i++)
        {
            var h = HyperLogLog.Hash(i);
            (i % 2 == 0 ? a : b).AddHash(h);
            union.AddHash(h);
        }

        a.Merge(b);

        Assert.Equal(union.Estimate(), a.Estimate());
        Assertions.Close(200_000, a.Estimate(), 3 * a.RelativeStandardError, "estimate");
        Assert.Equal(0.01625, HyperLogLog.StandardError(12), 12);
    }

    [Fact]
    public void FromColumns_HighCardinality_SwitchesToTheSketch()
    {
        var values = Enumerable.Range(0, 50_000).Select(i => i * 0.5).ToArray();

        var column = ReferenceProfile.FromColumns([ProfileColumn.Numeric("x", values)]).Column("x")!;

        Assert.False(column.DistinctIsExact);
        Assertions.Close(50_000, column.DistinctCount, 3 * column.DistinctRelativeError, "distinct");
        Assert.Empty(column.TopValues);
        Assert.Equal(ColumnKind.Numeric, column.Kind);
    }

    private sealed class Row
    {
        public int Age { get; init; }

        public double? Income { get; init; }

        public string? City { get; init; }

        public bool Active { get; init; }

        public float[]? Embedding { get; init; }

        public DayOfWeek Day { get; init; }
    }

    [Fact]
    public void FromRecords_TypedProperties_AreProfiledWithoutBoxing()
    {
        Row?[] rows =
        [
            new() { Age = 30, Income = 10.5, City = "Paris", Active = true, Embedding = [1, 0], Day = DayOfWeek.Monday },
            new() { Age = 40, Income = null, City = null, Active = false, Embedding = [0, 1, 0], Day = DayOfWeek.Monday },
            null,
            new() { Age = 50, Income = 20.5, City = "Oslo", Active = true, Embedding = null, Day = DayOfWeek.Friday },
        ];

        var profile = ReferenceProfile.FromRecords(rows);

        Assert.Equal(3, profile.RowCount);
        Assert.Equal(1, profile.InvalidRowCount);
        Assert.Equal(
            [("Age", ColumnKind.Integer), ("Income", ColumnKind.Numeric), ("City", ColumnKind.Categorical), ("Active", ColumnKind.Boolean), ("Embedding", ColumnKind.Vector), ("Day", ColumnKind.Categorical)],
            profile.Columns.Select(c => (c.Name, c.Kind)));
        Assert.Equal(40, profile.Column("Age")!.Numeric!.Mean);
        Assert.Equal(1, profile.Column("Income")!.MissingCount);
        Assert.Equal(2, profile.Column("Embedding")!.VectorDimension);
        Assert.Equal(1, profile.Column("Embedding")!.VectorDimensionMismatches);
        Assert.Equal(2, profile.ValueCounts("Day")!["Monday"]);
    }

    [Fact]
    public void FromColumns_UnequalLengths_NameTheColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => ReferenceProfile.FromColumns([ProfileColumn.Numeric("a", [1, 2]), ProfileColumn.Numeric("b", [1])]));

        Assert.Equal("columns", e.ParamName);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }
}
