using System.Globalization;
using System.Text;
using ModelMonitor.Explanations;

namespace ModelMonitor.Robustness;

/// <summary>Perturbation suites for text: the small changes real users make that a robust model ignores.</summary>
/// <remarks>Words are <see cref="TextTokenizer"/>'s; separators are kept unless the suite is about them.</remarks>
public static class TextPerturbations
{
    /// <summary>Typos: each word of two or more characters, with probability <paramref name="rate"/>, gets two adjacent characters swapped or one character dropped.</summary>
    /// <param name="rate">The share of words touched, in (0, 1].</param>
    /// <returns>The suite.</returns>
    public static Perturbation<string> Typos(double rate = 0.1)
    {
        CheckRate(rate);
        return new($"typos({Invariant(rate)})", (text, random) => MapWords(text, (word, sb) =>
        {
            if (word.Length < 2 || random.NextDouble() >= rate)
            {
                sb.Append(word);
                return;
            }

            var i = random.Next(word.Length - 1);
            if (random.Next(2) == 0)
            {
                sb.Append(word, 0, i).Append(word[i + 1]).Append(word[i]).Append(word, i + 2, word.Length - i - 2);
            }
            else
            {
                sb.Append(word, 0, i).Append(word, i + 1, word.Length - i - 1);
            }
        }));
    }

    /// <summary>Casing: the whole text in lower case, upper case or with each word capitalised, one of the three at random.</summary>
    /// <returns>The suite.</returns>
    public static Perturbation<string> Casing() => new("casing", (text, random) => random.Next(3) switch
    {
        0 => text.ToLowerInvariant(),
        1 => text.ToUpperInvariant(),
        _ => MapWords(text, (word, sb) => sb.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1).ToString().ToLowerInvariant())),
    });

    /// <summary>Punctuation: every punctuation mark removed, or one sentence-final mark added ("!", ".", "?"), at random.</summary>
    /// <returns>The suite.</returns>
    public static Perturbation<string> Punctuation() => new("punctuation", (text, random) =>
    {
        if (random.Next(2) == 0)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsPunctuation(c))
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        return text.TrimEnd() + "!.?"[random.Next(3)];
    });

    /// <summary>Whitespace: every run of white space doubled or replaced by a tab, plus leading and trailing spaces.</summary>
    /// <returns>The suite.</returns>
    public static Perturbation<string> Whitespace() => new("whitespace", (text, random) =>
    {
        var sb = new StringBuilder(text.Length + 8).Append(' ');
        foreach (var c in text)
        {
            sb.Append(char.IsWhiteSpace(c) ? (random.Next(2) == 0 ? "  " : "\t") : c.ToString());
        }

        return sb.Append(' ').ToString();
    });

    /// <summary>Word dropout: each word removed with probability <paramref name="rate"/> (one word always stays).</summary>
    /// <param name="rate">The share of words removed, in (0, 1].</param>
    /// <returns>The suite.</returns>
    public static Perturbation<string> WordDropout(double rate = 0.1)
    {
        CheckRate(rate);
        return new($"word-dropout({Invariant(rate)})", (text, random) =>
        {
            var words = TextTokenizer.Words(text);
            if (words.Count <= 1)
            {
                return text;
            }

            var keep = random.Next(words.Count);
            var sb = new StringBuilder(text.Length);
            var position = 0;
            for (var w = 0; w < words.Count; w++)
            {
                var (start, length) = words[w].GetOffsetAndLength(text.Length);
                sb.Append(text, position, start - position);
                if (w == keep || random.NextDouble() >= rate)
                {
                    sb.Append(text, start, length);
                }

                position = start + length;
            }

            return sb.Append(text, position, text.Length - position).ToString();
        });
    }

    /// <summary>Replacements: every word found in <paramref name="replacements"/> (compared ignoring case) is replaced, for synonyms or spelling variants.</summary>
    /// <param name="replacements">Word to replacement; the replacement is used as written.</param>
    /// <param name="name">The suite's name.</param>
    /// <returns>The suite.</returns>
    public static Perturbation<string> Replacements(IReadOnlyDictionary<string, string> replacements, string name = "replacements")
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var map = new Dictionary<string, string>(replacements, StringComparer.OrdinalIgnoreCase);
        return new(name, (text, _) => MapWords(text, (word, sb) => sb.Append(map.TryGetValue(word, out var r) ? r : word)));
    }

    /// <summary>Every text suite with its default parameters (replacements excluded: they need the user's word list).</summary>
    /// <returns>The suites.</returns>
    public static IReadOnlyList<Perturbation<string>> All() => [Typos(), Casing(), Punctuation(), Whitespace(), WordDropout()];

    private static string MapWords(string text, Action<string, StringBuilder> map)
    {
        var words = TextTokenizer.Words(text);
        var sb = new StringBuilder(text.Length + 4);
        var position = 0;
        foreach (var range in words)
        {
            var (start, length) = range.GetOffsetAndLength(text.Length);
            sb.Append(text, position, start - position);
            map(text.Substring(start, length), sb);
            position = start + length;
        }

        return sb.Append(text, position, text.Length - position).ToString();
    }

    private static void CheckRate(double rate)
    {
        if (!(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be in (0, 1].");
        }
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
