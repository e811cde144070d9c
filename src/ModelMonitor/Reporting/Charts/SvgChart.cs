using System.Globalization;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>How a legend entry draws its swatch.</summary>
internal enum LegendShape
{
    /// <summary>A filled square: bars, areas, histogram layers.</summary>
    Box,

    /// <summary>A short line: time series and curves.</summary>
    Line,

    /// <summary>A round dot: serving points in a scatter.</summary>
    Dot,

    /// <summary>A faint square: reference points in a scatter.</summary>
    Square,
}

/// <summary>One legend entry.</summary>
/// <param name="Name">The label (escaped when written).</param>
/// <param name="ColorClass">The colour class, e.g. <c>mm-s0</c> or <c>mm-ref</c>.</param>
/// <param name="Shape">The swatch.</param>
internal readonly record struct LegendItem(string Name, string ColorClass, LegendShape Shape);

/// <summary>
/// The frame every chart shares: the <c>&lt;svg&gt;</c> element, its accessible title, a visible title,
/// an optional note, a wrapping legend, and a plot area with linear scales, grid and ticks.
/// </summary>
/// <remarks>Charts set the layout first (the height depends on how many legend rows wrap), then draw inside <see cref="Left"/>..<see cref="Right"/> × <see cref="Top"/>..<see cref="Bottom"/>.</remarks>
internal sealed class SvgChart
{
    /// <summary>The natural width of most charts in pixels; they scale down with their container.</summary>
    public const double DefaultWidth = 720;

    private const double TitleBaseline = 17;
    private const double RowHeight = 18;
    private const double LegendGap = 14;

    private readonly StringBuilder _sb = new(4096);
    private double _xMin;
    private double _xMax = 1;
    private double _yMin;
    private double _yMax = 1;

    /// <summary>Lays out and opens a chart.</summary>
    /// <param name="title">The title (visible, and the accessible name).</param>
    /// <param name="width">The natural width in pixels.</param>
    /// <param name="plotHeight">The height of the plot area in pixels.</param>
    /// <param name="legend">The legend entries, possibly none.</param>
    /// <param name="left">The left margin (room for y tick labels).</param>
    /// <param name="bottom">The bottom margin (room for x tick labels and the x label).</param>
    /// <param name="note">An optional line under the title, e.g. how points were sampled.</param>
    /// <param name="right">The right margin.</param>
    public SvgChart(string title, double width, double plotHeight, IReadOnlyList<LegendItem> legend, double left, double bottom, string? note = null, double right = 18)
    {
        Width = width;
        Left = left;
        Right = width - right;
        var y = TitleBaseline;
        var noteBaseline = 0.0;
        if (!string.IsNullOrEmpty(note))
        {
            y += RowHeight;
            noteBaseline = y;
        }

        var positions = LayoutLegend(legend, 8, width - 8, y + RowHeight, out var legendBottom);
        Top = (legend.Count > 0 ? legendBottom : y) + 16;
        Bottom = Top + plotHeight;
        Height = Bottom + bottom;

        _sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm-chart\" viewBox=\"0 0 {Markup.Num(width)} {Markup.Num(Height)}\" width=\"100%\" style=\"max-width:{Markup.Num(width)}px\" role=\"img\" aria-label=\"{Markup.Escape(title)}\">");
        _sb.Append(CultureInfo.InvariantCulture, $"<title>{Markup.Escape(title)}</title><text class=\"mm-title\" x=\"8\" y=\"{Markup.Num(TitleBaseline)}\">{Markup.Escape(title)}</text>");
        if (noteBaseline > 0)
        {
            _sb.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-note\" x=\"8\" y=\"{Markup.Num(noteBaseline)}\">{Markup.Escape(note)}</text>");
        }

        WriteLegend(legend, positions);
    }

    /// <summary>Gets the natural width.</summary>
    public double Width { get; }

    /// <summary>Gets the total height.</summary>
    public double Height { get; }

    /// <summary>Gets the plot area's left edge.</summary>
    public double Left { get; }

    /// <summary>Gets the plot area's right edge.</summary>
    public double Right { get; }

    /// <summary>Gets the plot area's top edge.</summary>
    public double Top { get; }

    /// <summary>Gets the plot area's bottom edge.</summary>
    public double Bottom { get; }

    /// <summary>Gets the markup written so far, for chart-specific elements.</summary>
    public StringBuilder Body => _sb;

    /// <summary>A chart with nothing to draw: the title and a framed "no data" message, still a valid SVG.</summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="message">Why there is nothing to draw.</param>
    /// <param name="width">The natural width.</param>
    /// <returns>The SVG.</returns>
    public static string Placeholder(string title, string message = "no data", double width = DefaultWidth)
    {
        var chart = new SvgChart(title, width, 60, [], 8, 12, right: 8);
        chart._sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"mm-empty-box\" x=\"{Markup.Num(chart.Left)}\" y=\"{Markup.Num(chart.Top)}\" width=\"{Markup.Num(chart.Right - chart.Left)}\" height=\"60\" rx=\"4\"/>");
        chart._sb.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-empty\" x=\"{Markup.Num(width / 2)}\" y=\"{Markup.Num(chart.Top + 34)}\" text-anchor=\"middle\">{Markup.Escape(message)}</text>");
        return chart.Finish();
    }

    /// <summary>The left margin that fits the widest tick label, plus room for a rotated axis label.</summary>
    /// <param name="tickLabels">The y tick labels.</param>
    /// <param name="hasAxisLabel">Whether a y-axis label is drawn.</param>
    /// <returns>The margin in pixels.</returns>
    public static double LeftMargin(IEnumerable<string> tickLabels, bool hasAxisLabel)
    {
        var widest = 0.0;
        foreach (var label in tickLabels)
        {
            widest = Math.Max(widest, Markup.TextWidth(label));
        }

        return Math.Max(36, widest + 14) + (hasAxisLabel ? 18 : 0);
    }

    /// <summary>Sets the x scale: <paramref name="min"/> maps to <see cref="Left"/>, <paramref name="max"/> to <see cref="Right"/>.</summary>
    /// <param name="min">The value at the left edge.</param>
    /// <param name="max">The value at the right edge.</param>
    public void SetX(double min, double max) => (_xMin, _xMax) = (min, max > min ? max : min + 1);

    /// <summary>Sets the y scale: <paramref name="min"/> maps to <see cref="Bottom"/>, <paramref name="max"/> to <see cref="Top"/>.</summary>
    /// <param name="min">The value at the bottom edge.</param>
    /// <param name="max">The value at the top edge.</param>
    public void SetY(double min, double max) => (_yMin, _yMax) = (min, max > min ? max : min + 1);

    /// <summary>The horizontal pixel of an x value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The pixel.</returns>
    public double X(double value) => Left + ((value - _xMin) / (_xMax - _xMin) * (Right - Left));

    /// <summary>The vertical pixel of a y value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The pixel.</returns>
    public double Y(double value) => Bottom - ((value - _yMin) / (_yMax - _yMin) * (Bottom - Top));

    /// <summary>Horizontal grid lines and labels at the y ticks, and the y-axis label.</summary>
    /// <param name="ticks">The tick values.</param>
    /// <param name="step">The tick step (decides decimals).</param>
    /// <param name="percent">Whether values are fractions shown as percentages.</param>
    /// <param name="label">The axis label, or null.</param>
    public void YAxis(IReadOnlyList<double> ticks, double step, bool percent, string? label)
    {
        var grid = new StringBuilder();
        foreach (var t in ticks)
        {
            grid.Append(CultureInfo.InvariantCulture, $"M{Markup.Num(Left)} {Markup.Num(Y(t))}H{Markup.Num(Right)}");
        }

        _sb.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-grid\" d=\"{grid}\"/><g class=\"mm-tick\" text-anchor=\"end\">");
        foreach (var t in ticks)
        {
            _sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(Left - 6)}\" y=\"{Markup.Num(Y(t) + 4)}\">{Ticks.Format(t, step, percent)}</text>");
        }

        _sb.Append("</g>");
        if (!string.IsNullOrEmpty(label))
        {
            var cy = (Top + Bottom) / 2;
            _sb.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-label\" x=\"12\" y=\"{Markup.Num(cy)}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {Markup.Num(cy)})\">{Markup.Escape(label)}</text>");
        }
    }

    /// <summary>Vertical grid lines at x ticks, without labels (for scatter and curve plots).</summary>
    /// <param name="ticks">The tick values.</param>
    public void XGrid(IReadOnlyList<double> ticks)
    {
        var grid = new StringBuilder();
        foreach (var t in ticks)
        {
            grid.Append(CultureInfo.InvariantCulture, $"M{Markup.Num(X(t))} {Markup.Num(Top)}V{Markup.Num(Bottom)}");
        }

        _sb.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-grid\" d=\"{grid}\"/>");
    }

    /// <summary>The x axis line at the bottom with tick marks and labels at given pixels, and the x-axis label.</summary>
    /// <param name="ticks">Tick pixels and their (unescaped) labels.</param>
    /// <param name="label">The axis label, or null.</param>
    /// <param name="rotate">Whether to rotate tick labels (long category names).</param>
    public void XAxis(IReadOnlyList<(double Pixel, string Label)> ticks, string? label, bool rotate = false)
    {
        var marks = new StringBuilder();
        marks.Append(CultureInfo.InvariantCulture, $"M{Markup.Num(Left)} {Markup.Num(Bottom)}H{Markup.Num(Right)}");
        foreach (var (px, _) in ticks)
        {
            marks.Append(CultureInfo.InvariantCulture, $"M{Markup.Num(px)} {Markup.Num(Bottom)}v4");
        }

        _sb.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-axis\" d=\"{marks}\"/><g class=\"mm-tick\" text-anchor=\"{(rotate ? "end" : "middle")}\">");
        foreach (var (px, text) in ticks)
        {
            var y = Bottom + 17;
            if (rotate)
            {
                _sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(px + 4)}\" y=\"{Markup.Num(y - 4)}\" transform=\"rotate(-35 {Markup.Num(px + 4)} {Markup.Num(y - 4)})\">{Markup.Escape(text)}</text>");
            }
            else
            {
                _sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(px)}\" y=\"{Markup.Num(y)}\">{Markup.Escape(text)}</text>");
            }
        }

        _sb.Append("</g>");
        if (!string.IsNullOrEmpty(label))
        {
            _sb.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-label\" x=\"{Markup.Num((Left + Right) / 2)}\" y=\"{Markup.Num(Height - 6)}\" text-anchor=\"middle\">{Markup.Escape(label)}</text>");
        }
    }

    /// <summary>Closes the SVG element.</summary>
    /// <returns>The complete SVG fragment.</returns>
    public string Finish() => _sb.Append("</svg>").ToString();

    private static List<(double X, double Y)> LayoutLegend(IReadOnlyList<LegendItem> legend, double left, double right, double firstBaseline, out double lastBaseline)
    {
        var positions = new List<(double, double)>(legend.Count);
        var x = left;
        var y = firstBaseline;
        foreach (var item in legend)
        {
            var width = 18 + Markup.TextWidth(item.Name) + LegendGap;
            if (x > left && x + width - LegendGap > right)
            {
                x = left;
                y += RowHeight;
            }

            positions.Add((x, y));
            x += width;
        }

        lastBaseline = y;
        return positions;
    }

    private void WriteLegend(IReadOnlyList<LegendItem> legend, List<(double X, double Y)> positions)
    {
        if (legend.Count == 0)
        {
            return;
        }

        _sb.Append("<g class=\"mm-legend\">");
        for (var i = 0; i < legend.Count; i++)
        {
            var (x, y) = positions[i];
            var item = legend[i];
            var mid = y - 4;
            var swatch = item.Shape switch
            {
                LegendShape.Line => $"<path class=\"mm-line\" d=\"M{Markup.Num(x)} {Markup.Num(mid)}h14\"/>",
                LegendShape.Dot => $"<path class=\"mm-dot\" d=\"M{Markup.Num(x + 7)} {Markup.Num(mid)}h0\"/>",
                LegendShape.Square => $"<path class=\"mm-sq\" d=\"M{Markup.Num(x + 7)} {Markup.Num(mid)}h0\"/>",
                _ => $"<rect class=\"mm-sw\" x=\"{Markup.Num(x + 1)}\" y=\"{Markup.Num(mid - 6)}\" width=\"12\" height=\"12\" rx=\"2\"/>",
            };
            _sb.Append(CultureInfo.InvariantCulture, $"<g class=\"{item.ColorClass}\">{swatch}<text x=\"{Markup.Num(x + 18)}\" y=\"{Markup.Num(y)}\">{Markup.Escape(item.Name)}</text></g>");
        }

        _sb.Append("</g>");
    }
}
