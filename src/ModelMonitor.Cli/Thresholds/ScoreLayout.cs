using System.Globalization;
using ModelMonitor.Cli.Csv;

namespace ModelMonitor.Cli.Thresholds;

/// <summary>
/// How a CSV file of model outputs is laid out: one probability column for a binary model, or one
/// column per class, and the optional label, id, predicted-class and cohort columns.
/// </summary>
internal sealed class ScoreLayout
{
    private ScoreLayout(CsvFile file, int[] scores, string[] classNames)
    {
        File = file;
        Scores = scores;
        ClassNames = classNames;
    }

    public CsvFile File { get; }

    /// <summary>The score columns: one (binary, the probability of class 1) or one per class.</summary>
    public int[] Scores { get; }

    /// <summary>The class names, by class index.</summary>
    public string[] ClassNames { get; }

    public bool IsBinary => Scores.Length == 1;

    public int ClassCount => ClassNames.Length;

    /// <summary>Resolves <c>--score-column</c> (binary) or <c>--score-columns</c> (one per class, in class order).</summary>
    public static ScoreLayout Resolve(CsvFile file, string? scoreColumn, string? scoreColumns, string? classNames)
    {
        if ((scoreColumn is null) == (scoreColumns is null))
        {
            throw new CsvInputException("Give exactly one of --score-column (binary: the probability of class 1) and --score-columns (one column per class, in class order).");
        }

        if (scoreColumn is not null)
        {
            var names = Split(classNames) ?? ["0", "1"];
            if (names.Length != 2)
            {
                throw new CsvInputException($"--classes names {names.Length} classes; a binary model (--score-column) has 2.");
            }

            return new ScoreLayout(file, [file.Column(scoreColumn, "--score-column")], names);
        }

        var columns = Split(scoreColumns)!;
        if (columns.Length < 2)
        {
            throw new CsvInputException("--score-columns needs at least two columns (one per class); for one probability column use --score-column.");
        }

        var classes = Split(classNames) ?? columns;
        if (classes.Length != columns.Length)
        {
            throw new CsvInputException($"--classes names {classes.Length} classes but --score-columns gives {columns.Length}.");
        }

        return new ScoreLayout(file, [.. columns.Select(c => file.Column(c, "--score-columns"))], classes);
    }

    /// <summary>Reads a row's scores into <paramref name="destination"/>; false with a reason when a field is not a number.</summary>
    public bool TryScores(CsvRow row, Span<double> destination, out string? error)
    {
        for (var k = 0; k < Scores.Length; k++)
        {
            var field = row.Fields[Scores[k]];
            if (!CsvFile.TryNumber(field, out var value) || double.IsNaN(value))
            {
                error = $"line {row.Line}: column '{File.Header[Scores[k]]}' holds '{field}', not a number.";
                return false;
            }

            destination[k] = value;
        }

        error = null;
        return true;
    }

    /// <summary>Reads a row's scores in single precision, as prediction records carry them.</summary>
    public bool TryScores(CsvRow row, Span<float> destination, out string? error)
    {
        Span<double> values = stackalloc double[Scores.Length];
        if (!TryScores(row, values, out error))
        {
            return false;
        }

        for (var k = 0; k < values.Length; k++)
        {
            destination[k] = (float)values[k];
        }

        return true;
    }

    /// <summary>Parses a label: a class name, or a class index; for binary models also true/false and yes/no.</summary>
    public bool TryLabel(string field, out int label)
    {
        var index = Array.IndexOf(ClassNames, field);
        if (index >= 0)
        {
            label = index;
            return true;
        }

        if (int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out label) && (uint)label < (uint)ClassCount)
        {
            return true;
        }

        if (IsBinary)
        {
            switch (field.Trim().ToUpperInvariant())
            {
                case "TRUE" or "YES" or "POSITIVE":
                    label = 1;
                    return true;
                case "FALSE" or "NO" or "NEGATIVE":
                    label = 0;
                    return true;
            }
        }

        label = -1;
        return false;
    }

    private static string[]? Split(string? list) =>
        list is null ? null : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
