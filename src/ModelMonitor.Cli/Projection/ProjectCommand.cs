using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
        var command = new Command("project", "Project the vectors of a CSV file to 2-D (PCA or UMAP), print a summary per label and save the points as JSON.");
        command.Arguments.Add(input);
        command.Options.Add(method);
        command.Options.Add(metric);
        command.Options.Add(label);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var result = Run(
                    parseResult.GetValue(input)!, parseResult.GetValue(method)!, parseResult.GetValue(metric)!, parseResult.GetValue(label),
                    parseResult.GetValue(output)!, parseResult.GetValue(seed));
                stdout.Write(result);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                stderr.WriteLine($"modelmon project: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Reads, projects, saves; returns the summary text.</summary>
    internal static string Run(string csvPath, string method, string metric, string? labelColumn, string outputPath, int seed)
    {
        var (vectors, dimension, labels) = ReadCsv(csvPath, labelColumn);
        var n = labels.Length;
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

        double? trust = n > 22 && n <= 5000 ? Trustworthiness.Compute(vectors, dimension, points, 2, 10) : null;
        using (var stream = File.Create(outputPath))
        using (var json = new Utf8JsonWriter(stream))
        {
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
        }

        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(string.Create(c, $"{method.ToUpperInvariant()} of {n} vectors of {dimension} values."));
        if (ratio is not null)
        {
            text.AppendLine(string.Create(c, $"Explained variance ratio: {string.Join(", ", ratio.Select(r => r.ToString("0.0000", c)))}"));
        }

        if (trust is { } tw)
        {
            text.AppendLine(string.Create(c, $"Trustworthiness (k = 10): {tw:0.0000}"));
        }

        foreach (var group in Enumerable.Range(0, n).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var xs = group.Select(i => points[2 * i]).ToArray();
            var ys = group.Select(i => points[(2 * i) + 1]).ToArray();
            text.AppendLine(string.Create(c, $"  {group.Key,-12} {xs.Length,6} points  centre ({xs.Average():0.000}, {ys.Average():0.000})"));
        }

        text.AppendLine($"Points saved to {outputPath}.");
        return text.ToString();
    }

    internal static (float[] Vectors, int Dimension, string[] Labels) ReadCsv(string path, string? labelColumn)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new FormatException($"{path} is empty; a header row is needed.")).Split(',');
        var labelIndex = -1;
        if (labelColumn is not null)
        {
            labelIndex = Array.IndexOf(header, labelColumn);
            if (labelIndex < 0)
            {
                throw new FormatException($"{path} has no column '{labelColumn}'; its columns are {string.Join(", ", header)}.");
            }
        }

        var dimension = header.Length - (labelIndex >= 0 ? 1 : 0);
        if (dimension < 1)
        {
            throw new FormatException($"{path} has no vector columns.");
        }

        var values = new List<float>();
        var labels = new List<string>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != header.Length)
            {
                throw new FormatException($"{path}:{lineNumber}: {parts.Length} fields, the header has {header.Length}.");
            }

            for (var j = 0; j < parts.Length; j++)
            {
                if (j == labelIndex)
                {
                    labels.Add(parts[j].Trim());
                    continue;
                }

                if (!float.TryParse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                {
                    throw new FormatException($"{path}:{lineNumber}: column '{header[j]}' holds '{parts[j]}', not a finite number.");
                }

                values.Add(v);
            }

            if (labelIndex < 0)
            {
                labels.Add(string.Empty);
            }
        }

        return ([.. values], dimension, [.. labels]);
    }
}
