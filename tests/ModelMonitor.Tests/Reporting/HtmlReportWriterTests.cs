using System.Text.RegularExpressions;
using ModelMonitor.Projection;
using ModelMonitor.Reporting;

namespace ModelMonitor.Tests.Reporting;

public sealed class HtmlReportWriterTests
{
    private static readonly Lazy<MonitorReport> Hostile = new(HostileReport.Build);

    [Fact]
    public void Render_HostileStringsInEverySection_AreEscapedEverywhere()
    {
        var html = HtmlReportWriter.Render(Hostile.Value);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(HostileReport.Evil, html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(\"x\")", html, StringComparison.Ordinal);
        foreach (var (id, _) in HtmlReportWriter.Sections)
        {
            var section = Section(html, id);
            Assert.True(section.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;", StringComparison.Ordinal), $"section '{id}' does not show the hostile string escaped");
        }
    }

    [Fact]
    public void Render_FullReport_DrawsEverySectionWithData()
    {
        var html = HtmlReportWriter.Render(Hostile.Value);

        Assert.DoesNotContain("Not in this report", html, StringComparison.Ordinal);
        foreach (var (id, title) in HtmlReportWriter.Sections)
        {
            Assert.Contains($"<a href=\"#{id}\">{title}</a>", html, StringComparison.Ordinal);
        }

        foreach (var id in new[] { "confidence-over-time", "class-shares", "class-distribution", "drift", "thresholds", "projection", "explanations", "profile" })
        {
            Assert.True(Section(html, id).Contains("<svg", StringComparison.Ordinal), $"section '{id}' has no chart");
        }

        var threshold = Hostile.Value.Thresholds[0];
        Assert.Contains(threshold.Threshold.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), Section(html, "thresholds"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyReport_KeepsEverySectionAndSaysWhatIsMissing()
    {
        var html = HtmlReportWriter.Render(new MonitorReport { Title = "empty", GeneratedAt = HostileReport.Start });

        foreach (var (id, _) in HtmlReportWriter.Sections.Skip(1))
        {
            Assert.Contains("Not in this report", Section(html, id), StringComparison.Ordinal);
        }

        Assert.Contains("No alerts and nothing flagged", Section(html, "overview"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Page_LoadsNothingAndRunsNothing()
    {
        var html = HtmlReportWriter.Render(Hostile.Value);

        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        Assert.Empty(Regex.Matches(html, "(src|href)\\s*=\\s*\"(?!#)", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" on", Regex.Replace(html, ">[^<]*<", "><"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_ManyProjectedPoints_StaysSmallAndStatesTheSample()
    {
        var report = Hostile.Value;
        var random = new Random(5);
        var many = new GroupedProjectionResult(
            ProjectionMethod.Umap,
            [.. Enumerable.Range(0, 100_000).Select(i => new ProjectedPoint(i % 3 == 0 ? "a" : "b", i % 2 == 0, (float)random.NextDouble(), (float)random.NextDouble()))],
            [],
            1);
        var small = HtmlReportWriter.Render(report with { Projections = [new ProjectionSection("many", many)] }, new HtmlReportOptions { MaxScatterPoints = 1000 });

        var projection = Section(small, "projection");
        Assert.Contains("1,000 of 100,000", projection, StringComparison.Ordinal);
        Assert.InRange(projection.Length, 10_000, 400_000);
    }

    [Fact]
    public void WriteFile_ReplacesTheTargetAndLeavesNoTemporaryFile()
    {
        var directory = Directory.CreateTempSubdirectory("modelmon-report-");
        try
        {
            var path = Path.Combine(directory.FullName, "nested", "report.html");
            HtmlReportWriter.WriteFile(new MonitorReport { Title = "first", GeneratedAt = HostileReport.Start }, path);
            HtmlReportWriter.WriteFile(Hostile.Value, path);

            Assert.Equal(HtmlReportWriter.Render(Hostile.Value), File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteFile_RenderingFails_LeavesThePreviousFileAndNoTemporaryFile()
    {
        var directory = Directory.CreateTempSubdirectory("modelmon-report-");
        try
        {
            var path = Path.Combine(directory.FullName, "report.html");
            File.WriteAllText(path, "previous");

            Assert.Throws<ArgumentOutOfRangeException>(() => HtmlReportWriter.WriteFile(Hostile.Value, path, new HtmlReportOptions { MaxWords = 0 }));

            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(directory.FullName).Select(Path.GetFileName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{id}'");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
