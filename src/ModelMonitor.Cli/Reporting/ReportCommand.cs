using System.CommandLine;
using System.Text.Json;
using ModelMonitor.Reporting;

namespace ModelMonitor.Cli.Reporting;

/// <summary>The <c>report</c> command: renders report data (or a bare monitor snapshot) as the self-contained HTML report.</summary>
internal static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var snapshot = new Option<FileInfo>("--snapshot", "-s")
        {
            Description = "The report data: snapshot.json as `modelmon demo` writes it (MonitorReport JSON), or one monitor's snapshot JSON.",
            HelpName = "file",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the HTML page; written to a temporary file first, then renamed.",
            HelpName = "file",
            DefaultValueFactory = _ => "report.html",
        };
        var title = new Option<string?>("--title")
        {
            Description = "Replaces the report's title.",
            HelpName = "text",
        };
        var maxPoints = new Option<int>("--max-points")
        {
            Description = "The most points a projection scatter draws; more are sampled (seeded) and the plot says so.",
            HelpName = "n",
            DefaultValueFactory = _ => new HtmlReportOptions().MaxScatterPoints,
        };
        var command = new Command(
            "report",
            "Render report data as one self-contained HTML page (inline charts, no script, no network), every section drawn from the snapshots.");
        CommandHelp.SetExamples(command, "modelmon report --snapshot modelmon-demo/snapshot.json -o report.html", "modelmon report -s monitor-snapshot.json -o monitor.html --title \"Checkout model, week 48\"");
        command.Options.Add(snapshot);
        command.Options.Add(output);
        command.Options.Add(title);
        command.Options.Add(maxPoints);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetValue(snapshot)!;
            var target = parseResult.GetValue(output);
            if (string.IsNullOrWhiteSpace(target))
            {
                stderr.WriteLine("modelmon report: --output needs a file path.");
                return ExitCodes.UsageOrInput;
            }

            if (parseResult.GetValue(maxPoints) < 1)
            {
                stderr.WriteLine("modelmon report: --max-points must be at least 1.");
                return ExitCodes.UsageOrInput;
            }

            MonitorReport report;
            try
            {
                report = MonitorReport.FromJson(File.ReadAllText(file.FullName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"modelmon report: cannot read '{file.FullName}': {e.Message}");
                return ExitCodes.UsageOrInput;
            }
            catch (JsonException e)
            {
                stderr.WriteLine($"modelmon report: '{file.FullName}' is not report data: {e.Message}");
                return ExitCodes.UsageOrInput;
            }

            if (parseResult.GetValue(title) is { Length: > 0 } newTitle)
            {
                report = report with { Title = newTitle };
            }

            try
            {
                HtmlReportWriter.WriteFile(report, target, new HtmlReportOptions { MaxScatterPoints = parseResult.GetValue(maxPoints) });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"modelmon report: cannot write '{target}': {e.Message}");
                return ExitCodes.Findings;
            }

            stdout.WriteLine($"Report written to {Path.GetFullPath(target)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
