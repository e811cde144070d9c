using System.CommandLine;
using ModelMonitor.Profiling;

namespace ModelMonitor.Cli.Csv;

/// <summary>The CSV reading options of the commands that read whole data files (profile, validate, drift).</summary>
internal sealed class CsvReadingOptions
{
    private readonly Option<string?> _separator = new("--separator") { Description = "The field separator (default ','; \\t for tabs).", HelpName = "char" };
    private readonly Option<bool> _noHeader = new("--no-header") { Description = "The file has no header line; columns are named column1, column2, ..." };
    private readonly Option<string[]> _missing = new("--missing") { Description = "A token meaning missing (repeatable; default: \"\", ?, NA, N/A, null, NaN).", HelpName = "token", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _strict = new("--strict") { Description = "Stop at the first malformed line instead of skipping and reporting it." };
    private readonly bool _withStrict;

    /// <summary>Creates the options.</summary>
    /// <param name="withStrict">Whether to offer <c>--strict</c>; commands that always stop at a malformed line leave it out.</param>
    public CsvReadingOptions(bool withStrict = true) => _withStrict = withStrict;

    public void AddTo(Command command)
    {
        command.Options.Add(_separator);
        command.Options.Add(_noHeader);
        command.Options.Add(_missing);
        if (_withStrict)
        {
            command.Options.Add(_strict);
        }
    }

    /// <exception cref="ArgumentException">The separator is not one character.</exception>
    public CsvOptions Read(ParseResult parseResult)
    {
        var options = CsvOptions.Default;
        if (parseResult.GetValue(_separator) is { } separator)
        {
            var text = separator == "\\t" ? "\t" : separator;
            if (text.Length != 1)
            {
                throw new ArgumentException($"--separator must be one character, not '{separator}'.");
            }

            options = options with { Separator = text[0] };
        }

        if (parseResult.GetValue(_missing) is { Length: > 0 } tokens)
        {
            options = options with { MissingTokens = tokens };
        }

        return options with { HasHeader = !parseResult.GetValue(_noHeader), Strict = _withStrict && parseResult.GetValue(_strict) };
    }
}
