using System.CommandLine;
using System.Text.Json;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class ExplainCommandTests(DemoFixture fixture)
{
    [Fact]
    public void Explain_DemoModel_PutsTheSentimentWordFirst()
    {
        Assert.True(File.Exists(fixture.Result.ModelPath));
        var (code, output, _) = Invoke("explain", "The food was great.", "--model", fixture.Result.ModelPath, "--class", "1", "--samples", "1000", "--stability-runs", "1", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var explanation = json.RootElement.GetProperty("explanations")[0];
        Assert.Equal(1, explanation.GetProperty("class").GetInt32());
        var top = explanation.GetProperty("features")[0];
        Assert.Equal("great", top.GetProperty("word").GetString());
        Assert.True(top.GetProperty("weight").GetDouble() > 0);
        Assert.True(explanation.TryGetProperty("stability", out _));
    }

    [Fact]
    public void Explain_Table_ListsEverySentence()
    {
        var (code, output, _) = Invoke("explain", "Awful.", "Loved it!", "-m", fixture.Result.ModelPath, "--samples", "300", "--stability-runs", "0");
        Assert.Equal(0, code);
        Assert.Contains("\"Awful.\"", output, StringComparison.Ordinal);
        Assert.Contains("\"Loved it!\"", output, StringComparison.Ordinal);
        Assert.Contains("not measured", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingModelOrNoWords_ExitsTwo()
    {
        var (code, _, error) = Invoke("explain", "Great", "--model", "/nowhere/model.zip");
        Assert.Equal(2, code);
        Assert.Contains("/nowhere/model.zip", error, StringComparison.Ordinal);

        (code, _, error) = Invoke("explain", "?!", "--model", fixture.Result.ModelPath, "--samples", "100");
        Assert.Equal(2, code);
        Assert.Contains("no word", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliCommands.CreateRoot(_ => throw new InvalidOperationException("The demo must not run.")).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
