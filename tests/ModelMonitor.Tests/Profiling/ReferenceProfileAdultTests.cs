using System.Text.Json;
using ModelMonitor.Profiling;
using ModelMonitor.Statistics;
using ModelMonitor.Tests.Drift.Detection;

namespace ModelMonitor.Tests.Profiling;

public sealed class ReferenceProfileAdultTests
{
    [Fact]
    public void FromCsv_Adult_HasFifteenColumnsWithTheExpectedTypes()
    {
        var profile = AdultProfileData.Full;

        Assert.Equal(AdultData.Columns, profile.Columns.Select(c => c.Name));
        Assert.Equal(AdultProfileData.Expected.GetProperty("rows").GetInt64(), profile.RowCount);
        foreach (var column in profile.Columns)
        {
            var expected = AdultProfileData.NumericColumns.Contains(column.Name) ? ColumnKind.Integer : ColumnKind.Categorical;
            Assert.True(expected == column.Kind, $"{column.Name}: {column.Kind}");
        }

        Assert.Equal(0, profile.InvalidRowCount);
    }

    [Fact]
    public void FromCsv_Adult_CountsMissingAndDistinctLikePandas()
    {
        var profile = AdultProfileData.Full;
        var columns = AdultProfileData.Expected.GetProperty("columns");
        foreach (var column in profile.Columns)
        {
            var expected = columns.GetProperty(column.Name);
            Assert.Equal(expected.GetProperty("count").GetInt64(), column.PresentCount);
            Assert.Equal(expected.GetProperty("missing").GetInt64(), column.MissingCount);
            Assert.Equal(expected.GetProperty("missingFraction").GetDouble(), column.MissingFraction, 15);
            var distinct = expected.GetProperty("distinct").GetInt64();
            if (distinct <= ProfileOptions.Default.FrequentValueCapacity)
            {
                Assert.True(column.DistinctIsExact, column.Name);
                Assert.Equal(distinct, column.DistinctCount);
            }
            else
            {
                // fnlwgt: beyond the exact capacity the HyperLogLog estimate is within three standard errors.
                Assert.False(column.DistinctIsExact, column.Name);
                Assert.Equal(HyperLogLog.StandardError(ProfileOptions.Default.DistinctPrecision), column.DistinctRelativeError);
                Assertions.Close(distinct, column.DistinctCount, 3 * column.DistinctRelativeError, $"{column.Name} distinct");
            }
        }

        // The "?" markers are in workclass, occupation and native-country only.
        Assert.Equal(["workclass", "occupation", "native-country"], profile.Columns.Where(c => c.MissingCount > 0).Select(c => c.Name));
        Assert.Equal(AdultProfileData.Expected.GetProperty("missingCells").GetInt64(), profile.MissingCellCount);
        Assert.Equal(AdultProfileData.Expected.GetProperty("duplicateRows").GetInt64(), profile.DuplicateRowCount);
        Assert.True(profile.DuplicateRowCountIsExact);
    }

    [Fact]
    public void FromCsv_Adult_NumericSummariesMatchPandas()
    {
        var profile = AdultProfileData.Full;
        var columns = AdultProfileData.Expected.GetProperty("columns");
        foreach (var name in AdultProfileData.NumericColumns)
        {
            var expected = columns.GetProperty(name);
            var numeric = profile.Column(name)!.Numeric!;
            Assertions.Close(expected.GetProperty("mean").GetDouble(), numeric.Mean, 1e-12, $"{name} mean");
            Assertions.Close(expected.GetProperty("std").GetDouble(), numeric.StandardDeviation, 1e-10, $"{name} std");
            Assert.Equal(expected.GetProperty("min").GetDouble(), numeric.Min);
            Assert.Equal(expected.GetProperty("max").GetDouble(), numeric.Max);
            Assert.Equal(expected.GetProperty("zeros").GetInt64(), numeric.ZeroCount);
            Assert.Equal(numeric.Count, numeric.Histogram.Sum(b => b.Count));
        }
    }

    [Fact]
    public void FromCsv_Adult_QuantilesWithinTheSketchRankErrorBound()
    {
        // The fixture stores the exact order statistics at p - eps and p + eps, eps being the
        // sketch's documented rank error bound 2 / k^0.95 (1.3% at k = 200); the estimate must lie between.
        var eps = AdultProfileData.Expected.GetProperty("rankError").GetDouble();
        Assert.Equal(QuantileSketch.RankErrorBound(ProfileOptions.Default.SketchAccuracy), eps, 12);
        var columns = AdultProfileData.Expected.GetProperty("columns");
        foreach (var name in AdultProfileData.NumericColumns)
        {
            var numeric = AdultProfileData.Full.Column(name)!.Numeric!;
            Assert.Equal(eps, numeric.RankErrorBound, 12);
            foreach (var q in columns.GetProperty(name).GetProperty("quantiles").EnumerateArray())
            {
                var p = q.GetProperty("p").GetDouble();
                var estimate = numeric.Quantile(p);
                Assert.InRange(estimate, q.GetProperty("low").GetDouble(), q.GetProperty("high").GetDouble());
            }
        }
    }

    [Fact]
    public void FromCsv_Adult_CategoricalValueCountsMatchPandas()
    {
        var columns = AdultProfileData.Expected.GetProperty("columns");
        foreach (var column in AdultProfileData.Full.Columns.Where(c => c.Kind == ColumnKind.Categorical))
        {
            var expected = columns.GetProperty(column.Name).GetProperty("valueCounts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            var actual = AdultProfileData.Full.ValueCounts(column.Name)!;
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(expected.Max(p => p.Value), column.TopValues[0].Count);
            Assert.Equal(0, column.TopValuesMaxUndercount);
        }
    }

    [Fact]
    public void FromCsv_AdultWithLabel_ReportsTheClassDistribution()
    {
        var profile = AdultProfileData.Profile(AdultProfileData.Lines, new ProfileOptions { LabelColumn = "income" });
        var expected = AdultProfileData.Expected.GetProperty("columns").GetProperty("income").GetProperty("valueCounts");

        Assert.NotNull(profile.LabelDistribution);
        Assert.Equal(2, profile.LabelDistribution!.Count);
        foreach (var c in profile.LabelDistribution)
        {
            Assert.Equal(expected.GetProperty(c.Value).GetInt64(), c.Count);
        }
    }

    [Fact]
    public void Merge_TwoShardsOfAdult_EqualsTheProfileOfTheUnion()
    {
        var lines = AdultProfileData.Lines;
        // Uneven, interleaved shards so neither is a prefix of the file.
        var a = AdultProfileData.Profile(lines.Where((_, i) => i % 3 == 0));
        var b = AdultProfileData.Profile(lines.Where((_, i) => i % 3 != 0));
        var merged = a.Merge(b);
        var whole = AdultProfileData.Full;

        Assert.Equal(whole.RowCount, merged.RowCount);
        Assert.Equal(whole.MissingCellCount, merged.MissingCellCount);
        Assert.Equal(whole.DuplicateRowCount, merged.DuplicateRowCount);
        for (var i = 0; i < whole.Columns.Count; i++)
        {
            var w = whole.Columns[i];
            var m = merged.Columns[i];
            Assert.Equal(w.Kind, m.Kind);
            Assert.Equal(w.Count, m.Count);
            Assert.Equal(w.MissingCount, m.MissingCount);
            Assert.Equal(w.DistinctCount, m.DistinctCount);
            Assert.Equal(w.DistinctIsExact, m.DistinctIsExact);
            if (whole.ValueCounts(w.Name) is { } counts)
            {
                Assert.Equal(counts.OrderBy(p => p.Key, StringComparer.Ordinal), merged.ValueCounts(w.Name)!.OrderBy(p => p.Key, StringComparer.Ordinal));
            }
            if (w.Numeric is { } wn)
            {
                var mn = m.Numeric!;
                Assertions.Close(wn.Mean, mn.Mean, 1e-12, $"{w.Name} mean");
                Assertions.Close(wn.StandardDeviation, mn.StandardDeviation, 1e-10, $"{w.Name} std");
                Assert.Equal(wn.Min, mn.Min);
                Assert.Equal(wn.Max, mn.Max);
                Assert.Equal(wn.ZeroCount, mn.ZeroCount);
            }
        }

        // The merged sketch is a sketch of the union: its quantiles obey the same bound.
        var columns = AdultProfileData.Expected.GetProperty("columns");
        foreach (var name in AdultProfileData.NumericColumns)
        {
            foreach (var q in columns.GetProperty(name).GetProperty("quantiles").EnumerateArray())
            {
                Assert.InRange(merged.Column(name)!.Numeric!.Quantile(q.GetProperty("p").GetDouble()), q.GetProperty("low").GetDouble(), q.GetProperty("high").GetDouble());
            }
        }
    }

    [Fact]
    public void ToJson_Adult_RoundTripsAndStillMerges()
    {
        var lines = AdultProfileData.Lines;
        var a = ReferenceProfile.FromJson(AdultProfileData.Profile(lines.Take(10_000)).ToJson());
        var b = ReferenceProfile.FromJson(AdultProfileData.Profile(lines.Skip(10_000)).ToJson());
        var merged = a.Merge(b);
        var whole = AdultProfileData.Full;
        var reloaded = ReferenceProfile.FromJson(whole.ToJson());

        Assert.Equal(whole.ToJson(), reloaded.ToJson());
        Assert.Equal(whole.DuplicateRowCount, merged.DuplicateRowCount);
        for (var i = 0; i < whole.Columns.Count; i++)
        {
            Assert.Equal(whole.Columns[i].DistinctCount, merged.Columns[i].DistinctCount);
            Assert.Equal(whole.Columns[i].MissingCount, merged.Columns[i].MissingCount);
            Assert.Equal(whole.Columns[i].Numeric?.Quantiles, reloaded.Columns[i].Numeric?.Quantiles);
        }
    }

    [Fact]
    public void FromJson_NewerFormatVersion_SaysSo()
    {
        var json = AdultProfileData.Full.ToJson().Replace("\"formatVersion\":1", "\"formatVersion\":99", StringComparison.Ordinal);

        var e = Assert.Throws<JsonException>(() => ReferenceProfile.FromJson(json));
        Assert.Contains("format version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_CorruptedCounts_NamesTheColumn()
    {
        var json = AdultProfileData.Full.ToJson();
        const string Original = "\"name\":\"workclass\",\"cells\":32561,\"missing\":1836,";
        Assert.Contains(Original, json, StringComparison.Ordinal);
        var corrupted = json.Replace(Original, "\"name\":\"workclass\",\"cells\":32561,\"missing\":1837,", StringComparison.Ordinal);

        var e = Assert.Throws<JsonException>(() => ReferenceProfile.FromJson(corrupted));
        Assert.Contains("workclass", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"rows\":3}")]
    [InlineData("[1,2]")]
    public void FromJson_NotAProfile_ThrowsJsonException(string json)
    {
        var e = Assert.Throws<JsonException>(() => ReferenceProfile.FromJson(json));
        Assert.False(string.IsNullOrEmpty(e.Message));
    }
}
