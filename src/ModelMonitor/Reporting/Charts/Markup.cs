using System.Globalization;
using System.Net;
using System.Text;

namespace ModelMonitor.Reporting.Charts;

/// <summary>Escaping and number formatting shared by every chart, so user text can never break out of the markup.</summary>
internal static class Markup
{
    /// <summary>Escapes text for HTML and XML content and attribute values (quotes included).</summary>
    /// <remarks>Control characters are dropped: XML 1.0 forbids them even as character references, and one in a column name would make the whole SVG unparsable.</remarks>
    /// <param name="text">The text, possibly null.</param>
    /// <returns>The escaped text; empty for null.</returns>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0)
        {
            var kept = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c >= ' ' || c is '\t' or '\n' or '\r')
                {
                    kept.Append(c);
                }
            }

            text = kept.ToString();
        }

        return WebUtility.HtmlEncode(text);
    }

    /// <summary>A coordinate with one decimal, culture-invariant: a tenth of a pixel is below what a screen shows, and shorter numbers keep reports small.</summary>
    /// <param name="value">The coordinate.</param>
    /// <returns>The formatted coordinate.</returns>
    public static string Num(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded == 0 ? 0 : rounded).ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>A count with thousands separators, culture-invariant ("11,234").</summary>
    /// <param name="value">The count.</param>
    /// <returns>The formatted count.</returns>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Shortens a label to at most <paramref name="maxChars"/> characters, ending with an ellipsis when cut.</summary>
    /// <param name="text">The label.</param>
    /// <param name="maxChars">The largest length kept.</param>
    /// <returns>The label, cut if needed (not escaped).</returns>
    public static string Shorten(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, Math.Max(1, maxChars - 1)), "\u2026");

    /// <summary>Approximate rendered width of a label at the charts' 12px font, for layout (no font metrics at render time).</summary>
    /// <param name="text">The label.</param>
    /// <returns>The width in pixels, erring wide.</returns>
    public static double TextWidth(string text) => text.Length * 6.8;
}
