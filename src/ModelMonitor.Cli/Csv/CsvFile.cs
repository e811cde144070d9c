using System.Globalization;
using System.Text;

using ModelMonitor.Profiling;

namespace ModelMonitor.Cli.Csv;

/// <summary>One data row of a CSV file: its fields and the line it starts on (1-based, the header is line 1).</summary>
internal readonly record struct CsvRow(long Line, string[] Fields);

/// <summary>A CSV input error that names the file, the line and, where it applies, the column.</summary>
internal sealed class CsvInputException(string message) : Exception(message);

/// <summary>
/// A CSV file of model outputs: its header, then its rows as strings, streamed. Parsing (RFC 4180:
/// quotes, doubled quotes, line breaks inside quotes, CRLF or LF) is the core library's reader, the
/// one profiles use. A malformed row, or one with a different number of fields than the header,
/// is an error naming its line: a shifted row would put values under the wrong column.
/// </summary>
internal sealed class CsvFile
{
    private readonly string _path;

    private CsvFile(string path, string[] header)
    {
        _path = path;
        Header = header;
    }

    /// <summary>The column names, in file order.</summary>
    public string[] Header { get; }

    /// <summary>Opens a file and reads its header.</summary>
    /// <exception cref="CsvInputException">The file is missing, empty or its header is malformed.</exception>
    public static CsvFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CsvInputException($"'{path}' does not exist.");
        }

        using var text = new StreamReader(path, Encoding.UTF8);
        using var reader = new CsvReader(text, ',', trim: true);
        var header = Next(reader, path) ?? throw new CsvInputException($"'{path}' is empty; a header row is needed.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header.Fields)
        {
            if (!seen.Add(name))
            {
                throw new CsvInputException($"'{path}': the header names column '{name}' twice.");
            }
        }

        return new CsvFile(path, header.Fields);
    }

    /// <summary>The index of a named column.</summary>
    /// <exception cref="CsvInputException">The column is absent; the message lists those present.</exception>
    public int Column(string name, string option)
    {
        var index = Array.IndexOf(Header, name);
        return index >= 0
            ? index
            : throw new CsvInputException($"'{_path}' has no column '{name}' (given by {option}). Columns: {string.Join(", ", Header)}.");
    }

    /// <summary>Streams the data rows (blank lines are skipped).</summary>
    /// <exception cref="CsvInputException">A row is malformed or has the wrong number of fields.</exception>
    public IEnumerable<CsvRow> Rows()
    {
        using var text = new StreamReader(_path, Encoding.UTF8);
        using var reader = new CsvReader(text, ',', trim: true);
        _ = Next(reader, _path);
        while (Next(reader, _path) is { } row)
        {
            if (row.Fields.Length != Header.Length)
            {
                throw new CsvInputException($"'{_path}' line {row.Line}: {row.Fields.Length} fields, but the header has {Header.Length}.");
            }

            yield return row;
        }
    }

    /// <summary>Parses a culture-invariant number.</summary>
    public static bool TryNumber(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static CsvRow? Next(CsvReader reader, string path)
    {
        if (!reader.Read())
        {
            return null;
        }

        if (reader.Error is { } error)
        {
            throw new CsvInputException($"'{path}' line {reader.RecordLine}: {error}.");
        }

        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.Field(i).ToString();
        }

        return new CsvRow(reader.RecordLine, fields);
    }
}
