using ModelMonitor.Cli.Demo;
using ModelMonitor.Cli.Profiling;
using ModelMonitor.Cli.Projection;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class DemoProfilingWiringTests(DemoFixture fixture)
{
    [Fact]
    public void Demo_ValidatesTheServingBatchAndPrintsTheProfile()
    {
        Assert.Equal(1000, fixture.Result.Profiling.Reference.RowCount);
        using var writer = new StringWriter();
        DemoReport.Write(fixture.Result, writer);
        var text = writer.ToString();
        Assert.Contains("Training data profile (Amazon reviews):", text, StringComparison.Ordinal);
        Assert.Contains($"Column '{DemoProfilingSection.DroppedColumn}' is missing from the batch.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_ProjectsNextToTheSnapshotAndFindsEmbeddingDrift()
    {
        var projection = fixture.Result.Projection;
        Assert.Equal(Path.Combine(fixture.OutputDirectory, ProjectionDemo.DefaultPointsPath), projection.PointsPath);
        Assert.True(File.Exists(projection.PointsPath));
        using var writer = new StringWriter();
        DemoReport.Write(fixture.Result, writer);
        Assert.Contains("Embedding drift", writer.ToString(), StringComparison.Ordinal);
    }
}
