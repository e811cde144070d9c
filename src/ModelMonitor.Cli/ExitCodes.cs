namespace ModelMonitor.Cli;

/// <summary>The exit codes every <c>modelmon</c> command uses.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and found what <c>--fail-on</c> asked it to fail on, or could not write its output.</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or bad input: a parse error (unknown option, missing required option), a missing or malformed file, a missing column, an unparsable value.</summary>
    public const int UsageOrInput = 2;
}
