using System.CommandLine;
using ModelMonitor.Cli.Demo;

namespace ModelMonitor.Cli.Tests;

[Collection(DemoTests.Name)]
public sealed class CliCommandsTests(DemoFixture fixture)
{
    [Fact]
    public void Demo_NoOutputOption_WritesToDefaultFolder()
    {
        string? requested = null;
        var (code, output, _) = Invoke(["demo"], path =>
        {
            requested = path;
            return fixture.Result;
        });

        Assert.Equal(0, code);
        Assert.Equal(DemoCommand.DefaultOutput, requested);
        Assert.Equal("modelmon-demo", requested);
        Assert.Contains("Serving vs training holdout", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--output")]
    [InlineData("-o")]
    public void Demo_OutputOption_PassesPathToRunner(string option)
    {
        string? requested = null;
        var (code, _, _) = Invoke(["demo", option, "out/demo"], path =>
        {
            requested = path;
            return fixture.Result;
        });

        Assert.Equal(0, code);
        Assert.Equal("out/demo", requested);
    }

    [Fact]
    public void Demo_UnwritablePath_ReturnsOneWithMessage()
    {
        var (code, output, error) = Invoke(["demo", "--output", "/nowhere/x.json"], _ => throw new UnauthorizedAccessException("Access denied."));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("/nowhere/x.json", error, StringComparison.Ordinal);
        Assert.Contains("Access denied.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_NoCommand_FailsWithoutRunningTheDemo()
    {
        var ran = false;
        var (code, _, _) = Invoke([], _ =>
        {
            ran = true;
            return fixture.Result;
        });

        Assert.NotEqual(0, code);
        Assert.False(ran);
    }

    private static (int Code, string Output, string Error) Invoke(string[] args, Func<string, DemoResult> runDemo)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliCommands.CreateRoot(runDemo).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
