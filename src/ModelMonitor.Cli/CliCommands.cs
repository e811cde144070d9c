using System.CommandLine;
using ModelMonitor.Cli.Demo;
using ModelMonitor.Cli.Drift;
using ModelMonitor.Cli.Explanations;
using ModelMonitor.Cli.Profiling;
using ModelMonitor.Cli.Projection;
using ModelMonitor.Cli.Reporting;
using ModelMonitor.Cli.Tagging;
using ModelMonitor.Cli.Thresholds;

namespace ModelMonitor.Cli;

/// <summary>The <c>modelmon</c> command line: the root command and its subcommands.</summary>
internal static class CliCommands
{
    /// <summary>Creates the root command.</summary>
    /// <param name="runDemo">Runs the demo into an output folder; <see cref="DemoRunner.Run"/> by default (tests pass a stand-in).</param>
    /// <returns>The root command.</returns>
    public static RootCommand CreateRoot(Func<string, DemoResult>? runDemo = null)
    {
        var root = new RootCommand("""
            modelmon: monitor machine-learning models in production with ModelMonitor.

            Exit codes: 0 success; 1 findings that --fail-on asks to fail on (drift, schema violations) or an
            output that could not be written; 2 usage or input error (unknown option, missing file, malformed
            CSV line, unknown column). Results go to standard output (--format table|json), messages and
            progress to standard error.
            """);
        CommandHelp.SetExamples(
            root,
            "modelmon demo",
            "modelmon drift --reference train.csv --current serving.csv --fail-on drift",
            "modelmon <command> --help");
        root.Subcommands.Add(DemoCommand.Create(runDemo ?? DemoRunner.Run));
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ThresholdCommand.Create());
        root.Subcommands.Add(TagCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ProfileCommands.CreateProfile());
        root.Subcommands.Add(ProfileCommands.CreateValidate());
        root.Subcommands.Add(ProjectCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        CommandHelp.ShowExamples(root);
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A parse error (an unknown option, a missing required option or
    /// argument, a value outside its choices) is a usage error: each message goes to standard error,
    /// with a pointer to the command's help, and the exit code is <see cref="ExitCodes.UsageOrInput"/>
    /// (System.CommandLine's own handling would print the help to standard output and return 1, the
    /// code that means "findings").
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <param name="configuration">Where output and errors go; the console by default.</param>
    /// <param name="runDemo">Runs the demo (tests pass a stand-in); see <see cref="CreateRoot"/>.</param>
    /// <returns>The exit code.</returns>
    public static int Invoke(string[] args, InvocationConfiguration? configuration = null, Func<string, DemoResult>? runDemo = null)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = CreateRoot(runDemo).Parse(args);
        if (parseResult.Errors.Count == 0)
        {
            return parseResult.Invoke(configuration);
        }

        var command = parseResult.CommandResult.Command is RootCommand ? "modelmon" : "modelmon " + parseResult.CommandResult.Command.Name;
        foreach (var error in parseResult.Errors)
        {
            configuration.Error.WriteLine($"{command}: {error.Message}");
        }

        configuration.Error.WriteLine($"Run '{command} --help' for usage and examples.");
        return ExitCodes.UsageOrInput;
    }
}
