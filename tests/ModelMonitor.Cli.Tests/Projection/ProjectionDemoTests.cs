using System.Globalization;
using System.Text.Json;
using ModelMonitor.Cli.Csv;
using ModelMonitor.Cli.Projection;

namespace ModelMonitor.Cli.Tests.Projection;

public class ProjectionDemoTests
{
    private static readonly Lazy<(ProjectionDemoResult Result, string Path)> Demo = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelmon-projection-{Guid.NewGuid():N}.json");
        return (ProjectionDemo.Run(path), path);
    });

    [Fact]
    public void Run_AmazonVsYelp_DriftsButAmazonHalvesDoNot()
    {
        var r = Demo.Value.Result;
        Assert.True(r.AmazonVsYelp.IsDrift, $"p {r.AmazonVsYelp.MmdPValue}");
        Assert.True(r.AmazonVsYelp.DomainClassifierSeparates, $"AUC {r.AmazonVsYelp.DomainAuc}");
        Assert.False(r.AmazonHalves.IsDrift, $"p {r.AmazonHalves.MmdPValue}");
        Assert.False(r.AmazonHalves.DomainClassifierSeparates, $"AUC {r.AmazonHalves.DomainAuc} [{r.AmazonHalves.DomainAucLower}, {r.AmazonHalves.DomainAucUpper}]");
        Assert.True(r.AmazonVsYelp.CentroidEuclidean > 2 * r.AmazonHalves.CentroidEuclidean);
    }

    [Fact]
    public void Run_PerClassSummariesAndSavedPoints()
    {
        var (r, path) = Demo.Value;
        foreach (var p in new[] { r.Pca, r.Umap })
        {
            Assert.Equal(["negative", "positive"], p.Groups.Select(g => g.Group));
            Assert.Equal(2000, p.Points.Count);
            Assert.All(p.Groups, g => Assert.Equal(500, g.ReferenceCount));
            Assert.All(p.Groups, g => Assert.True(g.FarShare > 0.05, $"{g.Group} far share {g.FarShare}"));
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(2, doc.RootElement.GetProperty("projections").GetArrayLength());
        Assert.Equal(2000, doc.RootElement.GetProperty("projections")[1].GetProperty("points").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("drift").GetProperty("amazonVsYelp").GetProperty("isDrift").GetBoolean());
        var text = new StringWriter(CultureInfo.InvariantCulture);
        ProjectionDemo.Write(r, text);
        Assert.Contains("Amazon vs Yelp", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Project_CsvWithLabels_WritesPointsAndRejectsBadCells()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"modelmon-project-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "v.csv");
        var rng = new Random(3);
        var lines = new List<string> { "a,b,c,label" };
        for (var i = 0; i < 60; i++)
        {
            var shift = i % 2 == 0 ? 0 : 5;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{rng.NextDouble() + shift},{rng.NextDouble()},{rng.NextDouble() - shift},{(i % 2 == 0 ? "x" : "y")}"));
        }

        File.WriteAllLines(csv, lines);
        var output = Path.Combine(dir, "p.json");
        foreach (var method in new[] { "pca", "umap" })
        {
            var summary = ProjectCommand.Run(csv, method, "euclidean", "label", output, 42);
            Assert.Contains("Trustworthiness", summary.ToText(), StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            Assert.Equal(60, doc.RootElement.GetProperty("points").GetArrayLength());
            Assert.Equal("y", doc.RootElement.GetProperty("points")[1].GetProperty("label").GetString());
        }

        lines[3] = "1,nan?,2,x";
        File.WriteAllLines(csv, lines);
        var e = Assert.Throws<CsvInputException>(() => ProjectCommand.Run(csv, "pca", "euclidean", "label", output, 42));
        Assert.Contains("line 4: column 'b' holds 'nan?'", e.Message, StringComparison.Ordinal);
        Assert.Contains(csv, e.Message, StringComparison.Ordinal);
        Assert.Throws<CsvInputException>(() => ProjectCommand.Run(csv, "pca", "euclidean", "missing", output, 42));
        Directory.Delete(dir, recursive: true);
    }
}
