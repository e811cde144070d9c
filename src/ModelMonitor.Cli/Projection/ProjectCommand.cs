using System.CommandLine;
using System.Text;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Projection;

namespace ModelMonitor.Cli.Projection;

/// <summary><c>modelmon project</c>: projects the vectors of a CSV file to 2-D with PCA or UMAP and saves the points.</summary>
internal static class ProjectCommand
{
    /// <summary>Where the points go unless <c>--output</c> says otherwise.</summary>
    public const string DefaultOutput = "modelmon-projection.json";

    /// <summary>Creates the command.</summary>
    /// <returns>The <c>project</c> command.</returns>
    public static Command Create()
    {
        var input = new Argument<string>("csv") { Description = "A CSV file with a header row; every column except the label column is one vector component." };
        var method = new Option<string>("--method", "-m") { Description = "pca or umap.", DefaultValueFactory = _ => "pca" };
        method.AcceptOnlyFromAmong("pca", "umap");
        var metric = new Option<string>("--metric") { Description = "UMAP's distance: euclidean or cosine.", DefaultValueFactory = _ => "euclidean" };
        metric.AcceptOnlyFromAmong("euclidean", "cosine");
        var label = new Option<string?>("--label-column", "-l") { Description = "The column that holds each row's class or cohort (kept as text).", HelpName = "name" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the points JSON.", HelpName = "path", DefaultValueFactory = _ => DefaultOutput };
        var seed = new Option<int>("--seed") { Description = "The seed (UMAP, randomized PCA).", DefaultValueFactory = _ => 42 };
        var format = Formats.Option();
        var command = new Command("project", """
            Project the vectors of a CSV file to 2-D (PCA or UMAP), print a summary per label (centre of
            each group, explained variance, trustworthiness) and save the points as JSON for plotting.
            """);
        CommandHelp.SetExamples(
            command,
            "modelmon project embeddings.csv --label-column label",
            "modelmon project embeddings.csv -l cohort --method umap --metric cosine -o umap.json",
            "modelmon project embeddings.csv -l label --format json");
        command.Arguments.Add(input);
        command.Options.Add(method);
        command.Options.Add(metric);
        command.Options.Add(label);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            ProjectionSummary result;
            try
            {
                result = Run(
                    parseResult.GetValue(input)!, parseResult.GetValue(method)!, parseResult.GetValue(metric)!, parseResult.GetValue(label),
                    parseResult.GetValue(output)!, parseResult.GetValue(seed), stderr);
            }
            catch (Exception e) when (e is CsvInputException or ArgumentException)
            {
                stderr.WriteLine($"modelmon project: {e.Message}");
                return ExitCodes.UsageOrInput;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"modelmon project: {e.Message}");
                return ExitCodes.Findings;
            }

            stdout.Write(parseResult.GetValue(format) == Formats.Json ? result.ToJson() : result.ToText());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads, projects, saves the points (atomically); returns the summary.</summary>
    /// <exception cref="CsvInputException">The file is missing or malformed, a cell is not a finite number, or the label column is absent.</exception>
    /// <exception cref="IOException">The points could not be written.</exception>
    internal static ProjectionSummary Run(string csvPath, string method, string metric, string? labelColumn, string outputPath, int seed, TextWriter? progressWriter = null)
    {
        var (vectors, dimension, labels) = ReadCsv(csvPath, labelColumn);
        var n = labels.Length;
        var progress = ProgressReporter.For(progressWriter ?? TextWriter.Null, method);
        progress.Status(Formats.Invariant($"fitting on {n:N0} vectors of {dimension} values"));
        float[] points;
        IReadOnlyList<double>? ratio = null;
        if (method == "umap")
        {
            var model = Umap.Fit(vectors, dimension, new UmapOptions { Seed = seed, Metric = metric == "cosine" ? UmapMetric.Cosine : UmapMetric.Euclidean });
            points = model.Embedding.ToArray();
        }
        else
        {
            var model = Pca.Fit(vectors, dimension, new PcaOptions { Components = Math.Min(2, dimension), Seed = seed });
            points = model.Transform(vectors);
            ratio = model.ExplainedVarianceRatio;
            if (model.Components == 1)
            {
                points = [.. points.SelectMany(v => new[] { v, 0f })];
            }
        }

        progress.Done(Formats.Invariant($"{progress.Elapsed.TotalSeconds:0.0} s"));
        double? trust = n > 22 && n <= 5000 ? Trustworthiness.Compute(vectors, dimension, points, 2, 10) : null;
        AtomicFile.Write(outputPath, stream =>
        {
            using var json = new Utf8JsonWriter(stream);
            json.WriteStartObject();
            json.WriteNumber("formatVersion", 1);
            json.WriteString("method", method);
            json.WriteNumber("count", n);
            json.WriteNumber("dimension", dimension);
            if (ratio is not null)
            {
                json.WriteStartArray("explainedVarianceRatio");
                foreach (var r in ratio)
                {
                    json.WriteNumberValue(r);
                }

                json.WriteEndArray();
            }

            if (trust is { } t)
            {
                json.WriteNumber("trustworthiness10", t);
            }

            json.WriteStartArray("points");
            for (var i = 0; i < n; i++)
            {
                json.WriteStartObject();
                json.WriteString("label", labels[i]);
                json.WriteNumber("x", points[2 * i]);
                json.WriteNumber("y", points[(2 * i) + 1]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

        var groups = Enumerable.Range(0, n)
            .GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProjectionGroup(g.Key, g.Count(), g.Average(i => points[2 * i]), g.Average(i => points[(2 * i) + 1])))
            .ToList();
        return new ProjectionSummary(method, n, dimension, ratio, trust, groups, outputPath);
    }

    /// <summary>Reads the vectors: every cell but the label's must be a finite number; errors name the file, line and column.</summary>
    internal static (float[] Vectors, int Dimension, string[] Labels) ReadCsv(string path, string? labelColumn)
    {
        var csv = CsvFile.Open(path);
        var labelIndex = labelColumn is null ? -1 : csv.Column(labelColumn, "--label-column");
        var dimension = csv.Header.Length - (labelIndex >= 0 ? 1 : 0);
        if (dimension < 1)
        {
            throw new CsvInputException($"'{path}' has no vector columns.");
        }

        var values = new List<float>();
        var labels = new List<string>();
        foreach (var row in csv.Rows())
        {
            for (var j = 0; j < row.Fields.Length; j++)
            {
                if (j == labelIndex)
                {
                    continue;
                }

                if (!CsvFile.TryNumber(row.Fields[j], out var v) || !double.IsFinite(v) || !float.IsFinite((float)v))
                {
                    throw new CsvInputException($"'{path}' line {row.Line}: column '{csv.Header[j]}' holds '{row.Fields[j]}', not a finite number.");
                }

                values.Add((float)v);
            }

            labels.Add(labelIndex >= 0 ? row.Fields[labelIndex] : string.Empty);
        }

        if (labels.Count == 0)
        {
            throw new CsvInputException($"'{path}' has a header but no data rows.");
        }

        return ([.. values], dimension, [.. labels]);
    }
}

/// <summary>One label's points: how many and their centre.</summary>
internal sealed record ProjectionGroup(string Label, int Count, double CentreX, double CentreY);

/// <summary>What <c>project</c> printed and saved.</summary>
internal sealed record ProjectionSummary(string Method, int Count, int Dimension, IReadOnlyList<double>? ExplainedVarianceRatio, double? Trustworthiness, IReadOnlyList<ProjectionGroup> Groups, string OutputPath)
{
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Formats.Line($"{Method.ToUpperInvariant()} of {Count} vectors of {Dimension} values."));
        if (ExplainedVarianceRatio is { } ratio)
        {
            text.Append(Formats.Line($"Explained variance ratio: {string.Join(", ", ratio.Select(r => Formats.Invariant($"{r:0.0000}")))}"));
        }

        if (Trustworthiness is { } tw)
        {
            text.Append(Formats.Line($"Trustworthiness (k = 10): {tw:0.0000}"));
        }

        foreach (var g in Groups)
        {
            text.Append(Formats.Line($"  {g.Label,-12} {g.Count,6} points  centre ({g.CentreX:0.000}, {g.CentreY:0.000})"));
        }

        text.AppendLine($"Points saved to {OutputPath}.");
        return text.ToString();
    }

    public string ToJson() => Formats.WriteJson(w =>
    {
        w.WriteString("method", Method);
        w.WriteNumber("count", Count);
        w.WriteNumber("dimension", Dimension);
        if (ExplainedVarianceRatio is { } ratio)
        {
            w.WriteStartArray("explainedVarianceRatio");
            foreach (var r in ratio)
            {
                w.WriteNumberValue(r);
            }

            w.WriteEndArray();
        }

        if (Trustworthiness is { } t)
        {
            w.WriteNumber("trustworthiness10", t);
        }

        w.WriteStartArray("groups");
        foreach (var g in Groups)
        {
            w.WriteStartObject();
            w.WriteString("label", g.Label);
            w.WriteNumber("count", g.Count);
            w.WriteNumber("centreX", g.CentreX);
            w.WriteNumber("centreY", g.CentreY);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("output", OutputPath);
    });
}
