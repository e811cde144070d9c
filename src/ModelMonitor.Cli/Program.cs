namespace ModelMonitor.Cli;

internal static class Program
{
    private static int Main(string[] args) => CliCommands.Invoke(args);
}
