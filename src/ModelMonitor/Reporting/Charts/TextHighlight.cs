using System.Globalization;
using System.Text;
using ModelMonitor.Explanations;

namespace ModelMonitor.Reporting.Charts;

/// <summary>HTML for a text with weighted words highlighted in place (e.g. a LIME explanation over its sentence): <c>mm-w-pos</c> or <c>mm-w-neg</c> with an intensity <c>--w</c> in [0, 1], relative to the largest absolute weight.</summary>
internal static class TextHighlight
{
    /// <summary>Highlights the tokens, concatenated as given.</summary>
    /// <param name="tokens">The pieces of text in order (words, spaces, punctuation) with their weights; zero or non-finite weights stay plain.</param>
    /// <returns>The escaped HTML fragment (inline, no wrapper element).</returns>
    public static string Render(IReadOnlyList<WeightedToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var maxAbs = 0.0;
        foreach (var t in tokens)
        {
            if (double.IsFinite(t.Weight))
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(t.Weight));
            }
        }

        var html = new StringBuilder();
        foreach (var t in tokens)
        {
            if (!double.IsFinite(t.Weight) || t.Weight == 0 || maxAbs == 0)
            {
                html.Append(Markup.Escape(t.Text));
                continue;
            }

            // A floor keeps the weakest highlighted word visible at all.
            var intensity = Math.Max(0.25, Math.Abs(t.Weight) / maxAbs);
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"mm-w mm-w-{(t.Weight > 0 ? "pos" : "neg")}\" style=\"--w:{intensity.ToString("0.##", CultureInfo.InvariantCulture)}\" title=\"{t.Weight.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}\">{Markup.Escape(t.Text)}</span>");
        }

        return html.ToString();
    }

    /// <summary>Highlights every occurrence of the weighted words in a text, splitting it into words as the text explainer does (<see cref="TextTokenizer"/>), so punctuation and spacing stay as written.</summary>
    /// <param name="text">The text.</param>
    /// <param name="weights">The words' weights (exact, case-sensitive words); words not listed stay plain.</param>
    /// <returns>The escaped HTML fragment.</returns>
    public static string Render(string text, IReadOnlyList<FeatureWeight> weights)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(weights);
        var byWord = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in weights)
        {
            byWord.TryAdd(w.Feature, w.Weight);
        }

        var tokens = new List<WeightedToken>();
        var at = 0;
        foreach (var range in TextTokenizer.Words(text))
        {
            var (start, length) = range.GetOffsetAndLength(text.Length);
            if (start > at)
            {
                tokens.Add(new WeightedToken(text[at..start], 0));
            }

            var word = text.Substring(start, length);
            tokens.Add(new WeightedToken(word, byWord.TryGetValue(word, out var weight) ? weight : 0));
            at = start + length;
        }

        if (at < text.Length)
        {
            tokens.Add(new WeightedToken(text[at..], 0));
        }

        return Render(tokens);
    }
}
