using Microsoft.ML;
using Microsoft.ML.Data;
using ModelMonitor.Profiling;

namespace ModelMonitor.MLNet.Tests;

public sealed class DataViewProfilerTests
{
    private readonly MLContext _ml = new(seed: 0);

    private static List<Row> Rows()
    {
        string[] works = ["Private", "State-gov", "Self-emp"];
        var random = new Random(7);
        var rows = new List<Row>();
        for (var i = 0; i < 3000; i++)
        {
            rows.Add(new Row
            {
                Age = i % 50 == 0 ? float.NaN : 18 + random.Next(60),
                Income = (random.NextDouble() * 1000) - 100,
                Work = i % 40 == 0 ? string.Empty : works[random.Next(3)],
                Flag = random.Next(4) == 0,
                Embedding = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()],
            });
        }

        return rows;
    }

    [Fact]
    public void Profile_View_MatchesTheProfileOfTheSameColumns()
    {
        var rows = Rows();
        var view = _ml.Data.LoadFromEnumerable(rows);

        var profile = DataViewProfiler.Profile(view);
        var expected = ReferenceProfile.FromColumns(
        [
            ProfileColumn.Numeric("Age", [.. rows.Select(r => (double)r.Age)]),
            ProfileColumn.Numeric("Income", [.. rows.Select(r => r.Income)]),
            ProfileColumn.Text("Work", [.. rows.Select(r => r.Work.Length == 0 ? null : r.Work)]),
            ProfileColumn.Boolean("Flag", [.. rows.Select(r => (bool?)r.Flag)]),
            ProfileColumn.Vector("Embedding", [.. rows.Select(r => r.Embedding)]),
        ]);

        Assert.Equal(expected.ToJson(), profile.ToJson());
        Assert.Equal(
            [ColumnKind.Integer, ColumnKind.Numeric, ColumnKind.Categorical, ColumnKind.Boolean, ColumnKind.Vector],
            profile.Columns.Select(c => c.Kind));
        Assert.Equal(60, profile.Column("Age")!.MissingCount);
        Assert.Equal(75, profile.Column("Work")!.MissingCount);
        Assert.Equal(3, profile.Column("Embedding")!.VectorDimension);
    }

    [Fact]
    public void Profile_NamedColumns_OpensACursorWithOnlyThose()
    {
        var view = new RecordingView(_ml.Data.LoadFromEnumerable(Rows()));

        var profile = DataViewProfiler.Profile(view, ["Work", "Age"]);

        Assert.Equal(["Work", "Age"], profile.Columns.Select(c => c.Name));
        Assert.Equal(["Age", "Work"], view.Requested.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Profile_UnknownOrUnsupportedColumn_NamesIt()
    {
        var view = _ml.Data.LoadFromEnumerable(Rows());
        var keyed = _ml.Transforms.Conversion.MapValueToKey("WorkKey", "Work").Fit(view).Transform(view);

        var unknown = Assert.Throws<ArgumentException>(() => DataViewProfiler.Profile(view, ["Salary"]));
        var keys = DataViewProfiler.Profile(keyed, ["WorkKey"]);

        Assert.Contains("'Salary'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(3, keys.Column("WorkKey")!.DistinctCount);
        Assert.Equal(75, keys.Column("WorkKey")!.MissingCount);
    }

    private sealed class Row
    {
        public float Age { get; set; }

        public double Income { get; set; }

        public string Work { get; set; } = string.Empty;

        public bool Flag { get; set; }

        [VectorType(3)]
        public float[] Embedding { get; set; } = [];
    }

    /// <summary>Passes everything through and records which columns a cursor was asked for.</summary>
    private sealed class RecordingView(IDataView inner) : IDataView
    {
        public List<string> Requested { get; } = [];

        public bool CanShuffle => inner.CanShuffle;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var columns = columnsNeeded.ToList();
            Requested.AddRange(columns.Select(c => c.Name));
            return inner.GetRowCursor(columns, rand);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            throw new NotSupportedException();
    }
}
