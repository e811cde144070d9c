using System.Globalization;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Horizontal bars for signed values (e.g. LIME word weights): positive to the right in <c>mm-pos</c>, negative to the left in <c>mm-neg</c>, each with its value.</summary>
internal static class SignedBarChart
{
    private const double RowHeight = 22;
    private const int MaxLabelChars = 24;
    private const double ValueRoom = 52;

    /// <summary>Renders the chart, one row per bar in the given order.</summary>
    /// <param name="title">The title.</param>
    /// <param name="bars">The labelled values; non-finite values are skipped.</param>
    /// <param name="positiveLabel">A legend label for positive bars (e.g. "towards positive"), or null for no legend.</param>
    /// <param name="negativeLabel">A legend label for negative bars, or null.</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no value is finite.</returns>
    public static string Render(string title, IReadOnlyList<SignedBar> bars, string? positiveLabel = null, string? negativeLabel = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var rows = bars.Where(b => double.IsFinite(b.Value)).ToList();
        if (rows.Count == 0)
        {
            return SvgChart.Placeholder(title);
        }

        var legend = new List<LegendItem>();
        if (!string.IsNullOrEmpty(positiveLabel))
        {
            legend.Add(new LegendItem(positiveLabel, "mm-pos", LegendShape.Box));
        }

        if (!string.IsNullOrEmpty(negativeLabel))
        {
            legend.Add(new LegendItem(negativeLabel, "mm-neg", LegendShape.Box));
        }

        var labels = rows.Select(r => Markup.Shorten(r.Label, MaxLabelChars)).ToList();
        var labelWidth = Math.Max(40, labels.Max(Markup.TextWidth));
        var lo = Math.Min(0, rows.Min(r => r.Value));
        var hi = Math.Max(0, rows.Max(r => r.Value));
        var maxAbs = Math.Max(Math.Abs(lo), Math.Abs(hi));
        if (maxAbs == 0)
        {
            hi = 1;
        }

        var chart = new SvgChart(title, SvgChart.DefaultWidth, rows.Count * RowHeight, legend, labelWidth + 16 + (lo < 0 ? ValueRoom : 0), 8, right: 8 + ValueRoom);
        chart.SetX(lo, hi);
        var body = chart.Body;
        var zero = chart.X(0);
        var format = maxAbs >= 100 ? "+0;\u22120;0" : maxAbs >= 1 ? "+0.00;\u22120.00;0" : "+0.000;\u22120.000;0";
        body.Append("<g class=\"mm-tick\" text-anchor=\"end\">");
        for (var i = 0; i < rows.Count; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(labelWidth + 8)}\" y=\"{Markup.Num(chart.Top + (i * RowHeight) + 15)}\">{Markup.Escape(labels[i])}</text>");
        }

        body.Append("</g>");
        for (var i = 0; i < rows.Count; i++)
        {
            var v = rows[i].Value;
            var end = chart.X(v);
            var y = chart.Top + (i * RowHeight) + 4;
            var positive = v >= 0;
            var text = v.ToString(format, CultureInfo.InvariantCulture);
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{(positive ? "mm-pos" : "mm-neg")}\"><rect class=\"mm-bar\" x=\"{Markup.Num(Math.Min(zero, end))}\" y=\"{Markup.Num(y)}\" width=\"{Markup.Num(Math.Max(1, Math.Abs(end - zero)))}\" height=\"{Markup.Num(RowHeight - 8)}\"><title>{Markup.Escape(rows[i].Label)}: {text}</title></rect>");
            body.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-val\" x=\"{Markup.Num(positive ? end + 5 : end - 5)}\" y=\"{Markup.Num(y + 11)}\" text-anchor=\"{(positive ? "start" : "end")}\">{text}</text></g>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-axis\" d=\"M{Markup.Num(zero)} {Markup.Num(chart.Top - 2)}V{Markup.Num(chart.Bottom + 2)}\"/>");
        return chart.Finish();
    }
}
