using System.Globalization;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Vertical bars per category, one per series side by side (e.g. class shares in training against serving, or a categorical column's reference and current fractions).</summary>
internal static class GroupedBarChart
{
    private const double PlotHeight = 200;
    private const int MaxLabelChars = 18;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="categories">The category labels, in drawing order.</param>
    /// <param name="series">The series (colours mm-s0.. in order), each with one value per category.</param>
    /// <param name="yLabel">The y-axis label, or null.</param>
    /// <param name="percent">Whether values are fractions shown as percentages.</param>
    /// <param name="seriesClasses">Colour classes per series instead of mm-s0.. (e.g. ["mm-ref", "mm-cur"]), or null.</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no value is finite.</returns>
    /// <exception cref="ArgumentException">A series has not one value per category.</exception>
    public static string Render(string title, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, string? yLabel = null, bool percent = false, IReadOnlyList<string>? seriesClasses = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        double lo = 0, hi = 0;
        var any = false;
        foreach (var s in series)
        {
            if (s.Values.Count != categories.Count)
            {
                throw new ArgumentException($"Series '{s.Name}' has {s.Values.Count} values for {categories.Count} categories.", nameof(series));
            }

            foreach (var v in s.Values)
            {
                if (double.IsFinite(v))
                {
                    any = true;
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }
        }

        if (!any || categories.Count == 0)
        {
            return SvgChart.Placeholder(title);
        }

        var (min, max, step) = Ticks.NiceRange(lo, hi, 4);
        var yTicks = Ticks.Values(min, max, step);
        var classes = Enumerable.Range(0, series.Count).Select(i => seriesClasses is not null && i < seriesClasses.Count ? seriesClasses[i] : TimeLineChart.SeriesClass(i)).ToArray();
        var legend = series.Select((s, i) => new LegendItem(s.Name, classes[i], LegendShape.Box)).ToList();
        var left = SvgChart.LeftMargin(yTicks.Select(t => Ticks.Format(t, step, percent)), !string.IsNullOrEmpty(yLabel));
        var labels = categories.Select(c => Markup.Shorten(c, MaxLabelChars)).ToList();
        var slot = (SvgChart.DefaultWidth - left - 18) / categories.Count;
        var rotate = labels.Max(l => Markup.TextWidth(l)) > slot - 6;
        var bottom = rotate ? 24 + (labels.Max(l => Markup.TextWidth(l)) * 0.58) : 30;
        var chart = new SvgChart(title, SvgChart.DefaultWidth, PlotHeight, legend, left, bottom);
        chart.SetY(min, max);
        chart.YAxis(yTicks, step, percent, yLabel);
        chart.XAxis(labels.Select((l, i) => (chart.Left + ((i + 0.5) * slot), l)).ToList(), null, rotate);

        var body = chart.Body;
        var groupWidth = slot * 0.8;
        var barWidth = groupWidth / Math.Max(1, series.Count);
        var showValues = barWidth >= 30;
        var zero = chart.Y(0);
        for (var s = 0; s < series.Count; s++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{classes[s]}\">");
            for (var c = 0; c < categories.Count; c++)
            {
                var v = series[s].Values[c];
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var x = chart.Left + (c * slot) + ((slot - groupWidth) / 2) + (s * barWidth);
                var y = chart.Y(v);
                var text = FormatValue(v, percent);
                body.Append(CultureInfo.InvariantCulture, $"<rect class=\"mm-bar\" x=\"{Markup.Num(x + 0.5)}\" y=\"{Markup.Num(Math.Min(y, zero))}\" width=\"{Markup.Num(barWidth - 1)}\" height=\"{Markup.Num(Math.Abs(zero - y))}\"><title>{Markup.Escape(series[s].Name)} · {Markup.Escape(categories[c])}: {text}</title></rect>");
                if (showValues)
                {
                    body.Append(CultureInfo.InvariantCulture, $"<text class=\"mm-val\" x=\"{Markup.Num(x + (barWidth / 2))}\" y=\"{Markup.Num(v >= 0 ? y - 4 : y + 12)}\" text-anchor=\"middle\">{text}</text>");
                }
            }

            body.Append("</g>");
        }

        return chart.Finish();
    }

    /// <summary>A bar's value: a percentage with one decimal, or three significant digits.</summary>
    /// <param name="value">The value.</param>
    /// <param name="percent">Whether it is a fraction shown as a percentage.</param>
    /// <returns>The label.</returns>
    internal static string FormatValue(double value, bool percent) =>
        percent ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : value.ToString("G3", CultureInfo.InvariantCulture);
}
