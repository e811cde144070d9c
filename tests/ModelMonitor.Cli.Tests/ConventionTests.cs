namespace ModelMonitor.Cli.Tests;

/// <summary>What every command shares: exit code 2 for usage errors, examples in help, whole files or none, progress that keeps logs clean.</summary>
public sealed class ConventionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelmon-conventions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in CliCommands.CreateRoot().Subcommands)
        {
            data.Add(command.Name);
        }

        return data;
    }

    /// <summary>A complete command line for each command, so the unknown option is the only thing wrong.</summary>
    public static TheoryData<string> CompleteCommandLines() =>
    [
        "demo",
        "threshold holdout.csv -l label",
        "tag predictions.csv -i id",
        "explain Great -m model.zip",
        "profile data.csv",
        "validate data.csv -s schema.json",
        "project vectors.csv",
        "drift -r a.csv -c b.csv",
        "report -s snapshot.json -o report.html",
    ];

    [Fact]
    public void CompleteCommandLines_CoverEveryCommand() =>
        Assert.Equal(
            CliCommands.CreateRoot().Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal),
            CompleteCommandLines().Cast<object[]>().Select(row => ((string)row[0]).Split(' ')[0]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CompleteCommandLines))]
    public void UnknownOption_ExitsTwoWithTheErrorOnStandardError(string commandLine)
    {
        var command = commandLine.Split(' ')[0];
        var (code, output, error) = CliRunner.Invoke([.. commandLine.Split(' '), "--no-such-option"]);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Empty(output);
        Assert.StartsWith($"modelmon {command}: Unrecognized command or argument '--no-such-option'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drift --reference a.csv", "--current")]
    [InlineData("threshold holdout.csv --score-column p", "--label-column")]
    [InlineData("tag predictions.csv -s p", "--id-column")]
    [InlineData("explain Great", "--model")]
    public void MissingRequiredOption_ExitsTwoNamingIt(string args, string option)
    {
        var (code, _, error) = CliRunner.Invoke(args.Split(' '));

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains($"Option '{option}' is required.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueOutsideItsChoices_OrNoCommand_ExitsTwo()
    {
        Assert.Equal(ExitCodes.UsageOrInput, CliRunner.Invoke("drift", "-r", "a.csv", "-c", "b.csv", "--format", "xml").Code);
        Assert.Equal(ExitCodes.UsageOrInput, CliRunner.Invoke("drift", "-r", "a.csv", "-c", "b.csv", "--fail-on", "anything").Code);
        Assert.Equal(ExitCodes.UsageOrInput, CliRunner.Invoke("no-such-command").Code);
        Assert.Equal(ExitCodes.UsageOrInput, CliRunner.Invoke().Code);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_ShowsExamples(string command)
    {
        var (code, output, _) = CliRunner.Invoke(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains($"modelmon {command} ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RootHelp_ListsEveryCommandAndTheExitCodes()
    {
        var (code, output, _) = CliRunner.Invoke("--help");

        Assert.Equal(0, code);
        Assert.Contains("Exit codes: 0 success; 1 findings", output, StringComparison.Ordinal);
        Assert.All(CliCommands.CreateRoot().Subcommands, c => Assert.Contains($"  {c.Name} ", output, StringComparison.Ordinal));
    }

    [Fact]
    public void AtomicFile_FailureMidWrite_LeavesTheOldFileAndNoTemporaryFile()
    {
        var path = Path.Combine(_dir, "out.json");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{\"half\": "u8);
            throw new IOException("disk full");
        }));
        Assert.Throws<IOException>(() => AtomicFile.Write(Path.Combine(_dir, "new.json"), stream =>
        {
            stream.Write("{\"half\": "u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Output_InAMissingFolder_ExitsOneAfterPrintingTheResult()
    {
        var reference = AdultCsv.Write(_dir, "a.csv", AdultCsv.Rows.Take(100));
        var current = AdultCsv.Write(_dir, "b.csv", AdultCsv.Rows.Skip(100).Take(100));
        var target = Path.Combine(_dir, "no-such-folder", "drift.json");

        var (code, output, error) = CliRunner.Invoke("drift", "-r", reference, "-c", current, "-o", target);

        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("columns drifted", output, StringComparison.Ordinal);
        Assert.Contains("no-such-folder", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(target)));
    }

    [Fact]
    public void Progress_Redirected_PlainLinesAtEachTenthAfterAQuietSecond()
    {
        using var writer = new StringWriter();
        var now = TimeSpan.Zero;
        var progress = new ProgressReporter(writer, "profiling", interactive: false, () => now);

        progress.Report(0.05, "first rows");
        for (var i = 1; i <= 100; i++)
        {
            now = TimeSpan.FromSeconds(1 + (i * 0.05));
            progress.Report(i / 100.0, $"{i * 120} rows");
        }

        progress.Done("12000 rows");

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Equal(["profiling: 1% (120 rows)", "profiling: 10% (1200 rows)", "profiling: 20% (2400 rows)"], lines[..3]);
        Assert.Equal("profiling: 100% (12000 rows)", lines[^2]);
        Assert.Equal("profiling: done (12000 rows)", lines[^1]);
        Assert.Equal(12, lines.Length);
    }

    [Fact]
    public void Progress_QuickStep_PrintsNothing_AndATerminalGetsOneRedrawnLine()
    {
        using var quiet = new StringWriter();
        var quick = new ProgressReporter(quiet, "reading", interactive: false, () => TimeSpan.FromMilliseconds(200));
        quick.Report(0.5, "half");
        quick.Done("done");

        using var terminal = new StringWriter();
        var now = TimeSpan.FromSeconds(2);
        var bar = new ProgressReporter(terminal, "umap", interactive: true, () => now);
        bar.Report(0.5, "half");
        now += TimeSpan.FromSeconds(1);
        bar.Report(1, "all");
        bar.Done("3 s");

        Assert.Empty(quiet.ToString());
        Assert.False(ProgressReporter.IsTerminal(quiet));
        var text = terminal.ToString();
        Assert.StartsWith("\rumap: [###############---------------]  50% half", text, StringComparison.Ordinal);
        Assert.Contains("\rumap: [##############################] 100% all", text, StringComparison.Ordinal);
        Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }
}
