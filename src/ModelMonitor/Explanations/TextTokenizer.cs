using System.Globalization;

namespace ModelMonitor.Explanations;

/// <summary>Splits text into the words an explanation talks about.</summary>
/// <remarks>
/// A word is a maximal run of letters, digits, combining marks and underscores, with apostrophes
/// allowed between two such characters ("don't" is one word, not "don" and "t"). Everything else
/// (spaces, punctuation, symbols) separates words and is kept when a text is rebuilt without some
/// words. Words are compared exactly (case-sensitive), so "Great" and "great" are two features, as
/// the model may see them.
/// </remarks>
public static class TextTokenizer
{
    /// <summary>The words of <paramref name="text"/> as (start, length) ranges, in order.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The ranges.</returns>
    public static IReadOnlyList<Range> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<Range>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (IsWordChar(text[i]) || (IsApostrophe(text[i]) && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start)))
            {
                i++;
            }

            words.Add(start..i);
        }

        return words;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsWordChar(char c) => c == '_' || char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };
}
