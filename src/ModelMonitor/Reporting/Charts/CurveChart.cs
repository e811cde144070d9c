using System.Globalization;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Curves in the unit square (ROC, precision–recall), with an optional chance diagonal and one marked point per curve.</summary>
internal static class CurveChart
{
    private const double Width = 480;
    private const double PlotHeight = 300;

    /// <summary>The default cap on points drawn per curve.</summary>
    public const int DefaultMaxPoints = 300;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="curves">The curves (colours mm-s0.. in order); points with a non-finite coordinate are skipped, others clamped to [0, 1].</param>
    /// <param name="xLabel">The x-axis label, e.g. "false positive rate".</param>
    /// <param name="yLabel">The y-axis label, e.g. "true positive rate".</param>
    /// <param name="chanceDiagonal">Whether to draw the dashed line from (0, 0) to (1, 1), the ROC of a random score.</param>
    /// <param name="maxPoints">The most points drawn per curve (see <see cref="Downsample"/>).</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no curve has a finite point.</returns>
    public static string Render(string title, IReadOnlyList<Curve> curves, string xLabel, string yLabel, bool chanceDiagonal = false, int maxPoints = DefaultMaxPoints)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var drawn = curves.Select(c => Downsample(c.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => new CurvePoint(Math.Clamp(p.X, 0, 1), Math.Clamp(p.Y, 0, 1))).ToList(), maxPoints)).ToList();
        if (drawn.All(d => d.Count == 0))
        {
            return SvgChart.Placeholder(title, width: Width);
        }

        var ticks = Ticks.Values(0, 1, 0.2);
        var legend = curves.Select((c, i) => new LegendItem(c.Name, TimeLineChart.SeriesClass(i), LegendShape.Line)).ToList();
        var chart = new SvgChart(title, Width, PlotHeight, legend, SvgChart.LeftMargin(["0.8"], true), 46, right: Width - SvgChart.LeftMargin(["0.8"], true) - PlotHeight - 20);
        chart.SetX(0, 1);
        chart.SetY(0, 1);
        chart.XGrid(ticks);
        chart.YAxis(ticks, 0.2, false, yLabel);
        chart.XAxis(ticks.Select(t => (chart.X(t), Ticks.Format(t, 0.2, false))).ToList(), xLabel);
        var body = chart.Body;
        if (chanceDiagonal)
        {
            body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-ref-line\" d=\"M{Markup.Num(chart.X(0))} {Markup.Num(chart.Y(0))}L{Markup.Num(chart.X(1))} {Markup.Num(chart.Y(1))}\"/>");
        }

        for (var i = 0; i < curves.Count; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{TimeLineChart.SeriesClass(i)}\">");
            if (drawn[i].Count > 0)
            {
                var path = new StringBuilder();
                for (var k = 0; k < drawn[i].Count; k++)
                {
                    path.Append(k == 0 ? 'M' : 'L').Append(Markup.Num(chart.X(drawn[i][k].X))).Append(' ').Append(Markup.Num(chart.Y(drawn[i][k].Y)));
                }

                body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-line\" d=\"{path}\"/>");
            }

            if (curves[i].Mark is { } mark && double.IsFinite(mark.Point.X) && double.IsFinite(mark.Point.Y))
            {
                var mx = chart.X(Math.Clamp(mark.Point.X, 0, 1));
                var my = chart.Y(Math.Clamp(mark.Point.Y, 0, 1));

                // Labels sit beside their point, flipped left near the right edge, and stepped down per curve so two marks close together stay readable.
                var flip = mark.Point.X > 0.55;
                var ly = Math.Clamp(my + 16 + (i * 15), chart.Top + 12, chart.Bottom - 6);
                body.Append(CultureInfo.InvariantCulture, $"<circle class=\"mm-mark\" cx=\"{Markup.Num(mx)}\" cy=\"{Markup.Num(my)}\" r=\"4.5\"/><text class=\"mm-mark-label\" x=\"{Markup.Num(flip ? mx - 8 : mx + 8)}\" y=\"{Markup.Num(ly)}\" text-anchor=\"{(flip ? "end" : "start")}\">{Markup.Escape(mark.Label)}</text>");
            }

            body.Append("</g>");
        }

        return chart.Finish();
    }

    /// <summary>
    /// At most <paramref name="max"/> points that keep the curve's shape: the first and last points always,
    /// then, greedily, the point farthest from the polyline kept so far (top-down Douglas–Peucker, bounded by
    /// count), until the count is reached or no point is farther than <paramref name="tolerance"/>; the steep
    /// start of a good ROC curve and the corners of step-like curves are what gets kept first.
    /// </summary>
    /// <param name="points">The points in drawing order.</param>
    /// <param name="max">The most points kept, at least 2.</param>
    /// <param name="tolerance">The distance (in data units) below which a point is not worth keeping; 0.001 is a third of a pixel on a 300-pixel plot.</param>
    /// <returns>The points kept, in order; the input itself when it fits.</returns>
    internal static IReadOnlyList<CurvePoint> Downsample(IReadOnlyList<CurvePoint> points, int max, double tolerance = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (points.Count <= max)
        {
            return points;
        }

        var keep = new bool[points.Count];
        keep[0] = keep[^1] = true;
        var kept = 2;
        var queue = new PriorityQueue<(int Start, int End, int Far), double>();
        Enqueue(points, queue, 0, points.Count - 1);
        while (kept < max && queue.TryDequeue(out var segment, out var negativeDistance) && -negativeDistance > tolerance)
        {
            keep[segment.Far] = true;
            kept++;
            Enqueue(points, queue, segment.Start, segment.Far);
            Enqueue(points, queue, segment.Far, segment.End);
        }

        var result = new List<CurvePoint>(kept);
        for (var i = 0; i < points.Count; i++)
        {
            if (keep[i])
            {
                result.Add(points[i]);
            }
        }

        return result;
    }

    private static void Enqueue(IReadOnlyList<CurvePoint> points, PriorityQueue<(int, int, int), double> queue, int start, int end)
    {
        if (end - start < 2)
        {
            return;
        }

        var (a, b) = (points[start], points[end]);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        var far = start + 1;
        var farthest = -1.0;
        for (var k = start + 1; k < end; k++)
        {
            var (px, py) = (points[k].X - a.X, points[k].Y - a.Y);

            // Distance to the segment's line, or to its start when the segment has no length (a curve that returns).
            var distance = length > 0 ? Math.Abs((dx * py) - (dy * px)) / length : Math.Sqrt((px * px) + (py * py));
            if (distance > farthest)
            {
                farthest = distance;
                far = k;
            }
        }

        queue.Enqueue((start, end, far), -farthest);
    }
}
