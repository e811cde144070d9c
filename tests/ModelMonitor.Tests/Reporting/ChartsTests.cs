using System.Text.RegularExpressions;
using System.Xml.Linq;
using ModelMonitor.Explanations;
using ModelMonitor.Reporting.Charts;

namespace ModelMonitor.Tests.Reporting;

public sealed class ChartsTests
{
    private const string Hostile = "<script>\"'&";
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Every chart kind with small valid data; every user-visible string is the given label.
    private static readonly Dictionary<string, Func<string, string>> s_charts = new()
    {
        ["timeline"] = label => TimeLineChart.Render(label, [new TimeSeries(label, Hours(5, h => 0.5 + (0.1 * h), band: true)), new TimeSeries(label, Hours(5, h => 0.2))], label, bandLabel: label),
        ["shares"] = label => StackedSharesChart.Render(label, [s_start, s_start.AddDays(1)], [label, label], [[0.4, 0.6], [0.5, 0.5]]),
        ["shares-areas"] = label => StackedSharesChart.Render(label, Enumerable.Range(0, 60).Select(h => s_start.AddHours(h)).ToList(), [label, label], Enumerable.Range(0, 60).Select(_ => (IReadOnlyList<double>)[1.0, 3.0]).ToList()),
        ["grouped"] = label => GroupedBarChart.Render(label, [label, "b"], [new BarSeries(label, [0.3, 0.7]), new BarSeries("serving", [0.4, 0.6])], label, percent: true),
        ["histogram"] = label => HistogramChart.Render(label, [0, 1, 2, 3], [0.2, 0.5, 0.3], [0.1, 0.4, 0.5], label, label, label),
        ["scatter"] = label => ScatterChart.Render(label, [new(0, 0, 0), new(1, 2, 1), new(2, 1, 1)], [new ScatterGroup(label, 0, true), new ScatterGroup(label, 1, false)], label, label, label),
        ["curve"] = label => CurveChart.Render(label, [new Curve(label, [new(0, 0), new(0.2, 0.7), new(1, 1)], new CurveMark(new(0.2, 0.7), label))], label, label, chanceDiagonal: true),
        ["signed"] = label => SignedBarChart.Render(label, [new SignedBar(label, 0.3), new SignedBar("b", -0.2)], label, label),
    };

    // Every chart kind with nothing to draw.
    private static readonly Dictionary<string, Func<string>> s_emptyCharts = new()
    {
        ["timeline"] = () => TimeLineChart.Render("t", []),
        ["shares"] = () => StackedSharesChart.Render("t", [], ["a"], []),
        ["grouped"] = () => GroupedBarChart.Render("t", [], []),
        ["histogram"] = () => HistogramChart.Render("t", [], [], []),
        ["scatter"] = () => ScatterChart.Render("t", [], []),
        ["curve"] = () => CurveChart.Render("t", [], "x", "y"),
        ["signed"] = () => SignedBarChart.Render("t", []),
    };

    // Every chart kind fed only non-finite numbers.
    private static readonly Dictionary<string, Func<string>> s_nonFiniteCharts = new()
    {
        ["timeline"] = () => TimeLineChart.Render("t", [new TimeSeries("a", Hours(3, _ => double.NaN, band: true))]),
        ["shares"] = () => StackedSharesChart.Render("t", [s_start], ["a", "b"], [[double.NaN, double.PositiveInfinity]]),
        ["grouped"] = () => GroupedBarChart.Render("t", ["a"], [new BarSeries("s", [double.NaN])]),
        ["histogram"] = () => HistogramChart.Render("t", [0, double.NaN, 2], [0.5, 0.5], [0.5, 0.5]),
        ["histogram-values"] = () => HistogramChart.Render("t", [0, 1, 2], [double.NaN, double.NaN], [double.PositiveInfinity, double.NaN]),
        ["scatter"] = () => ScatterChart.Render("t", [new(double.NaN, 1, 0), new(1, double.NegativeInfinity, 0)], [new ScatterGroup("g", 0, false)]),
        ["curve"] = () => CurveChart.Render("t", [new Curve("c", [new(double.NaN, 0), new(0.5, double.PositiveInfinity)])], "x", "y"),
        ["signed"] = () => SignedBarChart.Render("t", [new SignedBar("w", double.NaN)]),
    };

    public static TheoryData<string> ChartNames => [.. s_charts.Keys];

    public static TheoryData<string> EmptyChartNames => [.. s_emptyCharts.Keys];

    public static TheoryData<string> NonFiniteChartNames => [.. s_nonFiniteCharts.Keys];

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Render_ValidData_IsScalableAccessibleSvg(string chart)
    {
        var svg = Parse(s_charts[chart]("Scores"));

        Assert.Equal(s_svg + "svg", svg.Name);
        Assert.Equal("100%", (string?)svg.Attribute("width"));
        Assert.Matches("^0 0 [0-9.]+ [0-9.]+$", (string?)svg.Attribute("viewBox"));
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Scores", svg.Element(s_svg + "title")?.Value);
        Assert.DoesNotContain(svg.Descendants(), e => e.Attribute("class")?.Value == "mm-empty");
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Render_HostileLabels_AreEscapedAndRoundTrip(string chart)
    {
        var markup = s_charts[chart](Hostile);

        Assert.DoesNotContain("<script", markup, StringComparison.OrdinalIgnoreCase);
        var svg = Parse(markup);
        Assert.Equal(Hostile, svg.Element(s_svg + "title")?.Value);
        Assert.Equal(Hostile, (string?)svg.Attribute("aria-label"));

        // Every place the label went (title, legend, axes, categories, notes) holds it intact as text.
        Assert.True(svg.Descendants(s_svg + "text").Count(t => t.Value.Contains(Hostile, StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public void Render_ControlCharactersInLabels_AreDroppedSoTheSvgStillParses()
    {
        var svg = Parse(SignedBarChart.Render("a\u0001b\u001fc", [new SignedBar("x\u0000y", 1)]));

        Assert.Equal("abc", svg.Element(s_svg + "title")?.Value);
        Assert.Contains(svg.Descendants(s_svg + "text"), t => t.Value == "xy");
    }

    [Theory]
    [MemberData(nameof(EmptyChartNames))]
    public void Render_EmptyInput_IsAValidPlaceholder(string chart) => AssertPlaceholder(s_emptyCharts[chart]());

    [Theory]
    [MemberData(nameof(NonFiniteChartNames))]
    public void Render_OnlyNonFiniteInput_IsAValidPlaceholder(string chart) => AssertPlaceholder(s_nonFiniteCharts[chart]());

    [Fact]
    public void Render_SomeNonFiniteValues_AreSkippedAndNoNumberIsNonFinite()
    {
        var nan = double.NaN;
        var outputs = new[]
        {
            TimeLineChart.Render("t", [new TimeSeries("a", [new(s_start, 0.5, nan, 0.9), new(s_start.AddHours(1), nan, 0.1, 0.9), new(s_start.AddHours(2), 0.7, 0.2, double.PositiveInfinity), new(s_start.AddHours(3), 0.6, 0.4, 0.8)])]),
            StackedSharesChart.Render("t", [s_start, s_start.AddDays(1)], ["a", "b"], [[nan, 1], [1, 1]]),
            GroupedBarChart.Render("t", ["a", "b"], [new BarSeries("s", [nan, 0.5])]),
            HistogramChart.Render("t", [double.NegativeInfinity, 0, 1, double.PositiveInfinity], [0.1, nan, 0.2], [0.3, 0.3, double.PositiveInfinity]),
            ScatterChart.Render("t", [new(nan, 1, 0), new(1, 2, 0), new(3, 4, 0)], [new ScatterGroup("g", 0, false)]),
            CurveChart.Render("t", [new Curve("c", [new(0, 0), new(nan, 0.5), new(1, 1)], new CurveMark(new(nan, 0.5), "m"))], "x", "y"),
            SignedBarChart.Render("t", [new SignedBar("a", nan), new SignedBar("b", 0.5)]),
        };

        foreach (var markup in outputs)
        {
            var svg = Parse(markup);
            Assert.DoesNotContain(svg.Descendants(), e => e.Attribute("class")?.Value == "mm-empty");
            foreach (var attribute in svg.DescendantsAndSelf().Attributes().Where(a => a.Name.LocalName is "d" or "x" or "y" or "width" or "height" or "cx" or "cy" or "viewBox" or "transform"))
            {
                // Culture-invariant, finite numbers only: digits, dots, minus signs and path commands.
                Assert.Matches("^[-0-9. MLHVZhvrotate(),%]*$", attribute.Value);
                Assert.DoesNotContain("NaN", attribute.Value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void TimeLine_DrawsOneDotPerFinitePointAndBreaksTheLineAtGaps()
    {
        var points = Hours(10, h => h == 4 ? double.NaN : h / 10.0);

        var svg = Parse(TimeLineChart.Render("t", [new TimeSeries("a", points)]));

        var line = PlotMarks(svg, "mm-line").Single();
        var dots = PlotMarks(svg, "mm-pt").Single();
        Assert.Equal(9, Count(dots, 'M'));
        Assert.Equal(2, Count(line, 'M'));
        Assert.Equal(7, Count(line, 'L'));
    }

    [Fact]
    public void TimeLine_TickLabelsAreUtcEvenForOffsetTimes()
    {
        var offset = TimeSpan.FromHours(5);
        var points = Enumerable.Range(0, 7).Select(h => new TimePoint(new DateTimeOffset(2026, 3, 1, 5 + h, 0, 0, offset), h)).ToList();

        var svg = Parse(TimeLineChart.Render("t", [new TimeSeries("a", points)]));

        var labels = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("00:00", labels);
        Assert.Contains("06:00", labels);
        Assert.DoesNotContain("11:00", labels);
    }

    [Fact]
    public void StackedShares_BarsPerTimeAndClassWithShareAboveZero_AreasBeyondTheBarLimit()
    {
        var bars = Parse(StackedSharesChart.Render("t", [s_start, s_start.AddDays(1), s_start.AddDays(2)], ["a", "b", "c"], [[1, 1, 2], [0, 1, 1], [5, 0, 0]]));
        var times = Enumerable.Range(0, StackedSharesChart.MaxBars + 1).Select(h => s_start.AddHours(h)).ToList();
        var areas = Parse(StackedSharesChart.Render("t", times, ["a", "b"], times.Select(_ => (IReadOnlyList<double>)[1.0, 1.0]).ToList()));

        Assert.Equal(6, Marks(bars, "mm-bar").Count);
        Assert.Equal(2, Marks(areas, "mm-area").Count);
        Assert.Empty(Marks(areas, "mm-bar"));
    }

    [Fact]
    public void StackedShares_NormalisesEachTimeToOneHundredPercent()
    {
        var svg = Parse(StackedSharesChart.Render("t", [s_start], ["a", "b"], [[30, 10]]));

        var titles = Marks(svg, "mm-bar").Select(r => r.Element(s_svg + "title")?.Value).ToList();
        Assert.Equal(["a: 75%", "b: 25%"], titles);
    }

    [Fact]
    public void GroupedBars_OneRectPerFiniteValue()
    {
        var svg = Parse(GroupedBarChart.Render("t", ["a", "b", "c"], [new BarSeries("train", [0.2, 0.3, 0.5]), new BarSeries("serve", [0.1, double.NaN, 0.9])]));

        Assert.Equal(5, Marks(svg, "mm-bar").Count);
    }

    [Fact]
    public void GroupedBars_ValuesNotOnePerCategory_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GroupedBarChart.Render("t", ["a", "b"], [new BarSeries("train", [0.2])]));

        Assert.Equal("series", error.ParamName);
        Assert.Contains("train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_TwoLayersOfOneRectPerFiniteBin_OverflowEdgesLabelledInfinite()
    {
        var svg = Parse(HistogramChart.Render("t", [double.NegativeInfinity, 0, 1, 2, double.PositiveInfinity], [0.1, 0.2, 0.3, 0.4], [0.4, 0.3, double.NaN, 0.1]));

        Assert.Equal(4, Marks(svg, "mm-layer").Count(r => r.Parent?.Attribute("class")?.Value == "mm-ref"));
        Assert.Equal(3, Marks(svg, "mm-layer").Count(r => r.Parent?.Attribute("class")?.Value == "mm-cur"));
        var labels = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("\u2212\u221e", labels);
        Assert.Contains("+\u221e", labels);
    }

    [Fact]
    public void Scatter_MorePointsThanTheCap_DrawsASeededSampleOfExactlyTheCapAndSaysSo()
    {
        var random = new Random(3);
        var points = Enumerable.Range(0, 5000).Select(i => new ScatterPoint(random.NextDouble(), random.NextDouble(), i % 2)).ToList();
        ScatterGroup[] groups = [new("reference", 0, true), new("serving", 1, false)];

        var first = ScatterChart.Render("t", points, groups, maxPoints: 300, seed: 5);
        var again = ScatterChart.Render("t", points, groups, maxPoints: 300, seed: 5);
        var otherSeed = ScatterChart.Render("t", points, groups, maxPoints: 300, seed: 6);

        var svg = Parse(first);
        Assert.Equal(300, PlotMarks(svg, "mm-dot").Concat(PlotMarks(svg, "mm-sq")).Sum(p => Count(p, 'M')));
        Assert.Contains("showing 300 of 5,000 points, sampled uniformly (seed 5)", svg.Descendants(s_svg + "text").Single(t => t.Attribute("class")?.Value == "mm-note").Value, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Scatter_FewerPointsThanTheCap_DrawsAllWithoutANote()
    {
        var svg = Parse(ScatterChart.Render("t", [new(0, 0, 0), new(1, 1, 0), new(2, 0, 0)], [new ScatterGroup("g", 0, false)]));

        Assert.Equal(3, Count(PlotMarks(svg, "mm-dot").Single(), 'M'));
        Assert.DoesNotContain(svg.Descendants(), e => e.Attribute("class")?.Value == "mm-note");
    }

    [Fact]
    public void Scatter_Sample_IsDistinctSortedAndOfTheCapSize()
    {
        var indexes = Enumerable.Range(0, 1000).Select(i => i * 3).ToList();

        var sample = ScatterChart.Sample(indexes, 100, 9);

        Assert.Equal(100, sample.Count);
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(100, sample.Distinct().Count());
        Assert.All(sample, i => Assert.Contains(i, indexes));
    }

    [Fact]
    public void Scatter_PointInAMissingGroup_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ScatterChart.Render("t", [new(0, 0, 2)], [new ScatterGroup("g", 0, false)]));

        Assert.Equal("points", error.ParamName);
        Assert.Contains("group 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Downsample_LongCurve_KeepsEndpointsBoundsTheCountAndFollowsTheShape()
    {
        var points = Enumerable.Range(0, 10_001).Select(i => new CurvePoint(i / 10_000.0, Math.Pow(i / 10_000.0, 0.25))).ToList();

        var kept = CurveChart.Downsample(points, 300);

        Assert.InRange(kept.Count, 3, 300);
        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.All(kept.Zip(kept.Skip(1)), pair => Assert.True(pair.First.X < pair.Second.X));

        // Every original point lies within 0.005 (about 1.5 pixels on a 300-pixel plot) of the polyline through the kept points.
        var worst = points.Max(p => kept.Zip(kept.Skip(1)).Min(segment => DistanceToSegment(p, segment.First, segment.Second)));
        Assert.True(worst < 0.005, $"largest gap {worst}");
    }

    [Fact]
    public void Downsample_StepCurve_KeepsItsCorner()
    {
        // A perfect classifier's ROC: straight up, then straight across.
        var points = Enumerable.Range(0, 1000).Select(i => new CurvePoint(0, i / 999.0)).Concat(Enumerable.Range(1, 1000).Select(i => new CurvePoint(i / 1000.0, 1))).ToList();

        var kept = CurveChart.Downsample(points, 50);

        Assert.Equal(new[] { points[0], new CurvePoint(0, 1), points[^1] }, kept);
    }

    [Fact]
    public void Curve_LongCurve_IsDrawnWithAtMostTheCapOfPoints()
    {
        // Jitter everywhere: no tolerance stops early, so the cap is what binds.
        var random = new Random(4);
        var points = Enumerable.Range(0, 5000).Select(i => new CurvePoint(i / 4999.0, Math.Clamp(Math.Sqrt(i / 4999.0) + (0.05 * random.NextDouble()), 0, 1))).ToList();

        var svg = Parse(CurveChart.Render("t", [new Curve("c", points)], "x", "y", maxPoints: 200));

        var line = PlotMarks(svg, "mm-line").Single();
        Assert.Equal(200, Count(line, 'M') + Count(line, 'L'));
    }

    [Fact]
    public void SignedBars_OneRectPerFiniteValueColouredBySign()
    {
        var svg = Parse(SignedBarChart.Render("t", [new SignedBar("good", 0.4), new SignedBar("bad", -0.3), new SignedBar("odd", double.NaN), new SignedBar("fine", 0.1)]));

        var bars = Marks(svg, "mm-bar");
        Assert.Equal(3, bars.Count);
        Assert.Equal(["mm-pos", "mm-neg", "mm-pos"], bars.Select(b => b.Parent?.Attribute("class")?.Value));
    }

    [Fact]
    public void TextHighlight_WeightedWords_AreWrappedEscapedAndScaledToTheLargestWeight()
    {
        var html = TextHighlight.Render("Great <b>food</b>, not great & \"good\".", [new FeatureWeight("Great", 0.4), new FeatureWeight("not", -0.2), new FeatureWeight("b", 0.0)]);

        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        var p = XElement.Parse("<p>" + html + "</p>", LoadOptions.PreserveWhitespace);
        var spans = p.Elements("span").ToList();
        Assert.Equal(["Great", "not"], spans.Select(s => s.Value));
        Assert.Equal(["mm-w mm-w-pos", "mm-w mm-w-neg"], spans.Select(s => (string?)s.Attribute("class")));
        Assert.Equal(["--w:1", "--w:0.5"], spans.Select(s => (string?)s.Attribute("style")));
        Assert.Equal("Great <b>food</b>, not great & \"good\".", p.Value);
    }

    [Fact]
    public void TextHighlight_Tokens_ConcatenateAsGivenAndLeaveUnweightedPlain()
    {
        var html = TextHighlight.Render([new WeightedToken("a", 2), new WeightedToken(" ", double.NaN), new WeightedToken("<b>", -1)]);

        var p = XElement.Parse("<p>" + html + "</p>", LoadOptions.PreserveWhitespace);
        Assert.Equal("a <b>", p.Value);
        Assert.Equal(2, p.Elements("span").Count());
    }

    [Fact]
    public void ChartStyles_DefineEveryClassTheChartsUse()
    {
        var used = s_charts.Values.Select(render => render("x"))
            .Concat([SvgChart.Placeholder("t"), TextHighlight.Render([new WeightedToken("a", 1), new WeightedToken("b", -1)])])
            .SelectMany(markup => Regex.Matches(markup, "class=\"([^\"]*)\"").Select(m => m.Groups[1].Value))
            .SelectMany(classes => classes.Split(' '))
            .ToHashSet();

        Assert.All(used, cls => Assert.Contains("." + cls, ChartStyles.Css, StringComparison.Ordinal));
        Assert.Contains("@media screen and (prefers-color-scheme:dark)", ChartStyles.Css, StringComparison.Ordinal);
        Assert.Contains("@media print", ChartStyles.Css, StringComparison.Ordinal);
    }

    [Fact]
    public void Ticks_NiceRangeAndLabels()
    {
        var (min, max, step) = Ticks.NiceRange(0.13, 0.87, 4);

        Assert.Equal((0.0, 1.0, 0.2), (min, max, step), (a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-12 && Math.Abs(a.Item2 - b.Item2) < 1e-12 && Math.Abs(a.Item3 - b.Item3) < 1e-12);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], Ticks.Values(min, max, step).Select(t => Ticks.Format(t, step, false)));
        Assert.Equal("25%", Ticks.Format(0.25, 0.05, true));
        Assert.Equal("12.5k", Ticks.Format(12_500, 500, false));
    }

    private static List<TimePoint> Hours(int count, Func<int, double> value, bool band = false) =>
        Enumerable.Range(0, count).Select(h => new TimePoint(s_start.AddHours(h), value(h), band ? value(h) - 0.1 : double.NaN, band ? value(h) + 0.1 : double.NaN)).ToList();

    private static double DistanceToSegment(CurvePoint p, CurvePoint a, CurvePoint b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var t = Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / ((dx * dx) + (dy * dy)), 0, 1);
        return Math.Sqrt(Math.Pow(p.X - (a.X + (t * dx)), 2) + Math.Pow(p.Y - (a.Y + (t * dy)), 2));
    }

    private static XElement Parse(string markup) => XDocument.Parse(markup).Root!;

    private static List<XElement> Marks(XElement svg, string cls) => svg.Descendants().Where(e => e.Attribute("class")?.Value == cls).ToList();

    // Marks in the plot, not the legend's swatches: series groups are children of the root.
    private static List<XElement> PlotMarks(XElement svg, string cls) => Marks(svg, cls).Where(e => e.Parent?.Parent == svg).ToList();

    private static int Count(XElement path, char command) => ((string?)path.Attribute("d") ?? string.Empty).Count(c => c == command);

    private static void AssertPlaceholder(string markup)
    {
        var svg = Parse(markup);
        Assert.Equal(s_svg + "svg", svg.Name);
        Assert.StartsWith("no data", svg.Descendants(s_svg + "text").Single(t => t.Attribute("class")?.Value == "mm-empty").Value, StringComparison.Ordinal);
    }
}
