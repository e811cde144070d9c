using System.CommandLine;
using ModelMonitor.Cli.Profiling;
using ModelMonitor.Schema;

namespace ModelMonitor.Cli.Tests;

public sealed class ProfileCommandsTests : IDisposable
{
    private const string Reference = "age,city,income\n30,Paris,>50K\n41,Oslo,<=50K\n29,Paris,<=50K\n55,Rome,>50K\n?,Oslo,<=50K\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-profile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Profile_Csv_PrintsSummaryAndWritesProfileAndSchema()
    {
        var csv = Write("ref.csv", Reference);
        var profilePath = Path.Combine(_dir, "profile.json");
        var schemaPath = Path.Combine(_dir, "schema.json");

        var (code, output, _) = Invoke(ProfileCommands.CreateProfile(), [csv, "--output", profilePath, "--schema-output", schemaPath, "--label", "income"]);

        Assert.Equal(ProfileCommands.Success, code);
        Assert.StartsWith("Data profile: 5 rows x 3 columns", output, StringComparison.Ordinal);
        Assert.Contains("Label distribution: <=50K 3, >50K 2", output, StringComparison.Ordinal);
        Assert.Equal(5, ModelMonitor.Profiling.ReferenceProfile.FromJson(File.ReadAllText(profilePath)).RowCount);
        var schema = DataSchema.FromJson(File.ReadAllText(schemaPath));
        Assert.Equal(["age", "city", "income"], schema.Columns.Select(c => c.Name));
        Assert.Equal([DataSchema.ServingEnvironment], schema.Column("income")!.AbsentInEnvironments!);
    }

    [Fact]
    public void Validate_CleanAndBrokenBatches_ExitZeroAndOne()
    {
        var schemaPath = Path.Combine(_dir, "schema.json");
        Invoke(ProfileCommands.CreateProfile(), [Write("ref.csv", Reference), "--schema-output", schemaPath, "--label", "income"]);
        var clean = Write("clean.csv", "age,city\n35,Rome\n44,Paris\n");
        var broken = Write("broken.csv", "city\nRome\nBerlin\n");

        var ok = Invoke(ProfileCommands.CreateValidate(), ["--schema", schemaPath, clean, "--environment", "serving"]);
        var bad = Invoke(ProfileCommands.CreateValidate(), ["--schema", schemaPath, broken, "-e", "serving"]);

        Assert.Equal(ProfileCommands.Success, ok.Code);
        Assert.Contains("2 rows: no violations.", ok.Output, StringComparison.Ordinal);
        Assert.Equal(ProfileCommands.ViolationsFound, bad.Code);
        Assert.Contains("[ERROR] MissingColumn: Column 'age' is missing", bad.Output, StringComparison.Ordinal);
        Assert.Contains("[ERROR] OutOfDomain: Column 'city' has 1 value(s) outside its domain: 'Berlin' (1).", bad.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("data.csv")]
    [InlineData("--schema nope.json data.csv")]
    public void Validate_UsageOrInputError_ExitsTwo(string args)
    {
        var (code, _, error) = Invoke(ProfileCommands.CreateValidate(), args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ProfileCommands.InputError, code);
        Assert.StartsWith("modelmon validate:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CorruptedSchema_ExitsTwoNamingTheProblem()
    {
        var schema = Write("schema.json", "{\"formatVersion\": 9, \"columns\": []}");

        var (code, _, error) = Invoke(ProfileCommands.CreateValidate(), ["--schema", schema, Write("d.csv", Reference)]);

        Assert.Equal(ProfileCommands.InputError, code);
        Assert.Contains("format version 9", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_MissingFileOrStrictMalformedLine_ExitsTwo()
    {
        var missing = Invoke(ProfileCommands.CreateProfile(), [Path.Combine(_dir, "none.csv")]);
        var strict = Invoke(ProfileCommands.CreateProfile(), [Write("bad.csv", "a,b\n1,2\n3\n"), "--strict"]);
        var lenient = Invoke(ProfileCommands.CreateProfile(), [Write("bad2.csv", "a,b\n1,2\n3\n")]);

        Assert.Equal(ProfileCommands.InputError, missing.Code);
        Assert.Equal(ProfileCommands.InputError, strict.Code);
        Assert.Contains("line 3", strict.Error, StringComparison.Ordinal);
        Assert.Equal(ProfileCommands.Success, lenient.Code);
        Assert.Contains("skipped line 3: 1 fields where the header has 2", lenient.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoProfilingSection_ServingBatch_ReportsTheDroppedColumnAndTheMissingTexts()
    {
        var result = DemoProfilingSection.Run();
        using var text = new StringWriter();
        DemoProfilingSection.Write(result, text);

        Assert.Equal(1000, result.Reference.RowCount);
        var errors = result.Serving.Violations.Where(v => v.Severity == ViolationSeverity.Error).ToList();
        Assert.Contains(errors, v => v.Kind == ViolationKind.MissingColumn && v.Column == DemoProfilingSection.DroppedColumn);
        var missing = Assert.Single(errors, v => v.Kind == ViolationKind.MissingFractionTooHigh);
        Assert.Equal(("text", 200L), (missing.Column, missing.Count));
        Assert.DoesNotContain(result.Serving.Violations, v => v.Column == "label");
        Assert.Contains("Training data profile (Amazon reviews):", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("MissingColumn: Column 'words' is missing", text.ToString(), StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Output, string Error) Invoke(Command command, string[] args)
    {
        var root = new RootCommand { command };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = root.Parse([command.Name, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
