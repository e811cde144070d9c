using System.Text;

namespace ModelMonitor.Cli.Tests.Browser;

public sealed class HeadlessChromiumTests
{
    // Kept under the test output folder, so a failing CI run leaves the pictures to look at.
    private static readonly string s_artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-artifacts")).FullName;

    [Fact]
    public void Load_PageThatThrows_ReportsTheErrorAndFailedLoads()
    {
        var page = WritePage("throws.html", """
            <!doctype html><html><head><title>broken</title></head><body><div id="before">ok</div>
            <script>throw new Error("deliberate failure");</script>
            <img src="https://example.com/needs-network.png" alt="">
            <div id="after">still parsed</div></body></html>
            """);

        var result = HeadlessChromium.Load(page);

        Assert.Contains(result.Errors, e => e.Contains("deliberate failure", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("needs-network.png", StringComparison.Ordinal));
        Assert.True(result.HasElementId("after"));
    }

    [Fact]
    public void Load_ChartGallery_RendersEveryChartWithoutErrors()
    {
        var page = WritePage("charts.html", ChartGallery.Build());
        var screenshot = Path.Combine(s_artifacts, "charts.png");

        var result = HeadlessChromium.Load(page, screenshot, width: 1000, height: 4200);

        Assert.Empty(result.Errors);
        Assert.Contains(ChartGallery.LightTitleFill, result.Dom, StringComparison.Ordinal);
        Assert.All(ChartGallery.SectionIds, id => Assert.True(result.HasElementId(id), $"section '{id}' is missing from the DOM"));
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);

        // A blank page compresses to a few kilobytes; a page of charts does not.
        Assert.True(png.Length > 60_000, $"the screenshot is only {png.Length} bytes");
    }

    [Fact]
    public void Load_DarkColorScheme_ChartsUseTheDarkPalette()
    {
        var page = WritePage("charts-dark.html", ChartGallery.Build());

        var result = HeadlessChromium.Load(page, dark: true);

        Assert.Empty(result.Errors);
        Assert.Contains(ChartGallery.DarkTitleFill, result.Dom, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrowserMissing_FailsSayingHowToInstallIt()
    {
        var page = WritePage("missing.html", "<!doctype html><p>x</p>");

        var error = Assert.Throws<InvalidOperationException>(() => HeadlessChromium.Load(page, executable: "/nonexistent/chromium"));

        Assert.Contains("/nonexistent/chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains(".ci/run installs it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InsertProbe_PageWithoutHead_PutsTheProbeFirst()
    {
        var probed = HeadlessChromium.InsertProbe("<!DOCTYPE html><p>hi</p>");

        Assert.StartsWith("<!DOCTYPE html><script>", probed, StringComparison.Ordinal);
        Assert.EndsWith("</script><p>hi</p>", probed, StringComparison.Ordinal);
    }

    private static string WritePage(string name, string html)
    {
        var path = Path.Combine(s_artifacts, name);
        File.WriteAllText(path, html, new UTF8Encoding(false));
        return path;
    }
}
