using System.Globalization;
using System.IO.Compression;
using ModelMonitor.Drift;

namespace ModelMonitor.Tests.Drift.Detection;

/// <summary>The UCI Adult data set (Data/adult/adult.data.gz, see its README.md); "?" is read as missing.</summary>
internal sealed class AdultData
{
    public static readonly string[] Columns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
    ];

    private static readonly HashSet<string> NumericColumns = new(StringComparer.Ordinal)
    {
        "age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week",
    };

    private static readonly Lazy<AdultData> Instance = new(Read);

    private AdultData(List<string?[]> rows) => Rows = rows;

    public static AdultData Load() => Instance.Value;

    public IReadOnlyList<string?[]> Rows { get; }

    public static int IndexOf(string column) => Array.IndexOf(Columns, column);

    /// <summary>Builds one <see cref="DriftColumn"/> per Adult column from the selected rows.</summary>
    public List<DriftColumn> Select(Func<string?[], bool> predicate)
    {
        var rows = Rows.Where(predicate).ToList();
        var columns = new List<DriftColumn>(Columns.Length);
        for (var c = 0; c < Columns.Length; c++)
        {
            var name = Columns[c];
            if (NumericColumns.Contains(name))
            {
                columns.Add(DriftColumn.Numeric(name, rows.Select(r => r[c] is { } v ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : double.NaN).ToArray()));
            }
            else
            {
                columns.Add(DriftColumn.Categorical(name, rows.Select(r => r[c])));
            }
        }

        return columns;
    }

    private static AdultData Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "adult", "adult.data.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var rows = new List<string?[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(", ");
            if (parts.Length != Columns.Length)
            {
                throw new InvalidDataException($"adult.data line {rows.Count + 1} has {parts.Length} fields.");
            }

            rows.Add([.. parts.Select(p => p == "?" ? null : p)]);
        }

        return new AdultData(rows);
    }
}
