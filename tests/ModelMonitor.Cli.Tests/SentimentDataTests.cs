using ModelMonitor.Cli.Demo;

namespace ModelMonitor.Cli.Tests;

public sealed class SentimentDataTests
{
    [Fact]
    public void ParseLine_TabInSentence_SplitsAtLastTab()
    {
        var sentence = SentimentData.ParseLine("first part\tsecond part\t1", "test.txt", 1);

        Assert.Equal("first part\tsecond part", sentence.Text);
        Assert.True(sentence.Label);
    }

    [Fact]
    public void ParseLine_Quotes_AreKeptAsText()
    {
        var sentence = SentimentData.ParseLine("The \"real\" deal, \"honestly.\t0", "test.txt", 1);

        Assert.Equal("The \"real\" deal, \"honestly.", sentence.Text);
        Assert.False(sentence.Label);
    }

    [Fact]
    public void ParseLine_CarriageReturn_IsIgnored()
    {
        var sentence = SentimentData.ParseLine("Fine.\t1\r", "test.txt", 1);

        Assert.Equal("Fine.", sentence.Text);
        Assert.True(sentence.Label);
    }

    [Fact]
    public void ParseLine_NoTab_ThrowsNamingFileAndLine()
    {
        var exception = Assert.Throws<FormatException>(() => SentimentData.ParseLine("no label here", "reviews.txt", 42));

        Assert.Contains("reviews.txt:42", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Good.\t2")]
    [InlineData("Good.\t")]
    [InlineData("Good.\tyes")]
    [InlineData("Good.\t1 0")]
    public void ParseLine_LabelNotZeroOrOne_ThrowsNamingLine(string line)
    {
        var exception = Assert.Throws<FormatException>(() => SentimentData.ParseLine(line, "reviews.txt", 7));

        Assert.Contains("reviews.txt:7", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Lines_CountsLineNumbersFromOne()
    {
        using var reader = new StringReader("a\t1\nb\t0\nbroken\n");

        var exception = Assert.Throws<FormatException>(() => SentimentData.Parse(reader, "three.txt"));

        Assert.Contains("three.txt:3", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SentimentData.AmazonFile)]
    [InlineData(SentimentData.YelpFile)]
    public void LoadEmbedded_BundledFile_Has1000LinesWith500PerLabel(string fileName)
    {
        var sentences = SentimentData.LoadEmbedded(fileName);

        Assert.Equal(1000, sentences.Count);
        Assert.Equal(500, sentences.Count(s => s.Label));
        Assert.Equal(500, sentences.Count(s => !s.Label));
        Assert.All(sentences, s => Assert.False(string.IsNullOrWhiteSpace(s.Text)));
        Assert.All(sentences, s => Assert.DoesNotContain('\t', s.Text));
    }

    [Theory]
    [InlineData(SentimentData.AmazonFile, 0, "So there is no way for me to plug it in here in the US unless I go by a converter.", false)]
    [InlineData(SentimentData.AmazonFile, 1, "Good case, Excellent value.", true)]
    [InlineData(SentimentData.YelpFile, 0, "Wow... Loved this place.", true)]
    public void LoadEmbedded_BundledFile_KeepsFileOrder(string fileName, int index, string text, bool label)
    {
        var sentence = SentimentData.LoadEmbedded(fileName)[index];

        Assert.Equal(new LabelledSentence(text, label), sentence);
    }

    [Theory]
    [InlineData(SentimentData.AmazonFile, 11)]
    [InlineData(SentimentData.YelpFile, 12)]
    public void LoadEmbedded_BundledFile_KeepsQuotes(string fileName, int linesWithQuotes)
    {
        var sentences = SentimentData.LoadEmbedded(fileName);

        Assert.Equal(linesWithQuotes, sentences.Count(s => s.Text.Contains('"', StringComparison.Ordinal)));
    }

    [Fact]
    public void LoadEmbedded_UnknownFile_ThrowsNamingResource()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => SentimentData.LoadEmbedded("missing.txt"));

        Assert.Contains("ModelMonitor.Cli.Data.missing.txt", exception.Message, StringComparison.Ordinal);
    }
}
