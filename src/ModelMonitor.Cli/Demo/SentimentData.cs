using System.Globalization;

namespace ModelMonitor.Cli.Demo;

/// <summary>One labelled sentence of the UCI "Sentiment Labelled Sentences" data set.</summary>
/// <param name="Text">The sentence, exactly as in the file.</param>
/// <param name="Label"><see langword="true"/> for a positive sentence (label 1), <see langword="false"/> for a negative one (label 0).</param>
internal sealed record LabelledSentence(string Text, bool Label);

/// <summary>Reads the bundled sentiment files: one <c>sentence\tlabel</c> per line, split at the last tab, no quoting.</summary>
internal static class SentimentData
{
    /// <summary>The Amazon cell-phone reviews: the model's training domain.</summary>
    public const string AmazonFile = "amazon_cells_labelled.txt";

    /// <summary>The Yelp restaurant reviews: the serving domain.</summary>
    public const string YelpFile = "yelp_labelled.txt";

    private const string ResourcePrefix = "ModelMonitor.Cli.Data.";

    /// <summary>Parses one line: the sentence is everything before the last tab (quotes and earlier tabs included), the label after it.</summary>
    /// <param name="line">The line, without its line break (a trailing carriage return is ignored).</param>
    /// <param name="source">The file name, for the error message.</param>
    /// <param name="lineNumber">The one-based line number, for the error message.</param>
    /// <returns>The sentence and its label.</returns>
    /// <exception cref="FormatException">The line has no tab, or its label is neither 0 nor 1.</exception>
    public static LabelledSentence ParseLine(string line, string source, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var span = line.AsSpan();
        if (span.EndsWith("\r", StringComparison.Ordinal))
        {
            span = span[..^1];
        }

        var tab = span.LastIndexOf('\t');
        if (tab < 0)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}:{lineNumber}: no tab; each line must be '<sentence>\\t<label>'."));
        }

        var label = span[(tab + 1)..].Trim();
        return label switch
        {
            "0" => new LabelledSentence(span[..tab].ToString(), false),
            "1" => new LabelledSentence(span[..tab].ToString(), true),
            _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}:{lineNumber}: label '{label}' after the last tab; it must be 0 or 1.")),
        };
    }

    /// <summary>Parses every line of a file.</summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <returns>The sentences in file order.</returns>
    /// <exception cref="FormatException">A line is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<LabelledSentence> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sentences = new List<LabelledSentence>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            sentences.Add(ParseLine(line, source, lineNumber));
        }

        return sentences;
    }

    /// <summary>Reads one of the bundled files.</summary>
    /// <param name="fileName"><see cref="AmazonFile"/> or <see cref="YelpFile"/>.</param>
    /// <returns>The sentences in file order.</returns>
    /// <exception cref="InvalidOperationException">The assembly does not embed the file.</exception>
    public static IReadOnlyList<LabelledSentence> LoadEmbedded(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        using var stream = typeof(SentimentData).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The resource '{ResourcePrefix}{fileName}' is not embedded in {typeof(SentimentData).Assembly.GetName().Name}; it has: {string.Join(", ", ResourceNames())}.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return Parse(reader, fileName);
    }

    private static string[] ResourceNames() => typeof(SentimentData).Assembly.GetManifestResourceNames();
}
