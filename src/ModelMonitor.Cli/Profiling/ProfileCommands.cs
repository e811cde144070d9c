using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Profiling;
using ModelMonitor.Schema;

namespace ModelMonitor.Cli.Profiling;

/// <summary>
/// <c>modelmon profile &lt;csv&gt;</c> and <c>modelmon validate --schema s.json &lt;csv&gt;</c>.
/// Exit codes: 0 success (no violation of severity warning or error), 1 violations found,
/// 2 usage or input error (missing argument, unreadable file, malformed schema or strict CSV).
/// </summary>
internal static class ProfileCommands
{
    public const int Success = 0;
    public const int ViolationsFound = 1;
    public const int InputError = 2;

    /// <summary>Creates <c>profile</c>: prints the data-profile summary, optionally writes the profile and the inferred schema.</summary>
    /// <returns>The command.</returns>
    public static Command CreateProfile()
    {
        var csv = CsvArgument();
        var output = new Option<string?>("--output", "-o") { Description = "Write the reference profile JSON here.", HelpName = "profile.json" };
        var schemaOutput = new Option<string?>("--schema-output") { Description = "Write the inferred schema JSON here.", HelpName = "schema.json" };
        var label = new Option<string?>("--label") { Description = "The label column: its class distribution is reported and it is absent from serving data in the schema.", HelpName = "column" };
        var reading = new CsvReadingOptions();
        var command = new Command("profile", "Profile a CSV file (types, missing values, distinct counts, quantiles, top values, correlations, alerts) and print a summary.");
        command.Arguments.Add(csv);
        command.Options.Add(output);
        command.Options.Add(schemaOutput);
        command.Options.Add(label);
        reading.AddTo(command);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(csv);
            if (string.IsNullOrWhiteSpace(path))
            {
                stderr.WriteLine("modelmon profile: give the CSV file to profile.");
                return InputError;
            }

            try
            {
                var options = new ProfileOptions { LabelColumn = parseResult.GetValue(label) };
                var profile = ReferenceProfile.FromCsvFile(path, reading.Read(parseResult), options);
                stdout.Write(DataProfileSnapshot.Create(profile).ToConsoleText());
                if (profile.LabelDistribution is { } classes)
                {
                    stdout.WriteLine("Label distribution: " + string.Join(", ", classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Count}"))));
                }

                foreach (var error in profile.RowErrors.Take(10))
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  skipped line {error.Line}: {error.Message}"));
                }

                if (parseResult.GetValue(output) is { Length: > 0 } profilePath)
                {
                    File.WriteAllText(profilePath, profile.ToJson());
                    stdout.WriteLine($"Profile written to {profilePath}.");
                }

                if (parseResult.GetValue(schemaOutput) is { Length: > 0 } schemaPath)
                {
                    File.WriteAllText(schemaPath, DataSchema.Infer(profile).ToJson());
                    stdout.WriteLine($"Schema written to {schemaPath}.");
                }

                return Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                stderr.WriteLine($"modelmon profile: {e.Message}");
                return InputError;
            }
        });
        return command;
    }

    /// <summary>Creates <c>validate</c>: checks a CSV file against a schema and prints the violations.</summary>
    /// <returns>The command.</returns>
    public static Command CreateValidate()
    {
        var csv = CsvArgument();
        var schemaOption = new Option<string?>("--schema", "-s") { Description = "The schema JSON (from `modelmon profile --schema-output`).", HelpName = "schema.json" };
        var environment = new Option<string?>("--environment", "-e") { Description = "The environment of the data, such as serving (columns absent there are not required).", HelpName = "name" };
        var reading = new CsvReadingOptions();
        var command = new Command("validate", "Validate a CSV file against a schema; exits with 1 when violations are found.");
        command.Arguments.Add(csv);
        command.Options.Add(schemaOption);
        command.Options.Add(environment);
        reading.AddTo(command);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(csv);
            var schemaPath = parseResult.GetValue(schemaOption);
            if (string.IsNullOrWhiteSpace(path) || string.IsNullOrWhiteSpace(schemaPath))
            {
                stderr.WriteLine("modelmon validate: usage: modelmon validate --schema schema.json data.csv");
                return InputError;
            }

            SchemaValidationResult result;
            try
            {
                var schema = DataSchema.FromJson(File.ReadAllText(schemaPath));
                var batch = ReferenceProfile.FromCsvFile(path, reading.Read(parseResult));
                result = schema.Validate(batch, parseResult.GetValue(environment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or ArgumentException)
            {
                stderr.WriteLine($"modelmon validate: {e.Message}");
                return InputError;
            }

            Write(result, stdout);
            return result.Violations.Any(v => v.Severity >= ViolationSeverity.Warning) ? ViolationsFound : Success;
        });
        return command;
    }

    /// <summary>Prints violations one per line, most severe first.</summary>
    /// <param name="result">The validation result.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(SchemaValidationResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        if (result.Violations.Count == 0)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.RowCount} rows: no violations."));
            return;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.RowCount} rows: {result.Violations.Count} violation(s)."));
        foreach (var v in result.Violations)
        {
            writer.WriteLine($"  [{v.Severity.ToString().ToUpperInvariant()}] {v.Kind}: {v.Message}");
        }
    }

    private static Argument<string?> CsvArgument() => new("csv")
    {
        Description = "The CSV file (RFC 4180; a .gz name is decompressed).",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
