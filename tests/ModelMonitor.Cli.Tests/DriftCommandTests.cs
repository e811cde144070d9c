using System.Globalization;
using ModelMonitor.Drift;
using ModelMonitor.Serialization;

namespace ModelMonitor.Cli.Tests;

public sealed class DriftCommandTests : IDisposable
{
    private static readonly HashSet<string> Numeric = new(["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"], StringComparer.Ordinal);
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Drift_AdultHalves_NothingDriftsAndTheJsonIsTheLibrarysResult()
    {
        var even = AdultCsv.Rows.Where((_, i) => i % 2 == 0).ToArray();
        var odd = AdultCsv.Rows.Where((_, i) => i % 2 == 1).ToArray();
        var reference = AdultCsv.Write(_dir, "even.csv", even);
        var current = AdultCsv.Write(_dir, "odd.csv", odd);

        var table = CliRunner.Invoke("drift", "--reference", reference, "--current", current, "--fail-on", "drift");
        var json = CliRunner.Invoke("drift", "-r", reference, "-c", current, "--format", "json");

        Assert.Equal(0, table.Code);
        Assert.Contains("0 of 15 columns drifted", table.Output, StringComparison.Ordinal);
        Assert.Contains("Data set: not drifted", table.Output, StringComparison.Ordinal);
        var effects = TableEffects(table.Output);
        Assert.Equal(15, effects.Count);
        Assert.Equal(effects.OrderByDescending(e => e), effects);

        // The command must hand the detector what a direct caller would: the kinds, and "?" as missing.
        var expected = new DriftDetector().Detect(Columns(even), Columns(odd));
        var actual = ModelMonitorJson.DeserializeDriftResult(json.Output);
        Assert.Equal(0, json.Code);
        Assert.Equal(expected.Columns.Select(c => (c.Column, c.Kind, c.Method, c.Statistic, c.IsDrift, c.ReferenceMissing, c.CurrentMissing)),
            actual.Columns.Select(c => (c.Column, c.Kind, c.Method, c.Statistic, c.IsDrift, c.ReferenceMissing, c.CurrentMissing)));
        Assert.Equal(even.Count(r => r[1] == "?"), actual["workclass"].ReferenceMissing);
        Assert.True(actual["workclass"].ReferenceMissing > 0);
    }

    [Fact]
    public void Drift_MenVsWomen_DriftsFailsOnDriftAndWritesTheResultWhole()
    {
        var reference = AdultCsv.Write(_dir, "men.csv", AdultCsv.Rows.Where(r => r[9] == "Male"));
        var current = AdultCsv.Write(_dir, "women.csv", AdultCsv.Rows.Where(r => r[9] == "Female"));
        var output = Path.Combine(_dir, "drift.json");

        var (code, text, error) = CliRunner.Invoke("drift", "-r", reference, "-c", current, "--columns", "sex,relationship,hours-per-week,fnlwgt", "--fail-on", "drift", "-o", output);
        var plain = CliRunner.Invoke("drift", "-r", reference, "-c", current, "--columns", "sex");

        Assert.Equal(1, code);
        Assert.Contains(output, error, StringComparison.Ordinal);
        var written = ModelMonitorJson.DeserializeDriftResult(File.ReadAllText(output));
        Assert.Equal(["sex", "relationship", "hours-per-week", "fnlwgt"], written.Columns.Select(c => c.Column));
        Assert.True(written["sex"].IsDrift);
        Assert.True(written["hours-per-week"].IsDrift);
        Assert.Equal(DriftColumnKind.Numeric, written["hours-per-week"].Kind);
        Assert.Contains("sex: JensenShannon", text, StringComparison.Ordinal);
        Assert.Equal(["drift.json", "men.csv", "women.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, plain.Code);
    }

    [Fact]
    public void Drift_SmallSamplesAndForcedMethod_UseTestsWithPValues()
    {
        var reference = AdultCsv.Write(_dir, "a.csv", AdultCsv.Rows.Take(400));
        var current = AdultCsv.Write(_dir, "b.csv", AdultCsv.Rows.Skip(400).Take(400));

        var auto = ModelMonitorJson.DeserializeDriftResult(CliRunner.Invoke("drift", "-r", reference, "-c", current, "--format", "json").Output);
        var psi = ModelMonitorJson.DeserializeDriftResult(CliRunner.Invoke("drift", "-r", reference, "-c", current, "--method", "psi", "--format", "json").Output);

        Assert.Equal(DriftMethod.KolmogorovSmirnov, auto["age"].Method);
        Assert.Equal(DriftMethod.TwoProportionZTest, auto["sex"].Method);
        Assert.NotNull(auto["age"].AdjustedPValue);
        Assert.All(psi.Columns, c => Assert.Equal(DriftMethod.PopulationStabilityIndex, c.Method));
    }

    [Fact]
    public void Drift_UnknownColumn_OneLineNamingTheColumnAndTheFile()
    {
        var reference = AdultCsv.Write(_dir, "a.csv", AdultCsv.Rows.Take(50));
        var current = AdultCsv.Write(_dir, "b.csv", AdultCsv.Rows.Skip(50).Take(50));

        var (code, output, error) = CliRunner.Invoke("drift", "-r", reference, "-c", current, "--columns", "age,salary");

        Assert.Equal(2, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"modelmon drift: '{reference}' has no column 'salary'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_MalformedLineOrMissingFile_ExitsTwoNamingFileAndLine()
    {
        var reference = AdultCsv.Write(_dir, "a.csv", AdultCsv.Rows.Take(50));
        var rows = AdultCsv.Rows.Skip(50).Take(50).ToList();
        rows[6] = rows[6][..14];
        var current = AdultCsv.Write(_dir, "b.csv", rows);

        var malformed = CliRunner.Invoke("drift", "-r", reference, "-c", current);
        var missing = CliRunner.Invoke("drift", "-r", Path.Combine(_dir, "none.csv"), "-c", current);

        Assert.Equal(2, malformed.Code);
        Assert.Equal($"modelmon drift: '{current}' line 8: 14 fields, but the header has 15.", malformed.Error.Trim());
        Assert.Equal(2, missing.Code);
        Assert.Contains("none.csv' does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_TextInANumericColumn_IsCountedAsMissingAndReported()
    {
        var reference = AdultCsv.Write(_dir, "a.csv", AdultCsv.Rows.Take(300));
        var rows = AdultCsv.Rows.Skip(300).Take(300).Select(r => (string[])r.Clone()).ToList();
        rows[10][0] = "forty";
        rows[11][0] = "?";
        var current = AdultCsv.Write(_dir, "b.csv", rows);

        var (code, output, error) = CliRunner.Invoke("drift", "-r", reference, "-c", current, "--columns", "age", "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(2, ModelMonitorJson.DeserializeDriftResult(output)["age"].CurrentMissing);
        Assert.Contains($"'{current}' column 'age': 1 value(s) are not finite numbers (first: 'forty'); counted as missing.", error, StringComparison.Ordinal);
    }

    private static List<DriftColumn> Columns(string[][] rows)
    {
        var columns = new List<DriftColumn>();
        for (var j = 0; j < AdultCsv.Columns.Length; j++)
        {
            var name = AdultCsv.Columns[j];
            columns.Add(Numeric.Contains(name)
                ? DriftColumn.Numeric(name, [.. rows.Select(r => double.Parse(r[j], CultureInfo.InvariantCulture))])
                : DriftColumn.Categorical(name, rows.Select(r => r[j] == "?" ? null : r[j])));
        }

        return columns;
    }

    /// <summary>The effect column of the printed table, in printed order.</summary>
    private static List<double> TableEffects(string table) =>
    [
        .. table.Split(Environment.NewLine)
            .Where(l => AdultCsv.Columns.Any(c => l.StartsWith(c + " ", StringComparison.Ordinal)))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => double.Parse(parts[5], CultureInfo.InvariantCulture)),
    ];
}
