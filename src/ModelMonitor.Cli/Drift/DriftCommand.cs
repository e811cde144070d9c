using System.CommandLine;
using System.Text;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Drift;
using ModelMonitor.Profiling;
using ModelMonitor.Serialization;

namespace ModelMonitor.Cli.Drift;

/// <summary><c>modelmon drift</c>: compares a current CSV file with a reference CSV file column by column.</summary>
internal static class DriftCommand
{
    public const string FailOnDrift = "drift";
    public const string FailOnDatasetDrift = "dataset-drift";

    /// <summary>The <c>--method</c> names and what they set: the numeric method, the categorical method (null: the default rule).</summary>
    private static readonly Dictionary<string, (DriftMethod? Numeric, DriftMethod? Categorical)> Methods = new(StringComparer.Ordinal)
    {
        ["auto"] = (null, null),
        ["ks"] = (DriftMethod.KolmogorovSmirnov, null),
        ["wasserstein"] = (DriftMethod.NormalizedWasserstein, null),
        ["psi"] = (DriftMethod.PopulationStabilityIndex, DriftMethod.PopulationStabilityIndex),
        ["jensen-shannon"] = (DriftMethod.JensenShannon, DriftMethod.JensenShannon),
        ["hellinger"] = (DriftMethod.Hellinger, DriftMethod.Hellinger),
        ["chi-square"] = (null, DriftMethod.ChiSquareContingency),
        ["cramers-v"] = (null, DriftMethod.CramersV),
    };

    public static Command Create()
    {
        var reference = new Option<string>("--reference", "-r") { Description = "The reference CSV file (training data), with a header row unless --no-header; a .gz name is decompressed.", Required = true, HelpName = "a.csv" };
        var current = new Option<string>("--current", "-c") { Description = "The current CSV file (a serving window) with the same columns.", Required = true, HelpName = "b.csv" };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to compare; by default every column the two files share (free-text, date and vector columns are skipped unless named here).", HelpName = "c1,c2" };
        var method = new Option<string>("--method", "-m")
        {
            Description = "auto, ks, wasserstein, psi, jensen-shannon, hellinger, chi-square or cramers-v. auto: Kolmogorov-Smirnov / chi-square (or the z-test for two categories) up to 1000 reference rows, normalised Wasserstein / Jensen-Shannon beyond. "
                + "ks and wasserstein set the numeric test (categorical columns keep auto); chi-square and cramers-v the categorical one; psi, jensen-shannon and hellinger both.",
            DefaultValueFactory = _ => "auto",
            HelpName = "method",
        };
        method.AcceptOnlyFromAmong([.. Methods.Keys]);
        var significance = new Option<double?>("--significance") { Description = "Significance level of tests with a p-value (after the Benjamini-Hochberg correction); default 0.05.", HelpName = "alpha" };
        var threshold = new Option<double?>("--threshold") { Description = "Threshold of distance methods (and the minimum effect size of tests); default 0.1.", HelpName = "distance" };
        var failOn = new Option<string?>("--fail-on") { Description = $"Exit with 1 when {FailOnDrift}: any column drifted; {FailOnDatasetDrift}: at least half the columns drifted.", HelpName = "what" };
        failOn.AcceptOnlyFromAmong(FailOnDrift, FailOnDatasetDrift);
        var output = new Option<string?>("--output", "-o") { Description = "Also write the result as JSON (readable with ModelMonitorJson.DeserializeDriftResult).", HelpName = "result.json" };
        var format = Formats.Option();
        var reading = new CsvReadingOptions(withStrict: false);
        var command = new Command("drift", """
            Compare a current data set with a reference column by column: the column kind (numeric or
            categorical) is inferred from the reference, the test or distance chosen by kind and size, the
            p-values corrected for testing many columns, and each verdict explained. Missing cells are
            counted per column; values that do not parse as numbers in a numeric column are counted as
            missing and reported.
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon drift --reference train.csv --current serving.csv",
            "modelmon drift -r train.csv -c serving.csv --columns age,income --method psi --format json",
            "modelmon drift -r train.csv -c today.csv --fail-on drift -o drift.json   # exit code 1 on drift, for CI");
        foreach (var option in new Option[] { reference, current, columns, method, significance, threshold, failOn, output, format })
        {
            command.Options.Add(option);
        }

        reading.AddTo(command);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            DriftRun run;
            try
            {
                var (numeric, categorical) = Methods[parse.GetValue(method)!];
                var options = new DriftDetectorOptions { NumericMethod = numeric, CategoricalMethod = categorical };
                if (parse.GetValue(significance) is { } alpha)
                {
                    options.Significance = alpha;
                }

                if (parse.GetValue(threshold) is { } distance)
                {
                    options.NumericDistanceThreshold = distance;
                    options.CategoricalDistanceThreshold = distance;
                    options.MinimumEffectSize = distance;
                }

                var csv = reading.Read(parse);
                run = Run(parse.GetValue(reference)!, parse.GetValue(current)!, csv, ParseColumns(parse.GetValue(columns)), options, stderr);
            }
            catch (Exception e) when (e is CsvInputException or ArgumentException)
            {
                stderr.WriteLine($"modelmon drift: {e.Message}");
                return ExitCodes.UsageOrInput;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"modelmon drift: {e.Message}");
                return ExitCodes.UsageOrInput;
            }

            foreach (var note in run.Notes)
            {
                stderr.WriteLine($"modelmon drift: {note}");
            }

            var json = ModelMonitorJson.Serialize(run.Result) + Environment.NewLine;
            stdout.Write(parse.GetValue(format) == Formats.Json ? json : Table(run));
            if (parse.GetValue(output) is { Length: > 0 } path)
            {
                try
                {
                    AtomicFile.WriteAllText(path, json);
                    stderr.WriteLine($"Wrote the drift result to {path}.");
                }
                catch (IOException e)
                {
                    stderr.WriteLine($"modelmon drift: {e.Message}");
                    return ExitCodes.Findings;
                }
            }

            return parse.GetValue(failOn) switch
            {
                FailOnDrift when run.Result.DriftedColumns > 0 => ExitCodes.Findings,
                FailOnDatasetDrift when run.Result.IsDrift => ExitCodes.Findings,
                _ => ExitCodes.Success,
            };
        });
        return command;
    }

    /// <summary>Reads both files, picks and types the columns, and runs the detector.</summary>
    /// <param name="referencePath">The reference CSV.</param>
    /// <param name="currentPath">The current CSV.</param>
    /// <param name="csv">How both files are read (strict: a malformed line is an error).</param>
    /// <param name="requested">The columns to compare, or <see langword="null"/> for every shared one.</param>
    /// <param name="options">The detector's options.</param>
    /// <param name="progress">Where progress goes (standard error).</param>
    /// <exception cref="CsvInputException">A file is missing or malformed, a requested column is absent, or nothing can be compared.</exception>
    /// <exception cref="ArgumentException">An option is invalid or a forced method cannot test a column.</exception>
    internal static DriftRun Run(string referencePath, string currentPath, CsvOptions csv, IReadOnlyList<string>? requested, DriftDetectorOptions options, TextWriter progress)
    {
        var referenceTable = Load(referencePath, csv, progress);
        var currentTable = Load(currentPath, csv, progress);
        var notes = new List<string>();
        List<string> names;
        if (requested is not null)
        {
            foreach (var name in requested)
            {
                foreach (var table in new[] { referenceTable, currentTable })
                {
                    if (table.IndexOf(name) < 0)
                    {
                        throw new CsvInputException($"'{table.Path}' has no column '{name}' (given by --columns). Columns: {string.Join(", ", table.Header)}.");
                    }
                }
            }

            names = [.. requested];
        }
        else
        {
            names = [.. referenceTable.Header.Where(h => currentTable.IndexOf(h) >= 0)];
            foreach (var only in referenceTable.Header.Where(h => currentTable.IndexOf(h) < 0))
            {
                notes.Add($"column '{only}' is only in '{referenceTable.Path}': not compared (`modelmon validate` checks the schema).");
            }

            foreach (var only in currentTable.Header.Where(h => referenceTable.IndexOf(h) < 0))
            {
                notes.Add($"column '{only}' is only in '{currentTable.Path}': not compared.");
            }
        }

        var kinds = InferKinds(referenceTable, names);
        var referenceColumns = new List<DriftColumn>();
        var currentColumns = new List<DriftColumn>();
        var skipped = new List<(string Column, string Reason)>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var kind = kinds[i];
            var r = referenceTable.Columns[referenceTable.IndexOf(name)];
            var c = currentTable.Columns[currentTable.IndexOf(name)];
            if (ColumnKinds.IsNumber(kind))
            {
                referenceColumns.Add(DriftColumn.Numeric(name, Numbers(r, referenceTable, name, notes)));
                currentColumns.Add(DriftColumn.Numeric(name, Numbers(c, currentTable, name, notes)));
            }
            else if (kind is ColumnKind.Categorical or ColumnKind.Boolean or ColumnKind.Unknown || requested is not null)
            {
                if (kind is ColumnKind.Text or ColumnKind.DateTime or ColumnKind.Vector)
                {
                    notes.Add($"column '{name}' holds {Describe(kind)} in '{referenceTable.Path}'; compared as categories because --columns names it.");
                }

                referenceColumns.Add(DriftColumn.Categorical(name, r));
                currentColumns.Add(DriftColumn.Categorical(name, c));
            }
            else
            {
                skipped.Add((name, Describe(kind)));
                notes.Add($"column '{name}' holds {Describe(kind)}: not compared (name it in --columns to compare it as categories).");
            }
        }

        if (referenceColumns.Count == 0)
        {
            throw new CsvInputException($"'{referencePath}' and '{currentPath}' share no column that can be compared.");
        }

        var result = new DriftDetector(options).Detect(referenceColumns, currentColumns);
        return new DriftRun(result, referenceTable.Path, currentTable.Path, skipped, notes);
    }

    private static CsvTable Load(string path, CsvOptions csv, TextWriter writer)
    {
        var progress = ProgressReporter.For(writer, $"reading {Path.GetFileName(path)}");
        var table = CsvTable.Read(path, csv, progress);
        progress.Done(Formats.Invariant($"{table.RowCount:N0} rows in {progress.Elapsed.TotalSeconds:0.0} s"));
        return table;
    }

    /// <summary>The profile's type inference over the reference's values (numbers, booleans, dates, few or many distinct strings).</summary>
    private static ColumnKind[] InferKinds(CsvTable table, List<string> names)
    {
        var builder = new ProfileBuilder(names);
        var sources = names.Select(n => table.Columns[table.IndexOf(n)]).ToArray();
        for (var row = 0; row < table.RowCount; row++)
        {
            builder.BeginRow();
            for (var i = 0; i < sources.Length; i++)
            {
                if (sources[i][row] is { } value)
                {
                    builder.AddText(i, value);
                }
                else
                {
                    builder.AddMissing(i);
                }
            }

            builder.EndRow();
        }

        return [.. builder.Build().Columns.Select(c => c.Kind)];
    }

    /// <summary>Parses a numeric column; a value that is no finite number becomes missing and is reported with its first line.</summary>
    private static double[] Numbers(List<string?> fields, CsvTable table, string column, List<string> notes)
    {
        var values = new double[fields.Count];
        var invalid = 0;
        string? first = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (fields[i] is not { } field)
            {
                values[i] = double.NaN;
            }
            else if (CsvFile.TryNumber(field, out var value) && double.IsFinite(value))
            {
                values[i] = value;
            }
            else
            {
                values[i] = double.NaN;
                first ??= field;
                invalid++;
            }
        }

        if (invalid > 0)
        {
            notes.Add(Formats.Invariant($"'{table.Path}' column '{column}': {invalid} value(s) are not finite numbers (first: '{first}'); counted as missing."));
        }

        return values;
    }

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Text => "free text (too many distinct values for categories)",
        ColumnKind.DateTime => "dates",
        ColumnKind.Vector => "vectors",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static List<string>? ParseColumns(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 0 ? names : throw new CsvInputException("--columns names no column.");
    }

    /// <summary>The people-facing table: columns by effect size, largest first, then the verdicts that flagged drift.</summary>
    internal static string Table(DriftRun run)
    {
        var result = run.Result;
        var text = new StringBuilder();
        text.Append(Formats.Line($"Drift of '{run.CurrentPath}' ({result.CurrentRows:N0} rows) against '{run.ReferencePath}' ({result.ReferenceRows:N0} rows): {result.DriftedColumns} of {result.Columns.Count} columns drifted."));
        text.AppendLine();
        var width = Math.Max(6, result.Columns.Max(c => c.Column.Length));
        text.Append(Formats.Line($"{"column".PadRight(width)}  {"kind",-11}  {"method",-14}  {"statistic",10}  {"p (adj.)",9}  {"effect",8}  {"missing ref/cur",17}  drift"));
        var ordered = result.Columns
            .OrderByDescending(c => c.IsDrift)
            .ThenByDescending(c => c.EffectSize ?? double.PositiveInfinity)
            .ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        foreach (var c in ordered)
        {
            var kind = c.Kind == c.TestedAs ? Name(c.Kind) : "num→categ.";
            var statistic = c.Statistic is { } s ? Formats.Invariant($"{s:0.0000}") : "-";
            var p = c.AdjustedPValue is { } a ? Formats.Invariant($"{a:0.0000}") : "-";
            var effect = c.EffectSize is { } e ? Formats.Invariant($"{e:0.0000}") : "-";
            var missing = Formats.Invariant($"{c.ReferenceMissing} / {c.CurrentMissing}");
            text.Append(Formats.Line($"{c.Column.PadRight(width)}  {kind,-11}  {MethodName(c.Method),-14}  {statistic,10}  {p,9}  {effect,8}  {missing,17}  {(c.IsDrift ? "YES" : "no")}"));
        }

        foreach (var (column, reason) in run.Skipped)
        {
            text.Append(Formats.Line($"{column.PadRight(width)}  not compared: {reason}"));
        }

        var drifted = ordered.Where(c => c.IsDrift).ToList();
        if (drifted.Count > 0)
        {
            text.AppendLine();
            foreach (var c in drifted)
            {
                text.Append(Formats.Line($"{c.Column}: {c.Reason}"));
            }
        }

        text.AppendLine();
        text.Append(Formats.Line($"Data set: {(result.IsDrift ? "DRIFTED" : "not drifted")} ({result.DriftedShare * 100:0}% of columns drifted; the threshold is {result.DriftShareThreshold * 100:0}%)."));
        return text.ToString();
    }

    private static string Name(DriftColumnKind kind) => kind == DriftColumnKind.Numeric ? "numeric" : "categorical";

    private static string MethodName(DriftMethod? method) => method switch
    {
        null => "-",
        DriftMethod.KolmogorovSmirnov => "ks",
        DriftMethod.NormalizedWasserstein => "wasserstein",
        DriftMethod.PopulationStabilityIndex => "psi",
        DriftMethod.JensenShannon => "jensen-shannon",
        DriftMethod.Hellinger => "hellinger",
        DriftMethod.ChiSquareContingency => "chi-square",
        DriftMethod.ChiSquareGoodnessOfFit => "chi-square-gof",
        DriftMethod.TwoProportionZTest => "z-test",
        DriftMethod.CramersV => "cramers-v",
        { } other => other.ToString(),
    };
}

/// <summary>What <see cref="DriftCommand.Run"/> found: the detector's result, the columns left out and why, and notes for standard error.</summary>
internal sealed record DriftRun(DatasetDriftResult Result, string ReferencePath, string CurrentPath, IReadOnlyList<(string Column, string Reason)> Skipped, IReadOnlyList<string> Notes);
