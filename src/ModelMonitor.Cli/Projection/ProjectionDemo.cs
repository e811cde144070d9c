using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelMonitor.Cli.Demo;
using ModelMonitor.Projection;

namespace ModelMonitor.Cli.Projection;

/// <summary>What the projection section of the demo found.</summary>
/// <param name="Pca">Amazon (reference) and Yelp (serving) per class, by PCA.</param>
/// <param name="Umap">The same by UMAP (cosine), Yelp placed with the per-point transform.</param>
/// <param name="AmazonVsYelp">Embedding drift of Yelp against Amazon.</param>
/// <param name="AmazonHalves">Embedding drift between two random halves of Amazon (the no-drift control).</param>
/// <param name="PointsPath">Where the points were saved, or <see langword="null"/>.</param>
internal sealed record ProjectionDemoResult(
    GroupedProjectionResult Pca, GroupedProjectionResult Umap, EmbeddingDriftResult AmazonVsYelp, EmbeddingDriftResult AmazonHalves, string? PointsPath);

/// <summary>The demo section: per-class projection of Amazon vs Yelp sentence embeddings and the embedding-drift figures.</summary>
internal static class ProjectionDemo
{
    /// <summary>Where the points go unless the caller says otherwise.</summary>
    public const string DefaultPointsPath = "modelmon-demo-projection.json";

    /// <summary>Runs the section.</summary>
    /// <param name="pointsPath">Where to save the projected points as JSON; <see langword="null"/> to skip saving.</param>
    /// <returns>The projections and drift results.</returns>
    public static ProjectionDemoResult Run(string? pointsPath)
    {
        var amazon = SentimentData.LoadEmbedded(SentimentData.AmazonFile);
        var yelp = SentimentData.LoadEmbedded(SentimentData.YelpFile);
        var a = SentenceEmbedding.Embed([.. amazon.Select(s => s.Text)]);
        var y = SentenceEmbedding.Embed([.. yelp.Select(s => s.Text)]);
        var aGroups = amazon.Select(ClassName).ToArray();
        var yGroups = yelp.Select(ClassName).ToArray();
        const int d = SentenceEmbedding.Dimension;

        var pca = GroupedProjection.Project(a, aGroups, y, yGroups, d, new GroupedProjectionOptions { Method = ProjectionMethod.Pca });
        var umap = GroupedProjection.Project(a, aGroups, y, yGroups, d, new GroupedProjectionOptions
        {
            Method = ProjectionMethod.Umap,
            Umap = new UmapOptions { Metric = UmapMetric.Cosine },
        });
        var options = new EmbeddingDriftOptions { Permutations = 200 };
        var drift = EmbeddingDrift.Test(a, y, d, options);
        var (first, second) = Halves(a, d, seed: 1);
        var control = EmbeddingDrift.Test(first, second, d, options);
        if (pointsPath is not null)
        {
            SavePoints(pointsPath, pca, umap, drift, control);
        }

        return new ProjectionDemoResult(pca, umap, drift, control, pointsPath);
    }

    /// <summary>Prints the section's figures.</summary>
    /// <param name="result">The section's result.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(ProjectionDemoResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("Embedding drift (hashed bag-of-words sentence embeddings, 256 dimensions):");
        WriteDrift(output, "Amazon vs Yelp", result.AmazonVsYelp);
        WriteDrift(output, "Amazon half vs half", result.AmazonHalves);
        foreach (var projection in new[] { result.Pca, result.Umap })
        {
            output.WriteLine(string.Create(c, $"Per class, {projection.Method} fitted on Amazon (far = nearest Amazon point beyond {projection.FarDistance:0.000}):"));
            foreach (var g in projection.Groups)
            {
                output.WriteLine(string.Create(
                    c,
                    $"  {g.Group,-9} Amazon {g.ReferenceCount,4}  Yelp {g.ServingCount,4}  centroid shift {g.CentroidShift:0.000} (plot {g.ProjectedCentroidShift:0.00})  spread x{g.SpreadRatio:0.00}  far {g.FarShare:P1}"));
            }
        }

        if (result.PointsPath is not null)
        {
            output.WriteLine($"Projected points saved to {result.PointsPath}.");
        }
    }

    private static void WriteDrift(TextWriter output, string name, EmbeddingDriftResult r) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-20} MMD^2 {r.Mmd2:0.00000} (p = {r.MmdPValue:0.000}, {r.Permutations} permutations)  domain AUC {r.DomainAuc:0.000} [{r.DomainAucLower:0.000}, {r.DomainAucUpper:0.000}]  centroid {r.CentroidEuclidean:0.000} / cosine {r.CentroidCosine:0.0000}  {(r.IsDrift ? "DRIFT" : "no drift")}"));

    private static string ClassName(LabelledSentence s) => s.Label ? "positive" : "negative";

    internal static (float[] First, float[] Second) Halves(float[] x, int d, int seed)
    {
        var n = x.Length / d;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var first = new float[(n / 2) * d];
        var second = new float[(n - (n / 2)) * d];
        for (var i = 0; i < n; i++)
        {
            var target = i < n / 2 ? first.AsSpan(i * d, d) : second.AsSpan((i - (n / 2)) * d, d);
            x.AsSpan(order[i] * d, d).CopyTo(target);
        }

        return (first, second);
    }

    internal static void SavePoints(string path, GroupedProjectionResult pca, GroupedProjectionResult umap, EmbeddingDriftResult drift, EmbeddingDriftResult control)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteNumber("formatVersion", 1);
        json.WriteString("reference", "amazon");
        json.WriteString("serving", "yelp");
        json.WriteStartArray("projections");
        foreach (var p in new[] { pca, umap })
        {
            ProjectionJson.WriteProjection(json, p);
        }

        json.WriteEndArray();
        json.WriteStartObject("drift");
        ProjectionJson.WriteDrift(json, "amazonVsYelp", drift);
        ProjectionJson.WriteDrift(json, "amazonHalves", control);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        stream.Write(Encoding.UTF8.GetBytes("\n"));
    }
}
