using Microsoft.Extensions.Time.Testing;
using ModelMonitor.Drift;
using ModelMonitor.Features;
using ModelMonitor.Profiling;
using ModelMonitor.Schema;
using ModelMonitor.Serialization;

namespace ModelMonitor.Tests.Features;

public sealed class FeatureMonitorTests
{
    internal static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    internal static readonly string[] Names = ["age", "country", "member"];

    /// <summary>age: a number in [18, 90], at most 5% missing; country: FR or DE; member: a boolean.</summary>
    internal static DataSchema Schema() => new()
    {
        Columns =
        [
            new ColumnSchema { Name = "age", Kind = ColumnKind.Numeric, Min = 18, Max = 90, ReferenceMissingFraction = 0.01, MaxMissingFraction = 0.05 },
            new ColumnSchema { Name = "country", Kind = ColumnKind.Categorical, Domain = ["DE", "FR"] },
            new ColumnSchema { Name = "member", Kind = ColumnKind.Boolean },
        ],
    };

    internal static void Row(IFeatureObserver observer, double age, string? country, bool member) =>
        observer.ObserveFeatures([FeatureValue.FromNumber(age), FeatureValue.FromText(country), FeatureValue.FromBoolean(member)]);

    [Fact]
    public void Snapshot_CleanRows_HasNoViolations()
    {
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), MinRowsToJudge = 10 }, new FakeTimeProvider(Start));
        for (var i = 0; i < 200; i++)
        {
            Row(monitor, 18 + (i % 70), i % 2 == 0 ? "FR" : "DE", i % 3 == 0);
        }

        var snapshot = monitor.Snapshot();

        Assert.Equal(200, snapshot.RowCount);
        Assert.Empty(snapshot.Violations);
        Assert.Equal(["age", "country", "member"], snapshot.Columns.Select(c => c.Column));
        Assert.Equal([ColumnKind.Integer, ColumnKind.Categorical, ColumnKind.Boolean], snapshot.Columns.Select(c => c.Kind));
        Assert.Equal(0.01, snapshot.Columns[0].ReferenceMissingFraction);
    }

    [Fact]
    public void Snapshot_BrokenRows_NameEachColumnAndKindWithItsCount()
    {
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), MinRowsToJudge = 10 }, new FakeTimeProvider(Start));
        for (var i = 0; i < 200; i++)
        {
            // 20 ages of 150 (out of range), 30 missing ages (15%), 25 rows from "US" (outside the domain).
            var age = i < 20 ? 150 : i < 50 ? double.NaN : 40;
            Row(monitor, age, i >= 100 && i < 125 ? "US" : "FR", true);
        }

        var violations = monitor.Snapshot().Violations;

        var range = Assert.Single(violations, v => v.Kind == ViolationKind.OutOfRange);
        Assert.Equal(("age", 20L), (range.Column, range.Count));
        var missing = Assert.Single(violations, v => v.Kind == ViolationKind.MissingFractionTooHigh);
        Assert.Equal(("age", 30L), (missing.Column, missing.Count));
        var domain = Assert.Single(violations, v => v.Kind == ViolationKind.OutOfDomain);
        Assert.Equal(("country", 25L), (domain.Column, domain.Count));
        Assert.Contains("'US'", domain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_DroppedAndRetypedColumns_AreViolations()
    {
        // Serving sends "member" as text and no longer sends "country".
        var monitor = new FeatureMonitor(["age", "member"], new() { Schema = Schema(), MinRowsToJudge = 1 }, new FakeTimeProvider(Start));
        for (var i = 0; i < 50; i++)
        {
            monitor.ObserveFeatures([FeatureValue.FromNumber(30), FeatureValue.FromText("yes")]);
        }

        var violations = monitor.Snapshot().Violations;

        Assert.Contains(violations, v => v is { Kind: ViolationKind.MissingColumn, Column: "country" });
        Assert.Contains(violations, v => v is { Kind: ViolationKind.TypeChange, Column: "member", Count: 50 });
    }

    [Fact]
    public void ObserveFeatures_WrongLength_IsCountedNotThrown()
    {
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), MinRowsToJudge = 1 }, new FakeTimeProvider(Start));
        Row(monitor, 30, "FR", true);
        monitor.ObserveFeatures([FeatureValue.FromNumber(1)]);
        monitor.ObserveFeatures([]);

        var snapshot = monitor.Snapshot();

        Assert.Equal((1L, 2L), (snapshot.RowCount, snapshot.InvalidRowCount));
        var invalid = Assert.Single(snapshot.Violations, v => v.Kind == ViolationKind.InvalidRows);
        Assert.Equal(2, invalid.Count);
        Assert.Null(invalid.Column);
    }

    [Fact]
    public void ObserveFeatures_WrongLengthWithoutSchema_IsStillReported()
    {
        var monitor = new FeatureMonitor(Names, new() { MinRowsToJudge = 1 }, new FakeTimeProvider(Start));
        monitor.ObserveFeatures([FeatureValue.FromNumber(1)]);

        var invalid = Assert.Single(monitor.Snapshot().Violations);
        Assert.Equal((ViolationKind.InvalidRows, 1L), (invalid.Kind, invalid.Count));
    }

    [Fact]
    public void Snapshot_SmallCurrentWindow_ReportsThePreviousCompleteWindow()
    {
        var time = new FakeTimeProvider(Start);
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), Window = TimeSpan.FromMinutes(10), MinRowsToJudge = 100 }, time);
        for (var i = 0; i < 150; i++)
        {
            Row(monitor, 40, "US", false);
        }

        time.Advance(TimeSpan.FromMinutes(10));
        for (var i = 0; i < 5; i++)
        {
            Row(monitor, 40, "FR", false);
        }

        var previous = monitor.Snapshot();
        Assert.True(previous.IsComplete);
        Assert.Equal((150L, Start, Start.AddMinutes(10)), (previous.RowCount, previous.WindowStart, previous.WindowEnd));
        Assert.Contains(previous.Violations, v => v is { Kind: ViolationKind.OutOfDomain, Count: 150 });

        for (var i = 0; i < 95; i++)
        {
            Row(monitor, 40, "FR", false);
        }

        var current = monitor.Snapshot();
        Assert.False(current.IsComplete);
        Assert.Equal((100L, Start.AddMinutes(10)), (current.RowCount, current.WindowStart));
        Assert.Empty(current.Violations);

        // A whole window without rows: nothing complete to fall back on, so the (empty) current one is reported.
        time.Advance(TimeSpan.FromMinutes(25));
        var empty = monitor.Snapshot();
        Assert.Equal(0, empty.RowCount);
        Assert.Empty(empty.Violations);
    }

    [Fact]
    public void Drift_ShiftedNumericFeature_IsDetectedAndSameDistributionIsNot()
    {
        var random = new Random(7);
        double Normal(double mean) => mean + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var reference = ReferenceProfile.FromColumns([ProfileColumn.Numeric("age", [.. Enumerable.Range(0, 5000).Select(_ => Normal(0))])]);
        FeatureSnapshot Window(double mean)
        {
            var monitor = new FeatureMonitor(["age"], new() { Reference = reference, MinRowsToJudge = 100 }, new FakeTimeProvider(Start));
            for (var i = 0; i < 3000; i++)
            {
                monitor.ObserveFeatures([FeatureValue.FromNumber(Normal(mean))]);
            }

            return monitor.Snapshot();
        }

        var shifted = Assert.Single(Window(1).Drift);
        Assert.Equal(("age", SketchDecision.Drift), (shifted.Column, shifted.Result.Decision));
        Assert.Equal((5000L, 3000L), (shifted.Result.ReferenceCount, shifted.Result.CurrentCount));
        Assert.NotEqual(SketchDecision.Drift, Assert.Single(Window(0).Drift).Result.Decision);
    }

    [Fact]
    public void Snapshot_RoundTripsThroughJson()
    {
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), MinRowsToJudge = 1 }, new FakeTimeProvider(Start));
        Row(monitor, 200, "US", true);

        var snapshot = monitor.Snapshot();
        var back = Assert.IsType<FeatureSnapshot>(ModelMonitorJson.DeserializeSnapshot(ModelMonitorJson.Serialize(snapshot)));

        Assert.Equal(snapshot.Violations.Select(v => (v.Kind, v.Column, v.Count)), back.Violations.Select(v => (v.Kind, v.Column, v.Count)));
        Assert.Equal(snapshot.Columns, back.Columns);
        Assert.Equal((snapshot.WindowStart, snapshot.RowCount), (back.WindowStart, back.RowCount));
    }

    [Fact]
    public void Constructor_BadOptions_NameTheOption()
    {
        Assert.Contains("Window", Assert.Throws<ArgumentException>(() => new FeatureMonitor(Names, new() { Window = TimeSpan.Zero })).Message, StringComparison.Ordinal);
        Assert.Contains("MinRowsToJudge", Assert.Throws<ArgumentException>(() => new FeatureMonitor(Names, new() { MinRowsToJudge = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("'age' appears twice", Assert.Throws<ArgumentException>(() => new FeatureMonitor(["age", "age"])).Message, StringComparison.Ordinal);
        Assert.Equal("featureNames", Assert.Throws<ArgumentException>(() => new FeatureMonitor([])).ParamName);
    }
    [Fact]
    public void ObserveFeatures_RepeatedValues_AllocatesNothingPerRow()
    {
        var monitor = new FeatureMonitor(Names, new() { Schema = Schema(), MinRowsToJudge = 1 }, new FakeTimeProvider(Start));
        string[] countries = ["us", "de", "fr"];
        FeatureValue[][] rows = [.. Enumerable.Range(0, 64).Select(i => new[] { FeatureValue.FromNumber(20 + (i % 40)), FeatureValue.FromText(countries[i % 3]), FeatureValue.FromBoolean(i % 2 == 0) })];
        foreach (var row in rows)
        {
            monitor.ObserveFeatures(row);
        }

        // Sketches and distinct-value sets grow now and then; the quietest round shows what a row costs.
        var allocated = Allocations.Quietest(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                monitor.ObserveFeatures(rows[i & 63]);
            }
        });

        Assert.True(allocated < 20_000, $"{allocated} bytes for 20,000 rows");
    }
}
