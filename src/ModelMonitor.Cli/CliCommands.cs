using System.CommandLine;
using ModelMonitor.Cli.Demo;
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
        var root = new RootCommand("modelmon: monitor machine-learning models in production with ModelMonitor.");
        root.Subcommands.Add(DemoCommand.Create(runDemo ?? DemoRunner.Run));
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ThresholdCommand.Create());
        root.Subcommands.Add(TagCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ProfileCommands.CreateProfile());
        root.Subcommands.Add(ProfileCommands.CreateValidate());
        root.Subcommands.Add(ProjectCommand.Create());
        return root;
    }
}
