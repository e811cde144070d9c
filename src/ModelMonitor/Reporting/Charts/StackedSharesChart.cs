using System.Globalization;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>How the shares of classes (e.g. predicted classes) move over time: one stack per time, class 0 at the bottom.</summary>
internal static class StackedSharesChart
{
    private const double PlotHeight = 200;

    /// <summary>Up to this many times the stacks are bars; beyond, areas, which stay readable and small.</summary>
    internal const int MaxBars = 48;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The title.</param>
    /// <param name="times">The time of each stack (e.g. window starts), ascending.</param>
    /// <param name="classNames">The class names, in stacking order (colours mm-s0.. in order).</param>
    /// <param name="shares">Per time, the share (or count) of each class; each row is normalised to sum to 1. Rows with a non-finite or negative entry, or summing to zero, are skipped.</param>
    /// <returns>The SVG fragment; a "no data" placeholder when no row is usable.</returns>
    /// <exception cref="ArgumentException">The lists do not line up.</exception>
    public static string Render(string title, IReadOnlyList<DateTimeOffset> times, IReadOnlyList<string> classNames, IReadOnlyList<IReadOnlyList<double>> shares)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(shares);
        if (times.Count != shares.Count)
        {
            throw new ArgumentException($"There are {times.Count} times but {shares.Count} share rows.", nameof(shares));
        }

        var rows = new List<(long Ticks, double[] Shares)>();
        for (var t = 0; t < times.Count; t++)
        {
            var row = shares[t];
            if (row.Count != classNames.Count)
            {
                throw new ArgumentException($"Share row {t} has {row.Count} values for {classNames.Count} classes.", nameof(shares));
            }

            var sum = 0.0;
            var valid = true;
            foreach (var v in row)
            {
                valid &= double.IsFinite(v) && v >= 0;
                sum += v;
            }

            if (valid && sum > 0 && double.IsFinite(sum))
            {
                rows.Add((times[t].UtcTicks, row.Select(v => v / sum).ToArray()));
            }
        }

        if (rows.Count == 0 || classNames.Count == 0)
        {
            return SvgChart.Placeholder(title);
        }

        rows.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
        var legend = classNames.Select((name, i) => new LegendItem(name, TimeLineChart.SeriesClass(i), LegendShape.Box)).ToList();
        var yTicks = Ticks.Values(0, 1, 0.25);
        var chart = new SvgChart(title, SvgChart.DefaultWidth, PlotHeight, legend, SvgChart.LeftMargin(["100%"], true), 42);
        chart.SetY(0, 1);

        var bars = rows.Count <= MaxBars;
        long tMin = rows[0].Ticks, tMax = rows[^1].Ticks;
        var minGap = long.MaxValue;
        for (var i = 1; i < rows.Count; i++)
        {
            minGap = Math.Min(minGap, Math.Max(1, rows[i].Ticks - rows[i - 1].Ticks));
        }

        if (bars)
        {
            // Half a gap of room on each side, so the first and last bars are whole.
            var pad = minGap == long.MaxValue ? TimeSpan.TicksPerHour : minGap / 2;
            tMin -= pad;
            tMax += pad;
        }
        else if (tMin == tMax)
        {
            tMax = tMin + 1;
        }

        chart.SetX(tMin, tMax);
        chart.YAxis(yTicks, 0.25, true, "share");
        var timeTicks = Ticks.Times(new DateTimeOffset(tMin, TimeSpan.Zero), new DateTimeOffset(tMax, TimeSpan.Zero), (int)((chart.Right - chart.Left) / 95));
        chart.XAxis(timeTicks.Select(t => (chart.X(t.Time.UtcTicks), t.Label)).ToList(), "time (UTC)");

        var body = chart.Body;
        var barWidth = rows.Count == 1 ? 48 : Math.Clamp((chart.X(tMin + minGap) - chart.X(tMin)) * 0.8, 1, 60);
        var lower = new double[rows.Count];
        for (var c = 0; c < classNames.Count; c++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<g class=\"{TimeLineChart.SeriesClass(c)}\">");
            if (bars)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var share = rows[i].Shares[c];
                    var top = lower[i] + share;
                    if (share > 0)
                    {
                        var yTop = chart.Y(top);
                        body.Append(CultureInfo.InvariantCulture, $"<rect class=\"mm-bar\" x=\"{Markup.Num(chart.X(rows[i].Ticks) - (barWidth / 2))}\" y=\"{Markup.Num(yTop)}\" width=\"{Markup.Num(barWidth)}\" height=\"{Markup.Num(chart.Y(lower[i]) - yTop)}\"><title>{Markup.Escape(classNames[c])}: {(share * 100).ToString("0.#", CultureInfo.InvariantCulture)}%</title></rect>");
                    }

                    lower[i] = top;
                }
            }
            else
            {
                var path = new StringBuilder();
                for (var i = 0; i < rows.Count; i++)
                {
                    path.Append(i == 0 ? 'M' : 'L').Append(Markup.Num(chart.X(rows[i].Ticks))).Append(' ').Append(Markup.Num(chart.Y(lower[i] + rows[i].Shares[c])));
                }

                for (var i = rows.Count - 1; i >= 0; i--)
                {
                    path.Append('L').Append(Markup.Num(chart.X(rows[i].Ticks))).Append(' ').Append(Markup.Num(chart.Y(lower[i])));
                    lower[i] += rows[i].Shares[c];
                }

                body.Append(CultureInfo.InvariantCulture, $"<path class=\"mm-area\" d=\"{path}Z\"/>");
            }

            body.Append("</g>");
        }

        return chart.Finish();
    }
}
