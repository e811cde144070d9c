using System.Text;
using ModelMonitor.Profiling;

namespace ModelMonitor.Cli.Csv;

/// <summary>
/// A whole CSV file in memory, column by column, missing tokens already turned into
/// <see langword="null"/>. Parsing is the core library's reader (the one profiles use); a malformed
/// line stops the read with an error naming the file and the line, because a dropped or shifted row
/// would silently change the comparison a command makes.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    private CsvTable(string path, string[] header, List<string?>[] columns, long rows)
    {
        Path = path;
        Header = header;
        Columns = columns;
        RowCount = rows;
        _index = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _index[header[i]] = i;
        }
    }

    /// <summary>The file the table was read from.</summary>
    public string Path { get; }

    /// <summary>The column names, in file order.</summary>
    public string[] Header { get; }

    /// <summary>Each column's fields (<see langword="null"/> = missing), in file order.</summary>
    public IReadOnlyList<List<string?>> Columns { get; }

    /// <summary>The number of data rows.</summary>
    public long RowCount { get; }

    /// <summary>The index of a column, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Reads a file (a .gz name is decompressed), reporting progress by bytes read.</summary>
    /// <exception cref="CsvInputException">The file is missing, empty, has a duplicate or empty column name, or a malformed line.</exception>
    public static CsvTable Read(string path, CsvOptions options, ProgressReporter progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new CsvInputException($"'{path}' does not exist.");
        }

        using var stream = ProgressStream.Open(path, progress);
        using var text = new StreamReader(stream, Encoding.UTF8);
        using var reader = new CsvReader(text, options.Separator, options.TrimWhitespace);
        var missing = new HashSet<string>(options.MissingTokens, StringComparer.Ordinal);
        var pending = false;
        string[] header;
        if (!reader.Read())
        {
            throw new CsvInputException($"'{path}' is empty.");
        }

        if (options.HasHeader)
        {
            if (reader.Error is { } error)
            {
                throw new CsvInputException($"'{path}' line {reader.RecordLine} (the header): {error}.");
            }

            header = new string[reader.FieldCount];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = reader.Field(i).ToString();
                if (header[i].Length == 0)
                {
                    throw new CsvInputException($"'{path}' line {reader.RecordLine}: the header names no column {i + 1}.");
                }
            }
        }
        else
        {
            pending = true;
            header = options.ColumnNames is { } names ? [.. names] : [.. Enumerable.Range(1, reader.FieldCount).Select(i => $"column{i}")];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!seen.Add(name))
            {
                throw new CsvInputException($"'{path}': the header names column '{name}' twice.");
            }
        }

        var columns = new List<string?>[header.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = [];
        }

        long rows = 0;
        while (pending || reader.Read())
        {
            pending = false;
            if (reader.Error is { } error)
            {
                throw new CsvInputException($"'{path}' line {reader.RecordLine}: {error}.");
            }

            if (reader.FieldCount != header.Length)
            {
                throw new CsvInputException($"'{path}' line {reader.RecordLine}: {reader.FieldCount} fields, but the header has {header.Length}.");
            }

            for (var i = 0; i < header.Length; i++)
            {
                var field = reader.Field(i).ToString();
                columns[i].Add(missing.Contains(field) ? null : field);
            }

            rows++;
        }

        return new CsvTable(path, header, columns, rows);
    }
}
