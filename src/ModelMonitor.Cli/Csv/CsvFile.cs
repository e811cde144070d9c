using System.Globalization;
using System.Text;

namespace ModelMonitor.Cli.Csv;

/// <summary>One data row of a CSV file: its fields and the line it starts on (1-based, the header is line 1).</summary>
internal readonly record struct CsvRow(long Line, string[] Fields);

/// <summary>A CSV input error that names the file, the line and, where it applies, the column.</summary>
internal sealed class CsvInputException(string message) : Exception(message);

/// <summary>
/// Reads RFC 4180 CSV: a header row, comma-separated fields, double quotes around fields that hold
/// commas, quotes (doubled) or line breaks; CRLF or LF line ends. Rows stream, so a file larger than
/// memory can be read. A row with a different number of fields than the header is an error naming
/// its line: a shifted row would put values under the wrong column.
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

        using var reader = new StreamReader(path, Encoding.UTF8);
        var line = 1L;
        var header = ReadRecord(reader, path, ref line) ?? throw new CsvInputException($"'{path}' is empty; a header row is needed.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!seen.Add(name))
            {
                throw new CsvInputException($"'{path}': the header names column '{name}' twice.");
            }
        }

        return new CsvFile(path, header);
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

    /// <summary>Streams the data rows.</summary>
    /// <exception cref="CsvInputException">A row is malformed or has the wrong number of fields.</exception>
    public IEnumerable<CsvRow> Rows()
    {
        using var reader = new StreamReader(_path, Encoding.UTF8);
        var line = 1L;
        _ = ReadRecord(reader, _path, ref line);
        while (true)
        {
            var start = line;
            var fields = ReadRecord(reader, _path, ref line);
            if (fields is null)
            {
                yield break;
            }

            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Length != Header.Length)
            {
                throw new CsvInputException($"'{_path}' line {start}: {fields.Length} fields, but the header has {Header.Length}.");
            }

            yield return new CsvRow(start, fields);
        }
    }

    /// <summary>Parses a culture-invariant number.</summary>
    public static bool TryNumber(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads one record; null at the end of the file. <paramref name="line"/> advances past the record's line breaks.</summary>
    private static string[]? ReadRecord(TextReader reader, string path, ref long line)
    {
        var first = reader.Peek();
        if (first < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var start = line;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new CsvInputException($"'{path}' line {start}: a quoted field is never closed.");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r' or -1:
                    line++;
                    fields.Add(field.ToString());
                    return [.. fields];
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }
}
