using System.Globalization;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Round-numbered axis ticks for values and for UTC times.</summary>
internal static class Ticks
{
    private static readonly long[] s_timeSteps =
    [
        1, 5, 15, 30, 60, 5 * 60, 15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
        86400, 2 * 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400,
    ];

    /// <summary>A step of 1, 2 or 5 times a power of ten giving about <paramref name="target"/> intervals over the range.</summary>
    /// <param name="span">The range's length, positive.</param>
    /// <param name="target">The wished number of intervals.</param>
    /// <returns>The step.</returns>
    public static double NiceStep(double span, int target)
    {
        var rough = span / Math.Max(1, target);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var nice = residual < 1.5 ? 1 : residual < 3.5 ? 2 : residual < 7.5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>Widens [min, max] to the nearest ticks, so the axis starts and ends on a labelled value.</summary>
    /// <param name="min">The smallest value, finite.</param>
    /// <param name="max">The largest value, finite.</param>
    /// <param name="target">The wished number of intervals.</param>
    /// <returns>The widened range and its step.</returns>
    public static (double Min, double Max, double Step) NiceRange(double min, double max, int target)
    {
        if (max - min <= Math.Abs(max) * 1e-12 || max - min == 0)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }

        var step = NiceStep(max - min, target);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    /// <summary>The tick values from <paramref name="min"/> to <paramref name="max"/> (inclusive, within rounding) every <paramref name="step"/>.</summary>
    /// <param name="min">The axis start.</param>
    /// <param name="max">The axis end.</param>
    /// <param name="step">The step, positive.</param>
    /// <returns>The ticks.</returns>
    public static List<double> Values(double min, double max, double step)
    {
        var ticks = new List<double>();
        var first = Math.Ceiling((min - (step * 1e-9)) / step);
        for (var k = first; (k * step) <= max + (step * 1e-9) && ticks.Count < 100; k++)
        {
            var v = k * step;
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }

        return ticks;
    }

    /// <summary>A tick label: as many decimals as the step needs, compact suffixes (k, M, G) for large values, or a percentage.</summary>
    /// <param name="value">The tick value.</param>
    /// <param name="step">The distance between ticks, which decides the decimals.</param>
    /// <param name="percent">Whether values are fractions shown as percentages.</param>
    /// <returns>The label.</returns>
    public static string Format(double value, double step, bool percent)
    {
        if (percent)
        {
            value *= 100;
            step *= 100;
        }

        var suffix = percent ? "%" : string.Empty;
        var abs = Math.Abs(value);
        if (!percent && abs >= 1e4)
        {
            (var scale, suffix) = abs >= 1e9 ? (1e9, "G") : abs >= 1e6 ? (1e6, "M") : (1e3, "k");
            value /= scale;
            step /= scale;
        }

        var decimals = step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>UTC time ticks: a round step (seconds to years) giving at most <paramref name="maxTicks"/> ticks, with a label format fitted to it.</summary>
    /// <param name="min">The first time.</param>
    /// <param name="max">The last time, after <paramref name="min"/>.</param>
    /// <param name="maxTicks">The most ticks wanted.</param>
    /// <returns>The tick times and their labels.</returns>
    public static List<(DateTimeOffset Time, string Label)> Times(DateTimeOffset min, DateTimeOffset max, int maxTicks)
    {
        var from = min.ToUnixTimeSeconds();
        var to = max.ToUnixTimeSeconds();
        var span = Math.Max(1, to - from);
        var step = s_timeSteps[^1];
        foreach (var candidate in s_timeSteps)
        {
            if (span / candidate <= Math.Max(1, maxTicks - 1))
            {
                step = candidate;
                break;
            }
        }

        var format = step < 60 ? "HH:mm:ss"
            : step < 86400 ? (span > 86400 || min.UtcDateTime.Date != max.UtcDateTime.Date ? "MM-dd HH:mm" : "HH:mm")
            : min.UtcDateTime.Year == max.UtcDateTime.Year ? "MM-dd" : "yyyy-MM-dd";
        var ticks = new List<(DateTimeOffset, string)>();
        for (var t = (long)Math.Ceiling(from / (double)step) * step; t <= to && ticks.Count <= maxTicks; t += step)
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(t);
            ticks.Add((time, time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)));
        }

        return ticks;
    }
}
