using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace ModelMonitor.Cli;

/// <summary>
/// Examples at the end of a command's <c>--help</c>, after its options, where people look for them.
/// They are kept apart from the description so the root's list of commands stays one summary each.
/// </summary>
internal static class CommandHelp
{
    private static readonly ConditionalWeakTable<Command, string[]> ExamplesByCommand = [];

    /// <summary>Sets the example command lines shown at the end of <paramref name="command"/>'s help.</summary>
    public static void SetExamples(Command command, params string[] examples)
    {
        ArgumentNullException.ThrowIfNull(command);
        ExamplesByCommand.AddOrUpdate(command, examples);
    }

    /// <summary>The examples of a command; empty when it has none.</summary>
    public static IReadOnlyList<string> Examples(Command command) => ExamplesByCommand.TryGetValue(command, out var examples) ? examples : [];

    /// <summary>Makes the root's help option, which every subcommand inherits, end with the examples of the command asked about.</summary>
    public static void ShowExamples(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);
    }

    private sealed class ExamplesHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        // As the standard help does: `drift --help` must show help, not complain that --reference is missing.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            var examples = Examples(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            return code;
        }
    }
}
