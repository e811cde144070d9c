using ModelMonitor.Reporting;
using ModelMonitor.Serialization;

namespace ModelMonitor.Cli.Tests;

/// <summary><c>modelmon report</c> on the demo's real report data, and on what is not report data.</summary>
[Collection(DemoTests.Name)]
public sealed class ReportCommandTests(DemoFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-report-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Report_DemoSnapshot_WritesTheSamePageAsTheDemo()
    {
        var target = Path.Combine(_dir, "again", "report.html");

        var (code, output, error) = CliRunner.Invoke("report", "--snapshot", fixture.SnapshotPath, "-o", target);

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains(target, output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(fixture.ReportPath), File.ReadAllText(target));
    }

    [Fact]
    public void Report_TitleAndPointCap_AreApplied()
    {
        var target = Path.Combine(_dir, "titled.html");

        var (code, _, _) = CliRunner.Invoke("report", "-s", fixture.SnapshotPath, "-o", target, "--title", "Week <48> & \"friends\"", "--max-points", "300");

        Assert.Equal(0, code);
        var html = File.ReadAllText(target);
        Assert.Contains("<title>Week &lt;48&gt; &amp; &quot;friends&quot;</title>", html, StringComparison.Ordinal);
        Assert.Contains("showing 300 of 2,000 points", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BareMonitorSnapshot_RendersThatMonitor()
    {
        var snapshot = Path.Combine(_dir, "rolling.json");
        File.WriteAllText(snapshot, ModelMonitorJson.Serialize(fixture.Result.Snapshot));
        var target = Path.Combine(_dir, "rolling.html");

        var (code, _, _) = CliRunner.Invoke("report", "-s", snapshot, "-o", target);

        Assert.Equal(0, code);
        var html = File.ReadAllText(target);
        Assert.Contains("1,200 records", html, StringComparison.Ordinal);
        Assert.Contains("Not in this report", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", null, "cannot read")]
    [InlineData("broken.json", "{\"formatVersion\": 1,", "is not report data")]
    [InlineData("newer.json", "{\"formatVersion\": 7, \"title\": \"t\", \"generatedAt\": \"2026-01-01T00:00:00Z\"}", "format version 7")]
    public void Report_NotReportData_ExitsTwoWithOneLineAndWritesNothing(string name, string? content, string expected)
    {
        var input = Path.Combine(_dir, name);
        if (content is not null)
        {
            File.WriteAllText(input, content);
        }

        var target = Path.Combine(_dir, "out.html");
        var (code, output, error) = CliRunner.Invoke("report", "-s", input, "-o", target);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(input, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Report_UnwritableTarget_ExitsOne()
    {
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "x");

        var (code, _, error) = CliRunner.Invoke("report", "-s", fixture.SnapshotPath, "-o", Path.Combine(blocker, "report.html"));

        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_JsonFormat_PrintsWhereEverythingIs()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = CliCommands.Invoke(["demo", "-o", "ignored", "--format", "json"], new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, _ => fixture.Result);

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(fixture.ReportPath, json.RootElement.GetProperty("report").GetString());
        Assert.Equal(fixture.SnapshotPath, json.RootElement.GetProperty("snapshot").GetString());
        Assert.Equal(fixture.Result.Report.Alerts.Count, json.RootElement.GetProperty("alerts").GetInt32());
        Assert.True(MonitorReport.FromJson(File.ReadAllText(json.RootElement.GetProperty("snapshot").GetString()!)).Thresholds.Count > 0);
    }
}
