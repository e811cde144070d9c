namespace ModelMonitor.Profiling;

/// <summary>How a CSV file is read (RFC 4180: quoted fields may hold separators, quotes doubled, and line breaks).</summary>
public sealed record CsvOptions
{
    /// <summary>Gets the options used unless told otherwise.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Gets the field separator.</summary>
    /// <value>The default value is ','.</value>
    public char Separator { get; init; } = ',';

    /// <summary>Gets a value indicating whether the first record names the columns.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool HasHeader { get; init; } = true;

    /// <summary>Gets the column names of a file without a header (ignored when <see cref="HasHeader"/> is set).</summary>
    /// <value>The default value is <see langword="null"/>: columns are named column1, column2, ...</value>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>Gets the field values that mean "missing" (compared after trimming, case-sensitive).</summary>
    /// <value>The default value is "", "?", "NA", "N/A", "null" and "NaN".</value>
    public IReadOnlyList<string> MissingTokens { get; init; } = ["", "?", "NA", "N/A", "null", "NaN"];

    /// <summary>Gets a value indicating whether spaces around unquoted fields are removed (as in files separated by ", ").</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool TrimWhitespace { get; init; } = true;

    /// <summary>Gets a value indicating whether a malformed record stops the read with a <see cref="InvalidDataException"/>; otherwise it is skipped and reported with its line number.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Strict { get; init; }
}
