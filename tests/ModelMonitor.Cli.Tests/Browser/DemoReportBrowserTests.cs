using ModelMonitor.Reporting;

namespace ModelMonitor.Cli.Tests.Browser;

/// <summary>The demo's report, opened in real headless Chromium: what a data scientist would open.</summary>
[Collection(DemoTests.Name)]
public sealed class DemoReportBrowserTests(DemoFixture fixture)
{
    private static readonly string s_artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-artifacts")).FullName;

    [Fact]
    public void DemoReport_InChromium_HasEverySectionNoErrorsAndAPicture()
    {
        var screenshot = Path.Combine(s_artifacts, "demo-report.png");

        var page = HeadlessChromium.Load(fixture.ReportPath, screenshot, width: 1280, height: 12000);

        Assert.Empty(page.Errors);
        Assert.All(HtmlReportWriter.Sections, s => Assert.True(page.HasElementId(s.Id), $"section '{s.Id}' is missing from the DOM"));
        Assert.DoesNotContain("Not in this report", page.Dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 200_000, "the screenshot of the whole report is nearly empty");
    }

    [Fact]
    public void DemoReport_File_IsSelfContainedAndUnderFiveMegabytes()
    {
        var html = File.ReadAllText(fixture.ReportPath);

        Assert.InRange(new FileInfo(fixture.ReportPath).Length, 50_000, 5_000_000);
        Assert.Equal(HtmlReportWriter.Render(fixture.Result.Report), html);
        Assert.Equal(HtmlReportWriter.Render(MonitorReport.FromJson(File.ReadAllText(fixture.SnapshotPath))), html);
    }
}
