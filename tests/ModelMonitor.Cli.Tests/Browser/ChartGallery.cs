using System.Text;
using ModelMonitor.Explanations;
using ModelMonitor.Reporting.Charts;

namespace ModelMonitor.Cli.Tests.Browser;

/// <summary>A page with every chart kind on seeded sample data, in light and dark friendly markup, to check in a real browser that they render without errors and look right.</summary>
internal static class ChartGallery
{
    /// <summary>The section ids the page contains, one per chart.</summary>
    public static readonly string[] SectionIds =
    [
        "timeline", "timeline-single", "shares", "shares-areas", "grouped", "histogram", "categorical",
        "categorical-many", "scatter", "roc", "pr", "weights", "highlight", "empty",
    ];

    /// <summary>The computed fill of chart titles with the light palette (<c>--mm-fg</c>), as the page records it on its body.</summary>
    public const string LightTitleFill = "data-title-fill=\"rgb(31, 35, 40)\"";

    /// <summary>The computed fill of chart titles with the dark palette.</summary>
    public const string DarkTitleFill = "data-title-fill=\"rgb(230, 237, 243)\"";

    /// <summary>Builds the page.</summary>
    /// <returns>The HTML.</returns>
    public static string Build()
    {
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ModelMonitor charts</title><meta name=\"color-scheme\" content=\"light dark\"><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}section{margin:0 0 28px}")
            .Append("@media screen and (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}}")
            .Append(ChartStyles.Css).Append("</style></head><body><h1>ModelMonitor charts</h1>");

        void Section(string id, string content) => html.Append("<section id=\"").Append(id).Append("\">").Append(content).Append("</section>");

        var mean = new List<TimePoint>();
        var other = new List<TimePoint>();
        for (var h = 0; h < 48; h++)
        {
            var m = 0.72 - (h > 30 ? 0.1 : 0) + (0.03 * Math.Sin(h / 4.0));
            mean.Add(new TimePoint(start.AddHours(h), m, m - 0.18 - (0.02 * random.NextDouble()), Math.Min(1, m + 0.15)));
            other.Add(new TimePoint(start.AddHours(h), h == 20 ? double.NaN : 0.3 + (0.05 * random.NextDouble())));
        }

        Section("timeline", TimeLineChart.Render("Confidence score over time", [new TimeSeries("mean score (positive)", mean), new TimeSeries("share below threshold", other)], "score", 0, 1, "p10–p90"));
        Section("timeline-single", TimeLineChart.Render("A single window", [new TimeSeries("mean score", [new TimePoint(start, 0.61, 0.4, 0.8)])], "score", bandLabel: "p10–p90"));

        var times = Enumerable.Range(0, 14).Select(d => start.AddDays(d)).ToList();
        var shares = times.Select((_, d) => (IReadOnlyList<double>)[0.55 - (d * 0.015), 0.35 + (d * 0.01), 0.10 + (d * 0.005)]).ToList();
        Section("shares", StackedSharesChart.Render("Predicted class shares per day", times, ["negative", "positive", "neutral"], shares));
        var manyTimes = Enumerable.Range(0, 120).Select(h => start.AddHours(h)).ToList();
        var manyShares = manyTimes.Select((_, h) => (IReadOnlyList<double>)[0.5 + (0.1 * Math.Sin(h / 10.0)), 0.5 - (0.1 * Math.Sin(h / 10.0))]).ToList();
        Section("shares-areas", StackedSharesChart.Render("Predicted class shares per hour", manyTimes, ["negative", "positive"], manyShares));

        Section("grouped", GroupedBarChart.Render("Class distribution: training vs serving", ["negative", "positive", "neutral"], [new BarSeries("training", [0.48, 0.41, 0.11]), new BarSeries("serving", [0.39, 0.50, 0.11])], "share", percent: true));

        var edges = Enumerable.Range(0, 21).Select(i => i * 0.05).ToArray();
        var reference = edges.Skip(1).Select(e => Gaussian(e - 0.025, 0.45, 0.15) * 0.05).ToArray();
        var current = edges.Skip(1).Select(e => Gaussian(e - 0.025, 0.58, 0.13) * 0.05).ToArray();
        Section("histogram", HistogramChart.Render("Feature 'review_length_norm': reference vs serving", edges, reference, current, "training", "serving", "review_length_norm"));
        Section("categorical", GroupedBarChart.Render("Feature 'device'", ["android", "ios", "web", "smart-tv (beta)"], [new BarSeries("training", [0.45, 0.30, 0.25, 0]), new BarSeries("serving", [0.40, 0.28, 0.27, 0.05])], "share of rows", percent: true, seriesClasses: ["mm-ref", "mm-cur"]));

        string[] countries = ["Germany", "France", "United Kingdom", "Netherlands", "Switzerland", "Austria", "Belgium", "Luxembourg", "Czech Republic", "Bosnia and Herzegovina (other)", "Poland", "(missing)"];
        var shareOf = countries.Select((_, i) => 1.0 / (i + 2)).ToArray();
        Section("categorical-many", GroupedBarChart.Render("Feature 'country'", countries, [new BarSeries("training", [.. shareOf.Select(v => v / shareOf.Sum())]), new BarSeries("serving", [.. shareOf.Reverse().Select(v => v / shareOf.Sum())])], "share of rows", percent: true, seriesClasses: ["mm-ref", "mm-cur"]));

        var points = new List<ScatterPoint>();
        for (var i = 0; i < 3000; i++)
        {
            var group = i % 4;
            var (cx, cy) = (group % 2 == 0 ? -1.2 : 1.1, group < 2 ? 0.0 : 0.4);
            points.Add(new ScatterPoint(cx + (0.6 * Normal(random)), cy + (0.5 * Normal(random)), group));
        }

        Section("scatter", ScatterChart.Render("Embeddings (PCA, 2 components)", points, [new ScatterGroup("negative · reference", 0, true), new ScatterGroup("positive · reference", 1, true), new ScatterGroup("negative · serving", 0, false), new ScatterGroup("positive · serving", 1, false)], "PC 1 (41%)", "PC 2 (17%)", maxPoints: 1200));

        var roc = new List<CurvePoint>();
        for (var i = 0; i <= 1000; i++)
        {
            var x = i / 1000.0;
            roc.Add(new CurvePoint(x, Math.Pow(x, 0.25)));
        }

        var rocServing = roc.Select(p => new CurvePoint(p.X, Math.Pow(p.X, 0.4))).ToList();
        Section("roc", CurveChart.Render("ROC", [new Curve("holdout (AUC 0.80)", roc, new CurveMark(new CurvePoint(0.18, Math.Pow(0.18, 0.25)), "F1 threshold 0.458")), new Curve("serving, labelled (AUC 0.71)", rocServing)], "false positive rate", "true positive rate", chanceDiagonal: true));
        var pr = roc.Select(p => new CurvePoint(p.X, 1 - (0.5 * p.X * p.X))).ToList();
        Section("pr", CurveChart.Render("Precision–recall", [new Curve("holdout (AP 0.83)", pr, new CurveMark(new CurvePoint(0.7, 1 - (0.5 * 0.49)), "F1 threshold 0.458"))], "recall", "precision"));

        Section("weights", SignedBarChart.Render("Why 'positive': LIME word weights", [new SignedBar("great", 0.214), new SignedBar("love", 0.12), new SignedBar("not", -0.163), new SignedBar("but", -0.041), new SignedBar("service", 0.008)], "towards positive", "against positive"));
        Section("highlight", "<p>" + TextHighlight.Render("The food was great, but the service was not good. I'd still love to come back!", [new FeatureWeight("great", 0.214), new FeatureWeight("love", 0.12), new FeatureWeight("not", -0.163), new FeatureWeight("but", -0.041)]) + "</p>");
        Section("empty", TimeLineChart.Render("A window with no records yet", []));

        // The colour the stylesheet gave chart titles, for tests to check the light and dark palettes really apply.
        html.Append("<script>document.body.setAttribute('data-title-fill',getComputedStyle(document.querySelector('#timeline .mm-title')).fill);</script>");
        return html.Append("</body></html>").ToString();
    }

    private static double Gaussian(double x, double mu, double sigma) => Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI));

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
