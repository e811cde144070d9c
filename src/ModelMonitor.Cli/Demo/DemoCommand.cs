using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace ModelMonitor.Cli.Demo;

/// <summary>The <c>demo</c> command: the main job, every monitor on the bundled sentiment data.</summary>
internal static class DemoCommand
{
    /// <summary>Where <c>demo</c> writes unless <c>--output</c> says otherwise.</summary>
    public const string DefaultOutput = "modelmon-demo";

    /// <summary>Creates the command.</summary>
    /// <param name="runDemo">Runs the demo into a folder.</param>
    /// <returns>The command.</returns>
    public static Command Create(Func<string, DemoResult> runDemo)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The folder to write report.html, snapshot.json (the report data), model.zip and the projected points into; created if missing.",
            HelpName = "dir",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var format = Formats.Option();
        var demo = new Command(
            "demo",
            "Train a sentiment classifier on bundled Amazon reviews, serve its holdout and then Yelp reviews through every monitor (rolling statistics, drift, schema, thresholds, tagging, projection, explanations, robustness, profile), print what moved, and write an HTML report.");
        CommandHelp.SetExamples(demo, "modelmon demo", "modelmon demo --output /tmp/demo", "modelmon demo --format json");
        demo.Options.Add(output);
        demo.Options.Add(format);
        demo.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(output);
            if (string.IsNullOrWhiteSpace(path))
            {
                stderr.WriteLine("modelmon demo: --output needs a folder.");
                return ExitCodes.UsageOrInput;
            }

            var stopwatch = Stopwatch.StartNew();
            DemoResult result;
            try
            {
                result = runDemo(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"modelmon demo: cannot write into '{path}': {e.Message}");
                return ExitCodes.Findings;
            }

            if (parseResult.GetValue(format) == Formats.Json)
            {
                stdout.Write(Formats.WriteJson(json =>
                {
                    json.WriteString("outputDirectory", result.OutputDirectory);
                    json.WriteString("report", result.ReportPath);
                    json.WriteString("snapshot", result.SnapshotPath);
                    json.WriteString("model", result.ModelPath);
                    json.WriteNumber("alerts", result.Report.Alerts.Count);
                    json.WriteNumber("driftedColumns", result.Drift.DriftedColumns);
                    json.WriteNumber("seconds", Math.Round(stopwatch.Elapsed.TotalSeconds, 1));
                }));
                return ExitCodes.Success;
            }

            DemoReport.Write(result, stdout);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {stopwatch.Elapsed.TotalSeconds:0.0} s. Open the report: {result.ReportPath}"));
            return ExitCodes.Success;
        });
        return demo;
    }
}
