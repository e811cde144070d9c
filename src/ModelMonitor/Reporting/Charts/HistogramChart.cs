using System.Globalization;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Two histograms over shared bins, overlaid as translucent layers (reference behind, current in front), so where they differ shows at a glance.</summary>
/// <remarks>For a categorical column, use <see cref="GroupedBarChart"/> with the classes <c>mm-ref</c> and <c>mm-cur</c>.</remarks>
internal static class HistogramChart
{
    private const double PlotHeight = 200;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="edges">The bin edges, ascending (bins + 1 values). Infinite outer edges (overflow bins) are drawn one typical bin wide.</param>
    /// <param name="reference">The reference fraction (or density) per bin; a non-finite value draws no bar.</param>
    /// <param name="current">The current fraction (or density) per bin.</param>
    /// <param name="referenceName">The legend label of the reference layer.</param>
    /// <param name="currentName">The legend label of the current layer.</param>
    /// <param name="xLabel">The x-axis label (e.g. the column name), or null.</param>
    /// <param name="percent">Whether values are fractions shown as percentages (false for densities).</param>
    /// <returns>The SVG fragment; a placeholder when there is no bin, the edges are not increasing, or no value is finite.</returns>
    /// <exception cref="ArgumentException">The value lists do not have one value per bin.</exception>
    public static string Render(string title, IReadOnlyList<double> edges, IReadOnlyList<double> reference, IReadOnlyList<double> current, string referenceName = "reference", string currentName = "serving", string? xLabel = null, bool percent = true)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var bins = Math.Max(0, edges.Count - 1);
        if (reference.Count != bins || current.Count != bins)
        {
            throw new ArgumentException($"{edges.Count} edges make {bins} bins, but there are {reference.Count} reference and {current.Count} current values.", nameof(edges));
        }

        if (bins == 0)
        {
            return SvgChart.Placeholder(title);
        }

        var x = FiniteEdges(edges);
        if (x is null)
        {
            return SvgChart.Placeholder(title, "no data: the bin edges are not finite and increasing");
        }

        var hi = 0.0;
        var any = false;
        foreach (var v in reference.Concat(current))
        {
            if (double.IsFinite(v))
            {
                any = true;
                hi = Math.Max(hi, v);
            }
        }

        if (!any)
        {
            return SvgChart.Placeholder(title);
        }

        var (_, max, step) = Ticks.NiceRange(0, hi > 0 ? hi : 1, 4);
        var yTicks = Ticks.Values(0, max, step);
        var legend = new List<LegendItem> { new(referenceName, "mm-ref", LegendShape.Box), new(currentName, "mm-cur", LegendShape.Box) };
        var yLabel = percent ? "share of rows" : "density";
        var chart = new SvgChart(title, SvgChart.DefaultWidth, PlotHeight, legend, SvgChart.LeftMargin(yTicks.Select(t => Ticks.Format(t, step, percent)), true), string.IsNullOrEmpty(xLabel) ? 30 : 46);
        chart.SetX(x[0], x[^1]);
        chart.SetY(0, max);
        chart.YAxis(yTicks, step, percent, yLabel);

        // Label every edge while they fit, else every k-th, always in the edges' own units.
        var every = (int)Math.Ceiling(bins / Math.Max(1, (chart.Right - chart.Left) / 64));
        var typical = Median(x.Zip(x.Skip(1), (a, b) => b - a));
        var ticks = new List<(double, string)>();
        for (var i = 0; i <= bins; i += Math.Max(1, every))
        {
            var label = double.IsFinite(edges[i]) ? FormatEdge(edges[i], typical) : edges[i] > 0 ? "+\u221e" : "\u2212\u221e";
            ticks.Add((chart.X(x[i]), label));
        }

        chart.XAxis(ticks, xLabel);
        var body = chart.Body;
        foreach (var (values, cls, name) in new[] { (reference, "mm-ref", referenceName), (current, "mm-cur", currentName) })
        {
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{cls}\">");
            for (var i = 0; i < bins; i++)
            {
                var v = values[i];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var left = chart.X(x[i]);
                var y = chart.Y(Math.Clamp(v, 0, max));
                body.Append(CultureInfo.InvariantCulture, $"<rect class=\"mm-layer\" x=\"{Markup.Num(left)}\" y=\"{Markup.Num(y)}\" width=\"{Markup.Num(chart.X(x[i + 1]) - left)}\" height=\"{Markup.Num(chart.Bottom - y)}\"><title>{Markup.Escape(name)} [{FormatEdge(edges[i], typical)}, {FormatEdge(edges[i + 1], typical)}): {GroupedBarChart.FormatValue(v, percent)}</title></rect>");
            }

            body.Append("</g>");
        }

        return chart.Finish();
    }

    // Outer infinite edges become one typical width beyond their neighbour; any other non-finite or non-increasing edge makes the bins unusable.
    private static double[]? FiniteEdges(IReadOnlyList<double> edges)
    {
        var x = edges.ToArray();
        var widths = new List<double>();
        for (var i = 1; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(x[i - 1]))
            {
                if (x[i] <= x[i - 1])
                {
                    return null;
                }

                widths.Add(x[i] - x[i - 1]);
            }
        }

        var typical = widths.Count > 0 ? Median(widths) : 1;
        if (double.IsNegativeInfinity(x[0]) && x.Length > 1 && double.IsFinite(x[1]))
        {
            x[0] = x[1] - typical;
        }

        if (double.IsPositiveInfinity(x[^1]) && x.Length > 1 && double.IsFinite(x[^2]))
        {
            x[^1] = x[^2] + typical;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || (i > 0 && x[i] <= x[i - 1]))
            {
                return null;
            }
        }

        return x;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 1 : sorted[sorted.Length / 2];
    }

    private static string FormatEdge(double edge, double typicalWidth)
    {
        if (!double.IsFinite(edge))
        {
            return edge > 0 ? "+\u221e" : "\u2212\u221e";
        }

        if (Math.Abs(edge) >= 1e4 || (edge != 0 && Math.Abs(edge) < 1e-3))
        {
            return edge.ToString("G3", CultureInfo.InvariantCulture);
        }

        // One more decimal than the bin width needs, at most four.
        var decimals = typicalWidth >= 10 ? 0 : Math.Clamp((int)Math.Ceiling(-Math.Log10(typicalWidth)) + 1, 0, 4);
        return edge.ToString("0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture);
    }
}
