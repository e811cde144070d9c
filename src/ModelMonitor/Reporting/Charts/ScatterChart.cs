using System.Globalization;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Points in two dimensions (e.g. an embedding projection), coloured by group, reference groups as faint squares behind serving dots.</summary>
/// <remarks>At most <c>maxPoints</c> are drawn: a larger input is sampled uniformly without replacement with a seeded generator, so the same data always gives the same picture, and the chart says so.</remarks>
internal static class ScatterChart
{
    private const double PlotHeight = 320;

    /// <summary>The default cap on drawn points: enough to show structure, small enough for a report.</summary>
    public const int DefaultMaxPoints = 2000;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="points">The points; those with a non-finite coordinate are skipped and counted in the note.</param>
    /// <param name="groups">The groups the points' <see cref="ScatterPoint.Group"/> index.</param>
    /// <param name="xLabel">The x-axis label, or null.</param>
    /// <param name="yLabel">The y-axis label, or null.</param>
    /// <param name="note">A line to print under the title (e.g. what the axes are), or null; the sampling statement is appended to it.</param>
    /// <param name="maxPoints">The most points drawn.</param>
    /// <param name="seed">The seed of the sample.</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no point is finite.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A point names a group that does not exist, or <paramref name="maxPoints"/> is not positive.</exception>
    public static string Render(string title, IReadOnlyList<ScatterPoint> points, IReadOnlyList<ScatterGroup> groups, string? xLabel = null, string? yLabel = null, string? note = null, int maxPoints = DefaultMaxPoints, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPoints);
        var finite = new List<int>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if ((uint)p.Group >= (uint)groups.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(points), p.Group, $"Point {i} is in group {p.Group}, but there are {groups.Count} groups.");
            }

            if (double.IsFinite(p.X) && double.IsFinite(p.Y))
            {
                finite.Add(i);
            }
        }

        var shown = Sample(finite, maxPoints, seed);
        var statement = new List<string>();
        if (!string.IsNullOrEmpty(note))
        {
            statement.Add(note);
        }

        if (shown.Count < finite.Count)
        {
            statement.Add($"showing {Markup.Count(shown.Count)} of {Markup.Count(finite.Count)} points, sampled uniformly (seed {seed.ToString(CultureInfo.InvariantCulture)})");
        }

        if (finite.Count < points.Count)
        {
            statement.Add($"{Markup.Count(points.Count - finite.Count)} points with non-finite coordinates skipped");
        }

        if (shown.Count == 0)
        {
            return SvgChart.Placeholder(title, statement.Count > 0 ? "no data: " + string.Join(" · ", statement) : "no data");
        }

        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
        foreach (var i in shown)
        {
            x0 = Math.Min(x0, points[i].X);
            x1 = Math.Max(x1, points[i].X);
            y0 = Math.Min(y0, points[i].Y);
            y1 = Math.Max(y1, points[i].Y);
        }

        var (xMin, xMax, xStep) = Ticks.NiceRange(x0, x1, 6);
        var (yMin, yMax, yStep) = Ticks.NiceRange(y0, y1, 5);
        var yTicks = Ticks.Values(yMin, yMax, yStep);
        var xTicks = Ticks.Values(xMin, xMax, xStep);
        var legend = groups.Select(g => new LegendItem(g.Name, TimeLineChart.SeriesClass(g.Color), g.IsReference ? LegendShape.Square : LegendShape.Dot)).ToList();
        var chart = new SvgChart(title, SvgChart.DefaultWidth, PlotHeight, legend, SvgChart.LeftMargin(yTicks.Select(t => Ticks.Format(t, yStep, false)), !string.IsNullOrEmpty(yLabel)), string.IsNullOrEmpty(xLabel) ? 30 : 46, statement.Count > 0 ? string.Join(" · ", statement) : null);
        chart.SetX(xMin, xMax);
        chart.SetY(yMin, yMax);
        chart.XGrid(xTicks);
        chart.YAxis(yTicks, yStep, false, yLabel);
        chart.XAxis(xTicks.Select(t => (chart.X(t), Ticks.Format(t, xStep, false))).ToList(), xLabel);

        // Reference groups first, so serving points are drawn on top of them.
        var paths = new StringBuilder[groups.Count];
        foreach (var i in shown)
        {
            var p = points[i];
            (paths[p.Group] ??= new StringBuilder()).Append('M').Append(Markup.Num(chart.X(p.X))).Append(' ').Append(Markup.Num(chart.Y(p.Y))).Append("h0");
        }

        var body = chart.Body;
        foreach (var g in Enumerable.Range(0, groups.Count).OrderBy(g => groups[g].IsReference ? 0 : 1))
        {
            if (paths[g] is { } path)
            {
                body.Append(CultureInfo.InvariantCulture, $"<g class=\"{TimeLineChart.SeriesClass(groups[g].Color)}\"><path class=\"{(groups[g].IsReference ? "mm-sq" : "mm-dot")}\" d=\"{path}\"/></g>");
            }
        }

        return chart.Finish();
    }

    /// <summary>The indexes to draw: all of them when they fit, else a uniform sample without replacement (partial Fisher–Yates with a seeded generator), in input order.</summary>
    /// <param name="indexes">The candidate indexes.</param>
    /// <param name="max">The most kept.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>The kept indexes, ascending as given.</returns>
    internal static List<int> Sample(List<int> indexes, int max, int seed)
    {
        if (indexes.Count <= max)
        {
            return indexes;
        }

        var pool = indexes.ToArray();
        var random = new Random(seed);
        for (var k = 0; k < max; k++)
        {
            var j = random.Next(k, pool.Length);
            (pool[k], pool[j]) = (pool[j], pool[k]);
        }

        var kept = pool.AsSpan(0, max).ToArray();
        Array.Sort(kept);
        return [.. kept];
    }
}
