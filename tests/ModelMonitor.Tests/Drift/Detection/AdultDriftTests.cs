using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using ModelMonitor.Drift;
using Xunit.Abstractions;

namespace ModelMonitor.Tests.Drift.Detection;

public class AdultDriftTests(ITestOutputHelper output)
{
    private static readonly int Sex = AdultData.IndexOf("sex");

    [Fact]
    public void Load_BundledFile_IsTheOriginalData()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var hash = Convert.ToHexStringLower(SHA256.HashData(gzip));

        Assert.Equal("5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d", hash);
        Assert.Equal(32561, AdultData.Load().Rows.Count);
    }

    [Fact]
    public void Detect_MaleVersusFemale_FlagsColumnsThatMovedOnly()
    {
        var adult = AdultData.Load();
        var reference = adult.Select(r => r[Sex] == "Male");
        var current = adult.Select(r => r[Sex] == "Female");

        var result = new DriftDetector().Detect(reference, current);
        Log(result);

        // Distances checked independently with a pure-Python computation on the same split.
        Assert.Equal(0.6791, result["relationship"].Statistic!.Value, 0.0005);
        Assert.Equal(0.4305, result["marital-status"].Statistic!.Value, 0.0005);
        Assert.Equal(0.4965, result["hours-per-week"].Statistic!.Value, 0.0005);
        Assert.Equal(0.0605, result["fnlwgt"].Statistic!.Value, 0.0005);
        Assert.Equal(0.0606, result["native-country"].Statistic!.Value, 0.0005);
        foreach (var moved in new[] { "relationship", "marital-status", "occupation", "hours-per-week", "income", "age", "workclass", "sex" })
        {
            Assert.True(result[moved].IsDrift, $"{moved}: {result[moved].Reason}");
        }

        foreach (var stayed in new[] { "fnlwgt", "native-country", "education" })
        {
            Assert.False(result[stayed].IsDrift, $"{stayed}: {result[stayed].Reason}");
        }

        Assert.Equal(DriftMethod.NormalizedWasserstein, result["age"].Method);
        Assert.Equal(DriftMethod.JensenShannon, result["relationship"].Method);
        Assert.True(result.IsDrift);
        Assert.True(result["workclass"].ReferenceMissing > 0);
    }

    [Fact]
    public void Detect_SmallSamplesMaleVersusFemale_StatisticalTestsFlagLargeChangesOnly()
    {
        var adult = AdultData.Load();
        var males = Sample(adult.Rows.Where(r => r[Sex] == "Male"), 1000, seed: 7);
        var females = Sample(adult.Rows.Where(r => r[Sex] == "Female"), 1000, seed: 8);
        var reference = AdultSubset(males);
        var current = AdultSubset(females);

        var result = new DriftDetector().Detect(reference, current);
        Log(result);

        Assert.Equal(DriftMethod.KolmogorovSmirnov, result["hours-per-week"].Method);
        Assert.Equal(DriftMethod.ChiSquareContingency, result["relationship"].Method);
        Assert.Equal(DriftMethod.TwoProportionZTest, result["income"].Method);
        foreach (var moved in new[] { "relationship", "marital-status", "occupation", "hours-per-week", "income" })
        {
            Assert.True(result[moved].IsDrift, $"{moved}: {result[moved].Reason}");
        }

        Assert.False(result["fnlwgt"].IsDrift, result["fnlwgt"].Reason);
    }

    [Fact]
    public void Detect_RandomSplit_FlagsNothing()
    {
        var adult = AdultData.Load();
        var random = new Random(42);
        var inReference = adult.Rows.ToDictionary(r => r, _ => random.NextDouble() < 0.5);
        var reference = adult.Select(r => inReference[r]);
        var current = adult.Select(r => !inReference[r]);

        var result = new DriftDetector().Detect(reference, current);
        Log(result);

        Assert.All(result.Columns, c => Assert.False(c.IsDrift, $"{c.Column}: {c.Reason}"));
        Assert.Equal(0, result.DriftedColumns);
        Assert.False(result.IsDrift);
    }

    [Fact]
    public void Detect_SmallRandomSplit_FlagsNothing()
    {
        var adult = AdultData.Load();
        var rows = Sample(adult.Rows, 2000, seed: 9);
        var result = new DriftDetector().Detect(AdultSubset(rows.Take(1000)), AdultSubset(rows.Skip(1000)));
        Log(result);

        Assert.All(result.Columns, c => Assert.False(c.IsDrift, $"{c.Column}: {c.Reason}"));
    }

    private static List<string?[]> Sample(IEnumerable<string?[]> rows, int n, int seed)
    {
        var all = rows.ToArray();
        new Random(seed).Shuffle(all);
        return [.. all.Take(n)];
    }

    private static List<DriftColumn> AdultSubset(IEnumerable<string?[]> rows)
    {
        var set = rows.ToHashSet();
        return AdultData.Load().Select(r => set.Contains(r));
    }

    private void Log(DatasetDriftResult result)
    {
        foreach (var c in result.Columns)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Column,-15} {c.Method,-22} stat={c.Statistic:G4} p={c.PValue:G3} adj={c.AdjustedPValue:G3} effect={c.EffectSize:G4} drift={c.IsDrift} miss={c.ReferenceMissingFraction:P1}/{c.CurrentMissingFraction:P1} | {c.Reason}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drifted {result.DriftedColumns}/{result.Columns.Count} = {result.DriftedShare:G3}; dataset drift = {result.IsDrift}"));
    }
}
