using System.Globalization;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Lines over UTC time, one per series, with optional translucent bands (e.g. p10–p90).</summary>
internal static class TimeLineChart
{
    private const double PlotHeight = 220;

    // Dots on every point while a series is short: a single-window series would otherwise be invisible.
    private const int MaxPointsWithDots = 60;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="series">The series (colours mm-s0.. in order).</param>
    /// <param name="yLabel">The y-axis label, or null.</param>
    /// <param name="yMin">A fixed lower y bound (e.g. 0), or null for automatic.</param>
    /// <param name="yMax">A fixed upper y bound (e.g. 1), or null for automatic.</param>
    /// <param name="bandLabel">What the bands are (e.g. "p10–p90"), added to the legend when any band is drawn; null for no entry.</param>
    /// <param name="percent">Whether values are fractions shown as percentages on the axis.</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no point is finite.</returns>
    public static string Render(string title, IReadOnlyList<TimeSeries> series, string? yLabel = null, double? yMin = null, double? yMax = null, string? bandLabel = null, bool percent = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var sorted = new List<TimePoint[]>(series.Count);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        long tMin = long.MaxValue, tMax = long.MinValue;
        var anyBand = false;
        foreach (var s in series)
        {
            var points = s.Points.OrderBy(p => p.Time).ToArray();
            sorted.Add(points);
            foreach (var p in points)
            {
                if (!double.IsFinite(p.Value))
                {
                    continue;
                }

                lo = Math.Min(lo, p.Value);
                hi = Math.Max(hi, p.Value);
                tMin = Math.Min(tMin, p.Time.UtcTicks);
                tMax = Math.Max(tMax, p.Time.UtcTicks);
                if (HasBand(p))
                {
                    anyBand = true;
                    lo = Math.Min(lo, p.Low);
                    hi = Math.Max(hi, p.High);
                }
            }
        }

        if (tMin > tMax)
        {
            return SvgChart.Placeholder(title);
        }

        var (min, max, step) = Ticks.NiceRange(yMin ?? lo, yMax ?? hi, 5);
        if (yMin is { } fixedMin && yMax is { } fixedMax && fixedMax > fixedMin)
        {
            (min, max, step) = (fixedMin, fixedMax, Ticks.NiceStep(fixedMax - fixedMin, 5));
        }
        else
        {
            min = yMin ?? min;
            max = yMax ?? max;
        }

        var yTicks = Ticks.Values(min, max, step);
        var legend = new List<LegendItem>();
        for (var i = 0; i < series.Count; i++)
        {
            legend.Add(new LegendItem(series[i].Name, SeriesClass(i), LegendShape.Line));
        }

        if (anyBand && !string.IsNullOrEmpty(bandLabel))
        {
            legend.Add(new LegendItem(bandLabel, "mm-s7", LegendShape.Box));
        }

        var left = SvgChart.LeftMargin(yTicks.Select(t => Ticks.Format(t, step, percent)), !string.IsNullOrEmpty(yLabel));
        var chart = new SvgChart(title, SvgChart.DefaultWidth, PlotHeight, legend, left, 42);
        if (tMin == tMax)
        {
            tMin -= TimeSpan.TicksPerHour;
            tMax += TimeSpan.TicksPerHour;
        }

        chart.SetX(tMin, tMax);
        chart.SetY(min, max);
        chart.YAxis(yTicks, step, percent, yLabel);
        var timeTicks = Ticks.Times(new DateTimeOffset(tMin, TimeSpan.Zero), new DateTimeOffset(tMax, TimeSpan.Zero), (int)((chart.Right - chart.Left) / 95));
        chart.XAxis(timeTicks.Select(t => (chart.X(t.Time.UtcTicks), t.Label)).ToList(), "time (UTC)");

        var body = chart.Body;
        for (var i = 0; i < sorted.Count; i++)
        {
            var points = sorted[i];
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{SeriesClass(i)}\">");
            var band = BandPath(chart, points, min, max);
            if (band.Length > 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-band\" d=\"{band}\"/>");
            }

            var line = new StringBuilder();
            var dots = new StringBuilder();
            var finite = 0;
            var penDown = false;
            foreach (var p in points)
            {
                if (!double.IsFinite(p.Value))
                {
                    penDown = false;
                    continue;
                }

                var x = Markup.Num(chart.X(p.Time.UtcTicks));
                var y = Markup.Num(chart.Y(Math.Clamp(p.Value, min, max)));
                line.Append(penDown ? 'L' : 'M').Append(x).Append(' ').Append(y);
                dots.Append('M').Append(x).Append(' ').Append(y).Append("h0");
                penDown = true;
                finite++;
            }

            if (finite > 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-line\" d=\"{line}\"/>");
                if (finite <= MaxPointsWithDots)
                {
                    body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-pt\" d=\"{dots}\"/>");
                }
            }

            body.Append("</g>");
        }

        return chart.Finish();
    }

    /// <summary>The colour class of series <paramref name="index"/> (eight colours, then they repeat).</summary>
    /// <param name="index">The series index.</param>
    /// <returns>The class name.</returns>
    internal static string SeriesClass(int index) => "mm-s" + (((index % 8) + 8) % 8).ToString(CultureInfo.InvariantCulture);

    private static bool HasBand(TimePoint p) => double.IsFinite(p.Low) && double.IsFinite(p.High);

    // One closed polygon per run of consecutive points with a band: the highs left to right, then the lows back.
    private static string BandPath(SvgChart chart, TimePoint[] points, double min, double max)
    {
        var path = new StringBuilder();
        var run = new List<TimePoint>();
        foreach (var p in points.Append(new TimePoint(default, double.NaN)))
        {
            if (double.IsFinite(p.Value) && HasBand(p))
            {
                run.Add(p);
                continue;
            }

            if (run.Count == 1)
            {
                // A lone band has no width along time: draw it as a narrow bar so it stays visible.
                var x = chart.X(run[0].Time.UtcTicks);
                var top = chart.Y(Math.Clamp(run[0].High, min, max));
                var bottom = chart.Y(Math.Clamp(run[0].Low, min, max));
                path.Append('M').Append(Markup.Num(x - 5)).Append(' ').Append(Markup.Num(top)).Append("h10V").Append(Markup.Num(bottom)).Append("h-10Z");
                run.Clear();
            }
            else if (run.Count > 0)
            {
                for (var k = 0; k < run.Count; k++)
                {
                    path.Append(k == 0 ? 'M' : 'L').Append(Markup.Num(chart.X(run[k].Time.UtcTicks))).Append(' ').Append(Markup.Num(chart.Y(Math.Clamp(run[k].High, min, max))));
                }

                for (var k = run.Count - 1; k >= 0; k--)
                {
                    path.Append('L').Append(Markup.Num(chart.X(run[k].Time.UtcTicks))).Append(' ').Append(Markup.Num(chart.Y(Math.Clamp(run[k].Low, min, max))));
                }

                path.Append('Z');
                run.Clear();
            }
        }

        return path.ToString();
    }
}
