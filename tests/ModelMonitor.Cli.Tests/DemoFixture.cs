using ModelMonitor.Cli.Demo;

namespace ModelMonitor.Cli.Tests;

/// <summary>Runs the demo once (training included) for every test of a class, in a temporary folder.</summary>
public sealed class DemoFixture : IDisposable
{
    public DemoFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "modelmon-cli-tests-" + Guid.NewGuid().ToString("N"));
        // A folder that does not exist yet: the demo creates it.
        OutputDirectory = Path.Combine(Directory, "out");
        Result = DemoRunner.Run(OutputDirectory);
        SnapshotPath = Path.Combine(OutputDirectory, DemoRunner.SnapshotFileName);
        ReportPath = Path.Combine(OutputDirectory, DemoRunner.ReportFileName);
    }

    public string Directory { get; }

    public string OutputDirectory { get; }

    public string ReportPath { get; }

    public string SnapshotPath { get; }

    internal DemoResult Result { get; }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>The test classes that share one <see cref="DemoFixture"/>, so the demo trains once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class DemoTests : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo";
}
