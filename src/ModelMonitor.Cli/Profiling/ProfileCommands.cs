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
        var format = Formats.Option();
        var command = new Command("profile", """
            Profile a CSV file (types, missing values, distinct counts, quantiles, top values, correlations,
            alerts) and print a summary; optionally save the profile (the reference for later checks) and
            the schema inferred from it (for `modelmon validate`).
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon profile train.csv",
            "modelmon profile train.csv --label income -o profile.json --schema-output schema.json",
            "modelmon profile adult.data --no-header --separator , --missing ? --format json");
        command.Arguments.Add(csv);
        command.Options.Add(output);
        command.Options.Add(schemaOutput);
        command.Options.Add(label);
        command.Options.Add(format);
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

            ReferenceProfile profile;
            try
            {
                var options = new ProfileOptions { LabelColumn = parseResult.GetValue(label) };
                profile = Read(path, reading.Read(parseResult), options, stderr);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
            {
                stderr.WriteLine($"modelmon profile: {e.Message}");
                return InputError;
            }

            var snapshot = DataProfileSnapshot.Create(profile);
            if (parseResult.GetValue(format) == Formats.Json)
            {
                stdout.Write(ProfileJson(snapshot));
            }
            else
            {
                stdout.Write(snapshot.ToConsoleText());
                if (profile.LabelDistribution is { } classes)
                {
                    stdout.WriteLine("Label distribution: " + string.Join(", ", classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Count}"))));
                }

                foreach (var error in profile.RowErrors.Take(10))
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  skipped line {error.Line}: {error.Message}"));
                }
            }

            try
            {
                if (parseResult.GetValue(output) is { Length: > 0 } profilePath)
                {
                    AtomicFile.WriteAllText(profilePath, profile.ToJson());
                    stderr.WriteLine($"Profile written to {profilePath}.");
                }

                if (parseResult.GetValue(schemaOutput) is { Length: > 0 } schemaPath)
                {
                    AtomicFile.WriteAllText(schemaPath, DataSchema.Infer(profile).ToJson());
                    stderr.WriteLine($"Schema written to {schemaPath}.");
                }
            }
            catch (IOException e)
            {
                stderr.WriteLine($"modelmon profile: {e.Message}");
                return ExitCodes.Findings;
            }

            return Success;
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
        var failOn = new Option<string>("--fail-on") { Description = "Exit with 1 when a violation of this severity or worse is found: warning (the default), error, or none (always 0 once the data is read).", DefaultValueFactory = _ => "warning", HelpName = "severity" };
        failOn.AcceptOnlyFromAmong("warning", "error", "none");
        var format = Formats.Option();
        var reading = new CsvReadingOptions();
        var command = new Command("validate", """
            Validate a CSV file against a schema (from `modelmon profile --schema-output`): missing or extra
            columns, type changes, values outside the domain, too many missing values. Exits with 1 when a
            violation of --fail-on's severity (warning by default) is found.
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon validate --schema schema.json serving.csv",
            "modelmon validate -s schema.json serving.csv --environment serving --fail-on error",
            "modelmon validate -s schema.json today.csv --format json > violations.json");
        command.Arguments.Add(csv);
        command.Options.Add(schemaOption);
        command.Options.Add(environment);
        command.Options.Add(failOn);
        command.Options.Add(format);
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
                if (!File.Exists(schemaPath))
                {
                    throw new InvalidDataException($"the schema '{schemaPath}' does not exist.");
                }

                DataSchema schema;
                try
                {
                    schema = DataSchema.FromJson(File.ReadAllText(schemaPath));
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException)
                {
                    throw new InvalidDataException($"the schema '{schemaPath}': {e.Message}", e);
                }

                var batch = Read(path, reading.Read(parseResult), null, stderr);
                result = schema.Validate(batch, parseResult.GetValue(environment));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or ArgumentException)
            {
                stderr.WriteLine($"modelmon validate: {e.Message}");
                return InputError;
            }

            if (parseResult.GetValue(format) == Formats.Json)
            {
                stdout.Write(ValidationJson(result));
            }
            else
            {
                Write(result, stdout);
            }

            ViolationSeverity? failAt = parseResult.GetValue(failOn) switch
            {
                "error" => ViolationSeverity.Error,
                "none" => null,
                _ => ViolationSeverity.Warning,
            };
            return failAt is { } severity && result.Violations.Any(v => v.Severity >= severity) ? ViolationsFound : Success;
        });
        return command;
    }

    private static string ValidationJson(SchemaValidationResult result) => Formats.WriteJson(w =>
    {
        w.WriteNumber("rows", result.RowCount);
        w.WriteBoolean("valid", result.IsValid);
        w.WriteStartArray("violations");
        foreach (var v in result.Violations)
        {
            w.WriteStartObject();
            w.WriteString("kind", v.Kind.ToString());
            w.WriteString("severity", v.Severity.ToString());
            if (v.Column is { } column)
            {
                w.WriteString("column", column);
            }

            w.WriteString("message", v.Message);
            w.WriteNumber("count", v.Count);
            w.WriteStartArray("examples");
            foreach (var example in v.Examples)
            {
                w.WriteStringValue(example);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

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

    /// <summary>Profiles a file with a progress report; errors name the file.</summary>
    /// <exception cref="InvalidDataException">The file is missing, has no header or (strict) a malformed line.</exception>
    internal static ReferenceProfile Read(string path, CsvOptions csv, ProfileOptions? options, TextWriter progressWriter)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{path}' does not exist.");
        }

        var progress = ProgressReporter.For(progressWriter, $"profiling {Path.GetFileName(path)}");
        try
        {
            using var stream = ProgressStream.Open(path, progress);
            using var reader = new StreamReader(stream);
            var profile = ReferenceProfile.FromCsv(reader, csv, options);
            progress.Done(Formats.Invariant($"{profile.RowCount:N0} rows in {progress.Elapsed.TotalSeconds:0.0} s"));
            return profile;
        }
        catch (InvalidDataException e)
        {
            // The core reader names the line; the file is known only here.
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    private static string ProfileJson(DataProfileSnapshot snapshot) => Formats.WriteJson(w =>
    {
        w.WriteNumber("rows", snapshot.RowCount);
        w.WriteNumber("duplicateRows", snapshot.DuplicateRowCount);
        w.WriteNumber("missingCells", snapshot.MissingCellCount);
        w.WriteStartArray("columns");
        foreach (var c in snapshot.Columns)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("kind", c.Kind.ToString());
            w.WriteNumber("count", c.Count);
            w.WriteNumber("missing", c.MissingCount);
            w.WriteNumber("distinct", c.DistinctCount);
            w.WriteBoolean("distinctIsExact", c.DistinctIsExact);
            if (c.Numeric is { } n)
            {
                w.WriteNumber("mean", n.Mean);
                w.WriteNumber("standardDeviation", n.StandardDeviation);
                w.WriteNumber("min", n.Min);
                w.WriteNumber("max", n.Max);
            }

            w.WriteStartArray("topValues");
            foreach (var v in c.TopValues.Take(5))
            {
                w.WriteStartObject();
                w.WriteString("value", v.Value);
                w.WriteNumber("count", v.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("alerts");
        foreach (var a in snapshot.Alerts)
        {
            w.WriteStartObject();
            w.WriteString("kind", a.Kind.ToString());
            w.WriteString("column", a.Column);
            w.WriteString("message", a.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (snapshot.Profile.LabelDistribution is { } classes)
        {
            w.WriteStartArray("labelDistribution");
            foreach (var c in classes)
            {
                w.WriteStartObject();
                w.WriteString("value", c.Value);
                w.WriteNumber("count", c.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("skippedLines");
        foreach (var e in snapshot.Profile.RowErrors)
        {
            w.WriteStartObject();
            w.WriteNumber("line", e.Line);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static Argument<string?> CsvArgument() => new("csv")
    {
        Description = "The CSV file (RFC 4180; a .gz name is decompressed).",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
